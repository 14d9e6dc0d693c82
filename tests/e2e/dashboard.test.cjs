// The operators' dashboard in real Chromium against the real server: known
// events and receipts are seeded with batches and receipts made by the
// built WASM core (as a browser's shell would send them), an operator signs
// in through the form, and the page shows the numbers counted by hand
// below. Without signing in, the figures are 401 and the page is the form.
// Screenshots (light and dark) go to ASSENT_DASHBOARD_SHOTS when set
// (docs/screenshots keeps them).
'use strict';

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = process.env.ASSENT_DASHBOARD_SHOTS || '';
const WASM = process.env.ASSENT_WASM_DIR || path.join(h.ROOT, 'build/wasm/wasm');
const TOKEN = crypto.randomBytes(32).toString('base64');
const MINUTE = 60 * 1000;

const e2e = h.useCollectorAndBrowser({
  serverConfig: {
    operators: { tokenSha256: [crypto.createHash('sha256').update(TOKEN).digest('hex')] },
    dashboard: { assets: 'build/web/dashboard' },
  },
});

// ---- seeding, with the core a browser runs --------------------------------

let mod;
async function coreModule() {
  const AssentCore = require(path.join(WASM, 'assent_core.js'));
  return AssentCore({ wasmBinary: fs.readFileSync(path.join(WASM, 'assent_core.wasm')) });
}

// A device: the core over the demo's config, one method per wire call.
function device(seed) {
  const bound = new mod.Core(JSON.stringify(h.demoConfig()), seed);
  return new Proxy({}, { get: (_, method) => (...args) => JSON.parse(bound.call(method, JSON.stringify(args))) });
}

