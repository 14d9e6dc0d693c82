'use strict';
// The last part of tests/bench/run: issue 11's goals beside the figures the
// run measured, with the ratio and the verdict, and for a goal not met,
// where the run printed the profile of the remaining cost and the levers
// that profile points to (their figures: docs/performance.md). It reads the
// JSON lines the benches recorded (figures.cjs) and Google Benchmark's JSON
// of the native run. It prints; it asserts nothing.
// Usage: node tests/bench/goals.cjs FIGURES.jsonl [NATIVE.json]
const fs = require('node:fs');

function readFigures(file) {
  const byBench = {};
  if (!file || !fs.existsSync(file)) return byBench;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { bench, figures } = JSON.parse(line);
    byBench[bench] = figures;
  }
  return byBench;
}

function nativeEventsPerSecond(file) {
  if (!file || !fs.existsSync(file)) return undefined;
  const run = JSON.parse(fs.readFileSync(file, 'utf8'));
  const row = (run.benchmarks || []).find((b) => b.name === 'ingestAndBatch');
  return row ? row.items_per_second : undefined;
}

// Each goal: what it measures, how to read it from the figures, the bound,
// and where the run printed what the rest costs when it is not met.
function goals(figures, native) {
  return [
    {
      figure: 'first-visit payload, brotli -q 11 (assent.js + .wasm + .css + prompt chunk)',
      value: figures.size && figures.size.total.brotli,
      unit: 'B',
      atMost: 32768,
      profile: '"== size": bytes by file and by JS module; "== size: where assent.wasm\'s code bytes go": by source file and function',
      remedy: 'the config checked where it is written and shipped compact (about 4-5 KB); past that, a decision, not a trim: the goal restated per part',
    },
    {
      figure: 'navigation start -> visible "reject all", Assent / cookieconsent v3 (medians)',
      value: figures.banner && figures.banner.ratio,
      unit: '',
      atMost: 1,
      profile: '"== Chromium: the banner beside cookieconsent v3": both medians and quartiles',
    },
    {
      figure: 'gated batch path in WASM under Node, core only (ingest + gate + mask + encode)',
      value: figures.wasm && figures.wasm.plainCoreOnly.eventsPerSecond,
      unit: 'events/s',
      atLeast: 1e6,
      profile: '"== native: instructions per event": the same core code, by function and by part (ingest, take, settle)',
      remedy: 'the same levers as natively',
    },
    {
      figure: 'gated batch path natively (ingestAndBatch)',
      value: native,
      unit: 'events/s',
      atLeast: 5e6,
      profile: '"== native: instructions per event": by function and by part (ingest, take, settle)',
      remedy: 'one byte arena for the queued events (about 330 instructions an event), then a cheaper read of the packed text and its escapes',
    },
  ];
}

function verdict(goal) {
  if (goal.value === undefined) return { ratio: '', text: 'not measured in this run' };
  const ratio = goal.atMost !== undefined ? goal.value / goal.atMost : goal.value / goal.atLeast;
  const met = goal.atMost !== undefined ? goal.value <= goal.atMost : goal.value >= goal.atLeast;
  return { ratio: ratio.toFixed(2), text: met ? 'met' : 'NOT met', met };
}

function main() {
  const [figuresFile, nativeFile] = process.argv.slice(2);
  const figures = readFigures(figuresFile);
  const n = (x) => (x === undefined ? '-' : Number.isInteger(x) || x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
  const list = goals(figures, nativeEventsPerSecond(nativeFile));
  console.log(`  ${'figure'.padEnd(80)} ${'measured'.padStart(12)} ${'goal'.padStart(14)}  ratio  verdict`);
  for (const goal of list) {
    const v = verdict(goal);
    const bound = goal.atMost !== undefined ? `<= ${n(goal.atMost)}` : `>= ${n(goal.atLeast)}`;
    console.log(`  ${goal.figure.padEnd(80)} ${n(goal.value).padStart(12)} ${`${bound} ${goal.unit}`.trim().padStart(14)}  ${v.ratio.padStart(5)}  ${v.text}`);
  }
  const unmet = list.filter((goal) => verdict(goal).met === false);
  if (!unmet.length) return;
  console.log('  For each goal not met: where the rest is (printed above) and what would remove it (docs/performance.md)');
  for (const goal of unmet) console.log(`  - ${goal.figure}\n      where: ${goal.profile}\n      what would remove it: ${goal.remedy}`);
}

main();
