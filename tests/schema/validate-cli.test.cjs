// assent-validate, the command a site's CI runs on its config: every config
// of the project passes, and a broken one fails with the core's own messages
// and the documented exit status.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'build/native/tools/validate/assent-validate');
const DEMO = path.join(ROOT, 'demo/site/assent.config.json');

function run(args, input) {
  const out = spawnSync(CLI, args, { cwd: ROOT, input, encoding: 'utf8' });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

// A copy of the demo config with `edit` applied, in a scratch file.
function edited(edit) {
  const config = JSON.parse(fs.readFileSync(DEMO, 'utf8'));
  edit(config);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'assent-validate-')), 'assent.config.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

test('the project\'s own configs are valid', () => {
  const configs = ['demo/site/assent.config.json', 'demo/ads/site/assent.config.json', 'demo/miniprogram/assent.config.json', 'tests/e2e/fixtures/tracker.config.json'];
  const out = run(configs);
  assert.equal(out.status, 0, out.stdout + out.stderr);
  assert.equal(out.stdout, configs.map((c) => `${c}: ok\n`).join(''));
});

// The config the root README's getting-started gives a newcomer to copy.
function readmeConfig() {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Getting started')));
  assert.ok(block, 'the README has a json block under "Getting started"');
  return block[1];
}

test("the README's getting-started config is valid, without a single warning", () => {
  assert.deepEqual(run(['--strict', '-'], readmeConfig()), { status: 0, stdout: '-: ok\n', stderr: '' });
});

test('a broken config fails with each problem at its path, and one mistake is one error', () => {
  const file = edited((c) => {
    c.purposes[1].id = 'Analytics';
    c.revision = -1;
  });
  const out = run([file]);
  assert.equal(out.status, 1);
  assert.equal(
    out.stdout,
    `${file}: error: revision: must be between 0 and 4611686018427387903\n` +
      `${file}: error: purposes[1].id: "Analytics" must be 1-32 of a-z, 0-9, _ and -\n`,
  );
});

test('text that is not JSON is named by line and column, from a file or standard input', () => {
  const out = run(['-'], '{\n  "revision": 1,,\n}');
  assert.equal(out.status, 1);
  assert.equal(out.stdout, '-: error: config: is not valid JSON: line 2, column 17, unexpected "," in:   "revision": 1,,\n');
});

test('an unknown key is a warning that names the likely key; --strict makes it fail', () => {
  const file = edited((c) => {
    c.purposes[1].expireAfterDays = 30;
  });
  const expected = `${file}: warning: purposes[1].expireAfterDays: unknown key, ignored; did you mean "expiresAfterDays"?\n`;
  assert.deepEqual(run([file]), { status: 0, stdout: expected, stderr: '' });
  assert.deepEqual(run(['--strict', file]), { status: 1, stdout: expected, stderr: '' });
});

test('a file that cannot be read, or no file at all, is exit status 2 with a reason', () => {
  const missing = run(['no/such/config.json']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'no/such/config.json: cannot be read\n');
  const none = run([]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^usage: assent-validate/);
  assert.equal(run(['--frobnicate', DEMO]).status, 2);
});
