// [C16] [C08] [C09]: a browser permission is asked the core's way: the reason
// first, the browser's own request only after the person agreed, the answer
// recorded with its expiry; a refusal is not asked again until it lapses, a
// lapsed grant is asked again, and a browser that already blocks it is
// explained, not pretended away. Chromium's permission overrides stand in
// for the person's answer to the browser's own dialog.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser({ args: ['--use-fake-device-for-media-stream'] });

const EXPIRY_MS = 30 * h.DAY_MS; // the demo config's permissions[].expiresAfterDays

// Counts the calls that reach the real browser APIs, and records Assent's events.
function spy() {
  window.__calls = { geolocation: 0, notifications: 0, media: 0 };
  const geo = Geolocation.prototype.getCurrentPosition;
  Geolocation.prototype.getCurrentPosition = function (...args) {
    window.__calls.geolocation += 1;
    return geo.apply(this, args);
  };
  const ask = Notification.requestPermission;
  Notification.requestPermission = function (...args) {
    window.__calls.notifications += 1;
    return ask.apply(this, args);
  };
  const media = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = function (...args) {
    window.__calls.media += 1;
    return media.apply(this, args);
  };
  window.__events = [];
  const watch = () => {
    for (const type of ['prompt', 'permission']) window.Assent.on(type, (detail) => window.__events.push({ type, ...detail }));
  };
  if (window.Assent) watch();
  else document.addEventListener('DOMContentLoaded', watch);
}

// Shifts the page's clock (Date.now, which the shell hands the core).
function shiftClock(offsetMs) {
  const real = Date.now;
  Date.now = () => real() + offsetMs;
}

async function openWith(grants) {
  const opened = await e2e.openPage({
    contextOptions: { geolocation: { latitude: 31.23, longitude: 121.47 } },
    before: async (p) => {
      if (grants.length) await p.context().grantPermissions(grants, { origin: e2e.baseUrl.replace(/\/$/, '') });
      await p.addInitScript(spy);
    },
  });
  return opened;
}

// A second page view in the same profile, `offsetMs` later.
async function later(context, offsetMs) {
  const page = await context.newPage();
  await page.addInitScript(spy);
  await page.addInitScript(shiftClock, offsetMs);
  await page.goto(e2e.baseUrl);
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  return page;
}

// Assent.request, with the value (a position, a stream) named by its type.
const request = (page, capability) =>
  page.evaluate(
    (c) =>
      window.Assent.request(c).then((r) => {
        const out = { ...r };
        if (r.value) out.value = Object.prototype.toString.call(r.value);
        return out;
      }),
    capability,
  );
const calls = (page) => page.evaluate(() => window.__calls);
const actions = (dialog) => dialog.locator('[data-assent-action]').evaluateAll((nodes) => nodes.map((n) => n.dataset.assentAction));

