// The click-stream tracker of one page: autocapture → buffer → core →
// delivery, with the core's pending events and ids kept across reloads.
// Every rule (which events and properties may leave, masking, ids, what is
// purged on a refusal) is the core's; this file wires the moving parts.
import { startAutocapture } from './autocapture.js';
import { createEventBuffer } from './buffer.js';
import { createDelivery } from '../shell/delivery.js';
import { createTrackerStore } from './persist.js';
import { send, beacon } from '../platform/transport.js';
import { TrackOutcome } from '../shell/wire-names.js';

// Captured text since the last take past which batches go at once, before
// the interval: half the browsers' 64 KiB keepalive and beacon budget.
const SEND_AT_CHARS = 32000;

// core: the guarded core handle; settings: core.trackerSettings();
// collectorUrl: absolute, or '' (then events are judged but never sent or kept).
export function createTracker({ win, core, settings, collectorUrl, now }) {
  const warned = new Set();
  const batchMaxEvents = Number(settings.batchMaxEvents) || 50;

  function warnUnknown(name) {
    if (warned.has(name)) return;
    warned.add(name);
    win.console.warn(`Assent: event "${name}" has no purpose in tracker.events; it is dropped`);
  }

  const store = collectorUrl ? createTrackerStore({ win }) : null;

  const persistNow = (force = false) => {
    if (store) store.write(core.pending(), core.visitor(now()), force);
  };
  const persistSoon = () => {
    if (store) store.schedule(persistNow);
  };

  let delivery = null;
  // Forwarded events and captured text since the last take: a full batch,
  // by count or by size, is sent without waiting for the interval (counted
  // here rather than asked, to keep track() cheap).
  let sinceTake = 0;
  let charsSinceTake = 0;
  const afterForward = (n) => {
    persistSoon();
    sinceTake += n;
    if (delivery && (sinceTake >= batchMaxEvents || charsSinceTake >= SEND_AT_CHARS)) delivery.soon();
  };

  const buffer = createEventBuffer({
    ingest: (packed) => {
      charsSinceTake += packed.length;
      return core.ingest(packed, now());
    },
    onIngested(result) {
      for (const name of result.unknown || []) warnUnknown(name);
      if (result.forwarded > 0) afterForward(result.forwarded);
    },
    schedule: (fn, ms) => {
      const id = win.setTimeout(fn, ms);
      return () => win.clearTimeout(id);
    },
  });

  // Who is running the page: with tracker.excludeBots the core sends nothing
  // for automation and known bots (its rule, told the facts).
  const nav = win.navigator || {};
  core.setClient(String(nav.userAgent || ''), nav.webdriver === true);

  // What an earlier page left: ids first (they go on the restored events'
  // successors), then the events; the core re-asks consent for both.
  if (store) {
    const left = store.read();
    if (left.visitor) core.restoreVisitor(left.visitor, now());
    if (left.pending) {
      const refused = core.restorePending(left.pending, now());
      if (refused) win.console.warn(`Assent: unsent events from an earlier page discarded (${refused.error})`);
    }
  }

  if (collectorUrl) {
    delivery = createDelivery({
      url: collectorUrl,
      intervalMs: Number(settings.flushIntervalMs) || 2000,
      core,
      post: (url, body) => send(url, body, win),
      beacon: (url, body) => beacon(url, body, win),
      timers: {
        setInterval: (fn, ms) => win.setInterval(fn, ms),
        clearInterval: (id) => win.clearInterval(id),
        setTimeout: (fn, ms) => win.setTimeout(fn, ms),
        clearTimeout: (id) => win.clearTimeout(id),
      },
      now,
      warn: (message) => win.console.warn(message),
      beforeTake: () => {
        buffer.flush();
        sinceTake = 0;
        charsSinceTake = 0;
      },
      onSettled: persistSoon,
    });
  }

  let capture = null;
  const onPageHide = () => {
    if (capture) capture.leave();
    buffer.flush();
    if (delivery) delivery.hidden();
    persistNow();
  };
  const onHidden = () => {
    if (win.document.visibilityState !== 'hidden') return;
    if (delivery) delivery.pump(true);
    persistNow();
  };
  // Back from the back/forward cache, or the network is back.
  const onPageShow = (event) => {
    if (event.persisted && delivery) delivery.shownAgain();
  };
  const onOnline = () => {
    if (delivery) delivery.online();
  };

  return {
    start() {
      // Capture first: its page-leave handlers run before the flush ones.
      capture = startAutocapture(win, (name, props, page) => buffer.push(name, props, page, now()));
      if (delivery) delivery.start();
      win.addEventListener('pagehide', onPageHide);
      win.addEventListener('pageshow', onPageShow);
      win.addEventListener('online', onOnline);
      win.document.addEventListener('visibilitychange', onHidden);
      // Whatever a restore or the stored decision changed.
      persistNow(true);
      if (delivery) delivery.pump();
    },

    // One event now (Assent.track): its outcome, after what was captured
    // before it, so that the order of capture is the order of sequence.
    track(name, props, page, ts) {
      if (buffer.size) buffer.flush();
      let json = '';
      try {
        // undefined (or a function) stringifies to undefined: no props.
        if (props !== undefined) json = JSON.stringify(props) || '';
      } catch (_) {
        return 'bad_props'; // circular, BigInt, a throwing toJSON
      }
      charsSinceTake += json.length;
      const outcome = core.track(String(name), json, page, ts);
      if (outcome === TrackOutcome.Forwarded) afterForward(1);
      else if (outcome === TrackOutcome.UnknownEvent) warnUnknown(String(name));
      return outcome;
    },

    // After any change of consent (a choice, a withdrawal, an erasure, a
    // decision made in another tab): the core has released or purged its
    // events and ids; storage follows at once (C05), and a grant sends what
    // it released without waiting for the next tick.
    consentChanged() {
      buffer.flush();
      persistNow(true);
      if (delivery) delivery.pump(true);
    },
  };
}
