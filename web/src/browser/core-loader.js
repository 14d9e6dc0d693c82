// Loads the WASM core. The Emscripten glue is bundled (see build.mjs: the
// import below resolves to build/wasm/wasm/assent_core.js); the .wasm is
// fetched from beside assent.js. A failure rejects instead of leaving the
// glue's own promise pending forever.
import AssentCore from 'assent-core-glue';
import { loadOnce } from '../shell/core-guard.js';

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
  return loadOnce((fail) =>
    AssentCore({
      locateFile: () => wasmUrl,
      instantiateWasm(imports, done) {
        instantiate(win, wasmUrl, imports).then((result) => done(result.instance, result.module), fail);
        return {};
      },
      onAbort: (what) => fail(new Error(`core aborted: ${what}`)),
    }),
  );
}

export { guardCore } from '../shell/core-guard.js';
