// Shared by the mini-program tests: the built package (demo/miniprogram with
// the files web/build-miniprogram.mjs put in assent/), run inside a Node vm
// context shaped like the platform (no eval, no Function constructor, no
// window/document, no WebAssembly global: only WXWebAssembly and wx from
// wx-fake.cjs), with the real Assent server behind the allow-listed origin.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { createPlatform } = require('./wx-fake.cjs');

const ROOT = path.resolve(__dirname, '../..');
const support = require('../support/collector.cjs');

const { COLLECTOR } = support;
const DEMO = path.join(ROOT, 'demo/miniprogram');
const BUILT = path.join(ROOT, 'build/miniprogram');
const DEMO_CONFIG = path.join(DEMO, 'assent.config.json');
// The HTTPS origin the tests' mini-program is allowed to reach (its "request
// legal domain"); the fake platform routes it to the local collector.
const ORIGIN = 'https://collector.assent.test';
const FLUSH_MS = 250;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function requireBuilt({ collector = true } = {}) {
  const needed = [
    path.join(BUILT, 'assent.js'),
    path.join(BUILT, 'assent.wasm.br'),
    path.join(BUILT, 'assent-consent/index.js'),
    path.join(DEMO, 'assent/assent.js'),
    path.join(DEMO, 'assent/config.js'),
    ...(collector ? [COLLECTOR] : []),
  ];
  const missing = needed.filter((file) => !fs.existsSync(file));
  if (missing.length) {
    throw new Error(
      `not built: ${missing.map((f) => path.relative(ROOT, f)).join(', ')} (build the WASM core, ` +
        '`npm --prefix web run build:miniprogram` and the native collector first)',
    );
  }
}

// The demo's config as the tests' mini-program uses it: the same purposes,
// events, permissions and texts, sending to the allow-listed origin.
function testConfig(overrides = {}) {
  const config = JSON.parse(fs.readFileSync(DEMO_CONFIG, 'utf8'));
  config.tracker.collectorUrl = `${ORIGIN}/v1/events`;
  config.tracker.flushIntervalMs = FLUSH_MS;
  return Object.assign(config, overrides);
}

