// Loads the WASM core. Its factory (wasm/runtime.js) is bundled (see build.mjs: the
// import below resolves to build/wasm/wasm/assent_core.js); the .wasm is
// fetched from beside assent.js.
import AssentCore from 'assent-core-glue';
import { loadWasmModule } from './wasm-loader.js';

export const loadCoreModule = (win, wasmUrl) => loadWasmModule(win, AssentCore, wasmUrl, 'core');

export { guardCore } from '../shell/core-guard.js';
