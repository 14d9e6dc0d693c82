// Entry of the script-tag build:
//   <script src="/assent/assent.js" data-config="/assent.config.json"></script>
// It finds its own tag, loads the config and the WASM core, restores the
// stored record, shows the prompt when the core says so and starts the
// tracker. window.Assent exists at once; Assent.ready always resolves (never
// rejects) with { ok: true } or { ok: false, error }. When the config or the
// core cannot be loaded, exactly one console.error names the problem, no
// prompt is shown, nothing is tracked, and the page carries on.
import { loadCoreModule, guardCore } from './core-loader.js';
import { createSession } from './session.js';
import { randomSeedHex } from '../platform/random.js';
import { now } from '../platform/clock.js';

const VERSION = '0.1.0';
const CSS_WAIT_MS = 3000;
const PENDING_TRACK_LIMIT = 100;

function findOwnScript(doc) {
  const current = doc.currentScript;
  if (current && current.src && current.hasAttribute('data-config')) return current;
  return doc.querySelector('script[src][data-config]');
}

function domReady(doc) {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

// Adds <link rel="stylesheet" href=".../assent.css"> unless the site has
// linked it already; resolves once it loaded or failed (or after a while).
function linkStylesheet(doc, href) {
  const existing = Array.from(doc.querySelectorAll('link[rel~="stylesheet"]')).find((l) => l.href === href);
  if (existing && existing.sheet) return Promise.resolve();
  return new Promise((resolve) => {
    const link = existing || doc.createElement('link');
    const done = () => resolve();
    link.addEventListener('load', done, { once: true });
    link.addEventListener('error', done, { once: true });
    setTimeout(done, CSS_WAIT_MS);
    if (!existing) {
      link.rel = 'stylesheet';
      link.href = href;
      (doc.head || doc.documentElement).appendChild(link);
    }
  });
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

async function boot(win, script, emit) {
  const doc = win.document;
  if (!script) throw new Error('no <script src=".../assent.js" data-config="..."> tag found');
  const configAttr = script.getAttribute('data-config') || '';
  if (!configAttr) throw new Error('the <script> tag has no data-config attribute');
  const configUrl = new URL(configAttr, doc.baseURI).href;
  const wasmUrl = new URL('assent.wasm', script.src).href;
  const cssUrl = new URL('assent.css', script.src).href;

  const moduleLoad = loadCoreModule(win, wasmUrl);
  moduleLoad.catch(() => {}); // reported below, after the config's own problems
  const configText = await fetchConfig(win, configUrl, configAttr);
  let mod;
  try {
    mod = await moduleLoad;
  } catch (error) {
    throw new Error(`core ${wasmUrl}: ${error.message}`);
  }

  const bound = new mod.Core(configText, randomSeedHex());
  const problems = bound.error();
  if (problems) {
    bound.delete();
    throw new Error(`config ${configAttr}: ${problems.split('\n').filter(Boolean).join('; ')}`);
  }
  let faulted = false;
  const core = guardCore(bound, (error) => {
    if (faulted) return;
    faulted = true;
    win.console.error(`Assent: the core stopped (${error && error.message}); treating everything as no consent`);
  });

  let styled = null;
  const whenStyled = () => {
    if (!styled) styled = Promise.all([domReady(doc), linkStylesheet(doc, cssUrl)]);
    return styled;
  };
  await domReady(doc);
  return createSession({ win, core, configUrl, emit, whenStyled });
}

function install(win) {
  const listeners = { change: new Set() };
  const pendingTracks = [];
  let session = null;
  let failure = '';

  const emit = (type, detail) => {
    for (const fn of Array.from(listeners[type] || [])) {
      try {
        fn(detail);
      } catch (error) {
        win.console.error('Assent: a "' + type + '" listener threw', error);
      }
    }
  };

  const ready = boot(win, findOwnScript(win.document), emit).then(
    (started) => {
      session = started;
      session.start();
      for (const [name, props, page, ts] of pendingTracks.splice(0)) session.track(name, props, page, ts);
      return { ok: true };
    },
    (error) => {
      failure = (error && error.message) || String(error);
      pendingTracks.length = 0;
      win.console.error(`Assent: ${failure}`);
      return { ok: false, error: failure };
    },
  );

  const unavailable = () => new Error(`Assent is not available: ${failure}`);

  function decideViaApi(action, choices) {
    return ready.then(() => {
      if (!session) throw unavailable();
      const error = session.decide(action, choices, 'api', session.language());
      if (error) throw new Error(`Assent: ${error}`);
      return session.record();
    });
  }

  const api = {
    version: VERSION,
    ready,
    accepted: (purpose) => (session ? session.accepted(purpose) : false),
    record: () => (session ? session.record() : null),
    acceptAll: () => decideViaApi('accept_all', null),
    rejectAll: () => decideViaApi('reject_all', null),
    set: (choices) => decideViaApi('api', choices || {}),
    // Withdraws one purpose, or every one when called without a purpose (C05).
    withdraw: (purpose) =>
      ready.then(() => {
        if (!session) throw unavailable();
        const error = session.withdraw(purpose, 'api');
        if (error) throw new Error(`Assent: ${error}`);
        return session.record();
      }),
    // Everything recorded about this browser's consent id (C13).
    exportRecords: () => (session ? session.exportRecords() : null),
    // Forgets every record and deletes the services' cookies and keys (C14).
    erase: () => ready.then(() => (session ? session.erase() : undefined)),
    show: () => ready.then(() => (session ? session.show() : undefined)),
    showPreferences: () => ready.then(() => (session ? session.showPreferences() : undefined)),
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
    on(type, fn) {
      if (!listeners[type]) throw new Error(`Assent: unknown event "${type}"`);
      listeners[type].add(fn);
      return () => listeners[type].delete(fn);
    },
    off(type, fn) {
      if (listeners[type]) listeners[type].delete(fn);
    },
  };

  // Any element with data-assent-open opens the preferences, from any page.
  win.document.addEventListener('click', (event) => {
    const opener = event.target && event.target.closest && event.target.closest('[data-assent-open]');
    if (!opener || failure) return; // without a core, a link keeps its own href
    event.preventDefault();
    api.showPreferences();
  });

  return api;
}

(function main(win) {
  if (win.Assent && win.Assent.version) return; // loaded twice: keep the first
  try {
    win.Assent = Object.freeze(install(win));
  } catch (error) {
    win.console.error(`Assent: ${(error && error.message) || error}`);
  }
})(window);
