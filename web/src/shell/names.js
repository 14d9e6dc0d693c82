// Small pieces both shells need, with no platform in them.

// What core.track() answered, by its number (see TrackOutcome in core.hpp).
export const TrackOutcomeName = ['forwarded', 'held', 'refused', 'unknown_event', 'bad_props'];

/**
 * Whether a cookie or storage key name matches one the core named for
 * deletion (a trailing '*' makes a prefix).
 * @param {string} pattern @param {string} name
 */
export const matchesName = (pattern, name) =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

/** @param {Uint8Array} bytes @returns {string} the bytes as lowercase hex */
export function hex(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return out;
}
