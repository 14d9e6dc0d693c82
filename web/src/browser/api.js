// The public API object: window.Assent in the script-tag build, the default
// export of assent.mjs. It loads the config and the WASM core, restores the
// stored record, wires the bridges (Consent Mode, script activation,
// embeds), shows the prompt when the core says so and starts the tracker.
// `ready` always resolves (never rejects) with { ok: true } or
// { ok: false, error }. When the config or the core cannot be loaded,
// exactly one console.error names the problem, no prompt is shown, nothing
// is tracked, and the page carries on.
import { loadCoreModule, guardCore } from './core-loader.js';
import { createSession } from './session.js';
import { randomSeedHex } from '../platform/random.js';
import { now } from '../platform/clock.js';
import { createConsentMode } from '../bridges/consent-mode.js';
import { createScriptActivation } from '../bridges/scripts.js';
import { EMBED_FRAMES } from '../bridges/embeds.js';
import { linkStylesheet } from './stylesheet.js';
import { createUiLoader, createPermissionLoader, createMyDataLoader, createEmbedsLoader } from './ui-chunk.js';
import { createConsentStore } from '../platform/storage.js';

export const VERSION = '0.2.0';
const PENDING_TRACK_LIMIT = 100;
const EVENTS = ['ready', 'change', 'prompt', 'permission'];

