// The config's JSON Schema as editors use it: every config in the project
// passes it, configs with the usual mistakes do not, and the published
// TypeScript type is the one made from it. (tests/core/config_schema_test.cpp
// checks the schema against the parser itself.)
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'web/schema/assent.config.schema.json'), 'utf8'));
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

// The draft-07 keywords the schema uses, and nothing more: the problems of a
// value, each with its JSON path.
function validate(value, node, at = '$') {
  if (node.$ref) node = schema.definitions[node.$ref.split('/').pop()];
  const problems = [];
  const fail = (why) => problems.push(`${at}: ${why}`);
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (node.type && !(node.type === kind || (node.type === 'number' && kind === 'integer'))) return [`${at}: must be ${node.type}`];
  if (node.enum && !node.enum.includes(value)) fail(`must be one of ${node.enum.join(', ')}`);
  if (node.const !== undefined && value !== node.const) fail(`must be ${node.const}`);
  if (node.not && validate(value, node.not, at).length === 0) fail('is not allowed');
  if (node.oneOf && node.oneOf.filter((n) => validate(value, n, at).length === 0).length !== 1) fail('must match exactly one form');
  if (typeof value === 'string') {
    if (node.pattern && !new RegExp(node.pattern, 'u').test(value)) fail(`must match ${node.pattern}`);
    if (node.minLength !== undefined && value.length < node.minLength) fail('is too short');
  }
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < node.minimum) fail(`must be at least ${node.minimum}`);
    if (node.maximum !== undefined && value > node.maximum) fail(`must be at most ${node.maximum}`);
  }
  if (kind === 'array') {
    if (node.minItems !== undefined && value.length < node.minItems) fail(`needs ${node.minItems} items`);
    if (node.items) value.forEach((item, i) => problems.push(...validate(item, node.items, `${at}[${i}]`)));
  }
  if (kind === 'object') {
    const keys = Object.keys(value);
    if (node.minProperties !== undefined && keys.length < node.minProperties) fail(`needs ${node.minProperties} entries`);
    for (const key of node.required || []) if (!(key in value)) fail(`${key} is missing`);
    for (const key of keys) {
      const where = `${at}.${key}`;
      if (node.propertyNames) problems.push(...validate(key, node.propertyNames, `${where} (name)`));
      if (node.properties && key in node.properties) problems.push(...validate(value[key], node.properties[key], where));
      else if (node.additionalProperties === false) problems.push(`${where}: unknown key`);
      else if (typeof node.additionalProperties === 'object') problems.push(...validate(value[key], node.additionalProperties, where));
    }
  }
  return problems;
}

const projectConfigs = ['demo/site/assent.config.json', 'demo/miniprogram/assent.config.json', 'tests/e2e/fixtures/tracker.config.json'];

test('every config in the project passes the schema', () => {
  for (const file of projectConfigs) assert.deepEqual(validate(readJson(file), schema), [], file);
});

test('the usual mistakes in a config are caught by the schema, each at its path', () => {
  const broken = (edit) => {
    const config = readJson('demo/site/assent.config.json');
    edit(config);
    return validate(config, schema);
  };
  assert.deepEqual(broken((c) => (c.purposes[1].id = 'Analytics!')), ['$.purposes[1].id: must match ^[a-z0-9_-]{1,32}$']);
  assert.deepEqual(broken((c) => (c.purposes[1].expiresAfterDay = 30)), ['$.purposes[1].expiresAfterDay: unknown key']);
  assert.deepEqual(broken((c) => (c.tracker.batchMaxEvents = 5000)), ['$.tracker.batchMaxEvents: must be at most 1000']);
  assert.deepEqual(broken((c) => (c.purposes[1].legalBasis = 'interest')), [
    '$.purposes[1].legalBasis: must be one of consent, legitimate_interest, necessary',
  ]);
  assert.deepEqual(broken((c) => delete c.texts.en.rejectAll), ['$.texts.en: rejectAll is missing']);
  assert.deepEqual(broken((c) => (c.texts.en.links[0].url = 'javascript:alert(1)')), [
    '$.texts.en.links[0].url: must match ^(https?://.+|/([^/].*)?)$',
  ]);
  assert.deepEqual(broken((c) => (c.consentMode.signals.ads_storage = 'marketing')), [
    '$.consentMode.signals.ads_storage (name): must be one of ' + schema.properties.consentMode.properties.signals.propertyNames.enum.join(', '),
  ]);
  assert.deepEqual(broken((c) => (c.services[0].cookies = ['*'])), ['$.services[0].cookies[0]: is not allowed']);
  assert.deepEqual(broken((c) => (c.revision = '2')), ['$.revision: must be integer']);
});

test('the published config type is the one made from the schema, and a typed config compiles', async () => {
  const { configTypes, TYPES_FILE } = await import(path.join(root, 'web/schema/config-types.mjs'));
  assert.equal(fs.readFileSync(TYPES_FILE, 'utf8'), configTypes(), 'regenerate: node web/schema/config-types.mjs --write');
  const usage = path.join(require('node:os').tmpdir(), `assent-config-usage-${process.pid}.ts`);
  const config = readJson('demo/site/assent.config.json');
  fs.writeFileSync(
    usage,
    `import type { AssentConfig } from ${JSON.stringify(TYPES_FILE.replace(/\.d\.ts$/, ''))};\n` +
      `export const config: AssentConfig = ${JSON.stringify(config)};\n` +
      `// @ts-expect-error a purpose needs an id\nexport const broken: AssentConfig = { ...config, purposes: [{}] };\n`,
  );
  try {
    execFileSync(path.join(root, 'web/node_modules/.bin/tsc'), ['--noEmit', '--strict', usage], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc refused a config typed as AssentConfig:\n${error.stdout}${error.stderr}`);
  } finally {
    fs.rmSync(usage, { force: true });
  }
});
