// Small pieces both shells need, with no platform in them.

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

// Outcome of one POST to the collector: delivered, refused for good (do not
// send again), or failed for now (worth a retry).
export const Delivery = Object.freeze({ Sent: 'sent', Refused: 'refused', Failed: 'failed' });

/**
 * The outcome an HTTP status means: a retry only on 5xx, 408 and 429.
 * @param {number} status @returns {string} one of Delivery
 */
export function deliveryOf(status) {
  if (status >= 200 && status < 300) return Delivery.Sent;
  return status >= 500 || status === 408 || status === 429 ? Delivery.Failed : Delivery.Refused;
}
