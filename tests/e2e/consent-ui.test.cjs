// [C02] [C05] [C12]: the prompts as a person meets them: refusing takes as
// few steps as accepting, everything works with the keyboard alone, the
// dialogs hold and give back focus, a "Privacy settings" control is on every
// page, the core picks the language, and a GPC signal reaches the core.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

const active = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      action: el.getAttribute('data-assent-action') || '',
      purpose: el.getAttribute('data-assent-purpose') || '',
      inBanner: Boolean(el.closest('.assent-banner')),
      inDialog: Boolean(el.closest('dialog.assent-dialog')),
      id: el.id,
      className: typeof el.className === 'string' ? el.className : '',
    };
  });

// Presses Tab until `wanted(focus)` holds; fails after `limit` presses.
async function tabTo(page, wanted, { limit = 12, shift = false, everyStep } = {}) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const focus = await active(page);
    if (everyStep) everyStep(focus);
    if (wanted(focus)) return i + 1;
  }
  throw new Error(`focus never reached the wanted element in ${limit} Tab presses`);
}

test('[C02] reject all takes exactly as many steps as accept all, on the first layer and from "Privacy settings"', h.LIMIT, async () => {
  const steps = {};
  for (const action of ['accept_all', 'reject_all']) {
    const { context, page } = await e2e.openPage();
    const banner = page.locator('.assent-banner');
    await banner.waitFor({ state: 'visible' });
    // First layer: the button is there, in view, and one click records it.
    const button = banner.locator(`[data-assent-action="${action}"]`);
    assert.ok(await button.isVisible());
    assert.ok(await button.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight), `${action} is in view`);
    let count = 0;
    await button.click();
    count += 1;
    const record = await page.evaluate(() => window.Assent.record());
    assert.equal(record && record.method, action);
    // Changing one's mind from any page: the launcher, then the same button.
    await page.goto(e2e.url('about.html'));
    await page.locator('.assent-launcher').waitFor({ state: 'visible' });
    let again = 0;
    await page.click('.assent-launcher');
    again += 1;
    await page.click(`dialog.assent-dialog [data-assent-action="${action}"]`);
    again += 1;
    const second = await page.evaluate(() => window.Assent.record());
    assert.equal(second.surface, 'preferences');
    assert.notEqual(second.recordId, record.recordId);
    steps[action] = [count, again];
    await context.close();
  }
  assert.deepEqual(steps.reject_all, steps.accept_all);
  assert.deepEqual(steps.reject_all, [1, 2]);
});

test('[C02] reject all, and a custom choice, can be made with the keyboard alone', h.LIMIT, async () => {
  // Reject all: the banner has focus at once; Tab reaches the button, Enter records it.
  {
    const { context, page } = await e2e.openPage();
    await page.locator('.assent-banner').waitFor({ state: 'visible' });
    assert.match((await active(page)).className, /^assent-banner\b/, 'the banner takes focus when shown');
    await tabTo(page, (f) => f.action === 'reject_all', { everyStep: (f) => assert.ok(f.inBanner, 'Tab stays in the banner') });
    await page.keyboard.press('Enter');
    const record = await page.evaluate(() => window.Assent.record());
    assert.equal(record.method, 'reject_all');
    assert.equal(record.surface, 'banner');
    await context.close();
  }
  // A custom choice: customise, switch analytics on with Space, save.
  {
    const { context, page } = await e2e.openPage();
    await page.locator('.assent-banner').waitFor({ state: 'visible' });
    await tabTo(page, (f) => f.action === 'customise');
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.assent-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.ok((await active(page)).inDialog, 'focus moved into the preferences');
    await tabTo(page, (f) => f.purpose === 'analytics', { everyStep: (f) => assert.ok(f.inDialog) });
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.action === 'save', { everyStep: (f) => assert.ok(f.inDialog) });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const record = await page.evaluate(() => window.Assent.record());
    assert.equal(record.method, 'custom');
    assert.equal(record.surface, 'preferences');
    assert.deepEqual(record.purposes, { analytics: true, marketing: false, media: false, necessary: true });
    await context.close();
  }
});

test('[C05] the preferences dialog traps focus, closes on Escape without deciding, and gives focus back', h.LIMIT, async () => {
  const { context, page } = await e2e.openPage();
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  const record = await page.evaluate(() => window.Assent.record());
  for (const opener of ['#privacy-link', '.assent-launcher']) {
    await page.focus(opener);
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.assent-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.getAttribute('role'), 'dialog');
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    const title = await page.locator(`#${await dialog.getAttribute('aria-labelledby')}`).textContent();
    assert.equal(title, 'Privacy settings');
    // Round trips both ways: focus never leaves the dialog.
    const seen = new Set();
    for (let i = 0; i < 14; i += 1) {
      await page.keyboard.press('Tab');
      const f = await active(page);
      assert.ok(f.inDialog, `Tab ${i + 1} stays in the dialog`);
      seen.add(f.action || f.purpose);
    }
    for (let i = 0; i < 14; i += 1) {
      await page.keyboard.press('Shift+Tab');
      assert.ok((await active(page)).inDialog, `Shift+Tab ${i + 1} stays in the dialog`);
    }
    assert.ok(seen.has('reject_all') && seen.has('accept_all') && seen.has('save') && seen.has('analytics'), [...seen].join());
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const back = await active(page);
    // The launcher also carries its corner's class: compare the first one.
    assert.equal(back.id || back.className.split(' ')[0], opener.replace(/^[#.]/, ''), `focus is back on ${opener}`);
    assert.equal((await page.evaluate(() => window.Assent.record())).recordId, record.recordId, 'Escape decided nothing');
  }
  await context.close();
});

test('[C05] a "Privacy settings" button is on every page once the banner is gone, and withdrawing there is one click', h.LIMIT, async () => {
  const { context, page, seen } = await e2e.openPage();
  const launcher = page.locator('.assent-launcher');
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  assert.ok(await launcher.isHidden(), 'hidden while the banner is shown');
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  await launcher.waitFor({ state: 'visible' });
  assert.equal(await launcher.textContent(), 'Privacy settings');
  assert.equal(await launcher.getAttribute('data-assent-ignore'), '', 'its clicks are not tracked');
  for (const pathname of ['/about.html', '/']) {
    await page.goto(e2e.url(pathname.slice(1)));
    await launcher.waitFor({ state: 'visible' });
  }
  await launcher.click();
  await page.click('dialog.assent-dialog [data-assent-action="reject_all"]');
  const record = await page.evaluate(() => window.Assent.record());
  assert.deepEqual(record.purposes, { analytics: false, marketing: false, media: false, necessary: true });
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), false);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});