test('[C16] the reason comes first, the browser is asked only after "allow", and the grant is recorded with its expiry', h.LIMIT, async () => {
  const { context, page, seen } = await openWith(['geolocation']);
  const asked = request(page, 'geolocation');
  const dialog = page.locator('dialog.assent-permission');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.locator('.assent-title').textContent(), 'Find the tea house nearest to you?');
  assert.match(await dialog.locator('.assent-note').textContent(), /browser will ask next/);
  assert.equal((await calls(page)).geolocation, 0, 'the browser is not asked while the reason is shown');

  const before = Date.now();
  await dialog.locator('[data-assent-action="allow"]').click();
  const result = await asked;
  assert.deepEqual(result, { capability: 'geolocation', state: 'granted', value: '[object GeolocationPosition]' });
  assert.equal((await calls(page)).geolocation, 1);
  const last = await h.lastExport(page);
  assert.equal(last.method, 'platform');
  assert.equal(last.surface, 'permission_prompt');
  assert.equal(last.permissions.geolocation.granted, true);
  const expires = last.permissions.geolocation.expiresMs;
  assert.ok(expires >= before + EXPIRY_MS && expires <= Date.now() + EXPIRY_MS, `expires 30 days on (${expires})`);
  assert.deepEqual(
    (await page.evaluate(() => window.__events))
      .filter((e) => e.capability === 'geolocation')
      .map((e) => [e.type, e.kind || e.state, e.capability]),
    [['prompt', 'permission', 'geolocation'], ['permission', 'granted', 'geolocation']],
  );
  // The receipt reached the collector like any other decision (C06).
  const record = await page.evaluate(() => window.Assent.record());
  await h.waitFor(
    () => e2e.receipts(`record_id = ${h.quote(record.recordId)} and method = 'platform'`).length,
    { what: 'the permission receipt' },
  );

  // Still granted, by the core and by the browser: no pre-prompt again.
  assert.equal((await request(page, 'geolocation')).state, 'granted');
  assert.equal(await dialog.count(), 0);
  assert.equal((await calls(page)).geolocation, 2);

  // [C08] 31 days later the grant has lapsed: the reason is shown again.
  const next = await later(context, 31 * h.DAY_MS);
  const again = request(next, 'geolocation');
  await next.locator('dialog.assent-permission').waitFor({ state: 'visible' });
  assert.equal((await calls(next)).geolocation, 0);
  await next.click('dialog.assent-permission [data-assent-action="allow"]');
  assert.equal((await again).state, 'granted');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C09] "don\'t allow" is recorded as a refusal, the browser is never asked, and nobody asks again until it lapses or is erased', h.LIMIT, async () => {
  const { context, page } = await openWith([]);
  const asked = request(page, 'geolocation');
  await page.locator('dialog.assent-permission').waitFor({ state: 'visible' });
  await page.click('dialog.assent-permission [data-assent-action="deny"]');
  assert.deepEqual(await asked, { capability: 'geolocation', state: 'denied' });
  const last = await h.lastExport(page);
  assert.equal(last.method, 'custom');
  assert.equal(last.permissions.geolocation.granted, false);
  assert.ok(last.permissions.geolocation.expiresMs > Date.now() + EXPIRY_MS - h.DAY_MS, 'the refusal has its own expiry');

  // Asked again the same day, or after a reload: no prompt, no browser call.
  assert.deepEqual(await request(page, 'geolocation'), { capability: 'geolocation', state: 'denied' });
  const reloaded = await later(context, h.DAY_MS);
  assert.deepEqual(await request(reloaded, 'geolocation'), { capability: 'geolocation', state: 'denied' });
  assert.equal(await reloaded.locator('dialog.assent-permission').count(), 0);
  assert.deepEqual([await calls(page), await calls(reloaded)].map((c) => c.geolocation), [0, 0]);

  // [C08] once the refusal lapsed, the reason is shown again.
  const lapsed = await later(context, 31 * h.DAY_MS);
  const again = request(lapsed, 'geolocation');
  await lapsed.locator('dialog.assent-permission').waitFor({ state: 'visible' });
  await lapsed.keyboard.press('Escape');
  assert.deepEqual(await again, { capability: 'geolocation', state: 'dismissed' });

  // [C14] after an erasure nothing is remembered: the reason is shown again.
  await reloaded.evaluate(() => window.Assent.erase());
  const afresh = request(reloaded, 'geolocation');
  await reloaded.locator('dialog.assent-permission').waitFor({ state: 'visible' });
  await reloaded.keyboard.press('Escape');
  assert.deepEqual(await afresh, { capability: 'geolocation', state: 'dismissed' });
  await context.close();
});

test('[C16] a refusal in the browser is recorded, and once the browser blocks it the prompt says how to change it', h.LIMIT, async () => {
  const { context, page } = await openWith([]); // headless Chromium refuses what was not granted
  const asked = request(page, 'geolocation');
  await page.click('dialog.assent-permission [data-assent-action="allow"]');
  assert.deepEqual(await asked, { capability: 'geolocation', state: 'denied' });
  assert.equal((await calls(page)).geolocation, 1, 'the browser was asked');
  const last = await h.lastExport(page);
  assert.deepEqual([last.method, last.permissions.geolocation.granted], ['platform', false]);
  assert.equal(await page.evaluate(async () => (await navigator.permissions.query({ name: 'geolocation' })).state), 'denied');

  // The browser now blocks it: explain where to change it; no allow and no
  // deny button, only "try again" (once changed) and "not now".
  const blocked = request(page, 'geolocation');
  const dialog = page.locator('dialog.assent-permission');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.locator('.assent-note').textContent(), /blocks location for this site/);
  assert.deepEqual(await actions(dialog), ['retry', 'later']);
  await dialog.locator('[data-assent-action="later"]').click();
  assert.deepEqual(await blocked, { capability: 'geolocation', state: 'blocked' });
  assert.equal((await calls(page)).geolocation, 1, 'no pretend request to a blocking browser');
  await context.close();
});

