// Loads the WASM core. The Emscripten glue is bundled (see build.mjs: the
// import below resolves to build/wasm/wasm/assent_core.js); the .wasm is
// fetched from beside assent.js. A failure rejects instead of leaving the
// glue's own promise pending forever.
import AssentCore from 'assent-core-glue';

function instantiate(win, wasmUrl, imports) {
  return win.fetch(wasmUrl, { credentials: 'same-origin' }).then((response) => {
    if (!response.ok) throw new Error(`${wasmUrl}: HTTP ${response.status}`);
    const type = response.headers.get('Content-Type') || '';
    if (typeof WebAssembly.instantiateStreaming === 'function' && type.startsWith('application/wasm')) {
      return WebAssembly.instantiateStreaming(response, imports);
    }
    return response.arrayBuffer().then((bytes) => WebAssembly.instantiate(bytes, imports));
  });
}

export function loadCoreModule(win, wasmUrl) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      reject(why instanceof Error ? why : new Error(String(why)));
    };
    let factory;
    try {
      factory = AssentCore({
        locateFile: () => wasmUrl,
        instantiateWasm(imports, done) {
          instantiate(win, wasmUrl, imports).then((result) => done(result.instance, result.module), fail);
          return {};
        },
        onAbort: (what) => fail(new Error(`core aborted: ${what}`)),
      });
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

export { guardCore } from '../shell/core-guard.js';
