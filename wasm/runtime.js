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
// factory({instantiateWasm(imports, done)} or {wasmBinary}, onAbort) answers
// a promise of bind(exports, withUtf8, utf8Text), once the module's static
// constructors have run. instantiateWasm must call done(instance); its
// failures are the caller's to report (web/src/shell/load-once.js).

function assentModule(bind) {
  return function (options) {
    var encoder = typeof TextEncoder == 'function' ? new TextEncoder() : null;
    var decoder = typeof TextDecoder == 'function' ? new TextDecoder() : null;
    var exports, heap;
    var imports = {
      env: {
        abort: function () {
          if (options.onAbort) options.onAbort('');
          throw new Error('Aborted()');
        },
        // Called by sbrk; answers 1 when the memory now holds `size` bytes.
        // Grows by a quarter at least, as Emscripten's did, so that a
        // growing batch does not grow the memory page by page.
        emscripten_resize_heap: function (size) {
          var now = heap.length;
          try {
            exports.memory.grow((Math.max(size >>> 0, now * 1.25) - now + 65535) >>> 16);
            heap = new Uint8Array(exports.memory.buffer);
            return 1;
          } catch (e) {
            return 0;
          }
        },
      },
    };

    /** Runs fn with each text copied into the module's memory as UTF-8. */
    function withUtf8(texts, fn) {
      var buffers = texts.map(function (text) {
        var room = text.length * 3 + 1; // UTF-8 takes at most 3 bytes a UTF-16 unit
        var address = exports.malloc(room);
        // The platform's encoder where there is one: one native pass, where
        // the glue's lengthBytesUTF8 and stringToUTF8 walked a flush's text
        // twice in JavaScript, a fifth of the WASM batch path's time (issue 11).
        var length = encoder ? encoder.encodeInto(text, heap.subarray(address, address + room)).written : encodeUtf8(text, address);
        return { address: address, length: length };
      });
      try {
        return fn(buffers);
      } finally {
        buffers.forEach(function (b) {
          exports.free(b.address);
        });
      }
    }

    // Without TextEncoder (WeChat's JavaScriptCore): a lone surrogate
    // becomes U+FFFD, as TextEncoder makes it.
    function encodeUtf8(text, at) {
      var start = at;
      for (var i = 0; i < text.length; i++) {
        var c = text.codePointAt(i);
        if (c > 0xffff) i++;
        else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
        if (c < 0x80) heap[at++] = c;
        else {
          if (c < 0x800) heap[at++] = 0xc0 | (c >> 6);
          else {
            if (c < 0x10000) heap[at++] = 0xe0 | (c >> 12);
            else {
              heap[at++] = 0xf0 | (c >> 18);
              heap[at++] = 0x80 | ((c >> 12) & 63);
            }
            heap[at++] = 0x80 | ((c >> 6) & 63);
          }
          heap[at++] = 0x80 | (c & 63);
        }
      }
      return at - start;
    }

    /** The UTF-8 text at address: `length` bytes, or up to its NUL. */
    function utf8Text(address, length) {
      var end = address;
      if (length === undefined) while (heap[end]) end++;
      else end += length;
      if (decoder) return decoder.decode(heap.subarray(address, end));
      var text = '';
      while (address < end) {
        var c = heap[address++];
        if (c >= 0x80) {
          var extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
          c &= 0x3f >> extra;
          while (extra--) c = (c << 6) | (heap[address++] & 63);
        }
        text += String.fromCodePoint(c);
      }
      return text;
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
