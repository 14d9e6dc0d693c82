// The gate scenarios of the web, in the mini-program: the built package runs
// in a platform-shaped vm context and sends through the fake wx.request to the
// real Assent server, which re-checks every event against the same config.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

let pkg;
let collector;

before(async () => {
  pkg = h.preparePackage();
  collector = await h.startCollector(pkg.configFile);
});

after(async () => {
  if (collector) await collector.stop();
  if (pkg) pkg.remove();
});

const eventsOf = (consentId) =>
  h.sql(collector.db, `select id, name, purpose, page, props from events where consent_id = ${h.quote(consentId)} order by ts, id`);
const receiptsOf = (consentId) =>
  h.sql(collector.db, `select method, surface, stored from consent_receipts where consent_id = ${h.quote(consentId)} order by updated_ms`);

// Everything a person does in the demo without touching the consent layer.
function browse(mp) {
  mp.open('pages/index/index');
  mp.tap('onBuy', { assentTrack: 'add-to-cart' }, 'buy');
  mp.tap('onWishlist', { assentTrack: 'wishlist' }, 'wishlist');
  mp.open('pages/store/store');
  mp.back();
  mp.assent().track('newsletter_signup', { source: 'test' });
  mp.hideApp();
  mp.showApp();
}

test('[C01] before any choice no event leaves the mini-program and nothing is stored', async () => {
  const storage = new Map();
  const mp = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    const ui = mp.consent();
    browse(mp);
    assert.equal(ui.data.kind, 'banner');
    await mp.settle(3 * h.FLUSH_MS);

    assert.deepEqual(mp.platform.log.requests, [], 'no wx.request at all');
    assert.deepEqual([...storage.keys()], [], 'no storage key at all');
    assert.equal(mp.assent().record(), null);
    assert.deepEqual(h.sql(collector.db, 'select count(*) as n from events'), [{ n: 0 }]);
    assert.deepEqual(mp.output.errors, []);
  } finally {
    mp.stop();
  }
});

test('[C01] events held before the choice arrive exactly once after accept all, each under its own id', async () => {
  const mp = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route }).launch();
  try {
    await mp.ready();
    const ui = mp.consent();
    browse(mp);
    assert.deepEqual(mp.platform.log.requests, []);
    ui.tap('accept_all');
    const { consentId } = mp.assent().record();
    // Taps after the choice, and one lost answer: the batch is sent again
    // and the collector must still hold each event once.
    mp.platform.failNextRequests('drop-after');
    mp.tap('onBuy', { assentTrack: 'add-to-cart' }, 'buy');
    await h.waitFor(() => eventsOf(consentId).length >= 17, { what: 'the events' });
    mp.hideApp(); // flushes everything, retries included
    await mp.settle(4 * h.FLUSH_MS);

    const events = eventsOf(consentId);
    const names = events.map((e) => e.name);
    const count = (name) => names.filter((n) => n === name).length;
    assert.equal(count('$app_launch'), 1);
    assert.equal(count('$tap'), 3, names.join(' '));
    assert.equal(count('add_to_cart'), 2);
    // index, store, index again, index after the return to the foreground;
    // each left once (the last by the final hide)
    assert.equal(count('$pageview'), 4);
    assert.equal(count('$pageleave'), 4);
    assert.equal(count('$app_show'), 2);
    assert.equal(count('$app_hide'), 2);
    assert.equal(count('newsletter_signup'), 1, 'marketing was accepted too');
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'each event once');
    const sends = mp.platform.log.requests.filter((r) => r.url.endsWith('/v1/events'));
    assert.ok(sends.some((r) => r.error === 'answer lost'), 'a batch was sent again after its answer was lost');
    const taps = events.filter((e) => e.name === '$tap');
    assert.deepEqual(
      taps.map((e) => e.props).sort(),
      ['{"handler":"onBuy","target":"add-to-cart"}', '{"handler":"onBuy","target":"add-to-cart"}', '{"handler":"onWishlist","target":"wishlist"}'],
      'a tap carries the handler and data-assent-track, nothing else',
    );
    assert.ok(taps.every((e) => e.page === 'pages/index/index'));
    assert.ok(JSON.parse(events.find((e) => e.name === '$pageleave').props).durationMs >= 0);
    assert.ok(mp.platform.log.requests.every((r) => r.url.startsWith(h.ORIGIN)), 'only the allow-listed origin');
    assert.deepEqual(mp.output.errors, []);
  } finally {
    mp.stop();
  }
});

test('[C09] after reject all nothing is sent, the refusal is stored and receipted, and a relaunch still sends nothing', async () => {
  const storage = new Map();
  const first = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
  let consentId;
  try {
    await first.ready();
    const ui = first.consent();
    browse(first);
    ui.tap('reject_all');
    assert.equal(ui.data.kind, '', 'the banner is gone');
    consentId = first.assent().record().consentId;
    browse(first);
    await h.waitFor(() => receiptsOf(consentId).length === 1, { what: 'the receipt' });
    await first.settle(3 * h.FLUSH_MS);
    // The record, and the secret that lets only this phone read or erase
    // what the collector keeps of it (C18): a refusal is proof too (C09).
    assert.deepEqual([...storage.keys()], ['assent', 'assent:key'], 'only the consent record and its key are stored');
    const [receipt] = receiptsOf(consentId);
    assert.equal(receipt.method, 'reject_all');
    assert.equal(receipt.surface, 'banner');
    assert.equal(receipt.stored, JSON.parse(storage.get('assent')));
  } finally {
    first.stop();
  }

  const again = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
  try {
    await again.ready();
    const ui = again.consent();
    assert.equal(ui.data.kind, '', 'no banner: the refusal was restored');
    assert.equal(again.assent().record().consentId, consentId);
    browse(again);
    assert.equal(again.assent().track('add_to_cart', { sku: 'x' }), 'refused');
    await again.settle(3 * h.FLUSH_MS);
    assert.deepEqual(again.platform.log.requests, [], 'nothing sent after the relaunch');
    assert.deepEqual(eventsOf(consentId), []);
  } finally {
    again.stop();
  }
});

