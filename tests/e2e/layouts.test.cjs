// [C02] Every banner layout a config can choose ("layout": box, bar-bottom,
// bar-top, corner-left, corner-right) sits where it says, at a desktop and
// a 375-px-wide mobile viewport, passes axe, keeps accept all and reject
// all the same size, and works with the keyboard alone. Screenshots of each
// (light and dark, desktop and mobile) go to ASSENT_LAYOUT_SHOTS when set.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = process.env.ASSENT_LAYOUT_SHOTS || '';
const e2e = h.useCollectorAndBrowser();

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 375, height: 667 } };
const GAP = 16; // --assent-gap's default

// Where each layout must put the banner, from its box in a viewport.
const PLACED = {
  box: (b, vp) => ({
    centred: Math.abs(b.x + b.width / 2 - vp.width / 2) <= 1,
    'off the bottom by the gap': Math.abs(vp.height - (b.y + b.height) - GAP) <= 1,
    'narrower than the page': b.width < vp.width,
  }),
  'bar-bottom': (b, vp) => ({
    'full width': b.x === 0 && b.width === vp.width,
    'on the bottom edge': Math.abs(b.y + b.height - vp.height) <= 1,
  }),
  'bar-top': (b, vp) => ({
    'full width': b.x === 0 && b.width === vp.width,
    'on the top edge': b.y === 0,
  }),
  'corner-left': (b, vp) => ({
    'left by the gap': Math.abs(b.x - GAP) <= 1,
    'off the bottom by the gap': Math.abs(vp.height - (b.y + b.height) - GAP) <= 1,
    'a box, not a bar, on a desktop': vp.width < 500 || b.width <= 400,
  }),
  'corner-right': (b, vp) => ({
    'right by the gap': Math.abs(vp.width - (b.x + b.width) - GAP) <= 1,
    'off the bottom by the gap': Math.abs(vp.height - (b.y + b.height) - GAP) <= 1,
    'a box, not a bar, on a desktop': vp.width < 500 || b.width <= 400,
  }),
};

async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('.assent-banner'), { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const focusedAction = (page) => page.evaluate(() => document.activeElement.getAttribute('data-assent-action') || document.activeElement.className);

for (const layout of Object.keys(PLACED)) {
  test(`[C02] the "${layout}" layout sits where it says, passes axe and the keyboard, with equal accept and reject (desktop and mobile)`, h.LIMIT, async () => {
    const config = h.demoConfig();
    config.layout = layout;
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      for (const colorScheme of ['light', 'dark']) {
        const { context, page, seen } = await e2e.openPage({
          contextOptions: { viewport, colorScheme },
          before: (p) => h.serveConfig(p, config),
        });
        const banner = page.locator('.assent-banner');
        await banner.waitFor({ state: 'visible' });
        const where = `${layout}, ${name}, ${colorScheme}`;
        const box = await banner.boundingBox();
        const placed = PLACED[layout](box, viewport);
        assert.deepEqual(placed, Object.fromEntries(Object.keys(placed).map((k) => [k, true])), `${where}: ${JSON.stringify(box)}`);
        assert.ok(box.y >= 0 && box.y + box.height <= viewport.height + 1, `${where}: wholly in view`);
        const accept = await banner.locator('[data-assent-action="accept_all"]').boundingBox();
        const reject = await banner.locator('[data-assent-action="reject_all"]').boundingBox();
        assert.deepEqual([reject.width, reject.height], [accept.width, accept.height], `${where}: accept and reject are the same size`);
        assert.ok(accept.height >= 44, `${where}: a 44 px target`);
        if (SHOTS) {
          fs.mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SHOTS, `${layout}-${name}-${colorScheme}.png`) });
        }
        if (colorScheme === 'light') {
          assert.deepEqual(await axe(page), [], where);
          // The banner takes focus; Tab reaches reject all; Enter records it.
          assert.equal(await focusedAction(page), `assent-banner assent-layout-${layout}`, `${where}: the banner has focus`);
          let presses = 0;
          while ((await focusedAction(page)) !== 'reject_all' && presses < 10) {
            await page.keyboard.press('Tab');
            presses += 1;
          }
          assert.equal(await focusedAction(page), 'reject_all', `${where}: Tab reaches reject all`);
          await page.keyboard.press('Enter');
          assert.equal((await page.evaluate(() => window.Assent.record())).method, 'reject_all', where);
        }
        assert.deepEqual(h.scriptErrors(seen), [], where);
        await context.close();
      }
    }
  });
}
