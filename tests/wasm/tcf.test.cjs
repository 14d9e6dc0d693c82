// assent_tcf.wasm under Node: its three exports (check the site's TCF setup,
// encode the site's record, decode a string) as the TCF chunk calls them.
// The mapping itself is tested natively (tests/core/tcf_site_test.cpp);
// here, that the module carries it and answers the JSON the chunk reads.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const built = path.join(ROOT, 'build/wasm/wasm');
const AssentTcf = require(path.join(built, 'assent_tcf.js'));
const AssentCore = require(path.join(built, 'assent_core.js'));
const { TCString } = require(path.join(ROOT, 'web/node_modules/@iabtechlabtcf/core'));

const fixture = (name) => fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/ui', name), 'utf8');
const config = (tcf) =>
  JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8')), tcf });
const section = () => JSON.parse(fixture('tcf-section.json'));

let mod;
let coreMod;
test.before(async () => {
  mod = await AssentTcf({ wasmBinary: fs.readFileSync(path.join(built, 'assent_tcf.wasm')) });
  coreMod = await AssentCore({ wasmBinary: fs.readFileSync(path.join(built, 'assent_core.wasm')) });
});

// The main module's Core across the wire, as core-guard.js calls it.
function openCore(configText) {
  const bound = new coreMod.Core(configText, 'seed-for-tests');
  const call = (method, ...args) => JSON.parse(bound.call(method, JSON.stringify(args)));
  return { call, delete: () => bound.delete() };
}

// The ids a TCModel vector holds.
const ids = (v) => {
  const out = [];
  v.forEach((on, id) => on && out.push(id));
  return out;
};

test('the module accepts the fixture setup and encodes a record the IAB library decodes', () => {
  const tcf = new mod.Tcf(config(section()), fixture('vendor-list.json'));
  try {
    assert.deepEqual(tcf.opened, { warnings: [] });
    const record = { purposes: { necessary: true, analytics: true, marketing: false }, language: 'de', updatedMs: 1796000000000 };
    const { tcString, maxAgeSeconds } = tcf.encode(JSON.stringify(record), Date.now());
    assert.equal(maxAgeSeconds, 390 * 24 * 60 * 60, 'kept at most 13 months, as the TCF Policies allow');
    const m = TCString.decode(tcString);
    assert.deepEqual(ids(m.purposeConsents), [8]);
    assert.deepEqual(ids(m.vendorConsents), [28]);
    assert.equal(m.consentLanguage, 'DE');
    // decode answers the same fields, for the chunk's TCData
    const { model } = tcf.decode(tcString);
    assert.deepEqual(model.purposeConsents, [8]);
    assert.deepEqual(model.purposeLegitimateInterests, [7, 9, 10]);
    assert.deepEqual(model.disclosedVendors, [8, 28, 755]);
    assert.deepEqual(tcf.decode('not a tc string').problems.length > 0, true);
  } finally {
    tcf.delete();
  }
});

test('the module refuses a bad setup with every problem and its path, and then encodes nothing', () => {
  const bad = section();
  bad.vendors = [8, 4242];
  bad.purposes[1].legitimateInterest = [3];
  const tcf = new mod.Tcf(config(bad), fixture('vendor-list.json'));
  try {
    assert.deepEqual(tcf.opened.problems, [
      'tcf.vendors[1]: vendor 4242 is not in the vendor list (version 140)',
      'tcf.purposes[1].legitimateInterest[0]: TCF purpose 3 may only be based on consent, never on legitimate interest',
    ]);
    assert.ok(tcf.encode('null', Date.now()).problems);
  } finally {
    tcf.delete();
  }
});

// The whole way a custom choice goes: the dialog's switches into the main
// core's choose, its record into the TCF module's string, and that string
// read by the IAB's own library.
test('[C04] vendor consents, legitimate-interest objections and special features chosen in the dialog decode in the IAB library as chosen', () => {
  const configText = config(section());
  const core = openCore(configText);
  const tcf = new mod.Tcf(configText, fixture('vendor-list.json'));
  try {
    const cases = [
      // [why, action, switches, vendor consents, vendor legitimate interests, special features]
      ['vendor 28 refused, vendor 755 objected to, geolocation on', 'custom',
        { vendorConsents: [8, 755], vendorLegitimateInterests: [], specialFeatureOptIns: [1] }, [8, 755], [], [1]],
      ['every vendor given, none objected to, no special feature', 'custom',
        { vendorConsents: [8, 28, 755], vendorLegitimateInterests: [755], specialFeatureOptIns: [] }, [8, 28, 755], [755], []],
      ['accept all', 'accept_all', null, [8, 28, 755], [755], [1]],
      ['reject all', 'reject_all', null, [], [], []],
    ];
    for (const [why, action, switches, consents, li, features] of cases) {
      const purposes = action === 'custom' ? { analytics: true, marketing: true, media: true } : null;
      assert.equal(core.call('choose', action, purposes, 'preferences', 'en', 1796000000000, switches), null, why);
      const record = core.call('record');
      const { tcString } = tcf.encode(JSON.stringify(record), 1796000000000);
      const m = TCString.decode(tcString);
      assert.deepEqual(ids(m.vendorConsents), consents, why);
      assert.deepEqual(ids(m.vendorLegitimateInterests), li, why);
      assert.deepEqual(ids(m.specialFeatureOptins), features, why);
      assert.deepEqual(ids(m.vendorsDisclosed), [8, 28, 755], why);
      // The dialog, opened again, shows the switches as they were saved.
      const dialog = tcf.dialog(JSON.stringify(record));
      assert.deepEqual(dialog.vendors.filter((v) => v.consent).map((v) => v.id), consents, why);
      assert.deepEqual(dialog.specialFeatures.map((f) => f.optedIn), [features.includes(1)], why);
    }
  } finally {
    tcf.delete();
    core.delete();
  }
});
