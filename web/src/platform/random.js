// Random bytes for the core's ids, as hex. The core draws no randomness of
// its own, so this is the only source.
export function randomSeedHex(bytes = 32, cryptoApi = globalThis.crypto) {
  const buffer = new Uint8Array(bytes);
  cryptoApi.getRandomValues(buffer);
  let hex = '';
  for (const b of buffer) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}
