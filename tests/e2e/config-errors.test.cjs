// A broken setup fails closed and quietly: one console error that names the
// problem, no prompt, no tracking, and a page that keeps working.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

function withPurposes(purposes) {
  const config = h.demoConfig();
  config.purposes = purposes;
  return JSON.stringify(config);
}

// How /assent.config.json is answered in each case, and what the one error says.
const CASES = [
  {
    name: 'a missing config (404)',
    route: (route) => route.continue({ url: e2e.url('no-such-config.json') }),
    expect: ['Assent: config /assent.config.json: HTTP 404'],
  },
  {
    name: 'a config that is not JSON',
    route: (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"revision": 1,' }),
    expect: ['Assent: config /assent.config.json: ', 'JSON'],
  },
  {
    name: 'a config with a duplicate purpose',
    route: (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: withPurposes([{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'analytics' }, { id: 'marketing' }]),
      }),
    expect: ['Assent: config /assent.config.json: ', 'purposes[2].id: duplicate "analytics"'],
  },
];

for (const c of CASES) {
  test(`[C01] ${c.name} logs one error naming it, shows no banner, tracks nothing, and the page keeps working`, async () => {
    const { context, page, seen, state } = await e2e.openPage({
      before: (p) => p.route('**/assent.config.json', c.route),
    });
    assert.equal(state.ok, false);
    for (const part of c.expect) assert.ok(state.error.includes(part.replace(/^Assent: /, '')), state.error);

    await page.click('#buy');
    assert.match(await page.textContent('#status'), /Added to basket/, 'the shop still works');
    await page.click('#newsletter');
    assert.match(await page.textContent('#newsletter-status'), /unavailable/);
    assert.match(await page.textContent('#consent-record'), /unavailable/);
    await page.click('#privacy-link'); // without a core the link keeps its own href
    await h.sleep(2.5 * h.flushIntervalMs());

    const errors = h.scriptErrors(seen);
    assert.equal(errors.length, 1, `exactly one console error: ${JSON.stringify(errors)}`);
    for (const part of c.expect) assert.ok(errors[0].includes(part), `"${errors[0]}" names "${part}"`);
    assert.deepEqual(seen.pageErrors, [], 'no uncaught error');
    assert.equal(await page.locator('.assent-banner, dialog.assent-dialog').count(), 0, 'no prompt');
    assert.deepEqual(seen.apiRequests, [], 'nothing sent to the collector');
    assert.equal(e2e.countEvents(), 0);
    assert.deepEqual((await context.cookies()).map((x) => x.name), []);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    assert.equal(await page.evaluate(() => [Assent.accepted('analytics'), Assent.record()].join()), 'false,');
    await context.close();
  });
}
