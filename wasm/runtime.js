// The JavaScript half of both modules, in place of Emscripten's generated
// glue (wasm/CMakeLists.txt writes this file followed by core.js or tcf.js
// over the glue emcc emits). A module built from bindings.cpp or
// tcf_bindings.cpp imports two functions, env.abort and
// env.emscripten_resize_heap, and exports its memory, __wasm_call_ctors,
// malloc, free and its own C functions; that is all this file serves.
// The glue carried loaders the shells never use (they fetch the module
// themselves, see web/src/browser/wasm-loader.js and
// web/src/miniprogram/core-loader.js), eight heap views and its run-time
// queues.
//
// assentModule(bind) makes a factory like Emscripten's MODULARIZE one:
// factory({instantiateWasm(imports, done)} or {wasmBinary}, onAbort, utf8) answers
// a promise of bind(exports, withUtf8, utf8Text), once the module's static
// constructors have run. instantiateWasm must call done(instance); its
// failures are the caller's to report (web/src/shell/load-once.js).

function assentModule(bind) {
  return function (options) {
    // The platform's TextEncoder and TextDecoder; where there are none
    // (WeChat's JavaScriptCore), options.utf8's (web/src/miniprogram/utf8.js):
    // the browsers' bundle carries no UTF-8 code of its own.
    var encoder = typeof TextEncoder == 'function' ? new TextEncoder() : options.utf8;
    var decoder = typeof TextDecoder == 'function' ? new TextDecoder() : options.utf8;
    if (!encoder || !decoder) return Promise.reject(new Error('Assent core: this platform has no TextEncoder and TextDecoder'));
    var exports, heap;
    var imports = {
      env: {
        abort: function () {
          if (options.onAbort) options.onAbort('');
          throw new Error('Aborted()');
        },
        // Called by sbrk; answers 1 when the memory now holds `size` bytes.
        // Grows by a quarter at least, as Emscripten's did, so that a
        // growing batch does not grow the memory page by page; near the
        // memory's limit, where a quarter more is refused, by what was asked.
        emscripten_resize_heap: function (size) {
          var now = heap.length;
          return grow(Math.max(size >>> 0, now * 1.25) - now) || grow((size >>> 0) - now);
        },
      },
    };

    /** Adds at least `bytes` to the memory; answers 1 when it could. */
    function grow(bytes) {
      try {
        exports.memory.grow((bytes + 65535) >>> 16);
        heap = new Uint8Array(exports.memory.buffer);
        return 1;
      } catch (e) {
        return 0;
      }
    }

    /** Runs fn with each text copied into the module's memory as UTF-8. */
    function withUtf8(texts, fn) {
      var buffers = [];
      try {
        texts.forEach(function (text) {
          buffers.push(copyIn(text));
        });
        return fn(buffers);
      } finally {
        // After a trap the module's state is undefined: the trap is the
        // error to report, not one that freeing then throws.
        buffers.forEach(function (b) {
          try {
            exports.free(b.address);
          } catch (e) {}
        });
      }
    }

    /** Copies text into memory malloc gave it: {address, length}. */
    function copyIn(text) {
      var room = text.length * 3 + 1; // UTF-8 takes at most 3 bytes a UTF-16 unit
      var address = exports.malloc(room);
      // 0: the memory could not grow; writing there would overwrite the module's own data.
      if (!address) throw new Error('Assent core: out of memory');
      var into = heap.subarray(address, address + room);
      // encodeInto: one native pass, where the glue's lengthBytesUTF8 and
      // stringToUTF8 walked a flush's text twice in JavaScript, a fifth of
      // the WASM batch path's time (issue 11); encode and a copy where it
      // is missing (Safari before 14.1).
      var length = encoder.encodeInto ? encoder.encodeInto(text, into).written : (into.set((text = encoder.encode(text))), text.length);
      return { address: address, length: length };
    }

    /** The UTF-8 text at address: `length` bytes, or up to its NUL. */
    function utf8Text(address, length) {
      var end = address;
      if (length === undefined) while (heap[end]) end++;
      else end += length;
      return decoder.decode(heap.subarray(address, end));
    }

    return new Promise(function (resolve, reject) {
      function done(instance) {
        try {
          exports = instance.exports;
          heap = new Uint8Array(exports.memory.buffer);
          exports.__wasm_call_ctors();
          resolve(bind(exports, withUtf8, utf8Text));
        } catch (error) {
          reject(error);
        }
      }
      if (options.instantiateWasm) options.instantiateWasm(imports, done);
      else
        WebAssembly.instantiate(options.wasmBinary, imports).then(function (result) {
          done(result.instance);
        }, reject);
    });
  };
}
