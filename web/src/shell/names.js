// Small pieces both shells need, with no platform in them.
import { PermissionAnswer } from './wire-names.js';

// Where Assent keeps its own things, on both platforms: the consent history,
// then what the core asks to be kept across reloads (forwarded events not yet
// delivered; the visitor ids, only while a purpose that allows them is
// granted). Services' deletion patterns never reach these.
export const StorageKeys = Object.freeze({ consent: 'assent', pending: 'assent:pending', visitor: 'assent:visitor', key: 'assent:key' });
// Before 0.2 the browser kept pending events and ids under these; read once, then removed.
export const LegacyBrowserKeys = Object.freeze({ pending: 'assent_pending', visitor: 'assent_visitor' });

/** @param {string} name @returns {boolean} one of Assent's own keys (or a legacy one) */
export const isOwnKey = (name) =>
  name === StorageKeys.consent || name.startsWith(`${StorageKeys.consent}:`) || /** @type {string[]} */ (Object.values(LegacyBrowserKeys)).includes(name);

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

/**
 * A permission pre-prompt's button as the person's answer, in the core's
 * words: allow (and "try again", the yes again: core.hpp), deny, or none
 * ("not now", Escape, the layer closed). Sorting what was said, not
 * deciding what it means: the core does that.
 * @param {string} action @returns {'granted' | 'denied' | 'dismissed'}
 */
export const prePromptAnswer = (action) =>
  action === 'allow' || action === 'retry'
    ? PermissionAnswer.Granted
    : action === 'deny'
      ? PermissionAnswer.Denied
      : PermissionAnswer.Dismissed;
