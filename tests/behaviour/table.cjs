// One behaviour table for both shells: what a person does to an embed's
// placeholder or through the page API, and what must follow, run by
// tests/e2e/behaviour.test.cjs against the browser shell in Chromium (an
// iframe behind the placeholder) and by tests/miniprogram/behaviour.test.cjs
// against the mini-program shell (the assent-placeholder component in
// miniprogram-simulate). Each shell's driver turns a step into its own UI or
// API call and reads the same three things back: whether the embed shows,
// the placeholder's buttons, and the record (Assent.record()).
//
// Placeholder and withdrawal rows (ROWS). A row may name the person's
// language (default en). Steps: { placeholder: 'load_once' | 'allow' | 'customise' } taps that button;
// { api: 'acceptAll' | 'rejectAll' } or { api: 'withdraw', purpose } calls
// the page API. After each step, `expect` is checked:
//   shown: the embed is loaded (true) or held behind its placeholder (false)
//   buttons: the placeholder's actions, in order ([] while shown)
//   record: null, or the fields of the newest record that must match
//   preferences: the preferences are open (only checked when given)
//
// Permission rows (PERMISSION_ROWS) ask for the person's location: the
// browser's geolocation, WeChat's scope.userLocation. `platform` says what
// the platform does when asked: allows, refuses, or has blocked it already
// (the browser's site settings, WeChat's authSetting). Steps: { request }
// asks (and waits until a pre-prompt shows or the request ends);
// { prePrompt: 'allow' | 'deny' } taps it. After each step:
//   prompt: the pre-prompt's step, ask | settings, or null when none shows
//   platformAsked: how often the platform was asked (the browser's
//   getCurrentPosition, WeChat's wx.authorize)
//   result: the request ended granted (true) or not (false)
//   permission: the ledger's unset | granted | denied
//   record: as above
//
// Delivery rows (DELIVERY_ROWS) send to the real collector, under
// trackingConfig() (the same config with a tracker). Steps: { api } as
// above; { track: n } tracks n "signup" events through the page API;
// { network: 'down' | 'up' }; { reload } (the page, or the mini-program
// relaunched on the same storage). After each step:
//   stored: how many "signup" events of this consent id the collector holds,
//           waited for, then checked again after two flush intervals (once)
'use strict';

// A config of its own, the same for both shells: the embed's purpose
// "media", words in English (with placeholder buttons) and in Chinese
// (without: the placeholder then offers the preferences). Nothing is tracked.
function config() {
  const purposes = {
    necessary: { name: 'Necessary', description: 'Keeps the site working.' },
    analytics: { name: 'Analytics', description: 'Counts visits.' },
    media: { name: 'Embedded media', description: 'Videos from a video host, which sets its own cookies.' },
    location: { name: 'Location', description: 'Finds the shop nearest to you.' },
  };
  const where = {
    title: 'Find the shop nearest to you?', body: 'We use your location once.', allow: 'Continue', deny: 'Not now',
    next: 'You will be asked for your location next.', blocked: 'Location is blocked: allow it in the settings.',
  };
  const zhWhere = {
    title: '查找离您最近的门店？', body: '我们只使用一次您的位置。', allow: '继续', deny: '暂不',
    next: '接下来会请求您的位置。', blocked: '位置已被阻止：请在设置中允许。',
  };
  return {
    siteId: 'behaviour.example',
    revision: 1,
    defaultLanguage: 'en',
    purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'media' }, { id: 'location', sensitive: true }],
    permissions: [
      { capability: 'geolocation', purpose: 'location', expiresAfterDays: 30 },
      { capability: 'scope.userLocation', purpose: 'location', expiresAfterDays: 30 },
    ],
    texts: {
      en: {
        title: 'Privacy', body: 'We ask first.', acceptAll: 'Accept all', rejectAll: 'Reject all',
        customise: 'Customise', save: 'Save', purposes,
        permissions: { geolocation: where, 'scope.userLocation': where },
        placeholder: { loadOnce: 'Load once', allow: 'Always allow' },
      },
      'zh-CN': {
        title: '隐私', body: '我们先征求您的同意。', acceptAll: '全部接受', rejectAll: '全部拒绝',
        customise: '自定义', save: '保存',
        purposes: {
          necessary: { name: '必要', description: '保证网站运行。' },
          analytics: { name: '统计', description: '统计访问。' },
          media: { name: '嵌入媒体', description: '来自视频网站的视频，它会设置自己的 Cookie。' },
          location: { name: '位置', description: '查找离您最近的门店。' },
        },
        permissions: { geolocation: zhWhere, 'scope.userLocation': zhWhere },
      },
    },
  };
}

