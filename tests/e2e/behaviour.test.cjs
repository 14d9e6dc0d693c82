// The shells' one behaviour table (tests/behaviour/table.cjs) against the
// browser shell in Chromium, a fresh browser context for each row: an iframe
// behind the placeholder, and location as geolocation through
// Assent.request, Chromium's permission store standing in for the person's
// answer to the browser's own dialog, and delivery to the real collector,
// which re-checks under the table's tracking config.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const { config, trackingConfig, ROWS, PERMISSION_ROWS, DELIVERY_ROWS, check } = require('../behaviour/table.cjs');

// The collector serves trackingConfig() as /assent.config.json; the embed and
// permission rows serve config() (no tracker) in its place.
const e2e = h.useCollectorAndBrowser({ site: 'tracker', config: trackingConfig() });
const { flushIntervalMs } = trackingConfig().tracker;

// What the row's expectations look at, as this shell shows it.
function observe(page) {
  return page.evaluate(() => {
    const frame = document.getElementById('embed');
    const preferences = document.querySelector('dialog[aria-labelledby="assent-preferences-title"]');
    return {
      shown: !frame.hidden && frame.getAttribute('src') === frame.getAttribute('data-assent-src'),
      buttons: Array.from(document.querySelectorAll('.assent-placeholder [data-assent-action]'), (b) => b.getAttribute('data-assent-action')),
      record: window.Assent.record(),
      preferences: Boolean(preferences && preferences.open),
    };
  });
}

async function step(page, s) {
  if (s.placeholder) await page.click(`.assent-placeholder [data-assent-action="${s.placeholder}"]`);
  else if (s.api) await page.evaluate(([call, purpose]) => window.Assent[call](purpose), [s.api, s.purpose]);
  // The page follows a decision asynchronously (the API's promise, the
  // styled dialog): wait until it shows what the row expects, then check all.
  for (const key of ['shown', 'preferences']) {
    if (key in s.expect) {
      await h.waitFor(async () => (await observe(page))[key] === s.expect[key], { what: `${key} to be ${s.expect[key]}` });
    }
  }
}

for (const row of ROWS) {
  test(`both shells: ${row.name} (browser)`, h.LIMIT, async () => {
    const locale = row.language || 'en-US';
    const { context, page, seen } = await e2e.openPage('fixtures/ui/embed.html', {
      locale,
      before: async (p) => {
        await h.serveFixtures(p);
        await h.serveConfig(p, config());
      },
    });
    await page.locator('.assent-placeholder').waitFor({ state: 'visible' });
    for (const [k, s] of row.steps.entries()) {
      await step(page, s);
      check(assert, await observe(page), s.expect, k);
    }
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}

// Counts the browser's own geolocation requests.
function spyGeolocation() {
  window.__asked = 0;
  const real = Geolocation.prototype.getCurrentPosition;
  Geolocation.prototype.getCurrentPosition = function (...args) {
    window.__asked += 1;
    return real.apply(this, args);
  };
}

// What the platform does when asked: headless Chromium refuses what was not
// granted; "blocked" is the site setting a person sets (the DevTools session
// stays attached: Chromium drops what a session set once it detaches).
async function arrangePlatform(page, platform) {
  const origin = new URL(e2e.baseUrl).origin;
  if (platform === 'allows') await page.context().grantPermissions(['geolocation'], { origin });
  if (platform !== 'blocked') return;
  const cdp = await page.context().newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  await cdp.send('Browser.setPermission', {
    permission: { name: 'geolocation' },
    setting: 'denied',
    origin,
    browserContextId: targetInfo.browserContextId,
  });
}

for (const row of PERMISSION_ROWS) {
  test(`both shells: ${row.name} (browser)`, h.LIMIT, async () => {
    const { context, page, seen } = await e2e.openPage('fixtures/ui/embed.html', {
      contextOptions: { geolocation: { latitude: 31.23, longitude: 121.47 } },
      before: async (p) => {
        await h.serveFixtures(p);
        await h.serveConfig(p, config());
        await p.addInitScript(spyGeolocation);
        await arrangePlatform(p, row.platform);
      },
    });
    const dialog = page.locator('dialog.assent-permission');
    const observe = () =>
      page.evaluate(() => {
        const shown = document.querySelector('dialog.assent-permission[open]');
        const record = window.Assent.record();
        const held = record && record.permissions.geolocation;
        return {
          prompt: shown ? (shown.querySelector('[data-assent-action="allow"]') ? 'ask' : 'settings') : null,
          platformAsked: window.__asked,
          result: window.__result,
          permission: held == null ? 'unset' : held ? 'granted' : 'denied',
          record,
        };
      });
    for (const [k, s] of row.steps.entries()) {
      if (s.request) {
        await page.evaluate(() => {
          window.__result = undefined;
          window.Assent.request('geolocation').then((r) => {
            window.__result = r.state === 'granted';
          });
        });
        await h.waitFor(async () => {
          const now = await observe();
          return now.prompt || now.result !== undefined;
        }, { what: 'a pre-prompt or an answer' });
      } else {
        await dialog.locator(`[data-assent-action="${s.prePrompt}"]`).click();
        await h.waitFor(async () => (await observe()).result !== undefined, { what: 'the request to end' });
      }
      check(assert, await observe(), s.expect, k);
    }
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}

// No network for the collector's API (events, beacons and receipts), or back.
async function setOffline(page, offline) {
  if (offline) await page.route('**/v1/**', (route) => route.abort('internetdisconnected'));
  else await page.unroute('**/v1/**');
}

for (const row of DELIVERY_ROWS) {
  test(`both shells: ${row.name} (browser)`, h.LIMIT, async () => {
    const { context, page, seen } = await e2e.openPage('fixtures/ui/embed.html', { before: (p) => h.serveFixtures(p) });
    const stored = async () => {
      const record = await page.evaluate(() => window.Assent.record());
      return record ? e2e.countEvents(h.ofConsent(record.consentId, " and name = 'signup'")) : 0;
    };
    for (const [k, s] of row.steps.entries()) {
      if (s.api) await page.evaluate(([call, purpose]) => window.Assent[call](purpose), [s.api, s.purpose]);
      else if (s.track) {
        await page.evaluate(([n, k]) => {
          for (let i = 0; i < n; i += 1) window.Assent.track('signup', { plan: `p${k}-${i}` });
        }, [s.track, k]);
      } else if (s.network) await setOffline(page, s.network === 'down');
      else if (s.reload) {
        await page.reload();
        assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
      }
      if (!s.expect) continue;
      if (s.expect.stored) await h.waitFor(async () => (await stored()) >= s.expect.stored, { what: `${s.expect.stored} stored events` });
      await h.sleep(2 * flushIntervalMs);
      check(assert, { stored: await stored() }, s.expect, k);
    }
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}
