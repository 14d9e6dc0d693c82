// Platform permissions in the ledger: privacy authorization, scopes and
// subscription messages, each through the core's pre-prompt and recorded
// with its time and expiry. Driven through the demo's own pages and the
// consent component's code; the fake platform refuses what WeChat refuses
// (openSetting and requestSubscribeMessage outside a tap, a silent
// re-authorize of a refused scope shows no dialog).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const DAY = 24 * 60 * 60 * 1000;
const OFFERS = 'DEMO-offers-template-id';
const ORDER = 'DEMO-order-status-template-id';

let pkg;
let collector;
const texts = () => pkg.config.texts.en.permissions;

before(async () => {
  pkg = h.preparePackage();
  collector = await h.startCollector(pkg.configFile);
});

after(async () => {
  if (collector) await collector.stop();
  if (pkg) pkg.remove();
});

async function start(options = {}) {
  const mp = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, ...options }).launch();
  assert.deepEqual(h.plain(await mp.ready()), { ok: true });
  const ui = mp.consent();
  return { mp, ui };
}

const called = (mp, name) => mp.platform.log.calls.filter(([n]) => n === name);
// The newest record's entry for a capability, from the export (C13).
function permissionEntry(mp, capability) {
  const { records } = h.plain(mp.assent().exportRecords());
  const last = records[records.length - 1];
  return { ...last.permissions[capability], method: last.method, surface: last.surface, createdMs: last.updatedMs };
}
const waitForLayer = (ui, step) => h.waitFor(() => ui.data.kind === 'permission' && ui.data.step === step, { what: `the ${step} pre-prompt` });
// The store page, its "locate" tapped, until the pre-prompt shows `step`: the page.
async function locate(mp, ui, step) {
  const page = mp.open('pages/store/store');
  mp.tap('onLocate', {}, 'locate');
  await waitForLayer(ui, step);
  return page;
}

test('[C16] location: the reason comes before WeChat asks, and the grant is recorded with its 30-day expiry', async () => {
  const { mp, ui } = await start({ answers: { authorize: () => 'allow' } });
  try {
    const page = mp.open('pages/store/store');
    mp.tap('onLocate', { assentTrack: 'locate' }, 'locate');
    await waitForLayer(ui, 'ask');
    assert.equal(ui.data.title, texts()['scope.userLocation'].title);
    assert.equal(ui.data.body, texts()['scope.userLocation'].body);
    assert.equal(ui.data.note, texts()['scope.userLocation'].next, 'what WeChat asks next');
    assert.deepEqual(called(mp, 'authorize'), [], 'WeChat has not asked yet');

    ui.tap('allow');
    await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });
    assert.deepEqual(mp.platform.log.dialogs, [['authorize', 'scope.userLocation']]);
    const entry = permissionEntry(mp, 'scope.userLocation');
    assert.equal(entry.granted, true);
    assert.equal(entry.method, 'platform');
    assert.equal(entry.surface, 'permission_prompt');
    assert.equal(entry.expiresMs - entry.createdMs, 30 * DAY);
    assert.equal(mp.assent().permission('scope.userLocation'), 'granted');
    // The banner is still there: a permission is not a choice about purposes.
    assert.equal(ui.data.kind, 'banner');
  } finally {
    mp.stop();
  }
});

test('[C16] declining the pre-prompt never opens WeChat\'s dialog, and the refusal is recorded', async () => {
  const { mp, ui } = await start({ answers: { authorize: () => 'allow' } });
  try {
    const page = await locate(mp, ui, 'ask');
    ui.tap('deny');
    await h.waitFor(() => /Without your location/.test(page.data.status), { what: 'the page to carry on' });
    assert.deepEqual(called(mp, 'authorize'), []);
    assert.deepEqual(called(mp, 'getLocation'), []);
    const entry = permissionEntry(mp, 'scope.userLocation');
    assert.equal(entry.granted, false);
    assert.equal(entry.method, 'custom');
  } finally {
    mp.stop();
  }
});

