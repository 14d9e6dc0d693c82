// Delivers the batches the core releases and tells the core how each went,
// for both shells. The core owns the queue: takeBatch() moves events in
// flight, and settleBatch(id, delivered) either forgets them or puts them
// back, to be asked again against consent before they are taken again
// (so a withdrawal in between purges them). This file only decides when to
// carry them:
//   - every flush interval, and at once when a full batch is waiting;
//   - a few batches in flight at a time;
//   - on a network error, a 5xx, 408 or 429: the batch goes back and sending
//     pauses with exponential backoff and jitter; on another 4xx the batch is
//     dropped (sending it again cannot help) with one console warning;
//   - when the page or app is being hidden: everything now, paused or not,
//     by beacon where the platform has one.
// Ports (each shell passes its own):
//   post(url, body) → Promise<{ outcome: Delivery, status: number }>
//   beacon(url, body) → bool (optional: the platform's unload-safe send)
//   timers: { setInterval, clearInterval, setTimeout, clearTimeout }
//   now() → ms; random() → [0, 1); warn(message)
//   beforeTake(): hands captured events to the core first
//   onSettled(): the core's pending set changed (to persist it)
import { Delivery } from './names.js';

const MAX_IN_FLIGHT = 4;
const MAX_BATCHES_ON_HIDE = 20;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 60000;

/**
 * Exponential backoff with "equal jitter": half the step, plus a random share
 * of the other half, so that many clients coming back online spread out.
 * @param {number} failures @param {() => number} [random]
 */
export function backoffMs(failures, random = Math.random, base = BACKOFF_BASE_MS, max = BACKOFF_MAX_MS) {
  const step = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return step / 2 + random() * (step / 2);
}

/**
 * @typedef {{ outcome: string, status: number }} Posted
 * @typedef {{
 *   setInterval: (fn: () => void, ms: number) => any,
 *   clearInterval: (id: any) => void,
 *   setTimeout: (fn: () => void, ms: number) => any,
 *   clearTimeout: (id: any) => void,
 * }} Timers
 * @param {{
 *   url: string,
 *   intervalMs: number,
 *   core: { takeBatch(now: number): { id: string, body: string } | null, settleBatch(id: string, delivered: boolean): unknown },
 *   post: (url: string, body: string) => Promise<Posted>,
 *   beacon?: ((url: string, body: string) => boolean) | null,
 *   timers: Timers,
 *   now: () => number,
 *   random?: () => number,
 *   warn: (message: string) => void,
 *   beforeTake?: () => void,
 *   onSettled?: () => void,
 * }} ports
 */
export function createDelivery({ url, intervalMs, core, post, beacon = null, timers, now, random = Math.random, warn, beforeTake = () => {}, onSettled = () => {} }) {
  /** @type {Map<string, 'post' | 'beacon'>} batch id → how it went out */
  const inFlight = new Map();
  let failures = 0;
  let pausedUntil = 0;
  /** @type {any} */
  let interval = null;
  /** @type {any} */
  let wake = null;
  let refusedWarned = false;

  /** @param {number} ms */
  function wakeIn(ms) {
    if (wake !== null) timers.clearTimeout(wake);
    wake = timers.setTimeout(() => {
      wake = null;
      pump();
    }, Math.max(0, ms));
  }

  /** @param {string} id @param {Posted} posted */
  function settled(id, { outcome, status }) {
    if (inFlight.get(id) !== 'post') return;
    inFlight.delete(id);
    if (outcome === Delivery.Failed) {
      core.settleBatch(id, false);
      failures += 1;
      const delay = backoffMs(failures, random);
      pausedUntil = now() + delay;
      onSettled();
      wakeIn(delay);
      return;
    }
    core.settleBatch(id, true); // sent, or refused for good
    if (outcome === Delivery.Refused && !refusedWarned) {
      refusedWarned = true;
      warn(`Assent: the collector refused a batch (HTTP ${status}); its events are not sent again`);
    }
    if (outcome === Delivery.Sent) {
      failures = 0;
      pausedUntil = 0;
    }
    onSettled();
    if (outcome === Delivery.Sent) wakeIn(0); // more may be waiting
  }

  /** @param {{ id: string, body: string }} batch */
  function send(batch) {
    inFlight.set(batch.id, 'post');
    post(url, batch.body).then((posted) => settled(batch.id, posted));
  }

  // Sends what the core releases, a few batches at a time; force: even while
  // paused (the page is being hidden: this may be the last chance).
  function pump(force = false) {
    if (interval === null) return;
    if (!force && now() < pausedUntil) return;
    beforeTake();
    while (inFlight.size < MAX_IN_FLIGHT) {
      const batch = core.takeBatch(now());
      if (!batch) break;
      send(batch);
    }
  }

  return {
    start() {
      if (interval !== null) return;
      interval = timers.setInterval(() => pump(), Math.max(100, intervalMs));
    },
    stop() {
      if (interval !== null) timers.clearInterval(interval);
      if (wake !== null) timers.clearTimeout(wake);
      interval = null;
      wake = null;
    },
    pump,
    // A full batch is waiting: send it now rather than at the next tick.
    soon() {
      if (interval !== null && wake === null && now() >= pausedUntil) wakeIn(0);
    },
    // Being hidden or unloaded: everything now, paused or not, past the
    // in-flight limit (this may be the last chance). By beacon where the
    // platform has one: beaconed batches stay in flight, their events are
    // kept with the rest and go again after a reload, and the collector
    // drops the duplicates (a beacon's acceptance does not say it arrived).
    hidden() {
      if (interval === null) return;
      beforeTake();
      for (let i = 0; i < MAX_BATCHES_ON_HIDE; i += 1) {
        const batch = core.takeBatch(now());
        if (!batch) break;
        if (beacon && beacon(url, batch.body)) inFlight.set(batch.id, 'beacon');
        else send(batch);
      }
    },
    // Back from the back/forward cache: what was beaconed goes again.
    shownAgain() {
      for (const [id, how] of Array.from(inFlight)) {
        if (how !== 'beacon') continue;
        inFlight.delete(id);
        core.settleBatch(id, false);
      }
      onSettled();
      pump(true);
    },
    // The network is back: no reason left to wait.
    online() {
      pausedUntil = 0;
      failures = 0;
      pump();
    },
  };
}
