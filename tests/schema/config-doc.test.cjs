// docs/config.md is written by hand for people; these tests keep it equal to
// the config's JSON Schema (which tests/core/config_schema_test.cpp keeps
// equal to the core's reader), so the page cannot drift from what the core
// accepts: every key of the schema has a row, no row names a key the schema
// lacks, and each row's type, range, default and "required" agree with it.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'web/schema/assent.config.schema.json'), 'utf8'));
const doc = fs.readFileSync(path.join(root, 'docs/config.md'), 'utf8');

const resolve = (node) => (node && node.$ref ? schema.definitions[node.$ref.split('/').pop()] : node);

// Every key path of the schema, in the doc's spelling with "*" for a name the
// site chooses: "purposes[].id", "texts.*.purposes.*.name", "tracker.events.*".
// Each with its schema node and whether its parent object requires it.
function schemaKeys(raw = schema, at = '', out = new Map()) {
  const node = resolve(raw);
  if (!node || typeof node !== 'object') return out;
  const join = (key) => (at ? `${at}.${key}` : key);
  for (const [key, child] of Object.entries(node.properties || {})) {
    out.set(join(key), { node: resolve(child), required: (node.required || []).includes(key) });
    schemaKeys(child, join(key), out);
  }
  if (node.items) schemaKeys(node.items, `${at}[]`, out);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.set(join('*'), { node: resolve(node.additionalProperties), required: false });
    schemaKeys(node.additionalProperties, join('*'), out);
  }
  return out;
}

// The rows of the doc's key tables: a first cell that is one code span. The
// doc writes chosen names as <lang>, <purpose>, …; they compare as "*".
function docRows(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[0] || '');
    if (!key || cells.length < 5) continue;
    rows.push({ key: key[1].replace(/<[^>]+>/g, '*'), type: cells[1], byDefault: cells[2], line });
  }
  return rows;
}

const keys = schemaKeys();
const rows = docRows(doc);

test('the config schema has keys to document, and the doc has rows for them', () => {
  // Guards the walkers themselves: an empty walk would pass everything below.
  assert.ok(keys.size >= 70, `schema keys found: ${keys.size}`);
  assert.ok(rows.length >= 70, `doc rows found: ${rows.length}`);
});

test('every key of the config schema is documented in docs/config.md', () => {
  const documented = new Set(rows.map((r) => r.key));
  const missing = [...keys.keys()].filter((key) => !documented.has(key));
  assert.deepEqual(missing, [], 'keys of web/schema/assent.config.schema.json without a row in docs/config.md');
});

test('docs/config.md names no key the config schema does not have, and each key once', () => {
  const unknown = rows.filter((r) => !keys.has(r.key)).map((r) => r.key);
  assert.deepEqual(unknown, [], 'rows of docs/config.md for keys the schema does not have');
  const seen = new Set();
  const twice = rows.filter((r) => seen.has(r.key) || !seen.add(r.key)).map((r) => r.key);
  assert.deepEqual(twice, [], 'keys documented twice');
});

// What the type cell must say for a schema node.
function typeProblems(row, node) {
  const problems = [];
  const says = (text) => row.type.includes(text);
  if (node.enum) {
    if (!row.type.startsWith('one of')) problems.push('type must start "one of"');
    for (const value of node.enum) if (!says(`\`${value}\``)) problems.push(`type must list \`${value}\``);
  } else if (node.oneOf) {
    const forms = node.oneOf.map((n) => n.type).join(' or ');
    if (!row.type.startsWith(forms)) problems.push(`type must start "${forms}"`);
  } else if (!row.type.startsWith(node.type)) {
    problems.push(`type must start "${node.type}"`);
  }
  if (node.type === 'integer') {
    if (node.minimum !== undefined && node.maximum !== undefined) {
      if (!says(`${node.minimum}–${node.maximum}`)) problems.push(`range must read ${node.minimum}–${node.maximum}`);
    } else if (node.minimum !== undefined && !says(`≥ ${node.minimum}`)) {
      problems.push(`range must read ≥ ${node.minimum}`);
    }
  }
  if (node.default !== undefined && !row.byDefault.includes(`\`${JSON.stringify(node.default)}\``))
    problems.push(`default must name \`${JSON.stringify(node.default)}\``);
  return problems;
}

test('each documented key has the schema\'s type, range and default', () => {
  const wrong = [];
  for (const row of rows) {
    const known = keys.get(row.key);
    if (!known) continue; // reported above
    for (const problem of typeProblems(row, known.node)) wrong.push(`${row.key}: ${problem}`);
  }
  assert.deepEqual(wrong, []);
});

test('a key the schema requires reads *required* in docs/config.md, and an optional one does not', () => {
  const wrong = [];
  for (const row of rows) {
    const known = keys.get(row.key);
    if (!known) continue;
    // Optional keys may still be required under a condition ("*required* when
    // enabled"); only a bare *required* claims what the schema does not.
    if (known.required && !row.byDefault.startsWith('*required*')) wrong.push(`${row.key}: the schema requires it`);
    if (!known.required && row.byDefault === '*required*') wrong.push(`${row.key}: the schema does not require it`);
  }
  assert.deepEqual(wrong, []);
});
