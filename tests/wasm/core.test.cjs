// The built WASM module under Node: the same rules as the native core, seen
// through the one entry point a page uses (Core.call, across the wire).
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

// A module Core with one function per wire method, as web/src/shell/core-guard.js
// makes it (without its fault handling): plain values in, parsed answers out.
function open(configText, seed) {
  const bound = new mod.Core(configText, seed);
  return new Proxy(
    {},
    {
      get: (_, method) =>
        method === 'delete' ? () => bound.delete() : (...args) => JSON.parse(bound.call(method, JSON.stringify(args))),
    },
  );
}

function core(seed = 'seed-for-tests') {
  const c = open(config, seed);
  assert.equal(c.error(), null);
  return c;
}

test("the module's JavaScript never evaluates code, so a strict Content-Security-Policy can run it", () => {
  const glue = fs.readFileSync(path.join(built, 'assent_core.js'), 'utf8');
  assert.doesNotMatch(glue, /new Function\s*\(|\beval\s*\(/);
});

test('a broken config gives an error naming the path, and a core that grants nothing', () => {
  const c = open(JSON.stringify({ revision: 1, purposes: [{ id: 'a' }, { id: 'a' }] }), 's');
  assert.match(c.error().error, /purposes\[1\]\.id: duplicate "a"/);
  assert.deepEqual(c.error().problems[0], { path: 'purposes[1].id', reason: 'duplicate "a"' });
  assert.equal(c.accepted('a', 1), false);
  assert.equal(c.track('$click', '', '/', 1), 'unavailable');
  assert.equal(c.takeBatch(2), null);
  assert.equal(c.choose('accept_all', null, 'banner', 'en', 3).error, 'core unavailable');
  c.delete();
});

test('[C01] before any choice nothing is sent and nothing is stored', () => {
  const c = core();
  assert.equal(c.needsPrompt(1), true);
  assert.equal(c.track('$pageview', '', '/', 1), 'held');
  assert.equal(c.takeBatch(2), null);
  assert.equal(c.stored(), '');
  c.delete();
});

test('[C02] the prompt offers reject all beside accept all', () => {
  const c = core();
  const model = c.promptModel('banner', ['en-US', 'en'], 1, '');
  assert.deepEqual(model.buttons.map((b) => b.action), ['accept_all', 'reject_all', 'customise']);
  assert.equal(model.language, 'en');
  c.delete();
});

test('a refused purpose never forwards an event, even after reload', () => {
  const first = core();
  assert.equal(first.choose('reject_all', null, 'banner', 'en', 1000), null);
  const reloaded = core('another seed');
  assert.equal(reloaded.restore(first.stored(), 1001), null);
  assert.equal(reloaded.needsPrompt(1001), false);
  assert.equal(reloaded.track('$click', '{}', '/', 1001), 'refused');
  assert.equal(reloaded.takeBatch(1002), null);
  first.delete();
  reloaded.delete();
});

test('a damaged stored record restores as no consent, with the reason', () => {
  const c = core();
  c.choose('accept_all', null, 'banner', 'en', 1000);
  const stored = c.stored();
  const damaged = stored.slice(0, -1) + (stored.endsWith('0') ? '1' : '0');
  const reloaded = core();
  assert.equal(reloaded.restore(damaged, 1001).error, 'stored record: checksum mismatch');
  assert.equal(reloaded.accepted('analytics', 1001), false);
  assert.equal(reloaded.needsPrompt(1001), true);
  c.delete();
  reloaded.delete();
});

test('[C04] granted analytics events leave in a batch with unique ids; marketing ones do not', () => {
  const c = core();
  assert.equal(c.track('$pageview', '', '/', 1), 'held');
  assert.equal(c.choose('custom', { analytics: true }, 'preferences', 'zh-CN', 10), null);
  assert.equal(c.track('$click', '{"tag":"button"}', '/', 11), 'forwarded');
  assert.equal(c.track('newsletter_signup', '', '/', 12), 'refused');
  const taken = c.takeBatch(20);
  const batch = JSON.parse(taken.body);
  assert.equal(batch.batch_id, taken.id);
  assert.equal(batch.events.length, 2);
  assert.ok(batch.events.every((e) => e.purpose === 'analytics'));
  assert.notEqual(batch.events[0].id, batch.events[1].id);
  assert.equal(batch.consent, c.stored());
  assert.equal(c.record().language, 'zh-CN');
  c.delete();
});

test('malformed input from the page gives an error value, never an abort', () => {
  const c = core();
  assert.match(c.choose('custom', { analytics: 'yes' }, 'banner', 'en', 1).error, /choices.analytics/);
  assert.equal(c.choose('custom', { analytics: true }, 'banner', 'en').error, 'now (args[4]): must be a time in ms');
  assert.equal(c.track('$click', '{"deep":{"x":1}}', '/', 2), 'bad_props');
  assert.match(c.restore('\u0000\uffff'.repeat(3000), 3).error, /stored record/);
  assert.match(c.nonsense().error, /method: unknown "nonsense"/);
  assert.equal(c.needsPrompt(3), true);
  c.delete();
});

test('[C05] withdrawing is one call, recorded, and stops the purpose at once', () => {
  const c = core();
  c.choose('accept_all', null, 'banner', 'en', 1000);
  c.track('$click', '', '/', 1001);
  assert.equal(c.withdraw('analytics', 'api', 1002), null);
  assert.equal(c.accepted('analytics', 1002), false);
  assert.equal(c.takeBatch(1003), null);
  assert.equal(c.record().method, 'withdraw');
  assert.match(c.withdraw('necessary', 'api', 1004).error, /required/);
  c.delete();
});

test('[C13] [C14] the export lists every decision; erasure forgets them', () => {
  const c = core();
  c.choose('accept_all', null, 'banner', 'en', 1000);
  c.choose('reject_all', null, 'preferences', 'en', 2000);
  const exported = c.exportRecords();
  assert.deepEqual(exported.records.map((r) => r.method), ['accept_all', 'reject_all']);
  assert.equal(exported.siteId, 'assent-demo');
  assert.deepEqual(c.erase(Date.now()), { cookies: ['_demo_an', '_demo_an_*'], storageKeys: ['demo-analytics:*'] });
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
  const c = open(JSON.stringify(withExtras), 'seed');
  assert.equal(c.error(), null);
  c.setGpc(true, 1000);
  assert.equal(c.record().method, 'gpc');
  assert.equal(c.accepted('ads', 1000), false);
  assert.deepEqual(c.answerPermission('geolocation', 'platform', 'granted', 'prompt', 'zh-CN', 1000), {
    recorded: true,
    method: 'platform',
    state: 'granted',
    next: 'use',
  });
  assert.equal(c.record().language, 'zh-CN');
  assert.equal(c.permissionState('geolocation', 1000 + 29 * 86400000), 'granted');
  assert.equal(c.permissionState('geolocation', 1000 + 30 * 86400000), 'unset');
  const prompt = c.promptModel('permission', ['zh-CN'], 1000, 'geolocation');
  assert.equal(prompt.kind, 'permission');
  assert.equal(prompt.state, 'granted');
  c.delete();
});

test('[C02] [C16] a permission model crosses the wire with each view\'s note and buttons, in the config\'s words', () => {
  const own = JSON.parse(config);
  Object.assign(own.texts.en.permissions.geolocation, { retry: 'I changed it, try again', later: 'Maybe later' });
  const c = open(JSON.stringify(own), 'seed');
  assert.equal(c.error(), null);
  const words = own.texts.en.permissions.geolocation;
  const model = c.promptModel('permission', ['en'], 1000, 'geolocation');
  const buttons = (view) => model.views[view].buttons.map((b) => [b.action, b.label, b.level]);
  const question = [['allow', words.allow, 'primary'], ['deny', words.deny, 'primary'], ['later', 'Maybe later', 'secondary']];
  const goOn = [['retry', 'I changed it, try again', 'primary'], ['later', 'Maybe later', 'primary']];
  assert.deepEqual(Object.keys(model.views), ['ask', 'settings', 'blocked', 'failed']);
  assert.deepEqual([buttons('ask'), buttons('settings'), buttons('blocked'), buttons('failed')], [question, question, goOn, goOn]);
  assert.deepEqual(
    Object.values(model.views).map((v) => v.note),
    [words.next, words.blocked, words.blocked, 'That did not work this time.'],
  );
  assert.equal(model.buttons, undefined, 'no buttons outside a view for a shell to pick from');
  c.delete();
});

test('[C16] the module keeps the ledger true to the platform: a grant revoked there is one refusal, method platform', () => {
  const c = core();
  const nothing = { recorded: false, method: null };
  assert.deepEqual(c.wantPermission('geolocation', 'prompt', 'en', 1000), { ...nothing, state: 'unset', next: 'ask' });
  assert.deepEqual(c.answerPermission('geolocation', 'pre_prompt', 'granted', 'prompt', 'en', 1001), {
    ...nothing,
    state: 'unset',
    next: 'platform',
  });
  assert.equal(c.answerPermission('geolocation', 'platform', 'granted', 'prompt', 'en', 1002).method, 'platform');
  // Used again within the grant: nothing new (a grant is not renewed by use).
  assert.deepEqual(c.answerPermission('geolocation', 'platform', 'granted', 'granted', 'en', 1003), {
    ...nothing,
    state: 'granted',
    next: 'use',
  });
  const revoked = { recorded: true, method: 'platform', state: 'denied', next: 'settings' };
  assert.deepEqual(c.wantPermission('geolocation', 'denied', 'en', 1004), revoked);
  assert.deepEqual(c.wantPermission('geolocation', 'denied', 'en', 1005), { ...revoked, ...nothing });
  assert.equal(c.exportRecords().records.length, 2);
  // Never granted, refused on the platform: the same rule.
  const fresh = core('another-seed');
  assert.deepEqual(fresh.wantPermission('camera', 'denied', 'en', 1000), revoked);
  assert.match(fresh.answerPermission('microphone', 'platform', 'denied', '', 'en', 1000).error, /unknown capability "microphone"/);
  c.delete();
  fresh.delete();
});

test('text crosses the module as UTF-8 both ways, emoji and CJK included', () => {
  const c = core();
  c.choose('accept_all', null, 'banner', 'en', 1000);
  assert.equal(c.track('$click', JSON.stringify({ text: '购买 😀 \u0000 "q"' }), '/购物?x=😀', 1001), 'forwarded');
  const batch = JSON.parse(c.takeBatch(1002).body);
  assert.equal(batch.events[0].props.text, '购买 😀 \u0000 "q"');
  assert.equal(batch.events[0].page, '/购物?x=😀');
  c.delete();
});

test("a script's URL gets the purpose of the service whose services[].scripts pattern it matches, once the shell hands the patterns back absolute", () => {
  const c = core();
  // demo/site/assent.config.json: "scripts": ["/demo-analytics.js"] for analytics
  assert.deepEqual(c.scriptPatterns(), ['/demo-analytics.js']);
  assert.equal(c.purposeOfScript('https://shop.example/demo-analytics.js'), null, 'not handed back yet: cannot say, held');
  assert.equal(c.useScriptPatterns(['https://shop.example/demo-analytics.js']), null);
  assert.equal(c.purposeOfScript('https://shop.example/demo-analytics.js'), 'analytics');
  assert.equal(c.purposeOfScript('https://shop.example/demo-analytics.js?v=2'), '');
  assert.equal(c.purposeOfScript('https://other.example/demo-analytics.js'), '');
  c.delete();
  const dead = open(JSON.stringify({ revision: 1 }), 's');
  dead.useScriptPatterns([]);
  assert.equal(dead.purposeOfScript('https://shop.example/demo-analytics.js'), null, 'a dead core cannot say: held');
  dead.delete();
});

// The batch path copies a flush's packed text in with the platform's
// TextEncoder (encodeInto, or encode where a browser lacks it), and reads
// answers with its TextDecoder; where there are none (a mini-program
// runtime), with web/src/miniprogram/utf8.js's, which the mini-program
// shell hands the factory: the same bytes reach the core and the same text
// comes back every way, a lone surrogate included (U+FFFD, as TextEncoder
// makes it).
test('packed events cross as UTF-8 with TextEncoder, without encodeInto, or with the mini-program\'s own UTF-8, CJK, emoji, full-width digits and a lone surrogate alike', async () => {
  const text = '购买 😀 \u0000 "q" ｘ１３８１２３４５６７８ café \ud800';
  const packed = [
    `$click\x1f/购物?x=😀\x1f1001\x1ftag\x1fsbutton\x1ftext\x1fs${text}`,
    `$click\x1f/\x1f1002\x1ftext\x1fsCall 13812345678 or mail 用户@例子.广告`,
  ].join('\x1e');
  const run = (module) => {
    const bound = new module.Core(config, 'seed-for-tests');
    bound.call('choose', JSON.stringify(['accept_all', null, 'banner', 'en', 1000]));
    const tally = bound.ingest(packed, 1003);
    const body = bound.takeBatch(1004).body;
    bound.delete();
    return { tally, body };
  };
  const wasmBinary = fs.readFileSync(path.join(built, 'assent_core.wasm'));
  const { utf8 } = await import(path.join(root, 'web/src/miniprogram/utf8.js'));
  const saved = [globalThis.TextEncoder, globalThis.TextDecoder];
  let withoutEncoder;
  let withoutEncodeInto;
  try {
    globalThis.TextEncoder = globalThis.TextDecoder = undefined;
    withoutEncoder = run(await AssentCore({ wasmBinary, utf8 }));
    [globalThis.TextEncoder, globalThis.TextDecoder] = saved;
    globalThis.TextEncoder = class extends saved[0] {};
    globalThis.TextEncoder.prototype.encodeInto = undefined;
    withoutEncodeInto = run(await AssentCore({ wasmBinary }));
  } finally {
    [globalThis.TextEncoder, globalThis.TextDecoder] = saved;
  }
  const withEncoder = run(mod);
  assert.deepEqual(withEncoder.tally, { forwarded: 2, held: 0, refused: 0, dropped: 0, unknown: [] });
  assert.equal(withEncoder.body, withoutEncoder.body);
  assert.equal(withEncoder.body, withoutEncodeInto.body);
  const events = JSON.parse(withEncoder.body).events;
  assert.equal(events[0].page, '/购物?x=😀');
  assert.equal(events[0].props.text, '购买 😀 \u0000 "q" ｘ１３８****５６７８ café \ufffd');
  assert.equal(events[1].props.text, 'Call 138****5678 or mail ***@例子.广告');
});

// The core passes on bytes that are not UTF-8 when it masks a link whose
// query was percent-encoded from something else (%FF, a GBK search term):
// the mini-program's decoder must read them as TextDecoder does, one U+FFFD
// for each broken sequence, never throwing (which would kill the core for
// the session) and never swallowing the quote or brace after them (which
// would break the batch's JSON).
test('a masked link whose query is not UTF-8 reads back with the mini-program\'s UTF-8 exactly as with TextDecoder', async () => {
  const packed = `$click\x1f/\x1f1001\x1fhref\x1fs/search?kw=%CA%D6%BB%FA13812345678&x=%FF13812345678`;
  const run = (module) => {
    const bound = new module.Core(config, 'seed-for-tests');
    bound.call('choose', JSON.stringify(['accept_all', null, 'banner', 'en', 1000]));
    bound.ingest(packed, 1003);
    const body = bound.takeBatch(1004).body;
    bound.delete();
    return body;
  };
  const { utf8 } = await import(path.join(root, 'web/src/miniprogram/utf8.js'));
  const saved = [globalThis.TextEncoder, globalThis.TextDecoder];
  let withOwnUtf8;
  try {
    globalThis.TextEncoder = globalThis.TextDecoder = undefined;
    withOwnUtf8 = run(await AssentCore({ wasmBinary: fs.readFileSync(path.join(built, 'assent_core.wasm')), utf8 }));
  } finally {
    [globalThis.TextEncoder, globalThis.TextDecoder] = saved;
  }
  const withTextDecoder = run(mod);
  assert.equal(withOwnUtf8, withTextDecoder);
  const href = JSON.parse(withOwnUtf8).events[0].props.href;
  assert.ok(href.includes('\ufffd'), `the broken bytes read as U+FFFD: ${href}`);
  assert.ok(!href.includes('13812345678'), `the phone numbers are masked: ${href}`);
});

test('the mini-program\'s UTF-8 decoder reads broken sequences as TextDecoder does', async () => {
  const { utf8 } = await import(path.join(root, 'web/src/miniprogram/utf8.js'));
  const cases = {
    'a byte no sequence begins with': [0x61, 0xff, 0x62],
    'a sequence cut short by a quote': [0xe4, 0xbd, 0x22, 0x7d],
    'an overlong NUL': [0xc0, 0x80],
    'an overlong three-byte form': [0xe0, 0x80, 0x80],
    'a surrogate': [0xed, 0xa0, 0x80],
    'past U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
    'a lone continuation byte': [0x80, 0x41],
    'a four-byte sequence cut short at the end': [0xf0, 0x9f, 0x98],
    'well-formed: emoji and CJK': [0xf0, 0x9f, 0x98, 0x80, 0xe4, 0xbd, 0xa0],
  };
  for (const [what, bytes] of Object.entries(cases))
    assert.equal(utf8.decode(new Uint8Array(bytes)), new TextDecoder().decode(new Uint8Array(bytes)), what);
});

// The module's memory starts at 16 MiB; wasm/runtime.js grows it when the
// core asks (emscripten_resize_heap) and reads and writes through the grown
// memory afterwards.
test('a text larger than the memory grows it, and the core answers through the grown memory', async () => {
  const fresh = await AssentCore({ wasmBinary: fs.readFileSync(path.join(built, 'assent_core.wasm')) });
  const bound = new fresh.Core(config, 'seed-for-growth');
  const huge = JSON.stringify(['x'.repeat(24 * 1024 * 1024)]);
  const answer = JSON.parse(bound.call('keyHash', huge));
  assert.match(answer, /^[0-9a-f]{64}$/, 'the hash of a 24 MiB text');
  assert.equal(JSON.parse(bound.call('keyHash', JSON.stringify(['abc']))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  bound.delete();
});
