// The shells' one behaviour table (tests/behaviour/table.cjs) against the
// mini-program shell in a WeChat-shaped sandbox, a fresh mini-program for
// each row: embeds behind the assent-placeholder component, location as
// scope.userLocation through assent.requestScope and the consent component,
// and delivery through the fake wx.request to the real collector.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const { config, trackingConfig, ROWS, PERMISSION_ROWS, DELIVERY_ROWS, check } = require('../behaviour/table.cjs');

// What the row's expectations look at, as this shell shows it (plain
// objects of this realm, not the sandbox's).
function observe(mp, holder) {
  const events = holder.events;
  const consent = mp.consent();
  return {
    shown: events.length ? events[events.length - 1].shown : null,
    buttons: holder.data.shown ? [] : Array.from(holder.data.buttons, (b) => b.action),
    record: JSON.parse(JSON.stringify(mp.assent().record())),
    preferences: consent.data.kind === 'preferences',
  };
}

async function step(mp, holder, s) {
  const assent = mp.assent();
  if (s.placeholder) holder.tap(s.placeholder);
  else if (s.api === 'withdraw') await assent.withdraw(s.purpose);
  else if (s.api) await assent[s.api]();
  await mp.settle(10);
}

for (const row of ROWS) {
  test(`both shells: ${row.name} (mini-program)`, async () => {
    const pkg = h.preparePackage(config());
    const mp = h.startMiniProgram({ pkg: pkg.pkg, language: row.language || 'en' }).launch();
    try {
      assert.equal((await mp.ready()).ok, true);
      mp.open('pages/index/index');
      const holder = mp.placeholder('media');
      await h.waitFor(() => holder.events.length > 0, { what: 'the placeholder to settle' });
      for (const [k, s] of row.steps.entries()) {
        await step(mp, holder, s);
        check(assert, observe(mp, holder), s.expect, k);
      }
      assert.deepEqual(mp.output.errors, []);
      holder.detach();
    } finally {
      mp.stop();
      pkg.remove();
    }
  });
}

// What the platform does when asked, as the fake WeChat is told it.
const PLATFORM = {
  allows: { answers: { authorize: () => 'allow' } },
  refuses: { answers: { authorize: () => 'deny' } },
  blocked: { authSetting: { 'scope.userLocation': false } },
};

for (const row of PERMISSION_ROWS) {
  test(`both shells: ${row.name} (mini-program)`, async () => {
    const pkg = h.preparePackage(config());
    const mp = h.startMiniProgram({ pkg: pkg.pkg, ...PLATFORM[row.platform] }).launch();
    const asked = { result: undefined };
    const ui = mp.consent();
    const observe = () => ({
      prompt: ui.data.kind === 'permission' ? ui.data.step : null,
      platformAsked: mp.platform.log.calls.filter(([name]) => name === 'authorize').length,
      result: asked.result,
      permission: mp.assent().permission('scope.userLocation'),
      record: h.plain(mp.assent().record()),
    });
    try {
      assert.equal((await mp.ready()).ok, true);
      for (const [k, s] of row.steps.entries()) {
        if (s.request) {
          asked.result = undefined;
          mp.assent().requestScope('scope.userLocation').then((state) => {
            asked.result = state === 'granted';
          });
          await h.waitFor(() => observe().prompt || asked.result !== undefined, { what: 'a pre-prompt or an answer' });
        } else {
          ui.tap(s.prePrompt);
          await h.waitFor(() => asked.result !== undefined, { what: 'the request to end' });
        }
        check(assert, observe(), s.expect, k);
      }
      assert.deepEqual(mp.output.errors, []);
    } finally {
      mp.stop();
      pkg.remove();
    }
  });
}

// ---- delivery: one collector, re-checking under the same config ----------------

let delivery;
before(async () => {
  const tracking = trackingConfig();
  tracking.tracker.collectorUrl = `${h.ORIGIN}/v1/events`;
  const pkg = h.preparePackage(tracking);
  delivery = { pkg, collector: await h.startCollector(pkg.configFile) };
});

after(async () => {
  if (delivery && delivery.collector) await delivery.collector.stop();
  if (delivery) delivery.pkg.remove();
});

for (const row of DELIVERY_ROWS) {
  test(`both shells: ${row.name} (mini-program)`, async () => {
    const { pkg, collector } = delivery;
    const storage = new Map();
    let offline = false;
    const launch = async () => {
      const started = h.startMiniProgram({ pkg: pkg.pkg, route: collector.route, storage }).launch();
      started.platform.setOffline(offline);
      assert.equal((await started.ready()).ok, true);
      return started;
    };
    let mp = await launch();
    const stored = () => {
      const record = mp.assent().record();
      if (!record) return 0;
      const where = `consent_id = ${h.quote(record.consentId)} and name = 'signup'`;
      return Number(h.sql(collector.db, `select count(*) as n from events where ${where}`)[0].n);
    };
    try {
      for (const [k, s] of row.steps.entries()) {
        if (s.api === 'withdraw') await mp.assent().withdraw(s.purpose);
        else if (s.api) await mp.assent()[s.api]();
        else if (s.track) for (let i = 0; i < s.track; i += 1) mp.assent().track('signup', { plan: `p${k}-${i}` });
        else if (s.network) mp.platform.setOffline((offline = s.network === 'down'));
        else if (s.reload) {
          mp.hideApp(); // WeChat's onHide: the app keeps what is unsent
          mp.stop();
          mp = await launch();
        }
        if (!s.expect) continue;
        if (s.expect.stored) await h.waitFor(() => stored() >= s.expect.stored, { what: `${s.expect.stored} stored events` });
        await mp.settle(2 * h.FLUSH_MS);
        check(assert, { stored: stored() }, s.expect, k);
      }
      assert.deepEqual(mp.output.errors, []);
    } finally {
      mp.stop();
    }
  });
}
