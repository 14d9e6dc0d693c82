// Keeps what the core asks to be kept across reloads, in localStorage, under
// the keys both shells use (StorageKeys in web/src/shell/names.js):
//   assent:pending  every forwarded event not yet acknowledged by the
//                   collector (the core's pending(); bounded by
//                   tracker.pendingLimit), so that it is sent after a reload;
//   assent:visitor  the anonymous and session ids (the core's visitor()),
//                   only while a purpose that allows identifiers is granted.
// What an earlier version left under assent_pending / assent_visitor is
// read once, then moved.
// Both are written debounced (at most once a second) and at once when the
// page is hidden or consent changes, never on every event. When the core
// answers "" (nothing pending, no identifiers allowed) the key is deleted.
// Nothing here decides what is kept: the core does.

import { LegacyBrowserKeys, StorageKeys } from '../shell/names.js';

const PENDING_KEY = StorageKeys.pending;
const VISITOR_KEY = StorageKeys.visitor;
const WRITE_DELAY_MS = 1000;

// storage(): the Storage to use, or null when it is unavailable.
export function createTrackerStore({ win, storage = () => win.localStorage, delayMs = WRITE_DELAY_MS }) {
  let timer = null;
  let lastPending = null; // what this page last read or wrote
  let lastVisitor = null;

  function get(key) {
    try {
      const area = storage();
      return (area && area.getItem(key)) || '';
    } catch (_) {
      return ''; // storage disabled (privacy mode, sandboxed frame)
    }
  }

  function put(key, value) {
    try {
      const area = storage();
      if (!area) return;
      if (value) area.setItem(key, value);
      else area.removeItem(key);
    } catch (_) {
      // full or disabled: the events stay in memory for this page
    }
  }

  return {
    // What a previous page left: { pending, visitor } ('' when nothing).
    read() {
      for (const [key, legacy] of [[PENDING_KEY, LegacyBrowserKeys.pending], [VISITOR_KEY, LegacyBrowserKeys.visitor]]) {
        const old = get(legacy);
        if (!old) continue;
        if (!get(key)) put(key, old);
        put(legacy, '');
      }
      lastPending = get(PENDING_KEY);
      lastVisitor = get(VISITOR_KEY);
      return { pending: lastPending, visitor: lastVisitor };
    },

    // pending: core.pending(), visitor: core.visitor() ('' deletes the key).
    // A value that is not a string (the core is unavailable) leaves the
    // stored one alone. force: write even what seems
    // unchanged (after a consent change another tab may have written).
    write(pending, visitor, force = false) {
      if (timer !== null) {
        win.clearTimeout(timer);
        timer = null;
      }
      if (typeof pending === 'string' && (force || pending !== lastPending)) {
        put(PENDING_KEY, pending);
        lastPending = pending;
      }
      if (typeof visitor === 'string' && (force || visitor !== lastVisitor)) {
        put(VISITOR_KEY, visitor);
        lastVisitor = visitor;
      }
    },

    // Calls flush() once, a while after the first change since the last write.
    schedule(flush) {
      if (timer === null) {
        timer = win.setTimeout(() => {
          timer = null;
          flush();
        }, delayMs);
      }
    },
  };
}
