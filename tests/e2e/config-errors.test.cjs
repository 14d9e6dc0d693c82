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
    route: (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{\n  "revision": 1,,\n}' }),
    expect: ['Assent: config /assent.config.json: ', 'is not valid JSON: line 2, column 17, unexpected "," in:   "revision": 1,,'],
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
  {
    name: 'a config with a purpose id that is not an id (one error, not one for every place naming it)',
    route: (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: withPurposes([{ id: 'necessary', required: true }, { id: 'Analytics' }, { id: 'marketing' }, { id: 'media' }]),
      }),
    expect: ['Assent: config /assent.config.json: purposes[1].id: "Analytics" must be 1-32 of a-z, 0-9, _ and -'],
    only: true,
  },
  // The core itself cannot load: the same quiet failure (web/src/browser/wasm-loader.js).
  {
    name: 'a missing core (assent.wasm 404)',
    path: '**/assent.wasm',
    route: (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
    expect: ['Assent: core ', 'assent.wasm: HTTP 404'],
  },
  {
    name: 'a core that is not a WebAssembly module',
    path: '**/assent.wasm',
    route: (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not a module' }),
    expect: ['Assent: core ', 'assent.wasm: ', 'WebAssembly'],
  },
];

for (const c of CASES) {
  test(`[C01] ${c.name} logs one error naming it, shows no banner, tracks nothing, and the page keeps working`, async () => {
    const { context, page, seen, state } = await e2e.openPage({
      before: (p) => p.route(c.path || '**/assent.config.json', c.route),
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
    if (c.only) assert.equal(errors[0], c.expect.join(''), 'that mistake alone');
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

test('an unknown key is one console warning naming the key it probably meant, and the config still works', async () => {
  const config = h.demoConfig();
  config.purposes[1].expireAfterDays = 30;
  const { context, page, seen, state } = await e2e.openPage({
    before: (p) => h.serveConfig(p, config),
  });
  assert.deepEqual(state, { ok: true });
  assert.deepEqual(seen.warnings.filter((w) => w.includes('config')), [
    'Assent: config /assent.config.json: purposes[1].expireAfterDays: unknown key, ignored; did you mean "expiresAfterDays"?',
  ]);
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});
