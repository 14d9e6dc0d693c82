// [C01] [C04] [C05]: scripts and embeds a site marks for a purpose wait for
// the core's grant; withdrawing deletes what they left behind (cookies on the
// host, the parent domain and deeper paths; storage keys) at once.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const NONCE = 'e2e-n0nce';
const CSP = `default-src 'self'; script-src 'self' 'nonce-${NONCE}' 'wasm-unsafe-eval'; style-src 'self'`;

// shop.assent.test resolves to the collector, so that a parent domain
// (assent.test) exists for cookies. A page fulfilled by the test has no
// address, so Chromium would treat it as public and refuse its requests
// to the loopback collector: its local-network checks are turned off.
const e2e = h.useCollectorAndBrowser({
  args: [
    '--host-resolver-rules=MAP *.assent.test 127.0.0.1',
    '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults',
  ],
});

// The demo config plus the service the fixture's scripts stand for.
function configWithService() {
  const config = h.demoConfig();
  config.services = [{ id: 'fixture-analytics', purpose: 'analytics', cookies: ['_fx_*'], storageKeys: ['_fx_key', '_fx_sess'] }];
  return config;
}

async function open(extra) {
  return e2e.openPage(e2e.url('fixtures/ui/blocked.html').replace('127.0.0.1', 'shop.assent.test'), {
    before: async (p) => {
      await h.serveFixtures(p, { csp: CSP });
      // The first blocked script is slow: the later ones must still wait for it.
      await p.route('**/fixtures/ui/slow.js', async (route) => {
        await h.sleep(400);
        await route.fulfill({ status: 200, contentType: 'text/javascript', body: "window.__order.push('slow');" });
      });
      await h.serveConfig(p, configWithService());
      await h.watchCsp(p);
      if (extra) await extra(p);
    },
  });
}

const names = (cookies) => cookies.map((c) => `${c.name}@${c.domain}${c.path}`).sort();