test('[C16] notifications and the camera go through the same pre-prompt, and each grant is its own record', h.LIMIT, async () => {
  const { context, page, seen } = await openWith(['notifications', 'camera']);
  for (const [capability, value, api] of [
    ['notifications', undefined, 'notifications'],
    ['camera', '[object MediaStream]', 'media'],
  ]) {
    const asked = request(page, capability);
    const dialog = page.locator(`dialog.assent-permission[data-assent-capability="${capability}"]`);
    await dialog.waitFor({ state: 'visible' });
    assert.equal((await calls(page))[api], 0);
    await dialog.locator('[data-assent-action="allow"]').click();
    const result = await asked;
    assert.deepEqual(result, value ? { capability, state: 'granted', value } : { capability, state: 'granted' });
    assert.equal((await calls(page))[api], 1);
  }
  const records = (await page.evaluate(() => window.Assent.exportRecords())).records;
  assert.deepEqual(
    records.map((r) => Object.keys(r.permissions).filter((c) => r.permissions[c].granted)),
    [['notifications'], ['camera', 'notifications']],
  );
  await assert.rejects(page.evaluate(() => window.Assent.request('microphone')), /unknown capability "microphone"/);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

// The platform refuses what the ledger does not: one rule for both shells
// (core.hpp, wantPermission), the same cases as tests/miniprogram/permissions.test.cjs.
// The ledger learns the refusal once, method platform, and the person is
// shown the way to the settings instead of a pretend request.
const PLATFORM_REFUSES = [
  { ledger: 'granted', why: "a grant since turned off in the browser's site settings" },
  { ledger: 'unset', why: 'never asked, already blocked by the browser' },
];

// The browser's own site setting, as the person sets it (Chromium's permission
// store). The DevTools session stays attached: Chromium drops what a session
// set once it detaches.
async function blockInBrowser(page, name) {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  const handle = { cdp, browserContextId: targetInfo.browserContextId };
  await setInBrowser(handle, name, 'denied');
  return handle;
}

async function setInBrowser({ cdp, browserContextId }, name, setting) {
  await cdp.send('Browser.setPermission', {
    permission: { name },
    setting,
    origin: new URL(e2e.baseUrl).origin,
    browserContextId,
  });
}

const exported = async (page) => (await page.evaluate(() => window.Assent.exportRecords())).records;

for (const { ledger, why } of PLATFORM_REFUSES) {
  test(`[C16] ${why}: one refusal is recorded, method platform, and the prompt says how to change it`, h.LIMIT, async () => {
    const { context, page, seen } = await openWith(ledger === 'granted' ? ['geolocation'] : []);
    if (ledger === 'granted') {
      const asked = request(page, 'geolocation');
      await page.click('dialog.assent-permission [data-assent-action="allow"]');
      assert.equal((await asked).state, 'granted');
    }
    await blockInBrowser(page, 'geolocation');
    assert.equal(await page.evaluate(async () => (await navigator.permissions.query({ name: 'geolocation' })).state), 'denied');
    const held = (await exported(page)).map((r) => r.permissions.geolocation).filter(Boolean).pop();
    assert.equal(held ? (held.granted ? 'granted' : 'denied') : 'unset', ledger);
    const before = (await exported(page)).length;
    const browserCalls = (await calls(page)).geolocation;

    const blocked = request(page, 'geolocation');
    const dialog = page.locator('dialog.assent-permission');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.locator('.assent-note').textContent(), /blocks location for this site/);
    const records = await exported(page);
    assert.equal(records.length, before + 1, 'one record');
    const last = records[records.length - 1];
    assert.deepEqual([last.permissions.geolocation.granted, last.method, last.surface], [false, 'platform', 'permission_prompt']);
    assert.equal(last.permissions.geolocation.expiresMs - last.updatedMs, EXPIRY_MS, 'a refusal lapses too');
    const events = (await page.evaluate(() => window.__events)).filter((e) => e.type === 'permission');
    assert.deepEqual(events[events.length - 1], { type: 'permission', capability: 'geolocation', state: 'denied', method: 'platform' });
    await dialog.locator('[data-assent-action="later"]').click();
    assert.deepEqual(await blocked, { capability: 'geolocation', state: 'blocked' });
    assert.equal((await calls(page)).geolocation, browserCalls, 'no pretend request to a blocking browser');

    // Asked again: the ledger refuses already, nothing new is recorded.
    const again = request(page, 'geolocation');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('[data-assent-action="later"]').click();
    assert.deepEqual(await again, { capability: 'geolocation', state: 'blocked' });
    assert.equal((await exported(page)).length, before + 1);
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}

// The other states of a permission: a platform that cannot do it, a request
// that failed, "not now", and "try again" once the person changed a blocked
// setting. None of them is anyone's answer unless the browser gives one.

test('[C16] a browser without geolocation: request says "unavailable", shows nothing and records nothing', h.LIMIT, async () => {
  const { context, page, seen } = await e2e.openPage({
    before: (p) =>
      p.addInitScript(() => Object.defineProperty(Navigator.prototype, 'geolocation', { get: () => undefined, configurable: true })),
  });
  assert.deepEqual(await request(page, 'geolocation'), { capability: 'geolocation', state: 'unavailable' });
  assert.equal(await page.locator('dialog.assent-permission').count(), 0, 'nothing to ask');
  assert.deepEqual(await exported(page), []);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C16] a device without a camera: after the reason and "allow", request says "unavailable" and records nothing', h.LIMIT, async () => {
  const { context, page, seen } = await openWith(['camera']);
  // What Chromium's getUserMedia says on a machine without any camera.
  await page.evaluate(() => {
    MediaDevices.prototype.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
  });
  const asked = request(page, 'camera');
  const dialog = page.locator('dialog.assent-permission');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('[data-assent-action="allow"]').click();
  assert.deepEqual(await asked, { capability: 'camera', state: 'unavailable' });
  assert.equal(await dialog.count(), 0, 'no "try again" for a camera that is not there');
  assert.deepEqual(await exported(page), [], 'no camera is no refusal');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C16] a request that failed says so and offers "try again"; nothing is recorded until the browser answers', h.LIMIT, async () => {
  const { context, page, seen } = await openWith(['geolocation']);
  await context.setGeolocation(null); // Chromium: position unavailable
  const asked = request(page, 'geolocation');
  const dialog = page.locator('dialog.assent-permission');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('[data-assent-action="allow"]').click();
  // The browser was asked and failed: the core's words, try again or not now.
  await page.locator('dialog.assent-permission .assent-note', { hasText: 'That did not work this time.' }).waitFor();
  assert.deepEqual(await actions(dialog), ['retry', 'later']);
  assert.equal((await calls(page)).geolocation, 1);
  assert.deepEqual(await exported(page), [], 'a failure is no answer');

  await context.setGeolocation({ latitude: 31.23, longitude: 121.47 });
  await dialog.locator('[data-assent-action="retry"]').click();
  assert.deepEqual(await asked, { capability: 'geolocation', state: 'granted', value: '[object GeolocationPosition]' });
  assert.equal((await calls(page)).geolocation, 2, 'tried once more, no pre-prompt again');
  const records = await exported(page);
  assert.equal(records.length, 1);
  assert.deepEqual([records[0].permissions.geolocation.granted, records[0].method], [true, 'platform']);

  // "Not now" after a failure records nothing either.
  await context.setGeolocation(null);
  const failing = request(page, 'geolocation'); // granted already: straight to the browser
  await page.locator('dialog.assent-permission .assent-note', { hasText: 'That did not work this time.' }).waitFor();
  await page.locator('dialog.assent-permission [data-assent-action="later"]').click();
  assert.deepEqual(await failing, { capability: 'geolocation', state: 'dismissed' });
  assert.equal((await exported(page)).length, 1);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C09] "not now" records no refusal, and is not asked again before the config\'s askAgainAfterMinutes', h.LIMIT, async () => {
  const config = h.demoConfig();
  config.permissions.find((p) => p.capability === 'geolocation').askAgainAfterMinutes = 60;
  const { context, page } = await e2e.openPage({
    before: async (p) => {
      await h.serveConfig(p, config);
      await p.addInitScript(spy);
    },
  });
  const asked = request(page, 'geolocation');
  const dialog = page.locator('dialog.assent-permission');
  await dialog.waitFor({ state: 'visible' });
  assert.deepEqual(await actions(dialog), ['allow', 'deny', 'later']);
  assert.equal(await dialog.locator('[data-assent-action="later"]').textContent(), 'Not now');
  await dialog.locator('[data-assent-action="later"]').click();
  assert.deepEqual(await asked, { capability: 'geolocation', state: 'dismissed' });
  assert.deepEqual(await exported(page), [], 'no refusal the person never gave');

  // Wanted again at once: not asked, neither by Assent nor by the browser.
  assert.deepEqual(await request(page, 'geolocation'), { capability: 'geolocation', state: 'dismissed' });
  assert.equal(await dialog.count(), 0);
  assert.equal((await calls(page)).geolocation, 0);
  assert.deepEqual(await exported(page), []);

  // An hour later the reason is shown again.
  await page.evaluate(shiftClock, 60 * 60 * 1000);
  const again = request(page, 'geolocation');
  await dialog.waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  assert.deepEqual(await again, { capability: 'geolocation', state: 'dismissed' });
  await context.close();
});

test('[C16] "try again" on the blocked note, once the person allowed it in the browser, asks the browser and records the grant', h.LIMIT, async () => {
  const { context, page, seen } = await openWith([]);
  const cdp = await blockInBrowser(page, 'geolocation');
  const asked = request(page, 'geolocation');
  const dialog = page.locator('dialog.assent-permission');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.locator('.assent-note').textContent(), /blocks location for this site/);
  const refusal = (await exported(page)).pop();
  assert.deepEqual([refusal.permissions.geolocation.granted, refusal.method], [false, 'platform'], "the browser's refusal, read");

  // Still blocked: "try again" shows the same note, and the browser is not asked.
  await dialog.locator('[data-assent-action="retry"]').click();
  await page.waitForFunction(() => document.querySelector('dialog.assent-permission [data-assent-action="retry"]'));
  assert.equal((await calls(page)).geolocation, 0);

  // The person changes the site setting, then says so.
  await setInBrowser(cdp, 'geolocation', 'granted');
  await page.locator('dialog.assent-permission [data-assent-action="retry"]').click();
  assert.deepEqual(await asked, { capability: 'geolocation', state: 'granted', value: '[object GeolocationPosition]' });
  assert.equal((await calls(page)).geolocation, 1);
  const last = (await exported(page)).pop();
  assert.deepEqual([last.permissions.geolocation.granted, last.method], [true, 'platform']);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C02] the blocked and failed notes show exactly the core\'s buttons, in the config\'s words, "not now" as prominent as "try again"', h.LIMIT, async () => {
  const config = h.demoConfig();
  Object.assign(config.texts.en.permissions.geolocation, { retry: 'I changed it, try again', later: 'Maybe later' });
  const { context, page, seen } = await e2e.openPage({
    contextOptions: { geolocation: { latitude: 31.23, longitude: 121.47 } },
    before: async (p) => {
      await h.serveConfig(p, config);
      await p.addInitScript(spy);
    },
  });
  const dialog = page.locator('dialog.assent-permission');
  const buttons = () =>
    dialog.locator('[data-assent-action]').evaluateAll((nodes) => nodes.map((n) => [n.dataset.assentAction, n.textContent, n.className]));
  // The same level, so the same class: the core's words and weight, nothing the shell added.
  const offered = [
    ['retry', 'I changed it, try again', 'assent-button assent-primary'],
    ['later', 'Maybe later', 'assent-button assent-primary'],
  ];

  const cdp = await blockInBrowser(page, 'geolocation');
  const asked = request(page, 'geolocation');
  await page.locator('dialog.assent-permission .assent-note', { hasText: /blocks location for this site/ }).waitFor();
  assert.deepEqual(await buttons(), offered, 'the blocked note');

  // Changed in the browser, but its request fails: the failed note, the same buttons.
  await setInBrowser(cdp, 'geolocation', 'granted');
  await context.setGeolocation(null); // Chromium: position unavailable
  await dialog.locator('[data-assent-action="retry"]').click();
  await page.locator('dialog.assent-permission .assent-note', { hasText: 'That did not work this time.' }).waitFor();
  assert.deepEqual(await buttons(), offered, 'the failed note');
  assert.equal((await calls(page)).geolocation, 1);

  // "Try again" there is the core's step too: the browser is asked once more.
  await context.setGeolocation({ latitude: 31.23, longitude: 121.47 });
  await dialog.locator('[data-assent-action="retry"]').click();
  assert.deepEqual(await asked, { capability: 'geolocation', state: 'granted', value: '[object GeolocationPosition]' });
  assert.equal((await calls(page)).geolocation, 2);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});
