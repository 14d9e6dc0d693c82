// Kept only for tests/bench/browser_bench.cjs, which still requires it: the
// tracker collector and a person's browser, both from harness.cjs now (the
// e2e tests use harness.cjs itself). Goes once the bench requires harness.cjs.
'use strict';

const h = require('./harness.cjs');

module.exports = {
  startCollector: (options) => h.startCollector({ site: 'tracker', ...options }),
  launchBrowser: ({ asBot = false } = {}) => h.launchBrowser({ asPerson: !asBot }),
  PERSON_AGENT: h.PERSON_AGENT,
};
