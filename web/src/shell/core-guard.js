// Shared by the browser and the mini-program shells. Wraps a bound Core so
// that a trap inside the module (an abort leaves it in an undefined state) is
// reported once and then answered as a core that failed to load answers: no
// consent, nothing to send. pending, visitor and their restores answer null,
// not a string, so a shell leaves what it stored alone: a fault never
// deletes unsent events, nor writes.

const NOTHING_TO_DELETE = '{"cookies":[],"storageKeys":[]}';

/** @type {Record<string, unknown>} */
const FAULT_ANSWERS = {
  restore: 'core unavailable',
  stored: '',
  storedCurrent: '',
  needsPrompt: false,
  promptModel: 'null',
  choose: 'core unavailable',
  withdraw: 'core unavailable',
  setGpc: undefined,
  decidePermission: 'core unavailable',
  permissionState: 'unset',
  permissionStep: 'refused',
  consentMode: 'null',
  accepted: false,
  recordJson: 'null',
  exportRecords: 'null',
  erase: NOTHING_TO_DELETE,
  storageToClear: NOTHING_TO_DELETE,
  track: -1,
  ingest: '{"forwarded":0,"held":0,"refused":0,"dropped":0,"unknown":[]}',
  setClient: false,
  takeBatch: '',
  settleBatch: undefined,
  pending: null,
  restorePending: null,
  visitor: null,
  restoreVisitor: null,
  trackerSettings: 'null',
  held: 0,
  queued: 0,
};

/**
 * @param {Record<string, Function>} core the bound module object
 * @param {(error: unknown) => void} onFault called once, on the first trap
 * @returns {Record<string, (...args: any[]) => unknown>}
 */
export function guardCore(core, onFault) {
  let dead = false;
  /** @type {Record<string, (...args: any[]) => unknown>} */
  const guarded = {};
  for (const name of Object.keys(FAULT_ANSWERS)) {
    guarded[name] = (...args) => {
      if (dead) return FAULT_ANSWERS[name];
      try {
        return core[name].apply(core, args);
      } catch (error) {
        dead = true;
        onFault(error);
        return FAULT_ANSWERS[name];
      }
    };
  }
  return guarded;
}

/**
 * Runs the Emscripten factory and settles exactly once. The glue's own
 * promise never settles when instantiation fails, so every failure path
 * (a throw in `start`, a failed instantiate, an abort) must reject here.
 * @template T
 * @param {(fail: (why: unknown) => void) => PromiseLike<T>} start
 * @returns {Promise<T>}
 */
export function loadOnce(start) {
  return new Promise((resolve, reject) => {
    let settled = false;
    /** @param {unknown} why */
    const fail = (why) => {
      if (settled) return;
      settled = true;
      reject(why instanceof Error ? why : new Error(String(why)));
    };
    /** @type {PromiseLike<T>} */
    let factory;
    try {
      factory = start(fail);
    } catch (error) {
      fail(error);
      return;
    }
    factory.then((mod) => {
      if (settled) return;
      settled = true;
      resolve(mod);
    }, fail);
  });
}
