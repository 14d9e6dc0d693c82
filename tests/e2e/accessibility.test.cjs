// The prompts are usable by everyone: axe-core (injected into the real page)
// finds no serious or critical violation on the banner, the preferences
// dialog, a permission prompt, the embed placeholder and the "Privacy
// settings" button, in the light and in the dark scheme.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const AXE = require.resolve('axe-core/axe.min.js');

const e2e = h.useCollectorAndBrowser();

// Serious and critical violations inside `selector`, as "rule: target" lines.
async function axe(page, selector) {
  await page.locator(selector).first().waitFor({ state: 'visible' });
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), { resultTypes: ['violations'] });
    return {
      checked: result.passes.length + result.violations.length,
      bad: result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    };
  }, selector);
  assert.ok(found.checked > 5, `axe checked something in ${selector}`);
  return found.bad;
}

for (const colorScheme of ['light', 'dark']) {
  test(`the banner, preferences, a permission prompt, the placeholder and the launcher pass axe-core (${colorScheme})`, h.LIMIT, async () => {
    const { context, page, seen } = await e2e.openPage({ contextOptions: { colorScheme } });
    const problems = {};
    problems.banner = await axe(page, '.assent-banner');
    problems.placeholder = await axe(page, '.assent-placeholder');
    const background = await page.locator('.assent-banner').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, colorScheme === 'dark' ? 'rgb(28, 28, 30)' : 'rgb(255, 255, 255)', 'the scheme applies');

    await page.click('.assent-banner [data-assent-action="customise"]');
    problems.preferences = await axe(page, 'dialog.assent-dialog');
    await page.keyboard.press('Escape');

    const asked = page.evaluate(() => window.Assent.request('geolocation'));
    problems.permission = await axe(page, 'dialog.assent-permission');
    const dialog = page.locator('dialog.assent-permission');
    assert.equal(await dialog.getAttribute('role'), 'dialog');
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    assert.ok((await page.locator(`#${await dialog.getAttribute('aria-labelledby')}`).textContent()).length > 0);
    await page.keyboard.press('Escape');
    assert.deepEqual(await asked, { capability: 'geolocation', state: 'dismissed' });

    await page.click('.assent-banner [data-assent-action="reject_all"]');
    problems.launcher = await axe(page, '.assent-launcher');
    assert.deepEqual(problems, { banner: [], placeholder: [], preferences: [], permission: [], launcher: [] });
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}