// A copy of the demo package whose assent/config.js carries `config`; the
// collector is given the very same config to re-check events with.
function preparePackage(config = testConfig()) {
  requireBuilt({ collector: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-mp-'));
  const pkg = path.join(dir, 'package');
  fs.cpSync(DEMO, pkg, { recursive: true });
  const text = JSON.stringify(config, null, 2);
  fs.writeFileSync(path.join(pkg, 'assent/config.js'), `module.exports = ${JSON.stringify(text)};\n`);
  const configFile = path.join(dir, 'assent.config.json');
  fs.writeFileSync(configFile, text);
  return { dir, pkg, configFile, config, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function startCollector(configFile) {
  requireBuilt();
  const started = await support.startCollector({
    dir: support.scratch('assent-mp-db-'),
    site: 'demo/site',
    assets: 'build/miniprogram',
    config: configFile,
  });
  return { ...started, route: { [ORIGIN]: started.baseUrl } };
}

// Values from inside the vm context have that realm's prototypes; copy them
// into this one before a deep comparison.
const plain = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const { quote, sql } = support;

function setPath(target, key, value) {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

// One run of the mini-program: App, pages and the consent component executed
// from the package inside a fresh vm context. `storage` carries over between
// runs to model a relaunch on the same phone.
function startMiniProgram({ pkg, route = {}, storage = new Map(), language = 'en', authSetting, privacyAgreed, answers, clockOffsetMs = 0 } = {}) {
  const platform = createPlatform({ packageDir: pkg, storage, route, language, authSetting, privacyAgreed, answers });
  const output = { errors: [], warnings: [], logs: [] };
  const timers = new Set();
  const track = (make, clear) => [
    (fn, ms, ...args) => {
      const t = make(
        (...a) => {
          if (make === setTimeout) timers.delete(t);
          fn(...a);
        },
        ms,
        ...args,
      );
      timers.add(t);
      return t;
    },
    (t) => {
      timers.delete(t);
      clear(t);
    },
  ];
  const [ctxSetTimeout, ctxClearTimeout] = track(setTimeout, clearTimeout);
  const [ctxSetInterval, ctxClearInterval] = track(setInterval, clearInterval);
  const text = (args) => args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');

  let appOptions = null;
  let loadingDefinition = null;
  const stack = [];
  const sandbox = {
    console: {
      log: (...a) => output.logs.push(text(a)),
      info: (...a) => output.logs.push(text(a)),
      debug: (...a) => output.logs.push(text(a)),
      warn: (...a) => output.warnings.push(text(a)),
      error: (...a) => output.errors.push(text(a)),
    },
    setTimeout: ctxSetTimeout,
    clearTimeout: ctxClearTimeout,
    setInterval: ctxSetInterval,
    clearInterval: ctxClearInterval,
    wx: platform.wx,
    WXWebAssembly: platform.WXWebAssembly,
    App: (options) => {
      appOptions = options;
    },
    Page: (options) => {
      loadingDefinition = options;
    },
    Component: (options) => {
      loadingDefinition = options;
    },
    getApp: () => appOptions,
    getCurrentPages: () => stack.slice(),
  };
  // strings: false makes eval and new Function throw inside the context, as
  // the platform forbids them; the context's own WebAssembly is removed, as
  // iOS WeChat has none.
  const context = vm.createContext(sandbox, { name: 'mini-program', codeGeneration: { strings: false, wasm: false } });
  // The phone's clock, clockOffsetMs ahead of this one; advanceClock(ms)
  // moves it on during the run.
  const clock = { offset: Number(clockOffsetMs) };
  const realNow = Date.now;
  vm.runInContext(
    `(now) => {
       delete globalThis.WebAssembly;
       Date.now = now;
     }`,
    context,
  )(() => realNow() + clock.offset);

  const modules = new Map();
  function load(file) {
    const full = path.resolve(file.endsWith('.js') ? file : `${file}.js`);
    if (!full.startsWith(path.resolve(pkg) + path.sep)) throw new Error(`require outside the package: ${file}`);
    if (modules.has(full)) return modules.get(full).exports;
    const module = { exports: {} };
    modules.set(full, module);
    const code = fs.readFileSync(full, 'utf8');
    const wrapper = new vm.Script(`(function (module, exports, require) {${code}\n})`, { filename: full });
    const fn = wrapper.runInContext(context);
    fn.call(module.exports, module, module.exports, (spec) =>
      load(spec.startsWith('/') ? path.join(pkg, spec) : path.resolve(path.dirname(full), spec)),
    );
    return module.exports;
  }
  function define(file) {
    loadingDefinition = null;
    const before = modules.size;
    load(file);
    if (modules.size === before) throw new Error(`${file} was loaded already`);
    const definition = loadingDefinition;
    loadingDefinition = null;
    return definition;
  }

  const assent = () => load(path.join(pkg, 'assent/assent.js'));
  const pageDefinitions = new Map();

  function instance(definition, extra) {
    const self = Object.assign({}, extra, { data: JSON.parse(JSON.stringify(definition.data || {})) });
    self.setData = (patch) => {
      for (const [key, value] of Object.entries(patch)) setPath(self.data, key, JSON.parse(JSON.stringify(value)));
    };
    for (const [name, value] of Object.entries(definition)) {
      if (typeof value === 'function') self[name] = value.bind(self);
    }
    for (const [name, value] of Object.entries(definition.methods || {})) self[name] = value.bind(self);
    return self;
  }

  const tapEvent = (dataset = {}, id = '') => ({
    type: 'tap',
    timeStamp: 1,
    target: { id, dataset },
    currentTarget: { id, dataset },
    detail: { x: 10, y: 10 },
  });

  let component = null;

  const run = {
    platform,
    output,
    context,
    assent,
    // app.js of the package, then App onLaunch and onShow.
    launch({ scene = 1001, path: launchPath = 'pages/index/index' } = {}) {
      define(path.join(pkg, 'app.js'));
      if (!appOptions) throw new Error('app.js did not call App()');
      appOptions.onLaunch && appOptions.onLaunch({ scene, path: launchPath, query: {} });
      appOptions.onShow && appOptions.onShow({ scene, path: launchPath, query: {} });
      return run;
    },
    ready: () => assent().ready(),
    // wx.navigateTo: the page on top is hidden, the new one loaded and shown.
    open(route) {
      if (!pageDefinitions.has(route)) pageDefinitions.set(route, define(path.join(pkg, `${route}.js`)));
      const definition = pageDefinitions.get(route);
      if (!definition) throw new Error(`${route}.js did not call Page()`);
      const top = stack[stack.length - 1];
      if (top && top.onHide) top.onHide();
      const page = instance(definition, { route });
      stack.push(page);
      if (page.onLoad) page.onLoad({});
      if (page.onShow) page.onShow();
      return page;
    },
    back() {
      const page = stack.pop();
      if (page && page.onUnload) page.onUnload();
      const top = stack[stack.length - 1];
      if (top && top.onShow) top.onShow();
    },
    hideApp() {
      const top = stack[stack.length - 1];
      if (top && top.onHide) top.onHide();
      if (appOptions.onHide) appOptions.onHide();
    },
    showApp() {
      if (appOptions.onShow) appOptions.onShow({ scene: 1089, path: '', query: {} });
      const top = stack[stack.length - 1];
      if (top && top.onShow) top.onShow();
    },
    top: () => stack[stack.length - 1],
    // A tap on an element bound to `handler` of the page on top.
    tap(handler, dataset = {}, id = '') {
      const page = stack[stack.length - 1];
      if (!page || typeof page[handler] !== 'function') throw new Error(`no handler ${handler} on the page`);
      return platform.tap(() => page[handler](tapEvent(dataset, id)));
    },
    // The <assent-consent> component of the page on top (its JS, with data
    // and setData as the framework gives them; the WXML is rendered in
    // component.test.cjs).
    consent() {
      if (component) return component;
      const definition = define(path.join(pkg, 'assent/assent-consent/index.js'));
      const self = instance({ data: definition.data, methods: definition.methods }, {});
      definition.lifetimes.attached.call(self);
      component = {
        get data() {
          return self.data;
        },
        // A tap on one of the model's buttons.
        tap(action) {
          const button = self.data.buttons.find((b) => b.action === action);
          if (!button) throw new Error(`no "${action}" button on the ${self.data.kind || 'empty'} layer`);
          if (button.agree) throw new Error(`"${action}" is the agreePrivacyAuthorization button`);
          platform.tap(() => self.onAction(tapEvent({ action })));
        },
        // A tap on WeChat's agreePrivacyAuthorization button.
        agreePrivacy() {
          const button = self.data.buttons.find((b) => b.agree);
          if (!button) throw new Error('no agreePrivacyAuthorization button shown');
          const id = 'assent-agree-privacy';
          platform.tapAgreeButton(id, () =>
            self.onAgreePrivacy({ type: 'agreeprivacyauthorization', currentTarget: { id, dataset: { action: 'allow' } }, detail: {} }),
          );
        },
        toggle(purpose, value) {
          self.onToggle({ type: 'change', currentTarget: { dataset: { purpose } }, detail: { value } });
        },
        detach() {
          definition.lifetimes.detached.call(self);
          component = null;
        },
      };
      return component;
    },
    // An <assent-placeholder purpose="…"> on the page on top (its JS, with
    // its property in data, as the framework gives it); `events` holds the
    // details of the `change` events it triggered.
    placeholder(purpose) {
      const definition = define(path.join(pkg, 'assent/assent-placeholder/index.js'));
      const events = [];
      const self = instance({ data: definition.data, methods: definition.methods }, {
        triggerEvent: (name, detail) => events.push(Object.assign({ type: name }, detail)),
      });
      self.data.purpose = purpose;
      definition.lifetimes.attached.call(self);
      return {
        events,
        get data() {
          return self.data;
        },
        tap(action) {
          if (!self.data.buttons.some((b) => b.action === action)) throw new Error(`no "${action}" button on the placeholder`);
          platform.tap(() => self.onAction(tapEvent({ action })));
        },
        detach: () => definition.lifetimes.detached.call(self),
      };
    },
    // Lets timers and the network run.
    settle: (ms = 0) => sleep(ms),
    advanceClock(ms) {
      clock.offset += ms;
    },
    stop() {
      for (const t of timers) {
        clearTimeout(t);
        clearInterval(t);
      }
      timers.clear();
      platform.dispose();
    },
  };
  return run;
}

async function waitFor(probe, { timeout = 10000, interval = 50, what = 'condition' } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

module.exports = {
  ROOT,
  DEMO,
  BUILT,
  ORIGIN,
  FLUSH_MS,
  sleep,
  requireBuilt,
  testConfig,
  preparePackage,
  startCollector,
  startMiniProgram,
  sql,
  quote,
  plain,
  waitFor,
};
