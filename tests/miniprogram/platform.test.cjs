// What the mini-program platform allows, and what the shell does when a piece
// is missing: no eval, no Function constructor, no DOM, the core from a
// package path, storage limits, an allow-listed network, the package size.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const zlib = require('node:zlib');
const h = require('./harness.cjs');

const PACKAGE_LIMIT = 2 * 1024 * 1024;

let pkg;
before(() => {
  pkg = h.preparePackage();
});
after(() => {
  if (pkg) pkg.remove();
});

test('the bundle has no eval and no Function constructor, and runs where they, window, document and WebAssembly are missing', async () => {
  const bundle = fs.readFileSync(path.join(h.BUILT, 'assent.js'), 'utf8');
  assert.ok(!/\bnew Function\b|\bFunction\s*\(\s*["'`]/.test(bundle), 'no Function constructor in assent.js');
  assert.ok(!/(^|[^.\w$])eval\s*\(/.test(bundle), 'no eval in assent.js');

  const mp = h.startMiniProgram({ pkg: pkg.pkg }).launch();
  try {
    // The context really is shaped like the platform ...
    assert.throws(() => vm.runInContext('eval("1")', mp.context), /EvalError|Code generation from strings disallowed/);
    assert.throws(() => vm.runInContext('new Function("return 1")', mp.context), /EvalError|Code generation from strings disallowed/);
    assert.equal(vm.runInContext('typeof window + typeof document + typeof WebAssembly', mp.context), 'undefinedundefinedundefined');
    // ... and the core runs in it, without putting anything global there.
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    assert.equal(vm.runInContext('typeof WebAssembly', mp.context), 'undefined');
    assert.equal(mp.assent().track('add_to_cart', { sku: 'x' }), 'held');
    assert.deepEqual(mp.output.errors, []);
  } finally {
    mp.stop();
  }
});

test('the core is instantiated through WXWebAssembly from the .wasm.br inside the package', async () => {
  const mp = h.startMiniProgram({ pkg: pkg.pkg }).launch();
  try {
    await mp.ready();
    assert.deepEqual(mp.platform.log.wasmPaths, ['/assent/assent.wasm.br']);
    const core = zlib.brotliDecompressSync(fs.readFileSync(path.join(h.BUILT, 'assent.wasm.br')));
    assert.ok(WebAssembly.validate(core), 'the .br holds a valid WebAssembly module');
    assert.ok(mp.platform.log.calls.some(([name]) => name === 'getRandomValues'), 'ids seeded from wx.getRandomValues');
  } finally {
    mp.stop();
  }
});

test('[C01] without its core the mini-program says so once, shows nothing, stores and sends nothing', async () => {
  const broken = h.preparePackage();
  fs.rmSync(path.join(broken.pkg, 'assent/assent.wasm.br'));
  const storage = new Map();
  const mp = h.startMiniProgram({ pkg: broken.pkg, storage }).launch();
  try {
    const state = h.plain(await mp.ready());
    assert.equal(state.ok, false);
    assert.match(state.error, /assent\.wasm\.br/);
    assert.equal(mp.output.errors.length, 1, mp.output.errors.join('\n'));
    mp.open('pages/index/index');
    mp.tap('onBuy', {}, 'buy');
    assert.equal(mp.consent().data.kind, '', 'no prompt');
    assert.equal(mp.assent().track('add_to_cart', {}), 'unavailable');
    assert.equal(mp.assent().accepted('analytics'), false);
    await mp.settle(50);
    assert.deepEqual([...storage.keys()], []);
    assert.deepEqual(mp.platform.log.requests, []);
  } finally {
    mp.stop();
    broken.remove();
  }
});

test('a config the core refuses gives one error naming the path, and no prompt', async () => {
  const config = h.testConfig();
  config.purposes.push({ id: 'analytics' });
  const bad = h.preparePackage(config);
  const mp = h.startMiniProgram({ pkg: bad.pkg }).launch();
  try {
    const state = h.plain(await mp.ready());
    assert.equal(state.ok, false);
    assert.match(state.error, /purposes\[4\]\.id: duplicate "analytics"/);
    assert.equal(mp.output.errors.length, 1);
    assert.equal(mp.consent().data.kind, '');
  } finally {
    mp.stop();
    bad.remove();
  }
});

test('with storage nearly full (10 MB in all) the newest decision is still stored, and restored on the next launch', async () => {
  const config = h.testConfig();
  delete config.tracker.collectorUrl; // only the consent record in storage
  const quiet = h.preparePackage(config);
  const storage = new Map();
  const first = h.startMiniProgram({ pkg: quiet.pkg, storage }).launch();
  let consentId;
  try {
    await first.ready();
    const api = first.assent();
    // An API choice decides only what it names; the first one names every purpose.
    for (const choice of [{ analytics: true, marketing: false, location: false }, { marketing: true }, { analytics: false }, { marketing: false }]) await api.set(choice);
    consentId = api.record().consentId;
    const history = JSON.parse(storage.get('assent'));
    assert.equal(history.split('\n').length, 4);
    // The app's own data fills the rest: a longer history no longer fits,
    // one record does.
    assert.deepEqual([...storage.keys()], ['assent']);
    let left = 10 * 1024 * 1024 - Buffer.byteLength('assent') - Buffer.byteLength(storage.get('assent'));
    for (let i = 0; left > 0; i += 1) {
      const key = `app-cache-${i}`;
      const size = Math.min(1000 * 1000, left - Buffer.byteLength(key) - 2);
      if (size < 0) break;
      first.platform.wx.setStorageSync(key, 'x'.repeat(size));
      left -= Buffer.byteLength(key) + size + 2;
    }
    assert.throws(() => first.platform.wx.setStorageSync('one-more', 'x'), /exceed storage max size/);
    await api.set({ analytics: true });
    const kept = JSON.parse(storage.get('assent'));
    assert.equal(kept.split('\n').length, 1, 'the newest record alone');
    assert.deepEqual(first.output.errors, []);
  } finally {
    first.stop();
  }
  const again = h.startMiniProgram({ pkg: quiet.pkg, storage }).launch();
  try {
    await again.ready();
    assert.equal(again.assent().record().consentId, consentId);
    assert.equal(again.assent().accepted('analytics'), true);
    assert.equal(again.consent().data.kind, '', 'not asked again');
  } finally {
    again.stop();
    quiet.remove();
  }
});

test('what the core refuses to restore is discarded with its reason, and the ids it keeps come and go with their purpose', async () => {
  const config = h.testConfig();
  config.tracker.identifiers = ['analytics'];
  const own = h.preparePackage(config);
  const storage = new Map([
    ['assent', JSON.stringify('not a record')],
    ['assent:pending', JSON.stringify('not events')],
    ['assent:visitor', JSON.stringify('{"anonymousId":1}')],
  ]);
  // The collector is allowed but never reached: what is taken stays unsent.
  const mp = h.startMiniProgram({ pkg: own.pkg, storage, route: { [h.ORIGIN]: 'http://127.0.0.1:9' } }).launch();
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    mp.platform.failNextRequests(...Array(50).fill('drop-before'));
    const warned = mp.output.warnings.join('\n');
    assert.match(warned, /stored consent discarded \([^)\n]*\w[^)\n]*\); asking again/);
    assert.match(warned, /assent:pending discarded \([^)\n]*\w/);
    assert.match(warned, /assent:visitor discarded \([^)\n]*not a stored visitor/);
    assert.doesNotMatch(warned, /\[object Object\]/);
    assert.ok(!storage.has('assent:pending') && !storage.has('assent:visitor'), 'the unreadable texts are removed');
    assert.equal(mp.consent().data.kind, 'banner', 'asked again');

    // The core's refusals reach the app as text.
    const api = mp.assent();
    await assert.rejects(api.set({ analytics: 'yes' }), /^Error: Assent: .*choices\.analytics.*must be true or false/);
    assert.match(api.choose('bogus', null, 'banner', 'en'), /bogus/);
    assert.match(mp.output.errors.join('\n'), /choice not recorded: .*bogus/);
    assert.equal(api.record(), null, 'nothing recorded');

    mp.consent().tap('accept_all');
    assert.equal(api.track('add_to_cart', { sku: 'a' }), 'forwarded');
    mp.hideApp();
    await h.waitFor(() => storage.has('assent:visitor') && storage.has('assent:pending'), { what: 'the kept visitor and events' });
    const visitor = JSON.parse(JSON.parse(storage.get('assent:visitor')));
    assert.match(visitor.anonymousId, /\S/, 'the visitor is kept while analytics allows it');
    assert.match(JSON.parse(storage.get('assent:pending')), /add_to_cart/, 'the unsent events are kept');
    await mp.settle(50);

    await api.withdraw();
    await mp.settle(50);
    assert.ok(!storage.has('assent:visitor'), 'no identifier outlives its purpose');
    assert.ok(!storage.has('assent:pending'), 'the withdrawn events are purged');
  } finally {
    mp.stop();
    own.remove();
  }
});

test('a collector outside the request domain list is reported once and not retried', async () => {
  const config = h.testConfig();
  config.tracker.collectorUrl = 'https://not-allowed.example/v1/events';
  const other = h.preparePackage(config);
  const mp = h.startMiniProgram({ pkg: other.pkg, route: { [h.ORIGIN]: 'http://127.0.0.1:9/' } }).launch();
  try {
    await mp.ready();
    await mp.assent().acceptAll();
    const attemptsNow = () => {
      const attempts = new Map();
      for (const r of mp.platform.log.refused.filter((x) => x.url.endsWith('/v1/events'))) {
        const ids = JSON.parse(r.body).events.map((e) => e.id).join(',');
        attempts.set(ids, (attempts.get(ids) || 0) + 1);
      }
      return attempts;
    };
    await h.waitFor(() => attemptsNow().size === 1, { what: 'the batch from before the choice' });
    mp.assent().track('add_to_cart', { sku: 'x' });
    await h.waitFor(() => attemptsNow().size === 2, { what: 'the events before and after the choice, one batch each' });
    // Given the time several flushes would take, no batch is tried again.
    await mp.settle(6 * h.FLUSH_MS);
    const attempts = attemptsNow();
    assert.equal(attempts.size, 2, 'the events before and after the choice, one batch each');
    assert.deepEqual([...attempts.values()], [1, 1], 'no batch sent twice');
    assert.deepEqual(mp.platform.log.requests, [], 'nothing got through');
    assert.deepEqual(mp.output.errors, [
      "Assent: https://not-allowed.example/v1/consent is not in this mini-program's request domain list; nothing is sent there",
    ]);
  } finally {
    mp.stop();
    other.remove();
  }
});

test('the package stays far inside the 2 MB a mini-program package may hold', () => {
  const files = ['assent.js', 'assent.wasm.br', 'assent-consent/index.js', 'assent-consent/index.wxml', 'assent-consent/index.wxss', 'assent-consent/index.json'];
  const total = files.reduce((sum, file) => sum + fs.statSync(path.join(h.BUILT, file)).size, 0);
  assert.ok(total < PACKAGE_LIMIT / 4, `${total} bytes`);
});
