// The core's TC string codec against the IAB Tech Lab's own library
// (@iabtechlabtcf/core, a dev dependency of web/, used by tests only).
// Random models go both ways: encoded by Assent (through the assent-tcf
// command) and decoded by the IAB library, and encoded by the IAB library and
// decoded by Assent. Decoded FIELDS are compared, never bytes: the library
// pads segments to 24 bits, always writes PublisherTC, and rewrites models
// before encoding (GVL language, purposes 1 and 3–6 without legitimate
// interest, vendors the GVL does not back).
//
// ASSENT_TCF_SEED=n picks other random models; the seed is printed.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'build/native/tools/tcf/assent-tcf');
const { TCModel, TCString, GVL, PurposeRestriction } = require(path.join(ROOT, 'web/node_modules/@iabtechlabtcf/core'));

const MODELS = 500;
const SEED = Number(process.env.ASSENT_TCF_SEED || 20261206);
const DAY_MS = 86400000;
const LANGUAGES = ['EN', 'FR', 'DE', 'ES', 'IT', 'NL', 'PL', 'PT', 'FI', 'DA'];

// mulberry32: small, seedable, the same on every Node.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (low, high) => low + Math.floor(next() * (high - low + 1));
  const ids = (max, density) => {
    const out = [];
    for (let id = 1; id <= max; id++) if (next() < density) out.push(id);
    return out;
  };
  // Sparse, half-full and nearly-full sets, so both vendor encodings occur.
  const vendors = () => ids(int(0, 1500), [0, 0.01, 0.5, 0.98][int(0, 3)]);
  const letters = () => String.fromCharCode(65 + int(0, 25), 65 + int(0, 25));
  return { next, int, ids, vendors, letters };
}

function randomModel(g) {
  const createdDay = g.int(18000, 22000);
  const restrictions = [];
  const seen = new Set();
  for (let n = g.int(0, 3); n > 0; n--) {
    const r = { purposeId: g.int(1, 24), type: g.int(0, 2), vendors: g.ids(g.int(1, 300), 0.2) };
    const key = `${r.purposeId}-${r.type}`;
    if (r.vendors.length && !seen.has(key)) restrictions.push(r), seen.add(key);
  }
  const customs = g.int(0, 63);
  return {
    createdMs: createdDay * DAY_MS,
    lastUpdatedMs: (createdDay + g.int(0, 400)) * DAY_MS,
    cmpId: g.int(2, 4095),
    cmpVersion: g.int(0, 4095),
    consentScreen: g.int(0, 63),
    consentLanguage: LANGUAGES[g.int(0, LANGUAGES.length - 1)],
    vendorListVersion: g.int(1, 4095),
    policyVersion: g.int(4, 5),
    useNonStandardTexts: g.next() < 0.5,
    specialFeatureOptIns: g.ids(12, 0.3),
    purposeConsents: g.ids(24, 0.5),
    purposeLegitimateInterests: g.ids(24, 0.3).filter((p) => p === 2 || p > 6),
    purposeOneTreatment: g.next() < 0.5,
    publisherCountryCode: g.letters(),
    vendorConsents: g.vendors(),
    vendorLegitimateInterests: g.vendors(),
    publisherRestrictions: restrictions,
    disclosedVendors: g.vendors(),
    publisherTc: {
      purposeConsents: g.ids(24, 0.5),
      purposeLegitimateInterests: g.ids(24, 0.5),
      numCustomPurposes: customs,
      customPurposeConsents: g.ids(customs, 0.5),
      customPurposeLegitimateInterests: g.ids(customs, 0.5),
    },
  };
}

// ---- Assent's side, through the native command ----

