// A running Assent on one page: the core handle plus the shells around it.
// Every question about consent goes to the core; this file only moves its
// answers between storage, the prompt view, the tracker and the network.
import { createConsentStore, createLocalText, deleteTraces } from '../platform/storage.js';
import { postJson, requestJson } from '../platform/transport.js';
import { randomSeedHex } from '../platform/random.js';
import { StorageKeys } from '../shell/names.js';
import { now } from '../platform/clock.js';
import { preferredLanguages } from '../platform/locale.js';
import { createLazyView } from './lazy-view.js';
import { createTracker } from '../tracker/tracker.js';
import { createRecorder, receiptUrlOf } from '../shell/recorder.js';

// core: a guarded Core; configUrl: absolute URL of the config (relative
// collector URLs resolve against it); emit(type, detail) notifies listeners;
// launcher: show the floating "Privacy settings" button; loadUi(retry):
// the prompt chunk (ui-chunk.js), fetched when a prompt is first shown;
// loadPermissionFlow(retry): the permission chunk, fetched by request();
// loadMyData(retry): the own-data chunk, for the preferences' controls;
// vendorDialog(): on a TCF site, the TCF chunk's model of the dialog's vendor
// part for the current record (null until that chunk has loaded), and
// vendorView() its renderer (ui/vendors.js; null until then);
// tcStringOf(record): its TC string for a record ('' until then).
export function createSession({ win, core, configUrl, emit, whenStyled, loadUi, loadPermissionFlow, loadMyData, launcher = true, vendorDialog = () => null, vendorView = () => null, tcStringOf = () => '' }) {
  const doc = win.document;
  const store = createConsentStore({ win });
  const languages = preferredLanguages(win.navigator, doc);
  const settings = core.trackerSettings() || {};

  let collectorUrl = '';
  if (settings.collectorUrl) {
    try {
      collectorUrl = new URL(settings.collectorUrl, configUrl).href;
    } catch (_) {
      win.console.warn(`Assent: tracker.collectorUrl "${settings.collectorUrl}" is not a URL; nothing will be sent`);
    }
  }

  // Storing, receipts and traces after each decision, as in the mini-program.
  const recorder = createRecorder({
    core,
    now,
    store,
    receiptUrl: receiptUrlOf(collectorUrl),
    post: (url, body) => postJson(url, body, win),
    deleteTraces: (traces) => deleteTraces(win, traces),
    warn: (message) => win.console.warn(message),
    keys: createLocalText(win, StorageKeys.key),
    newSecret: () => randomSeedHex(16, win.crypto),
    request: (method, url, headers) => requestJson(method, url, headers, win),
    tcStringOf,
    afterChange(record) {
      tracker.consentChanged();
      view.close();
      if (core.needsPrompt(now())) showBanner();
      emit('change', record);
    },
  });
  recorder.restore();

  // Autocapture, batching, delivery and the events kept across reloads.
  const tracker = createTracker({ win, core, settings, collectorUrl, now });

  // subject: a permission's capability, a placeholder's purpose.
  const promptModel = (kind, subject = '') => core.promptModel(kind, languages, now(), subject);
  const record = () => core.record();
  // The preferences, with the vendor part on a TCF site.
  const preferencesModel = () => {
    const model = promptModel('preferences');
    const tcf = model && vendorDialog(record());
    return tcf ? { ...model, tcf } : model;
  };

  const { recorded, decide, withdraw, erase, placeholder, exportMine, eraseMine } = recorder;

  const view = createLazyView(doc, loadUi, {
    onChoice({ action, choices, surface, language, tcf }) {
      const error = decide(action, choices, surface, language, tcf);
      if (error) win.console.error(`Assent: choice not recorded: ${error}`);
    },
    preferences: preferencesModel,
    vendorView,
    loadMyData,
    exportMine: () => exportMine(),
    eraseMine: () => eraseMine(),
    onShow: (model) => emit('prompt', { kind: model.kind, language: model.language, capability: model.capability }),
  });

  function showBanner() {
    const model = promptModel('banner');
    if (model) whenStyled().then(() => view.showBanner(model)).catch(report);
  }

  function report(error) {
    if (error && error.reported) return; // the chunk's loader said what failed
    win.console.error('Assent: the prompt could not be shown', error);
  }

  // Another tab decided, or this page came back from the back/forward cache:
  // storage holds the latest decision, so the core is told it again. An
  // emptied storage (erased elsewhere) restores as no consent.
  const resync = () => recorder.resync(store.candidates()[0] || '');

  const track = (name, props, page, ts) => tracker.track(name, props, page, ts);

  return {
    start() {
      // Resync first, so that a page view on a back/forward restore is
      // judged under the latest decision.
      win.addEventListener('storage', (event) => {
        if (event.key === null || event.key === store.key) resync();
      });
      win.addEventListener('pageshow', (event) => {
        if (event.persisted) resync();
      });
      // Global Privacy Control is an opt-out of sale/sharing (C12); the core
      // records it when it changes anything.
      const before = core.storedCurrent();
      core.setGpc(Boolean(win.navigator.globalPrivacyControl), now());
      if (core.storedCurrent() !== before) recorded();
      tracker.start();
      if (core.needsPrompt(now())) showBanner();
      const settingsModel = launcher && promptModel('preferences');
      // The config's launcher "off" is data-launcher="off" said in the config.
      if (settingsModel && settingsModel.launcher !== 'off') {
        whenStyled()
          .then(() => view.mountLauncher(settingsModel, () => this.showPreferences()))
          .catch(report);
      }
    },
    accepted: (purpose) => core.accepted(String(purpose), now()),
    needsPrompt: () => core.needsPrompt(now()),
    record,
    exportRecords: () => core.exportRecords(),
    track,
    // The language the prompt is in, for decisions made through the API.
    language: () => (promptModel('banner') || {}).language || '',
    decide,
    withdraw,
    answerPlaceholder: placeholder,
    promptModel,
    // Google Consent Mode signals, as the core derives them.
    consentMode: (asDefault) => core.consentMode(now(), asDefault),
    // A browser permission, asked the core's way (see permission-flow.js,
    // which comes with the permission chunk: a page that never asks never
    // loads it). Both chunks are fetched at once: the flow shows the prompt
    // chunk's pre-prompt. Either missing rejects, and the browser is never asked.
    request: (capability, options) =>
      whenStyled()
        .then(() => Promise.all([loadPermissionFlow(true), loadUi(true)]))
        .then(([flow]) =>
          flow.requestPermission({
            win,
            core,
            capability,
            options,
            model: () => promptModel('permission', capability),
            view,
            recorded,
            emit,
          }),
        ),
    erase,
    exportMine,
    eraseMine,
    show() {
      showBanner();
      return Promise.resolve();
    },
    showPreferences() {
      const model = preferencesModel();
      if (model) return whenStyled().then(() => view.showPreferences(model)).catch(report);
      return Promise.resolve();
    },
  };
}
