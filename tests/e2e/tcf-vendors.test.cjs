// The preferences dialog on a TCF site (issue 13): it lists the site's
// vendors from the self-hosted vendor list, each with a consent switch and a
// legitimate-interest switch, and the special features to opt in to; what
// the person switches is what __tcfapi tells ad vendors. The dialog stays
// usable by everyone: axe-core, the keyboard, and 44x44 px targets on a
// touch screen.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const ROOT = path.resolve(__dirname, '../..');
const e2e = h.useCollectorAndBrowser();

// The demo config with the fixture's tcf section: vendors 8 (consent 1-4,
// precise geolocation), 28 (consent 1, 7, 8) and 755 (consent 1, 3, 4;
// legitimate interest 2, 7, 9, 10); special feature 1.
const config = () => ({
  ...JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8')),
  tcf: JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/ui/tcf-section.json'), 'utf8')),
});

const DIALOG = 'dialog.assent-dialog';
const consentSwitch = (id) => `${DIALOG} input[data-assent-vendor-consent="${id}"]`;
const liSwitch = (id) => `${DIALOG} input[data-assent-vendor-li="${id}"]`;

// The page with the banner up and the TCF module loaded (its first event).
async function openTcfPage(contextOptions = {}) {
  const opened = await e2e.openPage('fixtures/ui/tcf.html', {
    contextOptions,
    before: async (page) => {
      await h.serveFixtures(page);
      await h.serveConfig(page, config());
    },
  });
  await opened.page.locator('.assent-banner').waitFor();
  await h.waitFor(async () => (await opened.page.evaluate(() => window.tcfSeen.events)).length > 0, { what: 'the TCF API to load' });
  return opened;
}

async function openPreferences(page) {
  await page.click('.assent-banner [data-assent-action="customise"]');
  await page.locator(`${DIALOG} .assent-vendors`).waitFor({ state: 'visible' });
}

// What a listener added now hears (the TCData of CMP API v2).
const tcData = (page) =>
  page.evaluate(() => new Promise((resolve) => window.__tcfapi('addEventListener', 2, (data, ok) => ok && resolve(data))));

test('[C04] TCF: refusing one vendor and objecting to one vendor\'s legitimate interest reach __tcfapi exactly', h.LIMIT, async () => {
  const { context, page, seen } = await openTcfPage();
  try {
    await openPreferences(page);
    // What the vendor list says of each vendor is there to read.
    const names = await page.locator(`${DIALOG} .assent-vendor-name`).allTextContents();
    assert.deepEqual(names, ['Ad Vendor Eight', 'Measure Co', 'Insight Vendor']);
    await page.locator(`${DIALOG} .assent-vendor-details summary`).nth(2).click();
    const facts = await page.locator(`${DIALOG} .assent-vendor-details`).nth(2).innerText();
    for (const words of ['Keeps data for (days): 365', 'Data it collects: IP addresses, Device characteristics, Browsing and interaction data',
      'Purposes (legitimate interest): Use limited data to select advertising', 'Privacy policy']) {
      assert.ok(facts.includes(words), `${words} in ${facts}`);
    }
    // [C03] nothing is ticked: no vendor consent, no special feature;
    // legitimate interest stands until objected to.
    for (const id of [8, 28, 755]) assert.equal(await page.isChecked(consentSwitch(id)), false, `vendor ${id}`);
    assert.equal(await page.isChecked(liSwitch(755)), true);
    assert.equal(await page.isChecked(`${DIALOG} input[data-assent-feature="1"]`), false);

    await page.check(`${DIALOG} input[data-assent-purpose="marketing"]`);
    await page.check(`${DIALOG} input[data-assent-purpose="analytics"]`);
    await page.check(consentSwitch(8));
    await page.check(consentSwitch(755)); // vendor 28 stays refused
    await page.uncheck(liSwitch(755)); // the objection
    await page.check(`${DIALOG} input[data-assent-feature="1"]`);
    await page.click(`${DIALOG} [data-assent-action="save"]`);
    await h.waitFor(async () => (await page.evaluate(() => window.tcfSeen.events)).some((e) => e.eventStatus === 'useractioncomplete'), {
      what: 'useractioncomplete',
    });

    const data = await tcData(page);
    assert.deepEqual(data.vendor.consents, { 8: true, 28: false, 755: true });
    assert.deepEqual(data.vendor.legitimateInterests, { 8: false, 28: false, 755: false });
    assert.deepEqual(data.specialFeatureOptins, { 1: true, 2: false });
    // The purposes are as chosen: the vendor switches narrow vendors only.
    assert.equal(data.purpose.consents[1], true);
    assert.equal(data.purpose.legitimateInterests[7], true);
    // Recorded in the consent record, and shown as saved when opened again.
    // (with the hash of the TC string that told vendors so: tcf.test.cjs)
    const { tcStringHash, ...choices } = (await page.evaluate(() => window.Assent.record())).tcf;
    assert.deepEqual(choices, { vendorConsents: [8, 755], vendorLegitimateInterests: [], specialFeatureOptIns: [1] });
    assert.match(tcStringHash, /^[0-9a-f]{64}$/);
    await page.evaluate(() => window.Assent.showPreferences());
    await page.locator(`${DIALOG} .assent-vendors`).waitFor({ state: 'visible' });
    assert.deepEqual(
      await Promise.all([consentSwitch(8), consentSwitch(28), consentSwitch(755), liSwitch(755)].map((s) => page.isChecked(s))),
      [true, false, true, false],
    );
    assert.deepEqual(h.scriptErrors(seen), []);
  } finally {
    await context.close();
  }
});

