// On a touch screen (coarse pointer, 375x667) every button, link, switch
// and input of the banner (each layout), the preferences dialog (its × and
// switches too) and the permission pre-prompt is a 44x44 px target
// (WCAG 2.5.5): its own bounding box, not a margin around it. With a mouse
// (fine pointer) the same controls keep their desktop sizes.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

const TOUCH = { viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const LAYOUTS = ['box', 'bar-bottom', 'bar-top', 'corner-left', 'corner-right'];
const TARGETS = 'button, a, [role=switch], input';

// Every target inside selector, with its size (visible ones only), as "what WxH".
const sizesIn = (page, selector) =>
  page.$$eval(`${selector} :is(${TARGETS})`, (nodes) =>
    nodes
      .filter((n) => n.getClientRects().length > 0)
      .map((n) => {
        const box = n.getBoundingClientRect();
        const what = n.getAttribute('data-assent-action') || n.getAttribute('data-assent-purpose') || n.getAttribute('data-assent-my-data') || n.className || n.tagName;
        return { what: `${n.getAttribute('role') || n.tagName.toLowerCase()} ${what}`, width: box.width, height: box.height };
      }),
  );

const small = (sizes) => sizes.filter((s) => s.width < 44 || s.height < 44).map((s) => `${s.what} ${s.width}x${s.height}`);

async function openWithLayout(layout, contextOptions) {
  const config = h.demoConfig();
  config.layout = layout;
  const opened = await e2e.openPage({ contextOptions, before: (p) => h.serveConfig(p, config) });
  await opened.page.locator('.assent-banner').waitFor({ state: 'visible' });
  return opened;
}

for (const layout of LAYOUTS) {
  test(`on a touch screen every control of the "${layout}" banner and of the preferences is at least 44x44 px`, h.LIMIT, async () => {
    const { context, page } = await openWithLayout(layout, TOUCH);
    assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true, 'a coarse pointer');
    const banner = await sizesIn(page, '.assent-banner');
    assert.ok(banner.some((s) => /^a /.test(s.what)), 'the banner has its link to measure');
    assert.deepEqual(small(banner), [], 'banner');

    await page.click('.assent-banner [data-assent-action="customise"]');
    await page.locator('dialog.assent-dialog').waitFor({ state: 'visible' });
    // The own-data controls come with a chunk of their own, after the dialog.
    await page.locator('dialog.assent-dialog [data-assent-my-data="erase"]').waitFor({ state: 'visible' });
    const dialog = await sizesIn(page, 'dialog.assent-dialog');
    assert.ok(dialog.some((s) => /switch/.test(s.what)), 'the dialog has switches to measure');
    assert.ok(dialog.some((s) => s.what === 'button erase'), 'and the own-data controls');
    assert.ok(dialog.some((s) => /close/.test(s.what)), 'and its ×');
    assert.deepEqual(small(dialog), [], 'preferences');
    await context.close();
  });
}

test('on a touch screen every control of the permission pre-prompt is at least 44x44 px', h.LIMIT, async () => {
  const { context, page } = await e2e.openPage({ contextOptions: TOUCH });
  const asked = page.evaluate(() => window.Assent.request('geolocation'));
  await page.locator('dialog.assent-permission').waitFor({ state: 'visible' });
  const sizes = await sizesIn(page, 'dialog.assent-permission');
  assert.ok(sizes.length >= 2, 'its buttons');
  assert.deepEqual(small(sizes), []);
  await page.keyboard.press('Escape');
  await asked;
  await context.close();
});

// The desktop sizes the fine-pointer layout had before the touch rules
// (measured on main at 1280x800): they must not move.
test('with a mouse (fine pointer) the banner\'s link and the preferences\' switches keep their desktop sizes', h.LIMIT, async () => {
  const { context, page } = await openWithLayout('box', DESKTOP);
  assert.equal(await page.evaluate(() => matchMedia('(pointer: fine)').matches), true, 'a fine pointer');
  const link = await page.locator('.assent-banner a').first().boundingBox();
  assert.ok(link.height < 30, `the link stays a line of text: ${JSON.stringify(link)}`);
  await page.click('.assent-banner [data-assent-action="customise"]');
  const sw = await page.locator('dialog.assent-dialog input[role=switch]').first().boundingBox();
  assert.deepEqual([sw.width, sw.height], [40, 24]);
  const close = await page.locator('dialog.assent-dialog .assent-close').boundingBox();
  assert.deepEqual([close.width, close.height], [44, 44]);
  await context.close();
});
