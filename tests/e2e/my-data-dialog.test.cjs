// [C13] [C14] A visitor downloads and erases their own data from the
// preferences dialog: "Download my data" saves what the collector and the
// device keep as assent-my-data.json; "Erase my data" asks in the dialog
// first, then erases at the collector and on the device, and says the
// outcome in a live region. The controls exist only with a collector, and
// they decide nothing: erasure grants and refuses nothing.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./harness.cjs');

const AXE = require.resolve('axe-core/axe.min.js');

const e2e = h.useCollectorAndBrowser({ site: 'tracker' });
const of = h.ofConsent;

const DIALOG = 'dialog.assent-dialog';
const control = (step) => `${DIALOG} [data-assent-my-data="${step}"]`;
const STATUS = `${DIALOG} .assent-my-data-status`;

// An accepted visitor whose page view the collector has stored, with the
// preferences open.
async function acceptedWithPreferences() {
  const opened = await e2e.openAccepted('tracker.html');
  await h.waitFor(() => e2e.countEvents(of(opened.consentId)) >= 1, { what: 'the page view, stored' });
  await opened.page.evaluate(() => window.Assent.showPreferences());
  await opened.page.locator(control('download')).waitFor({ state: 'visible' });
  return opened;
}

// What the collector answers this device for its own events, with its secret.
const eventsAtCollector = (page, consentId, secret) =>
  page.evaluate(
    ([id, key]) =>
      fetch(`/v1/events?consent_id=${id}`, { headers: { Authorization: `Bearer ${key}` } }).then(async (r) => ({
        status: r.status,
        body: await r.json().catch(() => null),
      })),
    [consentId, secret],
  );

test('[C13] "Download my data" in the preferences saves assent-my-data.json holding the visitor\'s own receipts and events', h.LIMIT, async () => {
  const { context, page, seen, consentId } = await acceptedWithPreferences();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(control('download'))]);
  assert.equal(download.suggestedFilename(), 'assent-my-data.json');
  const mine = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(mine.records.consentId, consentId);
  assert.equal(mine.receipts.length, 1);
  assert.ok(mine.events.some((e) => e.name === '$pageview'), 'the page view is in the file');
  await page.waitForFunction((sel) => /downloaded/.test(document.querySelector(sel).textContent), STATUS);
  assert.equal(await page.locator(STATUS).getAttribute('aria-live'), 'polite');
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), true, 'downloading decides nothing');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C13] a download the collector refuses says so, with the reason, in the dialog', h.LIMIT, async () => {
  const { context, page } = await acceptedWithPreferences();
  await page.route(
    (url) => url.pathname === '/v1/events',
    (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"down for maintenance"}' })
        : route.continue(),
  );
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await page.click(control('download'));
  await page.waitForFunction((sel) => document.querySelector(sel).textContent !== '', STATUS);
  assert.equal(await page.locator(STATUS).textContent(), 'That did not work: the collector refused (down for maintenance)');
  assert.equal(downloads, 0, 'no file for a refusal');
  await context.close();
});

test('[C14] "Erase my data" asks in the dialog first, and Cancel erases nothing', h.LIMIT, async () => {
  const { context, page, seen, consentId } = await acceptedWithPreferences();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await page.click(control('erase'));
  const question = page.locator(`${DIALOG} .assent-my-data-confirm`);
  await question.waitFor({ state: 'visible' });
  assert.match(await question.textContent(), /grants and refuses nothing/);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-assent-my-data')), 'cancel');
  await page.click(control('cancel'));
  await question.waitFor({ state: 'hidden' });
  assert.equal(dialogs, 0, 'no window.confirm');
  assert.equal(seen.apiRequests.filter((r) => r.method === 'DELETE').length, 0);
  assert.ok(e2e.countEvents(of(consentId)) >= 1, 'the events are still there');
  assert.equal((await page.evaluate(() => window.Assent.record())).consentId, consentId);
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), true);
  await context.close();
});

