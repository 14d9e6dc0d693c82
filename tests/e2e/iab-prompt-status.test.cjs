// Whether the TCF and GPP APIs tell ad vendors "a prompt is up" is the
// core's answer (Assent.needsPrompt), not a guess from "no record yet". A
// returning visitor whose record the core asks about again (here: the
// site raised its config's revision) must not be reported as done
// (tcloaded, signalStatus "ready") while the banner's chunk is still on its
// way: vendors would read the old string as the person's current choice.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const ROOT = path.resolve(__dirname, '../..');
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/ui', name), 'utf8'));
const demo = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8'));

const e2e = h.useCollectorAndBrowser();

// The page after "accept all" under revision 1, reloaded under revision 2
// with the prompt chunk held back until releaseUi(), so that the TCF/GPP
// chunk is loaded before any banner is in the page.
async function returnAfterNewRevision(file, sections) {
  let releaseUi = () => {};
  const uiHeld = new Promise((resolve) => {
    releaseUi = resolve;
  });
  const served = { revision: 1, holdUi: false };
  const opened = await e2e.openPage(`fixtures/ui/${file}`, {
    before: async (page) => {
      await h.serveFixtures(page);
      await page.route('**/assent.config.json', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...demo(), ...sections, revision: served.revision }) }),
      );
      await page.route('**/assent/assent-ui.js', async (route) => {
        if (served.holdUi) await uiHeld;
        await route.fallback();
      });
    },
  });
  const { page } = opened;
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  await h.waitFor(() => page.evaluate(() => window.Assent.record() !== null), { what: 'the first choice to be recorded' });
  served.revision = 2;
  served.holdUi = true;
  await page.reload({ waitUntil: 'domcontentloaded' }); // "load" waits for the held chunk
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  assert.equal(await page.evaluate(() => window.Assent.needsPrompt()), true, 'the core asks again under the new revision');
  return { ...opened, releaseUi };
}

test('[C07] TCF: a record the core asks about again is a prompt showing (cmpuishown, displayStatus visible), never tcloaded, while the banner\'s chunk still loads', h.LIMIT, async () => {
  const { context, page, releaseUi } = await returnAfterNewRevision('tcf.html', { tcf: fixture('tcf-section.json') });
  try {
    const ping = () => page.evaluate(() => new Promise((resolve) => window.__tcfapi('ping', 2, resolve)));
    await h.waitFor(async () => (await ping()).cmpStatus === 'loaded', { what: 'the TCF module to load' });
    assert.equal(await page.locator('.assent-banner').count(), 0, 'the banner is not in the page yet');
    assert.equal((await ping()).displayStatus, 'visible');
    const statuses = (await page.evaluate(() => window.tcfSeen.events)).map((e) => e.eventStatus);
    assert.deepEqual(statuses, ['cmpuishown'], 'the listener heard of the prompt, and of nothing loaded');
    // The person answers; only then is there a string to use.
    releaseUi();
    await page.locator('.assent-banner').waitFor();
    await page.click('.assent-banner [data-assent-action="reject_all"]');
    await h.waitFor(async () => (await page.evaluate(() => window.tcfSeen.events)).some((e) => e.eventStatus === 'useractioncomplete'), {
      what: 'useractioncomplete',
    });
  } finally {
    releaseUi();
    await context.close();
  }
});

test('[C07] GPP: a record the core asks about again keeps signalStatus "not ready" with the prompt visible while the banner\'s chunk still loads', h.LIMIT, async () => {
  const { context, page, releaseUi } = await returnAfterNewRevision('gpp.html', { gpp: { ...fixture('gpp-section.json'), sections: ['usnat'] } });
  try {
    const ping = () => page.evaluate(() => new Promise((resolve) => window.__gpp('ping', resolve)));
    await h.waitFor(async () => (await ping()).cmpStatus === 'loaded', { what: 'the GPP module to load' });
    assert.equal(await page.locator('.assent-banner').count(), 0, 'the banner is not in the page yet');
    const now = await ping();
    assert.equal(now.signalStatus, 'not ready');
    assert.equal(now.cmpDisplayStatus, 'visible');
    const early = (await page.evaluate(() => window.gppSeen.events)).filter((e) => e.signalStatus === 'ready');
    assert.deepEqual(early, [], 'no listener was told the old string is ready');
    releaseUi();
    await page.locator('.assent-banner').waitFor();
    await page.click('.assent-banner [data-assent-action="reject_all"]');
    await h.waitFor(async () => (await ping()).signalStatus === 'ready', { what: 'signalStatus ready after the choice' });
  } finally {
    releaseUi();
    await context.close();
  }
});