function assentTcf(mode, lines) {
  const out = spawnSync(CLI, [mode], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(out.status, 0, `assent-tcf ${mode} failed (is the native build there?): ${out.stderr}`);
  const replies = out.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(replies.length, lines.length);
  return replies;
}

// ---- the IAB library's side ----

// A GVL in which every vendor up to `maxVendor` declares every purpose, one
// way or the other, all flexible, so the library keeps what the model says.
function gvlFor(model, maxVendor) {
  const named = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, { id: i + 1, name: `${i + 1}`, description: '' }]));
  const consentPurposes = [1, 3, 4, 5, 6, 7, 9, 11, 13, 15, 17, 19, 21, 23];
  const liPurposes = [2, 8, 10, 12, 14, 16, 18, 20, 22, 24];
  const vendors = {};
  for (let id = 1; id <= maxVendor; id++) {
    vendors[id] = {
      id, name: `vendor ${id}`, purposes: consentPurposes, legIntPurposes: liPurposes,
      flexiblePurposes: [...consentPurposes.slice(1), ...liPurposes], specialPurposes: [1], features: [1], specialFeatures: [1],
    };
  }
  const json = {
    gvlSpecificationVersion: 3, vendorListVersion: model.vendorListVersion, tcfPolicyVersion: model.policyVersion,
    lastUpdated: '2026-01-01T00:00:00Z', purposes: named(24), specialPurposes: named(2), features: named(3),
    specialFeatures: named(12), stacks: {}, dataCategories: {}, vendors,
  };
  return new GVL(json, { language: model.consentLanguage });
}

function theirEncode(model) {
  const maxVendor = Math.max(1, ...model.vendorConsents, ...model.vendorLegitimateInterests, ...model.disclosedVendors,
    ...model.publisherRestrictions.flatMap((r) => r.vendors));
  const tc = new TCModel(gvlFor(model, maxVendor));
  Object.assign(tc, {
    cmpId: model.cmpId, cmpVersion: model.cmpVersion, consentScreen: model.consentScreen,
    created: new Date(model.createdMs), lastUpdated: new Date(model.lastUpdatedMs), isServiceSpecific: true,
    useNonStandardTexts: model.useNonStandardTexts, purposeOneTreatment: model.purposeOneTreatment,
    publisherCountryCode: model.publisherCountryCode, numCustomPurposes: model.publisherTc.numCustomPurposes,
  });
  tc.specialFeatureOptins.set(model.specialFeatureOptIns);
  tc.purposeConsents.set(model.purposeConsents);
  tc.purposeLegitimateInterests.set(model.purposeLegitimateInterests);
  tc.vendorConsents.set(model.vendorConsents);
  tc.vendorLegitimateInterests.set(model.vendorLegitimateInterests);
  tc.vendorsDisclosed.set(model.disclosedVendors);
  tc.publisherConsents.set(model.publisherTc.purposeConsents);
  tc.publisherLegitimateInterests.set(model.publisherTc.purposeLegitimateInterests);
  tc.publisherCustomConsents.set(model.publisherTc.customPurposeConsents);
  tc.publisherCustomLegitimateInterests.set(model.publisherTc.customPurposeLegitimateInterests);
  for (const r of model.publisherRestrictions) {
    const restriction = new PurposeRestriction(r.purposeId, r.type);
    for (const v of r.vendors) tc.publisherRestrictions.add(v, restriction);
  }
  const encoded = TCString.encode(tc);
  GVL.emptyCache();
  return encoded;
}

const idsOf = (vector) => {
  const ids = [];
  vector.forEach((on, id) => on && ids.push(id));
  return ids;
};

