// Figures for the WASM build under Node, on the batch path the browser shell
// uses: one ingest() per flush of captured events (gate, allow-list, mask),
// then takeBatch()/settleBatch() until the queue is empty (encode). Prints
// figures; never fails on speed.
//   node tests/bench/wasm_bench.cjs [--json]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { loadShell } = require('../shell/load.cjs');
const { record } = require('./figures.cjs');

const ROOT = path.resolve(__dirname, '../..');
const BUILT = process.env.ASSENT_WASM_DIR || path.join(ROOT, 'build/wasm/wasm');
const CONFIG = path.join(ROOT, 'tests/e2e/fixtures/tracker.config.json');
const PER_FLUSH = 1000;
const T0 = 1700000000000;

// The events of the native ingestAndBatch benchmark (tests/bench/core_bench.cpp).
function plainClicks(count, ts) {
  const out = [];
  for (let i = 0; i < count; i += 1) {
    out.push(`$click\x1f/shop/item?id=42\x1f${ts + i}\x1ftag\x1fsbutton\x1ftext\x1fsAdd to cart\x1fselector\x1fsmain>button.buy`);
  }
  return out.join('\x1e');
}

// Closer to a real page: a mix of page views, clicks with personal data in
// their text and URLs, data-* attributes off the allow-list, and page leaves.
function mixedEvents(count, ts) {
  const out = [];
  for (let i = 0; i < count; i += 1) {
    const at = ts + i;
    switch (i % 4) {
      case 0:
        out.push(`$pageview\x1f/account?token=abc${i}&tab=orders\x1f${at}\x1ftitle\x1fsMy orders`);
        break;
      case 1:
        out.push(`$click\x1f/account\x1f${at}\x1ftag\x1fsbutton\x1fselector\x1fsbutton#call\x1ftext\x1fsCall me on 1381234${String(i % 10000).padStart(4, '0')}\x1fdata-product\x1fsteapot-7\x1fdata-secret\x1fsx`);
        break;
      case 2:
        out.push(`$click\x1f/account\x1f${at}\x1ftag\x1fsa\x1fselector\x1fsnav > a.mail\x1ftext\x1fsWrite to alice${i}@example.com\x1fhref\x1fshttps://shop.example/contact?email=alice%40example.com&ref=nav`);
        break;
      default:
        out.push(`$pageleave\x1f/account\x1f${at}\x1fdwell_ms\x1fn${1000 + i}\x1fscroll_depth\x1fn${i % 101}`);
    }
  }
  return out.join('\x1e');
}

function drain(core, now) {
  let bodies = 0;
  let bytes = 0;
  for (let batch = core.takeBatch(now); batch; batch = core.takeBatch(now)) {
    core.settleBatch(batch.id, true);
    bodies += 1;
    bytes += batch.body.length;
  }
  return { bodies, bytes };
}

// This process's CPU time since `from` (user and system), in seconds: on a
// shared machine, other processes' load stretches the wall clock, much less this.
function cpuSeconds(from) {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

// Runs flushes of PER_FLUSH events for about `seconds`; events per second.
function measure(core, packedFor, seconds) {
  let events = 0;
  let flushes = 0;
  let ts = T0 + 10000;
  let bodies = 0;
  let bytes = 0;
  // warm up
  for (let i = 0; i < 20; i += 1) {
    core.ingest(packedFor(ts), ts);
    drain(core, ts);
    ts += PER_FLUSH;
  }
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() < until) {
    const packed = packedFor(ts);
    const result = core.ingest(packed, ts);
    if (result.forwarded !== PER_FLUSH) throw new Error(`expected ${PER_FLUSH} forwarded, got ${JSON.stringify(result)}`);
    const drained = drain(core, ts);
    bodies += drained.bodies;
    bytes += drained.bytes;
    events += PER_FLUSH;
    flushes += 1;
    ts += PER_FLUSH;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { eventsPerSecond: events / elapsed, eventsPerCpuSecond: events / cpuSeconds(cpuStart), flushes, batches: bodies, bytesPerEvent: bytes / events };
}

// The one-event path Assent.track uses, for comparison (a crossing per event).
function measureTrack(core, seconds) {
  let ts = T0 + 1e9;
  let events = 0;
  const props = JSON.stringify({ tag: 'button', text: 'Add to cart', selector: 'main>button.buy' });
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() < until) {
    for (let i = 0; i < PER_FLUSH; i += 1) core.track('$click', props, '/shop/item?id=42', ts + i);
    drain(core, ts);
    events += PER_FLUSH;
    ts += PER_FLUSH;
  }
  return { eventsPerSecond: events / ((performance.now() - start) / 1000), eventsPerCpuSecond: events / cpuSeconds(cpuStart) };
}

async function main() {
  const AssentCore = require(path.join(BUILT, 'assent_core.js'));
  const mod = await AssentCore({ wasmBinary: fs.readFileSync(path.join(BUILT, 'assent_core.wasm')) });
  const config = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
  config.tracker.pendingLimit = 10000;
  // The core as both shells hold it (web/src/shell/core-guard.js).
  const { guardCore } = loadShell('core-guard.js');
  const bound = new mod.Core(JSON.stringify(config), 'bench-seed');
  const core = guardCore(bound, (error) => {
    throw error;
  });
  if (core.error()) throw new Error(core.error().error);
  core.choose('accept_all', null, 'banner', 'en', T0);

  const plainCache = plainClicks(PER_FLUSH, 0);
  const results = {
    // the core's work only: the same packed text each flush (timestamps aside)
    plainCoreOnly: measure(core, () => plainCache, 2),
    // plus packing the text in JS each flush
    plain: measure(core, (ts) => plainClicks(PER_FLUSH, ts), 2),
    mixed: measure(core, (ts) => mixedEvents(PER_FLUSH, ts), 2),
    trackPerEvent: measureTrack(core, 2),
  };
  bound.delete();
  record('wasm', results);

  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(results) + '\n');
    return;
  }
  const f = (n) => Math.round(n).toLocaleString('en-US');
  const cpu = (r) => `, ${f(r.eventsPerCpuSecond)} per CPU-second`;
  console.log(`WASM (Node ${process.version}), batch path, ${PER_FLUSH} events per ingest(), batches of ${config.tracker.batchMaxEvents}:`);
  console.log(`  plain clicks (native bench's events), core only   ${f(results.plainCoreOnly.eventsPerSecond)} events/s${cpu(results.plainCoreOnly)}`);
  console.log(`  plain clicks, with JS packing                     ${f(results.plain.eventsPerSecond)} events/s${cpu(results.plain)}`);
  console.log(`  mixed events with PII to mask, with JS packing    ${f(results.mixed.eventsPerSecond)} events/s${cpu(results.mixed)} (${f(results.mixed.bytesPerEvent)} B/event encoded)`);
  console.log(`  one track() per event (Assent.track's path)       ${f(results.trackPerEvent.eventsPerSecond)} events/s${cpu(results.trackPerEvent)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
