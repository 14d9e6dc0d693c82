// docs/recipes/mini-program.md, run as the recipe shows it: its app.js, its
// page and its WXML are written into a copy of the demo package, which runs in
// the WeChat-shaped sandbox against the real server. The third party is the
// recipe's stats SDK, whose one wx.request to stats.example.com says it
// started.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const RECIPE = path.join(h.ROOT, 'docs/recipes/mini-program.md');

// The code blocks of the recipe, by the file their first line names.
function recipeFiles() {
  const text = fs.readFileSync(RECIPE, 'utf8');
  const files = {};
  for (const [, lang, body] of text.matchAll(/^```(js|xml)\n([\s\S]*?)^```/gm)) {
    const name = /^(?:\/\/|<!--) ([\w/.]+)/.exec(body);
    assert.ok(name, `a ${lang} block of the recipe names its file on its first line`);
    files[name[1]] = body;
  }
  assert.deepEqual(Object.keys(files).sort(), ['app.js', 'pages/index/index.js', 'pages/index/index.wxml']);
  return files;
}

let pkg;
let collector;

before(async () => {
  pkg = h.preparePackage();
  for (const [file, body] of Object.entries(recipeFiles())) fs.writeFileSync(path.join(pkg.pkg, file), body);
  collector = await h.startCollector(pkg.configFile);
});

after(async () => {
  if (collector) await collector.stop();
  if (pkg) pkg.remove();
});

const statsStarts = (mp) => mp.platform.log.calls.filter(([name, url]) => name === 'request' && /^https:\/\/stats\.example\.com\//.test(url)).length;
const eventsOf = (consentId) =>
  h.sql(collector.db, `select name, page from events where consent_id = ${h.quote(consentId)} order by ts, id`);

function launch(storage) {
  const mp = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
  mp.open('pages/index/index');
  return mp;
}

test('[C01] before a choice the stats SDK does not start and no event leaves; after "reject all" neither, also after a relaunch', async () => {
  const storage = new Map();
  let mp = launch(storage);
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    await mp.settle(3 * h.FLUSH_MS);
    assert.equal(statsStarts(mp), 0);
    assert.deepEqual(mp.platform.log.requests, [], 'no wx.request at all');
    mp.consent().tap('reject_all');
    await mp.settle(3 * h.FLUSH_MS);
    assert.equal(statsStarts(mp), 0);
  } finally {
    mp.stop();
  }
  mp = launch(storage);
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    await mp.settle(3 * h.FLUSH_MS);
    assert.equal(statsStarts(mp), 0, 'not after the relaunch either');
    assert.equal(mp.consent().data.kind, '', 'the refusal is remembered: no banner');
    const { consentId } = mp.assent().record();
    assert.deepEqual(eventsOf(consentId), []);
    assert.deepEqual(mp.output.errors, []);
  } finally {
    mp.stop();
  }
});

test('"accept all" starts the SDK once and the launch and page view arrive; [C05] after a withdrawal the next launch starts nothing', async () => {
  const storage = new Map();
  let mp = launch(storage);
  let consentId;
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    mp.consent().tap('accept_all');
    consentId = mp.assent().record().consentId;
    await h.waitFor(() => eventsOf(consentId).some((e) => e.name === '$pageview'), { what: 'the page view at the server' });
    assert.equal(statsStarts(mp), 1);
    const names = eventsOf(consentId).map((e) => e.name);
    assert.ok(names.includes('$app_launch'), `the launch arrived: ${names}`);
    await mp.assent().withdraw();
    assert.equal(statsStarts(mp), 1, 'a withdrawal starts nothing');
  } finally {
    mp.stop();
  }
  mp = launch(storage);
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    const before = eventsOf(consentId).length;
    await mp.settle(3 * h.FLUSH_MS);
    assert.equal(statsStarts(mp), 0, 'the SDK does not start at the next launch');
    assert.equal(eventsOf(consentId).length, before, 'no event leaves after the withdrawal');
  } finally {
    mp.stop();
  }
});
