// A config cannot inject markup: every text field of a test config carries
// classic XSS payloads, and every prompt shows them as plain text, with no
// element they describe and no script they contain ever running.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser();

// Each payload, if it ever became markup or code, calls window.__xss(n).
const PAYLOADS = [
  '<script>__xss(1)</script>',
  '<img src=x onerror="__xss(2)">',
  '<svg onload=__xss(3)>',
  '"><script>__xss(4)</script>',
  "'><img src=x onerror=__xss(5)>",
  '<iframe srcdoc="<script>parent.__xss(6)</script>"></iframe>',
  '<body onload=__xss(7)>',
  '<input autofocus onfocus=__xss(8)>',
  '<details open ontoggle=__xss(9)>',
  '<a href="javascript:__xss(10)">click</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss(11)>',
  '<noscript><p title="</noscript><img src=x onerror=__xss(12)>">',
  '<video><source onerror=__xss(13)></video>',
  '<audio src=x onerror=__xss(14)>',
  '<object data="javascript:__xss(15)"></object>',
  '<embed src="javascript:__xss(16)">',
  '<form><button formaction="javascript:__xss(17)">go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss(18)">',
  '<base href="javascript:__xss(19)//">',
  '<IMG SRC=JaVaScRiPt:__xss(20)>',
  '<svg><script>__xss(21)</script></svg>',
  '&lt;script&gt;__xss(22)&lt;/script&gt;',
  '<scr<script>ipt>__xss(23)</scr</script>ipt>',
  '</dialog></div><script>__xss(24)</script>',
  '<textarea></textarea><img src=x onerror=__xss(25)>',
  '{{constructor.constructor("__xss(26)")()}}',
  '${__xss(27)}',
  '<style>@import "javascript:__xss(28)";</style>',
  '<marquee onstart=__xss(29)>',
  '<div style="background:url(javascript:__xss(30))">',
  '<select autofocus onfocus=__xss(31)>',
  '<keygen autofocus onfocus=__xss(32)>',
  '"onmouseover="__xss(33)"',
  '<template><img src=x onerror=__xss(34)></template>',
  '<x contenteditable onfocus=__xss(35) autofocus>',
];

// Every text field of the demo config (prompts, purposes, permissions, link
// labels, the own-data controls), in every language, carries every payload.
function poisoned() {
  const config = h.demoConfig();
  const text = (i) => `[${i}] ${PAYLOADS.join(' ')}`;
  let n = 0;
  for (const words of Object.values(config.texts)) {
    for (const key of ['title', 'body', 'acceptAll', 'rejectAll', 'customise', 'save', 'preferencesTitle', 'close']) words[key] = text(n++);
    for (const link of words.links) link.label = text(n++);
    for (const purpose of Object.values(words.purposes)) {
      purpose.name = text(n++);
      purpose.description = text(n++);
    }
    for (const permission of Object.values(words.permissions)) {
      for (const key of Object.keys(permission)) permission[key] = text(n++);
    }
    words.myData = {};
    for (const key of ['download', 'erase', 'confirm', 'confirmYes', 'cancel', 'downloaded', 'erased', 'failed']) words.myData[key] = text(n++);
  }
  return config;
}

test('texts carrying 35 classic XSS payloads in every field are shown as text and never run', h.LIMIT, async () => {
  const config = poisoned();
  const { context, page, seen, state } = await e2e.openPage({
    before: async (p) => {
      await h.serveConfig(p, config);
      await p.addInitScript(() => {
        window.__xssCalls = [];
        window.__xss = (n) => window.__xssCalls.push(n);
      });
    },
  });
  assert.deepEqual(state, { ok: true });
  const en = config.texts.en;

  // Every element of the prompts is one Assent renders, and each text is the
  // config's text, character for character.
  const ALLOWED = new Set(['DIV', 'H2', 'P', 'A', 'BUTTON', 'UL', 'LI', 'INPUT', 'LABEL', 'DIALOG']);
  async function checkPrompt(selector, expected) {
    const root = page.locator(selector);
    await root.waitFor({ state: 'visible' });
    const tags = await root.evaluate((el) => [el.tagName, ...Array.from(el.querySelectorAll('*'), (n) => n.tagName)]);
    const strange = tags.filter((t) => !ALLOWED.has(t));
    assert.deepEqual(strange, [], `${selector} holds only Assent's own elements`);
    const texts = await root.evaluate((el) => Array.from(el.querySelectorAll('h2, p, button, label, a'), (n) => n.textContent));
    for (const want of expected) assert.ok(texts.includes(want), `${selector} shows ${want.slice(0, 12)}… as text`);
  }

  await checkPrompt('.assent-banner', [en.title, en.body, en.acceptAll, en.rejectAll, en.customise, en.links[0].label]);
  await checkPrompt('.assent-placeholder', [en.purposes.media.name, en.purposes.media.description]);
  await page.click('.assent-banner [data-assent-action="customise"]');
  await checkPrompt('dialog.assent-dialog', [
    en.preferencesTitle,
    en.save,
    ...Object.values(en.purposes).flatMap((p) => [p.name, p.description]),
    en.myData.download,
    en.myData.erase,
    en.myData.confirm,
    en.myData.confirmYes,
    en.myData.cancel,
  ]);
  // The ×'s accessible name is an attribute: the words land there as text too.
  assert.equal(await page.locator('dialog.assent-dialog .assent-close').getAttribute('aria-label'), en.close);
  await page.keyboard.press('Escape');
  for (const capability of Object.keys(en.permissions)) {
    const asked = page.evaluate((c) => window.Assent.request(c), capability);
    const words = en.permissions[capability];
    await checkPrompt('dialog.assent-permission', [words.title, words.body, words.next, words.allow, words.deny]);
    await page.click('dialog.assent-permission [data-assent-action="deny"]');
    assert.equal((await asked).state, 'denied');
  }
  await page.click('.assent-banner [data-assent-action="accept_all"]');
  assert.equal(await page.locator('.assent-launcher').textContent(), en.preferencesTitle);
  await page.click('.assent-launcher');
  await page.locator('dialog.assent-dialog').waitFor({ state: 'visible' });
  await page.mouse.move(5, 5);
  await page.mouse.move(400, 300);

  assert.deepEqual(await page.evaluate(() => window.__xssCalls), [], 'no payload ran');
  assert.equal(
    await page.evaluate(() => document.querySelectorAll('script:not([src]):not([type]), img, svg, iframe[srcdoc], object, embed').length),
    0,
    'no element of a payload exists anywhere in the page',
  );
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});
