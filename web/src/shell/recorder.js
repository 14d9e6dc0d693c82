// What both shells do around the core's decisions, once: restore the stored
// history at start, and after every decision store it, send its receipt to
// the collector, delete what refused services left behind, and tell the
// shell, which updates its view and its tracker. The core decides what is
// recorded; this only moves its answers.
// Ports: store { candidates(), write(history, current), clear() };
// post(url, body) (the answer is not awaited: a receipt lost now is sent
// with the next decision's history); deleteTraces({ cookies, storageKeys });
// warn(message); afterChange(record | null).

/**
 * The collector's receipt endpoint for its events URL: /v1/consent on the
 * same origin. Absolute http(s) URLs only ('' otherwise): a mini-program has
 * no page to resolve a relative URL against, nor a URL class on every base
 * library, so the browser resolves its own first.
 * @param {string} eventsUrl
 */
export function receiptUrlOf(eventsUrl) {
  const match = /^(https?:\/\/[^/?#\s]+)(\/[^\s]*)?$/i.exec(eventsUrl || '');
  return match ? `${match[1]}/v1/consent` : '';
}

/**
 * @param {{
 *   core: any,
 *   now: () => number,
 *   store: { candidates(): string[], write(history: string, current: string): unknown, clear(): void },
 *   receiptUrl: string,
 *   post: (url: string, body: string) => unknown,
 *   deleteTraces: (traces: { cookies: string[], storageKeys: string[] }) => void,
 *   warn: (message: string) => void,
 *   afterChange: (record: object | null) => void,
 * }} ports
 */
export function createRecorder({ core, now, store, receiptUrl, post, deleteTraces, warn, afterChange }) {
  /** Hands the core a stored history; a damaged one counts as none. @param {string} stored */
  function restoreOne(stored) {
    const refused = core.restore(stored, now());
    if (refused) warn(`Assent: stored consent discarded (${refused.error}); asking again`);
    return !refused;
  }

  // After the core made a record.
  function recorded() {
    store.write(core.stored(), core.storedCurrent());
    if (receiptUrl) post(receiptUrl, JSON.stringify({ consent: core.storedCurrent() }));
    deleteTraces(core.storageToClear(now()));
    afterChange(core.record());
  }

  /** @param {{ error: string } | null} refused @returns {string} '' when recorded, else why not */
  function answer(refused) {
    if (refused) return refused.error;
    recorded();
    return '';
  }

  return {
    // The most trusted stored form that restores; none at all: no consent.
    restore() {
      for (const stored of store.candidates()) if (restoreOne(stored)) return;
    },
    // Storage holds a newer decision (another tab, the back/forward cache).
    /** @param {string} latest the stored history now ('' once erased elsewhere) */
    resync(latest) {
      if (latest === core.stored()) return false;
      restoreOne(latest);
      afterChange(core.record());
      return true;
    },
    recorded,
    /** @param {string} action @param {Record<string, boolean> | null} choices @param {string} surface @param {string} language */
    decide: (action, choices, surface, language) => answer(core.choose(action, choices || null, surface, language, now())),
    /** @param {string} purpose '' for all @param {string} surface */
    withdraw: (purpose, surface) => answer(core.withdraw(purpose || '', surface, now())),
    /**
     * An embed's placeholder was answered (load_once | allow), in the
     * model's language: the core records what its rule says. Answers how the
     * embed loads: none | once (this page view) | granted.
     * @param {string} purpose @param {string} action @param {string} language
     */
    placeholder(purpose, action, language) {
      const out = core.answerPlaceholder(purpose, action, language, now());
      if (out.error) {
        warn(`Assent: placeholder answer not recorded (${out.error})`);
        return 'none';
      }
      if (out.recorded) recorded();
      return out.load;
    },
    // An erasure request: the core forgets everything and names what to
    // delete; the shell's own record goes too.
    erase() {
      deleteTraces(core.erase(now()));
      store.clear();
      afterChange(null);
    },
  };
}
