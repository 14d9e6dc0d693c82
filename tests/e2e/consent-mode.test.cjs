// [C01] Google Consent Mode v2: the core's default (all denied but what
// required purposes cover, with wait_for_update) reaches dataLayer before any
// Google tag can run, then an update on load and after every choice.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

// dataLayer as plain data; gtag's own entries are Arguments objects.
const layer = (page) =>
  page.evaluate(() =>
    (window.dataLayer || []).map((entry) =>
      Object.prototype.toString.call(entry) === '[object Arguments]' ? { gtag: Array.from(entry) } : entry,
    ),
  );

const SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage',
  'personalization_storage', 'security_storage'];

// The signals the demo config maps: marketing -> ad_*, personalization;
// analytics -> analytics_storage; necessary -> functionality, security.
function expected({ analytics, marketing }) {
  const g = (on) => (on ? 'granted' : 'denied');
  return {
    ad_storage: g(marketing),
    ad_user_data: g(marketing),
    ad_personalization: g(marketing),
    analytics_storage: g(analytics),
    functionality_storage: 'granted',
    personalization_storage: g(marketing),
    security_storage: 'granted',
  };
}

test('[C01] Consent Mode: default before any Google tag, update on load, and an update after every choice', h.LIMIT, async () => {
  const { context, page, seen } = await e2e.openPage();
  await h.waitFor(() => page.evaluate(() => window.demoGtagSawAt !== undefined), { what: 'the Google tag stand-in' });
  const first = await layer(page);
  const none = expected({ analytics: false, marketing: false });
  assert.deepEqual(first, [
    { gtag: ['consent', 'default', { ...none, wait_for_update: 500 }] },
    { gtag: ['consent', 'update', none] },
    { event: 'demo_gtag_loaded' },
  ]);
  assert.deepEqual(Object.keys(first[0].gtag[2]).sort(), [...SIGNALS, 'wait_for_update'].sort());
  assert.equal(await page.evaluate(() => window.demoGtagSawAt), 2, 'the tag found the default already queued');

  await page.click('.assent-banner [data-assent-action="customise"]');
  await page.locator('dialog.assent-dialog input[data-assent-purpose="analytics"]').check();
  await page.click('dialog.assent-dialog [data-assent-action="save"]');
  let now = await layer(page);
  assert.equal(now.length, 4);
  assert.deepEqual(now[3], { gtag: ['consent', 'update', expected({ analytics: true, marketing: false })] });

  await page.click('.assent-launcher');
  await page.click('dialog.assent-dialog [data-assent-action="accept_all"]');
  now = await layer(page);
  assert.deepEqual(now.slice(4), [{ gtag: ['consent', 'update', expected({ analytics: true, marketing: true })] }]);

  // Next page view: the default still comes first, the update carries the
  // restored choice, and only then does the tag run.
  await page.reload();
  await h.waitFor(() => page.evaluate(() => window.demoGtagSawAt !== undefined), { what: 'the tag after a reload' });
  assert.deepEqual(await layer(page), [
    { gtag: ['consent', 'default', { ...none, wait_for_update: 500 }] },
    { gtag: ['consent', 'update', expected({ analytics: true, marketing: true })] },
    { event: 'demo_gtag_loaded' },
  ]);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('Consent Mode stays silent when the config does not enable it', h.LIMIT, async () => {
  const config = h.demoConfig();
  config.consentMode.enabled = false;
  const { context, page } = await e2e.openPage({ before: (p) => h.serveConfig(p, config) });
  await h.waitFor(() => page.evaluate(() => window.demoGtagSawAt !== undefined), { what: 'the Google tag stand-in' });
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  assert.deepEqual(await layer(page), [{ event: 'demo_gtag_loaded' }]);
  await context.close();
});
