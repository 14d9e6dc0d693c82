// What both shells do around the core's decisions, once: restore the stored
// history at start, and after every decision store it, send its receipt to
// the collector, delete what refused services left behind, and tell the
// shell, which updates its view and its tracker. The core decides what is
// recorded; this only moves its answers.
// Ports: store { candidates(), write(history, current), clear() };
// post(url, body) -> Promise (not awaited after a decision: a receipt lost
// now is sent with the next decision's history; awaited before the person's
// own data is asked for); deleteTraces({ cookies, storageKeys });
// warn(message); afterChange(record | null); keys { read(), write(secret),
// clear() } and newSecret(), the device's secret (below); request(method,
// url, headers) -> Promise<{ status, body }>, for the person's own data.
//
// The device's secret (C18): created from the platform's own random source
// with the first receipt, kept only in this device's storage (never in a
// cookie or a batch). Each receipt carries its SHA-256 (the core's keyHash),
// so that the collector lets only this device, or an operator, read or
// erase what it keeps about this consent id.

/**
 * The collector's receipt endpoint for its events URL: /v1/consent on the
 * same origin. Absolute http(s) URLs only ('' otherwise): a mini-program has
 * no page to resolve a relative URL against, nor a URL class on every base
 * library, so the browser resolves its own first.
 * @param {string} eventsUrl
 */
export function receiptUrlOf(eventsUrl) {
  return apiUrlOf(eventsUrl, '/v1/consent');
}

/** The collector's `path` on the origin of its events URL, or ''. @param {string} eventsUrl @param {string} path */
function apiUrlOf(eventsUrl, path) {
  const match = /^(https?:\/\/[^/?#\s]+)(\/[^\s]*)?$/i.exec(eventsUrl || '');
  return match ? `${match[1]}${path}` : '';
}

/**
 * @param {{
 *   core: any,
 *   now: () => number,
 *   store: { candidates(): string[], write(history: string, current: string): unknown, clear(): void },
 *   receiptUrl: string,
 *   post: (url: string, body: string) => Promise<unknown>,
 *   deleteTraces: (traces: { cookies: string[], storageKeys: string[] }) => void,
 *   warn: (message: string) => void,
 *   afterChange: (record: object | null) => void,
 *   keys: { read(): string, write(secret: string): unknown, clear(): void },
 *   newSecret: () => string,
 *   request: (method: string, url: string, headers: Record<string, string>) => Promise<{ status: number, body: any }>,
 *   tcStringOf?: (record: object) => string,
 * }} ports
 */
export function createRecorder({ core, now, store, receiptUrl, post, deleteTraces, warn, afterChange, keys, newSecret, request, tcStringOf = () => '' }) {
  // This device's secret, created the first time a receipt needs it.
  function secret() {
    let kept = keys.read();
    if (!kept) {
      kept = newSecret();
      keys.write(kept);
    }
    return kept;
  }

  // The newest record's receipt, with the hash of the device's secret.
  const receiptBody = () => JSON.stringify({ consent: core.storedCurrent(), key: core.keyHash(secret()) });

  // The collector's answer about this consent id, with the device's secret.
  /** @param {string} method @param {string} path */
  async function mine(method, path) {
    const record = core.record();
    if (!receiptUrl) throw new Error('Assent: no collector is configured (tracker.collectorUrl)');
    if (!record) throw new Error('Assent: nothing is recorded on this device');
    // The receipt that carries the key may not have arrived yet (it is sent
    // without waiting, and a batch carrying the record may have overtaken
    // it): send it again, which the collector takes as a duplicate, and wait.
    await post(receiptUrl, receiptBody());
    const url = `${apiUrlOf(receiptUrl, path)}?consent_id=${encodeURIComponent(record.consentId)}`;
    const answer = await request(method, url, { Authorization: `Bearer ${secret()}` });
    if (answer.status !== 200) {
      const why = answer.body && typeof answer.body.error === 'string' ? answer.body.error : `HTTP ${answer.status}`;
      throw new Error(`Assent: the collector refused (${why})`);
    }
    return answer.body;
  }

  /** Hands the core a stored history; a damaged one counts as none. @param {string} stored */
  function restoreOne(stored) {
    const refused = core.restore(stored, now());
    if (refused) warn(`Assent: stored consent discarded (${refused.error}); asking again`);
    return !refused;
  }

  // On a TCF site, the TC string the TCF module makes for the new record
  // ('' before it has loaded) goes into the record as its hash before the
  // record is stored and sent: the receipt proves what vendors were told.
  function attest() {
    const tcString = tcStringOf(core.record());
    const refused = tcString ? core.attestTcString(tcString) : null;
    if (refused) warn(`Assent: TC string not attested (${refused.error})`);
  }

  // After the core made a record.
  function recorded() {
    attest();
    store.write(core.stored(), core.storedCurrent());
    if (receiptUrl) post(receiptUrl, receiptBody());
    deleteTraces(core.storageToClear(now()));
    afterChange(core.record());
  }

  /** @param {{ error: string } | null} refused @returns {string} '' when recorded, else why not */
  function answer(refused) {
    if (refused) return refused.error;
    recorded();
    return '';
  }

  // An erasure request: the core forgets everything and names what to
  // delete; the shell's own record and the device's secret go too.
  function erase() {
    deleteTraces(core.erase(now()));
    store.clear();
    keys.clear();
    afterChange(null);
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
    /**
     * @param {string} action @param {Record<string, boolean> | null} choices @param {string} surface @param {string} language
     * @param {{vendorConsents: number[], vendorLegitimateInterests: number[], specialFeatureOptIns: number[]} | null} [tcf]
     *   a TCF site's vendor and special-feature switches (custom choices)
     */
    decide: (action, choices, surface, language, tcf) =>
      answer(core.choose(action, choices || null, surface, language, now(), tcf || null)),
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
    erase,
    // C13: everything the device and the collector keep about this consent
    // id; the collector's part needs this device's secret.
    async exportMine() {
      const records = core.exportRecords();
      const [receipts, events] = await Promise.all([mine('GET', '/v1/consent'), mine('GET', '/v1/events')]);
      return { records, receipts: receipts.receipts, events: events.events };
    },
    // C14: the collector erases what it keeps (its receipts become
    // tombstones of its proof chain), then the device forgets everything.
    async eraseMine() {
      const erased = await mine('DELETE', '/v1/records');
      erase();
      return { erasedEvents: erased.erasedEvents, erasedReceipts: erased.erasedReceipts };
    },
  };
}