test('[C16] a scope refused on the platform sends the person to the settings, never a silent re-ask', async () => {
  const { mp, ui } = await start({
    authSetting: { 'scope.userLocation': false },
    answers: { openSetting: (setting) => ({ ...setting, 'scope.userLocation': true }) },
  });
  try {
    const page = await locate(mp, ui, 'settings');
    assert.equal(ui.data.note, texts()['scope.userLocation'].blocked, 'how to change it, not what WeChat asks next');
    const words = texts()['scope.userLocation'];
    assert.deepEqual(ui.data.buttons.map((b) => [b.action, b.label, b.level]), [
      ['allow', words.allow, 'primary'],
      ['deny', words.deny, 'primary'],
      ['later', 'Not now', 'secondary'],
    ], "the core's settings view");
    ui.tap('allow'); // inside the tap: wx.openSetting refuses anything else
    await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });
    assert.deepEqual(called(mp, 'authorize'), [], 'wx.authorize was never called on the refused scope');
    assert.deepEqual(mp.platform.log.dialogs, [['openSetting']]);
    const entry = permissionEntry(mp, 'scope.userLocation');
    assert.equal(entry.granted, true);
    assert.equal(entry.method, 'platform');
  } finally {
    mp.stop();
  }
});

test('[C08] a location grant lapses after its 30 days and the pre-prompt asks again', async () => {
  const storage = new Map();
  const authSetting = { 'scope.userLocation': true }; // WeChat remembers it for good
  const first = await start({ storage, authSetting, answers: { authorize: () => 'allow' } });
  try {
    first.mp.open('pages/store/store');
    first.mp.tap('onLocate', {}, 'locate');
    await waitForLayer(first.ui, 'ask');
    first.ui.tap('allow');
    await h.waitFor(() => first.mp.assent().permission('scope.userLocation') === 'granted', { what: 'the grant' });
  } finally {
    first.mp.stop();
  }

  const within = await start({ storage, authSetting, clockOffsetMs: 29 * DAY });
  try {
    const page = within.mp.open('pages/store/store');
    within.mp.tap('onLocate', {}, 'locate');
    await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });
    assert.notEqual(within.ui.data.kind, 'permission', 'no pre-prompt within the 30 days');
  } finally {
    within.mp.stop();
  }

  const lapsed = await start({ storage, authSetting, clockOffsetMs: 31 * DAY });
  try {
    lapsed.mp.open('pages/store/store');
    assert.equal(lapsed.mp.assent().permission('scope.userLocation'), 'unset');
    lapsed.mp.tap('onLocate', {}, 'locate');
    await waitForLayer(lapsed.ui, 'ask');
    assert.deepEqual(called(lapsed.mp, 'getLocation'), [], 'not used while it is asked again');
  } finally {
    lapsed.mp.stop();
  }
});

test('[C06] privacy authorization is agreed only through WeChat\'s agree button, then recorded before the scope', async () => {
  const { mp, ui } = await start({ privacyAgreed: false, answers: { authorize: () => 'allow' } });
  try {
    const page = await locate(mp, ui, 'ask');
    ui.tap('allow'); // wx.authorize is a privacy API: WeChat wants the guidelines agreed first
    await waitForLayer(ui, 'privacy');
    assert.equal(ui.data.title, texts().privacy.title);
    const agree = ui.data.buttons.find((b) => b.action === 'allow');
    assert.equal(agree.agree, true, 'rendered as <button open-type="agreePrivacyAuthorization">');
    assert.throws(() => ui.tap('allow'), /agreePrivacyAuthorization/, 'no plain tap can agree');
    ui.agreePrivacy();
    await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });

    const { records } = h.plain(mp.assent().exportRecords());
    const changes = records.map((r) => Object.keys(r.permissions).sort().join(','));
    assert.deepEqual(changes, ['privacy', 'privacy,scope.userLocation'], 'privacy first, then the scope');
    assert.equal(records[0].permissions.privacy.granted, true);
    assert.equal(records[0].method, 'platform');
    assert.equal(records[0].permissions.privacy.expiresMs - records[0].updatedMs, 180 * DAY);
    assert.deepEqual(mp.platform.log.dialogs, [['authorize', 'scope.userLocation']]);
  } finally {
    mp.stop();
  }
});

