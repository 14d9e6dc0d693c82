// The ES module build and its hand-written types: assent.mjs exports the same
// API as window.Assent without setting it, every member the types declare
// exists at run time (and nothing undeclared), and a site's TypeScript usage
// compiles under --strict, while misuse is refused.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const ts = require('typescript');
const h = require('./harness.cjs');

const TYPES = path.join(h.ROOT, 'build/web/assent.d.ts');
const TSC = path.join(h.ROOT, 'web/node_modules/.bin/tsc');

// The member names of the AssentApi interface in the .d.ts.
function declaredMembers() {
  const source = ts.createSourceFile(TYPES, require('node:fs').readFileSync(TYPES, 'utf8'), ts.ScriptTarget.Latest);
  const api = source.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'AssentApi');
  assert.ok(api, 'the types declare AssentApi');
  return api.members.map((m) => m.name.text).sort();
}

const e2e = h.useCollectorAndBrowser();

test('the ES module exports the same API as window.Assent, sets no global, and matches the types', h.LIMIT, async () => {
  const declared = declaredMembers();
  const { context, page, seen } = await e2e.openPage('fixtures/ui/module.html', {
    before: (p) => h.serveFixtures(p),
    waitReady: false,
  });
  await h.waitFor(() => page.evaluate(() => Boolean(window.__esm)), { what: 'the module to load' });
  assert.deepEqual(await page.evaluate(() => window.__esm.api.ready), { ok: true });
  assert.equal(await page.evaluate(() => 'Assent' in window), false, 'no window.Assent from the module');
  assert.deepEqual(await page.evaluate(() => [window.__esm.sameAsNamed, window.__esm.frozen]), [true, true]);
  assert.deepEqual(await page.evaluate(() => Object.keys(window.__esm.api).sort()), declared, 'module members = declared');
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await page.click('.assent-banner [data-assent-action="reject_all"]');
  assert.equal(await page.evaluate(() => window.__esm.api.record().method), 'reject_all');
  assert.deepEqual(h.scriptErrors(seen), []);

  await page.goto(e2e.baseUrl);
  assert.deepEqual(await page.evaluate(() => window.Assent.ready), { ok: true });
  assert.deepEqual(await page.evaluate(() => Object.keys(window.Assent).sort()), declared, 'script-tag members = declared');
  await context.close();
});

test('a site\'s TypeScript compiles against assent.d.ts under --strict, and misuse does not', h.LIMIT, () => {
  const usage = path.join(__dirname, 'fixtures/ui/usage.ts');
  const args = ['--noEmit', '--strict', '--target', 'es2020', '--module', 'esnext', '--moduleResolution', 'bundler',
    '--lib', 'es2020,dom', usage];
  try {
    execFileSync(TSC, args, { cwd: h.ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc refused the usage file:\n${error.stdout}${error.stderr}`);
  }
});
