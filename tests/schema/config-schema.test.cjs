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

const validate = require('./json-schema.cjs').validator(schema);

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
