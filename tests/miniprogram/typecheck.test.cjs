// The mini-program shell (JavaScript with JSDoc, checked as TypeScript) must
// type-check against the official typings, npm miniprogram-api-typings, with
// no DOM library: a window or document in the shell is a type error.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'web/node_modules/.bin/tsc');
const PROJECT = path.join(ROOT, 'web/src/miniprogram/tsconfig.json');

test('the mini-program adapter type-checks with tsc --noEmit against miniprogram-api-typings', () => {
  assert.ok(fs.existsSync(TSC), 'web/node_modules/.bin/tsc is missing (npm --prefix web ci)');
  assert.ok(
    fs.existsSync(path.join(ROOT, 'web/node_modules/miniprogram-api-typings/index.d.ts')),
    'miniprogram-api-typings is missing (npm --prefix web ci)',
  );
  const listed = spawnSync(TSC, ['--noEmit', '-p', PROJECT, '--listFilesOnly'], { encoding: 'utf8' });
  const files = listed.stdout.split('\n').map((f) => path.relative(ROOT, f));
  for (const file of ['web/src/miniprogram/index.js', 'web/src/miniprogram/component/assent-consent/index.js', 'web/src/miniprogram/component/assent-placeholder/index.js']) {
    assert.ok(files.includes(file), `${file} is checked`);
  }
  assert.ok(files.some((f) => f.includes('miniprogram-api-typings/types/wx/lib.wx.api.d.ts')), 'against the official typings');
  assert.ok(!files.some((f) => /typescript\/lib\/lib\.dom\.d\.ts$/.test(f)), 'without the DOM library');

  const run = spawnSync(TSC, ['--noEmit', '-p', PROJECT], { encoding: 'utf8' });
  assert.equal(run.status, 0, `tsc reported:\n${run.stdout}${run.stderr}`);
});
