// The IAB GPP page API (CMP API 1.1), in the assent-tcf.js chunk beside the
// TCF API: `ping`, `addEventListener`/`removeEventListener`, `hasSection`,
// `getSection` and `getField`, answered at once as the spec wants. It
// replaces the stub's __gpp (taking over its listeners, replaying its
// queue). The GPP string comes from the TCF module (core/src/gpp/site.cpp
// maps the site's purposes to usnat, and takes the TC string of the TCF API
// for tcfeuv2); this file only moves it, reads navigator.globalPrivacyControl
// for the module, and tells listeners in the spec's order of events.
import { answerGppFrames, PREFIX_IDS, SUPPORTED_APIS } from './gpp-frames.js';

// getSection's form: Datetime fields as Dates (the spec's JS mapping).
function withDates(sections) {
  const out = {};
  for (const [prefix, parts] of Object.entries(sections || {})) {
    out[prefix] = parts.map((part) => {
      const copy = { ...part };
      for (const key of ['Created', 'LastUpdated']) if (typeof copy[key] === 'number') copy[key] = new Date(copy[key]);
      return copy;
    });
  }
  return out;
}

export function createGppApi(win, { configText, configUrl, moduleLoad, assent, tcf }) {
  const doc = win.document;
  const stub = win.__gpp;
  const listeners = new Map(); // listenerId -> callback
  let nextListenerId = 1;
  let cmpStatus = 'loading';
  let cmpDisplayStatus = 'hidden';
  let signalStatus = 'not ready';
  let cmpId = 0;
  let applicableSections = [-1];
  let gppString = '';
  let sectionList = [];
  let parsedSections = {};
  let gpp = null; // the module's Gpp

  function ping() {
    return {
      gppVersion: '1.1',
      cmpStatus,
      cmpDisplayStatus,
      signalStatus,
      supportedAPIs: SUPPORTED_APIS.slice(),
      cmpId,
      sectionList: sectionList.slice(),
      applicableSections: applicableSections.slice(),
      gppString,
      parsedSections: withDates(parsedSections),
    };
  }

  function fire(eventName, data) {
    for (const [listenerId, fn] of Array.from(listeners)) {
      try {
        fn({ eventName, listenerId, data, pingData: ping() }, true);
      } catch (error) {
        win.console.error('Assent GPP: a listener threw', error);
      }
    }
  }

  function section(prefix) {
    return cmpStatus === 'loaded' && parsedSections[prefix] ? withDates(parsedSections)[prefix] : null;
  }

  const commands = {
    ping: (callback) => callback(ping(), true),
    addEventListener(callback) {
      const listenerId = nextListenerId++;
      listeners.set(listenerId, callback);
      callback({ eventName: 'listenerRegistered', listenerId, data: true, pingData: ping() }, true);
    },
    removeEventListener: (callback, listenerId) => callback(listeners.delete(listenerId), true),
    hasSection: (callback, prefix) => callback(cmpStatus === 'loaded' ? Boolean(parsedSections[prefix]) : null, true),
    getSection: (callback, prefix) => callback(section(prefix), true),
    getField(callback, name) {
      const dot = String(name).indexOf('.');
      const parts = dot > 0 ? section(String(name).slice(0, dot)) : null;
      const field = String(name).slice(dot + 1);
      const holder = parts && parts.find((part) => Object.prototype.hasOwnProperty.call(part, field));
      callback(holder ? holder[field] : null, true);
    },
  };

  function api(command, callback, parameter, version) {
    if (typeof callback !== 'function') return;
    const run = Object.prototype.hasOwnProperty.call(commands, command) ? commands[command] : null;
    if (!run || cmpStatus === 'error') return callback(null, false);
    return run(callback, parameter, version);
  }
  win.__gpp = api;
  // The stub's listeners are this API's now, under the ids they were given.
  for (const e of (stub && stub.events) || []) {
    listeners.set(e.id, e.callback);
    nextListenerId = Math.max(nextListenerId, e.id + 1);
  }
  if (!stub || !stub.queue) {
    win.console.warn('Assent GPP: load assent-gpp-stub.js before assent.js, so that ad scripts find __gpp at once');
    answerGppFrames(win);
  }

  function fail(message) {
    cmpStatus = 'error';
    cmpDisplayStatus = 'disabled';
    win.console.error(`Assent GPP: ${message}`);
    fire('cmpStatus', 'error');
    fire('error', message);
  }

  // The string for the site's current record, GPC signal and TC string.
  function refresh() {
    const record = assent.record();
    const gpc = win.navigator.globalPrivacyControl === true;
    const encoded = gpp.encode(JSON.stringify(record || null), gpc, tcf ? tcf.tcString() : '');
    if (encoded.problems) throw new Error(encoded.problems.join('; '));
    gppString = encoded.gppString;
    sectionList = encoded.sectionList;
    parsedSections = encoded.parsedSections;
  }

  const setDisplay = (status) => {
    if (cmpDisplayStatus === status) return;
    cmpDisplayStatus = status;
    fire('cmpDisplayStatus', status);
  };
  const setSignal = (status) => {
    if (signalStatus === status) return;
    signalStatus = status;
    fire('signalStatus', status);
  };

  // After the TCF API (when the site has one), so that its string for a
  // choice is made before this one reads it.
  Promise.all([moduleLoad, assent.ready, tcf ? tcf.loaded : null])
    .then(([mod, ready]) => {
      if (!ready.ok) throw new Error('Assent did not start');
      gpp = new mod.Gpp(configText);
      if (gpp.opened.problems) throw new Error(`config ${configUrl}: ${gpp.opened.problems.join('; ')}`);
      for (const w of gpp.opened.warnings) win.console.warn(`Assent GPP: config ${configUrl}: ${w}`);
      cmpId = gpp.opened.cmpId;
      applicableSections = gpp.opened.applicableSections;
      refresh();
      cmpStatus = 'loaded';
      fire('cmpStatus', 'loaded');
      // The prompt may be up already, or on its way when the core asks for a
      // choice (its chunk may still be loading).
      const shown = assent.needsPrompt() || doc.querySelector('.assent-banner:not([hidden]), dialog.assent-dialog[open]');
      if (shown) setDisplay('visible');
      else setSignal('ready');
      assent.on('prompt', (prompt) => {
        if (prompt.kind !== 'banner' && prompt.kind !== 'preferences') return;
        setSignal('not ready');
        setDisplay('visible');
      });
      assent.on('change', () => {
        setDisplay('hidden');
        setSignal('not ready');
        try {
          refresh();
        } catch (error) {
          return fail(error.message);
        }
        for (const prefix of Object.keys(parsedSections)) fire('sectionChange', prefix);
        setSignal('ready');
      });
    })
    .catch((error) => fail((error && error.message) || String(error)));
  // The stub's queued calls (none of the generic commands), in order.
  for (const call of (stub && stub.queue) || []) api(...call);
}