test('[C02] TCF: reject all in the preferences refuses every vendor and special feature, as accept all grants them', h.LIMIT, async () => {
  for (const [action, consents, features] of [
    ['reject_all', { 8: false, 28: false, 755: false }, { 1: false, 2: false }],
    ['accept_all', { 8: true, 28: true, 755: true }, { 1: true, 2: false }],
  ]) {
    const { context, page } = await openTcfPage();
    try {
      await openPreferences(page);
      await page.check(consentSwitch(28)); // not read: the button decides all
      await page.click(`${DIALOG} [data-assent-action="${action}"]`);
      await h.waitFor(async () => (await page.evaluate(() => window.tcfSeen.events)).some((e) => e.eventStatus === 'useractioncomplete'), {
        what: 'useractioncomplete',
      });
      const data = await tcData(page);
      assert.deepEqual(data.vendor.consents, consents, action);
      assert.deepEqual(data.specialFeatureOptins, features, action);
    } finally {
      await context.close();
    }
  }
});

test('TCF: the vendor list in the preferences passes axe-core and works from the keyboard', h.LIMIT, async () => {
  const { context, page } = await openTcfPage();
  try {
    await openPreferences(page);
    assert.deepEqual(await h.axe(page, DIALOG), []);
    // Each switch has a name that says which vendor it is for.
    assert.equal(await page.getByRole('switch', { name: 'Consent: Measure Co' }).count(), 1);
    assert.equal(await page.getByRole('switch', { name: /Legitimate interest.*: Insight Vendor/ }).count(), 1);

    // Tab reaches a vendor's switch; Space turns it on; Enter opens its facts.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement.getAttribute('data-assent-vendor-consent') === '28');
    }
    assert.ok(reached, 'Tab reaches vendor 28\'s consent switch');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked(consentSwitch(28)), true);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement.tagName === 'SUMMARY')) break;
    }
    await page.keyboard.press('Enter');
    assert.equal(await page.locator(`${DIALOG} .assent-vendor-details`).nth(1).evaluate((d) => d.open), true);
  } finally {
    await context.close();
  }
});

test('TCF: on a touch screen every vendor switch, disclosure and link is at least 44x44 px', h.LIMIT, async () => {
  const { context, page } = await openTcfPage({ viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true });
  try {
    assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
    await openPreferences(page);
    await page.$$eval(`${DIALOG} .assent-vendor-details`, (all) => all.forEach((d) => (d.open = true)));
    const sizes = await page.$$eval(`${DIALOG} .assent-vendors :is(input, summary, a)`, (nodes) =>
      nodes.map((n) => {
        const box = n.getBoundingClientRect();
        return { what: `${n.tagName} ${n.id || n.textContent}`, width: box.width, height: box.height };
      }),
    );
    assert.ok(sizes.length >= 3 * 2 + 3 + 1, `switches, disclosures and links measured: ${sizes.length}`);
    assert.deepEqual(sizes.filter((s) => s.width < 44 || s.height < 44).map((s) => `${s.what} ${s.width}x${s.height}`), []);
  } finally {
    await context.close();
  }
});
