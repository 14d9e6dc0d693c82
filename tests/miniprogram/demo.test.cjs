// The demo project as WeChat DevTools opens it: a complete project whose
// pages exist, whose component resolves to the built one, and whose own
// config passes the core (and the collector) in both of its languages.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const read = (file) => JSON.parse(fs.readFileSync(path.join(h.DEMO, file), 'utf8'));

test('the demo is a complete DevTools project: every page and the consent component are there', () => {
  h.requireBuilt({ collector: false });
  const project = read('project.config.json');
  assert.equal(project.compileType, 'miniprogram');
  const app = read('app.json');
  for (const file of ['app.js', 'app.json', 'app.wxss']) assert.ok(fs.existsSync(path.join(h.DEMO, file)), file);
  for (const page of app.pages) {
    for (const ext of ['js', 'json', 'wxml']) assert.ok(fs.existsSync(path.join(h.DEMO, `${page}.${ext}`)), `${page}.${ext}`);
    assert.match(fs.readFileSync(path.join(h.DEMO, `${page}.wxml`), 'utf8'), /<assent-consent\s*\/>/, `${page} shows the consent component`);
  }
  const component = app.usingComponents['assent-consent'];
  for (const ext of ['js', 'json', 'wxml', 'wxss']) assert.ok(fs.existsSync(path.join(h.DEMO, `${component}.${ext}`)), `${component}.${ext}`);
  assert.ok(app.requiredPrivateInfos.includes('getLocation'), 'getLocation is declared, as WeChat requires');
  assert.ok(app.permission['scope.userLocation'].desc, 'the platform dialog has its reason too');
  const ignored = fs.readFileSync(path.join(h.DEMO, '.gitignore'), 'utf8');
  assert.match(ignored, /^\/assent\/$/m, 'the built files are not committed');
});

test('the demo config passes the core without a warning, and WeChat\'s zh_CN picks its zh-CN texts', async () => {
  // The package exactly as built, with its own config (collector http://127.0.0.1:8081).
  const mp = h.startMiniProgram({ pkg: h.DEMO, language: 'zh_CN' }).launch();
  try {
    assert.deepEqual(h.plain(await mp.ready()), { ok: true });
    assert.deepEqual(mp.output.warnings, []);
    assert.deepEqual(mp.output.errors, []);
    const ui = mp.consent();
    assert.equal(ui.data.kind, 'banner');
    assert.equal(ui.data.language, 'zh-CN');
    const config = read('assent.config.json');
    assert.equal(ui.data.title, config.texts['zh-CN'].title);
    assert.deepEqual(Object.keys(config.texts).sort(), ['en', 'zh-CN']);
  } finally {
    mp.stop();
  }
  // The collector loads the same file to re-check events; it refuses a config the core refuses.
  const collector = await h.startCollector(path.join(h.DEMO, 'assent.config.json'));
  await collector.stop();
});
