// Appended to both modules' glue (--post-js) before core.post.js and
// tcf.post.js, which copy every text they pass in with it.

// The platform's encoder where there is one: one native pass, where the
// glue's lengthBytesUTF8 and stringToUTF8 walked a flush's text twice in
// JavaScript, a fifth of the WASM batch path's time (issue 11).
var assentEncoder = typeof TextEncoder == 'function' ? new TextEncoder() : null;

/** Runs fn with each text copied into the module's memory as UTF-8. */
function assentWithUtf8(texts, fn) {
  var buffers = texts.map(function (text) {
    var length, address;
    if (assentEncoder) {
      var room = text.length * 3 + 1; // UTF-8 takes at most 3 bytes a UTF-16 unit
      address = _malloc(room);
      length = assentEncoder.encodeInto(text, HEAPU8.subarray(address, address + room))['written'];
    } else {
      length = lengthBytesUTF8(text);
      address = _malloc(length + 1);
      stringToUTF8(text, address, length + 1);
    }
    return { address: address, length: length };
  });
  try {
    return fn(buffers);
  } finally {
    buffers.forEach(function (b) {
      _free(b.address);
    });
  }
}
