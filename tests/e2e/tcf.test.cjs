// IAB TCF v2.3 on the page (issue 13): a page whose config has a `tcf`
// section loads the TCF chunk and module, answers __tcfapi from the stub
// before Assent has loaded, tells listeners cmpuishown then
// useractioncomplete, keeps the TC string in the cookie euconsent-v2, and
// serves an ad vendor's frame on another origin through __tcfapiLocator.
// Each TC string is decoded here by the IAB's own library, not by Assent.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const h = require('./harness.cjs');

const ROOT = path.resolve(__dirname, '../..');
const { TCString } = require(path.join(ROOT, 'web/node_modules/@iabtechlabtcf/core'));

// The test page is answered by a Playwright route, which gives it no IP
// address space; Chromium's Local Network Access checks then block its frame
// from the vendor's loopback port (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
// On a real site both are public, so the checks are off for this file.
const e2e = h.useCollectorAndBrowser({ args: ['--disable-features=LocalNetworkAccessChecks'] });

// The demo config with the fixture's tcf section (vendors 8, 28, 755;
// marketing -> TCF 1–4 on consent, analytics -> 8 on consent and 7, 9, 10
// on legitimate interest).
// `extra`: more keys of the tcf section.
const config = (extra = {}) => ({
  ...JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8')),
  tcf: { ...JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/ui/tcf-section.json'), 'utf8')), ...extra },
});

// The ad vendor's frame, served from a port of its own: another origin.
let vendor;
before(async () => {
  const page = fs.readFileSync(path.join(__dirname, 'fixtures/tcf-vendor.html'));
  vendor = http.createServer((req, res) => {
    if (req.url !== '/tcf-vendor.html') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise((resolve) => vendor.listen(0, '127.0.0.1', resolve));
});
after(() => new Promise((resolve) => vendor.close(resolve)));

// gvlDelayMs holds the vendor list back, so that a choice can come before
// the TCF chunk has loaded.
async function openTcfPage(file = 'tcf.html', { gvlDelayMs = 0, tcf = {} } = {}) {
  const vendorOrigin = `http://127.0.0.1:${vendor.address().port}`;
  const opened = await e2e.openPage(`fixtures/ui/${file}?vendor=${encodeURIComponent(vendorOrigin)}`, {
    before: async (page) => {
      await h.serveFixtures(page);
      await h.serveConfig(page, config(tcf));
      if (gvlDelayMs) {
        await page.route('**/vendor-list.json', async (route) => {
          await new Promise((resolve) => setTimeout(resolve, gvlDelayMs));
          await route.fallback();
        });
      }
    },
  });
  const { page } = opened;
  const vendorFrame = () => page.frames().find((f) => f.url().startsWith(vendorOrigin));
  return { ...opened, vendorFrame };
}

const seen = (page) => page.evaluate(() => window.tcfSeen);
const ping = (page) => page.evaluate(() => new Promise((resolve) => window.__tcfapi('ping', 2, resolve)));
const cookie = async (context) => ((await context.cookies()).find((c) => c.name === 'euconsent-v2') || {}).value;

// The ids a decoded vector holds.
function ids(vector) {
  const out = [];
  vector.forEach((on, id) => on && out.push(id));
  return out;
}
function decoded(tcString) {
  const m = TCString.decode(tcString);
  return {
    purposeConsents: ids(m.purposeConsents),
    purposeLegitimateInterests: ids(m.purposeLegitimateInterests),
    vendorConsents: ids(m.vendorConsents),
    vendorLegitimateInterests: ids(m.vendorLegitimateInterests),
    cmpId: m.cmpId,
    policyVersion: m.policyVersion,
    publisherCountryCode: m.publisherCountryCode,
  };
}

async function eventsUntil(page, status, count = 1) {
  await h.waitFor(async () => (await seen(page)).events.filter((e) => e.eventStatus === status).length >= count, {
    what: `a ${status} event`,
  });
  return (await seen(page)).events;
}

test('TCF: ping answers before load; a custom choice reaches listeners, the cookie and a frame on another origin', h.LIMIT, async () => {
  const { context, page, seen: logged, vendorFrame } = await openTcfPage();
  try {
    const before = (await seen(page)).pingBeforeLoad;
    assert.equal(before.cmpStatus, 'stub', 'the stub answered ping synchronously');
    assert.equal(before.cmpLoaded, false);

    await page.locator('.assent-banner').waitFor();
    let events = await eventsUntil(page, 'cmpuishown');
    assert.equal(events[0].eventStatus, 'cmpuishown', 'the first event of a first visit is the prompt');
    const loaded = await ping(page);
    assert.equal(loaded.cmpStatus, 'loaded');
    assert.equal(loaded.displayStatus, 'visible');
    assert.equal(loaded.cmpId, 300);
    assert.equal(loaded.gvlVersion, 140);

    // Marketing only, and no vendor switched on: nothing is pre-ticked, so no
    // vendor has consent (tcf-vendors.test.cjs switches them).
    await page.click('.assent-banner [data-assent-action="customise"]');
    await page.locator('dialog.assent-dialog input[data-assent-purpose="marketing"]').check();
    await page.click('dialog.assent-dialog [data-assent-action="save"]');
    events = await eventsUntil(page, 'useractioncomplete');
    const done = events.find((e) => e.eventStatus === 'useractioncomplete');
    assert.deepEqual(decoded(done.tcString), {
      purposeConsents: [1, 2, 3, 4],
      purposeLegitimateInterests: [],
      vendorConsents: [],
      vendorLegitimateInterests: [],
      cmpId: 300,
      policyVersion: 5,
      publisherCountryCode: 'DE',
    });
    assert.equal(await cookie(context), done.tcString, 'euconsent-v2 holds the string');
    assert.equal((await ping(page)).displayStatus, 'hidden');
    const euconsent = (await context.cookies()).find((c) => c.name === 'euconsent-v2');
    const days = (euconsent.expires * 1000 - Date.now()) / 86400000;
    assert.ok(days > 389 && days <= 390, `euconsent-v2 lasts 13 months (390 days), not ${days}`);

    // The deprecated getTCData still answers; a listener can be removed once.
    const viaGet = await page.evaluate(() => new Promise((r) => window.__tcfapi('getTCData', 2, (d, ok) => r({ tcString: d.tcString, ok }))));
    assert.deepEqual(viaGet, { tcString: done.tcString, ok: true });
    const remove = (id) => page.evaluate((listenerId) => new Promise((r) => window.__tcfapi('removeEventListener', 2, r, listenerId)), id);
    assert.equal(await remove(done.listenerId), true);
    assert.equal(await remove(done.listenerId), false);

    // The frame on another origin: it found the locator and heard the same.
    await h.waitFor(() => vendorFrame(), { what: 'the vendor frame' });
    const frameSeen = await h.waitFor(async () => {
      const s = await vendorFrame().evaluate(() => window.seen);
      return s.events.some((e) => e.eventStatus === 'useractioncomplete') && s;
    }, { what: 'the vendor frame to hear useractioncomplete' });
    assert.equal(frameSeen.locator, true);
    assert.equal(frameSeen.pings.length, 1, 'ping through postMessage (sent as JSON text) was answered');
    assert.equal(frameSeen.events.find((e) => e.eventStatus === 'useractioncomplete').tcString, done.tcString);
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});

test('TCF: reject all gives a string with no purpose or vendor consent, and a withdrawal updates string and listeners', h.LIMIT, async () => {
  // The choice comes while the vendor list is still on its way: it is this
  // page's user action all the same, not a string merely loaded.
  const { context, page, seen: logged } = await openTcfPage('tcf.html', { gvlDelayMs: 1500 });
  try {
    await page.click('.assent-banner [data-assent-action="reject_all"]');
    assert.equal((await ping(page)).cmpStatus, 'loading', 'the choice came before the TCF module had loaded');
    let events = await eventsUntil(page, 'useractioncomplete');
    const rejected = decoded(events.find((e) => e.eventStatus === 'useractioncomplete').tcString);
    assert.deepEqual(
      [rejected.purposeConsents, rejected.purposeLegitimateInterests, rejected.vendorConsents, rejected.vendorLegitimateInterests],
      [[], [], [], []],
    );

    await page.evaluate(() => window.Assent.acceptAll());
    events = await eventsUntil(page, 'useractioncomplete', 2);
    const all = decoded(events.filter((e) => e.eventStatus === 'useractioncomplete')[1].tcString);
    assert.deepEqual(all.purposeConsents, [1, 2, 3, 4, 8]);
    assert.deepEqual(all.purposeLegitimateInterests, [7, 9, 10]);
    assert.deepEqual(all.vendorConsents, [8, 28, 755]);
    assert.deepEqual(all.vendorLegitimateInterests, [755]);

    await page.evaluate(() => window.Assent.withdraw('marketing'));
    events = await eventsUntil(page, 'useractioncomplete', 3);
    const last = events.filter((e) => e.eventStatus === 'useractioncomplete')[2].tcString;
    const withdrawn = decoded(last);
    assert.deepEqual(withdrawn.purposeConsents, [8]);
    assert.deepEqual(withdrawn.vendorConsents, [28]);
    assert.equal(await cookie(context), last);

    // A reload finds the string and tells a new listener tcloaded.
    await page.reload();
    await page.evaluate(() => window.Assent.ready);
    const reloaded = await eventsUntil(page, 'tcloaded');
    assert.equal(reloaded.find((e) => e.eventStatus === 'tcloaded').tcString, last);
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});

test('TCF: a page without the stub still answers frames of other origins once the chunk has loaded, and says the stub is missing', h.LIMIT, async () => {
  const { context, page, seen: logged, vendorFrame } = await openTcfPage('tcf-nostub.html');
  try {
    await page.click('.assent-banner [data-assent-action="accept_all"]');
    await h.waitFor(() => vendorFrame(), { what: 'the vendor frame' });
    const frameSeen = await h.waitFor(async () => {
      const s = await vendorFrame().evaluate(() => window.seen);
      return s.events.some((e) => e.eventStatus === 'useractioncomplete') && s;
    }, { what: 'the vendor frame to hear useractioncomplete' });
    const done = frameSeen.events.find((e) => e.eventStatus === 'useractioncomplete');
    assert.deepEqual(decoded(done.tcString).purposeConsents, [1, 2, 3, 4, 8]);
    assert.equal(await cookie(context), done.tcString);
    assert.ok(logged.warnings.some((w) => w.includes('load assent-tcf-stub.js before assent.js')), logged.warnings.join('\n'));
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});

test('TCF: the publisher\'s own purposes and custom purposes (tcf.publisher) reach TCData and the string\'s PublisherTC segment', h.LIMIT, async () => {
  const publisher = {
    purposes: [{ purpose: 'marketing', consent: [1, 3, 4] }, { purpose: 'analytics', legitimateInterest: [7] }],
    customPurposes: [{ purpose: 'media', basis: 'consent' }, { purpose: 'analytics', basis: 'legitimateInterest' }],
  };
  const { context, page, seen: logged } = await openTcfPage('tcf.html', { tcf: { publisher } });
  try {
    // Marketing and media granted, analytics refused (its legitimate interest objected to).
    await page.click('.assent-banner [data-assent-action="customise"]');
    for (const purpose of ['marketing', 'media']) {
      await page.locator(`dialog.assent-dialog input[data-assent-purpose="${purpose}"]`).check();
    }
    await page.click('dialog.assent-dialog [data-assent-action="save"]');
    const events = await eventsUntil(page, 'useractioncomplete');
    const tcString = events.find((e) => e.eventStatus === 'useractioncomplete').tcString;
    const theirs = TCString.decode(tcString);
    assert.deepEqual(
      [ids(theirs.publisherConsents), ids(theirs.publisherLegitimateInterests), theirs.numCustomPurposes,
        ids(theirs.publisherCustomConsents), ids(theirs.publisherCustomLegitimateInterests)],
      [[1, 3, 4], [], 2, [1], []],
      'the IAB library reads the PublisherTC segment',
    );
    const data = await page.evaluate(() => new Promise((r) => window.__tcfapi('addEventListener', 2, (d) => r(d.publisher))));
    const on = (flags) => Object.keys(flags).filter((id) => flags[id]).map(Number);
    assert.deepEqual(on(data.consents), [1, 3, 4]);
    assert.deepEqual(on(data.legitimateInterests), []);
    assert.deepEqual(data.customPurpose, { consents: { 1: true, 2: false }, legitimateInterests: { 1: false, 2: false } });

    // Accept all: the legitimate interests stand too.
    await page.evaluate(() => window.Assent.acceptAll());
    const all = await eventsUntil(page, 'useractioncomplete', 2);
    const accepted = TCString.decode(all.filter((e) => e.eventStatus === 'useractioncomplete')[1].tcString);
    assert.deepEqual(
      [ids(accepted.publisherConsents), ids(accepted.publisherLegitimateInterests),
        ids(accepted.publisherCustomConsents), ids(accepted.publisherCustomLegitimateInterests)],
      [[1, 3, 4], [7], [1], [2]],
    );
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});

test('[C06] TCF: each choice\'s record keeps the SHA-256 of the TC string vendors were told, and the server\'s receipt holds it', h.LIMIT, async () => {
  const { context, page, seen: logged } = await openTcfPage();
  try {
    await page.locator('.assent-banner').waitFor();
    await eventsUntil(page, 'cmpuishown'); // the TCF module has loaded
    const sha256 = (text) => require('node:crypto').createHash('sha256').update(text).digest('hex');
    const told = [];
    for (const action of ['accept_all', 'reject_all']) {
      if (action === 'accept_all') await page.click('.assent-banner [data-assent-action="accept_all"]');
      else await page.evaluate(() => window.Assent.rejectAll());
      const events = await eventsUntil(page, 'useractioncomplete', told.length + 1);
      const tcString = events.filter((e) => e.eventStatus === 'useractioncomplete')[told.length].tcString;
      const record = await page.evaluate(() => window.Assent.record());
      assert.equal(record.tcf.tcStringHash, sha256(tcString), `${action}: the record names the string listeners and euconsent-v2 got`);
      assert.equal(await cookie(context), tcString);
      told.push({ recordId: record.recordId, hash: sha256(tcString) });
    }
    assert.notEqual(told[0].hash, told[1].hash);
    // The receipts the collector keeps (and chains) carry the same hashes.
    for (const { recordId, hash } of told) {
      const rows = await h.waitFor(() => {
        const found = e2e.sql(`select stored from consent_receipts where record_id = '${recordId}'`);
        return found.length && found;
      }, { what: `the receipt of ${recordId}` });
      assert.ok(rows[0].stored.includes(`|${hash}~`), rows[0].stored);
    }
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});
