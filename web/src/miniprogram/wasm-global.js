// The Emscripten glue refers to a global named WebAssembly; iOS WeChat has
// none, only WXWebAssembly. build-miniprogram.mjs injects this module, so
// every free `WebAssembly` in the bundle means the object exported below and
// no global is assigned. The glue only needs it to exist (its support check)
// and its RuntimeError (abort); the module itself is instantiated from a
// package path by core-loader.js, never from bytes.
const platform = typeof WXWebAssembly !== 'undefined' && WXWebAssembly ? WXWebAssembly : undefined;

const assentWebAssembly = platform
  ? Object.freeze({ RuntimeError: platform.RuntimeError || Error, Memory: platform.Memory, Table: platform.Table })
  : undefined;

export { assentWebAssembly as WebAssembly };
