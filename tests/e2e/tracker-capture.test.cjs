// What autocapture collects, seen in the collector's SQLite and on the wire:
// page views of single-page navigation, page leaves with dwell and scroll
// depth, clicks reduced to the allow-listed properties (C10) and masked (C11).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const e2e = h.useCollectorAndBrowser({ site: 'tracker' });

async function acceptedPage() {
  const opened = await e2e.openAccepted('tracker.html');
  assert.deepEqual(opened.state, { ok: true });
  return opened;
}

test('single-page navigation makes a page view per route, and a page leave for each route left', async () => {
  const { context, page, seen, consentId } = await acceptedPage();
  const step = (fn) => page.evaluate(fn).then(() => h.sleep(30));
  await step(() => history.pushState({}, '', '/app/orders'));
  await step(() => history.replaceState({}, '', '/app/orders/7'));
  await step(() => history.replaceState({}, '', '/app/orders/7?sort=price')); // same route: no page view
  await step(() => history.back()); // popstate, back to /tracker.html
  await page.waitForFunction(() => location.pathname === '/tracker.html');
  await h.sleep(30);
  await step(() => {
    location.hash = '#/settings'; // hashchange
  });

  const wanted = ['/tracker.html', '/app/orders', '/app/orders/7', '/tracker.html', '/tracker.html#/settings'];
  const views = await h.waitFor(
    () => {
      const found = e2e.events(h.ofConsent(consentId, " and name = '$pageview'"));
      return found.length >= wanted.length ? found : null;
    },
    { what: 'five page views' },
  );
  assert.deepEqual(views.map((e) => e.page), wanted);
  assert.equal(views[0].props.title, 'Tracker fixture');

  const leaves = await h.waitFor(
    () => {
      const found = e2e.events(h.ofConsent(consentId, " and name = '$pageleave'"));
      return found.length >= 4 ? found : null;
    },
    { what: 'four page leaves' },
  );
  assert.deepEqual(leaves.map((e) => e.page), ['/tracker.html', '/app/orders', '/app/orders/7?sort=price', '/tracker.html']);
  for (const leave of leaves) {
    assert.deepEqual(Object.keys(leave.props).sort(), ['dwell_ms', 'scroll_depth']);
    // (numbers may arrive as their decimal text: the collector stores props as strings)
    const [dwell, depth] = [Number(leave.props.dwell_ms), Number(leave.props.scroll_depth)];
    assert.ok(Number.isInteger(dwell) && dwell >= 0, JSON.stringify(leave.props));
    assert.ok(Number.isInteger(depth) && depth >= 0 && depth <= 100, JSON.stringify(leave.props));
  }
  assert.deepEqual(h.scriptErrors(seen), []);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test('a page leave carries the time the page was seen and the deepest scroll reached', async () => {
  const { context, page, consentId } = await acceptedPage();
  const shown = Date.now();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await h.sleep(400);
  await page.evaluate(() => window.scrollTo(0, 0)); // the deepest point counts, not the last
  await h.sleep(150);
  await Promise.all([page.waitForURL(/step=2/), page.click('#next')]);
  const elapsed = Date.now() - shown;
  const [leave] = await h.waitFor(
    () => {
      const found = e2e.events(h.ofConsent(consentId, " and name = '$pageleave'"));
      return found.length ? found : null;
    },
    { what: 'the page leave' },
  );
  assert.equal(leave.page, '/tracker.html');
  assert.equal(Number(leave.props.scroll_depth), 100);
  const dwell = Number(leave.props.dwell_ms);
  assert.ok(dwell >= 500 && dwell <= elapsed + 1000, `dwell ${dwell}, elapsed ${elapsed}`);
  await context.close();
});

test('[C10] a click leaves with its tag, selector, text and allow-listed data-* only, never a field value', async () => {
  const { context, page, seen, consentId } = await acceptedPage();
  await page.click('#buy');
  await page.click('#field');
  await page.click('#notes');
  await page.click('#choice');
  await page.keyboard.press('Escape');
  await page.click('#field-label', { position: { x: 2, y: 2 } });
  await page.click('#long');
  await page.click('#ignored');

  // The label's click also clicks its field, so count by the last button
  // clicked rather than by the number of rows.
  const clicks = await h.waitFor(
    () => {
      const found = e2e.events(h.ofConsent(consentId, " and name = '$click'"));
      return found.some((e) => e.props.selector === 'button#long') ? found : null;
    },
    { what: 'the clicks up to button#long' },
  );
  await h.sleep(800); // the ignored one would have come with them
  const all = e2e.events(h.ofConsent(consentId));
  const byId = Object.fromEntries(clicks.map((e) => [e.props.selector, e.props]));
  assert.deepEqual(byId['button#buy'], { tag: 'button', selector: 'button#buy', text: 'Add to basket', 'data-product': 'teapot-7' });
  assert.deepEqual(byId['input#field'], { tag: 'input', selector: 'input#field' });
  assert.deepEqual(byId['textarea#notes'], { tag: 'textarea', selector: 'textarea#notes' });
  assert.deepEqual(byId['select#choice'], { tag: 'select', selector: 'select#choice' });
  assert.deepEqual(byId['label#field-label'], { tag: 'label', selector: 'label#field-label' }, 'no text around a field');
  assert.ok(byId['button#long'].text.length <= 64 && byId['button#long'].text.startsWith('An unusually long button'));
  // (the label's click also clicks its field: the browser's own activation)
  assert.deepEqual(
    [...new Set(all.filter((e) => e.name === '$click').map((e) => e.props.selector))].sort(),
    ['button#buy', 'button#long', 'input#field', 'label#field-label', 'select#choice', 'textarea#notes'],
    'nothing inside data-assent-ignore',
  );

  const wire = JSON.stringify(seen.batches);
  for (const secret of ['do-not-send', '13900001111', 'my private notes', 'first secret option', 'Not tracked']) {
    assert.ok(!JSON.stringify(all).includes(secret), `${secret} is not stored`);
    assert.ok(!wire.includes(secret), `${secret} never left the page`);
  }
  await context.close();
});

test('[C11] phone numbers, e-mail addresses and denied URL parameters are masked before they leave', async () => {
  const { context, page, seen, consentId } = await acceptedPage();
  await page.click('#call');
  await page.click('#mail');
  await Promise.all([page.waitForURL(/token=/), page.click('#tokened')]);
  await page.evaluate(() => window.Assent.ready);
  await Promise.all([page.waitForURL(/step=2/), page.click('#next')]); // its referrer holds the token
  await page.evaluate(() => window.Assent.ready);

  const all = await h.waitFor(
    () => {
      const found = e2e.events(h.ofConsent(consentId));
      const views = found.filter((e) => e.name === '$pageview');
      return views.length >= 3 && found.filter((e) => e.name === '$click').length >= 4 ? found : null;
    },
    { what: 'four clicks and three page views' },
  );
  const click = (selector) => all.find((e) => e.name === '$click' && e.props.selector === selector).props;
  assert.match(click('button#call').text, /^Call me on 138\D+5678$/);
  assert.ok(!click('button#mail').text.includes('alice'), click('button#mail').text);
  assert.ok(!click('a#tokened').href.includes('s3cr3t-token'), click('a#tokened').href);
  assert.match(click('a#tokened').href, /ref=mail/, 'parameters not on the list stay');
  const [, second, third] = all.filter((e) => e.name === '$pageview');
  assert.ok(second.page.startsWith('/tracker.html?') && !second.page.includes('s3cr3t-token'), second.page);
  assert.match(third.props.referrer, /\/tracker\.html\?/);
  assert.ok(!third.props.referrer.includes('s3cr3t-token'), third.props.referrer);

  const wire = JSON.stringify(seen.batches);
  for (const secret of ['13812345678', 'alice@example.com', 's3cr3t-token']) {
    assert.ok(!JSON.stringify(all).includes(secret), `${secret} is not stored`);
    assert.ok(!wire.includes(secret), `${secret} never left the page`);
  }
  await context.close();
});

test('an event name with no purpose in the config is dropped, with one console warning per name', async () => {
  const { context, page, seen, consentId } = await acceptedPage();
  const outcomes = await page.evaluate(() => [
    window.Assent.track('mystery', { a: 1 }),
    window.Assent.track('mystery', { a: 2 }),
    window.Assent.track('other_mystery'),
    window.Assent.track('offer_seen', { list: 'weekly' }),
  ]);
  assert.deepEqual(outcomes, ['unknown_event', 'unknown_event', 'unknown_event', 'forwarded']);
  await h.waitFor(() => e2e.events(h.ofConsent(consentId, " and name = 'offer_seen'")).length === 1, { what: 'the mapped event' });
  assert.equal(e2e.events(h.ofConsent(consentId, " and name like '%mystery'")).length, 0);
  const warnings = seen.warnings.filter((w) => w.includes('has no purpose'));
  assert.deepEqual(warnings.sort(), [
    'Assent: event "mystery" has no purpose in tracker.events; it is dropped',
    'Assent: event "other_mystery" has no purpose in tracker.events; it is dropped',
  ]);
  // Props that cannot become JSON are refused, never thrown into the page.
  const bad = await page.evaluate(() => {
    const circular = { a: 1 };
    circular.self = circular;
    return [window.Assent.track('$click', circular), window.Assent.track('offer_seen', { n: BigInt(1) })];
  });
  assert.deepEqual(bad, ['bad_props', 'bad_props']);
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});

test('a track queued before the start with props that cannot become JSON does not stop the start', async () => {
  // Calls Assent.track the moment window.Assent is set, before it is ready.
  const before = (page) =>
    page.addInitScript(() => {
      let api;
      Object.defineProperty(window, 'Assent', {
        configurable: true,
        get: () => api,
        set(value) {
          api = value;
          const circular = {};
          circular.self = circular;
          window.__queued = value.track('$click', circular);
        },
      });
    });
  const { context, page, seen, state } = await e2e.openPage('tracker.html', { before });
  assert.deepEqual(state, { ok: true });
  assert.equal(await page.evaluate(() => window.__queued), 'pending');
  await page.evaluate(() => window.Assent.acceptAll());
  assert.equal(await page.evaluate(() => window.Assent.accepted('analytics')), true);
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(h.scriptErrors(seen), []);
  await context.close();
});
