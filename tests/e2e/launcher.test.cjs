// [C05] The floating "Privacy settings" button sits in the corner the config's
// "launcher" names (bottom-right by default), at a desktop and at a 375-px
// touch screen, is a 44x44 px target on a touch screen, passes axe and opens
// the preferences; "off" shows none while the site's own data-assent-open
// link still opens them. The default corner leaves the demo's embed
// placeholder buttons free to press even when they sit at the window's bottom,
// and a bottom corner never covers the end of a page: scrolled to the end,
// the page's last link lies above the launcher (a spacer that exists only
// while a bottom-corner launcher shows).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const AXE = require.resolve('axe-core/axe.min.js');
const e2e = h.useCollectorAndBrowser();

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  'mobile, touch': { viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true },
};
const GAP = 12; // --assent-launcher-gap's default

const CORNERS = {
  'bottom-right': (b, vp) => ({ right: Math.abs(vp.width - (b.x + b.width) - GAP) <= 1, bottom: Math.abs(vp.height - (b.y + b.height) - GAP) <= 1 }),
  'bottom-left': (b, vp) => ({ left: Math.abs(b.x - GAP) <= 1, bottom: Math.abs(vp.height - (b.y + b.height) - GAP) <= 1 }),
  'top-right': (b, vp) => ({ right: Math.abs(vp.width - (b.x + b.width) - GAP) <= 1, top: Math.abs(b.y - GAP) <= 1 }),
  'top-left': (b, vp) => ({ left: Math.abs(b.x - GAP) <= 1, top: Math.abs(b.y - GAP) <= 1 }),
};

