// The demo must run under the strict Content-Security-Policy it will be
// served with: no inline script or style, no eval, WebAssembly allowed.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

let collector;
let browser;

before(async () => {
  collector = await h.startCollector();
  browser = await h.launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (collector) await collector.stop();
});

test('the demo runs under a strict Content-Security-Policy with no violation', async () => {
  const { context, page, seen, state } = await h.openPage(browser, collector.baseUrl, {
    before: async (p) => {
      await p.route(
        (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
        async (route) => {
          const response = await route.fetch();
          await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
        },
      );
      await p.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
    },
  });
  assert.deepEqual(state, { ok: true });
  const banner = page.locator('.assent-banner');
  await banner.waitFor({ state: 'visible' });
  assert.equal(
    await banner.evaluate((el) => getComputedStyle(el).position),
    'fixed',
    'assent.css applies (loaded by <link>, not an inline style)',
  );
  await page.click('.assent-banner [data-assent-action="customise"]');
  await page.locator('dialog.assent-dialog input[data-assent-purpose="analytics"]').check();
  await page.click('dialog.assent-dialog [data-assent-action="save"]');
  const record = await page.evaluate(() => window.Assent.record());
  await page.click('#buy');
  await h.waitFor(
    () => h.sql(collector.db, `select 1 from events where consent_id = ${h.quote(record.consentId)} and name = '$click'`).length,
    { what: 'a click event under CSP' },
  );
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(h.scriptErrors(seen), []);
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style attribute anywhere');
  assert.equal(await page.locator('style').count(), 0, 'no <style> element');
  await context.close();
});
