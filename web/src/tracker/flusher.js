// Delivers the batches the core releases: every flush interval with fetch
// (keepalive), and with sendBeacon when the page is hidden or left. A batch
// that failed for now is sent again with backoff; one the collector refused
// is not. The core decides what may leave; this only carries it.
import { Delivery } from '../platform/transport.js';

const MAX_BATCHES_PER_TICK = 20;
const MAX_RETRY_BODIES = 20;
const MAX_ATTEMPTS = 5;
const MAX_BACKOFF_MS = 60000;

// takeBatch(): next JSON body or "". post(url, body) → Promise<Delivery>.
// beacon(url, body) → boolean. now() → ms.
export function createFlusher({ win, url, intervalMs, takeBatch, post, beacon, now }) {
  let retries = []; // { body, attempts, dueAt }
  let timer = null;

  function deliver(body, attempts) {
    post(url, body).then((outcome) => {
      if (outcome !== Delivery.Failed || attempts + 1 >= MAX_ATTEMPTS) return;
      if (retries.length >= MAX_RETRY_BODIES) retries.shift();
      const backoff = Math.min(intervalMs * 2 ** (attempts + 1), MAX_BACKOFF_MS);
      retries.push({ body, attempts: attempts + 1, dueAt: now() + backoff });
    });
  }

  function flush() {
    const t = now();
    const due = retries.filter((r) => r.dueAt <= t);
    retries = retries.filter((r) => r.dueAt > t);
    for (const r of due) deliver(r.body, r.attempts);
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i += 1) {
      const body = takeBatch();
      if (!body) break;
      deliver(body, 0);
    }
  }

  function flushOnHide() {
    const bodies = retries.map((r) => r.body);
    retries = [];
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i += 1) {
      const body = takeBatch();
      if (!body) break;
      bodies.push(body);
    }
    for (const body of bodies) if (!beacon(url, body)) post(url, body);
  }

  const onVisibility = () => {
    if (win.document.visibilityState === 'hidden') flushOnHide();
  };

  return {
    start() {
      if (timer !== null) return;
      timer = win.setInterval(flush, Math.max(100, intervalMs));
      win.addEventListener('pagehide', flushOnHide);
      win.document.addEventListener('visibilitychange', onVisibility);
    },
    stop() {
      if (timer !== null) win.clearInterval(timer);
      timer = null;
      win.removeEventListener('pagehide', flushOnHide);
      win.document.removeEventListener('visibilitychange', onVisibility);
    },
    flush,
    // After a new decision, bodies packed under the old one are not resent:
    // the core has settled its queue under the new decision already.
    forgetUnsent() {
      retries = [];
    },
  };
}
