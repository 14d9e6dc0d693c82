// Reads the hand-written TypeScript declarations with TypeScript's own
// parser (web/node_modules/typescript), for the tests that keep them equal
// to the wire (api-types.test.cjs) and to the docs (page-api-doc.test.cjs).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const ts = require(path.join(ROOT, 'web/node_modules/typescript'));

// A file of the repository, parsed.
function parse(file) {
  const full = path.join(ROOT, file);
  return ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
}

// Every type alias and interface in the file and in its namespaces, by name.
function declarations(source) {
  const found = new Map();
  const visit = (node) => {
    if ((ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name) found.set(node.name.text, node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// The names of an interface's members (properties and methods), in order.
const memberNames = (decl) => decl.members.filter((m) => m.name).map((m) => m.name.text);

module.exports = { ROOT, ts, parse, declarations, memberNames };
