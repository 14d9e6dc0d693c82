// Stand-ins for the third parties the recipes and services[].scripts gate,
// served by the test through page.route on their real hostnames (never the
// network), and the code blocks of docs/recipes/ read as the pages show them.
//
// Each stand-in does what its real counterpart would do that consent is
// about: it runs (window.__ran), records the calls the page makes to it, and
// sets the first-party cookie its real counterpart sets.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const RECIPES = path.join(h.ROOT, 'docs/recipes');

// gtag.js: reads the dataLayer the way gtag.js does (only the `arguments`
// objects gtag() pushes), follows consent default/update, and sets _ga once a
// config runs with analytics_storage granted.
const GTAG = `(function () {
  var ran = (window.__ran = window.__ran || []); ran.push('gtag');
  var calls = (window.__gtag = []), consent = {}, configured = false;
  function handle(item) {
    if (Object.prototype.toString.call(item) !== '[object Arguments]') return;
    var a = Array.prototype.slice.call(item).map(function (x) { return x instanceof Date ? 'date' : x; });
    calls.push(JSON.parse(JSON.stringify(a)));
    if (a[0] === 'consent') for (var k in a[2]) if (k !== 'wait_for_update') consent[k] = a[2][k];
    if (a[0] === 'config') configured = true;
    if (configured && consent.analytics_storage === 'granted') document.cookie = '_ga=GA1.1.42.42; path=/';
  }
  var dl = (window.dataLayer = window.dataLayer || []);
  for (var i = 0; i < dl.length; i++) handle(dl[i]);
  var push = dl.push;
  dl.push = function () { for (var i = 0; i < arguments.length; i++) handle(arguments[i]); return push.apply(dl, arguments); };
})();`;

// gtm.js: a container whose one tag is GA4 under Consent Mode: it runs, and
// sets _ga only while analytics_storage is granted.
const GTM = `(function () {
  var ran = (window.__ran = window.__ran || []); ran.push('gtm');
  var consent = {};
  function handle(item) {
    if (Object.prototype.toString.call(item) === '[object Arguments]' && item[0] === 'consent') {
      for (var k in item[2]) consent[k] = item[2][k];
    }
    if (consent.analytics_storage === 'granted') document.cookie = '_ga=GA1.1.42.42; path=/';
  }
  var dl = (window.dataLayer = window.dataLayer || []);
  window.__gtmStarted = dl.some(function (e) { return e && e.event === 'gtm.js'; });
  for (var i = 0; i < dl.length; i++) handle(dl[i]);
  var push = dl.push;
  dl.push = function () { for (var i = 0; i < arguments.length; i++) handle(arguments[i]); return push.apply(dl, arguments); };
})();`;

// fbevents.js: takes over the fbq stub's queue, records each call, sets _fbp.
const FBEVENTS = `(function () {
  var ran = (window.__ran = window.__ran || []); ran.push('pixel');
  var calls = (window.__fbq = []);
  var fbq = window.fbq;
  function call() { calls.push(Array.prototype.slice.call(arguments)); }
  if (fbq) { (fbq.queue || []).forEach(function (a) { call.apply(null, a); }); fbq.callMethod = call; }
  document.cookie = '_fbp=fb.1.42.42; path=/';
})();`;

// A script the site's own page loads from a CDN no service claims.
const LIBRARY = `(window.__ran = window.__ran || []).push('library');`;
const STATS = `(window.__ran = window.__ran || []).push('stats'); document.cookie = '_stats=1; path=/';`;

const frame = (name) => `<!doctype html><title>${name}</title><p id="${name}">${name} stand-in</p>`;