const HELD = ['load_once', 'allow'];

const ROWS = [
  {
    name: 'an embed waits behind its placeholder, with the config\'s two buttons, and nothing is recorded',
    steps: [{ expect: { shown: false, buttons: HELD, record: null } }],
  },
  {
    name: '"load once" shows the embed and records nothing; the next refusal hides it again',
    steps: [
      { placeholder: 'load_once', expect: { shown: true, buttons: [], record: null } },
      { api: 'rejectAll', expect: { shown: false, buttons: HELD, record: { method: 'reject_all', purposes: { media: false } } } },
    ],
  },
  {
    name: '"load once" lasts through a decision that grants the purpose, which then keeps it shown',
    steps: [
      { placeholder: 'load_once', expect: { shown: true, record: null } },
      { api: 'acceptAll', expect: { shown: true, record: { method: 'accept_all', purposes: { media: true } } } },
    ],
  },
  {
    name: '[C06] "always allow" records that purpose alone, on the placeholder, and shows the embed',
    steps: [
      { api: 'rejectAll', expect: { shown: false, buttons: HELD } },
      {
        placeholder: 'allow',
        expect: {
          shown: true,
          buttons: [],
          record: { method: 'api', surface: 'placeholder', language: 'en', purposes: { media: true, analytics: false } },
        },
      },
    ],
  },
  {
    name: '[C05] withdrawing the purpose hides an allowed embed at once, and its placeholder is back',
    steps: [
      { placeholder: 'allow', expect: { shown: true } },
      { api: 'withdraw', purpose: 'media', expect: { shown: false, buttons: HELD, record: { method: 'withdraw', surface: 'api', purposes: { media: false } } } },
    ],
  },
  {
    name: '[C05] withdrawing everything hides an embed loaded once, too',
    steps: [
      { api: 'acceptAll', expect: { shown: true } },
      { api: 'withdraw', expect: { shown: false, buttons: HELD, record: { method: 'withdraw', purposes: { media: false, analytics: false } } } },
      { placeholder: 'load_once', expect: { shown: true, record: { method: 'withdraw' } } },
      { api: 'withdraw', purpose: 'analytics', expect: { shown: false, buttons: HELD } },
    ],
  },
  {
    name: 'a language without placeholder words offers the preferences, and records nothing',
    language: 'zh-CN',
    steps: [
      { expect: { shown: false, buttons: ['customise'], record: null } },
      { placeholder: 'customise', expect: { shown: false, record: null, preferences: true } },
    ],
  },
];

