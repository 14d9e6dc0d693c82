// docs/README.md's index lists exactly the pages of docs/ and docs/recipes/: a page added
// without a row, or a row left behind for a page removed, fails here.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const DOCS = path.resolve(__dirname, '../../docs');

test("docs/README.md's index lists every page of docs/ and docs/recipes/ once, and no page that is not there", () => {
  const recipes = fs.readdirSync(path.join(DOCS, 'recipes')).filter((f) => f.endsWith('.md')).map((f) => `recipes/${f}`);
  const pages = [...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md'), ...recipes].sort();
  assert.ok(recipes.length >= 6, `the recipes: ${recipes}`);
  const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
  const rows = [...index.matchAll(/^\| \[([^\]]+)\]\(([^)]+)\) \|/gm)].map((m) => {
    assert.equal(m[1], m[2], `the row's text names the page it links: ${m[0]}`);
    return m[2];
  });
  assert.ok(pages.length >= 1 && rows.length >= 1);
  assert.deepEqual([...rows].sort(), pages, 'rows of the index against the files of docs/');
  assert.equal(new Set(rows).size, rows.length, 'each page once');
});
