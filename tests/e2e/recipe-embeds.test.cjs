// docs/recipes/embeds.md, loaded as the recipe shows it: a YouTube, a Vimeo
// and a Google Maps frame, each behind Assent's placeholder, with stand-in
// player pages served on their real hostnames.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const tp = require('./third-parties.cjs');

const { open, reload } = tp.useRecipe('embeds', { title: 'Embeds recipe' });

const hosts = (urls) => urls.map((u) => new URL(u).host).sort();
const PLAYERS = ['player.vimeo.com', 'www.google.com', 'www.youtube-nocookie.com'];

test('[C01] before a choice no player is requested and a placeholder stands in for each frame', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.waitFor(async () => (await page.locator('.assent-placeholder').count()) === 3, { what: 'three placeholders' });
  await h.sleep(300);
  assert.deepEqual(requested, []);
  assert.deepEqual(tp.frameUrls(page), []);
  assert.deepEqual(await page.locator('iframe:not([hidden])').count(), 0, 'the frames are hidden behind their placeholders');
  await context.close();
});

test('[C01] after "reject all" the players stay away, also after a reload', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'reject_all');
  await reload(page);
  await h.waitFor(async () => (await page.locator('.assent-placeholder').count()) === 3, { what: 'three placeholders' });
  await h.sleep(300);
  assert.deepEqual(requested, []);
  assert.deepEqual(tp.frameUrls(page), []);
  await context.close();
});

test('"accept all" loads the three players; [C05] a withdrawal unloads them at once and keeps them away on the next load', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await tp.choose(page, 'accept_all');
  await h.waitFor(() => tp.frameUrls(page).length === 3, { what: 'the three players to load' });
  assert.deepEqual(hosts(tp.frameUrls(page)), PLAYERS);
  assert.deepEqual(hosts(requested), PLAYERS);
  assert.equal(await page.locator('.assent-placeholder').count(), 0);

  await page.evaluate(() => window.Assent.withdraw('media'));
  await h.waitFor(() => tp.frameUrls(page).length === 0, { what: 'the players to unload' });
  await h.waitFor(async () => (await page.locator('.assent-placeholder').count()) === 3, { what: 'the placeholders to come back' });
  await reload(page);
  await h.waitFor(async () => (await page.locator('.assent-placeholder').count()) === 3, { what: 'three placeholders after the reload' });
  await h.sleep(300);
  assert.deepEqual(tp.frameUrls(page), []);
  assert.equal(requested.length, 3, 'no player requested again');
  await context.close();
});
