// [C01] [C03]: nothing leaves the browser and nothing is stored before the
// person has chosen; nothing optional is pre-ticked.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

test('[C01] before any choice no event reaches the collector and nothing is stored', async () => {
  const { context, page, seen, state } = await e2e.openPage();
  assert.deepEqual(state, { ok: true });
  await page.locator('.assent-banner').waitFor({ state: 'visible' });

  await page.click('#buy');
  await page.click('#wishlist');
  await page.fill('#newsletter-email', 'alice@example.com');
  await page.click('#newsletter');
  await h.follow(page, '#about-link', '/about.html');
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await page.click('#contact');
  await h.sleep(2.5 * h.flushIntervalMs());

  assert.equal(e2e.countEvents(), 0);
  assert.deepEqual(seen.apiRequests, [], 'no request to the collector API at all');
  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => c.name), [], 'no cookie at all');
  const storage = await page.evaluate(() => ({ keys: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
  assert.deepEqual(storage, { keys: [], session: [] }, 'no storage key at all');
  assert.equal(await page.evaluate(() => window.Assent.record()), null);
  assert.deepEqual(h.scriptErrors(seen), []);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test('[C03] only the required purpose is on when the preferences first open', async () => {
  const { context, page } = await e2e.openPage();
  await page.click('.assent-banner [data-assent-action="customise"]');
  const dialog = page.locator('dialog.assent-dialog');
  await dialog.waitFor({ state: 'visible' });
  const switches = await dialog.locator('input[data-assent-purpose]').evaluateAll((inputs) =>
    inputs.map((i) => ({ purpose: i.dataset.assentPurpose, checked: i.checked, disabled: i.disabled })),
  );
  const required = new Set(h.demoConfig().purposes.filter((p) => p.required).map((p) => p.id));
  assert.ok(switches.length === h.demoConfig().purposes.length);
  for (const s of switches) {
    assert.deepEqual(s, { purpose: s.purpose, checked: required.has(s.purpose), disabled: required.has(s.purpose) });
  }
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  const labelledBy = await dialog.getAttribute('aria-labelledby');
  assert.ok(labelledBy && (await page.locator(`#${labelledBy}`).textContent()).length > 0);
  await context.close();
});

test('[C01] a damaged stored record counts as no consent: one warning, the banner again, nothing sent', async () => {
  const { context, page, seen } = await e2e.openPage();
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  const record = await page.evaluate(() => window.Assent.record());
  await page.evaluate(() => {
    const stored = localStorage.getItem('assent');
    const damaged = stored.slice(0, -8) + (stored.endsWith('deadbeef') ? 'feedbeef' : 'deadbeef'); // its checksum
    localStorage.setItem('assent', damaged);
    document.cookie = `assent=${damaged}; Path=/; SameSite=Lax`;
  });
  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.Assent.record()), null);
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false);
  assert.equal(seen.warnings.filter((w) => w.startsWith('Assent: stored consent discarded')).length, 1, seen.warnings.join('\n'));

  await page.click('#wishlist');
  await h.sleep(2.5 * h.flushIntervalMs());
  const after = e2e.events(h.ofConsent(record.consentId, " and name = '$click'"));
  assert.ok(!after.some((e) => JSON.stringify(e.props).includes('wishlist')), 'nothing sent under the damaged record');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});
