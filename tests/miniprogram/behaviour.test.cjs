// The shells' one behaviour table (tests/behaviour/table.cjs) against the
// mini-program shell: the assent-placeholder component in a WeChat-shaped
// sandbox, a fresh mini-program for each row.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const { config, ROWS, check } = require('../behaviour/table.cjs');

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
