// docs/page-api.md is written by hand for people; these tests keep it equal
// to what a page can use: the declared public API (web/types/assent.d.ts,
// which tests/e2e/types.test.cjs keeps equal to the object at run time), the
// data-* attributes the browser shell reads from a page, and the functions
// the mini-program's entry exports. A member added, renamed or removed on
// either side fails here until the page says so.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, ts, parse, declarations, memberNames } = require('./declarations.cjs');

const doc = fs.readFileSync(path.join(ROOT, 'docs/page-api.md'), 'utf8');
const types = declarations(parse('web/types/assent.d.ts'));

const unique = (list) => [...new Set(list)].sort();
// The page's headings of one form: "### `Assent.track(name, props?)`", "### Event `change`".
const headings = (pattern) => unique([...doc.matchAll(pattern)].map((m) => m[1]));
const documentedMembers = headings(/^### `Assent\.(\w+)/gm);
const documentedEvents = headings(/^### Event `(\w+)`/gm);

// One part of the page: from a "## " heading to the next one.
function section(title) {
  const start = doc.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/page-api.md has a section "## ${title}"`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

test('the declarations and the page both have members and events to compare', () => {
  // Guards the readers themselves: an empty list would pass everything below.
  assert.ok(memberNames(types.get('AssentApi')).length >= 15);
  assert.ok(documentedMembers.length >= 15, `members documented: ${documentedMembers.length}`);
  assert.ok(documentedEvents.length >= 3, `events documented: ${documentedEvents.length}`);
});

test('every member of AssentApi has its heading in docs/page-api.md, and the page documents no other', () => {
  const declared = unique(memberNames(types.get('AssentApi')));
  assert.deepEqual(
    { missing: declared.filter((m) => !documentedMembers.includes(m)), undeclared: documentedMembers.filter((m) => !declared.includes(m)) },
    { missing: [], undeclared: [] },
    'Assent.* headings of docs/page-api.md against AssentApi in web/types/assent.d.ts',
  );
});

test('every event of AssentEventMap has its heading in docs/page-api.md, and the page documents no other', () => {
  const declared = unique(memberNames(types.get('AssentEventMap')));
  assert.deepEqual(
    { missing: declared.filter((e) => !documentedEvents.includes(e)), undeclared: documentedEvents.filter((e) => !declared.includes(e)) },
    { missing: [], undeclared: [] },
    'Event headings of docs/page-api.md against AssentEventMap in web/types/assent.d.ts',
  );
});

// The data-* attributes the browser shell looks for on a page's elements:
// the page-facing code (the entry and API, the bridges, autocapture), not
// the UI, which only reads back the attributes it wrote itself.
function pageAttributes() {
  const found = new Set();
  for (const dir of ['web/src/browser', 'web/src/bridges', 'web/src/tracker']) {
    for (const file of fs.readdirSync(path.join(ROOT, dir))) {
      const text = fs.readFileSync(path.join(ROOT, dir, file), 'utf8');
      for (const [name] of text.matchAll(/data-[a-z]+(?:-[a-z]+)*/g)) found.add(name);
    }
  }
  found.delete('data-assent'); // the prefix autocapture leaves out of a click's props
  return unique([...found]);
}

test("every data-* attribute the browser shell reads from a page is in the page's attribute table, and the table names no other", () => {
  const read = pageAttributes();
  assert.ok(read.length >= 8, `attributes found: ${read}`);
  const table = section('HTML attributes')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1]);
  const listed = unique(table.flatMap((cell) => [...cell.matchAll(/`[^`]*?(data-[a-z-]+)/g)].map((m) => m[1])));
  assert.deepEqual(
    { missing: read.filter((a) => !listed.includes(a)), unknown: listed.filter((a) => !read.includes(a)) },
    { missing: [], unknown: [] },
    'first cells of the "HTML attributes" table against the attributes web/src/{browser,bridges,tracker} read',
  );
});

// The names web/src/miniprogram/index.js exports.
function miniprogramExports() {
  const names = [];
  const exported = (node) => (ts.getModifiers ? ts.getModifiers(node) || [] : node.modifiers || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const node of parse('web/src/miniprogram/index.js').statements) {
    if (!exported(node)) continue;
    if (ts.isFunctionDeclaration(node) && node.name) names.push(node.name.text);
    if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) names.push(d.name.text);
  }
  return unique(names);
}

test("every function the mini-program's entry exports is named in the page's mini-program section", () => {
  const exported = miniprogramExports();
  assert.ok(exported.length >= 20, `exports found: ${exported}`);
  const text = section('The mini-program');
  const missing = exported.filter((name) => !new RegExp('`' + name + '[`(]').test(text));
  assert.deepEqual(missing, [], 'exports of web/src/miniprogram/index.js not named in docs/page-api.md');
});
