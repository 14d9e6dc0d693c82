// The demo must run under the strict Content-Security-Policy it will be
// served with: no inline script or style, no eval, WebAssembly allowed. Every
// part of the UI is shown once (banner, placeholder, preferences, blocked
// scripts, permission pre-prompt, launcher) and no violation is reported.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const e2e = h.useCollectorAndBrowser();

test('the demo runs under a strict Content-Security-Policy with no violation', h.LIMIT, async () => {
  const { context, page, seen, state } = await e2e.openPage({
    before: async (p) => {
      await h.withCsp(p, CSP);
      await h.watchCsp(p);
    },
  });
  assert.deepEqual(state, { ok: true });
  assert.equal(
    await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy')),
    CSP,
    'the page really is served under the policy',
  );
  const banner = page.locator('.assent-banner');
  await banner.waitFor({ state: 'visible' });
  assert.equal(
    await banner.evaluate((el) => getComputedStyle(el).position),
    'fixed',
    'assent.css applies (loaded by <link>, not an inline style)',
  );

  // An embed loaded once, a custom choice that starts the blocked script.
  await page.click('.assent-placeholder [data-assent-action="load_once"]');
  await page.locator('iframe.video').waitFor({ state: 'visible' });
  await page.click('.assent-banner [data-assent-action="customise"]');
  await page.locator('dialog.assent-dialog input[data-assent-purpose="analytics"]').check();
  await page.click('dialog.assent-dialog [data-assent-action="save"]');
  await h.waitFor(() => page.evaluate(() => window.demoAnalyticsRuns === 1), { what: 'the blocked analytics script' });
  assert.match(await page.textContent('#analytics-state'), /running/);
  const record = await page.evaluate(() => window.Assent.record());
  await page.click('#buy');
  await h.waitFor(
    () => e2e.countEvents(h.ofConsent(record.consentId, " and name = '$click'")),
    { what: 'a click event under CSP' },
  );

  // A permission pre-prompt and the launcher's dialog.
  await page.click('#find-near');
  await page.locator('dialog.assent-permission').waitFor({ state: 'visible' });
  await page.click('dialog.assent-permission [data-assent-action="deny"]');
  await h.waitFor(async () => /geolocation: denied/.test(await page.textContent('#permission-status')), {
    what: 'the demo to show the refusal',
  });
  await page.click('.assent-launcher');
  await page.locator('dialog.assent-dialog').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');

  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(h.scriptErrors(seen), []);
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style attribute anywhere');
  assert.equal(await page.locator('style').count(), 0, 'no <style> element');
  await context.close();
});
