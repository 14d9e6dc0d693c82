// The ad-funded demo (demo/ads, issue 13's "done when"): its preferences
// dialog lists the vendors of its self-hosted vendor list, and its ad
// vendor stand-in, a frame on another origin (the server's other host
// name), reads __tcfapi and __gpp through their locator frames after accept
// all, reject all and a custom choice. What the frame read is checked
// against the IAB's own libraries' decoding of the strings it was given.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./harness.cjs');

const ROOT = path.resolve(__dirname, '../..');
const { TCString } = require(path.join(ROOT, 'web/node_modules/@iabtechlabtcf/core'));
const { GppModel } = require(path.join(ROOT, 'web/node_modules/@iabgpp/cmpapi'));

const e2e = h.useCollectorAndBrowser({ site: 'ads' });
const DIALOG = 'dialog.assent-dialog';

// The page on 127.0.0.1; its ad frame on localhost (same server, another origin).
async function openDemo() {
  const opened = await e2e.openPage('');
  const { page } = opened;
  const adFrame = () => page.frames().find((f) => f.url().startsWith(e2e.baseUrl.replace('127.0.0.1', 'localhost')));
  await h.waitFor(() => adFrame(), { what: 'the ad frame on localhost' });
  return { ...opened, adFrame };
}

// What the frame read once its TCF and GPP views both follow `tcString`'s
// successor: waits until the frame has read a TC string other than `before`.
async function frameRead(adFrame, before) {
  return h.waitFor(async () => {
    const seen = await adFrame().evaluate(() => window.seen);
    return seen.tcf && seen.gpp && seen.tcf.tcString !== before && seen.gpp.gppString.includes(seen.tcf.tcString) && seen;
  }, { what: 'the ad frame to read a new TC string through both APIs' });
}

function ids(vector) {
  const out = [];
  vector.forEach((on, id) => on && out.push(id));
  return out;
}

function usnatOf(gppString) {
  const m = new GppModel(gppString);
  return ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'].map((f) => m.getFieldValue('usnat', f));
}

test('demo/ads: the ad frame on another origin reads __tcfapi and __gpp after accept all, reject all and a custom choice', h.LIMIT, async () => {
  const { context, page, seen: logged, adFrame } = await openDemo();
  try {
    // Before any choice: the banner is up, and the frame is told to wait.
    await page.locator('.assent-banner').waitFor();
    await h.waitFor(async () => (await adFrame().innerText('#tcf')).includes('waiting for the person to choose'), {
      what: 'the frame to show that the CMP waits for a choice',
    });

    await page.click('.assent-banner [data-assent-action="accept_all"]');
    let read = await frameRead(adFrame, undefined);
    let theirs = TCString.decode(read.tcf.tcString);
    assert.deepEqual(ids(theirs.purposeConsents), [1, 2, 3, 4, 8]);
    assert.deepEqual(ids(theirs.vendorConsents), [8, 28, 755]);
    assert.deepEqual(ids(theirs.publisherCustomConsents), [1], 'the publisher\'s custom purpose (media)');
    assert.deepEqual(
      [read.tcf.purposeConsents, read.tcf.vendorConsent, read.tcf.specialFeatureOptIns, read.tcf.publisherCustomPurposeConsents],
      [ids(theirs.purposeConsents), true, [1], [1]],
    );
    assert.deepEqual(usnatOf(read.gpp.gppString), [2, 2, 2], 'accept all: no usnat opt-out');
    assert.deepEqual(read.gpp.sectionList, [2, 7]);
    // What the frame shows a person is what it read.
    assert.match(await adFrame().innerText('#tcf'), /my consent\s+yes/);
    assert.match(await adFrame().innerText('#gpp'), /sale\s+did not opt out/);

    await page.evaluate(() => window.Assent.showPreferences());
    await page.click(`${DIALOG} [data-assent-action="reject_all"]`);
    const accepted = read.tcf.tcString;
    read = await frameRead(adFrame, accepted);
    theirs = TCString.decode(read.tcf.tcString);
    assert.deepEqual([ids(theirs.purposeConsents), ids(theirs.vendorConsents), ids(theirs.vendorLegitimateInterests)], [[], [], []]);
    assert.deepEqual([read.tcf.vendorConsent, read.tcf.vendorLegitimateInterest, read.tcf.specialFeatureOptIns], [false, false, []]);
    assert.deepEqual(usnatOf(read.gpp.gppString), [1, 1, 1], 'reject all: opted out of sale, sharing and targeted advertising');

    // Custom: personalised advertising and measurement, vendor 755 only, and
    // its legitimate interest objected to.
    await page.evaluate(() => window.Assent.showPreferences());
    await page.locator(`${DIALOG} .assent-vendors`).waitFor({ state: 'visible' });
    for (const purpose of ['marketing', 'analytics']) await page.check(`${DIALOG} input[data-assent-purpose="${purpose}"]`);
    await page.check(`${DIALOG} input[data-assent-vendor-consent="755"]`);
    await page.uncheck(`${DIALOG} input[data-assent-vendor-li="755"]`);
    await page.click(`${DIALOG} [data-assent-action="save"]`);
    const rejected = read.tcf.tcString;
    read = await frameRead(adFrame, rejected);
    theirs = TCString.decode(read.tcf.tcString);
    assert.deepEqual(ids(theirs.vendorConsents), [755]);
    assert.deepEqual(ids(theirs.vendorLegitimateInterests), []);
    assert.deepEqual([read.tcf.vendorConsent, read.tcf.vendorLegitimateInterest], [true, false]);
    assert.deepEqual(usnatOf(read.gpp.gppString), [2, 2, 2], 'marketing granted: no usnat opt-out');
    assert.deepEqual(h.scriptErrors(logged), []);
  } finally {
    await context.close();
  }
});
