// The end-to-end harness: the real Assent server on a free port with a fresh
// SQLite file, a real Chromium driven by playwright-core, pages opened with
// everything they say recorded, and the sqlite3 CLI to look at what the
// collector actually stored.
//
// A test file usually needs one line of it:
//   const e2e = h.useCollectorAndBrowser();                  // the demo site
//   const e2e = h.useCollectorAndBrowser({ site: 'tracker' }); // + tracker.html
// which starts both before the file's tests, stops both after them, and
// hands back e2e.openPage('about.html'), e2e.events(where), … (see below).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../..');
const collector = require('../support/collector.cjs');

const { COLLECTOR, quote, sql } = collector;
const FIXTURES = path.join(__dirname, 'fixtures');
const CONFIG = path.join(ROOT, 'demo/site/assent.config.json');
const TRACKER_CONFIG = path.join(FIXTURES, 'tracker.config.json');
// ASSENT_WEB_DIR may name another web build (the collector serves it as /assent/).
const WEB = process.env.ASSENT_WEB_DIR || 'build/web';
const CHROMIUM = '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');
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
// What a person's desktop Chromium says it is (the headless one says so).
const PERSON_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

// A hung page (a prompt nobody answers) fails the test instead of CI.
const LIMIT = { timeout: 90000 };
const DAY_MS = 24 * 60 * 60 * 1000;

const demoConfig = () => JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
// The tracker fixture config: its own allow-lists and masking, so that the
// tracker tests state what they rely on.
const trackerConfig = () => JSON.parse(fs.readFileSync(TRACKER_CONFIG, 'utf8'));
const flushIntervalMs = () => demoConfig().tracker.flushIntervalMs;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the collector --------------------------------------------------------

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

// A site folder in `dir`: the demo site, the tracker fixture page, and
// `config` as /assent.config.json (the collector checks against the same file).
function trackerSite(dir, config) {
  const site = path.join(dir, 'site');
  fs.mkdirSync(site);
  const demo = path.join(ROOT, 'demo/site');
  for (const name of fs.readdirSync(demo)) {
    if (name !== 'assent.config.json') fs.symlinkSync(path.join(demo, name), path.join(site, name));
  }
  fs.copyFileSync(path.join(FIXTURES, 'tracker.html'), path.join(site, 'tracker.html'));
  fs.writeFileSync(path.join(site, 'assent.config.json'), JSON.stringify(config));
  return site;
}

// Starts the collector; resolves to { baseUrl, db, stop() } once it listens.
// site 'demo': demo/site with its own config. site 'ads': demo/ads/site (the
// ad-funded demo, TCF and GPP) with its own. site 'tracker': the demo site
// plus /tracker.html, under `config` (the tracker fixture config by default).
// serverConfig: more keys of the server config (operators, dashboard).
function startCollector({ site = 'demo', config, serverConfig = {} } = {}) {
  requireBuilt();
  const dir = collector.scratch('assent-e2e-');
  if (site === 'demo' && !config) {
    return collector.startCollector({ dir, site: 'demo/site', assets: WEB, config: CONFIG, more: serverConfig });
  }
  if (site === 'ads' && !config) {
    return collector.startCollector({ dir, site: 'demo/ads/site', assets: WEB, config: 'demo/ads/site/assent.config.json', more: serverConfig });
  }
  if (site !== 'tracker') throw new Error(`startCollector: no site "${site}" with a config of its own`);
  const folder = trackerSite(dir, config || trackerConfig());
  return collector.startCollector({ dir, site: folder, assets: WEB, config: path.join(folder, 'assent.config.json') });
}

// ---- what the collector stored ------------------------------------------------

// An SQL condition on a consent id, with `more` (" and name = '$click'") after it.
const ofConsent = (consentId, more = '') => `consent_id = ${quote(consentId)}${more}`;

// The events stored where `where` holds, oldest first, props parsed.
function events(db, where = '1') {
  return sql(db, `select id, consent_id, name, purpose, ts, page, props, received_ms from events where ${where} order by ts, id`).map(
    (e) => ({ ...e, props: JSON.parse(e.props) }),
  );
}

const countEvents = (db, where = '1') => sql(db, `select count(*) as n from events where ${where}`)[0].n;

// The consent receipts stored where `where` holds, oldest first.
const receipts = (db, where = '1') =>
  sql(db, `select record_id, consent_id, method, surface, purposes from consent_receipts where ${where} order by updated_ms`);

// ---- the browser ----------------------------------------------------------------

// args: more Chromium flags (a host mapping, a fake camera). asPerson: drop
// the automation flag (navigator.webdriver), as tracker.excludeBots would
// otherwise send nothing; openPage's asPerson drops the headless agent.
function launchBrowser({ args = [], asPerson = false } = {}) {
  const flags = [...CHROMIUM_ARGS, ...args];
  if (asPerson) flags.push('--disable-blink-features=AutomationControlled');
  return chromium.launch({ executablePath: CHROMIUM, args: flags, headless: true });
}

function parsedBatch(request) {
  try {
    return JSON.parse(request.postData() || '');
  } catch (_) {
    return null;
  }
}

