// services[].scripts in real Chromium: a script the site forgot to mark is
// held back anyway when its URL matches a service's patterns, until the core
// accepts that service's purpose. Two ways a page gets such a script:
// in its HTML (the browser's preload scanner may fetch it, but it never runs)
// and from its own code, the way pixel and tag-manager loaders insert one
// (then it is not even requested). A script no service claims still runs.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const tp = require('./third-parties.cjs');

const e2e = h.useCollectorAndBrowser();

const CONFIG = tp.configWith({
  services: [
    { id: 'stats', purpose: 'analytics', cookies: ['_stats'], scripts: ['https://stats.example.com/s.js', '/js/track.js'] },
    { id: 'pixel', purpose: 'marketing', cookies: ['_fbp'], scripts: ['https://connect.facebook.net/*'] },
  ],
});

// No data-assent-purpose anywhere: the site forgot it.
const PAGE = tp.pageAround(`<script src="/assent/assent.js" data-config="/assent.config.json"></script>
<script src="https://stats.example.com/s.js"></script>
<script src="https://cdn.example.net/lib.js"></script>
<script src="/own.js"></script>
<script src="/js/track.js"></script>
<script>
  window.libraryBefore = (window.__ran || []).includes('library');
  window.ownBefore = window.ownRan === true;
  var s = document.createElement('script');
  s.async = true;
  s.onload = function () { window.pixelLoaded = true; };
  s.src = 'https://connect.facebook.net/en_US/fbevents.js';
  document.head.appendChild(s);
  // Later, from the page's own code, once Assent knows its config.
  window.insertLate = function () {
    var late = document.createElement('script');
    late.src = 'https://connect.facebook.net/signals/late.js';
    document.body.appendChild(late);
  };
</script>`, 'Forgotten attributes');

// configDelayMs: how long the config's request takes, the time in which
// nothing can say which service a script belongs to.
async function open({ configDelayMs = 0, waitReady = true } = {}) {
  let requested;
  const opened = await e2e.openPage('forgotten.html', {
    waitReady: false,
    before: async (page) => {
      await page.context().route('**/assent.config.json', async (route) => {
        await h.sleep(configDelayMs);
        await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(CONFIG) });
      });
      requested = await tp.serveStandIns(page, '/forgotten.html', PAGE);
      await page.route('**/own.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'window.ownRan = true;' }));
      // The site's own tracker, on its own origin, claimed by the stats service.
      await page.route('**/js/track.js', (route) => {
        requested.push(route.request().url());
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: 'window.ownTrackerRan = true; document.cookie = "_stats=own; path=/";' });
      });
    },
  });
  if (waitReady) assert.deepEqual(await opened.page.evaluate(() => window.Assent.ready), { ok: true });
  return { ...opened, requested };
}

const OWN_TRACKER = 'script[data-assent-held][data-src$="/js/track.js"]';

const requestsTo = (requested, host) => requested.filter((u) => new URL(u).host === host).length;

test('[C01] a script services[].scripts names stays held without data-assent-purpose: before a choice it never runs, and one the page inserts is never requested', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.waitFor(async () => (await tp.ran(page)).includes('library'), { what: 'the unclaimed library to run' });
  await h.sleep(300);
  assert.deepEqual(await tp.ran(page), ['library'], 'only the script no service claims ran');
  assert.equal(requestsTo(requested, 'connect.facebook.net'), 0, 'the inserted pixel was not even requested');
  assert.ok(requestsTo(requested, 'stats.example.com') <= 1, 'at most the preload scanner fetched the markup one');
  assert.deepEqual(await tp.cookieNames(context), []);
  // What the page sees: both are held, named by the purpose the config gives them.
  const held = await page.evaluate(() =>
    Array.from(document.querySelectorAll('script[data-assent-held]')).map((s) => [s.getAttribute('data-src'), s.type, s.getAttribute('data-assent-purpose')]),
  );
  assert.deepEqual(held.sort(), [
    ['https://connect.facebook.net/en_US/fbevents.js', 'text/plain', 'marketing'],
    ['https://stats.example.com/s.js', 'text/plain', 'analytics'],
    [new URL('/js/track.js', page.url()).href, 'text/plain', 'analytics'],
  ].sort());

  // A matching script the page inserts once Assent has started is held too.
  await page.evaluate(() => window.insertLate());
  await h.sleep(300);
  assert.deepEqual(await tp.ran(page), ['library']);
  assert.equal(requestsTo(requested, 'connect.facebook.net'), 0, 'the late one was not requested either');
  assert.equal(await page.locator('script[data-assent-held][data-src="https://connect.facebook.net/signals/late.js"]').count(), 1);
  await context.close();
});