async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('.assent-launcher'), { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

// The demo after "reject all": the banner is gone, the launcher (if any) is
// mounted and the video's placeholder stands in for its frame.
async function openDecided(launcher, contextOptions) {
  const config = h.demoConfig();
  if (launcher !== undefined) config.launcher = launcher;
  const opened = await e2e.openPage({ contextOptions, before: (p) => h.serveConfig(p, config) });
  await opened.page.evaluate(() => window.Assent.rejectAll());
  return opened;
}

for (const corner of [undefined, ...Object.keys(CORNERS)]) {
  const name = corner || 'bottom-right';
  test(`[C05] launcher ${corner ? `"${corner}"` : 'by default'} sits in the ${name} corner, a 44x44 target on touch, passes axe and opens the preferences`, h.LIMIT, async () => {
    for (const [screen, contextOptions] of Object.entries(SCREENS)) {
      const where = `${name}, ${screen}`;
      const { context, page, seen } = await openDecided(corner, contextOptions);
      const launcher = page.locator('.assent-launcher');
      await launcher.waitFor({ state: 'visible' });
      const box = await launcher.boundingBox();
      const placed = CORNERS[name](box, contextOptions.viewport);
      assert.deepEqual(placed, Object.fromEntries(Object.keys(placed).map((k) => [k, true])), `${where}: ${JSON.stringify(box)}`);
      if (contextOptions.hasTouch) assert.ok(box.width >= 44 && box.height >= 44, `${where}: a 44x44 target, got ${JSON.stringify(box)}`);
      assert.deepEqual(await axe(page), [], where);
      await launcher.click();
      await page.locator('.assent-dialog').waitFor({ state: 'visible' });
      assert.deepEqual(h.scriptErrors(seen), [], where);
      await context.close();
    }
  });
}

test('[C05] the default launcher leaves the demo\'s embed placeholder buttons pressable, even at the window\'s bottom edge', h.LIMIT, async () => {
  for (const [screen, contextOptions] of Object.entries(SCREENS)) {
    const { context, page } = await openDecided(undefined, contextOptions);
    await page.locator('.assent-launcher').waitFor({ state: 'visible' });
    const buttons = page.locator('.assent-placeholder button');
    const count = await buttons.count();
    assert.ok(count > 0, `${screen}: the demo has a placeholder`);
    for (let i = 0; i < count; i += 1) {
      // Scrolled so the button is the last thing in the window, where a
      // bottom launcher sits: the point under its centre must be the button,
      // and on a desktop no part of it may lie under the launcher (the old
      // bottom-left corner hid the left third of "Load once" with the centre
      // still free). A 375-px screen has no room beside a button as wide as
      // the page, so there its edge may meet the launcher while the page
      // scrolls it away; its centre stays pressable.
      const hit = await buttons.nth(i).evaluate((button, wide) => {
        button.scrollIntoView({ block: 'end' });
        const r = button.getBoundingClientRect();
        const l = document.querySelector('.assent-launcher').getBoundingClientRect();
        const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        const overlap = r.left < l.right && l.left < r.right && r.top < l.bottom && l.top < r.bottom;
        return { free: button.contains(at) && !(wide && overlap), at: at && at.className, r: [r.x, r.y, r.width, r.height], l: [l.x, l.y, l.width, l.height] };
      }, contextOptions.viewport.width >= 1000);
      assert.ok(hit.free, `${screen}: placeholder button ${i} is covered: ${JSON.stringify(hit)}`);
    }
    await context.close();
  }
});

test('[C05] launcher "off" shows no floating button, and the site\'s own data-assent-open link still opens the preferences', h.LIMIT, async () => {
  for (const [screen, contextOptions] of Object.entries(SCREENS)) {
    const { context, page, seen } = await openDecided('off', contextOptions);
    await page.click('#privacy-link');
    await page.locator('.assent-dialog').waitFor({ state: 'visible' });
    assert.equal(await page.locator('.assent-launcher').count(), 0, `${screen}: no launcher`);
    assert.deepEqual(h.scriptErrors(seen), [], screen);
    await context.close();
  }
});

// A page longer than any window whose very last thing is a link on the side
// of the launcher's corner, where a fixed button in that corner would sit
// on it for ever.
const longPage = (side) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A long page</title>
<script src="/assent/assent.js" data-config="/assent.config.json"></script></head>
<body><h1>A long article</h1><div style="height: 2400px"></div>
<p style="margin: 0; text-align: ${side}"><a id="last" href="#last">The last link</a></p></body></html>`;

// The long page under the demo's config with this launcher; after "reject
// all" unless decided is false (the banner is then up).
async function openLongPage(launcher, contextOptions, side, decided = true) {
  const config = h.demoConfig();
  if (launcher) config.launcher = launcher;
  const opened = await e2e.openPage('long.html', {
    contextOptions,
    before: async (page) => {
      await h.serveConfig(page, config);
      await page.route('**/long.html', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: longPage(side) }));
    },
  });
  if (decided) await opened.page.evaluate(() => window.Assent.rejectAll());
  return opened;
}

// Scrolled to the very end: what is under the last link's centre, and the
// height of every spacer Assent added.
const atTheEnd = (page) =>
  page.evaluate(async () => {
    window.scrollTo(0, document.scrollingElement.scrollHeight);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const link = document.getElementById('last').getBoundingClientRect();
    const at = document.elementFromPoint(link.x + link.width / 2, link.y + link.height / 2);
    return {
      clickable: Boolean(at && at.id === 'last'),
      at: at && (at.id || at.className),
      spacers: [...document.querySelectorAll('.assent-launcher-spacer')].map((s) => s.getBoundingClientRect().height),
    };
  });

for (const [corner, side] of [['bottom-right', 'right'], ['bottom-left', 'left']]) {
  test(`[C05] launcher "${corner}" never covers the end of a page: scrolled to the end, the last link in that corner is clickable`, h.LIMIT, async () => {
    for (const [screen, contextOptions] of Object.entries(SCREENS)) {
      const { context, page } = await openLongPage(corner === 'bottom-right' ? undefined : corner, contextOptions, side);
      await page.locator('.assent-launcher').waitFor({ state: 'visible' });
      const end = await atTheEnd(page);
      assert.ok(end.clickable, `${corner}, ${screen}: the last link is under ${end.at}`);
      assert.equal(end.spacers.length, 1, `${corner}, ${screen}: one spacer`);
      await context.close();
    }
  });
}

test('[C05] no spacer at the end of the page while the launcher is "off", in a top corner, or hidden under the banner', h.LIMIT, async () => {
  for (const [screen, contextOptions] of Object.entries(SCREENS)) {
    for (const [launcher, decided] of [['off', true], ['top-right', true], [undefined, false]]) {
      const where = `${launcher || (decided ? 'default' : 'under the banner')}, ${screen}`;
      const { context, page } = await openLongPage(launcher, contextOptions, 'right', decided);
      await page.locator(decided ? 'body' : '.assent-banner').waitFor({ state: 'visible' });
      if (launcher === 'top-right') await page.locator('.assent-launcher').waitFor({ state: 'visible' });
      // The launcher is there (hidden under the banner), or Assent has
      // started without one: the spacer's moment has come in each case.
      if (!launcher) await page.locator('.assent-launcher').waitFor({ state: 'attached' });
      if (launcher === 'off') assert.equal((await page.evaluate(() => window.Assent.ready)).ok, true, `${where}: started`);
      const end = await atTheEnd(page);
      assert.deepEqual(end.spacers.filter((height) => height > 0), [], `${where}: no spacer`);
      await context.close();
    }
  }
});
