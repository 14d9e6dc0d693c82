// Delivers the batches the core releases and tells the core how each went.
// The core owns the queue: takeBatch() moves events in flight, and
// settleBatch(id, delivered) either forgets them or puts them back, to be
// asked again against consent before they are taken again. This file only
// decides when to carry them:
//   - every flush interval, and at once when a full batch is waiting;
//   - fetch with keepalive while the page lives; sendBeacon on pagehide;
//   - on a network error, a 5xx, 408 or 429: the batch goes back and sending
//     pauses with exponential backoff and jitter; on another 4xx the batch is
//     dropped (sending it again cannot help) with one console warning.
import { Delivery } from '../platform/transport.js';

const MAX_IN_FLIGHT = 4;
const MAX_BATCHES_ON_HIDE = 20;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 60000;
// Exponential backoff with "equal jitter": half the step, plus a random share
// of the other half, so that many pages coming back online spread out.
export function backoffMs(failures, random = Math.random, base = BACKOFF_BASE_MS, max = BACKOFF_MAX_MS) {
  const step = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return step / 2 + random() * (step / 2);
}

// core: { takeBatch(now) → { id, body } | null, settleBatch(id, delivered) };
// send(url, body) → Promise<{ outcome, status }>; beacon(url, body) → bool;
// beforeTake(): hands captured events to the core first;
// onSettled(): the core's pending set changed (to persist it).
export function createFlusher({ win, url, intervalMs, core, send, beacon, now, beforeTake, onSettled, random = Math.random }) {
  const inFlight = new Map(); // batch id → 'fetch' | 'beacon'
  let failures = 0;
  let pausedUntil = 0;
  let interval = null;
  let wake = null;
  let refusedWarned = false;

  function wakeIn(ms) {
    if (wake !== null) win.clearTimeout(wake);
    wake = win.setTimeout(() => {
      wake = null;
      pump();
    }, Math.max(0, ms));
  }

  function settled(id, { outcome, status }) {
    if (inFlight.get(id) !== 'fetch') return;
    inFlight.delete(id);
    const t = now();
    if (outcome === Delivery.Sent) {
      core.settleBatch(id, true);
      failures = 0;
      pausedUntil = 0;
      onSettled();
      wakeIn(0); // more may be waiting
    } else if (outcome === Delivery.Refused) {
      core.settleBatch(id, true);
      if (!refusedWarned) {
        refusedWarned = true;
        win.console.warn(`Assent: the collector refused a batch (HTTP ${status}); its events are not sent again`);
      }
      onSettled();
    } else {
      core.settleBatch(id, false);
      failures += 1;
      const delay = backoffMs(failures, random);
      pausedUntil = t + delay;
      onSettled();
      wakeIn(delay);
    }
  }

  function post(id, body) {
    inFlight.set(id, 'fetch');
    send(url, body).then((result) => settled(id, result));
  }

  // Sends what the core releases, a few batches at a time; force: even while
  // paused (the page is being hidden: this may be the last chance).
  function pump(force = false) {
    if (interval === null) return;
    if (!force && now() < pausedUntil) return;
    beforeTake();
    while (inFlight.size < MAX_IN_FLIGHT) {
      const batch = core.takeBatch(now());
      if (!batch) break;
      post(batch.id, batch.body);
    }
  }

  // The page is being unloaded (or frozen into the back/forward cache).
  // Beaconed batches stay in flight: their events are persisted with the
  // rest and go again after a reload, and the collector drops the
  // duplicates; a beacon's acceptance does not say that it arrived.
  function onPageHide() {
    if (interval === null) return;
    beforeTake();
    for (let i = 0; i < MAX_BATCHES_ON_HIDE; i += 1) {
      const batch = core.takeBatch(now());
      if (!batch) break;
      if (beacon(url, batch.body)) inFlight.set(batch.id, 'beacon');
      else post(batch.id, batch.body);
    }
  }

  // Back from the back/forward cache: what was beaconed goes again.
  function onPageShow(event) {
    if (!event.persisted) return;
    for (const [id, how] of Array.from(inFlight)) {
      if (how !== 'beacon') continue;
      inFlight.delete(id);
      core.settleBatch(id, false);
    }
    onSettled();
    pump(true);
  }

  const onHidden = () => {
    if (win.document.visibilityState === 'hidden') pump(true);
  };
  const onOnline = () => {
    pausedUntil = 0;
    failures = 0;
    pump();
  };

  return {
    start() {
      if (interval !== null) return;
      interval = win.setInterval(() => pump(), Math.max(100, intervalMs));
      win.addEventListener('pageshow', onPageShow);
      win.addEventListener('online', onOnline);
      win.document.addEventListener('visibilitychange', onHidden);
    },
    pump,
    // A full batch is waiting: send it now rather than at the next tick.
    soon() {
      if (wake === null && now() >= pausedUntil) wakeIn(0);
    },
    onPageHide,
  };
}
