// Random bytes for the core's ids, as hex. The core draws no randomness of
// its own, so this is the only source.
import { hex } from '../shell/names.js';
export function randomSeedHex(bytes = 32, cryptoApi = globalThis.crypto) {
  const buffer = new Uint8Array(bytes);
  cryptoApi.getRandomValues(buffer);
  return hex(buffer);
}
