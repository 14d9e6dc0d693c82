// Where the stored consent lives in a mini-program: the whole history under
// one wx storage key ("assent"; the core's unsent events and visitor ids, when
// there are any, under "assent:pending" and "assent:visitor"). The platform allows 1 MB a key (10 MB in all); a history
// that would not fit is stored as its newest record alone, which is what a
// decision needs. Nothing is written before the core has produced a record,
// and reading never probes by writing.
import { isOwnKey, matchesName, StorageKeys } from '../../shell/names.js';

export const STORAGE_KEY = StorageKeys.consent;
// wx.setStorageSync: "单个 key 允许存储的最大数据长度为 1MB". The value is
// counted as the UTF-8 bytes of its JSON form (quotes and escapes included),
// the key's bytes on top, so that a value this port accepts never hits the limit.
export const MAX_ITEM_BYTES = 1024 * 1024;

/** @param {string} text */
export function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** @param {string} key @param {string} value */
export function fitsOneKey(key, value) {
  return utf8Length(key) + utf8Length(JSON.stringify(value)) <= MAX_ITEM_BYTES;
}

export function createConsentStore(key = STORAGE_KEY) {
  return {
    key,

    /** Stored forms to offer the core, most trusted first. @returns {string[]} */
    candidates() {
      try {
        const value = wx.getStorageSync(key);
        return typeof value === 'string' && value ? [value] : [];
      } catch (_) {
        return [];
      }
    },

    /**
     * history: every record, one a line; current: the newest one.
     * @param {string} history @param {string} current
     * @returns {boolean} whether anything was stored
     */
    write(history, current) {
      for (const value of [history, current]) {
        if (!value || !fitsOneKey(key, value)) continue;
        try {
          wx.setStorageSync(key, value);
          return true;
        } catch (_) {
          // full (10 MB in all) or refused: try the smaller form
        }
      }
      if (history) console.warn('Assent: the consent record could not be stored; it will be asked for again');
      return false;
    },

    clear() {
      try {
        wx.removeStorageSync(key);
      } catch (_) {
        // nothing to clear
      }
    },
  };
}

/**
 * One more key of Assent's own, holding text the core gave (the unsent events,
 * the visitor ids): written when there is something, removed when there is not.
 * @param {string} key
 */
export function createTextStore(key) {
  return {
    key,
    read() {
      try {
        const value = wx.getStorageSync(key);
        return typeof value === 'string' ? value : '';
      } catch (_) {
        return '';
      }
    },
    /** @param {string} text */
    write(text) {
      try {
        if (!text) wx.removeStorageSync(key);
        else if (fitsOneKey(key, text)) wx.setStorageSync(key, text);
        else console.warn(`Assent: ${key} is larger than a storage key may hold; not kept`);
      } catch (_) {
        // full: kept in memory only
      }
    },
    clear() {
      try {
        wx.removeStorageSync(key);
      } catch (_) {
        // nothing to clear
      }
    },
  };
}

/** @param {string} pattern @param {string} name */
const matches = matchesName;

/**
 * Deletes the storage keys the core names for refused services (a trailing
 * '*' is a prefix). A mini-program has no cookies; those names are ignored.
 * Assent's own keys are never deleted here.
 * @param {{ storageKeys?: string[] }} traces
 */
export function deleteTraces({ storageKeys = [] } = {}) {
  if (!storageKeys.length) return;
  let keys = [];
  try {
    keys = wx.getStorageInfoSync().keys || [];
  } catch (_) {
    return;
  }
  for (const name of keys) {
    if (isOwnKey(name) || !storageKeys.some((pattern) => matches(pattern, name))) continue;
    try {
      wx.removeStorageSync(name);
    } catch (_) {
      // already gone
    }
  }
}
