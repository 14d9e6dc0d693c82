// Random bytes for the core's ids, as hex. The core draws no randomness of its
// own. wx.getRandomValues (base library 2.15.0) is cryptographically secure;
// without it the seed falls back to Math.random and the clock, and says so.
import { hex } from '../../shell/names.js';

function weakSeed() {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return `${hex(bytes)}${Date.now().toString(16)}`;
}

/** @param {number} [length] @returns {Promise<string>} */
export function randomSeedHex(length = 32) {
  return new Promise((resolve) => {
    const fallback = () => {
      console.warn('Assent: wx.getRandomValues is not available; ids are seeded from Math.random');
      resolve(weakSeed());
    };
    if (typeof wx.getRandomValues !== 'function') {
      fallback();
      return;
    }
    try {
      wx.getRandomValues({
        length,
        success: (result) => resolve(hex(new Uint8Array(result.randomValues))),
        fail: fallback,
      });
    } catch (_) {
      fallback();
    }
  });
}
