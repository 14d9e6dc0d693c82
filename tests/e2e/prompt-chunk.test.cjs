// The prompt chunk (assent-ui.js and assent-ui.css: banner, preferences,
// permission pre-prompt) is fetched only when a prompt is to be shown: a
// returning visitor with a valid record downloads the kernel alone, launcher
// included, until they open the settings; a first visitor fetches the chunk
// beside the core, so the banner waits for no request made after the core's
// answer. The permission chunk (assent-permission.js) comes only with
// Assent.request, the own-data chunk (assent-my-data.js) with the
// preferences, the embeds chunk (assent-embeds.js) with a marked frame. A
// chunk that cannot be loaded decides nothing.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

const CHUNK = ['assent-ui.js', 'assent-ui.css'];
const nameOf = (url) => new URL(url).pathname.split('/').pop();

// Every request and finished response of the context, in order, as
// "request assent.wasm" / "finished assent.wasm".
function logRequests(context) {
  const log = [];
  context.on('request', (r) => log.push(`request ${nameOf(r.url())}`));
  context.on('requestfinished', (r) => log.push(`finished ${nameOf(r.url())}`));
  return log;
}
const chunkRequests = (log) => log.filter((line) => CHUNK.some((name) => line === `request ${name}`));

// A context whose visitor rejected all on an earlier visit: its record is stored.
async function returningVisitor() {
  const { context, page } = await e2e.openPage();
  await page.evaluate(() => window.Assent.rejectAll());
  await page.close();
  return context;
}

const OPENERS = {
  'the launcher': (page) => page.click('.assent-launcher'),
  'Assent.showPreferences()': (page) => page.evaluate(() => window.Assent.showPreferences()),
  'a data-assent-open settings link': (page) => page.click('#privacy-link'),
};

for (const [opener, open] of Object.entries(OPENERS)) {
  test(`a returning visitor with a valid record loads no prompt chunk, launcher shown, until ${opener} opens the settings; then it is fetched once`, h.LIMIT, async () => {
    const context = await returningVisitor();
    const log = logRequests(context);
    const page = await context.newPage();
    await page.goto(e2e.url());
    assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
    await page.locator('.assent-launcher').waitFor({ state: 'visible' });
    assert.equal(
      await page.locator('.assent-launcher').evaluate((el) => getComputedStyle(el).position),
      'fixed',
      'the launcher is styled by the kernel\'s assent.css',
    );
    assert.equal(await page.locator('.assent-banner').count(), 0, 'no banner for a valid record');
    assert.ok(log.includes('finished assent.wasm'), 'the kernel was loaded');
    assert.deepEqual(chunkRequests(log), [], 'no prompt chunk before the settings are opened');

    await open(page);
    const dialog = page.locator('dialog.assent-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.evaluate((el) => getComputedStyle(el).position), 'fixed', 'assent-ui.css applies to the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.click('.assent-launcher'); // once more: nothing fetched again
    await dialog.waitFor({ state: 'visible' });
    assert.deepEqual(chunkRequests(log).sort(), CHUNK.map((name) => `request ${name}`).sort(), 'the chunk, fetched once');
    await context.close();
  });
}

test('a first visitor fetches the prompt chunk beside the core, before the core has loaded, and gets the banner', h.LIMIT, async () => {
  const context = await e2e.browser.newContext({ locale: 'en-US' });
  const log = logRequests(context);
  const page = await context.newPage();
  await page.goto(e2e.url());
  const reject = page.locator('.assent-banner [data-assent-action="reject_all"]');
  await reject.waitFor({ state: 'visible' });
  assert.equal(await page.locator('.assent-banner').evaluate((el) => getComputedStyle(el).position), 'fixed', 'assent-ui.css applies');
  const chunkAsked = log.indexOf('request assent-ui.js');
  assert.ok(chunkAsked >= 0, 'assent-ui.js was fetched');
  assert.ok(
    chunkAsked < log.indexOf('finished assent.wasm'),
    `assent-ui.js is asked for while assent.wasm still loads, not after the core's answer: ${log.join(', ')}`,
  );
  await reject.click();
  await page.locator('.assent-banner').waitFor({ state: 'detached' });
  assert.equal((await page.evaluate(() => window.Assent.record())).method, 'reject_all');
  await context.close();
});

test('[C01] a prompt chunk that cannot be loaded (404) is no consent: no banner, nothing granted, the page works, the console names assent-ui.js', h.LIMIT, async () => {
  const { context, page, seen, state } = await e2e.openPage({
    before: (p) => p.route('**/assent-ui.js', (route) => route.fulfill({ status: 404, body: 'not found' })),
  });
  assert.deepEqual(state, { ok: true }, 'the core runs');
  await h.waitFor(() => h.scriptErrors(seen).some((text) => text.includes('assent-ui.js')), { what: 'the console error' });
  assert.equal(await page.locator('.assent-banner').count(), 0, 'no banner');
  assert.equal(await page.evaluate(() => window.Assent.record()), null, 'no record: nothing decided');
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false);
  assert.equal(await page.evaluate(() => window.Assent.track('$pageview')), 'held', 'events wait for a decision');

  // The settings and a permission prompt fail the same way, and ask nothing.
  await page.click('#privacy-link');
  const request = await page.evaluate(() => window.Assent.request('geolocation').then(() => 'resolved', (e) => e.message));
  assert.match(request, /assent-ui\.js/);
  assert.equal(await page.locator('dialog').count(), 0, 'no dialog');
  assert.equal(await page.evaluate(() => window.Assent.record()), null, 'still nothing decided');
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false);

  // The page itself keeps working; a decision through the API still counts.
  assert.deepEqual(seen.pageErrors, []);
  await page.click('#buy');
  assert.equal((await page.evaluate(() => window.Assent.rejectAll())).method, 'reject_all');
  const errors = h.scriptErrors(seen);
  assert.ok(errors.every((text) => /^Assent: the prompt UI is not available: .*assent-ui\.js could not be loaded; nothing was decided$/.test(text)), errors.join('\n'));
  await context.close();
});

