// The colour scheme: the visitor's by default (prefers-color-scheme, checked
// in accessibility.test.cjs), or the config's `theme` when a site has one
// scheme of its own; either way axe-core finds no serious or critical
// violation (contrast included). A site's light brand colours do not carry
// into the dark scheme, where they would be unreadable.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(28, 28, 30)';

const e2e = h.useCollectorAndBrowser();

const background = (page, selector) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);

function withTheme(theme) {
  const config = h.demoConfig();
  config.theme = theme;
  return config;
}

const CASES = [
  { theme: 'dark', colorScheme: 'light', bg: DARK_BG },
  { theme: 'light', colorScheme: 'dark', bg: LIGHT_BG },
];

for (const { theme, colorScheme, bg } of CASES) {
  test(`theme "${theme}" wins over the visitor's ${colorScheme} scheme in the banner, preferences, pre-prompt, placeholder and launcher, and passes axe-core`, h.LIMIT, async () => {
    const { context, page, seen } = await e2e.openPage({
      contextOptions: { colorScheme },
      before: (p) => h.serveConfig(p, withTheme(theme)),
    });
    const problems = {};
    const backgrounds = {};
    for (const [part, selector] of [['banner', '.assent-banner'], ['placeholder', '.assent-placeholder']]) {
      problems[part] = await h.axe(page, selector);
      backgrounds[part] = await background(page, selector);
    }
    await page.click('.assent-banner [data-assent-action="customise"]');
    problems.preferences = await h.axe(page, 'dialog.assent-dialog');
    backgrounds.preferences = await background(page, 'dialog.assent-dialog');
    await page.keyboard.press('Escape');

    const asked = page.evaluate(() => window.Assent.request('geolocation'));
    problems.permission = await h.axe(page, 'dialog.assent-permission');
    backgrounds.permission = await background(page, 'dialog.assent-permission');
    await page.keyboard.press('Escape');
    await asked;

    await page.click('.assent-banner [data-assent-action="reject_all"]');
    problems.launcher = await h.axe(page, '.assent-launcher');
    const parts = ['banner', 'placeholder', 'preferences', 'permission', 'launcher'];
    assert.deepEqual(problems, Object.fromEntries(parts.map((p) => [p, []])));
    assert.deepEqual(backgrounds, Object.fromEntries(parts.slice(0, 4).map((p) => [p, bg])), `the ${theme} scheme applies`);
    assert.deepEqual(h.scriptErrors(seen), []);
    await context.close();
  });
}

// WCAG's contrast ratio of two rgb() colours.
function contrast(a, b) {
  const lum = (rgb) => {
    const [r, g, bl] = rgb.match(/\d+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("in the dark scheme a site's light-scheme brand colour (brown) is not used for the switches: they keep a default readable on near-black", h.LIMIT, async () => {
  const { context, page } = await e2e.openPage({ contextOptions: { colorScheme: 'dark' } });
  // The site's brand colours; no transition, so the switch shows its end colour at once.
  await page.addStyleTag({
    content: ':root { --assent-switch-on: #8b4513; --assent-button-bg: #8b4513; } .assent-switch { transition: none !important; }',
  });
  await page.click('.assent-banner [data-assent-action="customise"]');
  const dialog = page.locator('dialog.assent-dialog');
  await dialog.waitFor({ state: 'visible' });
  const on = dialog.locator('.assent-switch:not([disabled])').first();
  await on.check();
  const colours = await page.evaluate(() => {
    const d = document.querySelector('dialog.assent-dialog');
    const s = d.querySelector('.assent-switch:checked:not([disabled])');
    return { dialog: getComputedStyle(d).backgroundColor, switchOn: getComputedStyle(s).backgroundColor };
  });
  assert.equal(colours.dialog, DARK_BG);
  assert.notEqual(colours.switchOn, 'rgb(139, 69, 19)', 'the light brand colour is not used on near-black');
  assert.ok(contrast(colours.switchOn, colours.dialog) >= 3, `switch on ${colours.switchOn} against ${colours.dialog}: at least 3:1`);
  await context.close();
});
