// Main-thread cost of the tracker in real headless Chromium, beside
// posthog-js in the same page: one track()/capture() call cold (single calls
// 100 ms apart) and warm (200-event bursts, divided by 200), and the longest
// main-thread task while 10,000 events are tracked (issued by the page as 100
// tasks of 100 calls) and sent. Nothing leaves the machine: the page is
// served by the Assent server on 127.0.0.1 and every other request is
// answered or aborted by a route. Prints figures; never fails on speed.
//   node tests/bench/browser_bench.cjs [--json]
// (NODE_PATH=web/node_modules for playwright-core)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const h = require('../e2e/harness.cjs');

const ROOT = path.resolve(__dirname, '../..');
const POSTHOG = path.join(ROOT, 'web/node_modules/posthog-js/dist/array.js');
const POSTHOG_VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'web/node_modules/posthog-js/package.json'), 'utf8')).version;

// Cross-origin isolated, so that performance.now() is precise to 5 µs
// rather than 100 µs.
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tracker benchmark</title>
<script src="/assent/assent.js" data-config="/assent.config.json"></script>
<script src="/__bench/posthog.js"></script>
</head><body><main><button id="buy" data-product="teapot-7">Add to basket</button></main></body></html>`;

// Runs in the page: the three measurements for one call.
function inPage() {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const median = (xs) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const quantile = (xs, q) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  const nextTask = () => {
    const channel = new MessageChannel();
    return new Promise((resolve) => {
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  };

  window.__bench = {
    async cold(call, n = 30, gapMs = 100) {
      const fn = window.__calls[call];
      const samples = [];
      for (let i = 0; i < n; i += 1) {
        await sleep(gapMs);
        const t = performance.now();
        fn(i);
        samples.push(performance.now() - t);
      }
      return { medianMs: median(samples), p90Ms: quantile(samples, 0.9), firstMs: samples[0] };
    },
    async warm(call, bursts = 10, size = 200) {
      const fn = window.__calls[call];
      const perCall = [];
      for (let b = 0; b < bursts; b += 1) {
        await sleep(200);
        const t = performance.now();
        for (let i = 0; i < size; i += 1) fn(i);
        perCall.push((performance.now() - t) / size);
      }
      return { medianMs: median(perCall), minMs: Math.min(...perCall) };
    },
    // 10,000 calls as 100 tasks of 100; then waits for the sending to settle.
    async burst(call, total = 10000, chunk = 100, settleMs = 3000) {
      const fn = window.__calls[call];
      const longTasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask' });
      let longestChunkMs = 0;
      const start = performance.now();
      for (let done = 0; done < total; done += chunk) {
        await nextTask();
        const t = performance.now();
        for (let i = 0; i < chunk; i += 1) fn(done + i);
        longestChunkMs = Math.max(longestChunkMs, performance.now() - t);
      }
      const issuedMs = performance.now() - start;
      await sleep(settleMs);
      observer.disconnect();
      return { issuedMs, longestChunkMs, longTasks };
    },
    // The same 10,000 calls in one synchronous loop: the caller's own task.
    oneLoop(call, total = 10000) {
      const fn = window.__calls[call];
      const t = performance.now();
      for (let i = 0; i < total; i += 1) fn(i);
      return performance.now() - t;
    },
  };
}

async function main() {
  const collector = await h.startCollector({ site: 'tracker' });
  const browser = await h.launchBrowser({ asPerson: true });
  const outside = [];
  try {
    const context = await browser.newContext({ userAgent: h.PERSON_AGENT, locale: 'en-US' });
    const base = new URL(collector.baseUrl);
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.host !== base.host) {
        outside.push(url.href);
        return route.abort('blockedbyclient'); // nothing leaves the machine
      }
      if (url.pathname === '/bench.html') return route.fulfill({ status: 200, contentType: 'text/html', headers: ISOLATED, body: PAGE });
      if (url.pathname === '/__bench/posthog.js') return route.fulfill({ status: 200, contentType: 'text/javascript', path: POSTHOG });
      // PostHog's API (config, flags, batches) and the bare-fetch sink: answered here.
      if (url.pathname.startsWith('/ph/') && url.pathname.endsWith('.js')) {
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: '' });
      }
      if (url.pathname.startsWith('/ph/') || url.pathname === '/__bench/sink') {
        return route.fulfill({ status: 200, contentType: 'application/json', body: '{"status":1}' });
      }
      return route.continue();
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(collector.baseUrl + 'bench.html');
    const ready = await page.evaluate(() => window.Assent.ready);
    if (!ready.ok) throw new Error(`Assent did not start: ${ready.error}`);
    await page.evaluate(inPage);
    const setup = await page.evaluate(async () => {
      await window.Assent.acceptAll();
      window.posthog.init('phc_bench', {
        api_host: location.origin + '/ph',
        autocapture: false,
        capture_pageview: false,
        capture_pageleave: false,
        disable_session_recording: true,
        disable_surveys: true,
      });
      const props = (i) => ({ list: 'weekly', source: 'bench', n: i });
      window.__calls = {
        assent: (i) => window.Assent.track('offer_seen', props(i)),
        posthog: (i) => window.posthog.capture('offer_seen', props(i)),
        fetch: (i) => {
          fetch('/__bench/sink', { method: 'POST', body: JSON.stringify({ event: 'offer_seen', properties: props(i) }), keepalive: true });
        },
      };
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return {
        isolated: self.crossOriginIsolated,
        outcome: window.__calls.assent(0),
        userAgent: navigator.userAgent,
      };
    });
    if (setup.outcome !== 'forwarded') throw new Error(`Assent.track answered ${setup.outcome}, not forwarded`);

    const results = { chromium: browser.version(), isolated: setup.isolated, posthogVersion: POSTHOG_VERSION };
    for (const call of ['assent', 'posthog', 'fetch']) results[call] = { cold: await page.evaluate((c) => window.__bench.cold(c), call) };
    for (const call of ['assent', 'posthog']) results[call].warm = await page.evaluate((c) => window.__bench.warm(c), call);
    // The longest task, seen in the browser's own trace (every task on the
    // page's main thread, not only those over 50 ms).
    for (const call of ['assent', 'posthog']) {
      const traceFile = path.join(require('node:os').tmpdir(), `assent-bench-${call}-${process.pid}.json`);
      await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      const burst = await page.evaluate((c) => window.__bench.burst(c), call);
      await browser.stopTracing();
      burst.longestTraceTaskMs = longestMainThreadTask(traceFile);
      fs.rmSync(traceFile, { force: true });
      results[call].burst = burst;
    }
    for (const call of ['assent', 'posthog']) {
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
      results[call].oneLoopMs = await page.evaluate((c) => window.__bench.oneLoop(c), call);
    }
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 3000)));
    results.requests = { outside: outside.length };
    results.errors = errors;
    results.stored = h.sql(collector.db, "select count(*) as n from events where name = 'offer_seen'")[0].n;
    await context.close();
    report(results);
  } finally {
    await browser.close();
    await collector.stop();
  }
}

// Longest complete task ("RunTask") on the renderer's main thread.
function longestMainThreadTask(file) {
  const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
  const events = trace.traceEvents || trace;
  const main = new Set();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  }
  let longest = 0;
  for (const e of events) {
    if (e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`)) longest = Math.max(longest, (e.dur || 0) / 1000);
  }
  return longest;
}

