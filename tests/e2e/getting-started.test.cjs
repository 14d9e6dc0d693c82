// The root README's "Getting started" block and the config beside it, both
// served exactly as the README shows them, in real Chromium against the
// real server (which judges receipts by that same config): a gtag snippet,
// an advertising pixel and a YouTube embed wait for their purposes, stay off
// after "reject all" (also after a reload), the settings link reopens the
// choice, and withdrawing clears the cookies the config's services name.
// The third parties are stand-ins served by the test; what they would do on
// the real web (load, set a cookie) is what is counted.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

// The first `lang` block under "## Getting started" in the README, as written there.
function readmeBlock(lang) {
  const readme = fs.readFileSync(path.join(h.ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Getting started'));
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
  assert.ok(block, `the README has a ${lang} block under "Getting started"`);
  return block[1];
}

// The site's config is the README's, served as /assent.config.json (the
// tracker site is the demo's pages under a config of the test's choosing).
const e2e = h.useCollectorAndBrowser({ site: 'tracker', config: JSON.parse(readmeBlock('json')), asPerson: false });

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Getting started</title></head>
<body>
${readmeBlock('html')}
</body></html>`;

// What each stand-in does when it really runs: marks itself and sets the
// cookie its real counterpart would.
const THIRD_PARTIES = {
  'https://www.googletagmanager.com/gtag/js**': `(window.__ran = window.__ran || []).push('gtag'); document.cookie = '_ga=GA1.1.42.42; path=/';`,
  'https://connect.facebook.net/**': `(window.__ran = window.__ran || []).push('pixel'); document.cookie = '_fbp=fb.1.42.42; path=/';`,
};
const HOSTS = ['www.googletagmanager.com', 'connect.facebook.net', 'www.youtube-nocookie.com'];

async function open() {
  const requested = [];
  const opened = await e2e.openPage('getting-started.html', {
    waitReady: false,
    before: async (page) => {
      await serve(page);
      page.on('request', (request) => {
        const host = new URL(request.url()).host;
        if (HOSTS.includes(host)) requested.push(host);
      });
    },
  });
  assert.deepEqual(await opened.page.evaluate(() => window.Assent.ready), { ok: true });
  return { ...opened, requested };
}

async function serve(page) {
  await page.route('**/getting-started.html', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PAGE }));
  for (const [url, body] of Object.entries(THIRD_PARTIES)) {
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
  }
  await page.route('https://www.youtube-nocookie.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<p id="video">the video</p>' }),
  );
}

const ran = (page) => page.evaluate(() => window.__ran || []);
const cookieNames = async (context) => (await context.cookies()).map((c) => c.name).sort();
const frameUrls = (page) => page.frames().map((f) => f.url()).filter((u) => u.includes('youtube'));

test('[C01] the README\'s block holds back GA, the pixel and the embed until their purposes are granted', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.sleep(500);
  assert.deepEqual(await ran(page), [], 'no third-party script ran before the choice');
  assert.deepEqual(requested, [], 'nothing was even requested from a third party');
  assert.deepEqual(frameUrls(page), []);
  assert.deepEqual((await cookieNames(context)).filter((n) => n !== 'assent'), []);

  await page.click('.assent-banner [data-assent-action="accept_all"]');
  await h.waitFor(async () => (await ran(page)).length === 2, 'both scripts ran after "accept all"');
  assert.deepEqual((await ran(page)).sort(), ['gtag', 'pixel']);
  assert.ok(await page.evaluate(() => Array.isArray(window.dataLayer) && window.dataLayer.length >= 2), 'the inline gtag config ran');
  await h.waitFor(() => frameUrls(page).length === 1, 'the embed loaded');
  assert.match(frameUrls(page)[0], /youtube-nocookie\.com\/embed\/VIDEO_ID/);
  assert.deepEqual((await cookieNames(context)).filter((n) => n !== 'assent'), ['_fbp', '_ga']);
  await context.close();
});

test('[C05] withdrawing from the settings link deletes the cookies the README\'s config names for GA and the pixel', h.LIMIT, async () => {
  const { context, page } = await open();
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  await h.waitFor(async () => (await cookieNames(context)).includes('_fbp') && (await cookieNames(context)).includes('_ga'), { what: 'both cookies set' });

  await page.click('a[data-assent-open]');
  const dialog = page.locator('dialog.assent-dialog');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('[data-assent-action="reject_all"]').click();
  await h.waitFor(async () => !(await cookieNames(context)).some((n) => n === '_ga' || n === '_fbp'), { what: 'the cookies deleted' });
  assert.deepEqual((await cookieNames(context)).filter((n) => n !== 'assent'), []);
  await context.close();
});

test('[C02] [C05] after "reject all" none of them runs, also after a reload; the settings link reopens the choice', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.click('.assent-banner [data-assent-action="reject_all"]');
  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  await h.sleep(500);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(requested, [], 'not one request to a third party, before or after the reload');
  assert.deepEqual((await cookieNames(context)).filter((n) => n !== 'assent'), []);
  assert.equal(await page.locator('.assent-banner').count(), 0, 'the choice is remembered');

  // The README's link reopens the preferences; granting analytics alone runs gtag alone.
  await page.click('a[data-assent-open]');
  const dialog = page.locator('dialog.assent-dialog');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('input[data-assent-purpose="analytics"]').check();
  await dialog.locator('[data-assent-action="save"]').click();
  await h.waitFor(async () => (await ran(page)).length === 1, 'gtag ran once analytics was granted');
  assert.deepEqual(await ran(page), ['gtag']);
  assert.deepEqual(frameUrls(page), [], 'the embed still waits for "media"');
  await context.close();
});