const PERMISSION_ROWS = [
  {
    name: '[C16] the reason comes first, the platform is asked only after "allow", and its grant is recorded',
    platform: 'allows',
    steps: [
      { request: true, expect: { prompt: 'ask', platformAsked: 0, permission: 'unset', record: null } },
      {
        prePrompt: 'allow',
        expect: { prompt: null, platformAsked: 1, result: true, permission: 'granted', record: { method: 'platform', surface: 'permission_prompt' } },
      },
      // Granted by both: no pre-prompt (whether the platform's API is called
      // again to use it is the platform's business, not a question).
      { request: true, expect: { prompt: null, result: true, permission: 'granted' } },
    ],
  },
  {
    name: '[C09] "not now" is recorded as a refusal, the platform is never asked, and nobody asks again',
    platform: 'allows',
    steps: [
      { request: true, expect: { prompt: 'ask', platformAsked: 0 } },
      {
        prePrompt: 'deny',
        expect: { prompt: null, platformAsked: 0, result: false, permission: 'denied', record: { method: 'custom', surface: 'permission_prompt' } },
      },
      { request: true, expect: { prompt: null, platformAsked: 0, result: false, permission: 'denied' } },
    ],
  },
  {
    name: '[C16] the platform\'s refusal is recorded as one, method platform',
    platform: 'refuses',
    steps: [
      { request: true, expect: { prompt: 'ask', platformAsked: 0 } },
      { prePrompt: 'allow', expect: { platformAsked: 1, result: false, permission: 'denied', record: { method: 'platform' } } },
    ],
  },
  {
    name: '[C16] blocked on the platform before anyone asked: one refusal is recorded and the pre-prompt shows the way to the settings',
    platform: 'blocked',
    steps: [
      { request: true, expect: { prompt: 'settings', platformAsked: 0, permission: 'denied', record: { method: 'platform', surface: 'permission_prompt' } } },
    ],
  },
];

// The table's config with a tracker: "signup" is an analytics event, sent
// every 250 ms to the collector (a shell makes collectorUrl its own).
function trackingConfig() {
  return Object.assign(config(), {
    tracker: { collectorUrl: '/v1/events', events: { signup: 'analytics' }, flushIntervalMs: 250, excludeBots: false },
  });
}

const DELIVERY_ROWS = [
  {
    name: 'events tracked after accept all reach the collector, each exactly once',
    steps: [{ api: 'acceptAll' }, { track: 5, expect: { stored: 5 } }],
  },
  {
    name: 'events captured offline are kept across a reload and arrive exactly once',
    steps: [
      { api: 'acceptAll' },
      { network: 'down' },
      { track: 3, expect: { stored: 0 } },
      { reload: true },
      { network: 'up', expect: { stored: 3 } },
    ],
  },
  {
    name: '[C05] a withdrawal purges what was waiting to be sent: nothing of it arrives',
    steps: [
      { api: 'acceptAll' },
      { network: 'down' },
      { track: 3 },
      { api: 'withdraw', purpose: 'analytics' },
      { network: 'up' },
      { track: 2, expect: { stored: 0 } },
    ],
  },
  {
    name: '[C17] events captured before any choice arrive only once it grants them, and none captured under a refusal ever does',
    steps: [
      { track: 2, expect: { stored: 0 } },
      { api: 'acceptAll', expect: { stored: 2 } },
      { api: 'rejectAll' },
      { track: 4 },
      { api: 'acceptAll', expect: { stored: 2 } },
    ],
  },
];

// The fields of `expected` (nested objects field by field) in `actual`.
function pick(actual, expected) {
  if (!expected || typeof expected !== 'object' || !actual || typeof actual !== 'object') return actual;
  return Object.fromEntries(Object.keys(expected).map((key) => [key, pick(actual[key], expected[key])]));
}

// Checks what a shell shows after step k against the row's expectations.
function check(assert, seen, expect, k) {
  for (const key of ['shown', 'buttons', 'preferences', 'prompt', 'platformAsked', 'result', 'permission', 'stored']) {
    if (key in expect) assert.deepEqual(seen[key], expect[key], `step ${k}: ${key}`);
  }
  if (expect.record === null) assert.equal(seen.record, null, `step ${k}: nothing is recorded`);
  else if (expect.record) assert.deepEqual(pick(seen.record, expect.record), expect.record, `step ${k}: the record`);
}

module.exports = { config, trackingConfig, ROWS, PERMISSION_ROWS, DELIVERY_ROWS, check };
