// Loads a module of wasm/ (its factory: wasm/runtime.js) whose .wasm is fetched from `wasmUrl`: the core
// (core-loader.js) and the TCF/GPP module (bridges/iab-chunk.js). Streaming
// compile when the server sends the right MIME type; a failure (HTTP, a
// failed instantiate, an abort) rejects once instead of leaving the
// factory's own promise pending forever.
import { loadOnce } from '../shell/load-once.js';

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

// factory: the module's factory (wasm/runtime.js); name: what an abort message calls it.
export function loadWasmModule(win, factory, wasmUrl, name) {
  return loadOnce((fail) =>
    factory({
      instantiateWasm(imports, done) {
        instantiate(win, wasmUrl, imports).then((result) => done(result.instance, result.module), fail);
        return {};
      },
      onAbort: (what) => fail(new Error(`${name} aborted: ${what}`)),
    }),
  );
}
