// The shells' one behaviour table (tests/behaviour/table.cjs) against the
// mini-program shell in a WeChat-shaped sandbox, a fresh mini-program for
// each row: embeds behind the assent-placeholder component, and location as
// scope.userLocation through assent.requestScope and the consent component.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const { config, ROWS, PERMISSION_ROWS, check } = require('../behaviour/table.cjs');

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
