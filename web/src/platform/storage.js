// Where the stored consent lives in a browser: the whole history in
// localStorage, the newest record in a first-party cookie (the fallback, and
// what a server can read).
// Nothing is written here before the core has produced a record: reading
// never probes storage by writing a test key.
import { isOwnKey, matchesName, StorageKeys } from '../shell/names.js';

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

export function createConsentStore({ key = StorageKeys.consent, cookie = StorageKeys.consent, win = window } = {}) {
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

    // history: every record, one a line; current: the newest one.
    write(history, current) {
      if (!history) return;
      try {
        win.localStorage.setItem(key, history);
      } catch (_) {
        // Full or disabled: drop the older history, or it would be preferred
        // over the cookie below, which still carries the newest record.
        try {
          win.localStorage.removeItem(key);
        } catch (_) {
          // nothing stored there
        }
      }
      if (current && COOKIE_CHARS.test(current)) {
        doc.cookie = `${cookie}=${current}; Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; SameSite=Lax${secure}`;
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

// The host and each parent domain a cookie may have been set on
// ("a.shop.example" -> a.shop.example, shop.example, example).
function domainVariants(hostname) {
  const parts = hostname.split('.');
  const out = [''];
  for (let i = 0; i < parts.length - 1; i++) out.push('; Domain=' + parts.slice(i).join('.'));
  return out;
}

// "/" and every folder above the page ("/shop/tea/x.html" -> /, /shop,
// /shop/, /shop/tea, /shop/tea/): the paths a script on this page could have
// given its cookie, by default or on purpose.
function pathVariants(pathname) {
  const out = ['/'];
  const parts = pathname.split('/').slice(1, -1);
  for (let i = 1; i <= parts.length; i++) {
    const path = '/' + parts.slice(0, i).join('/');
    out.push(path, path + '/');
  }
  return out;
}

const matches = matchesName;

// Deletes the cookies and storage keys the core names (a trailing '*' is a
// prefix), on every domain and path variant a script could have used.
export function deleteTraces(win, { cookies = [], storageKeys = [] } = {}) {
  const doc = win.document;
  const present = (doc.cookie || '').split(';').map((part) => part.split('=')[0].trim()).filter(Boolean);
  for (const name of present) {
    if (isOwnKey(name) || !cookies.some((pattern) => matches(pattern, name))) continue;
    for (const domain of domainVariants(win.location.hostname)) {
      for (const path of pathVariants(win.location.pathname)) doc.cookie = `${name}=; Path=${path}; Max-Age=0${domain}`;
    }
  }
  for (const area of ['localStorage', 'sessionStorage']) {
    try {
      const storage = win[area];
      const keys = [];
      for (let i = 0; i < storage.length; i++) keys.push(storage.key(i));
      for (const k of keys) {
        // Assent's own keys: a service pattern such as "as*" never deletes them.
        if (!isOwnKey(k) && storageKeys.some((pattern) => matches(pattern, k))) storage.removeItem(k);
      }
    } catch (_) {
      // storage disabled: nothing was stored there
    }
  }
}

// One text kept in localStorage under `key` (the device's secret): '' when
// none, or when storage is unavailable (then nothing is kept).
export function createLocalText(win, key) {
  const area = () => {
    try {
      return win.localStorage;
    } catch (_) {
      return null; // storage disabled (privacy mode, sandboxed frame)
    }
  };
  return {
    read() {
      try {
        return (area() && area().getItem(key)) || '';
      } catch (_) {
        return '';
      }
    },
    write(text) {
      try {
        if (area()) area().setItem(key, text);
      } catch (_) {
        // full or disabled: the secret lives as long as the page
      }
    },
    clear() {
      try {
        if (area()) area().removeItem(key);
      } catch (_) {
        // nothing to clear
      }
    },
  };
}
