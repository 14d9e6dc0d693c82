// The TCF page API (web/src/bridges/tcf.js) around a TCF module that traps
// (a WebAssembly.RuntimeError out of the module's calls): the page goes on
// without TCF (cmpStatus 'error', ad scripts told "no answer"), and what the
// preferences and the change listener ask of the module answers "none"
// rather than throwing into them, so a broken module never keeps a person
// from opening the preferences or storing a choice.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadWeb } = require('./load.cjs');

const { createTcfApi } = loadWeb('bridges/tcf.js', { stubs: { 'assent-tcf-glue': { default: null } } });

const RECORD = { recordId: 'r1', updatedMs: 0, purposes: { analytics: 'granted' } };
const trap = () => {
  throw new WebAssembly.RuntimeError('unreachable');
};

// A module that answers as a working one does, except that each call named
// in `traps` traps after that many calls answered (dialog: 0 traps at once).
function moduleWith(traps) {
  const calls = { encode: 0, dialog: 0 };
  const answer = (call, value) => (call in traps && calls[call]++ >= traps[call] ? trap() : value);
  class Tcf {
    constructor() {
      this.opened = { problems: null, warnings: [] };
    }
    encode() {
      return answer('encode', { tcString: 'CQtest', maxAgeSeconds: 3600 });
    }
    decode() {
      return { model: { vendorConsents: [], disclosedVendors: [] } };
    }
    dialog() {
      return answer('dialog', { vendors: [] });
    }
  }
  return { Tcf };
}

// A page (cookies, the GVL fetch, the console), an Assent whose change
// listeners the test calls, and the API over the module.
function rig(traps) {
  const errors = [];
  const listeners = { change: [], prompt: [] };
  const win = {
    document: { cookie: '', location: { protocol: 'https:' }, querySelector: () => null },
    fetch: async () => ({ ok: true, text: async () => '{"vendorListVersion": 3}' }),
    console: { error: (...a) => errors.push(a.join(' ')), warn: () => {} },
    performance: { timeOrigin: 0 },
    __tcfapi: Object.assign(() => {}, { queue: [] }),
  };
  const assent = {
    ready: Promise.resolve({ ok: true }),
    record: () => RECORD,
    needsPrompt: () => false,
    on(event, fn) {
      listeners[event].push(fn);
      return () => listeners[event].splice(listeners[event].indexOf(fn), 1);
    },
  };
  const api = createTcfApi(win, {
    configText: JSON.stringify({ tcf: { vendorList: 'gvl.json', cmpId: 300, cmpVersion: 1 } }),
    configUrl: 'https://shop.example/assent.config.json',
    moduleLoad: Promise.resolve(moduleWith(traps)),
    assent,
  });
  const cmpStatus = () => new Promise((resolve) => win.__tcfapi('ping', 2, (p) => resolve(p.cmpStatus)));
  const tcData = () => new Promise((resolve) => win.__tcfapi('getTCData', 2, (data, ok) => resolve({ data, ok })));
  const change = () => listeners.change.forEach((fn) => fn());
  return { api, errors, cmpStatus, tcData, change };
}

test('[C05] a TCF module that traps while the preferences ask for their vendors gives no vendor part, and the page goes on without TCF', async () => {
  const { api, errors, cmpStatus, tcData } = rig({ dialog: 0 });
  await api.loaded;
  assert.equal(await cmpStatus(), 'loaded');
  assert.equal(api.vendorDialog(RECORD), null, 'the preferences open without a vendor part');
  assert.equal(await cmpStatus(), 'error');
  assert.deepEqual(await tcData(), { data: null, ok: false }, 'ad scripts are told there is no answer');
  assert.equal(api.tcStringOf(RECORD), '', 'no TC string from a failed module');
  assert.match(errors.join('\n'), /Assent TCF: unreachable/);
});

test('[C05] a TCF module that traps while a new choice becomes a TC string does not throw into the change that stored it', async () => {
  // The first encode (the string for the record at load) answers; the
  // second, for the choice just made, traps.
  const { api, errors, cmpStatus, change } = rig({ encode: 1 });
  await api.loaded;
  assert.equal(await cmpStatus(), 'loaded');
  assert.equal(api.tcString(), 'CQtest');
  assert.doesNotThrow(change, 'the change listener keeps the trap to itself');
  assert.equal(await cmpStatus(), 'error');
  assert.equal(api.tcString(), '', 'no TC string once the module failed');
  assert.equal(api.tcStringOf(RECORD), '');
  assert.match(errors.join('\n'), /Assent TCF: unreachable/);
});
