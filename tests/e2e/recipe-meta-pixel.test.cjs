// docs/recipes/meta-pixel.md, loaded as the recipe shows it: Meta's pixel
// snippet, marked, with a stand-in fbevents.js served on connect.facebook.net
// that takes over the fbq queue and sets _fbp.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const tp = require('./third-parties.cjs');

const { open, reload } = tp.useRecipe('meta-pixel', { title: 'Meta pixel recipe' });

test('[C01] before a choice nothing is requested from connect.facebook.net and no _fbp is set', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.sleep(500);
  await tp.assertNothingRan(page, context, requested);
  assert.equal(await page.evaluate(() => typeof window.fbq), 'undefined', 'the snippet did not run');
  await context.close();
});

test('[C01] after "reject all" the pixel stays away, also after a reload', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'reject_all');
  await reload(page);
  await h.sleep(500);
  await tp.assertNothingRan(page, context, requested);
  await context.close();
});

test('"accept all" loads the pixel, which receives init and PageView and sets _fbp; [C05] withdrawing marketing deletes _fbp and keeps it away on the next load', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'accept_all');
  await h.waitFor(async () => (await tp.cookieNames(context)).includes('_fbp'), { what: 'the pixel to set _fbp' });
  assert.deepEqual(await tp.ran(page), ['pixel']);
  assert.deepEqual(await page.evaluate(() => window.__fbq), [['init', 'YOUR_PIXEL_ID'], ['track', 'PageView']]);
  assert.deepEqual(requested, ['https://connect.facebook.net/en_US/fbevents.js']);

  await page.evaluate(() => window.Assent.withdraw('marketing'));
  assert.deepEqual(await tp.cookieNames(context), []);
  await reload(page);
  await h.sleep(500);
  assert.deepEqual(await tp.ran(page), []);
  assert.equal(requested.length, 1);
  assert.deepEqual(await tp.cookieNames(context), []);
  await context.close();
});
