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
 * The text of UTF-8 bytes, as TextDecoder reads them (the WHATWG decoder):
 * a byte that cannot begin a sequence, or a sequence cut short, becomes one
 * U+FFFD and the byte that broke it is read afresh. The core can pass on
 * bytes that are not UTF-8 (a masked link's query decoded from %FF or from
 * GBK): decoding them must neither throw nor swallow the quote or brace
 * that follows.
 * @param {Uint8Array} bytes @returns {string}
 */
function decode(bytes) {
  let text = '';
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at++];
    const extra = lead < 0x80 ? 0 : lead < 0xc2 ? -1 : lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : lead < 0xf5 ? 3 : -1;
    if (extra <= 0) {
      text += extra ? '\ufffd' : String.fromCharCode(lead);
      continue;
    }
    // The second byte's range is narrower after E0, ED, F0 and F4: no
    // overlong forms, no surrogates, nothing past U+10FFFF.
    let low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    let high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    let c = lead & (0x3f >> extra);
    let n = 0;
    for (; n < extra && at < bytes.length && bytes[at] >= low && bytes[at] <= high; n++, low = 0x80, high = 0xbf)
      c = (c << 6) | (bytes[at++] & 63);
    text += n === extra ? String.fromCodePoint(c) : '\ufffd';
  }
  return text;
}

export const utf8 = { encodeInto, decode };
