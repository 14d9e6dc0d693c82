// IAB GPP on the page (issue 13): a page whose config has a `gpp` section
// loads the TCF/GPP chunk and module, answers __gpp from the stub before
// Assent has loaded, and serves an ad vendor's frame on another origin
// through __gppLocator: after accept, reject and a custom choice, and with
// Global Privacy Control on. Each GPP string is decoded here by the IAB's
// own library (@iabgpp/cmpapi), not by Assent.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const h = require('./harness.cjs');

const ROOT = path.resolve(__dirname, '../..');
const { GppModel } = require(path.join(ROOT, 'web/node_modules/@iabgpp/cmpapi'));

// As in tcf.test.cjs: the vendor's loopback port is another origin, and
// Local Network Access checks would block it from the routed test page.
const e2e = h.useCollectorAndBrowser({ args: ['--disable-features=LocalNetworkAccessChecks'] });

// The demo config with the fixtures' tcf and gpp sections: marketing is
// sale, sharing and targeted advertising (and TCF 1–4), media sensitive
// category 8, analytics the personal-data consent (and TCF 8 …).
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/ui', name), 'utf8'));
const demo = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8'));
const withTcf = () => ({ ...demo(), tcf: fixture('tcf-section.json'), gpp: fixture('gpp-section.json') });
const usnatOnly = () => ({ ...demo(), gpp: { ...fixture('gpp-section.json'), sections: ['usnat'] } });

