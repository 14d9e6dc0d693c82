// The core's GPP decoder against the IAB Tech Lab's own GPP library
// (@iabgpp/cmpapi, a dev dependency of web/, used by tests only): random
// usnat sections (versions 1 and 2, with and without the GPC sub-section)
// beside a section Assent carries unread, encoded by the IAB library and
// decoded by Assent (the assent-tcf command's gpp-decode), field by field.
// Assent-encoded strings go the other way in tests/e2e/gpp.test.cjs.
//
// ASSENT_GPP_SEED=n picks other random models; the seed is printed.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'build/native/tools/tcf/assent-tcf');
const { GppModel } = require(path.join(ROOT, 'web/node_modules/@iabgpp/cmpapi'));

const MODELS = 500;
const SEED = Number(process.env.ASSENT_GPP_SEED || 20261207);

// mulberry32, as tests/tcf/iab-round-trip.test.cjs.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (low, high) => low + Math.floor(next() * (high - low + 1));
}

const TWO_BIT = [
  'SharingNotice', 'SaleOptOutNotice', 'SharingOptOutNotice', 'TargetedAdvertisingOptOutNotice',
  'SensitiveDataProcessingOptOutNotice', 'SensitiveDataLimitUseNotice', 'SaleOptOut', 'SharingOptOut',
  'TargetedAdvertisingOptOut', 'PersonalDataConsents', 'MspaOptOutOptionMode', 'MspaServiceProviderMode',
];

function randomUsNat(int) {
  const version = int(1, 2);
  const fields = { Version: version, MspaCoveredTransaction: int(1, 2) };
  for (const f of TWO_BIT) fields[f] = int(0, 2);
  fields.SensitiveDataProcessing = Array.from({ length: version === 1 ? 12 : 16 }, () => int(0, 2));
  fields.KnownChildSensitiveDataConsents = Array.from({ length: version === 1 ? 2 : 3 }, () => int(0, 2));
  const gpc = int(0, 2);
  return { fields, gpcIncluded: gpc > 0, gpc: gpc === 2 };
}

function runCli(lines) {
  const run = spawnSync(CLI, ['gpp-decode'], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
}

test(`usnat strings the IAB library encodes decode in Assent to the same fields (${MODELS} random models, seed ${SEED})`, () => {
  const int = generator(SEED);
  const cases = [];
  for (let i = 0; i < MODELS; i++) {
    const usnat = randomUsNat(int);
    const model = new GppModel();
    for (const [name, value] of Object.entries(usnat.fields)) model.setFieldValue('usnat', name, value);
    model.setFieldValue('usnat', 'GpcSegmentIncluded', usnat.gpcIncluded);
    model.setFieldValue('usnat', 'Gpc', usnat.gpc);
    const withUsp = int(0, 1) === 1;
    if (withUsp) model.setFieldValue('uspv1', 'Notice', 'Y');
    cases.push({ usnat, gpp: model.encode(), withUsp });
  }
  const answers = runCli(cases.map((c) => c.gpp));
  cases.forEach(({ usnat, gpp, withUsp }, i) => {
    const answer = answers[i];
    assert.ok(!answer.problems, `${gpp}: ${answer.problems}`);
    assert.deepEqual(answer.sectionList, withUsp ? [6, 7] : [7], gpp);
    const [core, gpc] = answer.parsedSections.usnat;
    for (const [name, value] of Object.entries(usnat.fields)) assert.deepEqual(core[name], value, `${gpp}: ${name}`);
    if (usnat.gpcIncluded) assert.deepEqual(gpc, { SubsectionType: 1, Gpc: usnat.gpc }, gpp);
    else assert.equal(gpc, undefined, gpp);
  });
});

test('what Assent refuses, it refuses whole: a usnat field the IAB library would write as 3 is an error, not a grant', () => {
  // The library does not check on decode; Assent does. SaleOptOut = 3:
  const [answer] = runCli(['DBABLA~BAA8VVVVUQA']);
  assert.ok(answer.problems && answer.problems[0].startsWith('usnat.SaleOptOut'), JSON.stringify(answer));
  assert.equal(answer.parsedSections, undefined);
});
