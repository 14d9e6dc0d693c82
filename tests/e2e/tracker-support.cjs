// Shared by the tracker-*.test.cjs files: the real demo collector serving the
// demo site plus the fixture page, with the tracker fixture config (its own
// allow-lists and masking, so that the tests state what they rely on), and a
// Chromium that presents itself as a person's browser (no webdriver flag, a
// desktop user agent), since tracker.excludeBots would otherwise send nothing.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const h = require('./harness.cjs');

const ROOT = h.ROOT;
const collector = require('../support/collector.cjs');
const FIXTURES = path.join(__dirname, 'fixtures');
const CONFIG = path.join(FIXTURES, 'tracker.config.json');
// ASSENT_WEB_DIR may name another build of the web files (assent.js, .wasm).
const WEB = process.env.ASSENT_WEB_DIR || path.join(ROOT, 'build/web');
const PERSON_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

const trackerConfig = () => JSON.parse(fs.readFileSync(CONFIG, 'utf8'));

// A site folder: the demo site, the fixture page, and `config` as
// /assent.config.json (the collector re-checks against the same file).
function makeSite(dir, config) {
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
function startCollector({ config = trackerConfig() } = {}) {
  if (!fs.existsSync(path.join(WEB, 'assent.js'))) throw new Error(`not built: ${path.relative(ROOT, WEB)}/assent.js`);
  const dir = collector.scratch('assent-tracker-');
  const site = makeSite(dir, config);
  return collector.startCollector({ dir, site, assets: WEB, config: path.join(site, 'assent.config.json') });
}

// asBot: keep the automation flag (navigator.webdriver) and the headless agent.
function launchBrowser({ asBot = false } = {}) {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (!asBot) args.push('--disable-blink-features=AutomationControlled');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args, headless: true });
}

// A fresh profile; records console warnings and errors, page errors and every
// batch POSTed to the collector (its parsed body).
async function openPage(browser, url, { asBot = false, before } = {}) {
  const context = await browser.newContext({ locale: 'en-US', userAgent: asBot ? undefined : PERSON_AGENT });
  const page = await context.newPage();
  const seen = { errors: [], warnings: [], pageErrors: [], batches: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (message.type() === 'warning') seen.warnings.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/events') {
      try {
        seen.batches.push(JSON.parse(request.postData() || ''));
      } catch (_) {
        seen.batches.push(null);
      }
    }
  });
  if (before) await before(page);
  await page.goto(url);
  const state = await page.evaluate(() => window.Assent.ready);
  return { context, page, seen, state };
}

// The events the collector stored, oldest first, props parsed.
function events(db, where = '1') {
  return h.sql(db, `select id, consent_id, name, purpose, ts, page, props from events where ${where} order by ts, id`).map(
    (e) => ({ ...e, props: JSON.parse(e.props) }),
  );
}

module.exports = { trackerConfig, startCollector, launchBrowser, openPage, events, PERSON_AGENT };
