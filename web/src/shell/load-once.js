// Shared by the browser and the mini-program shells' module loaders. A file
// of its own so that a chunk loading a module (the TCF/GPP one) does not
// carry the core's wire tables (core-guard.js) with it.

/**
 * Runs a module's factory (wasm/runtime.js) and settles exactly once. Its own
 * promise rejects when the instance fails to start, but never settles when
 * the instantiateWasm hook itself fails, so every failure path (a throw in
 * `start`, a failed instantiate, an abort) must reject here.
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
