// A running Assent in a mini-program: the core handle plus the shells around
// it. Every question about consent goes to the core; this file only moves its
// answers between wx storage, the consent component, the tracker and
// wx.request. Same shape as web/src/browser/session.js.
import { createConsentStore, createTextStore, deleteTraces } from './platform/storage.js';
import { collectorEndpoints, postJson, requestJson } from './platform/transport.js';
import { now } from './platform/clock.js';
import { createDelivery } from '../shell/delivery.js';
import { createRecorder } from '../shell/recorder.js';
import { createPermissionFlows } from './permission-flows.js';
import { PromptKind, TrackOutcome } from '../shell/wire-names.js';
import { StorageKeys } from '../shell/names.js';

/**
 * What the consent component shows: the core's model, and for a permission
 * the step it leads to (ask | settings | failed: views of the core's model;
 * privacy | subscribe: the ask view of their capability) and, for
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
 *   newSecret: () => string,
 * }} options
 *   newSecret: a fresh secret from the platform's random source (the device
 *   key, shell/recorder.js).
 */
export function createSession({ core, languages, emit, onView, templates, newSecret }) {
  const store = createConsentStore();
  // What the core asks the shell to keep across launches: forwarded events
  // not yet delivered, and the visitor ids of purposes that allow them.
  const pendingStore = createTextStore(StorageKeys.pending);
  const visitorStore = createTextStore(StorageKeys.visitor);
  /** @type {Partial<AssentCore.TrackerSettings>} */
  const settings = core.trackerSettings() || {};

  const endpoints = settings.collectorUrl ? collectorEndpoints(settings.collectorUrl) : null;
  if (settings.collectorUrl && !endpoints) {
    console.warn(`Assent: tracker.collectorUrl "${settings.collectorUrl}" is not an absolute https:// URL; nothing will be sent`);
  }
  // Storing, receipts and traces after each decision, as in the browser.
  const recorder = createRecorder({
    core,
    now,
    store,
    receiptUrl: endpoints ? endpoints.consent : '',
    post: postJson,
    deleteTraces,
    warn: (message) => console.warn(message),
    keys: createTextStore(StorageKeys.key),
    newSecret,
    request: requestJson,
    afterChange(record) {
      if (delivery) delivery.pump();
      keep();
      emit('change', record);
      preferences = null;
      banner = core.needsPrompt(now()) ? promptModel(PromptKind.Banner) : null;
      publish();
    },
  });
  recorder.restore();
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

  /** @param {AssentCore.PromptModel['kind']} kind @param {string} [subject] a capability, or a placeholder's purpose */
  const promptModel = (kind, subject = '') => core.promptModel(kind, languages, now(), subject);
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

  const { decide, withdraw, erase } = recorder;

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
    decided: recorder.recorded,
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
    exportMine: recorder.exportMine,
    eraseMine: recorder.eraseMine,
    /** @param {string} purpose */
    placeholderModel: (purpose) => promptModel(PromptKind.Placeholder, String(purpose)),
    answerPlaceholder: recorder.placeholder,
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
