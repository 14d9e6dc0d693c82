// What the tests that keep a hand-written page equal to the server's code
// (server-api-doc, troubleshooting-doc) read the same way: the files, a
// page's sections and tables, and the reasons the server refuses events for.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const unique = (list) => [...new Set(list)].sort();

// One part of a page (its text, named `file` in messages): from a heading to
// the next of the same or a higher level.
function section(text, file, heading) {
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${file} has "${heading}"`);
  const level = heading.split(' ')[0];
  const next = [...text.slice(start + 1).matchAll(/^(#+) /gm)].find((m) => m.index > 0 && m[1].length <= level.length);
  return text.slice(start, next ? start + 1 + next.index : undefined);
}

// The first cells of a section's tables that are one code span.
const rowKeys = (text) =>
  unique(text.split('\n').map((line) => /^\| `([^`]+)` \|/.exec(line)).filter(Boolean).map((m) => m[1]));

// The names in server/recheck.hpp's `namespace refusal { … }` (inline
// constexpr const char* kX = "reason";) that recheck.cpp uses where events
// are judged: a name it does not use is no reason the server counts.
function serverReasons() {
  const block = /namespace refusal \{([\s\S]*?)\}/.exec(read('server/recheck.hpp'));
  assert.ok(block, 'server/recheck.hpp has a namespace refusal');
  const reasons = [...block[1].matchAll(/constexpr const char\* (k\w+) = "([^"]+)"/g)];
  const recheck = read('server/recheck.cpp');
  return unique(reasons.filter(([, constant]) => recheck.includes(`refusal::${constant}`)).map((m) => m[2]));
}

module.exports = { ROOT, read, unique, section, rowKeys, serverReasons };