let vendor;
before(async () => {
  const page = fs.readFileSync(path.join(__dirname, 'fixtures/gpp-vendor.html'));
  vendor = http.createServer((req, res) => {
    if (req.url !== '/gpp-vendor.html') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise((resolve) => vendor.listen(0, '127.0.0.1', resolve));
});
after(() => new Promise((resolve) => vendor.close(resolve)));

async function openGppPage(config, { gpc = false } = {}) {
  const vendorOrigin = `http://127.0.0.1:${vendor.address().port}`;
  const opened = await e2e.openPage(`fixtures/ui/gpp.html?vendor=${encodeURIComponent(vendorOrigin)}`, {
    before: async (page) => {
      if (gpc) await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
      await h.serveFixtures(page);
      await h.serveConfig(page, config);
    },
  });
  const vendorFrame = () => opened.page.frames().find((f) => f.url().startsWith(vendorOrigin));
  return { ...opened, vendorFrame };
}

// The n-th read the vendor's frame made on signalStatus "ready".
async function vendorRead(vendorFrame, n = 1) {
  await h.waitFor(() => vendorFrame(), { what: 'the vendor frame' });
  return h.waitFor(async () => {
    const s = await vendorFrame().evaluate(() => window.seen);
    return s.reads.length >= n && { ...s.reads[n - 1], locator: s.locator, pings: s.pings };
  }, { what: `the vendor frame's read number ${n}` });
}

// The ids of a bit field as the IAB library returns it (id i at i-1).
const idsOf = (bits) => bits.flatMap((on, i) => (on ? [i + 1] : []));

// usnat as the IAB library reads the string.
function usnat(gppString) {
  const m = new GppModel(gppString);
  const field = (name) => m.getFieldValue('usnat', name);
  return {
    sections: m.getSectionIds(),
    version: field('Version'),
    saleOptOut: field('SaleOptOut'),
    sharingOptOut: field('SharingOptOut'),
    targetedAdvertisingOptOut: field('TargetedAdvertisingOptOut'),
    geolocation: field('SensitiveDataProcessing')[7],
    personalDataConsents: field('PersonalDataConsents'),
    mspaCoveredTransaction: field('MspaCoveredTransaction'),
    gpc: field('GpcSegmentIncluded') ? field('Gpc') : undefined,
  };
}

test('GPP: the stub answers before load; after accept all a frame on another origin reads usnat (no opt-out) and tcfeuv2 through __gppLocator', h.LIMIT, async () => {
  const { context, page, seen: logged, vendorFrame } = await openGppPage(withTcf());
  try {
    const early = await page.evaluate(() => window.gppSeen);
    assert.equal(early.pingBeforeLoad.cmpStatus, 'stub', 'the stub answered ping at once');
    assert.equal(early.registered.eventName, 'listenerRegistered');
    assert.equal(early.registered.data, true);

    await page.locator('.assent-banner').waitFor();
    await page.click('.assent-banner [data-assent-action="accept_all"]');
    const read = await vendorRead(vendorFrame);
    assert.equal(read.locator, true);
    assert.equal(read.pings.length, 1, 'ping through postMessage (as JSON text) was answered');
    assert.deepEqual(usnat(read.gppString), {
      sections: [2, 7], version: 1, saleOptOut: 2, sharingOptOut: 2, targetedAdvertisingOptOut: 2,
      geolocation: 2, personalDataConsents: 2, mspaCoveredTransaction: 1, gpc: false,
    });
    const tc = new GppModel(read.gppString);
    assert.deepEqual(idsOf(tc.getFieldValue('tcfeuv2', 'PurposeConsents')), [1, 2, 3, 4, 8]);
    assert.equal(tc.getFieldValue('tcfeuv2', 'CmpId'), 300);
    // The frame's own reads through the API agree with the string.
    assert.equal(read.saleOptOut, 2);
    assert.equal(read.ok, true);
    assert.equal(read.hasTcf, true);
    assert.equal(read.usnat[0].SaleOptOut, 2);
    assert.deepEqual(read.usnat[1], { SubsectionType: 1, Gpc: false });
    assert.deepEqual(read.sectionList, [2, 7]);
    assert.deepEqual(read.applicableSections, [2, 7]);
    // The page's listener (from the stub) heard the spec's order of events.
    const names = (await page.evaluate(() => window.gppSeen.events)).map((e) => `${e.eventName}:${e.data}`);
    const tail = names.slice(names.indexOf('cmpDisplayStatus:hidden'));
    // (signalStatus was "not ready" already: the prompt was up from the start.)
    assert.deepEqual(tail, ['cmpDisplayStatus:hidden', 'sectionChange:tcfeuv2', 'sectionChange:usnat', 'signalStatus:ready'], names.join(', '));
    assert.ok(names.includes('cmpStatus:loaded'), names.join(', '));
    assert.ok(names.indexOf('cmpStatus:loaded') < names.indexOf('cmpDisplayStatus:hidden'), names.join(', '));
    assert.equal((await page.evaluate(() => new Promise((r) => window.__gpp('ping', r)))).gppString, read.gppString);
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});

test('GPP: reject all opts out of sale, sharing and targeted advertising; a custom choice then consents to the sensitive purpose alone', h.LIMIT, async () => {
  const { context, page, seen: logged, vendorFrame } = await openGppPage(withTcf());
  try {
    await page.click('.assent-banner [data-assent-action="reject_all"]');
    const rejected = await vendorRead(vendorFrame, 1);
    assert.deepEqual(usnat(rejected.gppString), {
      sections: [2, 7], version: 1, saleOptOut: 1, sharingOptOut: 1, targetedAdvertisingOptOut: 1,
      geolocation: 1, personalDataConsents: 1, mspaCoveredTransaction: 1, gpc: false,
    });
    assert.deepEqual(idsOf(new GppModel(rejected.gppString).getFieldValue('tcfeuv2', 'PurposeConsents')), []);
    assert.equal(rejected.saleOptOut, 1);

    await page.evaluate(() => window.Assent.showPreferences());
    await page.locator('dialog.assent-dialog input[data-assent-purpose="media"]').check();
    await page.click('dialog.assent-dialog [data-assent-action="save"]');
    const custom = await vendorRead(vendorFrame, 2);
    assert.deepEqual(usnat(custom.gppString), {
      sections: [2, 7], version: 1, saleOptOut: 1, sharingOptOut: 1, targetedAdvertisingOptOut: 1,
      geolocation: 2, personalDataConsents: 1, mspaCoveredTransaction: 1, gpc: false,
    });
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});

test('[C12] GPP: with Global Privacy Control on, accept all still opts out of sale, sharing and targeted advertising, and the GPC sub-section says so', h.LIMIT, async () => {
  // A US site without TCF: the chunk loads for `gpp` alone.
  const { context, page, seen: logged, vendorFrame } = await openGppPage(usnatOnly(), { gpc: true });
  try {
    assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
    await page.click('.assent-banner [data-assent-action="accept_all"]');
    const read = await vendorRead(vendorFrame);
    assert.deepEqual(usnat(read.gppString), {
      sections: [7], version: 1, saleOptOut: 1, sharingOptOut: 1, targetedAdvertisingOptOut: 1,
      geolocation: 2, personalDataConsents: 2, mspaCoveredTransaction: 1, gpc: true,
    });
    assert.deepEqual(read.usnat[1], { SubsectionType: 1, Gpc: true });
    assert.equal(read.hasTcf, false);
    assert.deepEqual(read.applicableSections, [7]);
    assert.equal(await page.evaluate(() => typeof window.__tcfapi), 'undefined', 'no TCF API without a tcf section');
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});
