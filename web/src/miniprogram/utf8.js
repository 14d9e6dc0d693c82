// UTF-8 for the module's texts where the platform has no TextEncoder and
// TextDecoder (WeChat's JavaScriptCore): the two methods of theirs that
// wasm/runtime.js calls, handed to it as the factory's `utf8` option by
// core-loader.js. Here rather than in runtime.js so that the browsers'
// bundle, where both always exist, does not carry them. Measured:
// assent.js 32,940 -> 32,575 bytes raw, 11,764 -> 11,554 brotli;
// assent-tcf.js 5,466 -> 5,293 brotli. (esbuild keeps unused inner
// functions: a define that only skipped them gave 11,764 -> 11,750.)

/**
 * Writes text into bytes as UTF-8 (bytes holds 3 a UTF-16 unit); a lone
 * surrogate becomes U+FFFD, as TextEncoder makes it.
 * @param {string} text @param {Uint8Array} bytes @returns {{ written: number }}
 */
function encodeInto(text, bytes) {
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    let c = /** @type {number} */ (text.codePointAt(i));
    if (c > 0xffff) i++;
    else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x80) bytes[at++] = c;
    else {
      if (c < 0x800) bytes[at++] = 0xc0 | (c >> 6);
      else {
        if (c < 0x10000) bytes[at++] = 0xe0 | (c >> 12);
        else {
          bytes[at++] = 0xf0 | (c >> 18);
          bytes[at++] = 0x80 | ((c >> 12) & 63);
        }
        bytes[at++] = 0x80 | ((c >> 6) & 63);
      }
      bytes[at++] = 0x80 | (c & 63);
    }
  }
  return { written: at };
}

/**
 * The text of UTF-8 bytes (the core writes only well-formed UTF-8).
 * @param {Uint8Array} bytes @returns {string}
 */
function decode(bytes) {
  let text = '';
  for (let at = 0; at < bytes.length; ) {
    let c = bytes[at++];
    if (c >= 0x80) {
      let extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      c &= 0x3f >> extra;
      while (extra--) c = (c << 6) | (bytes[at++] & 63);
    }
    text += String.fromCodePoint(c);
  }
  return text;
}

export const utf8 = { encodeInto, decode };
