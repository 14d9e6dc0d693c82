// docs/recipes/spa-router.md, loaded as the recipe shows it against the real
// server: a router that changes the address with history.pushState. The
// tracker counts each route as a page view, under the consent in force when
// it was captured (C17).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const tp = require('./third-parties.cjs');

// A person (the tracker leaves automation out); /shop and /about are served
// the same page, for a reload there.
const { e2e, open, reload } = tp.useRecipe('spa-router', { title: 'Home', paths: ['/spa', '/shop', '/about'], asPerson: true });

async function browse(page) {
  await page.click('a[href="/shop"]');
  await page.waitForURL('**/shop');
  await page.click('a[href="/about"]');
  await page.waitForURL('**/about');
  assert.equal(await page.textContent('#view'), '/about', 'the router rendered the route');
}

const pageviews = (consentId) =>
  e2e.events(h.ofConsent(consentId, " and name = '$pageview'")).map((e) => [e.page, e.props.title]);

test('[C01] before a choice the router\'s page views are held: nothing is sent', h.LIMIT, async () => {
  const { context, page, seen } = await open();
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await browse(page);
  await h.sleep(2500); // more than a flush interval
  assert.deepEqual(seen.batches, []);
  assert.equal(await page.evaluate(() => window.Assent.track('$pageview')), 'held');
  await context.close();
});

test('[C17] "accept all" sends a page view of each route with the title of that instant, those held before the choice included', h.LIMIT, async () => {
  const { context, page } = await open();
  await browse(page);
  await tp.choose(page, 'accept_all');
  const { consentId } = await page.evaluate(() => window.Assent.record());
  await h.waitFor(() => pageviews(consentId).length >= 3, { what: 'three page views at the server' });
  assert.deepEqual(pageviews(consentId), [['/spa', 'Home'], ['/shop', 'Shop'], ['/about', 'About']]);
  const leaves = e2e.events(h.ofConsent(consentId, " and name = '$pageleave'")).map((e) => e.page);
  assert.deepEqual(leaves.slice(0, 2), ['/spa', '/shop'], 'leaving a route is counted too');
  await context.close();
});

test('[C01] after "reject all" the router\'s navigations send nothing, also after a reload; [C05] after a withdrawal the next load sends nothing', h.LIMIT, async () => {
  const { context, page, seen } = await open();
  await tp.choose(page, 'reject_all');
  await browse(page);
  await reload(page);
  await page.click('a[href="/shop"]');
  await h.sleep(2500);
  assert.deepEqual(seen.batches, []);

  // Granted, then withdrawn: what is captured after the withdrawal never leaves.
  await page.evaluate(() => window.Assent.acceptAll());
  const { consentId } = await page.evaluate(() => window.Assent.record());
  await page.evaluate(() => window.Assent.withdraw());
  await h.sleep(1500);
  const sent = e2e.countEvents(h.ofConsent(consentId));
  await reload(page);
  await browse(page);
  await h.sleep(2500);
  assert.equal(e2e.countEvents(h.ofConsent(consentId)), sent, 'nothing more arrived after the withdrawal');
  await context.close();
});
