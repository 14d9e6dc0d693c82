// docs/recipes/google-tag-manager.md, loaded as the recipe shows it: Google's
// Tag Manager snippet, marked, with a stand-in gtm.js served on
// www.googletagmanager.com whose one tag sets _ga while analytics_storage is
// granted.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const tp = require('./third-parties.cjs');

const { open, reload } = tp.useRecipe('google-tag-manager', { title: 'GTM recipe' });

test('[C01] before a choice the container is not requested, and no _ga is set', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.sleep(500);
  await tp.assertNothingRan(page, context, requested);
  assert.equal(await page.evaluate(() => (window.dataLayer || []).some((e) => e && e.event === 'gtm.js')), false,
    'the snippet itself did not run');
  await context.close();
});

test('[C01] after "reject all" the container stays away, also after a reload', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'reject_all');
  await reload(page);
  await h.sleep(500);
  await tp.assertNothingRan(page, context, requested);
  await context.close();
});

test('"accept all" starts the container with its gtm.js event, whose tag sets _ga; [C05] a withdrawal deletes _ga and keeps the container away on the next load', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'accept_all');
  await h.waitFor(async () => (await tp.cookieNames(context)).includes('_ga'), { what: 'the container\'s tag to set _ga' });
  assert.deepEqual(await tp.ran(page), ['gtm']);
  assert.equal(await page.evaluate(() => window.__gtmStarted), true, 'the snippet pushed gtm.js before the container loaded');
  assert.equal(requested.length, 1);
  assert.match(requested[0], /gtm\.js\?id=GTM-XXXXXXX$/);

  await page.evaluate(() => window.Assent.withdraw());
  assert.deepEqual(await tp.cookieNames(context), []);
  await reload(page);
  await h.sleep(500);
  assert.deepEqual(await tp.ran(page), []);
  assert.equal(requested.length, 1);
  assert.deepEqual(await tp.cookieNames(context), []);
  await context.close();
});
