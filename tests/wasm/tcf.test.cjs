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
const { TCString } = require(path.join(ROOT, 'web/node_modules/@iabtechlabtcf/core'));

const fixture = (name) => fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/ui', name), 'utf8');
const config = (tcf) =>
  JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8')), tcf });
const section = () => JSON.parse(fixture('tcf-section.json'));

let mod;
test.before(async () => {
  mod = await AssentTcf({ wasmBinary: fs.readFileSync(path.join(built, 'assent_tcf.wasm')) });
});

test('the module accepts the fixture setup and encodes a record the IAB library decodes', () => {
  const tcf = new mod.Tcf(config(section()), fixture('vendor-list.json'));
  try {
    assert.deepEqual(tcf.opened, { warnings: [] });
    const record = { purposes: { necessary: true, analytics: true, marketing: false }, language: 'de', updatedMs: 1796000000000 };
    const { tcString, maxAgeSeconds } = tcf.encode(JSON.stringify(record), Date.now());
    assert.equal(maxAgeSeconds, 390 * 24 * 60 * 60, 'kept at most 13 months, as the TCF Policies allow');
    const m = TCString.decode(tcString);
    const ids = (v) => {
      const out = [];
      v.forEach((on, id) => on && out.push(id));
      return out;
    };
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
