'use strict';
// The benches' figures as data: when tests/bench/run sets
// ASSENT_BENCH_FIGURES to a file, each bench appends one JSON line
// {"bench": name, "figures": {...}} to it, and goals.cjs reads them back
// to print the figures against issue 11's goals. Run alone, a bench prints
// as before and records nothing.
const fs = require('node:fs');

function record(bench, figures) {
  const file = process.env.ASSENT_BENCH_FIGURES;
  if (file) fs.appendFileSync(file, JSON.stringify({ bench, figures }) + '\n');
}

module.exports = { record };
