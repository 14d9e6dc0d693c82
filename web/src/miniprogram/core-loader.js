// Loads the WASM core in a mini-program. Its factory (wasm/runtime.js) is bundled (see
// build-miniprogram.mjs); the module comes from a file inside the code package
// through WXWebAssembly.instantiate(path, imports), which accepts a package
// path only (no URL, no bytes) and reads .wasm.br from base library 2.14.0.
import AssentCore from 'assent-core-glue';
import { guardCore as guardBound } from '../shell/core-guard.js';
import { loadOnce } from '../shell/load-once.js';
import { utf8 } from './utf8.js';

/**
 * @param {string} wasmPath absolute path inside the package, e.g. "/assent/assent.wasm.br"
 * @returns {Promise<AssentCore.Module>}
 */
export function loadCoreModule(wasmPath) {
  return loadOnce((fail) => {
    if (typeof WXWebAssembly === 'undefined' || !WXWebAssembly || typeof WXWebAssembly.instantiate !== 'function') {
      throw new Error('WXWebAssembly is not available (WeChat base library 2.14.0 or newer is needed)');
    }
    if (!/^\/[^:]*\.wasm(\.br)?$/.test(wasmPath)) {
      throw new Error(`wasmPath "${wasmPath}" must be an absolute path inside the package ending in .wasm or .wasm.br`);
    }
    return AssentCore({
      instantiateWasm(imports, done) {
        WXWebAssembly.instantiate(wasmPath, imports).then((result) => {
          // Documented as WebAssembly.instantiate's { instance, module };
          // the typings say Instance. Accept both.
          const out = /** @type {{ instance?: WXWebAssembly.Instance, module?: WXWebAssembly.Module }} */ (
            /** @type {unknown} */ (result)
          );
          done(out.instance || result, out.module);
        }, fail);
        return {};
      },
      onAbort: (what) => fail(new Error(`core aborted: ${what}`)),
      utf8,
    });
  });
}

/**
 * The shells' shared guard (web/src/shell/core-guard.js), typed for this one:
 * each wire method as a function of plain values answering parsed JSON.
 * @param {AssentCore.Bound} bound
 * @param {(error: unknown) => void} onFault
 * @returns {AssentCore.Core}
 */
export function guardCore(bound, onFault) {
  return /** @type {AssentCore.Core} */ (/** @type {unknown} */ (guardBound(bound, onFault)));
}