test('[C03] [C04] a custom choice of analytics alone sends analytics events and nothing of marketing', async () => {
  const mp = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route }).launch();
  try {
    await mp.ready();
    const ui = mp.consent();
    mp.open('pages/index/index');
    ui.tap('customise');
    await mp.settle();
    assert.equal(ui.data.kind, 'preferences');
    const on = h.plain(ui.data.toggles).filter((t) => t.checked).map((t) => t.purpose);
    assert.deepEqual(on, ['necessary'], 'nothing optional pre-ticked');
    ui.toggle('analytics', true);
    ui.tap('save');
    const record = mp.assent().record();
    assert.deepEqual(h.plain(record.purposes), { necessary: true, analytics: true, marketing: false, location: false });
    assert.equal(mp.assent().track('newsletter_signup', { source: 'test' }), 'refused');
    assert.equal(mp.assent().track('add_to_cart', { sku: 'custom' }), 'forwarded');
    await h.waitFor(() => eventsOf(record.consentId).some((e) => e.name === 'add_to_cart'), { what: 'add_to_cart' });
    await mp.settle(2 * h.FLUSH_MS);
    const events = eventsOf(record.consentId);
    assert.ok(events.every((e) => e.purpose === 'analytics'), events.map((e) => e.name).join(' '));
    assert.equal(receiptsOf(record.consentId)[0].surface, 'preferences');
  } finally {
    mp.stop();
  }
});

test('[C05] withdrawing purges what was queued and stops the purpose at once', async () => {
  const mp = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route }).launch();
  try {
    await mp.ready();
    mp.consent().tap('accept_all');
    const { consentId } = mp.assent().record();
    await h.waitFor(() => eventsOf(consentId).length > 0, { what: 'the events from before the choice' });
    // Queued in the core, not yet flushed: withdrawn before the next tick.
    for (let i = 0; i < 3; i += 1) assert.equal(mp.assent().track('add_to_cart', { sku: `queued-${i}` }), 'forwarded');
    await mp.assent().withdraw();
    assert.equal(mp.assent().track('add_to_cart', { sku: 'after' }), 'refused');
    mp.hideApp();
    await mp.settle(3 * h.FLUSH_MS);
    const skus = eventsOf(consentId)
      .filter((e) => e.name === 'add_to_cart')
      .map((e) => JSON.parse(e.props).sku);
    assert.deepEqual(skus, []);
    assert.deepEqual(
      receiptsOf(consentId).map((r) => r.method),
      ['accept_all', 'withdraw'],
    );
  } finally {
    mp.stop();
  }
});

test('forwarded events that could not be sent are kept across a relaunch and arrive exactly once', async () => {
  const storage = new Map();
  const first = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
  let consentId;
  try {
    await first.ready();
    first.platform.failNextRequests(...Array(50).fill('drop-before')); // no network at all
    first.consent().tap('accept_all');
    consentId = first.assent().record().consentId;
    first.assent().track('add_to_cart', { sku: 'survivor' });
    first.hideApp();
    // the unsent events are kept
    await h.waitFor(() => storage.has('assent:pending') && JSON.parse(storage.get('assent:pending')).includes('survivor'), {
      what: 'the unsent events in assent:pending',
    });
  } finally {
    first.stop(); // the mini-program is closed
  }
  assert.deepEqual(eventsOf(consentId), []);

  const again = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
  try {
    await again.ready();
    await h.waitFor(() => eventsOf(consentId).some((e) => e.props.includes('survivor')), { what: 'the kept event' });
    again.hideApp();
    await again.settle(3 * h.FLUSH_MS);
    const survivors = eventsOf(consentId).filter((e) => e.props.includes('survivor'));
    assert.equal(survivors.length, 1);
    assert.equal(eventsOf(consentId).filter((e) => e.name === '$app_launch').length, 2, 'one launch from each run');
    assert.ok(!storage.has('assent:pending'), 'nothing left to keep once delivered');
  } finally {
    again.stop();
  }
});

test('[C13] [C14] [C18] the mini-program reads and erases its own data at the collector with its secret, kept only on the phone', async () => {
  const storage = new Map();
  const mp = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
  try {
    await mp.ready();
    mp.consent().tap('accept_all');
    const consentId = mp.assent().record().consentId;
    await h.waitFor(() => eventsOf(consentId).length >= 1, { what: 'the launch, stored' });
    const mine = h.plain(await mp.assent().exportMyData());
    assert.equal(mine.receipts.length, 1);
    assert.equal(mine.receipts[0].method, 'accept_all');
    assert.ok(mine.events.some((e) => e.name === '$app_launch'));
    const secret = JSON.parse(storage.get('assent:key')); // the fake keeps values as JSON, as WeChat does
    assert.match(secret, /^[0-9a-f]{32}$/);
    const sent = mp.platform.log.requests.filter((r) => r.url.endsWith('/v1/events')).map((r) => r.body).join('');
    assert.ok(!sent.includes(secret), 'the secret is in no batch');

    const erased = h.plain(await mp.assent().eraseMyData());
    assert.equal(erased.erasedReceipts, 1);
    assert.deepEqual(eventsOf(consentId), []);
    assert.equal(mp.assent().record(), null);
    assert.ok(!storage.has('assent:key') && !storage.has('assent'), 'nothing left on the phone');
  } finally {
    mp.stop();
  }
});
