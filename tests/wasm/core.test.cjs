// The built WASM module under Node: the same rules as the native core, seen
// through the Embind bindings a page uses.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const built = process.env.ASSENT_WASM_DIR || path.join(root, 'build/wasm/wasm');
const AssentCore = require(path.join(built, 'assent_core.js'));
const config = fs.readFileSync(path.join(root, 'demo/site/assent.config.json'), 'utf8');

let mod;
test.before(async () => {
  // Node's fetch cannot read a file path: hand the module its bytes (TOOLCHAIN.md).
  mod = await AssentCore({ wasmBinary: fs.readFileSync(path.join(built, 'assent_core.wasm')) });
});

function core(seed = 'seed-for-tests') {
  const c = new mod.Core(config, seed);
  assert.equal(c.error(), '');
  return c;
}

test('the glue never evaluates code, so a strict Content-Security-Policy can run it', () => {
  const glue = fs.readFileSync(path.join(built, 'assent_core.js'), 'utf8');
  assert.doesNotMatch(glue, /new Function\s*\(|\beval\s*\(/);
});

test('a broken config gives an error naming the path, and a core that grants nothing', () => {
  const c = new mod.Core(JSON.stringify({ revision: 1, purposes: [{ id: 'a' }, { id: 'a' }] }), 's');
  assert.match(c.error(), /purposes\[1\]\.id: duplicate "a"/);
  assert.equal(c.accepted('a', 1), false);
  assert.equal(c.track('$click', '', '/', 1), 3);
  assert.equal(c.takeBatch(2), '');
  c.delete();
});

test('[C01] before any choice nothing is sent and nothing is stored', () => {
  const c = core();
  assert.equal(c.needsPrompt(1), true);
  assert.equal(c.track('$pageview', '', '/', 1), 1);
  assert.equal(c.takeBatch(2), '');
  assert.equal(c.stored(), '');
  c.delete();
});

test('[C02] the prompt offers reject all beside accept all', () => {
  const c = core();
  const model = JSON.parse(c.promptModel('banner', 'en-US,en', 1, ''));
  assert.deepEqual(model.buttons.map((b) => b.action), ['accept_all', 'reject_all', 'customise']);
  assert.equal(model.language, 'en');
  c.delete();
});

test('a refused purpose never forwards an event, even after reload', () => {
  const first = core();
  assert.equal(first.choose('reject_all', '', 'banner', 'en', 1000), '');
  const reloaded = core('another seed');
  assert.equal(reloaded.restore(first.stored(), 1001), '');
  assert.equal(reloaded.needsPrompt(1001), false);
  assert.equal(reloaded.track('$click', '{}', '/', 1001), 2);
  assert.equal(reloaded.takeBatch(1002), '');
  first.delete();
  reloaded.delete();
});

test('a damaged stored record restores as no consent, with the reason', () => {
  const c = core();
  c.choose('accept_all', '', 'banner', 'en', 1000);
  const stored = c.stored();
  const damaged = stored.slice(0, -1) + (stored.endsWith('0') ? '1' : '0');
  const reloaded = core();
  assert.equal(reloaded.restore(damaged, 1001), 'stored record: checksum mismatch');
  assert.equal(reloaded.accepted('analytics', 1001), false);
  assert.equal(reloaded.needsPrompt(1001), true);
  c.delete();
  reloaded.delete();
});

test('[C04] granted analytics events leave in a batch with unique ids; marketing ones do not', () => {
  const c = core();
  assert.equal(c.track('$pageview', '', '/', 1), 1);
  assert.equal(c.choose('custom', '{"analytics":true}', 'preferences', 'zh-CN', 10), '');
  assert.equal(c.track('$click', '{"tag":"button"}', '/', 11), 0);
  assert.equal(c.track('newsletter_signup', '', '/', 12), 2);
  const batch = JSON.parse(c.takeBatch(20));
  assert.equal(batch.events.length, 2);
  assert.ok(batch.events.every((e) => e.purpose === 'analytics'));
  assert.notEqual(batch.events[0].id, batch.events[1].id);
  assert.equal(batch.consent, c.stored());
  assert.equal(JSON.parse(c.recordJson()).language, 'zh-CN');
  c.delete();
});

test('malformed input from the page gives an error value, never an abort', () => {
  const c = core();
  assert.match(c.choose('custom', '{"analytics":"yes"}', 'banner', 'en', 1), /choices.analytics/);
  assert.equal(c.track('$click', '{"deep":{"x":1}}', '/', 2), 4);
  assert.match(c.restore('\u0000\uffff'.repeat(3000), 3), /stored record/);
  assert.equal(c.needsPrompt(3), true);
  c.delete();
});

test('[C05] withdrawing is one call, recorded, and stops the purpose at once', () => {
  const c = core();
  c.choose('accept_all', '', 'banner', 'en', 1000);
  c.track('$click', '', '/', 1001);
  assert.equal(c.withdraw('analytics', 'api', 1002), '');
  assert.equal(c.accepted('analytics', 1002), false);
  assert.equal(c.takeBatch(1003), '');
  assert.equal(JSON.parse(c.recordJson()).method, 'withdraw');
  assert.match(c.withdraw('necessary', 'api', 1004), /required/);
  c.delete();
});

test('[C13] [C14] the export lists every decision; erasure forgets them', () => {
  const c = core();
  c.choose('accept_all', '', 'banner', 'en', 1000);
  c.choose('reject_all', '', 'preferences', 'en', 2000);
  const exported = JSON.parse(c.exportRecords());
  assert.deepEqual(exported.records.map((r) => r.method), ['accept_all', 'reject_all']);
  assert.equal(exported.siteId, 'assent-demo');
  assert.deepEqual(JSON.parse(c.erase(Date.now())), { cookies: ['_demo_an', '_demo_an_*'], storageKeys: ['demo-analytics:*'] });
  assert.equal(c.stored(), '');
  assert.equal(c.needsPrompt(3000), true);
  c.delete();
});

test('[C12] [C16] GPC and permission results cross the boundary and are recorded', () => {
  const withExtras = JSON.parse(config);
  withExtras.purposes.push({ id: 'ads', saleOrShare: true }, { id: 'location', sensitive: true });
  withExtras.permissions = [{ capability: 'geolocation', purpose: 'location', expiresAfterDays: 30 }];
  for (const texts of Object.values(withExtras.texts)) {
    texts.purposes.ads = { name: 'Ads', description: 'Ad partners.' };
    texts.purposes.location = { name: 'Location', description: 'Nearby shops.' };
    texts.permissions = {
      geolocation: { title: 'Near you?', body: 'Why.', allow: 'Continue', deny: 'Not now', next: 'Next.', blocked: 'Blocked.' },
    };
  }
  const c = new mod.Core(JSON.stringify(withExtras), 'seed');
  assert.equal(c.error(), '');
  c.setGpc(true, 1000);
  assert.equal(JSON.parse(c.recordJson()).method, 'gpc');
  assert.equal(c.accepted('ads', 1000), false);
  assert.equal(c.decidePermission('geolocation', 'granted', 'platform', 'zh-CN', 1000), '');
  assert.equal(c.permissionState('geolocation', 1000 + 29 * 86400000), 'granted');
  assert.equal(c.permissionState('geolocation', 1000 + 30 * 86400000), 'unset');
  const prompt = JSON.parse(c.promptModel('permission', 'zh-CN', 1000, 'geolocation'));
  assert.equal(prompt.kind, 'permission');
  assert.equal(prompt.state, 'granted');
  c.delete();
});