// A fresh profile (no cookies, no storage) with everything the page says
// recorded in `seen`: console errors and warnings, uncaught errors, requests
// to the API ({ method, url }) and every batch POSTed to /v1/events (its
// parsed body, null if it is not JSON).
// contextOptions go to browser.newContext (colorScheme, permissions, …).
// before(page): routes and init scripts, before the page loads.
// waitReady: false for pages without window.Assent (the ES module build).
async function openPage(browser, url, { locale = 'en-US', asPerson = false, before, contextOptions = {}, waitReady = true } = {}) {
  const context = await browser.newContext({ locale, userAgent: asPerson ? PERSON_AGENT : undefined, ...contextOptions });
  const page = await context.newPage();
  const seen = { errors: [], warnings: [], pageErrors: [], apiRequests: [], batches: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (message.type() === 'warning') seen.warnings.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (!pathname.startsWith('/v1/')) return;
    seen.apiRequests.push({ method: request.method(), url: request.url() });
    if (request.method() === 'POST' && pathname === '/v1/events') seen.batches.push(parsedBatch(request));
  });
  if (before) await before(page);
  await page.goto(url);
  const state = waitReady ? await page.evaluate(() => window.Assent.ready) : null;
  return { context, page, seen, state };
}

// ---- one collector and one browser for a test file ---------------------------

// (target, options), (target) or (options): the target defaults to the front page.
const targetAndOptions = ([target = '', options = {}]) => (typeof target === 'object' ? ['', target] : [target, options]);

// Registers node:test before/after hooks that start the collector (see
// startCollector for site and config) and Chromium (args, asPerson: see
// launchBrowser; a person by default on the tracker site), and stop both.
// Returns a handle, usable once the tests run:
//   collector, browser, baseUrl, db
//   url(target)                 target: a path under the collector, or a full URL
//   openPage(target, options)   openPage in this browser (options as there);
//                               without a target, the site's front page
//   openAccepted(target, opts)  the same, then accept all (through the API, or
//                               with banner: true on the banner's button);
//                               adds the record's { consentId }
//   sql(query), events(where), countEvents(where), receipts(where)
//   ready                       resolves once both have started
function useCollectorAndBrowser({ site = 'demo', config, serverConfig, args = [], asPerson = site === 'tracker' } = {}) {
  const { before, after } = require('node:test');
  const e2e = {
    collector: null,
    browser: null,
    get baseUrl() {
      return e2e.collector.baseUrl;
    },
    get db() {
      return e2e.collector.db;
    },
    url: (target = '') => (/^https?:\/\//.test(target) ? target : e2e.baseUrl + target),
    openPage(...given) {
      const [target, options] = targetAndOptions(given);
      return openPage(e2e.browser, e2e.url(target), { asPerson, ...options });
    },
    async openAccepted(...given) {
      const [target, { banner = false, ...options }] = targetAndOptions(given);
      const opened = await e2e.openPage(target, options);
      if (banner) await opened.page.click('.assent-banner [data-assent-action="accept_all"]');
      else await opened.page.evaluate(() => window.Assent.acceptAll());
      const { consentId } = await opened.page.evaluate(() => window.Assent.record());
      return { ...opened, consentId };
    },
    sql: (query) => sql(e2e.db, query),
    events: (where) => events(e2e.db, where),
    countEvents: (where) => countEvents(e2e.db, where),
    receipts: (where) => receipts(e2e.db, where),
  };
  // Node 20 may start a file's top-level before() hooks without waiting for
  // this one: a hook of the file that needs the server awaits e2e.ready.
  let settle;
  e2e.ready = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  e2e.ready.catch(() => {}); // a file that never awaits it still sees the hook's own failure
  before(async () => {
    try {
      e2e.collector = await startCollector({ site, config, serverConfig });
      e2e.browser = await launchBrowser({ args, asPerson });
      settle.resolve();
    } catch (error) {
      settle.reject(error);
      throw error;
    }
  });
  after(async () => {
    if (e2e.browser) await e2e.browser.close();
    if (e2e.collector) await e2e.collector.stop();
  });
  return e2e;
}

// ---- in the page ------------------------------------------------------------------

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
const FIXTURES_UI = path.join(FIXTURES, 'ui');
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

// Serious and critical axe-core violations inside `selector` (injected
// into the page once), as "rule (impact): targets" lines; fails when axe
// checked next to nothing there.
async function axe(page, selector) {
  await page.locator(selector).first().waitFor({ state: 'visible' });
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), { resultTypes: ['violations'] });
    return {
      checked: result.passes.length + result.violations.length,
      bad: result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    };
  }, selector);
  assert.ok(found.checked > 5, `axe checked something in ${selector}`);
  return found.bad;
}

// A record's grants as the export shows them (with expiry).
const lastExport = (page) => page.evaluate(() => window.Assent.exportRecords().records.slice(-1)[0]);

module.exports = {
  useCollectorAndBrowser,
  startCollector,
  launchBrowser,
  openPage,
  sql,
  quote,
  ofConsent,
  events,
  countEvents,
  receipts,
  follow,
  scriptErrors,
  waitFor,
  serveFixtures,
  serveConfig,
  withCsp,
  watchCsp,
  lastExport,
  axe,
  demoConfig,
  trackerConfig,
  flushIntervalMs,
  sleep,
  ROOT,
  LIMIT,
  DAY_MS,
  PERSON_AGENT,
};
