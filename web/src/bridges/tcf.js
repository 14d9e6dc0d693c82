// The IAB TCF v2.3 page API, in assent-tcf.js (a chunk of its own, with
// assent_tcf.wasm beside it; bridges/iab-chunk.js starts it for a config
// with a `tcf` section). It replaces the stub's __tcfapi (replaying the
// calls it queued) with the full API of CMP API v2: ping, addEventListener,
// removeEventListener and the deprecated getTCData. The TC string comes from
// the TCF module (core/src/tcf/site.cpp maps the site's purposes to TCF
// purposes and vendors); this file only moves it: into the first-party
// cookie euconsent-v2, and to the listeners on tcloaded, cmpuishown and
// useractioncomplete.
import AssentTcf from 'assent-tcf-glue';
import { loadWasmModule } from '../browser/wasm-loader.js';
import { answerFrames } from './tcf-frames.js';

const API_VERSION = '2.3';
const POLICY_VERSION = 5;
const COOKIE = 'euconsent-v2';

export const loadModule = (win, wasmUrl) => loadWasmModule(win, AssentTcf, wasmUrl, 'TCF module');

function fetchText(win, url) {
  return win.fetch(url, { credentials: 'same-origin' }).then((r) => {
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.text();
  });
}

// {1: true, 2: false, …} for ids 1..max, as TCData writes id vectors.
function flags(ids, max) {
  const out = {};
  for (let id = 1; id <= max; id++) out[id] = ids.includes(id);
  return out;
}
function flagsOf(ids, among) {
  const out = {};
  for (const id of among) out[id] = ids.includes(id);
  return out;
}

// TCData's publisher part: the PublisherTC segment's purposes and custom
// purposes (config tcf.publisher); all empty for a string without one.
function publisherOf(p) {
  const custom = Array.from({ length: p ? p.numCustomPurposes : 0 }, (_, i) => i + 1);
  return {
    consents: p ? flags(p.purposeConsents, 11) : {},
    legitimateInterests: p ? flags(p.purposeLegitimateInterests, 11) : {},
    customPurpose: {
      consents: p ? flagsOf(p.customPurposeConsents, custom) : {},
      legitimateInterests: p ? flagsOf(p.customPurposeLegitimateInterests, custom) : {},
    },
    restrictions: {},
  };
}

// maxAgeS: how long the module says the string may be kept.
function writeCookie(doc, tcString, maxAgeS) {
  const secure = doc.location.protocol === 'https:' ? '; Secure' : '';
  doc.cookie = tcString
    ? `${COOKIE}=${tcString}; Path=/; Max-Age=${maxAgeS}; SameSite=Lax${secure}`
    : `${COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure}`;
}