// Asks for location on the store page, agrees to the pre-prompt, then
// refuses the privacy guidelines WeChat asks for first.
async function refusePrivacyAtLocate(mp, ui) {
  const page = await locate(mp, ui, 'ask');
  ui.tap('allow');
  await waitForLayer(ui, 'privacy');
  ui.tap('deny');
  await h.waitFor(() => /Without your location/.test(page.data.status), { what: 'the page to carry on' });
  return page;
}

test('[C09] disagreeing with the privacy guidelines is recorded, and the scope is not marked refused for it', async () => {
  const { mp, ui } = await start({ privacyAgreed: false, answers: { authorize: () => 'allow' } });
  try {
    const page = await refusePrivacyAtLocate(mp, ui);
    assert.equal(mp.assent().permission('privacy'), 'denied');
    assert.equal(mp.assent().permission('scope.userLocation'), 'unset', 'the person never answered about location');
    assert.equal(permissionEntry(mp, 'privacy').method, 'custom');
    assert.deepEqual(mp.platform.log.dialogs, [], 'no location dialog');
  } finally {
    mp.stop();
  }
});

test('[C06] marketing messages: WeChat\'s dialog opens inside the tap, and each template\'s result is recorded', async () => {
  const { mp, ui } = await start({ answers: { subscribe: () => ({ [OFFERS]: 'accept', [ORDER]: 'reject' }) } });
  try {
    const page = mp.open('pages/index/index');
    mp.tap('onSubscribe', {}, 'subscribe');
    await waitForLayer(ui, 'subscribe');
    assert.equal(ui.data.title, texts().subscribeMessage.title);
    assert.deepEqual(
      ui.data.items.map((i) => i.title),
      [texts()['subscribeMessage.offers'].title, texts()['subscribeMessage.orderStatus'].title],
      'each kind of message is named before WeChat asks',
    );
    assert.deepEqual(called(mp, 'requestSubscribeMessage'), []);
    ui.tap('allow');
    await h.waitFor(() => /Subscribed: offers/.test(page.data.status), { what: 'the subscription' });
    assert.deepEqual(h.plain(mp.platform.log.dialogs), [['requestSubscribeMessage', [OFFERS, ORDER]]]);

    const { records } = h.plain(mp.assent().exportRecords());
    const newest = records[records.length - 1];
    assert.equal(newest.permissions['subscribeMessage.offers'].granted, true);
    assert.equal(newest.permissions['subscribeMessage.orderStatus'].granted, false);
    assert.equal(newest.permissions.subscribeMessage.granted, true);
    assert.ok(records.every((r) => r.method === 'platform' && r.surface === 'permission_prompt'));

    // Within the grant the next subscription goes straight to WeChat's
    // dialog, still inside the page's own tap.
    mp.tap('onSubscribe', {}, 'subscribe');
    assert.equal(mp.platform.log.dialogs.length, 2, 'asked synchronously inside the tap');
    assert.notEqual(ui.data.kind, 'permission');
  } finally {
    mp.stop();
  }
});

test('[C09] declining messages at the pre-prompt never opens WeChat\'s dialog, and is recorded', async () => {
  const { mp, ui } = await start();
  try {
    const page = mp.open('pages/index/index');
    mp.tap('onSubscribe', {}, 'subscribe');
    await waitForLayer(ui, 'subscribe');
    ui.tap('deny');
    await h.waitFor(() => page.data.status === 'No messages subscribed', { what: 'the page to carry on' });
    assert.deepEqual(called(mp, 'requestSubscribeMessage'), []);
    const entry = permissionEntry(mp, 'subscribeMessage');
    assert.equal(entry.granted, false);
    assert.equal(entry.method, 'custom');
  } finally {
    mp.stop();
  }
});

