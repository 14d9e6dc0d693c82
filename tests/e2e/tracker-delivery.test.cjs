// Delivery, end to end: batches (never a request per event), retries with
// backoff on network errors and 5xx but not on 4xx, the beacon on pagehide,
// and unsent events kept across reloads so that every forwarded event is in
// SQLite exactly once, through 20 offline/reload cycles.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser({ site: 'tracker' });

const { batchMaxEvents, flushIntervalMs } = h.trackerConfig().tracker;
const of = h.ofConsent;
const count = (where) => e2e.countEvents(where);
const acceptedPage = (options) => e2e.openAccepted('tracker.html', options);

// An accepted page whose page view is stored: its delivery works.
async function deliveringPage(options) {
  const opened = await acceptedPage(options);
  await h.waitFor(() => count(of(opened.consentId)) >= 1, { what: 'the page view' });
  return opened;
}

test('a burst of 500 events leaves in batches of at most batchMaxEvents, never a request per event', async () => {
  const { context, page, seen, consentId } = await deliveringPage();
  const before = seen.batches.length;
  await page.evaluate(() => {
    for (let i = 0; i < 500; i += 1) window.Assent.track('offer_seen', { list: 'burst', source: String(i) });
  });
  await h.waitFor(() => count(of(consentId, " and name = 'offer_seen'")) === 500, { what: '500 stored events' });
  const batches = seen.batches.slice(before);
  assert.ok(batches.every((b) => b.events.length <= batchMaxEvents));
  assert.ok(batches.length <= Math.ceil(500 / batchMaxEvents) + 2, `${batches.length} requests for 500 events`);
  await context.close();
});

test('a network error or a 5xx sends the batch again with growing pauses until it is stored once', async () => {
  const { context, page, seen, consentId } = await deliveringPage();
  const attempts = [];
  await page.route('**/v1/events', (route) => {
    attempts.push(Date.now());
    if (attempts.length === 1) return route.abort('connectionreset');
    if (attempts.length <= 3) return route.fulfill({ status: 503, body: '{"error":"busy"}' });
    return route.continue();
  });
  await page.click('#buy');
  await h.waitFor(() => count(of(consentId, " and name = '$click'")) === 1, { what: 'the click, stored', timeout: 15000 });
  assert.ok(attempts.length >= 4);
  const gaps = attempts.slice(1, 4).map((at, i) => at - attempts[i]);
  // equal jitter: pause n lies in [step/2, step] with step = 500 ms · 2^(n-1)
  assert.ok(gaps[0] >= 200 && gaps[1] >= 450 && gaps[2] >= 900, `pauses ${gaps}`);
  await h.sleep(2 * flushIntervalMs);
  assert.equal(count(of(consentId, " and name = '$click'")), 1);
  assert.ok(!seen.warnings.some((w) => w.includes('refused')), seen.warnings.join('\n'));
  await context.close();
});

test('a batch the collector refuses (4xx) is not sent again, with one console warning', async () => {
  const { context, page, seen, consentId } = await deliveringPage();
  const posted = [];
  await page.route('**/v1/events', (route) => {
    posted.push(JSON.parse(route.request().postData()));
    return route.fulfill({ status: 400, body: '{"error":"no"}' });
  });
  await page.click('#buy');
  await page.click('#mail');
  const refusedWarnings = () => seen.warnings.filter((w) => w.startsWith('Assent: the collector refused a batch (HTTP 400)'));
  const sentIdsNow = () => posted.flatMap((b) => b.events.map((e) => e.id));
  await h.waitFor(() => sentIdsNow().length >= 2 && refusedWarnings().length >= 1, { what: 'both clicks posted and refused' });
  await h.sleep(2 * flushIntervalMs); // time for a wrongful resend to show
  const sentIds = sentIdsNow();
  assert.equal(new Set(sentIds).size, sentIds.length, 'no event was sent twice');
  assert.equal(refusedWarnings().length, 1);
  await page.unroute('**/v1/events');
  await page.click('#call');
  await h.waitFor(() => count(of(consentId, " and name = '$click'")) === 1, { what: 'the next click, delivered' });
  await context.close();
});