async function post(pathname, body) {
  const res = await fetch(e2e.url(pathname.replace(/^\//, '')), { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  assert.equal(res.status, 200, `${pathname}: ${await res.clone().text()}`);
  return res.json();
}

// Sends what the device has forwarded, as its shell would.
async function send(core, at) {
  const batch = core.takeBatch(at);
  assert.ok(batch, 'the device has a batch to send');
  return post('/v1/events', batch.body);
}

function track(core, name, props, page, at) {
  assert.equal(core.track(name, JSON.stringify(props), page, at), 'forwarded', `${name} on ${page} is forwarded`);
}

// Five people (times before now):
//   A accepts all 33 min ago, sees / (clicks "Buy"), then /about.html; comes back
//     now (a second visit: 30 minutes passed), sees / and leaves after 4 s at 50 %
//   B accepts all, sees /about.html, leaves after 2 s at 100 %, signs up to the newsletter
//   C rejects all: nothing of C's leaves the device, only the receipt
//   D allows analytics only and sees /
//   F accepts all, lets the site know its location, withdraws analytics
//   E accepted all eight days ago and sends that day's page view only now: refused as too old
// The demo keeps identifiers for analytics: the newsletter event (marketing) has none.
async function seed() {
  const now = Date.now();
  const a = device('dashboard-e2e-a');
  const t0 = now - 33 * MINUTE;
  assert.equal(a.choose('accept_all', null, 'banner', 'en', t0), null);
  track(a, '$pageview', { title: 'Tea' }, '/', t0);
  track(a, '$click', { tag: 'button', selector: '#buy', text: 'Buy' }, '/', t0 + 1000);
  track(a, '$pageview', { title: 'About' }, '/about.html', t0 + 2000);
  assert.equal((await send(a, t0 + 3000)).stored, 3);
  track(a, '$pageview', { title: 'Tea' }, '/', now - 5000);
  track(a, '$pageleave', { dwell_ms: 4000, scroll_depth: 50 }, '/', now - 1000);
  assert.equal((await send(a, now - 900)).stored, 2);

  const b = device('dashboard-e2e-b');
  assert.equal(b.choose('accept_all', null, 'banner', 'en', now - 60000), null);
  track(b, '$pageview', { title: 'About' }, '/about.html', now - 59000);
  track(b, '$pageleave', { dwell_ms: 2000, scroll_depth: 100 }, '/about.html', now - 57000);
  track(b, 'newsletter_signup', { list: 'weekly' }, '/about.html', now - 56000);
  assert.equal((await send(b, now - 55000)).stored, 3);

  const c = device('dashboard-e2e-c');
  assert.equal(c.choose('reject_all', null, 'banner', 'en', now - 50000), null);
  assert.equal(c.track('$pageview', '{}', '/', now - 49000), 'refused');
  assert.deepEqual(await post('/v1/consent', JSON.stringify({ consent: c.storedCurrent() })), { ok: true, duplicate: false });

  const d = device('dashboard-e2e-d');
  assert.equal(d.choose('custom', { analytics: true, marketing: false, media: false }, 'preferences', 'en', now - 40000), null);
  track(d, '$pageview', { title: 'Tea' }, '/', now - 39000);
  assert.equal((await send(d, now - 38000)).stored, 1);

  // F accepts all, lets the site know its location (a permission answered:
  // method platform), then withdraws analytics: three receipts.
  const f = device('dashboard-e2e-f');
  const consent = async () => assert.equal((await post('/v1/consent', JSON.stringify({ consent: f.storedCurrent() }))).ok, true);
  assert.equal(f.choose('accept_all', null, 'banner', 'en', now - 20000), null);
  await consent();
  assert.equal(f.wantPermission('geolocation', 'prompt', 'en', now - 19000).next, 'ask');
  assert.equal(f.answerPermission('geolocation', 'pre_prompt', 'granted', 'prompt', 'en', now - 18500).next, 'platform');
  assert.equal(f.answerPermission('geolocation', 'platform', 'granted', 'granted', 'en', now - 18000).recorded, true);
  await consent();
  assert.equal(f.withdraw('analytics', 'preferences', now - 17000), null);
  await consent();

  const e = device('dashboard-e2e-e');
  const longAgo = now - 8 * h.DAY_MS;
  assert.equal(e.choose('accept_all', null, 'banner', 'en', longAgo), null);
  track(e, '$pageview', { title: 'Tea' }, '/', longAgo + 1000);
  assert.deepEqual((await send(e, now - 30000)).refused, { tooOld: 1 });
}

before(async () => {
  mod = await coreModule();
  await e2e.ready;
  await seed();
});

// What a person counts from the seeding above.
const EXPECTED = {
  figures: {
    pageViews: '5', // A: 3, B: 1, D: 1
    visitors: '3', // A, B, D (C sent nothing; E's event was refused)
    visits: '4', // A twice, B, D
    bounceRate: '75%', // A's second visit, B's, D's: one page and nothing else
    decisions: '8', // A, B, C, D, E, and F's three
    acceptAllShare: '50%', // A, B, E, F
    rejectAllShare: '12.5%', // C
    customShare: '12.5%', // D
    withdrawals: '1', // F's (its permission answer is the eighth: neither share)
    meanScroll: '75%', // (50 + 100) / 2
  },
  meanDwellMs: '3000', // (4000 + 2000) / 2
  pages: [['/', '3'], ['/about.html', '2']],
  clicks: [['/', 'Buy · #buy', '1']],
  custom: [['newsletter_signup', '1']],
  // Each person's newest decision: A, B, E grant all; C none; D analytics
  // only; F all but analytics (withdrawn).
  purposes: [['analytics', '4', '6', '66.7%'], ['marketing', '4', '6', '66.7%'], ['media', '4', '6', '66.7%'], ['necessary', '6', '6', '100%']],
  // Only F answered a permission; its newest record (the withdrawal) keeps it.
  permissions: [['geolocation', '1', '1', '100%']],
  refusals: [['tooOld', '1']],
};

async function tableRows(page, id) {
  return page.$$eval(`#${id} tbody tr`, (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim())));
}

async function figures(page) {
  return page.$$eval('[data-figure]', (els) => Object.fromEntries(els.map((el) => [el.dataset.figure, el.textContent.trim()])));
}

// Signs in through the form; resolves once the figures are shown.
async function signIn(page, token = TOKEN) {
  await page.fill('#token', token);
  await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard'), page.click('form button[type="submit"]')]);
}

async function openDashboard(options = {}) {
  const context = await e2e.browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  const seen = { errors: [], pageErrors: [] };
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  await h.watchCsp(page);
  await page.goto(e2e.url('dashboard'));
  return { context, page, seen };
}

// axe-core is evaluated through the DevTools protocol: the page's own CSP
// (script-src 'self') would refuse it as an added script tag.
async function axeProblems(page) {
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return {
      checked: result.passes.length + result.violations.length,
      bad: result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    };
  });
  assert.ok(found.checked > 10, 'axe checked the page');
  return found.bad;
}