test('[C09] a declined subscription is not asked again while the refusal holds', async () => {
  const { mp, ui } = await start({ answers: { subscribe: () => ({ [OFFERS]: 'accept', [ORDER]: 'accept' }) } });
  try {
    const page = mp.open('pages/index/index');
    mp.tap('onSubscribe', {}, 'subscribe');
    await waitForLayer(ui, 'subscribe');
    ui.tap('deny');
    await h.waitFor(() => page.data.status === 'No messages subscribed', { what: 'the page to carry on' });

    page.setData({ status: '' });
    mp.tap('onSubscribe', {}, 'subscribe');
    assert.notEqual(ui.data.kind, 'permission', 'no pre-prompt for a refusal still in force');
    await h.waitFor(() => page.data.status === 'No messages subscribed', { what: 'the second answer' });
    assert.notEqual(ui.data.kind, 'permission');
    assert.deepEqual(called(mp, 'requestSubscribeMessage'), [], 'WeChat never asked');
    assert.equal(mp.assent().permission('subscribeMessage'), 'denied');
  } finally {
    mp.stop();
  }
});

test('[C09] a refused privacy authorization is not shown again while the refusal holds', async () => {
  const { mp, ui } = await start({ privacyAgreed: false, answers: { authorize: () => 'allow' } });
  try {
    const page = await refusePrivacyAtLocate(mp, ui);
    const recordsBefore = h.plain(mp.assent().exportRecords()).records.length;

    page.setData({ status: '' });
    mp.tap('onLocate', {}, 'locate');
    await waitForLayer(ui, 'ask'); // location itself was never answered
    ui.tap('allow');
    await h.waitFor(() => /Without your location/.test(page.data.status), { what: 'the second answer' });
    assert.notEqual(ui.data.kind, 'permission', 'the privacy pre-prompt was not shown again');
    assert.equal(mp.assent().permission('privacy'), 'denied');
    assert.equal(h.plain(mp.assent().exportRecords()).records.length, recordsBefore, 'nothing new recorded');
    assert.deepEqual(mp.platform.log.dialogs, [], 'no location dialog');
  } finally {
    mp.stop();
  }
});

test('[C06] each permission decision reaches the collector as a receipt', async () => {
  const { mp, ui } = await start({ answers: { authorize: () => 'deny' } });
  try {
    await locate(mp, ui, 'ask');
    ui.tap('allow');
    await h.waitFor(() => mp.assent().permission('scope.userLocation') === 'denied', { what: 'the refusal' });
    const { consentId } = mp.assent().record();
    const receipts = await h.waitFor(() => {
      const rows = h.sql(collector.db, `select method, surface, stored from consent_receipts where consent_id = ${h.quote(consentId)}`);
      return rows.length ? rows : null;
    }, { what: 'the receipt' });
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0].method, 'platform');
    assert.match(receipts[0].stored, /~scope\.userLocation=0@/, 'the refusal, with its expiry, in the stored record');
  } finally {
    mp.stop();
  }
});

// The platform refuses what the ledger does not: one rule for both shells
// (core.hpp, wantPermission), the same cases as tests/e2e/permissions.test.cjs.
// The ledger learns the refusal once, method platform, and the person is
// shown the way to the settings instead of a silent re-ask.
const PLATFORM_REFUSES = [
  { ledger: 'granted', why: "a grant since turned off in the platform's settings" },
  { ledger: 'unset', why: 'never asked, already refused on the platform' },
];

const exported = (mp) => h.plain(mp.assent().exportRecords()).records;