test('[C14] confirming "Erase my data" erases at the collector and on the device, says so in the dialog, and grants nothing', h.LIMIT, async () => {
  const { context, page, seen, consentId } = await acceptedWithPreferences();
  const secret = await page.evaluate(() => localStorage.getItem('assent:key'));
  assert.equal((await eventsAtCollector(page, consentId, secret)).status, 200);
  await page.click(control('erase'));
  await page.click(control('confirm-erase'));
  await page.waitForFunction((sel) => /erased/.test(document.querySelector(sel).textContent), STATUS);
  assert.equal(await page.locator(STATUS).textContent(), 'Your data was erased. Nothing is kept about this device any more.');
  assert.ok(await page.locator(DIALOG).isVisible(), 'the dialog stays to say the outcome');

  assert.equal(e2e.countEvents(of(consentId)), 0);
  assert.deepEqual(e2e.receipts(`consent_id = ${h.quote(consentId)}`), []);
  const after = await eventsAtCollector(page, consentId, secret);
  // The server knows the consent id no more: the answer any unknown id gets.
  assert.equal(after.status, 403, `the collector has nothing for this consent id: ${JSON.stringify(after)}`);
  // Erasure forgets the choice: nothing is granted, no switch shows a grant,
  // and the banner asks again once the dialog closes.
  assert.equal(await page.evaluate(() => window.Assent.record()), null);
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false);
  assert.deepEqual(await page.$$eval(`${DIALOG} input[data-assent-purpose]:not([disabled])`, (inputs) => inputs.filter((i) => i.checked).length), 0);
  await page.click(`${DIALOG} .assent-close`);
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C13] [C14] a visitor reading Chinese gets the controls, the question and the outcome in Chinese', h.LIMIT, async () => {
  const { context, page } = await e2e.openAccepted('tracker.html', { locale: 'zh-CN' });
  await page.evaluate(() => window.Assent.showPreferences());
  await page.locator(control('download')).waitFor({ state: 'visible' });
  assert.equal(await page.locator(control('download')).textContent(), '下载我的数据');
  assert.equal(await page.locator(control('erase')).textContent(), '删除我的数据');
  await page.click(control('erase'));
  assert.equal(await page.locator(control('confirm-erase')).textContent(), '删除');
  assert.equal(await page.locator(control('cancel')).textContent(), '取消');
  await page.click(control('confirm-erase'));
  await page.waitForFunction((sel) => document.querySelector(sel).textContent !== '', STATUS);
  assert.equal(await page.locator(STATUS).textContent(), '您的数据已删除。不再保存有关此设备的任何数据。');
  await context.close();
});

test('[C13] [C14] without a collector the preferences have no download or erase controls', h.LIMIT, async () => {
  const config = h.trackerConfig();
  delete config.tracker.collectorUrl;
  const { context, page } = await e2e.openPage('tracker.html', { before: (p) => h.serveConfig(p, config) });
  await page.evaluate(() => window.Assent.showPreferences());
  await page.locator(`${DIALOG} .assent-purposes`).waitFor({ state: 'visible' });
  assert.equal(await page.locator(`${DIALOG} [data-assent-my-data]`).count(), 0);
  assert.equal(await page.locator(`${DIALOG} .assent-my-data`).count(), 0);
  await context.close();
});

test('the own-data controls pass axe-core and are reached and used with the keyboard alone', h.LIMIT, async () => {
  const { context, page } = await acceptedWithPreferences();
  await page.addScriptTag({ path: AXE });
  const axe = () =>
    page.evaluate(async (sel) => {
      const result = await window.axe.run(document.querySelector(sel), { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, DIALOG);
  assert.deepEqual(await axe(), []);

  // Tab from the dialog until "Erase my data" has focus, passing "Download my data".
  const reached = [];
  for (let i = 0; i < 40 && !reached.includes('erase'); i += 1) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement.getAttribute('data-assent-my-data')));
  }
  assert.ok(reached.includes('download'), 'Download my data is in the tab order');
  assert.ok(reached.includes('erase'), 'Erase my data is in the tab order');
  await page.keyboard.press('Enter');
  await page.locator(`${DIALOG} .assent-my-data-confirm`).waitFor({ state: 'visible' });
  assert.deepEqual(await axe(), [], 'with the question open too');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-assent-my-data')), 'cancel');
  await page.keyboard.press('Enter');
  await page.locator(`${DIALOG} .assent-my-data-confirm`).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-assent-my-data')), 'erase');
  await context.close();
});
