// services[].scripts patterns as web/src/bridges/script-hold.js reads them:
// which purpose, if any, a script URL belongs to. The patterns are the
// config's data (exact URL, or a prefix ending in *, relative ones resolved
// against the config's URL); whether that purpose may run is the core's
// answer, tested in tests/e2e/script-patterns.test.cjs.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadShell } = require('./load.cjs');

const { scriptRules, purposeOfScript } = loadShell('script-hold.js', 'bridges');

const CONFIG = {
  services: [
    { id: 'ga4', purpose: 'analytics', scripts: ['https://www.googletagmanager.com/gtag/js*'] },
    { id: 'pixel', purpose: 'marketing', scripts: ['https://connect.facebook.net/*'] },
    { id: 'own', purpose: 'analytics', scripts: ['/js/stats.js'] },
    { id: 'cookies-only', purpose: 'marketing', cookies: ['_x'] },
  ],
};
const rules = scriptRules(CONFIG, 'https://shop.example/assent.config.json');

const CASES = [
  // [script URL, purpose it is held for ('' : none)]
  ['https://www.googletagmanager.com/gtag/js?id=G-1', 'analytics'],
  ['https://www.googletagmanager.com/gtag/js', 'analytics'],
  ['https://www.googletagmanager.com/gtm.js?id=GTM-1', ''],
  ['https://connect.facebook.net/en_US/fbevents.js', 'marketing'],
  ['https://connect.facebook.net.evil.example/fbevents.js', ''],
  ['http://connect.facebook.net/en_US/fbevents.js', ''],
  ['https://shop.example/js/stats.js', 'analytics'],
  ['https://shop.example/js/stats.js?v=2', ''],
  ['https://other.example/js/stats.js', ''],
];

test('a script URL belongs to the purpose of the service whose pattern it equals, or starts with when the pattern ends in *', () => {
  assert.deepEqual(
    CASES.map(([url]) => [url, purposeOfScript(rules, url)]),
    CASES,
  );
});

test('a config without services[].scripts claims no script', () => {
  assert.deepEqual(scriptRules({ services: [{ id: 'a', purpose: 'analytics' }] }, 'https://shop.example/'), []);
  assert.deepEqual(scriptRules({}, 'https://shop.example/'), []);
  assert.equal(purposeOfScript([], 'https://connect.facebook.net/en_US/fbevents.js'), '');
});
