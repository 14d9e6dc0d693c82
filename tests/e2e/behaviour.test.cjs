// The shells' one behaviour table (tests/behaviour/table.cjs) against the
// browser shell: an iframe behind the placeholder in Chromium, a fresh
// browser context for each row.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const { config, ROWS, check } = require('../behaviour/table.cjs');

const e2e = h.useCollectorAndBrowser();

// What the row's expectations look at, as this shell shows it.
function observe(page) {
  return page.evaluate(() => {
    const frame = document.getElementById('embed');
    const preferences = document.querySelector('dialog[aria-labelledby="assent-preferences-title"]');
    return {
      shown: !frame.hidden && frame.getAttribute('src') === frame.getAttribute('data-assent-src'),
      buttons: Array.from(document.querySelectorAll('.assent-placeholder [data-assent-action]'), (b) => b.getAttribute('data-assent-action')),
      record: window.Assent.record(),
      preferences: Boolean(preferences && preferences.open),
    };
  });
}

async function step(page, s) {
  if (s.placeholder) await page.click(`.assent-placeholder [data-assent-action="${s.placeholder}"]`);
  else if (s.api) await page.evaluate(([call, purpose]) => window.Assent[call](purpose), [s.api, s.purpose]);
  // The page follows a decision asynchronously (the API's promise, the
  // styled dialog): wait until it shows what the row expects, then check all.
  for (const key of ['shown', 'preferences']) {
    if (key in s.expect) {
      await h.waitFor(async () => (await observe(page))[key] === s.expect[key], { what: `${key} to be ${s.expect[key]}` });
    }
  }
}

for (const row of ROWS) {
  test(`both shells: ${row.name} (browser)`, h.LIMIT, async () => {
    const locale = row.language || 'en-US';
    const { context, page, seen } = await e2e.openPage('fixtures/ui/embed.html', {
      locale,
      before: async (p) => {
        await h.serveFixtures(p);
        await h.serveConfig(p, config());
      },
    });
    await page.locator('.assent-placeholder').waitFor({ state: 'visible' });
    for (const [k, s] of row.steps.entries()) {
      await step(page, s);
      check(assert, await observe(page), s.expect, k);
    }
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}
