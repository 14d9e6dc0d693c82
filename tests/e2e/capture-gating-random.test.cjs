// C17 end to end, as a person who changes their mind quickly: random consent
// changes (the page API and the banner), clicks, single-page navigations,
// reloads and offline spells in real Chromium against the real collector.
// Every event the page sends, and every row the collector stores, is checked
// against the consent in force when it was captured; none may fail.
//
// Seeded: ASSENT_E2E_SEED replays a run (the seed is printed), and
// ASSENT_E2E_SESSIONS sets how many sessions (default 100).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const SEED = Number(process.env.ASSENT_E2E_SEED || Date.now() % 2147483647);
const SESSIONS = Number(process.env.ASSENT_E2E_SESSIONS || 100);
const STEPS = 14;

// A fast flush so that batches leave while consent keeps changing.
const config = h.trackerConfig();
config.tracker.flushIntervalMs = 150;

const e2e = h.useCollectorAndBrowser({ site: 'tracker', config });

// mulberry32: small, seedable, good enough to pick actions.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const PURPOSES = config.purposes.filter((p) => !p.required).map((p) => p.id);
const REQUIRED = new Set(config.purposes.filter((p) => p.required).map((p) => p.id));

// The rule, written from COMPLIANCE.md C17 over the exported records (oldest
// first): the record in force at capture is the newest made strictly before
// it; refused then → never; undecided then → only if the next record that
// decides the purpose grants it; and (for what leaves at `sentAt`) no record
// since has refused it or left it undecided.
function mayLeave(records, purpose, ts, sentAt) {
  if (REQUIRED.has(purpose)) return true;
  const stateIn = (r) => {
    const g = r && r.purposes[purpose];
    if (!g) return 'unset';
    if (g.expiresMs && ts >= g.expiresMs) return 'unset';
    return g.granted ? 'granted' : 'denied';
  };
  let inForce = null;
  let i = 0;
  for (; i < records.length && records[i].updatedMs < ts; i += 1) inForce = records[i];
  let state = stateIn(inForce);
  if (state === 'denied') return false;
  for (; i < records.length && records[i].updatedMs <= sentAt; i += 1) {
    const next = stateIn(records[i]);
    if (next === 'denied') return false;
    if (state === 'granted' && next !== 'granted') return false;
    if (next === 'granted') state = 'granted';
  }
  return state === 'granted';
}

async function randomSession(n, pick) {
  const { context, page, seen } = await e2e.openPage('tracker.html');
  const did = [];
  const act = async () => {
    const roll = pick();
    const purpose = PURPOSES[Math.floor(pick() * PURPOSES.length)];
    const granted = pick() < 0.5;
    if (roll < 0.25) {
      did.push('click');
      await page.click(pick() < 0.5 ? '#buy' : '#call');
    } else if (roll < 0.35) {
      did.push('navigate');
      await page.evaluate((p) => history.pushState({}, '', `/route/${p}`), Math.floor(pick() * 100));
    } else if (roll < 0.42) {
      did.push('track');
      await page.evaluate(() => window.Assent.track('newsletter_signup', { list: 'weekly' }));
    } else if (roll < 0.5) {
      did.push('acceptAll');
      await page.evaluate(() => window.Assent.acceptAll());
    } else if (roll < 0.57) {
      did.push('rejectAll');
      await page.evaluate(() => window.Assent.rejectAll());
    } else if (roll < 0.65) {
      did.push(`set ${purpose}=${granted}`);
      await page.evaluate(([p, g]) => window.Assent.set({ [p]: g }), [purpose, granted]);
    } else if (roll < 0.72) {
      did.push(`withdraw ${purpose}`);
      await page.evaluate((p) => window.Assent.withdraw(p), purpose);
    } else if (roll < 0.8) {
      // The banner, when it shows: either button, as a person would.
      const action = granted ? 'accept_all' : 'reject_all';
      const button = page.locator(`.assent-banner [data-assent-action="${action}"]`);
      if (await button.isVisible()) {
        did.push(`banner ${action}`);
        await button.click();
      } else {
        did.push('click');
        await page.click('#buy');
      }
    } else if (roll < 0.86) {
      // A reload of the real page (an SPA route has no page behind it).
      did.push('reload');
      await page.goto(e2e.url('tracker.html'));
      await page.evaluate(() => window.Assent.ready);
    } else if (roll < 0.92) {
      did.push('offline');
      await context.setOffline(true);
      await page.click('#buy');
      await h.sleep(Math.floor(pick() * 400));
      await context.setOffline(false);
    } else {
      did.push('wait');
      await h.sleep(Math.floor(pick() * 300));
    }
    if (pick() < 0.5) await h.sleep(Math.floor(pick() * 120));
  };
  for (let i = 0; i < STEPS; i += 1) await act();

  // Let everything that may leave, leave (offline retries back off).
  await h.sleep(3 * config.tracker.flushIntervalMs);
  const exported = await page.evaluate(() => window.Assent.exportRecords());
  const records = (exported && exported.records) || [];
  const consentId = exported && exported.consentId;
  await context.close();

  const failures = [];
  const sentAtOf = new Map();
  for (const batch of seen.batches) {
    assert.ok(batch, 'every batch is JSON');
    for (const e of batch.events) {
      if (!sentAtOf.has(e.id)) sentAtOf.set(e.id, batch.sent_at);
      if (!mayLeave(records, e.purpose, e.ts, batch.sent_at)) failures.push(`sent ${e.name} (${e.purpose}) captured at ${e.ts}`);
    }
  }
  const rows = consentId ? e2e.events(h.ofConsent(consentId)) : [];
  for (const row of rows) {
    // Judged when its batch was sent (or, for one the page was not seen
    // sending, when the collector received it).
    const sentAt = sentAtOf.has(row.id) ? sentAtOf.get(row.id) : row.received_ms;
    if (!mayLeave(records, row.purpose, row.ts, sentAt)) failures.push(`stored ${row.name} (${row.purpose}) captured at ${row.ts}`);
  }
  return { failures, did, sent: sentAtOf.size, stored: rows.length, records: records.length };
}

test(`[C17] ${SESSIONS} random sessions: nothing sent or stored was refused at its capture (seed ${SEED})`, async (ctx) => {
  ctx.diagnostic(`ASSENT_E2E_SEED=${SEED} ASSENT_E2E_SESSIONS=${SESSIONS}`);
  const pick = random(SEED);
  let sent = 0;
  let stored = 0;
  for (let n = 0; n < SESSIONS; n += 1) {
    const result = await randomSession(n, pick);
    sent += result.sent;
    stored += result.stored;
    assert.deepEqual(
      result.failures,
      [],
      `session ${n} of seed ${SEED} (${result.records} records; steps: ${result.did.join(', ')})`,
    );
  }
  ctx.diagnostic(`${SESSIONS} sessions: ${sent} events sent, ${stored} rows stored, 0 captured under a refusal`);
  assert.ok(sent > SESSIONS, 'the sessions sent events at all');
});
