// docs/troubleshooting.md is written by hand for site owners; these tests
// keep what it lists equal to the server's code: every reason the server can
// count an event refused for (server/recheck.hpp's refusal names, the keys
// of a batch answer's "refused" and the labels of
// assent_events_refused_total) has its row, no row names a reason the
// server does not have, and every metric the page names is one /metrics
// writes (server/metrics.cpp).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const doc = read('docs/troubleshooting.md');
const unique = (list) => [...new Set(list)].sort();

// The names in `namespace refusal { … }`: inline constexpr const char* kX = "reason";
function serverReasons() {
  const block = /namespace refusal \{([\s\S]*?)\}/.exec(read('server/recheck.hpp'));
  assert.ok(block, 'server/recheck.hpp has a namespace refusal');
  const reasons = [...block[1].matchAll(/constexpr const char\* (k\w+) = "([^"]+)"/g)];
  // Each must be used where events are judged, or it is no reason the server counts.
  const recheck = read('server/recheck.cpp');
  return unique(reasons.filter(([, constant]) => recheck.includes(`refusal::${constant}`)).map((m) => m[2]));
}

// One part of the page: from a heading to the next of the same or a higher level.
function section(heading) {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `docs/troubleshooting.md has "${heading}"`);
  const level = heading.split(' ')[0];
  const next = [...doc.slice(start + 1).matchAll(/^(#+) /gm)].find((m) => m.index > 0 && m[1].length <= level.length);
  return doc.slice(start, next ? start + 1 + next.index : undefined);
}

// The first cells of a section's tables that are one code span.
const rowKeys = (text) =>
  unique(text.split('\n').map((line) => /^\| `([^`]+)` \|/.exec(line)).filter(Boolean).map((m) => m[1]));

test('the server counts refusal reasons, and the page has a table of them', () => {
  // Guards the readers: an empty list on either side would pass everything below.
  assert.ok(serverReasons().length >= 5, `reasons found in the server: ${serverReasons()}`);
  assert.ok(rowKeys(section('### Events refused by the server')).length >= 5);
});

test('every reason the server can count an event refused for has its row, and the page names no other', () => {
  const reasons = serverReasons();
  const rows = rowKeys(section('### Events refused by the server'));
  assert.deepEqual(
    { missing: reasons.filter((r) => !rows.includes(r)), unknown: rows.filter((r) => !reasons.includes(r)) },
    { missing: [], unknown: [] },
    'rows of "Events refused by the server" against server/recheck.hpp',
  );
});

test('every metric the page names is one /metrics writes, and the metrics table has them all', () => {
  const written = unique([...read('server/metrics.cpp').matchAll(/header\(out, "(assent_\w+)"/g)].map((m) => m[1]));
  assert.ok(written.length >= 5, `metrics found: ${written}`);
  const named = unique([...doc.matchAll(/\bassent_[a-z_]+/g)].map((m) => m[0]));
  assert.deepEqual(named.filter((m) => !written.includes(m)), [], 'metrics named in docs/troubleshooting.md that server/metrics.cpp does not write');
  const table = rowKeys(section("## What to look at in `/metrics`"));
  assert.deepEqual(written.filter((m) => !table.includes(m)), [], 'metrics of server/metrics.cpp without a row');
});
