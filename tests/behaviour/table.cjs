// One behaviour table for both shells: what a person does to an embed's
// placeholder or through the page API, and what must follow, run by
// tests/e2e/behaviour.test.cjs against the browser shell in Chromium (an
// iframe behind the placeholder) and by tests/miniprogram/behaviour.test.cjs
// against the mini-program shell (the assent-placeholder component in
// miniprogram-simulate). Each shell's driver turns a step into its own UI or
// API call and reads the same three things back: whether the embed shows,
// the placeholder's buttons, and the record (Assent.record()).
//
// A row may name the person's language (default en). Steps: { placeholder: 'load_once' | 'allow' | 'customise' } taps that button;
// { api: 'acceptAll' | 'rejectAll' } or { api: 'withdraw', purpose } calls
// the page API. After each step, `expect` is checked:
//   shown: the embed is loaded (true) or held behind its placeholder (false)
//   buttons: the placeholder's actions, in order ([] while shown)
//   record: null, or the fields of the newest record that must match
//   preferences: the preferences are open (only checked when given)
'use strict';

// A config of its own, the same for both shells: the embed's purpose
// "media", words in English (with placeholder buttons) and in Chinese
// (without: the placeholder then offers the preferences). Nothing is tracked.
function config() {
  const purposes = {
    necessary: { name: 'Necessary', description: 'Keeps the site working.' },
    analytics: { name: 'Analytics', description: 'Counts visits.' },
    media: { name: 'Embedded media', description: 'Videos from a video host, which sets its own cookies.' },
  };
  return {
    siteId: 'behaviour.example',
    revision: 1,
    defaultLanguage: 'en',
    purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'media' }],
    texts: {
      en: {
        title: 'Privacy', body: 'We ask first.', acceptAll: 'Accept all', rejectAll: 'Reject all',
        customise: 'Customise', save: 'Save', purposes,
        placeholder: { loadOnce: 'Load once', allow: 'Always allow' },
      },
      'zh-CN': {
        title: '隐私', body: '我们先征求您的同意。', acceptAll: '全部接受', rejectAll: '全部拒绝',
        customise: '自定义', save: '保存',
        purposes: {
          necessary: { name: '必要', description: '保证网站运行。' },
          analytics: { name: '统计', description: '统计访问。' },
          media: { name: '嵌入媒体', description: '来自视频网站的视频，它会设置自己的 Cookie。' },
        },
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

// The fields of `expected` (nested objects field by field) in `actual`.
function pick(actual, expected) {
  if (!expected || typeof expected !== 'object' || !actual || typeof actual !== 'object') return actual;
  return Object.fromEntries(Object.keys(expected).map((key) => [key, pick(actual[key], expected[key])]));
}

// Checks what a shell shows after step k against the row's expectations.
function check(assert, seen, expect, k) {
  for (const key of ['shown', 'buttons', 'preferences']) {
    if (key in expect) assert.deepEqual(seen[key], expect[key], `step ${k}: ${key}`);
  }
  if (expect.record === null) assert.equal(seen.record, null, `step ${k}: nothing is recorded`);
  else if (expect.record) assert.deepEqual(pick(seen.record, expect.record), expect.record, `step ${k}: the record`);
}

module.exports = { config, ROWS, check };