// Returns what the GPP API needs of it: `loaded` (settles once the TC
// string is made or the API has failed) and `tcString()`, the current one;
// and what the preferences need: `vendorDialog(record)`.
export function createTcfApi(win, { configText, configUrl, moduleLoad, assent }) {
  const doc = win.document;
  const stub = win.__tcfapi;
  const listeners = new Map(); // listenerId -> callback
  let nextListenerId = 1;
  let cmpStatus = 'loading';
  let displayStatus = 'hidden';
  let tcf = null; // the module's Tcf
  let site = null; // cmpId, cmpVersion, gvlVersion from the config and decoded string
  let tcString = '';
  let model = null; // the decoded tcString
  let lastEvent = 'tcloaded';

  function tcData(eventStatus, listenerId) {
    const m = model || {};
    const disclosed = m.disclosedVendors || [];
    const none = [];
    return {
      tcString,
      tcfPolicyVersion: POLICY_VERSION,
      cmpId: site && site.cmpId,
      cmpVersion: site && site.cmpVersion,
      gdprApplies: true,
      eventStatus,
      cmpStatus,
      listenerId,
      isServiceSpecific: true,
      useNonStandardTexts: false,
      publisherCC: site && site.publisherCountryCode,
      purposeOneTreatment: Boolean(m.purposeOneTreatment),
      purpose: {
        consents: flags(m.purposeConsents || none, 11),
        legitimateInterests: flags(m.purposeLegitimateInterests || none, 11),
      },
      vendor: {
        consents: flagsOf(m.vendorConsents || none, disclosed),
        legitimateInterests: flagsOf(m.vendorLegitimateInterests || none, disclosed),
        disclosedVendors: flagsOf(disclosed, disclosed),
      },
      specialFeatureOptins: flags(m.specialFeatureOptIns || none, 2),
      publisher: publisherOf(m.publisherTc),
    };
  }

  function ping() {
    return {
      gdprApplies: cmpStatus === 'loaded' ? true : undefined,
      cmpLoaded: cmpStatus === 'loaded',
      cmpStatus,
      displayStatus,
      apiVersion: API_VERSION,
      cmpVersion: site ? site.cmpVersion : undefined,
      cmpId: site ? site.cmpId : undefined,
      gvlVersion: site ? site.vendorListVersion : undefined,
      tcfPolicyVersion: POLICY_VERSION,
    };
  }

  function notify(eventStatus) {
    lastEvent = eventStatus;
    for (const [id, fn] of Array.from(listeners)) {
      try {
        fn(tcData(eventStatus, id), true);
      } catch (error) {
        win.console.error('Assent TCF: a listener threw', error);
      }
    }
  }

  const commands = {
    ping: (callback) => callback(ping(), true),
    addEventListener(callback) {
      const id = nextListenerId++;
      listeners.set(id, callback);
      // A listener added once the CMP has loaded hears the state at once.
      if (cmpStatus === 'loaded') callback(tcData(lastEvent, id), true);
    },
    removeEventListener(callback, listenerId) {
      callback(listeners.delete(listenerId), true);
    },
    // Deprecated since CMP API v2.2 (vendors should use addEventListener);
    // kept so that older vendor code still gets an answer.
    getTCData(callback, vendorIds) {
      const data = tcData(undefined, undefined);
      if (Array.isArray(vendorIds)) data.vendor.consents = flagsOf(model ? model.vendorConsents : [], vendorIds);
      callback(data, cmpStatus === 'loaded');
    },
  };

  // Calls that need the loaded CMP wait here until it is (or failed).
  const waiting = [];
  function api(command, version, callback, parameter) {
    if (typeof callback !== 'function') return;
    if (command === 'ping') return commands.ping(callback);
    if (version !== undefined && version !== null && version !== 2) return callback(null, false);
    // Own commands only: __tcfapi('constructor') is no command (and gets an answer).
    const run = Object.prototype.hasOwnProperty.call(commands, command) ? commands[command] : null;
    if (!run) return callback(null, false);
    if (cmpStatus === 'loading') return waiting.push(() => api(command, version, callback, parameter));
    if (cmpStatus === 'error') return callback(null, false);
    return run(callback, parameter);
  }
  win.__tcfapi = api;
  // Without the stub, ad scripts that ran before now found no __tcfapi, and
  // frames no locator: the latter at least can be made good here.
  if (!stub || !stub.queue) {
    win.console.warn('Assent TCF: load assent-tcf-stub.js before assent.js, so that ad scripts find __tcfapi at once');
    answerFrames(win);
  }
  // The stub's queue, in order (the stub answered pings itself).
  for (const call of (stub && stub.queue) || []) api(...call);

  function fail(message) {
    cmpStatus = 'error';
    displayStatus = 'disabled';
    win.console.error(`Assent TCF: ${message}`);
    for (const run of waiting.splice(0)) run();
  }

  // The string for the site's current record, into the cookie and the model.
  function refresh() {
    const record = assent.record();
    if (!record) {
      tcString = '';
      model = null;
      writeCookie(doc, '');
      return;
    }
    const encoded = tcf.encode(JSON.stringify(record), Date.now());
    if (encoded.problems) throw new Error(encoded.problems.join('; '));
    const decoded = tcf.decode(encoded.tcString);
    if (decoded.problems) throw new Error(decoded.problems.join('; '));
    tcString = encoded.tcString;
    model = decoded.model;
    writeCookie(doc, tcString, encoded.maxAgeSeconds);
  }

  // A choice made on this page before the module and GVL have loaded is
  // still this page's user action: heard from now on, or seen in the record.
  let actedHere = false;
  const stopEarly = assent.on('change', () => {
    actedHere = true;
  });

  let config;
  try {
    config = JSON.parse(configText).tcf;
  } catch (error) {
    fail(`config: ${error.message}`);
    return { loaded: Promise.resolve(), tcString: () => '' };
  }
  const gvlUrl = new URL(String(config.vendorList || ''), configUrl).href;
  const loaded = Promise.all([moduleLoad, fetchText(win, gvlUrl), assent.ready])
    .then(([mod, gvlText, ready]) => {
      if (!ready.ok) throw new Error('Assent did not start');
      tcf = new mod.Tcf(configText, gvlText);
      if (tcf.opened.problems) throw new Error(`config ${configUrl}: ${tcf.opened.problems.join('; ')}`);
      for (const w of tcf.opened.warnings) win.console.warn(`Assent TCF: config ${configUrl}: ${w}`);
      site = {
        cmpId: config.cmpId,
        cmpVersion: config.cmpVersion,
        publisherCountryCode: config.publisherCountryCode,
        vendorListVersion: JSON.parse(gvlText).vendorListVersion,
      };
      refresh();
      cmpStatus = 'loaded';
      // The prompt may be up already (it does not wait for this chunk), or
      // on its way when the core asks for a choice (its chunk may still be
      // loading): no string to load then.
      const shown = assent.needsPrompt() || doc.querySelector('.assent-banner:not([hidden]), dialog.assent-dialog[open]');
      displayStatus = shown ? 'visible' : 'hidden';
      assent.on('prompt', (prompt) => {
        if (prompt.kind !== 'banner' && prompt.kind !== 'preferences') return;
        if (displayStatus === 'visible' && lastEvent === 'cmpuishown') return; // told already
        displayStatus = 'visible';
        notify('cmpuishown');
      });
      assent.on('change', () => {
        displayStatus = 'hidden';
        try {
          refresh();
        } catch (error) {
          return fail(error.message);
        }
        notify('useractioncomplete');
      });
      const record = assent.record();
      stopEarly();
      if (record && record.updatedMs >= win.performance.timeOrigin) actedHere = true;
      lastEvent = shown ? 'cmpuishown' : actedHere ? 'useractioncomplete' : 'tcloaded';
      for (const run of waiting.splice(0)) run();
    })
    .catch((error) => fail((error && error.message) || String(error)));
  // The module's answer, or `none` once it has failed: a module that traps
  // must not keep a choice from being stored or the preferences from
  // opening (the page goes on without TCF, cmpStatus 'error').
  const asked = (none, question) => {
    if (cmpStatus !== 'loaded') return none;
    try {
      return question();
    } catch (error) {
      fail((error && error.message) || String(error));
      return none;
    }
  };
  // The preferences' vendor part for a record (Assent.record()), as the
  // module models it; null until it has loaded.
  const vendorDialog = (record) =>
    asked(null, () => {
      const dialog = tcf.dialog(JSON.stringify(record || null));
      return dialog.problems ? null : dialog;
    });
  // The TC string for a record ('' until loaded, or if the module refuses
  // it), as refresh() will make it.
  const tcStringOf = (record) =>
    asked('', () => {
      if (!record) return '';
      const encoded = tcf.encode(JSON.stringify(record), Date.now());
      return encoded.problems ? '' : encoded.tcString;
    });
  return { loaded, tcString: () => (cmpStatus === 'loaded' ? tcString : ''), vendorDialog, tcStringOf };
}