test('[C01] after "reject all" the held scripts stay held, also after a reload, and nothing is requested from the pixel\'s host', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.click('.assent-banner [data-assent-action="reject_all"]');
  await h.sleep(300);
  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  await h.waitFor(async () => (await tp.ran(page)).includes('library'), { what: 'the unclaimed library to run' });
  await h.sleep(300);
  assert.deepEqual(await tp.ran(page), ['library']);
  assert.equal(requestsTo(requested, 'connect.facebook.net'), 0);
  assert.deepEqual(await tp.cookieNames(context), []);
  await context.close();
});

test('"accept all" runs the held scripts as the elements the page made (their onload fires), and one inserted after it at once; [C05] after a withdrawal the next load holds them again', h.LIMIT, async () => {
  const { context, page, requested } = await open();
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  await h.waitFor(async () => (await tp.ran(page)).length === 3, { what: 'the held scripts to run after accept' });
  assert.deepEqual((await tp.ran(page)).sort(), ['library', 'pixel', 'stats']);
  assert.deepEqual(await tp.cookieNames(context), ['_fbp', '_stats']);
  assert.equal(requestsTo(requested, 'connect.facebook.net'), 1);
  assert.equal(await page.evaluate(() => window.pixelLoaded), true, 'the page\'s own onload ran: the very element it inserted was run');
  // Inserted once granted: it runs at once, unheld.
  await page.evaluate(() => window.insertLate());
  await h.waitFor(async () => (await tp.ran(page)).length === 4, { what: 'the late script to run once granted' });
  assert.equal(requestsTo(requested, 'connect.facebook.net'), 2);

  // Granted already: on the next load they run without being held at all.
  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  await h.waitFor(async () => (await tp.ran(page)).length === 3, { what: 'the scripts to run on a granted load' });

  // [C05] withdrawn: the cookies go at once, and the next load holds them again.
  await page.evaluate(() => window.Assent.withdraw());
  assert.deepEqual(await tp.cookieNames(context), []);
  const before = requestsTo(requested, 'connect.facebook.net');
  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  await h.waitFor(async () => (await tp.ran(page)).includes('library'), { what: 'the unclaimed library to run' });
  await page.evaluate(() => window.insertLate());
  await h.sleep(300);
  assert.deepEqual(await tp.ran(page), ['library'], 'not re-run after the withdrawal');
  assert.equal(requestsTo(requested, 'connect.facebook.net'), before, 'the pixel is not requested again');
  assert.deepEqual(await tp.cookieNames(context), []);
  await context.close();
});

test('a script no service claims waits only until the config is read and then runs, from another origin or from the page\'s own', h.LIMIT, async () => {
  const { context, page } = await open();
  await h.waitFor(async () => (await tp.ran(page)).includes('library'), { what: 'the unclaimed library to run' });
  await h.waitFor(() => page.evaluate(() => window.ownRan === true), { what: 'the unclaimed own-origin script to run' });
  // They waited: the inline script after them ran first (a documented limit).
  assert.equal(await page.evaluate(() => window.libraryBefore), false);
  assert.equal(await page.evaluate(() => window.ownBefore), false);
  assert.equal(await page.locator('script[src="https://cdn.example.net/lib.js"]').count(), 1, 'it runs with its own src again');
  assert.equal(await page.locator('script[src$="/own.js"]').count(), 1);
  await context.close();
});

test('[C01] a script of the page\'s own origin that services[].scripts claims never runs while the config is still loading, nor after, before a choice', h.LIMIT, async () => {
  const { context, page, requested } = await open({ configDelayMs: 1500, waitReady: false });
  // The config is still on its way: the core cannot say whose the script is yet.
  await page.waitForSelector(OWN_TRACKER, { state: 'attached' });
  await h.sleep(500);
  assert.equal(await page.evaluate(() => window.ownTrackerRan === true), false, 'it did not run during the config fetch');
  assert.equal(await page.locator(OWN_TRACKER).getAttribute('data-assent-purpose'), null, 'held with no purpose yet: pending');
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  // Now the core has said: it is the stats service's, held for analytics.
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.waitFor(async () => (await tp.ran(page)).includes('library'), { what: 'the unclaimed library to run' });
  await h.sleep(300);
  assert.equal(await page.evaluate(() => window.ownTrackerRan === true), false);
  assert.equal(await page.locator(OWN_TRACKER).getAttribute('data-assent-purpose'), 'analytics');
  assert.ok(requested.filter((u) => u.endsWith('/js/track.js')).length <= 1, 'at most the preload scanner fetched it');
  assert.deepEqual(await tp.cookieNames(context), []);
  // Accepted, it runs.
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  await h.waitFor(() => page.evaluate(() => window.ownTrackerRan === true), { what: 'the own tracker to run once accepted' });
  await context.close();
});