test('a click that leaves for a page without Assent is delivered on pagehide (sendBeacon), with what was waiting', async () => {
  const { context, page, consentId } = await deliveringPage();
  await page.route('**/v1/events', (route) => route.abort('connectionrefused'));
  await page.click('#buy'); // its fetch fails: it waits in the queue, sending paused
  await h.waitFor(() => page.evaluate(() => (localStorage.getItem('assent:pending') || '').includes('$click')), {
    what: 'the failed click to be kept',
  });
  await page.unroute('**/v1/events');
  await Promise.all([page.waitForURL(/favicon/), page.click('#away')]); // nothing restores it after this
  const rows = await h.waitFor(
    () => {
      const found = e2e.events(of(consentId));
      return found.filter((e) => e.name === '$click').length >= 2 && found.some((e) => e.name === '$pageleave') ? found : null;
    },
    { what: 'both clicks and the page leave', timeout: 5000 },
  );
  assert.deepEqual(rows.filter((e) => e.name === '$click').map((e) => e.props.selector).sort(), ['a#away', 'button#buy']);
  await context.close();
});

test('events an earlier version kept under assent_pending are sent after the upgrade, and the old key goes', async () => {
  // No beacon gets through on this page, so the click can only arrive from storage.
  const { context, page, consentId } = await deliveringPage({
    before: (p) => p.addInitScript(() => (navigator.sendBeacon = () => true)),
  });
  await page.route('**/v1/events', (route) => route.abort('connectionrefused'));
  await page.click('#buy');
  await h.waitFor(() => page.evaluate(() => (localStorage.getItem('assent:pending') || '').includes('$click')), {
    what: 'the failed click to be kept',
  });
  await page.goto(e2e.url('favicon.svg')); // leaves Assent; its pagehide writes the key once more
  // As the previous version left it: the same text under its old key.
  await page.evaluate(() => {
    localStorage.setItem('assent_pending', localStorage.getItem('assent:pending'));
    localStorage.removeItem('assent:pending');
  });
  assert.equal(count(of(consentId, " and name = '$click'")), 0);
  await page.unroute('**/v1/events');
  await page.goto(e2e.url('tracker.html'));
  await h.waitFor(() => count(of(consentId, " and name = '$click'")) === 1, { what: 'the kept click, stored' });
  assert.equal(await page.evaluate(() => localStorage.getItem('assent_pending')), null);
  await context.close();
});

// Going offline with Playwright's setOffline; the page itself still reloads
// offline, from a copy kept by a route (as a service worker or the HTTP cache
// would serve it), while every request to the collector fails. Beacons
// escape both setOffline and routes in Chromium, so while offline a beacon
// is accepted and lost, as a real one would be.
async function offlineSwitch(context) {
  await context.addInitScript(() => {
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => (navigator.onLine ? send(url, data) : true);
  });
  const copies = new Map();
  let offline = false;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).pathname.startsWith('/v1/')) return offline ? route.abort('internetdisconnected') : route.continue();
    if (offline) return copies.has(url) ? route.fulfill(copies.get(url)) : route.abort('internetdisconnected');
    const response = await route.fetch();
    const copy = { status: response.status(), headers: response.headers(), body: await response.body() };
    copies.set(url, copy);
    return route.fulfill(copy);
  });
  return async (on) => {
    offline = on;
    await context.setOffline(on);
  };
}

test('20 cycles of offline, clicks, reload and back online leave every forwarded event in SQLite exactly once', async () => {
  const { context, page, seen, consentId } = await acceptedPage();
  const setOffline = await offlineSwitch(context);
  await page.reload(); // once online, so that the route keeps a copy of the page
  await page.evaluate(() => window.Assent.ready);
  let loads = 2;
  let clicks = 0;
  for (let cycle = 0; cycle < 20; cycle += 1) {
    await setOffline(true);
    await page.click('#buy');
    await page.click('#call');
    clicks += 2;
    await page.reload(); // offline: the clicks can only be in storage now
    assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
    loads += 1;
    await setOffline(false); // the page sends on 'online'; sometimes it is cut off again mid-flight
    await h.sleep((cycle % 4) * 100);
  }
  await h.waitFor(
    () => count(of(consentId, " and name = '$click'")) >= clicks && count(of(consentId, " and name = '$pageview'")) >= loads,
    { what: `${clicks} clicks and ${loads} page views`, timeout: 20000 },
  );
  await h.sleep(2 * flushIntervalMs);
  const wire = new Set(seen.batches.flatMap((b) => b.events.map((e) => e.id)));

  const rows = e2e.events(of(consentId));
  const named = (name) => rows.filter((e) => e.name === name).length;
  assert.equal(named('$click'), clicks, 'every click once');
  assert.equal(named('$pageview'), loads, 'every page view once');
  assert.equal(named('$pageleave'), loads - 1, 'every page left, once');
  const stored = new Set(rows.map((e) => e.id));
  assert.deepEqual([...wire].filter((id) => !stored.has(id)), [], 'every event that was ever sent is stored');
  await context.close();
});