test('the core picks the prompt language from the browser first, then <html lang>, then the config default', h.LIMIT, async () => {
  // (The core tries each tag in the person's order through RFC 4647 lookup
  // before the next, so an "en-US" browser on a zh-CN page gets en: decided
  // in the core, see chooseLanguage in core/include/assent/prompt.hpp.)
  const cases = [
    { locale: 'zh-CN', lang: 'en', expect: 'zh-CN', title: '您的隐私选择' },
    { locale: 'fr-FR', lang: 'zh-CN', expect: 'zh-CN', title: '您的隐私选择' },
    { locale: 'fr-FR', lang: 'de', expect: 'en', title: 'Your privacy choices' },
  ];
  for (const c of cases) {
    const { context, page } = await e2e.openPage({
      locale: c.locale,
      before: (p) =>
        p.route(
          (url) => url.pathname === '/',
          async (route) => {
            const response = await route.fetch();
            const body = (await response.text()).replace('<html lang="en">', `<html lang="${c.lang}">`);
            await route.fulfill({ response, body });
          },
        ),
    });
    const banner = page.locator('.assent-banner');
    await banner.waitFor({ state: 'visible' });
    assert.equal(await banner.getAttribute('lang'), c.expect, JSON.stringify(c));
    assert.equal(await banner.locator('.assent-title').textContent(), c.title);
    await banner.locator('[data-assent-action="accept_all"]').click();
    assert.equal((await page.evaluate(() => window.Assent.record())).language, c.expect, 'the record names the language shown');
    if (c.expect === 'zh-CN') assert.equal(await page.locator('.assent-launcher').textContent(), '隐私设置');
    await context.close();
  }
});

test('[C12] a Global Privacy Control signal reaches the core: recorded, and accept all does not override it', h.LIMIT, async () => {
  const config = h.demoConfig();
  config.purposes.find((p) => p.id === 'marketing').saleOrShare = true;
  const { context, page } = await e2e.openPage({
    before: async (p) => {
      await h.serveConfig(p, config);
      await p.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    },
  });
  const first = await page.evaluate(() => window.Assent.record());
  assert.equal(first && first.method, 'gpc', 'the signal itself is recorded');
  assert.equal(first.purposes.marketing, false);
  await page.locator('.assent-banner').waitFor({ state: 'visible' });
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  const record = await page.evaluate(() => window.Assent.record());
  assert.equal(record.purposes.analytics, true);
  assert.equal(record.purposes.marketing, false, 'accept all leaves the GPC opt-out in place');
  await context.close();
});

test('an inline <script type="application/json" id="assent-config"> works like data-config, under the strict CSP', h.LIMIT, async () => {
  const config = h.demoConfig();
  config.texts.en.title = 'Inline config title';
  // "</" cannot end the JSON's own <script> element early.
  const inline = JSON.stringify(config).replace(/<\//g, '<\\/');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inline config</title>
<script src="/assent/assent.js" data-launcher="off"></script>
</head><body><h1>Inline config</h1><a href="#settings" id="settings" data-assent-open>Privacy settings</a>
<script type="application/json" id="assent-config">${inline}</script></body></html>`;
  const { context, page, seen, state } = await e2e.openPage('inline.html', {
    before: async (p) => {
      await p.route('**/inline.html', (route) =>
        route.fulfill({
          status: 200,
          headers: {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'",
          },
          body: html,
        }),
      );
      await h.watchCsp(p);
    },
  });
  assert.deepEqual(state, { ok: true });
  assert.equal(await page.locator('.assent-banner .assent-title').textContent(), 'Inline config title');
  // A "ready" listener added after the start still hears, once.
  assert.deepEqual(
    await page.evaluate(() => new Promise((resolve) => window.Assent.on('ready', (s) => resolve(s)))),
    { ok: true },
  );
  await page.click('.assent-banner [data-assent-action="reject_all"]');
  assert.equal(await page.locator('.assent-launcher').count(), 0, 'data-launcher="off": the page has its own control');
  await page.click('#settings');
  await page.locator('dialog.assent-dialog').waitFor({ state: 'visible' });
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});