// url glob -> [content type, body]
const STAND_INS = {
  'https://www.googletagmanager.com/gtag/js**': ['text/javascript', GTAG],
  'https://www.googletagmanager.com/gtm.js**': ['text/javascript', GTM],
  'https://connect.facebook.net/**': ['text/javascript', FBEVENTS],
  'https://cdn.example.net/**': ['text/javascript', LIBRARY],
  'https://stats.example.com/**': ['text/javascript', STATS],
  'https://www.youtube-nocookie.com/**': ['text/html', frame('youtube')],
  'https://player.vimeo.com/**': ['text/html', frame('vimeo')],
  'https://www.google.com/maps/embed**': ['text/html', frame('maps')],
};
const HOSTS = [...new Set(Object.keys(STAND_INS).map((glob) => new URL(glob.replace(/\*+/g, 'x')).host))];

// Routes every stand-in on `page` and serves `html` at `pathname`; returns
// the list every request to a third-party host is pushed to (its URL).
async function serveStandIns(page, pathname, html) {
  const requested = [];
  await page.route(`**${pathname}`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  for (const [glob, [contentType, body]] of Object.entries(STAND_INS)) {
    await page.route(glob, (route) => route.fulfill({ status: 200, contentType, body }));
  }
  // Anything else on a third-party host would go to the network: refuse it.
  page.on('request', (request) => {
    if (HOSTS.includes(new URL(request.url()).host)) requested.push(request.url());
  });
  return requested;
}

// The one ```<lang> block of a recipe, exactly as the page shows it.
function block(text, lang, file) {
  const blocks = [...text.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))];
  assert.equal(blocks.length, 1, `${file} has exactly one \`\`\`${lang} block`);
  return blocks[0][1];
}

// A recipe's html block (the page) and json block (what it adds to the config).
function recipe(name) {
  const file = path.join(RECIPES, `${name}.md`);
  const text = fs.readFileSync(file, 'utf8');
  return { html: block(text, 'html', file), config: JSON.parse(block(text, 'json', file)), text };
}

// The demo's config (its purposes and words) with a recipe's keys on top.
function configWith(fragment) {
  return { ...JSON.parse(fs.readFileSync(path.join(h.ROOT, 'demo/site/assent.config.json'), 'utf8')), ...fragment };
}

const pageAround = (body, title = 'Recipe') =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title>\n${body}\n</head><body><main><h1>${title}</h1></main></body></html>`;

const ran = (page) => page.evaluate(() => window.__ran || []);
const cookieNames = async (context) =>
  (await context.cookies()).map((c) => c.name).filter((n) => n !== 'assent').sort();
const frameUrls = (page) => page.frames().slice(1).map((f) => f.url()).filter((u) => /^https:/.test(u));

// A test file for one recipe: the server runs the demo's config with the
// recipe's keys on top (the page loads the same file), and open() loads the
// recipe's page at /recipe.html (and its routes, for a router) with every
// stand-in served; it resolves once Assent has started.
function useRecipe(name, { title = name, paths = ['/recipe.html'], asPerson = false } = {}) {
  const r = recipe(name);
  const e2e = h.useCollectorAndBrowser({ site: 'tracker', config: configWith(r.config), asPerson });
  const html = pageAround(r.html, title);
  async function open() {
    let requested;
    const opened = await e2e.openPage(paths[0].slice(1), {
      waitReady: false,
      before: async (page) => {
        requested = await serveStandIns(page, paths[0], html);
        for (const more of paths.slice(1)) {
          await page.route(`**${more}`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
        }
      },
    });
    assert.deepEqual(await opened.page.evaluate(() => window.Assent.ready), { ok: true });
    return { ...opened, requested };
  }
  async function reload(page) {
    await page.reload();
    assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  }
  return { e2e, recipe: r, open, reload };
}

const choose = (page, action) => page.click(`.assent-banner [data-assent-action="${action}"]`);

// Nothing of the third party happened: no stand-in ran, no request left for
// its hosts, no cookie was set.
async function assertNothingRan(page, context, requested) {
  assert.deepEqual(await ran(page), [], 'no third-party script ran');
  assert.deepEqual(requested, [], 'no request to the third party');
  assert.deepEqual(await cookieNames(context), [], 'no cookie');
}

module.exports = { serveStandIns, recipe, configWith, pageAround, useRecipe, choose, ran, cookieNames, frameUrls, assertNothingRan, HOSTS };