for (const { ledger, why } of PLATFORM_REFUSES) {
  test(`[C16] ${why}: one refusal is recorded, method platform, and the settings are offered`, async () => {
    const { mp, ui } = await start({
      authSetting: ledger === 'unset' ? { 'scope.userLocation': false } : {},
      answers: { authorize: () => 'allow' },
    });
    try {
      const page = mp.open('pages/store/store');
      if (ledger === 'granted') {
        mp.tap('onLocate', {}, 'locate');
        await waitForLayer(ui, 'ask');
        ui.tap('allow');
        await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });
        mp.platform.state.authSetting['scope.userLocation'] = false; // the person turned it off in WeChat
      }
      assert.equal(mp.assent().permission('scope.userLocation'), ledger);
      const before = exported(mp).length;

      mp.tap('onLocate', {}, 'locate');
      await waitForLayer(ui, 'settings');
      assert.equal(exported(mp).length, before + 1, 'one record');
      const entry = permissionEntry(mp, 'scope.userLocation');
      assert.deepEqual([entry.granted, entry.method, entry.surface], [false, 'platform', 'permission_prompt']);
      assert.equal(entry.expiresMs - entry.createdMs, 30 * DAY, 'a refusal lapses too');
      assert.equal(mp.assent().permission('scope.userLocation'), 'denied');
      assert.equal(called(mp, 'authorize').length, ledger === 'granted' ? 1 : 0, 'no silent re-ask');

      // "Don't allow" on the way to the settings is the person's own refusal.
      ui.tap('deny');
      await h.waitFor(() => /Without your location/.test(page.data.status), { what: 'the page to carry on' });
      assert.equal(permissionEntry(mp, 'scope.userLocation').method, 'custom');
      const after = exported(mp).length;

      // Asked again: the ledger refuses already, nothing new is recorded.
      mp.tap('onLocate', {}, 'locate');
      await waitForLayer(ui, 'settings');
      assert.equal(exported(mp).length, after);
      assert.deepEqual(called(mp, 'openSetting'), []);
    } finally {
      mp.stop();
    }
  });
}

// "Not now" and a request that failed: neither is anyone's answer, so
// neither is recorded; the core says when to ask again (askAgainAfterMinutes,
// 60 for location in the demo config) and when to offer "try again".
test('[C09] "not now" on the location pre-prompt records no refusal, WeChat is not asked, not asked again within the hour, and asked again after it', async () => {
  const { mp, ui } = await start({ answers: { authorize: () => 'allow' } });
  try {
    const page = await locate(mp, ui, 'ask');
    assert.deepEqual(ui.data.buttons.map((b) => [b.action, b.level]), [['allow', 'primary'], ['deny', 'primary'], ['later', 'secondary']]);
    assert.equal(ui.data.buttons[2].label, 'Not now', "the core's default words");
    ui.tap('later');
    await h.waitFor(() => /Without your location/.test(page.data.status), { what: 'the page to carry on' });
    assert.notEqual(ui.data.kind, 'permission', 'the pre-prompt is gone');
    assert.equal(mp.assent().permission('scope.userLocation'), 'unset', 'no refusal the person never gave');
    assert.deepEqual(exported(mp), []);
    // Wanted again at once: no pre-prompt, no WeChat dialog, still nothing recorded.
    page.setData({ status: '' });
    mp.tap('onLocate', {}, 'locate');
    await h.waitFor(() => /Without your location/.test(page.data.status), { what: 'the second answer' });
    assert.notEqual(ui.data.kind, 'permission', 'not asked again within askAgainAfterMinutes');
    assert.deepEqual(called(mp, 'authorize'), []);
    assert.deepEqual(exported(mp), []);
    // Once the rest is over (60 minutes), the flow resumes: the pre-prompt, then WeChat.
    mp.advanceClock(60 * 60 * 1000);
    page.setData({ status: '' });
    mp.tap('onLocate', {}, 'locate');
    await waitForLayer(ui, 'ask');
    ui.tap('allow');
    await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });
    assert.deepEqual(mp.platform.log.dialogs, [['authorize', 'scope.userLocation']]);
    assert.deepEqual([permissionEntry(mp, 'scope.userLocation').granted, exported(mp).length], [true, 1]);
  } finally {
    mp.stop();
  }
});

