// [C13] [C14] [C18] A person reads and erases what the collector keeps about
// them from the page, with the secret their device created: the secret stays
// on the device (never in a cookie or a batch), and a consent id alone opens
// nothing at the collector.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser({ site: 'tracker' });
const of = h.ofConsent;

test('[C13] [C18] exportMyData() reads the collector\'s receipts and events with the device\'s secret, which never leaves it in a batch or a cookie', h.LIMIT, async () => {
  const { context, page, seen, consentId } = await e2e.openAccepted('tracker.html');
  await h.waitFor(() => e2e.countEvents(of(consentId)) >= 1, { what: 'the page view, stored' });
  const mine = await page.evaluate(() => window.Assent.exportMyData());
  assert.equal(mine.records.consentId, consentId);
  assert.equal(mine.receipts.length, 1);
  assert.equal(mine.receipts[0].method, 'accept_all');
  assert.equal(mine.receipts[0].chain.seq >= 1, true);
  assert.ok(mine.events.some((e) => e.name === '$pageview'));

  const secret = await page.evaluate(() => localStorage.getItem('assent:key'));
  assert.match(secret, /^[0-9a-f]{32}$/);
  const everywhere = JSON.stringify({ batches: seen.batches, cookies: await context.cookies() });
  assert.ok(!everywhere.includes(secret), 'the secret is in no batch and no cookie');

  // The consent id alone, as anyone who saw a batch has it: nothing.
  const bare = await page.evaluate((id) => fetch(`/v1/events?consent_id=${id}`).then((r) => r.status), consentId);
  assert.equal(bare, 401);
  const guessed = await page.evaluate(
    (id) => fetch(`/v1/consent?consent_id=${id}`, { headers: { Authorization: 'Bearer guessed' } }).then((r) => r.status),
    consentId,
  );
  assert.equal(guessed, 403);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C14] eraseMyData() erases at the collector and on the device; the receipts stay in the proof chain as tombstones', h.LIMIT, async () => {
  const { context, page, consentId } = await e2e.openAccepted('tracker.html');
  await h.waitFor(() => e2e.countEvents(of(consentId)) >= 1, { what: 'the page view, stored' });
  const erased = await page.evaluate(() => window.Assent.eraseMyData());
  assert.equal(erased.erasedReceipts, 1);
  assert.ok(erased.erasedEvents >= 1);
  assert.equal(e2e.countEvents(of(consentId)), 0);
  assert.deepEqual(e2e.receipts(`consent_id = ${h.quote(consentId)}`), []);
  assert.equal(Number(e2e.sql(`select count(*) as n from consent_receipts where erased = 1`)[0].n) >= 1, true);
  assert.equal(await page.evaluate(() => window.Assent.record()), null);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('assent'))), []);
  await assert.rejects(page.evaluate(() => window.Assent.exportMyData()), /nothing is recorded on this device/);
  await context.close();
});