test('[C16] the permission chunk (assent-permission.js) is fetched only when the page calls Assent.request; one that cannot be loaded (404) rejects the request, shows nothing and decides nothing', h.LIMIT, async () => {
  const log = [];
  const { context, page, seen } = await e2e.openPage({
    before: (p) => {
      p.on('request', (r) => log.push(`request ${nameOf(r.url())}`));
      return p.route('**/assent-permission.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    },
  });
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  assert.ok(!log.includes('request assent-permission.js'), 'no permission chunk for a page that asks no permission');

  const request = await page.evaluate(() => window.Assent.request('geolocation').then(() => 'resolved', (e) => e.message));
  assert.match(request, /assent-permission\.js could not be loaded/);
  assert.ok(log.includes('request assent-permission.js'), 'fetched when asked for');
  assert.equal(await page.locator('dialog').count(), 0, 'no pre-prompt');
  assert.equal(await page.evaluate(() => window.Assent.record()), null, 'nothing decided');
  const errors = h.scriptErrors(seen);
  assert.ok(errors.length > 0 && errors.every((text) => /^Assent: the permission flow is not available: .*assent-permission\.js could not be loaded; nothing was decided$/.test(text)), errors.join('\n'));
  await context.close();
});

test('[C01] an own-data chunk (assent-my-data.js) that cannot be loaded (404) leaves the preferences working without the download and erase controls, and decides nothing', h.LIMIT, async () => {
  const { context, page, seen } = await e2e.openPage({
    before: (p) => p.route('**/assent-my-data.js', (route) => route.fulfill({ status: 404, body: 'not found' })),
  });
  await page.locator('.assent-banner [data-assent-action="customise"]').click();
  const dialog = page.locator('dialog.assent-dialog');
  await dialog.waitFor({ state: 'visible' });
  await h.waitFor(() => h.scriptErrors(seen).some((text) => text.includes('assent-my-data.js')), { what: 'the console error' });
  assert.equal(await page.locator('dialog.assent-dialog [data-assent-my-data]').count(), 0, 'no own-data controls');
  assert.equal(await page.evaluate(() => window.Assent.record()), null, 'nothing decided');
  await page.click('dialog.assent-dialog [data-assent-action="reject_all"]');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await page.evaluate(() => window.Assent.record())).method, 'reject_all', 'the dialog still decides');
  const errors = h.scriptErrors(seen);
  assert.ok(errors.every((text) => /^Assent: the own-data part of the preferences is not available: .*assent-my-data\.js could not be loaded; nothing was decided$/.test(text)), errors.join('\n'));
  await context.close();
});

test('[C01] the embeds chunk (assent-embeds.js) is fetched only for a page with a frame marked for a purpose; one that cannot be loaded (404) leaves the frame without its src, even once its purpose is granted', h.LIMIT, async () => {
  const plain = await e2e.openPage('about.html');
  assert.deepEqual(plain.state, { ok: true });
  assert.equal(await plain.page.locator('script[src$="assent-embeds.js"]').count(), 0);
  assert.equal(await plain.page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/assent-embeds.js'))), false, 'no embeds chunk on a page without a marked frame');
  await plain.context.close();

  const { context, page, seen } = await e2e.openPage('fixtures/ui/embed.html', {
    before: async (p) => {
      await h.serveFixtures(p);
      await p.route('**/assent-embeds.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    },
  });
  await h.waitFor(() => h.scriptErrors(seen).some((text) => text.includes('assent-embeds.js')), { what: 'the console error' });
  assert.equal(await page.locator('.assent-placeholder').count(), 0, 'no placeholder without the chunk');
  assert.equal(await page.locator('#embed').getAttribute('src'), null, 'the frame keeps no src');
  const chunkErrors = () => h.scriptErrors(seen).filter((text) => text.includes('assent-embeds.js')).length;
  const before = chunkErrors();
  assert.equal((await page.evaluate(() => window.Assent.acceptAll())).method, 'accept_all');
  // The decision tries the chunk again (and fails again): only then is the
  // frame's state the decision's.
  await h.waitFor(() => chunkErrors() > before, { what: 'the chunk tried again after the decision' });
  assert.equal(await page.locator('#embed').getAttribute('src'), null, 'still none once media is granted');
  assert.deepEqual(seen.pageErrors, []);
  const errors = h.scriptErrors(seen);
  assert.ok(errors.every((text) => /^Assent: the embeds chunk is not available: .*assent-embeds\.js could not be loaded; nothing was decided$/.test(text)), errors.join('\n'));
  await context.close();
});

test('a decision made through the API while the prompt chunk still loads keeps the banner away, and the launcher comes', h.LIMIT, async () => {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  const context = await e2e.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.route('**/assent-ui.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(e2e.url(), { waitUntil: 'domcontentloaded' }); // a script still loading holds "load" back
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  assert.equal(await page.locator('.assent-launcher:visible').count(), 0, 'no launcher while the banner is on its way');
  assert.equal((await page.evaluate(() => window.Assent.rejectAll())).method, 'reject_all');
  release();
  await page.locator('.assent-launcher').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelector('script[src$="assent-ui.js"]') === null); // the chunk has run
  await h.sleep(300);
  assert.equal(await page.locator('.assent-banner').count(), 0, 'no banner after the decision');
  await context.close();
});
