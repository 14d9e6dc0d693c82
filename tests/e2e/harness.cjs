// Shared by the end-to-end tests: the real demo collector on a free port with
// a fresh SQLite file, a real Chromium driven by playwright-core, and the
// sqlite3 CLI to look at what the collector actually stored.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../..');
const collector = require('../support/collector.cjs');

const { COLLECTOR } = collector;
const CONFIG = path.join(ROOT, 'demo/site/assent.config.json');
// ASSENT_WEB_DIR may name another web build (the collector serves it as /assent/).
const WEB = process.env.ASSENT_WEB_DIR || 'build/web';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const demoConfig = () => JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
const flushIntervalMs = () => demoConfig().tracker.flushIntervalMs;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function requireBuilt() {
  const missing = [COLLECTOR, path.resolve(ROOT, WEB, 'assent.js'), path.resolve(ROOT, WEB, 'assent.wasm')].filter(
    (file) => !fs.existsSync(file),
  );
  if (missing.length) {
    throw new Error(
      `not built: ${missing.map((f) => path.relative(ROOT, f)).join(', ')} ` +
        '(build the native collector, the WASM core and `npm --prefix web run build` first)',
    );
  }
}

// Starts the collector; resolves to { baseUrl, db, stop() } once it listens.
function startCollector() {
  requireBuilt();
  return collector.startCollector({ dir: collector.scratch('assent-e2e-'), site: 'demo/site', assets: WEB, config: CONFIG });
}

// An SQL string literal.
const { quote, sql } = collector;

// extraArgs: more Chromium flags (a host mapping, a fake camera).
function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

// A fresh profile (no cookies, no storage) with everything the page says
// recorded: console messages, uncaught errors, and requests to the API.
// contextOptions go to browser.newContext (colorScheme, permissions, …).
// waitReady: false for pages without window.Assent (the ES module build).
async function openPage(browser, url, { locale = 'en-US', before, contextOptions = {}, waitReady = true } = {}) {
  const context = await browser.newContext({ locale, ...contextOptions });
  const page = await context.newPage();
  const seen = { errors: [], warnings: [], pageErrors: [], apiRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (message.type() === 'warning') seen.warnings.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/')) {
      seen.apiRequests.push({ method: request.method(), url: request.url() });
    }
  });
  if (before) await before(page);
  await page.goto(url);
  const state = waitReady ? await page.evaluate(() => window.Assent.ready) : null;
  return { context, page, seen, state };
}

// Follows a link and waits until Assent on the new page has started.
async function follow(page, selector, pathname) {
  await Promise.all([page.waitForURL((url) => url.pathname === pathname), page.click(selector)]);
  return page.evaluate(() => window.Assent.ready);
}

// Errors the page's own code logged: the browser's "Failed to load
// resource" lines for HTTP errors are the network's, not a script's.
const scriptErrors = (seen) => seen.errors.filter((text) => !text.startsWith('Failed to load resource'));

async function waitFor(probe, { timeout = 10000, interval = 100, what = 'condition' } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

// Test pages and scripts under tests/e2e/fixtures/ui/, served as
// /fixtures/ui/<name> on the collector's origin (optionally with a CSP
// header on the HTML pages), without touching the collector or demo/site.
const FIXTURES_UI = path.join(__dirname, 'fixtures/ui');
function serveFixtures(target, { csp } = {}) {
  return target.route(
    (url) => url.pathname.startsWith('/fixtures/ui/'),
    (route) => {
      const name = path.basename(new URL(route.request().url()).pathname);
      const file = path.join(FIXTURES_UI, name);
      if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' }[path.extname(name)] || 'text/plain';
      const headers = { 'content-type': `${type}; charset=utf-8` };
      if (csp && type === 'text/html') headers['content-security-policy'] = csp;
      return route.fulfill({ status: 200, headers, body: fs.readFileSync(file) });
    },
  );
}

// Answers /assent.config.json with `config` (an object) for this page or context.
function serveConfig(target, config) {
  return target.route('**/assent.config.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) }),
  );
}

// Adds a Content-Security-Policy header to the demo's HTML pages.
function withCsp(target, csp) {
  return target.route(
    (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    },
  );
}

// Records every securitypolicyviolation in window.__cspViolations.
function watchCsp(page) {
  return page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

// A record's grants as the export shows them (with expiry).
const lastExport = (page) => page.evaluate(() => window.Assent.exportRecords().records.slice(-1)[0]);

const DAY_MS = 24 * 60 * 60 * 1000;

module.exports = {
  serveFixtures,
  serveConfig,
  withCsp,
  watchCsp,
  lastExport,
  DAY_MS,
  ROOT,
  demoConfig,
  flushIntervalMs,
  sleep,
  startCollector,
  sql,
  quote,
  launchBrowser,
  openPage,
  follow,
  scriptErrors,
  waitFor,
};