test('[C01] a blocked script runs only after its purpose is granted, in document order, keeping its nonce', h.LIMIT, async () => {
  const { context, page, seen, state } = await open();
  assert.deepEqual(state, { ok: true });
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await h.sleep(600); // a slow script would have arrived by now
  assert.deepEqual(await page.evaluate(() => window.__order), [], 'nothing ran before the choice');
  assert.deepEqual(await context.cookies(), []);

  await page.click('.assent-banner [data-assent-action="customise"]');
  await page.locator('dialog.assent-dialog input[data-assent-purpose="analytics"]').check();
  await page.click('dialog.assent-dialog [data-assent-action="save"]');
  const order = await h.waitFor(
    () => page.evaluate(() => (window.__order.length >= 3 ? window.__order : null)),
    { what: 'the three analytics scripts' },
  );
  assert.deepEqual(order, ['slow', `inline:${NONCE}`, 'last:kept'], 'document order, nonce carried, attributes kept');
  await h.sleep(300);
  assert.ok(!(await page.evaluate(() => window.__order)).includes('marketing'), 'the marketing script stays blocked');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation: the nonce was kept');

  // Granted already: on the next page view they run at once, in order.
  // order.js comes before assent.js, so the script hold never delays it.
  await page.reload();
  assert.ok(await page.evaluate(() => Array.isArray(window.__order)), 'order.js, before assent.js, ran at once');
  const again = await h.waitFor(() => page.evaluate(() => (window.__order.length >= 3 ? window.__order : null)), {
    what: 'the scripts after a reload',
  });
  assert.deepEqual(again, ['slow', `inline:${NONCE}`, 'last:kept']);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C05] withdrawing deletes the service cookies on the host, the parent domain and deeper paths, and its storage keys', h.LIMIT, async () => {
  const { context, page, seen } = await open();
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  await h.waitFor(() => page.evaluate(() => window.__order.length >= 3), { what: 'the analytics scripts' });
  assert.deepEqual(names(await context.cookies()), [
    '_fx_deep@shop.assent.test/fixtures/ui',
    '_fx_host@shop.assent.test/',
    '_fx_parent@.assent.test/',
    'assent@shop.assent.test/',
    'keep_me@shop.assent.test/',
  ]);
  await page.evaluate(() => {
    window.__changes = [];
    window.Assent.on('change', (record) => window.__changes.push(record && record.method));
  });

  await page.click('.assent-launcher');
  await page.locator('dialog.assent-dialog input[data-assent-purpose="analytics"]').uncheck();
  await page.click('dialog.assent-dialog [data-assent-action="save"]');

  assert.deepEqual(await page.evaluate(() => window.__changes), ['custom'], 'the page heard of the change');
  assert.deepEqual(
    names(await context.cookies()),
    ['assent@shop.assent.test/', 'keep_me@shop.assent.test/'],
    "every cookie of the service is gone, other cookies stay",
  );
  const storage = await page.evaluate(() => [Object.keys(localStorage).sort(), Object.keys(sessionStorage)]);
  // Assent's record and the device's key (C18) stay; the service's keys go.
  assert.deepEqual(storage, [['assent', 'assent:key', 'keep_key'], []]);
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C04] an embed waits behind a placeholder: "load once" loads that frame only, "always allow" grants its purpose, withdrawal unloads it', h.LIMIT, async () => {
  const { context, page, seen } = await open();
  const holders = page.locator('.assent-placeholder');
  await holders.first().waitFor({ state: 'visible' });
  assert.equal(await holders.count(), 2);
  assert.equal(await holders.first().locator('.assent-title').textContent(), 'Embedded media');
  assert.deepEqual(
    await holders.first().locator('button').allTextContents(),
    ['Load once', 'Always allow'],
    "the buttons say the config's words (texts.en.placeholder)",
  );
  for (const id of ['video', 'map']) {
    assert.equal(await page.locator(`#${id}`).getAttribute('src'), null, `${id} has not loaded`);
    assert.ok(await page.locator(`#${id}`).isHidden());
  }

  await holders.first().locator('[data-assent-action="load_once"]').click();
  await page.locator('#video').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#video').getAttribute('src'), '/embed-video.html');
  assert.equal(await page.locator('#map').getAttribute('src'), null, 'only that frame');
  assert.equal(await holders.count(), 1);
  assert.equal(await page.evaluate(() => window.Assent.record()), null, '"load once" records nothing');

  await holders.first().locator('[data-assent-action="allow"]').click();
  await page.locator('#map').waitFor({ state: 'visible' });
  const record = await page.evaluate(() => window.Assent.record());
  assert.equal(record.purposes.media, true, '"always allow" is a recorded grant');
  assert.deepEqual([record.method, record.surface], ['api', 'placeholder'], 'of that purpose alone, on the placeholder');
  assert.equal(await page.locator('#map').getAttribute('src'), '/embed-video.html?map');
  assert.equal(await holders.count(), 0);

  await page.evaluate(() => window.Assent.withdraw('media'));
  await h.waitFor(async () => (await holders.count()) === 2, { what: 'the placeholders to come back' });
  for (const id of ['video', 'map']) {
    assert.equal(await page.locator(`#${id}`).getAttribute('src'), null, `${id} is unloaded`);
  }
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('[C05] frames are loaded and unloaded before the page\'s "change" listeners hear of the decision', h.LIMIT, async () => {
  const { context, page, seen } = await open();
  await page.locator('.assent-placeholder').first().waitFor({ state: 'visible' });
  const heard = await page.evaluate(async () => {
    const srcs = [];
    window.Assent.on('change', () => srcs.push(document.querySelector('#map').getAttribute('src')));
    await window.Assent.acceptAll();
    await window.Assent.withdraw('media');
    return srcs;
  });
  assert.deepEqual(heard, ['/embed-video.html?map', null], 'what a listener finds in the frame at each change');
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});
