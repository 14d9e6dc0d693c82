// docs/formats.md against the built core: its examples are regenerated from
// the inputs the page describes and must be what the page shows, byte for
// byte, and its field tables must name the fields the core writes, in order.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const built = process.env.ASSENT_WASM_DIR || path.join(root, 'build/wasm/wasm');
const AssentCore = require(path.join(built, 'assent_core.js'));
const page = fs.readFileSync(path.join(root, 'docs/formats.md'), 'utf8');
const { DecisionMethods, Surfaces } = loadWireNames();

// wire-names.js is an ES module generated from the core's wire; its two
// lists are plain JSON arrays.
function loadWireNames() {
  const text = fs.readFileSync(path.join(root, 'web/src/shell/wire-names.js'), 'utf8');
  const list = (name) => JSON.parse(new RegExp(`export const ${name} = Object\\.freeze\\((\\[[^\\]]*\\])\\)`).exec(text)[1]);
  return { DecisionMethods: list('DecisionMethods'), Surfaces: list('Surfaces') };
}

// The config the page describes in words.
const CONFIG = JSON.stringify({
  siteId: 'tea-shop',
  revision: 3,
  defaultLanguage: 'en',
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics', expiresAfterDays: 365 }, { id: 'marketing' }],
  services: [{ id: 'ga4', purpose: 'analytics', cookies: ['_ga'] }],
  texts: {
    en: {
      title: 'Privacy', body: 'We ask first.', acceptAll: 'Accept all', rejectAll: 'Reject all', customise: 'Customise', save: 'Save',
      purposes: {
        necessary: { name: 'Necessary', description: 'Always on.' },
        analytics: { name: 'Analytics', description: 'Counts visits.' },
        marketing: { name: 'Marketing', description: 'Our offers.' },
      },
    },
  },
  tracker: { collectorUrl: '/v1/events', events: { $pageview: 'analytics' }, properties: { analytics: ['path', 'title'] }, identifiers: ['analytics'] },
});
const SEED = 'docs/formats.md';
const T = Date.UTC(2026, 11, 7, 9, 0, 0);
const MINUTE = 60000;

let written;
test.before(async () => {
  const mod = await AssentCore({ wasmBinary: fs.readFileSync(path.join(built, 'assent_core.wasm')) });
  const bound = new mod.Core(CONFIG, SEED);
  const core = new Proxy({}, { get: (_, method) => (...args) => JSON.parse(bound.call(method, JSON.stringify(args))) });
  assert.equal(core.error(), null);
  // What the page says happened: accept all on the banner, a page view,
  // analytics kept and marketing refused in the preferences, a page view,
  // the batch taken at 09:04.
  assert.equal(core.choose('accept_all', null, 'banner', 'en', T), null);
  assert.equal(core.track('$pageview', JSON.stringify({ path: '/tea', title: 'Green tea' }), '/tea', T + MINUTE), 'forwarded');
  assert.equal(core.choose('custom', { analytics: true, marketing: false }, 'preferences', 'en', T + 2 * MINUTE), null);
  assert.equal(core.track('$pageview', JSON.stringify({ path: '/cups', title: 'Cups' }), '/cups', T + 3 * MINUTE), 'forwarded');
  written = { history: core.stored(), batch: JSON.parse(core.takeBatch(T + 4 * MINUTE).body) };
  bound.delete();
});

const section = (heading) => {
  const start = page.indexOf(`\n## ${heading}`);
  assert.ok(start >= 0, `docs/formats.md has "## ${heading}"`);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
};
const block = (text, lang) => {
  const found = [...text.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))];
  assert.equal(found.length, 1, `one \`\`\`${lang} block`);
  return found[0][1];
};
// The first cells of the tables of a section that start with `key` or `field`.
const tableKeys = (text, header) => {
  const rows = text.split('\n');
  const at = rows.findIndex((r) => r.startsWith(`| ${header} |`));
  const keys = [];
  for (const row of rows.slice(at + 2)) {
    if (!row.startsWith('| `')) break;
    keys.push(/^\| `([^`]+)`/.exec(row)[1]);
  }
  return keys;
};

test('the stored history on docs/formats.md is what the core writes for the decisions it describes', () => {
  assert.equal(block(section('The stored consent record'), 'text'), written.history + '\n');
});

test('the stored record\'s fields on docs/formats.md are the core\'s, in its order, with its methods and surfaces', () => {
  const text = section('The stored consent record');
  const line = block(text, '').trim().split('~');
  const record = written.history.split('\n')[1].split('~');
  assert.equal(line.length, record.length, 'as many fields as the core writes');
  assert.equal(line[0], record[0], 'the version');
  assert.deepEqual(tableKeys(text, 'field'), ['version', ...line.slice(1)], 'the table follows the line');
  const cell = (field) => text.split('\n').find((r) => r.startsWith(`| \`${field}\` |`));
  assert.deepEqual([...cell('method').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).slice(1), DecisionMethods);
  assert.deepEqual([...cell('surface').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).slice(1), Surfaces);
});

test('the batch on docs/formats.md is what the core sends for the events it describes, and its tables name every key', () => {
  const text = section('The batch');
  assert.deepEqual(JSON.parse(block(text, 'json')), written.batch);
  assert.deepEqual(tableKeys(text, 'key'), Object.keys(written.batch), 'the batch table, in the order the core writes');
  const eventTable = text.slice(text.indexOf('Each event:'));
  assert.deepEqual(tableKeys(eventTable, 'key'), Object.keys(written.batch.events[0]), 'the event table, in order');
});
