// Delivers the batches the core releases: every flush interval, and at once
// when the mini-program goes to the background (it may be suspended seconds
// later; there is no sendBeacon). The core keeps the books: a batch it hands
// out is in flight until settled here; one that failed for now goes back to
// the core's queue (asked again before it leaves, so a withdrawal in between
// purges it) and sending pauses with backoff; one the collector refused for
// good is settled as done and never sent again. The core decides what may
// leave; this only carries it.
import { Delivery } from './platform/transport.js';

const MAX_BATCHES_PER_TICK = 20;
const MAX_BACKOFF_MS = 60000;

/**
 * @param {{
 *   url: string,
 *   intervalMs: number,
 *   takeBatch: () => AssentCore.Batch | null,
 *   settleBatch: (batchId: string, delivered: boolean) => void,
 *   post: (url: string, body: string) => Promise<string>,
 *   now: () => number,
 *   afterDelivery: () => void,
 * }} options
 *   takeBatch: the core's next batch ({ id, body }: body is what is POSTed), null when none;
 *   afterDelivery: after each settled batch (the shell keeps the core's pending events).
 */
export function createFlusher({ url, intervalMs, takeBatch, settleBatch, post, now, afterDelivery }) {
  /** @type {number | null} */
  let timer = null;
  let failures = 0;
  let pausedUntil = 0;

  /** @param {AssentCore.Batch} batch */
  function deliver(batch) {
    const batchId = batch.id;
    post(url, batch.body).then((outcome) => {
      if (outcome === Delivery.Failed) {
        settleBatch(batchId, false);
        failures += 1;
        pausedUntil = now() + Math.min(intervalMs * 2 ** failures, MAX_BACKOFF_MS);
      } else {
        settleBatch(batchId, true); // sent, or refused for good
        failures = 0;
        pausedUntil = 0;
      }
      afterDelivery();
    });
  }

  /** @param {boolean} urgent also while paused by a failure (the app is being hidden) */
  function send(urgent) {
    if (!urgent && now() < pausedUntil) return;
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i += 1) {
      const batch = takeBatch();
      if (!batch) break;
      deliver(batch);
    }
  }

  return {
    start() {
      if (timer !== null) return;
      timer = setInterval(() => send(false), Math.max(100, intervalMs));
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    flush: () => send(false),
    // App onHide: everything now, backoff or not.
    flushNow: () => send(true),
  };
}
