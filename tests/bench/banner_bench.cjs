// Time from navigation start to a visible "reject all" button: Assent (the
// banner, its core and its tracker) beside cookieconsent v3 (banner only),
// on pages of the same shape served by the same collector from the same
// folder, in a fresh browser context each run (nothing cached), A and B
// alternating. "Visible" is the first animation frame (or DOM change) at
// which the button is laid out and Element.checkVisibility() with opacity
// and visibility says so. Prints medians, quartiles and the ratio; never
// fails on speed.
//   node tests/bench/banner_bench.cjs [--runs N] [--json]
// (NODE_PATH=web/node_modules for playwright-core; ASSENT_WEB_DIR=<folder>
// serves another web build as /assent/, e.g. to alternate two builds)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const h = require('../e2e/harness.cjs');
const collector = require('../support/collector.cjs');
const { record } = require('./figures.cjs');

const ROOT = path.resolve(__dirname, '../..');
const CC = path.join(ROOT, 'web/node_modules/vanilla-cookieconsent');
const CC_VERSION = JSON.parse(fs.readFileSync(path.join(CC, 'package.json'), 'utf8')).version;
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;

// The same page for both: the shop's header and a paragraph, then the tool.
const page = (head, body = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Banner benchmark</title>${head}</head>
<body><header><a href="/">Teapot &amp; Co.</a></header>
<main><h1>Yixing clay teapot</h1><p>Hand-thrown purple clay, 180 ml. Brews oolong like nothing else.</p>
<button id="buy">Add to basket</button></main>${body}</body></html>`;

// cookieconsent v3 as its README sets it up: its CSS, its UMD build, run()
// with two categories and English texts.
const CC_RUN = `<script>CookieConsent.run({
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: { default: 'en', translations: { en: {
    consentModal: { title: 'Privacy', description: 'We use cookies to measure visits.',
      acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Customise' },
    preferencesModal: { title: 'Privacy settings', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all',
      savePreferencesBtn: 'Save', sections: [
        { title: 'Necessary', description: 'Keeps the site working.', linkedCategory: 'necessary' },
        { title: 'Analytics', description: 'Counts visits.', linkedCategory: 'analytics' } ] } } } }
});</script>`;

const SUBJECTS = {
  assent: {
    file: 'assent.html',
    html: page('<script src="/assent/assent.js" data-config="/assent.config.json"></script>'),
    reject: '.assent-banner [data-assent-action="reject_all"]',
  },
  cookieconsent: {
    file: 'cookieconsent.html',
    html: page('<link rel="stylesheet" href="/cc/cookieconsent.css"><script src="/cc/cookieconsent.umd.js"></script>', CC_RUN),
    reject: '#cc-main [data-role="necessary"]',
  },
};

// Runs in the page before anything else: when the reject button first shows.
function watchFor(selector) {
  const shown = () => {
    const el = document.querySelector(selector);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const done = (at) => {
    if (window.__shownAt === undefined) window.__shownAt = at;
  };
  const frame = (at) => (shown() ? done(at) : requestAnimationFrame(frame));
  requestAnimationFrame(frame);
  new MutationObserver(() => shown() && done(performance.now())).observe(document, { childList: true, subtree: true, attributes: true });
}

// A folder the collector serves: both pages, cookieconsent's files, the
// demo's config (whose English words the cookieconsent page copies).
function benchSite() {
  const dir = collector.scratch('assent-banner-bench-');
  const site = path.join(dir, 'site');
  fs.mkdirSync(path.join(site, 'cc'), { recursive: true });
  for (const s of Object.values(SUBJECTS)) fs.writeFileSync(path.join(site, s.file), s.html);
  for (const f of ['cookieconsent.css', 'cookieconsent.umd.js']) fs.copyFileSync(path.join(CC, 'dist', f), path.join(site, 'cc', f));
  fs.copyFileSync(path.join(ROOT, 'demo/site/assent.config.json'), path.join(site, 'assent.config.json'));
  return { dir, site };
}

async function once(browser, baseUrl, subject) {
  const context = await browser.newContext({ locale: 'en-US' });
  const tab = await context.newPage();
  await tab.addInitScript(watchFor, subject.reject);
  await tab.goto(baseUrl + subject.file);
  await h.waitFor(() => tab.evaluate(() => window.__shownAt !== undefined), { what: `${subject.file}'s reject button`, timeout: 15000 });
  const at = await tab.evaluate(() => window.__shownAt);
  await context.close();
  return at;
}

const quantile = (xs, q) => {
  const s = xs.slice().sort((a, b) => a - b);
  const k = (s.length - 1) * q;
  return s[Math.floor(k)] + (s[Math.ceil(k)] - s[Math.floor(k)]) * (k - Math.floor(k));
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function main() {
  const { dir, site } = benchSite();
  const started = await collector.startCollector({ dir, site, assets: path.resolve(ROOT, process.env.ASSENT_WEB_DIR || 'build/web'), config: path.join(site, 'assent.config.json') });
  const browser = await h.launchBrowser({ asPerson: true });
  const times = { assent: [], cookieconsent: [] };
  try {
    // One warm-up each (the browser's own start-up), then A, B, A, B, ...
    for (const name of Object.keys(SUBJECTS)) await once(browser, started.baseUrl, SUBJECTS[name]);
    for (let i = 0; i < RUNS; i += 1) {
      const order = i % 2 ? ['cookieconsent', 'assent'] : ['assent', 'cookieconsent'];
      for (const name of order) times[name].push(await once(browser, started.baseUrl, SUBJECTS[name]));
    }
  } finally {
    await browser.close();
    await started.stop();
  }
  const figures = Object.fromEntries(
    Object.entries(times).map(([name, xs]) => [name, { median: quantile(xs, 0.5), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75), runs: xs.length }]),
  );
  figures.ratio = figures.assent.median / figures.cookieconsent.median;
  record('banner', figures);
  if (args.includes('--json')) return console.log(JSON.stringify(figures));
  console.log(`navigation start -> visible "reject all", headless Chromium, ${RUNS} alternating runs each, fresh context per run`);
  for (const [name, label] of [['assent', 'Assent (banner, core, tracker)'], ['cookieconsent', `cookieconsent ${CC_VERSION} (banner only)`]]) {
    const f = figures[name];
    console.log(`  ${label.padEnd(36)} median ${ms(f.median)}  (quartiles ${ms(f.q1)} - ${ms(f.q3)})`);
  }
  console.log(`  ratio Assent / cookieconsent: ${figures.ratio.toFixed(2)} (goal <= 1.00)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
