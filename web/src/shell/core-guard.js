// Shared by the browser and the mini-program shells: the core as they use
// it. The module has one entry point, call(method, argsJson), and the wire
// (core/src/wire.cpp) answers JSON; here each wire method becomes a function
// that takes plain JS values and returns the parsed answer. A trap inside the
// module (an abort leaves it in an undefined state) is reported once; from
// then on every call answers what the wire says a core that is not there
// answers (DEAD_ANSWERS, generated from the wire): no consent, nothing to
// send, and null for pending, visitor and their restores, so that a shell
// leaves what it stored alone: a fault never deletes unsent events. A call
// the wire could not read (a shell's bug: an argument of the wrong type) is
// reported and answered as the dead core would, so an error object is never
// taken for a prompt model or a batch; only the REFUSING methods answer errors.
import { DEAD_ANSWERS, REFUSING } from './wire-names.js';

/**
 * @typedef {{
 *   call(method: string, argsJson: string): string,
 *   ingest(packed: string, now: number): object,
 *   takeBatch(now: number): { id: string, body: string } | null,
 * }} AssentBound
 */

/**
 * @param {AssentBound} bound the module's Core (wasm/core.js)
 * @param {(error: unknown) => void} onFault called once, on the first trap
 * @returns {Record<string, (...args: any[]) => any>}
 */
export function guardCore(bound, onFault) {
  /** @type {Record<string, string>} */
  const deadAnswers = DEAD_ANSWERS;
  // The batch path's own entries: its bulk text never goes through JSON.
  /** @type {Record<string, (...args: any[]) => any>} */
  const hot = {
    ingest: (packed, now) => bound.ingest(packed, now),
    takeBatch: (now) => bound.takeBatch(now),
  };
  let dead = false;
  /** @type {Record<string, (...args: any[]) => any>} */
  const core = {};
  for (const name of Object.keys(deadAnswers)) {
    const viaWire = (/** @type {any[]} */ ...args) => JSON.parse(bound.call(name, JSON.stringify(args)));
    const run = hot[name] || viaWire;
    const refuses = REFUSING.includes(name);
    core[name] = (...args) => {
      if (!dead) {
        try {
          const answer = run(...args);
          if (refuses || !answer || typeof answer.error !== 'string') return answer;
          console.error(`Assent: core.${name} refused its arguments (${answer.error})`);
        } catch (error) {
          dead = true;
          onFault(error);
        }
      }
      return JSON.parse(deadAnswers[name]);
    };
  }
  return core;
}
