// A running Assent in a mini-program: the core handle plus the shells around
// it. Every question about consent goes to the core; this file only moves its
// answers between wx storage, the consent component, the tracker and
// wx.request. Same shape as web/src/browser/session.js.
import { createConsentStore, createTextStore, deleteTraces, STORAGE_KEY } from './platform/storage.js';
import { collectorEndpoints, postJson } from './platform/transport.js';
import { now } from './platform/clock.js';
import { createDelivery } from '../shell/delivery.js';
import { createPermissionFlows } from './permission-flows.js';
import { PromptKind, TrackOutcome } from '../shell/wire-names.js';

/**
 * What the consent component shows: the core's model, and for a permission
 * the step it leads to (ask | settings | privacy | subscribe) and, for
 * subscriptions, the templates asked for.
 * @typedef {{
 *   kind: 'banner' | 'preferences' | 'permission',
 *   model: AssentCore.PromptModel,
 *   step?: string,
 *   items?: { capability: string, title: string, body: string }[],
 * }} View
 * @typedef {import('./permission-flows.js').PermissionRequest} PermissionRequest
 */

/**
 * @param {{
 *   core: AssentCore.Core,
 *   languages: string[],
 *   emit: (type: string, detail: unknown) => void,
 *   onView: (view: View | null) => void,
 *   templates: Record<string, string>,
 * }} options
 */