test('without signing in, the figures are 401 and the dashboard is the sign-in form', h.LIMIT, async () => {
  const res = await fetch(e2e.url('dashboard/api/summary?from=2024-01-01&to=2024-02-01'));
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), { error: 'dashboard: sign in first' });
  const { context, page } = await openDashboard();
  assert.ok(await page.locator('#token').isVisible(), 'the token field is shown');
  assert.equal(await page.locator('[data-figure]').count(), 0, 'no figure is on the page');
  assert.equal(await page.locator('.refused').isVisible(), false);
  await context.close();
});

test('a wrong token is refused and said so on the form', h.LIMIT, async () => {
  const { context, page } = await openDashboard();
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/dashboard/login')), signIn(page, 'not-the-token').catch(() => {})]);
  assert.equal(answer.status(), 401);
  await page.locator('.refused').waitFor({ state: 'visible' });
  assert.deepEqual(await context.cookies(), [], 'no session cookie');
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`an operator signs in through the form and sees the seeded numbers (${colorScheme})`, h.LIMIT, async () => {
    const { context, page, seen } = await openDashboard({ colorScheme, viewport: { width: 1280, height: 900 } });
    await signIn(page);
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15000 });

    // Chromium keeps a Secure cookie from http://127.0.0.1 and sends it back:
    // otherwise the page would be the form again.
    const cookies = await context.cookies();
    assert.equal(cookies.length, 1);
    assert.deepEqual(
      { name: cookies[0].name, path: cookies[0].path, secure: cookies[0].secure, httpOnly: cookies[0].httpOnly, sameSite: cookies[0].sameSite },
      { name: 'assent_session', path: '/dashboard', secure: true, httpOnly: true, sameSite: 'Strict' },
    );
    assert.equal(await page.evaluate(() => document.cookie), '', 'the page script cannot read the session');

    const shown = await figures(page);
    for (const [name, value] of Object.entries(EXPECTED.figures)) assert.equal(shown[name], value, name);
    assert.equal(await page.getAttribute('[data-figure="meanDwell"]', 'data-value'), EXPECTED.meanDwellMs);
    assert.deepEqual(await tableRows(page, 'pages'), EXPECTED.pages);
    assert.deepEqual(await tableRows(page, 'clicks'), EXPECTED.clicks);
    assert.deepEqual(await tableRows(page, 'custom'), EXPECTED.custom);
    assert.deepEqual(await tableRows(page, 'purposes'), EXPECTED.purposes);
    assert.deepEqual(await tableRows(page, 'permissions'), EXPECTED.permissions);
    assert.deepEqual(await tableRows(page, 'refusals'), EXPECTED.refusals);
    assert.match(await page.textContent('[data-text="refusalsNote"]'), /^Counted on the day the server received them/);
    assert.equal(await page.locator('#chart-pageviews canvas').count(), 1, 'the page views chart is drawn');
    assert.equal(await page.locator('#chart-decisions canvas').count(), 1, 'the decisions chart is drawn');
    assert.equal(await page.locator('#chart-purposes canvas').count(), 1, 'the grant rate per purpose per day chart is drawn');
    assert.deepEqual(await page.locator('#chart-purposes .u-legend .u-label').allTextContents(), ['analytics', 'marketing', 'media', 'necessary'], 'a line per purpose');

    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, colorScheme === 'dark' ? 'rgb(18, 18, 20)' : 'rgb(255, 255, 255)', 'the scheme applies');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'nothing breaks the strict CSP');
    assert.deepEqual(await axeProblems(page), []);
    assert.deepEqual([...h.scriptErrors(seen), ...seen.pageErrors], []);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `dashboard-${colorScheme}.png`), fullPage: true });

    // In Chinese, the same figures.
    await page.goto(e2e.url('dashboard?lang=zh'));
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15000 });
    assert.equal(await page.textContent('#traffic-title'), '流量');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal((await figures(page)).pageViews, EXPECTED.figures.pageViews);

    // Signing out ends the session: the form again, and the figures are 401.
    await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard'), page.click('form[action="/dashboard/logout"] button')]);
    assert.ok(await page.locator('#token').isVisible());
    assert.equal(await page.evaluate(async () => (await fetch('/dashboard/api/summary?from=2024-01-01&to=2024-01-02')).status), 401);
    await context.close();
  });
}
