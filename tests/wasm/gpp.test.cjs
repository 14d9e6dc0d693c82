// assent_tcf.wasm's GPP exports under Node (new Gpp(config): encode the
// site's record, decode a string) as the chunk's __gpp calls them. The
// mapping is tested natively (tests/core/gpp_site_test.cpp); here, that the
// module carries it and answers the JSON the chunk reads, and that the IAB's
// own GPP library reads the string it makes.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const built = path.join(ROOT, 'build/wasm/wasm');
const AssentTcf = require(path.join(built, 'assent_tcf.js'));
const { GppModel } = require(path.join(ROOT, 'web/node_modules/@iabgpp/cmpapi'));

const fixture = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/ui', name), 'utf8'));
const config = (gpp, withTcf = true) =>
  JSON.stringify({
    ...JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8')),
    ...(withTcf ? { tcf: fixture('tcf-section.json') } : {}),
    gpp,
  });
const TC = 'CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA';

let mod;
test.before(async () => {
  mod = await AssentTcf({ wasmBinary: fs.readFileSync(path.join(built, 'assent_tcf.wasm')) });
});

test('the module encodes a custom choice as usnat and tcfeuv2, with the GPC signal, in a string the IAB library reads', () => {
  const gpp = new mod.Gpp(config(fixture('gpp-section.json')));
  try {
    assert.deepEqual(gpp.opened, { warnings: [], cmpId: 300, applicableSections: [2, 7] });
    const record = { purposes: { necessary: true, analytics: true, marketing: true, media: false }, language: 'en', updatedMs: 1796000000000 };
    const answer = gpp.encode(JSON.stringify(record), true, TC);
    assert.deepEqual(answer.sectionList, [2, 7]);
    const m = new GppModel(answer.gppString);
    assert.deepEqual(m.getSectionIds(), [2, 7]);
    assert.equal(m.getFieldValue('usnat', 'SaleOptOut'), 1, 'GPC opts out of sale though marketing is granted');
    assert.equal(m.getFieldValue('usnat', 'Gpc'), true);
    assert.equal(m.getFieldValue('usnat', 'PersonalDataConsents'), 2);
    assert.equal(m.getFieldValue('usnat', 'SensitiveDataProcessing')[7], 1);
    assert.equal(answer.parsedSections.usnat[0].SaleOptOut, 1);
    assert.equal(answer.parsedSections.tcfeuv2[0].CmpId, 31);
    // decode answers the same sections
    assert.deepEqual(gpp.decode(answer.gppString).parsedSections, answer.parsedSections);
    assert.ok(gpp.decode('DBABM').problems[0].startsWith('header.Sections'));
  } finally {
    gpp.delete();
  }
});

test('with no choice and no TC string the usnat-only string opts out of everything mapped; a tcfeuv2-only site has no string yet', () => {
  const usnatOnly = new mod.Gpp(config({ ...fixture('gpp-section.json'), sections: ['usnat'] }, false));
  const tcfOnly = new mod.Gpp(config({ sections: ['tcfeuv2'] }));
  try {
    assert.equal(usnatOnly.opened.cmpId, 1, 'no IAB CMP id without tcf: 1, as the GPP asks');
    const none = usnatOnly.encode('null', false, '');
    assert.equal(new GppModel(none.gppString).getFieldValue('usnat', 'SaleOptOut'), 1);
    assert.deepEqual(tcfOnly.encode('null', false, ''), { gppString: '', sectionList: [], parsedSections: {} });
  } finally {
    usnatOnly.delete();
    tcfOnly.delete();
  }
});

test('the module refuses a bad gpp section with every problem and its path', () => {
  const gpp = new mod.Gpp(config({ sections: ['usnat', 'usca'], usnat: { saleOptOut: 'ads' } }));
  try {
    assert.deepEqual(gpp.opened.problems, [
      'gpp.sections[1]: must be "usnat" or "tcfeuv2" (the sections Assent writes)',
      'gpp.usnat.saleOptOut: "ads" is not one of the config\'s purposes',
    ]);
    assert.ok(gpp.encode('null', false, '').problems.length > 0);
  } finally {
    gpp.delete();
  }
});