test('[C16] an authorize that fails without an answer offers "try again", records nothing, and trying again asks WeChat once more', async () => {
  const answers = ['fail', 'allow'];
  const { mp, ui } = await start({ answers: { authorize: () => answers.shift() } });
  try {
    const page = await locate(mp, ui, 'ask');
    ui.tap('allow');
    await waitForLayer(ui, 'failed');
    assert.equal(ui.data.note, 'That did not work this time.');
    // The core's failed view: "not now" as prominent as "try again" (C02).
    assert.deepEqual(ui.data.buttons.map((b) => [b.action, b.label, b.level]), [['retry', 'Try again', 'primary'], ['later', 'Not now', 'primary']]);
    assert.equal(mp.assent().permission('scope.userLocation'), 'unset', 'a failure is no refusal');
    assert.deepEqual(exported(mp), []);
    ui.tap('retry'); // inside the tap, as wx.authorize wants
    await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });
    assert.deepEqual(mp.platform.log.dialogs, [['authorize', 'scope.userLocation'], ['authorize', 'scope.userLocation']]);
    const entry = permissionEntry(mp, 'scope.userLocation');
    assert.deepEqual([entry.granted, entry.method], [true, 'platform']);
  } finally {
    mp.stop();
  }
});

test('[C09] "not now" after a failed authorize records nothing either', async () => {
  const { mp, ui } = await start({ answers: { authorize: () => 'fail' } });
  try {
    const page = await locate(mp, ui, 'ask');
    ui.tap('allow');
    await waitForLayer(ui, 'failed');
    ui.tap('later');
    await h.waitFor(() => /Without your location/.test(page.data.status), { what: 'the page to carry on' });
    assert.equal(mp.assent().permission('scope.userLocation'), 'unset');
    assert.deepEqual(exported(mp), []);
  } finally {
    mp.stop();
  }
});

test('[C16] where WeChat cannot authorize scopes, requestScope says "unavailable", shows nothing and records nothing', { timeout: 20000 }, async () => {
  const { mp, ui } = await start({ answers: { authorize: () => 'allow' } });
  try {
    delete mp.platform.wx.authorize; // a base library without wx.authorize
    assert.equal(await mp.assent().requestScope('scope.userLocation'), 'unavailable');
    assert.notEqual(ui.data.kind, 'permission', 'nothing to ask');
    assert.equal(mp.assent().permission('scope.userLocation'), 'unset');
    assert.deepEqual(exported(mp), []);
  } finally {
    mp.stop();
  }
});

test('[C02] the failed view shows exactly the core\'s buttons in the config\'s words, "not now" as prominent as "try again"', async () => {
  const config = h.testConfig();
  Object.assign(config.texts.en.permissions['scope.userLocation'], { retry: 'Ask WeChat again', later: 'Maybe later' });
  const own = h.preparePackage(config);
  const answers = ['fail', 'allow'];
  const mp = h.startMiniProgram({ pkg: own.pkg, answers: { authorize: () => answers.shift() } }).launch();
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    const ui = mp.consent();
    const page = await locate(mp, ui, 'ask');
    assert.equal(ui.data.buttons[2].label, 'Maybe later');
    ui.tap('allow');
    await waitForLayer(ui, 'failed');
    assert.deepEqual(ui.data.buttons.map((b) => [b.action, b.label, b.level]), [
      ['retry', 'Ask WeChat again', 'primary'],
      ['later', 'Maybe later', 'primary'],
    ]);
    ui.tap('retry'); // the core's next step: WeChat once more, inside the tap
    await h.waitFor(() => /Nearest store/.test(page.data.status), { what: 'the nearest store' });
    assert.equal(called(mp, 'authorize').length, 2);
  } finally {
    mp.stop();
    own.remove();
  }
});