export function createSession({ core, languages, emit, onView, templates }) {
  const store = createConsentStore();
  // What the core asks the shell to keep across launches: forwarded events
  // not yet delivered, and the visitor ids of purposes that allow them.
  const pendingStore = createTextStore(`${STORAGE_KEY}:pending`);
  const visitorStore = createTextStore(`${STORAGE_KEY}:visitor`);
  /** @type {Partial<AssentCore.TrackerSettings>} */
  const settings = core.trackerSettings() || {};

  for (const stored of store.candidates()) {
    const refused = core.restore(stored, now());
    if (!refused) break;
    console.warn(`Assent: stored consent discarded (${refused.error}); asking again`);
  }
  /** @type {[ReturnType<typeof createTextStore>, (text: string, now: number) => AssentCore.WireError | null][]} */
  const kept = [
    [visitorStore, (text, t) => core.restoreVisitor(text, t)],
    [pendingStore, (text, t) => core.restorePending(text, t)],
  ];
  for (const [keptStore, restore] of kept) {
    const text = keptStore.read();
    const refused = text ? restore(text, now()) : null;
    // Only the core's refusal (unreadable text) removes it; null (restored,
    // or the core stopped) leaves it, for a later launch in the second case.
    if (refused) {
      console.warn(`Assent: ${keptStore.key} discarded (${refused.error})`);
      keptStore.clear();
    }
  }

  // Writes what the core wants kept ('' removes the key: nothing left to
  // keep). null (the core stopped) leaves the stored keys alone.
  function keep() {
    const pending = core.pending();
    if (pending !== null) pendingStore.write(pending);
    const visitor = core.visitor(now());
    if (visitor !== null) visitorStore.write(visitor);
  }

  const endpoints = settings.collectorUrl ? collectorEndpoints(settings.collectorUrl) : null;
  if (settings.collectorUrl && !endpoints) {
    console.warn(`Assent: tracker.collectorUrl "${settings.collectorUrl}" is not an absolute https:// URL; nothing will be sent`);
  }
  // No beacon here: when the app is hidden, everything is posted at once.
  const delivery = endpoints
    ? createDelivery({
        url: endpoints.events,
        intervalMs: Number(settings.flushIntervalMs) || 2000,
        core,
        post: postJson,
        timers: { setInterval, clearInterval, setTimeout, clearTimeout },
        now,
        warn: (message) => console.warn(message),
        onSettled: keep,
      })
    : null;

  /** @param {AssentCore.PromptModel['kind']} kind @param {string} [capability] */
  const promptModel = (kind, capability = '') => core.promptModel(kind, languages, now(), capability);
  const record = () => core.record();

  // ---- what the component shows: a permission the person asked for first,
  // then the preferences, then the banner.
  /** @type {AssentCore.PromptModel | null} */
  let banner = null;
  /** @type {AssentCore.PromptModel | null} */
  let preferences = null;
  /** @type {(PermissionRequest & { model: AssentCore.PromptModel }) | null} */
  let permission = null;
  /** @type {(PermissionRequest & { model: AssentCore.PromptModel })[]} */
  const waiting = [];

  /** @returns {View | null} */
  function view() {
    if (permission) {
      return { kind: 'permission', model: permission.model, step: permission.step, items: permission.items || [] };
    }
    if (preferences) return { kind: 'preferences', model: preferences };
    if (banner) return { kind: 'banner', model: banner };
    return null;
  }
  const publish = () => onView(view());

  // ---- after the core made a record: store it, send the receipt, delete what
  // refused services left behind, and let the app know.
  function settle() {
    store.write(core.stored(), core.storedCurrent());
    if (endpoints) postJson(endpoints.consent, JSON.stringify({ consent: core.storedCurrent() }));
    deleteTraces(core.storageToClear(now()));
    if (delivery) delivery.pump();
    keep();
    emit('change', record());
  }

  function recorded() {
    settle();
    preferences = null;
    banner = core.needsPrompt(now()) ? promptModel(PromptKind.Banner) : null;
    publish();
  }

  /**
   * @param {string} action accept_all | reject_all | custom | api
   * @param {Record<string, boolean> | null} choices
   * @param {string} surface banner | preferences | api
   * @param {string} language
   * @returns {string} '' when recorded, else why the core refused
   */
  function decide(action, choices, surface, language) {
    const refused = core.choose(action, choices || null, surface, language, now());
    if (refused) return refused.error;
    recorded();
    return '';
  }

  /** @param {string} purpose @param {string} surface @returns {string} as decide() */
  function withdraw(purpose, surface) {
    const refused = core.withdraw(purpose || '', surface, now());
    if (refused) return refused.error;
    recorded();
    return '';
  }

  // An erasure request: the core forgets everything; the shell deletes the
  // services' keys and its own stored record. The banner asks afresh.
  function erase() {
    deleteTraces(core.erase(now()));
    store.clear();
    pendingStore.clear();
    visitorStore.clear();
    preferences = null;
    banner = promptModel(PromptKind.Banner);
    publish();
    emit('change', null);
  }

  const flows = createPermissionFlows({
    core,
    model: (capability) => promptModel(PromptKind.Permission, capability),
    ask(request) {
      const model = promptModel(PromptKind.Permission, request.capability);
      if (!model) return;
      const entry = Object.assign({}, request, { model });
      if (permission) waiting.push(entry);
      else {
        permission = entry;
        publish();
      }
    },
    done() {
      permission = waiting.shift() || null;
      publish();
    },
    decided: settle,
    templates,
  });

  /**
   * @param {string} name @param {unknown} props @param {string} page @param {number} ts
   * @returns {AssentCore.Outcome | 'unavailable'}
   */
  function track(name, props, page, ts) {
    let json = '';
    if (props !== undefined && props !== null) {
      try {
        json = JSON.stringify(props);
      } catch (_) {
        return TrackOutcome.BadProps;
      }
    }
    // Every argument of the wire must be of its type: an app's odd page is text.
    return core.track(String(name), json, page == null ? '' : String(page), ts);
  }

  return {
    start() {
      if (delivery) delivery.start();
      flows.watchPrivacy();
      if (core.needsPrompt(now())) banner = promptModel(PromptKind.Banner);
      publish();
    },
    // App onHide: send what may leave now; the app may be suspended soon.
    hidden() {
      if (delivery) delivery.hidden();
      keep();
    },
    /** @param {string} purpose */
    accepted: (purpose) => core.accepted(String(purpose), now()),
    /** @param {string} capability */
    permission: (capability) => core.permissionState(String(capability), now()),
    record,
    exportRecords: () => core.exportRecords(),
    track,
    // The language the prompt is in, for decisions made through the API.
    language: () => ((promptModel(PromptKind.Banner) || {}).language || ''),
    decide,
    withdraw,
    erase,
    showBanner() {
      banner = promptModel(PromptKind.Banner);
      publish();
    },
    showPreferences() {
      preferences = promptModel(PromptKind.Preferences);
      publish();
    },
    // Closing the preferences without a choice: back to the banner if it is
    // still wanted.
    closePreferences() {
      preferences = null;
      publish();
    },
    /** @param {string} action allow | deny @param {{ buttonId?: string }} [detail] */
    answerPermission(action, detail) {
      if (permission) permission.answer(action, detail);
    },
    requestScope: flows.requestScope,
    requestSubscribe: flows.requestSubscribe,
    requirePrivacy: flows.requirePrivacy,
  };
}