function report(r) {
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
  const ms = (x) => `${x.toFixed(1)} ms`;
  const ratio = (a, b) => `${(a / b).toFixed(1)}×`;
  console.log(`Chromium ${r.chromium} headless, posthog-js ${r.posthogVersion}, same page; timer precision ${r.isolated ? '5 µs (cross-origin isolated)' : '100 µs'}:`);
  console.log('                                         Assent.track      posthog.capture   PostHog/Assent');
  console.log(`  cold, median of 30 calls 100 ms apart  ${us(r.assent.cold.medianMs).padEnd(17)} ${us(r.posthog.cold.medianMs).padEnd(17)} ${ratio(r.posthog.cold.medianMs, r.assent.cold.medianMs)}`);
  console.log(`  cold, 90th percentile                  ${us(r.assent.cold.p90Ms).padEnd(17)} ${us(r.posthog.cold.p90Ms).padEnd(17)}`);
  console.log(`  warm, 200-event burst / 200 (median)   ${us(r.assent.warm.medianMs).padEnd(17)} ${us(r.posthog.warm.medianMs).padEnd(17)} ${ratio(r.posthog.warm.medianMs, r.assent.warm.medianMs)}`);
  const burst = (b) => `${ms(b.longestTraceTaskMs)}`.padEnd(17);
  console.log(`  10,000 events (100 tasks of 100):`);
  console.log(`    longest main-thread task (trace)     ${burst(r.assent.burst)} ${burst(r.posthog.burst)}`);
  console.log(`    tasks over 50 ms (longtask)          ${String(r.assent.burst.longTasks.length).padEnd(17)} ${String(r.posthog.burst.longTasks.length).padEnd(17)}`);
  console.log(`    longest 100-call chunk               ${ms(r.assent.burst.longestChunkMs).padEnd(17)} ${ms(r.posthog.burst.longestChunkMs).padEnd(17)}`);
  console.log(`  10,000 events in one synchronous loop  ${ms(r.assent.oneLoopMs).padEnd(17)} ${ms(r.posthog.oneLoopMs).padEnd(17)}`);
  console.log(`  bare fetch() per event, cold median    ${us(r.fetch.cold.medianMs)}`);
  console.log(`  offer_seen events stored by the collector: ${r.stored}; requests that tried to leave 127.0.0.1: ${r.requests.outside}`);
  if (r.errors.length) console.log(`  page errors: ${r.errors.join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
