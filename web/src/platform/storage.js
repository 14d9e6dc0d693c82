// Where the stored consent record lives in a browser: localStorage first, a
// first-party cookie as the fallback (and for the server side to read).
// Nothing is written here before the core has produced a record: reading
// never probes storage by writing a test key.

const COOKIE_CHARS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/; // RFC 6265 cookie-octet

// How long the browser keeps the cookie. This is only a container lifetime
// (13 months, the CNIL maximum for a consent cookie); whether a stored grant
// still counts is the core's decision on restore.
const COOKIE_MAX_AGE_SECONDS = 395 * 24 * 60 * 60;

function readCookie(doc, name) {
  const prefix = name + '=';
  for (const part of (doc.cookie || '').split(';')) {
    const item = part.trim();
    if (item.startsWith(prefix)) return item.slice(prefix.length);
  }
  return '';
}

export function createConsentStore({ key = 'assent', cookie = 'assent', win = window } = {}) {
  const doc = win.document;
  const secure = win.location && win.location.protocol === 'https:' ? '; Secure' : '';

  function localGet() {
    try {
      return win.localStorage.getItem(key) || '';
    } catch (_) {
      return ''; // storage disabled (privacy mode, sandboxed frame)
    }
  }

  return {
    key,

    // Stored forms to offer the core, most trusted first, without duplicates.
    candidates() {
      const found = [];
      for (const value of [localGet(), readCookie(doc, cookie)]) {
        if (value && !found.includes(value)) found.push(value);
      }
      return found;
    },

    write(stored) {
      if (!stored) return;
      try {
        win.localStorage.setItem(key, stored);
      } catch (_) {
        // the cookie below still carries it
      }
      if (COOKIE_CHARS.test(stored)) {
        doc.cookie = `${cookie}=${stored}; Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; SameSite=Lax${secure}`;
      }
    },

    clear() {
      try {
        win.localStorage.removeItem(key);
      } catch (_) {
        // nothing to clear
      }
      doc.cookie = `${cookie}=; Path=/; Max-Age=0; SameSite=Lax${secure}`;
    },
  };
}
