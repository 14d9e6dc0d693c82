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

// Wraps a bound Core so that a trap inside the module (an abort leaves it in
// an undefined state) is reported once and then answered much as the bindings
// answer a core that failed to load: no consent, nothing to send. Unlike the
// bindings, pending and visitor then answer null (not a string), so that the
// shell leaves what is stored alone.
export function guardCore(core, onFault) {
  let dead = false;
  const none = '{"cookies":[],"storageKeys":[]}';
  const fallback = {
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
    erase: none,
    storageToClear: none,
    track: -1,
    ingest: '{"forwarded":0,"held":0,"refused":0,"dropped":0,"unknown":[]}',
    setClient: false,
    takeBatch: '',
    settleBatch: undefined,
    // Not strings: the shell then leaves what is stored alone, so that a
    // fault never deletes unsent events or turns into a write.
    pending: null,
    restorePending: 'core unavailable',
    visitor: null,
    restoreVisitor: 'core unavailable',
    trackerSettings: 'null',
    held: 0,
    queued: 0,
  };
  const guarded = {};
  for (const name of Object.keys(fallback)) {
    guarded[name] = (...args) => {
      if (dead) return fallback[name];
      try {
        return core[name](...args);
      } catch (error) {
        dead = true;
        onFault(error);
        return fallback[name];
      }
    };
  }
  return guarded;
}
