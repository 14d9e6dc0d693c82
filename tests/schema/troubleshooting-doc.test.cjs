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
const { read, unique, rowKeys, serverReasons, section: sectionOf } = require('./server-docs.cjs');

const doc = read('docs/troubleshooting.md');
const section = (heading) => sectionOf(doc, 'docs/troubleshooting.md', heading);

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
