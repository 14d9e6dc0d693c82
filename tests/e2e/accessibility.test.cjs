// The prompts are usable by everyone: axe-core (injected into the real page)
// finds no serious or critical violation on the banner, the preferences
// dialog, a permission prompt, the embed placeholder and the "Privacy
// settings" button, in the light and in the dark scheme.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();


for (const colorScheme of ['light', 'dark']) {
  test(`the banner, preferences, a permission prompt, the placeholder and the launcher pass axe-core (${colorScheme})`, h.LIMIT, async () => {
    const { context, page, seen } = await e2e.openPage({ contextOptions: { colorScheme } });
    const problems = {};
    problems.banner = await h.axe(page, '.assent-banner');
    problems.placeholder = await h.axe(page, '.assent-placeholder');
    const background = await page.locator('.assent-banner').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, colorScheme === 'dark' ? 'rgb(28, 28, 30)' : 'rgb(255, 255, 255)', 'the scheme applies');

    await page.click('.assent-banner [data-assent-action="customise"]');
    problems.preferences = await h.axe(page, 'dialog.assent-dialog');
    await page.keyboard.press('Escape');

    const asked = page.evaluate(() => window.Assent.request('geolocation'));
    problems.permission = await h.axe(page, 'dialog.assent-permission');
    const dialog = page.locator('dialog.assent-permission');
    assert.equal(await dialog.getAttribute('role'), 'dialog');
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    assert.ok((await page.locator(`#${await dialog.getAttribute('aria-labelledby')}`).textContent()).length > 0);
    await page.keyboard.press('Escape');
    assert.deepEqual(await asked, { capability: 'geolocation', state: 'dismissed' });

    await page.click('.assent-banner [data-assent-action="reject_all"]');
    problems.launcher = await h.axe(page, '.assent-launcher');
    assert.deepEqual(problems, { banner: [], placeholder: [], preferences: [], permission: [], launcher: [] });
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}
