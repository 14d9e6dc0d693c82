// [C02] [C09]: refusing is one click on the first layer, looks exactly like
// accepting, sticks across reloads and is recorded like a grant.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

const LOOKS = ['fontSize', 'fontWeight', 'fontFamily', 'width', 'height', 'paddingTop', 'paddingRight', 'paddingBottom',
  'paddingLeft', 'color', 'backgroundColor', 'borderTopWidth', 'borderTopColor', 'borderRadius', 'opacity', 'display'];

test('[C02] reject all is on the first layer with the same size and weight as accept all', async () => {
  const { context, page } = await e2e.openPage();
  const banner = page.locator('.assent-banner');
  await banner.waitFor({ state: 'visible' });
  assert.equal(await banner.getAttribute('role'), 'dialog');
  const labelledBy = await banner.getAttribute('aria-labelledby');
  assert.ok(labelledBy && (await page.locator(`#${labelledBy}`).isVisible()));

  const accept = banner.locator('[data-assent-action="accept_all"]');
  const reject = banner.locator('[data-assent-action="reject_all"]');
  assert.ok(await accept.isVisible());
  assert.ok(await reject.isVisible());
  const look = (locator) =>
    locator.evaluate((el, keys) => {
      const style = getComputedStyle(el);
      const out = { className: el.className };
      for (const key of keys) out[key] = style[key];
      return out;
    }, LOOKS);
  const [a, r] = [await look(accept), await look(reject)];
  assert.deepEqual(r, a, 'reject all looks exactly like accept all');
  const [ba, br] = [await accept.boundingBox(), await reject.boundingBox()];
  assert.equal(Math.round(br.width), Math.round(ba.width));
  assert.equal(Math.round(br.height), Math.round(ba.height));
  assert.ok(parseFloat(a.fontSize) >= 14, 'readable size');
  await context.close();
});

test('[C09] after reject all, clicks and a reload store no analytics event and the banner stays away', async () => {
  const { context, page, seen } = await e2e.openPage();
  await page.click('#buy'); // held until the choice, then purged
  await page.click('.assent-banner [data-assent-action="reject_all"]');
  await page.locator('.assent-banner').waitFor({ state: 'detached' });

  const record = await page.evaluate(() => window.Assent.record());
  assert.equal(record.method, 'reject_all');
  assert.equal(record.surface, 'banner');
  for (const p of h.demoConfig().purposes) assert.equal(record.purposes[p.id], Boolean(p.required), p.id);
  const stored = await page.evaluate(() => localStorage.getItem('assent'));
  assert.ok(stored, 'the refusal is remembered');
  const cookie = (await context.cookies()).find((c) => c.name === 'assent');
  assert.equal(cookie && cookie.value, stored);
  assert.equal(cookie.sameSite, 'Lax');

  await page.click('#buy');
  await page.click('#wishlist');
  await page.click('#newsletter');
  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  // The launcher is mounted after the same stylesheet wait as the banner.
  await page.locator('.assent-launcher').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.assent-banner').count(), 0, 'no banner after reload');
  assert.equal((await page.evaluate(() => window.Assent.record())).recordId, record.recordId);
  await page.click('#buy');
  await h.follow(page, '#about-link', '/about.html');
  await page.locator('.assent-launcher').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.assent-banner').count(), 0, 'no banner on another page');
  await page.click('#contact');
  await h.sleep(2.5 * h.flushIntervalMs());

  assert.equal(e2e.countEvents(), 0);
  assert.deepEqual(seen.apiRequests.filter((r) => r.url.includes('/v1/events') && r.method === 'POST'), []);

  // [C09] the refusal reached the collector as a receipt, like a grant would.
  const receipts = await h.waitFor(
    () => {
      const rows = e2e.receipts(h.ofConsent(record.consentId));
      return rows.length ? rows : null;
    },
    { what: 'the consent receipt' },
  );
  assert.equal(receipts.length, 1);
  assert.equal(receipts[0].record_id, record.recordId);
  assert.equal(receipts[0].method, 'reject_all');
  assert.equal(receipts[0].surface, 'banner');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C05] a refusal that localStorage cannot hold (quota) is not undone by the older grant there on reload', async () => {
  const { context, page, seen } = await e2e.openPage();
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), true);
  assert.ok(await page.evaluate(() => localStorage.getItem('assent')), 'the grant is in localStorage');

  // Storage is full from now on, for Assent's key.
  await page.evaluate(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'assent') throw new DOMException('quota', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.evaluate(() => window.Assent.rejectAll());
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false);

  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false, 'the refusal in the cookie wins');
  assert.equal((await page.evaluate(() => window.Assent.record())).method, 'reject_all');
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});
