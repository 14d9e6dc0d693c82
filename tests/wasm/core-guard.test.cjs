// The shells' view of the module (web/src/shell/core-guard.js) over the real
// built WASM: parsed answers, the batch path's own entries, a trap answered
// as no consent from then on, and a call the wire cannot read never taken
// for a value.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const built = process.env.ASSENT_WASM_DIR || path.join(root, 'build/wasm/wasm');
const AssentCore = require(path.join(built, 'assent_core.js'));
const { loadShell } = require('../shell/load.cjs');
const config = fs.readFileSync(path.join(root, 'tests/e2e/fixtures/tracker.config.json'), 'utf8');

let mod;
let guardCore;
test.before(async () => {
  mod = await AssentCore({ wasmBinary: fs.readFileSync(path.join(built, 'assent_core.wasm')) });
  ({ guardCore } = loadShell('core-guard.js'));
});

function guarded() {
  const bound = new mod.Core(config, 'seed-for-guard-tests');
  const faults = [];
  const core = guardCore(bound, (error) => faults.push(error));
  return { bound, core, faults };
}

test('answers arrive parsed, and the batch path hands over {id, body}', () => {
  const { bound, core } = guarded();
  assert.equal(core.error(), null);
  assert.equal(core.choose('accept_all', null, 'banner', 'en', 1000), null);
  assert.deepEqual(core.ingest('$click\x1f/\x1f1001\x1ftag\x1fsbutton', 1002), { forwarded: 1, held: 0, refused: 0, dropped: 0, unknown: [] });
  const batch = core.takeBatch(1003);
  assert.equal(JSON.parse(batch.body).batch_id, batch.id);
  assert.equal(core.takeBatch(1004), null);
  bound.delete();
});

test('[C01] after a trap every call answers as a dead core: no consent, nothing sent, nothing stored changed', () => {
  const { bound, core, faults } = guarded();
  core.choose('accept_all', null, 'banner', 'en', 1000);
  core.track('$click', '', '/', 1001);
  bound.delete(); // from now on every call into the module throws, as a trap does
  assert.equal(core.accepted('analytics', 1002), false);
  assert.equal(core.takeBatch(1002), null);
  assert.equal(core.pending(), null); // unknown: the stored events stay
  assert.equal(core.visitor(1002), null);
  assert.equal(core.choose('accept_all', null, 'banner', 'en', 1003).error, 'core unavailable');
  assert.equal(faults.length, 1, 'the fault is reported once');
});

test('a call the wire cannot read is reported and answered as the dead core would, never as a value', () => {
  const { bound, core, faults } = guarded();
  const errors = [];
  const consoleError = console.error;
  console.error = (message) => errors.push(message);
  try {
    assert.equal(core.promptModel('banner', 'en', 1000, ''), null); // languages must be a list
    assert.equal(core.permissionStep('geolocation', 'blocked', 1000), 'refused');
  } finally {
    console.error = consoleError;
  }
  assert.match(errors[0], /core\.promptModel refused its arguments \(languages \(args\[1\]\): must be an array of strings\)/);
  assert.equal(errors.length, 2);
  assert.equal(faults.length, 0, 'a bad call is not a fault: the core goes on');
  assert.equal(core.promptModel('banner', ['en'], 1000, '').kind, 'banner');
  // A refusal is an answer of its own for the methods that decide.
  assert.match(core.choose('custom', { analytics: 'yes' }, 'banner', 'en', 1000).error, /choices\.analytics/);
  bound.delete();
});