// The library's decoded model in Assent's field names.
function theirDecode(tcString) {
  const m = TCString.decode(tcString);
  assert.equal(m.isServiceSpecific, true);
  return normalized({
    createdMs: m.created.getTime(), lastUpdatedMs: m.lastUpdated.getTime(), cmpId: m.cmpId, cmpVersion: m.cmpVersion,
    consentScreen: m.consentScreen, consentLanguage: m.consentLanguage, vendorListVersion: m.vendorListVersion,
    policyVersion: m.policyVersion, useNonStandardTexts: m.useNonStandardTexts,
    specialFeatureOptIns: idsOf(m.specialFeatureOptins), purposeConsents: idsOf(m.purposeConsents),
    purposeLegitimateInterests: idsOf(m.purposeLegitimateInterests), purposeOneTreatment: m.purposeOneTreatment,
    publisherCountryCode: m.publisherCountryCode, vendorConsents: idsOf(m.vendorConsents),
    vendorLegitimateInterests: idsOf(m.vendorLegitimateInterests),
    publisherRestrictions: m.publisherRestrictions.getRestrictions().map((r) => ({
      purposeId: r.purposeId, type: r.restrictionType, vendors: m.publisherRestrictions.getVendors(r),
    })),
    disclosedVendors: idsOf(m.vendorsDisclosed),
    publisherTc: {
      purposeConsents: idsOf(m.publisherConsents), purposeLegitimateInterests: idsOf(m.publisherLegitimateInterests),
      numCustomPurposes: m.numCustomPurposes, customPurposeConsents: idsOf(m.publisherCustomConsents),
      customPurposeLegitimateInterests: idsOf(m.publisherCustomLegitimateInterests),
    },
  });
}

// One shape for both sides: sorted ids, restrictions sorted and without empty
// ones, and a missing PublisherTC read as an empty one (as the library does).
function normalized(model) {
  const sorted = (ids) => [...ids].sort((a, b) => a - b);
  const tc = model.publisherTc || { purposeConsents: [], purposeLegitimateInterests: [], numCustomPurposes: 0, customPurposeConsents: [], customPurposeLegitimateInterests: [] };
  const out = { ...model, publisherTc: { ...tc } };
  for (const key of ['specialFeatureOptIns', 'purposeConsents', 'purposeLegitimateInterests', 'vendorConsents', 'vendorLegitimateInterests', 'disclosedVendors'])
    out[key] = sorted(model[key]);
  for (const key of ['purposeConsents', 'purposeLegitimateInterests', 'customPurposeConsents', 'customPurposeLegitimateInterests'])
    out.publisherTc[key] = sorted(tc[key]);
  out.publisherRestrictions = model.publisherRestrictions
    .filter((r) => r.vendors.length > 0)
    .map((r) => ({ purposeId: r.purposeId, type: r.type, vendors: sorted(r.vendors) }))
    .sort((a, b) => a.purposeId - b.purposeId || a.type - b.type);
  return out;
}

function models() {
  const g = generator(SEED);
  return Array.from({ length: MODELS }, () => randomModel(g));
}

test(`${MODELS} random models encoded by Assent decode to the same fields in the IAB library (seed ${SEED})`, (t) => {
  t.diagnostic(`seed ${SEED}`);
  const sample = models();
  const replies = assentTcf('encode', sample.map((m) => JSON.stringify(m)));
  let vendorsSeen = 0;
  replies.forEach((reply, i) => {
    assert.ok(reply.tcString, `model ${i} was refused: ${JSON.stringify(reply.problems)}`);
    const theirs = theirDecode(reply.tcString);
    assert.deepEqual(theirs, normalized(sample[i]), `model ${i} (seed ${SEED}): ${reply.tcString}`);
    vendorsSeen += theirs.vendorConsents.length;
  });
  assert.ok(vendorsSeen > 1000, 'the random models carried vendor consents');
});

test(`${MODELS} random models encoded by the IAB library decode to the same fields in Assent (seed ${SEED})`, (t) => {
  t.diagnostic(`seed ${SEED}`);
  const strings = models().map(theirEncode);
  // The spec's example string, decoded by both as well.
  strings.push('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA');
  const replies = assentTcf('decode', strings);
  let restrictionsSeen = 0;
  replies.forEach((reply, i) => {
    assert.ok(reply.model, `string ${i} was refused: ${JSON.stringify(reply.problems)}: ${strings[i]}`);
    const theirs = theirDecode(strings[i]);
    assert.deepEqual(normalized(reply.model), theirs, `string ${i} (seed ${SEED}): ${strings[i]}`);
    restrictionsSeen += theirs.publisherRestrictions.length;
  });
  assert.ok(restrictionsSeen > 50, 'the library kept publisher restrictions of the random models');
});
