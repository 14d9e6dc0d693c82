// docs/recipes/ga4-consent-mode.md, loaded as the recipe shows it: Google
// Analytics 4 under Consent Mode v2, with a stand-in gtag.js served on
// www.googletagmanager.com that records what the dataLayer tells it and sets
// _ga once a config runs with analytics_storage granted.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const tp = require('./third-parties.cjs');

const { open, reload } = tp.useRecipe('ga4-consent-mode', { title: 'GA4 recipe' });

// The consent commands in the dataLayer, as gtag.js will read them.
const consentCommands = (page) =>
  page.evaluate(() =>
    (window.dataLayer || [])
      .filter((item) => Object.prototype.toString.call(item) === '[object Arguments]' && item[0] === 'consent')
      .map((item) => [item[1], item[2].analytics_storage, item[2].ad_storage, item[2].security_storage]),
  );

test('[C01] before a choice gtag.js is not requested and no _ga is set, while the dataLayer already holds the consent default, denied but for the required purpose\'s signals', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.sleep(500);
  await tp.assertNothingRan(page, context, requested);
  const commands = await consentCommands(page);
  assert.deepEqual(commands[0], ['default', 'denied', 'denied', 'granted'], 'the default comes first: denied, but for the required purpose\'s signal');
  await context.close();
});

test('[C01] after "reject all" gtag.js stays away and no _ga is set, also after a reload', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'reject_all');
  await reload(page);
  await h.sleep(500);
  await tp.assertNothingRan(page, context, requested);
  assert.deepEqual((await consentCommands(page)).slice(-1), [['update', 'denied', 'denied', 'granted']]);
  await context.close();
});

test('"accept all" runs gtag.js after the granting update, which sets _ga; [C05] withdrawing analytics deletes _ga and keeps gtag.js away on the next load', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'accept_all');
  await h.waitFor(async () => (await tp.cookieNames(context)).includes('_ga'), { what: 'gtag.js to set _ga' });
  assert.deepEqual(await tp.ran(page), ['gtag']);
  const calls = await page.evaluate(() => window.__gtag.map((c) => [c[0], c[1]]));
  const at = (command, arg) => calls.findIndex((c) => c[0] === command && c[1] === arg);
  assert.equal(at('consent', 'default'), 0, 'gtag.js reads the default first');
  assert.ok(at('consent', 'update') < at('config', 'G-XXXXXXX'), 'the update comes before the config');
  assert.ok(at('js', 'date') >= 0 && at('config', 'G-XXXXXXX') >= 0, 'the recipe\'s inline config ran');
  const granted = await page.evaluate(() => window.__gtag.filter((c) => c[0] === 'consent').slice(-1)[0][2]);
  assert.equal(granted.analytics_storage, 'granted');
  assert.equal(requested.length, 1, 'gtag.js requested once');

  await page.evaluate(() => window.Assent.withdraw('analytics'));
  assert.deepEqual(await tp.cookieNames(context), [], '_ga deleted at once');
  assert.equal((await page.evaluate(() => window.__gtag.filter((c) => c[0] === 'consent').slice(-1)[0][2])).analytics_storage, 'denied',
    'the running gtag.js was told');
  await reload(page);
  await h.sleep(500);
  assert.deepEqual(await tp.ran(page), []);
  assert.equal(requested.length, 1, 'not requested again');
  assert.deepEqual(await tp.cookieNames(context), []);
  await context.close();
});
