// The preferences dialog has a visible way out that decides nothing: a close
// button (×) whose accessible name is the config's word (through the core),
// passing axe and usable with the keyboard alone. The × and Escape both go
// back to the banner, record nothing (no record, no stored key or cookie, no
// receipt sent) and give focus back to the button that opened the dialog.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const AXE = require.resolve('axe-core/axe.min.js');
const e2e = h.useCollectorAndBrowser();

// Serious and critical axe violations inside `selector`.
async function axe(page, selector) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

// What a decision would leave behind on the device and the wire.
async function traces(page, seen) {
  return {
    record: await page.evaluate(() => window.Assent.record()),
    stored: await page.evaluate(() => localStorage.getItem('assent')),
    cookie: await page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('assent=')).join()),
    receiptsSent: seen.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/consent')).length,
  };
}

const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { action: el.getAttribute('data-assent-action') || '', inBanner: Boolean(el.closest('.assent-banner')), className: String(el.className) };
  });

// Opens the preferences from the banner's "customise" with the keyboard.
async function openFromBanner(page) {
  const customise = page.locator('.assent-banner [data-assent-action="customise"]');
  await customise.waitFor({ state: 'visible' });
  await customise.focus();
  await page.keyboard.press('Enter');
  await page.locator('dialog.assent-dialog').waitFor({ state: 'visible' });
}

for (const way of ['the × (Tab, Enter)', 'Escape']) {
  test(`[C05] closing the preferences with ${way} returns to the banner, records nothing and gives focus back to "customise"`, h.LIMIT, async () => {
    const { context, page, seen } = await e2e.openPage();
    const before = await traces(page, seen);
    assert.equal(before.record, null, 'no decision yet');
    await openFromBanner(page);
    const close = page.getByRole('button', { name: h.demoConfig().texts.en.close, exact: true });
    assert.ok(await close.isVisible(), 'the × is visible');
    if (way === 'Escape') {
      await page.keyboard.press('Escape');
    } else {
      // The dialog itself has focus when it opens; the × is the first stop.
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).action, 'close', 'Tab reaches the × first');
      await page.keyboard.press('Enter');
    }
    await page.locator('dialog.assent-dialog').waitFor({ state: 'detached' });
    assert.ok(await page.locator('.assent-banner').isVisible(), 'the banner is back');
    assert.deepEqual(await focused(page), { action: 'customise', inBanner: true, className: 'assent-button assent-secondary' });
    await h.sleep(300); // a receipt would be on its way by now
    assert.deepEqual(await traces(page, seen), before, 'nothing recorded, stored or sent');
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`the preferences' × passes axe, is named by the config and is a 44 px target in its corner (${colorScheme})`, h.LIMIT, async () => {
    const { context, page } = await e2e.openPage({ contextOptions: { colorScheme } });
    await openFromBanner(page);
    assert.deepEqual(await axe(page, 'dialog.assent-dialog'), []);
    const close = page.locator('dialog.assent-dialog .assent-close');
    assert.equal(await close.getAttribute('aria-label'), 'Close');
    const box = await close.boundingBox();
    const dialog = await page.locator('dialog.assent-dialog').boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `44×44 at least: ${box.width}×${box.height}`);
    assert.ok(box.x + box.width <= dialog.x + dialog.width && box.x > dialog.x + dialog.width / 2, 'at the right');
    assert.ok(box.y >= dialog.y && box.y < dialog.y + 30, 'at the top');
    // The title's words (not its block box) stay clear of the ×.
    const title = await page.locator('#assent-preferences-title').evaluate((node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      return { right: r.right, bottom: r.bottom };
    });
    assert.ok(title.right <= box.x + 1 || title.bottom <= box.y, `the title does not run under the ×: ${JSON.stringify({ title, box })}`);
    await context.close();
  });
}

test('a language whose texts give no close word names the × by its banner title', h.LIMIT, async () => {
  const config = h.demoConfig();
  delete config.texts['zh-CN'].close;
  const { context, page, seen } = await e2e.openPage({ locale: 'zh-CN', before: (p) => h.serveConfig(p, config) });
  await openFromBanner(page);
  const close = page.getByRole('button', { name: config.texts['zh-CN'].title, exact: true });
  assert.ok(await close.isVisible());
  assert.deepEqual(await axe(page, 'dialog.assent-dialog'), []);
  await close.click();
  await page.locator('dialog.assent-dialog').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.Assent.record()), null);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C05] after a decision, the × of the preferences opened from "Privacy settings" closes them and keeps the decision', h.LIMIT, async () => {
  const { context, page, seen } = await e2e.openAccepted({ banner: true });
  await h.sleep(500); // the decision's receipt is sent before the baseline is taken
  const before = await traces(page, seen);
  const launcher = page.locator('.assent-launcher');
  await launcher.focus();
  await page.keyboard.press('Enter');
  await page.locator('dialog.assent-dialog').waitFor({ state: 'visible' });
  await page.click('dialog.assent-dialog .assent-close');
  await page.locator('dialog.assent-dialog').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.assent-banner').count(), 0, 'no banner comes back after a decision');
  assert.match((await focused(page)).className, /assent-launcher/, 'focus is back on "Privacy settings"');
  await h.sleep(300);
  assert.deepEqual(await traces(page, seen), before, 'the decision is unchanged, nothing more sent');
  await context.close();
});
