// [C04] [C05]: each purpose is chosen on its own, and only what was granted
// reaches the collector; withdrawing from another page stops it at once.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

const eventsOf = (consentId) => e2e.events(h.ofConsent(consentId));

test('[C04] granting only analytics in the preferences sends click events and nothing for marketing', async () => {
  const { context, page, seen } = await e2e.openPage();
  await page.click('.assent-banner [data-assent-action="customise"]');
  const dialog = page.locator('dialog.assent-dialog');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('input[data-assent-purpose="analytics"]').check();
  await dialog.locator('[data-assent-action="save"]').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.assent-banner').count(), 0);

  const record = await page.evaluate(() => window.Assent.record());
  assert.equal(record.method, 'custom');
  assert.equal(record.surface, 'preferences');
  assert.deepEqual(record.purposes, { analytics: true, marketing: false, media: false, necessary: true });
  assert.deepEqual(await page.evaluate(() => [Assent.accepted('analytics'), Assent.accepted('marketing')]), [true, false]);

  await page.fill('#newsletter-email', 'alice@example.com');
  await page.click('#buy');
  await page.click('#wishlist');
  await page.click('#private-button'); // data-assent-ignore
  await page.click('#newsletter'); // a $click (analytics) and newsletter_signup (marketing)
  assert.match(await page.textContent('#newsletter-status'), /refused/);

  const rows = await h.waitFor(
    () => {
      const found = eventsOf(record.consentId);
      return found.filter((e) => e.name === '$click').length >= 3 ? found : null;
    },
    { what: 'three click events in the collector' },
  );
  await h.sleep(2.5 * h.flushIntervalMs()); // anything else would have arrived by now
  const all = eventsOf(record.consentId);
  assert.equal(all.length, rows.length, 'nothing more arrived');

  assert.deepEqual([...new Set(all.map((e) => e.purpose))], ['analytics'], 'only analytics events');
  assert.equal(new Set(all.map((e) => e.id)).size, all.length, 'every event has its own id');
  assert.ok(all.every((e) => typeof e.id === 'string' && e.id.length >= 8));
  assert.ok(!all.some((e) => e.name === 'newsletter_signup'), 'the marketing event never arrives');
  assert.ok(all.some((e) => e.name === '$pageview'), 'the page view held before the choice was released');

  const clicks = all.filter((e) => e.name === '$click').map((e) => e.props);
  assert.deepEqual(clicks.map((p) => p.selector), ['button#buy', 'button#wishlist', 'button#newsletter']);
  assert.deepEqual(clicks.map((p) => p.tag), ['button', 'button', 'button']);
  assert.equal(clicks[0].text, 'Add to basket');
  assert.ok(!all.some((e) => /alice|example\.com/.test(JSON.stringify(e.props))), 'typed values never leave');
  assert.ok(!all.some((e) => JSON.stringify(e.props).includes('private-button')), 'ignored elements are not captured');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C05] withdrawing from another page stops events at once', async () => {
  const { context, page, seen, consentId } = await e2e.openAccepted({ banner: true });
  await page.click('#buy');
  await h.waitFor(() => eventsOf(consentId).some((e) => e.name === '$click'), { what: 'the first click' });

  await h.follow(page, '#about-link', '/about.html');
  // The launcher is mounted after the same stylesheet wait as the banner.
  await page.locator('.assent-launcher').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.assent-banner').count(), 0);
  await page.click('#privacy-link');
  const dialog = page.locator('dialog.assent-dialog');
  await dialog.waitFor({ state: 'visible' });
  const analytics = dialog.locator('input[data-assent-purpose="analytics"]');
  assert.ok(await analytics.isChecked(), 'the switches show the current grant');
  await dialog.locator('[data-assent-action="reject_all"]').click();
  await dialog.waitFor({ state: 'detached' });
  const withdrawn = await page.evaluate(() => window.Assent.record());
  assert.equal(withdrawn.consentId, consentId);
  assert.equal(withdrawn.purposes.analytics, false);

  const before = eventsOf(consentId).length;
  await page.click('#contact');
  await h.follow(page, '#back-to-shop', '/');
  await page.click('#wishlist');
  await h.sleep(2.5 * h.flushIntervalMs());
  const after = eventsOf(consentId);
  assert.ok(
    after.slice(before).every((e) => e.name === '$pageview' && e.page === '/about.html'),
    `nothing after the withdrawal: ${JSON.stringify(after.slice(before))}`,
  );
  assert.ok(!after.some((e) => e.name === '$click' && e.props.selector === 'button#contact'));
  assert.ok(!after.some((e) => e.name === '$click' && e.props.selector === 'button#wishlist'));
  const methods = e2e.receipts(h.ofConsent(consentId));
  assert.deepEqual(methods.map((r) => r.method), ['accept_all', 'reject_all']);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('a click made while leaving the page still arrives (sendBeacon on pagehide)', async () => {
  const { context, page, seen, consentId } = await e2e.openAccepted({ banner: true });
  await h.follow(page, '#about-link', '/about.html'); // the click is captured as the page goes away
  const rows = await h.waitFor(
    () => {
      const found = eventsOf(consentId).filter((e) => e.name === '$click' && e.page === '/');
      return found.length ? found : null;
    },
    { what: 'the click on the link that left the page', timeout: 5000 },
  );
  assert.deepEqual(rows.map((e) => e.props.selector), ['a#about-link']);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C05] withdrawing in one tab takes effect at once in the other open tabs', async () => {
  const { context, page: first, seen, consentId } = await e2e.openAccepted({ banner: true });

  const second = await context.newPage();
  await second.goto(e2e.url('about.html'));
  assert.deepEqual(await second.evaluate(() => window.Assent.ready), { ok: true });
  await second.locator('.assent-launcher').waitFor({ state: 'attached' });
  assert.equal(await second.locator('.assent-banner').count(), 0, 'the grant is shared by the tabs');
  await second.evaluate(() => window.Assent.rejectAll());

  await h.waitFor(() => first.evaluate(() => window.Assent.accepted('analytics') === false), {
    what: 'the first tab to learn of the withdrawal',
  });
  await first.click('#wishlist');
  await h.sleep(2.5 * h.flushIntervalMs());
  const clicks = eventsOf(consentId)
    .filter((e) => e.name === '$click')
    .map((e) => e.props.selector);
  assert.ok(!clicks.includes('button#wishlist'), `no click after the withdrawal (${clicks})`);
  assert.equal((await first.evaluate(() => window.Assent.record())).method, 'reject_all');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});
