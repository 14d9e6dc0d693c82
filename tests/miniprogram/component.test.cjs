// The consent component rendered for real: its WXML, WXSS and JS loaded by
// miniprogram-simulate (the WeChat team's component test tool) on jsdom 16,
// driving the built bundle (build/miniprogram/assent.js) it requires.
// WeChat's built-in <switch> and <button> are not part of the simulator (it
// renders <button> as an HTML tag and drops open-type); in a copy of the
// built files the two tags are renamed to stand-ins with the documented
// properties (checked, disabled; open-type), so that what the component binds
// to them is visible. Nothing else of the component is changed.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness.cjs');
const { createPlatform } = require('./wx-fake.cjs');

let simulate;
let assent;
let platform;
let comp;
let copy;
const TITLE = 'Your <b>privacy</b> & "choices"';
const config = h.testConfig();
delete config.tracker.collectorUrl; // nothing to send in these tests
config.texts.en.title = TITLE;

before(async () => {
  h.requireBuilt({ collector: false });
  const { JSDOM } = require('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  for (const name of ['window', 'document', 'navigator']) global[name] = dom.window[name];
  for (const name of ['Event', 'CustomEvent', 'HTMLElement', 'Node', 'MouseEvent', 'TouchEvent']) global[name] = dom.window[name];
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-mp-component-'));
  fs.cpSync(h.BUILT, copy, { recursive: true });
  const wxml = path.join(copy, 'assent-consent/index.wxml');
  const source = fs.readFileSync(wxml, 'utf8');
  const renamed = source.replace(/<(\/?)(button|switch)\b/g, '<$1native-$2');
  assert.notEqual(renamed, source);
  fs.writeFileSync(wxml, renamed);
  // The copy is the package root: the core is /assent.wasm.br there.
  platform = createPlatform({ packageDir: copy, privacyAgreed: false });
  global.wx = platform.wx;
  global.WXWebAssembly = platform.WXWebAssembly;
  global.getCurrentPages = () => [];
  simulate = require('miniprogram-simulate');
  assent = require(path.join(copy, 'assent.js'));
  assert.deepEqual(await assent.init({ config, wasmPath: '/assent.wasm.br' }), { ok: true });

  const builtIn = (properties, template) => simulate.load({ properties, template });
  const switchId = builtIn(
    { checked: { type: Boolean, value: false }, disabled: { type: Boolean, value: false } },
    '<view class="native-switch" data-checked="{{checked}}" data-disabled="{{disabled}}"></view>',
  );
  const buttonId = builtIn(
    { openType: { type: String, value: '' } },
    '<view class="native-button" data-open-type="{{openType}}"><slot /></view>',
  );
  const id = simulate.load(path.join(copy, 'assent-consent/index'), 'assent-consent', {
    compiler: 'simulate',
    usingComponents: { 'native-switch': switchId, 'native-button': buttonId },
  });
  comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
});

after(() => {
  if (comp) comp.detach();
  if (platform) platform.dispose();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

const buttons = () =>
  comp.querySelectorAll('.assent-button').map((b) => ({
    node: b,
    action: b.dom.getAttribute('data-action'),
    className: b.dom.getAttribute('class'),
    text: b.dom.textContent.trim(),
    openType: b.querySelector('.native-button').dom.getAttribute('data-open-type'),
  }));
const button = (action) => buttons().find((b) => b.action === action);
const text = (selector) => {
  const node = comp.querySelector(selector);
  return node ? node.dom.textContent : null;
};
const tick = () => simulate.sleep(10);

test('[C02] reject all is on the banner beside accept all, with the same class, size and weight', () => {
  const all = buttons();
  assert.deepEqual(all.map((b) => b.action), ['accept_all', 'reject_all', 'customise']);
  assert.equal(button('reject_all').className, button('accept_all').className);
  assert.match(button('accept_all').className, /assent-button--primary/);
  assert.equal(button('reject_all').text, 'Reject all');
});

test('texts from the config are shown as text, never as markup', () => {
  assert.equal(text('.assent-title'), TITLE);
  assert.equal(comp.dom.querySelector('b'), null, 'no <b> element was created');
});

test('[C03] the preferences open with only the required purpose on, and it cannot be switched off', async () => {
  button('customise').node.dispatchEvent('tap');
  await tick();
  assert.equal(text('.assent-title'), config.texts.en.preferencesTitle);
  const switches = comp.querySelectorAll('.assent-switch').map((s) => ({
    purpose: s.dom.getAttribute('data-purpose'),
    checked: s.querySelector('.native-switch').dom.getAttribute('data-checked'),
    disabled: s.querySelector('.native-switch').dom.getAttribute('data-disabled'),
  }));
  assert.deepEqual(switches, [
    { purpose: 'necessary', checked: 'true', disabled: 'true' },
    { purpose: 'analytics', checked: 'false', disabled: 'false' },
    { purpose: 'marketing', checked: 'false', disabled: 'false' },
    { purpose: 'location', checked: 'false', disabled: 'false' },
  ]);
  assert.deepEqual(buttons().map((b) => b.action), ['accept_all', 'reject_all', 'save']);
  assert.equal(button('reject_all').className, button('accept_all').className);
});

test('the preferences\' × is named by the config\'s close word and goes back to the banner, deciding nothing', async () => {
  const stored = platform.wx.getStorageInfoSync().keys;
  const close = comp.querySelector('.assent-close');
  assert.ok(close, 'the preferences have a ×');
  // The simulator drops aria-* attributes when it renders: the template must
  // bind the × to the data, and the data must hold the core's word.
  const wxml = fs.readFileSync(path.join(copy, 'assent-consent/index.wxml'), 'utf8');
  assert.match(wxml, /<view [^>]*class="assent-close"[^>]*aria-label="\{\{close\}\}"/);
  assert.equal(comp.data.close, config.texts.en.close);
  close.dispatchEvent('tap');
  await tick();
  assert.equal(text('.assent-title'), TITLE, 'the banner is back');
  assert.equal(comp.querySelector('.assent-close'), undefined, 'the banner has no ×');
  assert.equal(assent.record(), null, 'nothing was decided');
  assert.deepEqual(platform.wx.getStorageInfoSync().keys, stored, 'nothing was stored');
  button('customise').node.dispatchEvent('tap'); // the preferences again, for the next test
  await tick();
});

test('[C04] each purpose is chosen on its own: saving with analytics switched on grants analytics alone', async () => {
  const analytics = comp.querySelectorAll('.assent-switch').find((s) => s.dom.getAttribute('data-purpose') === 'analytics');
  analytics.dispatchEvent('change', { detail: { value: true } });
  await tick();
  button('save').node.dispatchEvent('tap');
  await tick();
  const record = assent.record();
  assert.deepEqual(record.purposes, { analytics: true, location: false, marketing: false, necessary: true });
  assert.equal(record.method, 'custom');
  assert.equal(record.surface, 'preferences');
  assert.equal(comp.querySelector('.assent-layer'), undefined, 'nothing shown once decided');
});

test('[C16] the location pre-prompt shows the reason and what WeChat asks next, and asks nothing yet', async () => {
  platform.state.privacyAgreed = true;
  const asked = assent.requestScope('scope.userLocation');
  await h.waitFor(async () => {
    await tick();
    return comp.querySelector('.assent-layer--permission');
  }, { what: 'the pre-prompt' });
  const words = config.texts.en.permissions['scope.userLocation'];
  assert.equal(text('.assent-title'), words.title);
  assert.equal(text('.assent-body'), words.body);
  assert.equal(text('.assent-note'), words.next);
  assert.deepEqual(buttons().map((b) => [b.action, b.text]), [['allow', words.allow], ['deny', words.deny], ['later', 'Not now']]);
  assert.equal(button('deny').className, button('allow').className);
  assert.deepEqual(platform.log.calls.filter(([name]) => name === 'authorize'), []);
  button('deny').node.dispatchEvent('tap');
  assert.equal(await asked, 'denied');
  assert.equal(assent.permission('scope.userLocation'), 'denied');
});

test('[C16] the privacy guidelines are agreed only through WeChat\'s agreePrivacyAuthorization button', async () => {
  platform.state.privacyAgreed = false;
  const agreed = assent.requirePrivacy();
  await h.waitFor(async () => {
    await tick();
    return comp.querySelector('.assent-layer--permission');
  }, { what: 'the privacy pre-prompt' });
  assert.equal(text('.assent-title'), config.texts.en.permissions.privacy.title);
  const agree = button('allow');
  assert.equal(agree.openType, 'agreePrivacyAuthorization');
  assert.ok(comp.querySelector('#assent-agree-privacy'), 'the agree button carries the id that resolve() reports');
  assert.equal(button('deny').openType, '', 'disagreeing is an ordinary button');
  assert.equal(button('deny').className, agree.className);

  agree.node.dispatchEvent('tap'); // a plain tap event is not WeChat's agreement
  await tick();
  assert.equal(assent.permission('privacy'), 'unset');

  platform.state.tappedAgreeButtons.add('assent-agree-privacy');
  agree.node.dispatchEvent('agreeprivacyauthorization');
  assert.equal(await agreed, true);
  assert.equal(assent.permission('privacy'), 'granted');
  assert.equal(platform.state.privacyAgreed, true);
});
