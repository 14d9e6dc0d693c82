// The tracker under consent, end to end: nothing and no identifier before the
// choice (C01), held events released on a grant and purged on a refusal,
// a refused purpose never reaching SQLite over reloads, withdrawal purging
// queued and persisted events at once (C05), automation excluded.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser({ site: 'tracker' });

const FLUSH_MS = h.trackerConfig().tracker.flushIntervalMs;
const of = h.ofConsent;
const storageKeys = (page) => page.evaluate(() => ({ local: Object.keys(localStorage).sort(), session: Object.keys(sessionStorage) }));
const wireEvents = (seen) => seen.batches.flatMap((b) => (b && b.events) || []);

test('[C01] before the choice nothing leaves and no identifier exists; the held events leave on a grant, with ids', async () => {
  const { context, page, seen } = await e2e.openPage('tracker.html');
  await page.click('#buy');
  await page.evaluate(() => history.pushState({}, '', '/held/route'));
  await h.sleep(3 * FLUSH_MS);
  assert.deepEqual(seen.batches, [], 'no batch before the choice');
  assert.deepEqual(await storageKeys(page), { local: [], session: [] }, 'no storage key');
  assert.deepEqual(await context.cookies(), [], 'no cookie');
  const heldUntil = Date.now();

  await page.evaluate(() => window.Assent.acceptAll());
  const { consentId } = await page.evaluate(() => window.Assent.record());
  const rows = await h.waitFor(
    () => {
      const found = e2e.events(of(consentId));
      return found.length >= 4 ? found : null;
    },
    { what: 'the four held events' },
  );
  assert.deepEqual(
    rows.map((e) => `${e.name} ${e.page}`).sort(),
    ['$click /tracker.html', '$pageleave /tracker.html', '$pageview /held/route', '$pageview /tracker.html'],
  );
  assert.ok(rows.every((e) => e.ts < heldUntil), 'captured before the choice, with their capture time');
  const sent = wireEvents(seen);
  assert.ok(sent.length >= 4 && sent.every((e) => e.anonymous_id && e.session_id), 'ids once analytics is granted');
  assert.equal(new Set(sent.map((e) => e.anonymous_id)).size, 1);
  await h.waitFor(async () => (await storageKeys(page)).local.includes('assent:visitor'), { what: 'the visitor key' });
  await context.close();
});

test('[C05] events held before the choice are purged on refusal: zero rows, zero batches', async () => {
  const { context, page, seen } = await e2e.openPage('tracker.html');
  await page.click('#buy');
  await page.click('#mail');
  await page.evaluate(() => window.Assent.rejectAll());
  const { consentId } = await page.evaluate(() => window.Assent.record());
  await page.click('#buy');
  await h.sleep(3 * FLUSH_MS);
  assert.deepEqual(e2e.events(of(consentId)), []);
  assert.deepEqual(seen.batches, []);
  // The refusal, and the secret that lets only this device read or erase it
  // at the collector (C18); nothing of the tracker.
  assert.deepEqual((await storageKeys(page)).local, ['assent', 'assent:key'], 'only the refusal and its key are stored');
  await context.close();
});

test('[C04] a refused purpose yields zero rows over a session with reloads, while the granted one is delivered', async () => {
  const { context, page, seen } = await e2e.openPage('tracker.html');
  await page.evaluate(() => window.Assent.set({ analytics: false, marketing: true }));
  const { consentId } = await page.evaluate(() => window.Assent.record());
  let offers = 0;
  for (let round = 0; round < 3; round += 1) {
    await page.click('#buy');
    await page.evaluate(() => history.pushState({}, '', '/app/cart'));
    assert.equal(await page.evaluate((n) => window.Assent.track('offer_seen', { list: 'weekly', source: `round-${n}` }), round), 'forwarded');
    offers += 1;
    await page.goto(e2e.url('tracker.html'));
    assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  }
  const rows = await h.waitFor(
    () => {
      const found = e2e.events(of(consentId));
      return found.length >= offers ? found : null;
    },
    { what: 'the marketing events' },
  );
  await h.sleep(3 * FLUSH_MS);
  const all = e2e.events(of(consentId));
  assert.equal(all.length, rows.length);
  assert.deepEqual([...new Set(all.map((e) => e.purpose))], ['marketing']);
  assert.deepEqual(all.map((e) => e.props.source), ['round-0', 'round-1', 'round-2']);
  assert.equal(e2e.events(of(consentId, " and purpose = 'analytics'")).length, 0);
  assert.ok(wireEvents(seen).every((e) => e.purpose === 'marketing'), 'no analytics event on the wire either');
  assert.ok(wireEvents(seen).every((e) => !e.anonymous_id && !e.session_id), 'no ids: only analytics allows them');
  assert.ok(!(await storageKeys(page)).local.includes('assent:visitor'));
  await context.close();
});

test('[C05] withdrawing purges the queued and the persisted events at once, and deletes the ids', async () => {
  const { context, page, seen } = await e2e.openPage('tracker.html');
  await page.evaluate(() => window.Assent.acceptAll());
  const { consentId } = await page.evaluate(() => window.Assent.record());
  await h.waitFor(() => e2e.events(of(consentId)).length > 0, { what: 'the first page view' });

  await context.setOffline(true);
  await page.click('#buy');
  await page.click('#call');
  await h.waitFor(
    () => page.evaluate(() => (localStorage.getItem('assent:pending') || '').includes('$click') && Boolean(localStorage.getItem('assent:visitor'))),
    { what: 'the unsent clicks and the ids to be kept' },
  );
  const stored = e2e.events(of(consentId)).length;

  await page.evaluate(() => window.Assent.withdraw('analytics'));
  const after = await storageKeys(page);
  assert.ok(!after.local.includes('assent:pending'), 'the kept events are deleted at once');
  assert.ok(!after.local.includes('assent:visitor'), 'the ids are deleted at once');

  await context.setOffline(false);
  await page.click('#mail');
  await page.reload();
  await page.evaluate(() => window.Assent.ready);
  await h.sleep(3 * FLUSH_MS);
  assert.equal(e2e.events(of(consentId)).length, stored, 'nothing after the withdrawal');
  assert.ok(!wireEvents(seen).some((e) => e.name === '$click' && e.props.selector === 'button#mail'), 'nor on the wire');
  await context.close();
});

test('automation (navigator.webdriver, a headless agent) sends nothing when tracker.excludeBots is on', async () => {
  const bot = await h.launchBrowser();
  try {
    const { page, seen } = await h.openPage(bot, e2e.url('tracker.html'));
    assert.equal(await page.evaluate(() => navigator.webdriver), true);
    await page.evaluate(() => window.Assent.acceptAll());
    const { consentId } = await page.evaluate(() => window.Assent.record());
    await page.click('#buy');
    await h.sleep(3 * FLUSH_MS);
    assert.deepEqual(e2e.events(of(consentId)), []);
    assert.deepEqual(seen.batches, []);
  } finally {
    await bot.close();
  }
});