function domReady(doc) {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

function fetchConfig(win, url, label) {
  return win.fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(
    (response) => {
      if (!response.ok) {
        throw new Error(`config ${label}: HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`);
      }
      return response.text();
    },
    (error) => {
      throw new Error(`config ${label}: could not be fetched (${error && error.message ? error.message : error})`);
    },
  );
}

// Where the config is: the data-config URL on the tag that loads Assent, or
// an inline <script type="application/json" id="assent-config">.
function findConfig(doc, tag) {
  const url = tag && tag.getAttribute('data-config');
  if (url) return { url: new URL(url, doc.baseURI).href, label: url, element: tag };
  const inline = doc.getElementById('assent-config');
  if (inline) return { text: inline.textContent, url: doc.baseURI, label: 'inline #assent-config', element: inline };
  return null;
}

// assetBase: the URL assent.wasm and assent.css sit beside; tag: the
// <script> that loaded Assent (for data-config and data-launcher); hold: the
// script hold assent.js installed (none for assent.mjs, which runs too late);
// embedsChunk(): the loader of the embeds chunk, which wireBridges uses.
async function boot(win, { assetBase, tag, hold, embedsChunk }, emit) {
  const doc = win.document;
  if (!assetBase) throw new Error('no <script src=".../assent.js"> tag found');
  let source = findConfig(doc, tag);
  if (!source) {
    await domReady(doc); // an inline config may come after the script tag
    source = findConfig(doc, tag);
  }
  if (!source) {
    throw new Error('no config: give the <script> tag a data-config URL or add <script type="application/json" id="assent-config">');
  }
  const wasmUrl = new URL('assent.wasm', assetBase).href;
  const cssUrl = new URL('assent.css', assetBase).href;
  const ui = createUiLoader(win, assetBase, tag, hold);
  const permissionFlow = createPermissionLoader(win, assetBase, tag, hold);
  const myData = createMyDataLoader(win, assetBase, tag, hold);

  // The core, the config and the stylesheet load at once: the banner waits
  // for all three, so none of them may wait for another.
  const moduleLoad = loadCoreModule(win, wasmUrl);
  moduleLoad.catch(() => {}); // reported below, after the config's own problems
  const styleLoad = linkStylesheet(doc, cssUrl, { nonce: (tag && tag.nonce) || '' });
  // No record stored at all: the core will most likely ask, so the prompt
  // chunk comes now, beside the core, not after its answer. Whether to ask
  // stays the core's: this only looks whether anything is stored.
  if (!createConsentStore({ win }).candidates().length) ui.preload();
  // A page with a frame marked for a purpose: the embeds chunk comes beside
  // the core too, so that its placeholders wait for no request made after
  // the core's answer.
  domReady(doc).then(() => {
    if (doc.querySelector(EMBED_FRAMES)) embedsChunk().preload();
  });
  const configText = source.text !== undefined ? source.text : await fetchConfig(win, source.url, source.label);
  let mod;
  try {
    mod = await moduleLoad;
  } catch (error) {
    throw new Error(`core ${wasmUrl}: ${error.message}`);
  }

  const bound = new mod.Core(configText, randomSeedHex());
  let faulted = false;
  const core = guardCore(bound, (error) => {
    if (faulted) return;
    faulted = true;
    win.console.error(`Assent: the core stopped (${error && error.message}); treating everything as no consent`);
  });
  const problem = core.error();
  if (problem) {
    bound.delete();
    throw new Error(`config ${source.label}: ${problem.error.split('\n').filter(Boolean).join('; ')}`);
  }
  // Unknown keys (a typo, or a key of a newer Assent): shown, not fatal.
  for (const warning of core.warnings()) win.console.warn(`Assent: config ${source.label}: ${warning}`);
  const parsed = JSON.parse(configText);  // the text the core has just found valid: JSON.parse sees what it saw
  // services[].scripts: the core says which purpose a script's URL is for,
  // once the patterns are absolute; relative ones resolve against the
  // config's URL, as tracker.collectorUrl does.
  if (hold) hold.judgeBy(core, source.url);
  // TCF and GPP (issue 13) are a chunk and a module of their own, fetched
  // only for a config with a `tcf` or `gpp` section; the config goes with
  // it (bridges/iab-chunk.js), and a callback by which the TCF chunk hands
  // back its model of the preferences' vendor part, the renderer of that
  // part, and its TC string for a record (attested in the record before it
  // is stored).
  let vendorDialog = () => null;
  let vendorView = null;
  let tcStringOf = () => '';
  if (parsed.tcf || parsed.gpp) {
    const handBack = (dialog, tcStringFor, view) => {
      vendorDialog = dialog;
      tcStringOf = tcStringFor;
      vendorView = view;
    };
    const chunk = Object.assign(doc.createElement('script'), { assent: [configText, source.url, handBack] });
    if (hold) hold.pass(chunk);
    chunk.src = new URL('assent-tcf.js', assetBase);
    doc.head.append(chunk);
  }

  let styled = null;
  const whenStyled = () => {
    if (!styled) styled = Promise.all([domReady(doc), styleLoad]);
    return styled;
  };
  await domReady(doc);
  // data-launcher="off" (on the loading tag or the config element): the
  // page has its own data-assent-open control instead of the floating one.
  const launcher = ![tag, source.element].some((el) => el && el.getAttribute('data-launcher') === 'off');
  return createSession({
    win, core, configUrl: source.url, emit, whenStyled, loadUi: ui.load, loadPermissionFlow: permissionFlow.load, loadMyData: myData.load, launcher,
    vendorDialog: (record) => vendorDialog(record),
    vendorView: () => vendorView,
    tcStringOf: (record) => tcStringOf(record),
  });
}

export function createAssent(win, where) {
  const doc = win.document;
  const listeners = {};
  for (const type of EVENTS) listeners[type] = new Set();
  const pendingTracks = [];
  let session = null;
  let bridges = null;
  let failure = '';
  let readyState = null;

  const emit = (type, detail) => {
    // The bridges carry out a change before the page hears of it.
    if (type === 'change' && bridges) bridges.change();
    for (const fn of Array.from(listeners[type] || [])) {
      try {
        fn(detail);
      } catch (error) {
        win.console.error('Assent: a "' + type + '" listener threw', error);
      }
    }
  };

  const unavailable = () => new Error(`Assent is not available: ${failure}`);
  const whenStarted = (fn) =>
    ready.then(() => {
      if (!session) throw unavailable();
      return fn(session);
    });

  function decideViaApi(action, choices) {
    return whenStarted((s) => {
      const error = s.decide(action, choices, 'api', s.language());
      if (error) throw new Error(`Assent: ${error}`);
      return s.record();
    });
  }

  function wireBridges(s) {
    const consentMode = createConsentMode(win, (asDefault) => s.consentMode(asDefault));
    const hold = where.hold;
    const scripts = createScriptActivation(doc, (purpose) => s.accepted(purpose), hold && hold.pass);
    // Scripts services[].scripts holds are judged by the core from now on; one
    // inserted later is run at once if the core accepts its purpose meanwhile.
    if (hold) hold.connect((purpose) => s.accepted(purpose), () => scripts.activate());
    // Embedded frames (bridges/embeds.js) come with a chunk of their own,
    // fetched once the page has a frame marked for a purpose. Until it is
    // there (or if it cannot load), such a frame keeps no src: nothing loads.
    let embeds = null;
    const refreshEmbeds = (changed) => {
      // Loaded: at once, so frames know of a decision before the page's
      // "change" listeners do (docs/page-api.md promises it).
      if (embeds) return embeds.refresh(changed);
      if (!doc.querySelector(EMBED_FRAMES)) return;
      embedsChunk().load(true).then((chunk) => {
        if (!embeds) {
          embeds = chunk.createEmbeds(doc, {
            accepted: (purpose) => s.accepted(purpose),
            model: (purpose) => s.promptModel('placeholder', purpose),
            answer: (purpose, action, language) => s.answerPlaceholder(purpose, action, language),
            showPreferences: () => s.showPreferences(),
          });
        }
        embeds.refresh(changed);
      }, () => {}); // reported by the loader; tried again at the next change
    };
    return {
      // Consent Mode's default goes out before any blocked script can run.
      start() {
        consentMode.start();
      },
      afterStart() {
        scripts.activate();
        refreshEmbeds(false);
      },
      change() {
        consentMode.update();
        scripts.activate();
        refreshEmbeds(true);
      },
    };
  }

  // Made when first needed: boot has checked assetBase by then.
  let embedsLoader = null;
  const embedsChunk = () => embedsLoader || (embedsLoader = createEmbedsLoader(win, where.assetBase, where.tag, where.hold));

  const ready = boot(win, { ...where, embedsChunk }, emit)
    .then((started) => {
      bridges = wireBridges(started);
      bridges.start();
      session = started;
      session.start();
      bridges.afterStart();
      for (const [name, props, page, ts] of pendingTracks.splice(0)) {
        try {
          session.track(name, props, page, ts);
        } catch (_) {
          // one queued event never stops the start
        }
      }
      return { ok: true };
    })
    .catch((error) => {
      failure = (error && error.message) || String(error);
      session = null;
      pendingTracks.length = 0;
      win.console.error(`Assent: ${failure}`);
      return { ok: false, error: failure };
    })
    .then((state) => {
      readyState = state;
      emit('ready', state);
      return state;
    });

  const api = {
    version: VERSION,
    ready,
    accepted: (purpose) => (session ? session.accepted(purpose) : false),
    record: () => (session ? session.record() : null),
    // The core asks for a choice now: the banner is up or on its way.
    needsPrompt: () => (session ? session.needsPrompt() : false),
    acceptAll: () => decideViaApi('accept_all', null),
    rejectAll: () => decideViaApi('reject_all', null),
    set: (choices) => decideViaApi('api', choices || {}),
    // Withdraws one purpose, or every one when called without a purpose (C05).
    withdraw: (purpose) =>
      whenStarted((s) => {
        const error = s.withdraw(purpose, 'api');
        if (error) throw new Error(`Assent: ${error}`);
        return s.record();
      }),
    // Everything recorded about this browser's consent id (C13).
    exportRecords: () => (session ? session.exportRecords() : null),
    // Forgets every record and deletes the services' cookies and keys (C14).
    erase: () => ready.then(() => (session ? session.erase() : undefined)),
    // Everything kept about this consent id, on the device and by the
    // collector (which only this device's secret, or an operator, may read).
    exportMyData: () => whenStarted((s) => s.exportMine()),
    // The collector erases what it keeps, then the device forgets everything.
    eraseMyData: () => whenStarted((s) => s.eraseMine()),
    show: () => ready.then(() => (session ? session.show() : undefined)),
    showPreferences: () => ready.then(() => (session ? session.showPreferences() : undefined)),
    // A browser permission behind the core's pre-prompt (C16). Resolves
    // { capability, state: granted | denied | blocked | dismissed |
    // unavailable, value? }; rejects for a capability the config lacks.
    request: (capability, options) => whenStarted((s) => s.request(String(capability), options)),
    // Returns what the core did with the event: forwarded | held | refused |
    // unknown_event | bad_props; "pending" before the core is loaded,
    // "unavailable" when it could not be.
    track(name, props) {
      const page = win.location.pathname;
      if (session) return session.track(name, props, page, now());
      if (failure) return 'unavailable';
      if (pendingTracks.length < PENDING_TRACK_LIMIT) pendingTracks.push([name, props, page, now()]);
      return 'pending';
    },
    // on('ready' | 'change' | 'prompt' | 'permission', fn) → unsubscribe.
    // A "ready" listener added after the start is called at once (async).
    on(type, fn) {
      if (!listeners[type]) throw new Error(`Assent: unknown event "${type}"`);
      listeners[type].add(fn);
      if (type === 'ready' && readyState) {
        Promise.resolve().then(() => {
          if (listeners.ready.has(fn)) fn(readyState);
        });
      }
      return () => listeners[type].delete(fn);
    },
    off(type, fn) {
      if (listeners[type]) listeners[type].delete(fn);
    },
  };

  // Any element with data-assent-open opens the preferences, from any page.
  doc.addEventListener('click', (event) => {
    const opener = event.target && event.target.closest && event.target.closest('[data-assent-open]');
    if (!opener || failure) return; // without a core, a link keeps its own href
    event.preventDefault();
    api.showPreferences();
  });

  return api;
}
