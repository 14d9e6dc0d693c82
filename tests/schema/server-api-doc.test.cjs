// docs/server-api.md is written by hand for the people who call the server;
// these tests keep it equal to the server's code: every route the server
// registers (server.Get/Post/Delete/… in server/*.cpp, and the dashboard's
// files it serves by name) has its row in the endpoints table, no row names
// a route the server does not have, and every reason an event can be
// refused for (server/recheck.hpp) is in the page's table of reasons.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, read, unique, rowKeys, serverReasons, section: sectionOf } = require('./server-docs.cjs');

const doc = read('docs/server-api.md');
const section = (heading) => sectionOf(doc, 'docs/server-api.md', heading);

// "METHOD /path" of every route the server's sources register.
function serverRoutes() {
  const sources = fs.readdirSync(path.join(ROOT, 'server')).filter((f) => f.endsWith('.cpp'));
  const routes = [];
  for (const file of sources) {
    const text = read(`server/${file}`);
    for (const [, method, route] of text.matchAll(/server\.(Get|Post|Put|Patch|Delete|Options)\("([^"]+)"/g)) {
      routes.push(`${method.toUpperCase()} ${route}`);
    }
    // The dashboard's own files: server.Get(std::string("/dashboard/") + name, …)
    // over a list of std::pair{"<name>", "<type>"}.
    if (/server\.Get\(std::string\("\/dashboard\/"\) \+ name/.test(text)) {
      for (const [, name] of text.matchAll(/std::pair\{"([^"]+)", "[^"]+"\}/g)) routes.push(`GET /dashboard/${name}`);
    }
  }
  return unique(routes);
}

// The "METHOD /path" code spans in the first cell of each row of a section's tables.
function documentedRoutes(text) {
  const routes = [];
  for (const line of text.split('\n')) {
    const cell = /^\| ([^|]+) \|/.exec(line);
    if (!cell) continue;
    for (const [, method, route] of cell[1].matchAll(/`(GET|POST|PUT|PATCH|DELETE|OPTIONS) (\/[^`?\s]*)/g)) routes.push(`${method} ${route}`);
  }
  return unique(routes);
}

test('the server registers routes, and the page has a table of endpoints', () => {
  // Guards the readers: an empty list on either side would pass everything below.
  assert.ok(serverRoutes().length >= 10, `routes found in server/: ${serverRoutes()}`);
  assert.ok(serverRoutes().includes('GET /dashboard/dashboard.js'), 'the dashboard files are found');
  assert.ok(documentedRoutes(section('## Endpoints')).length >= 10);
});

test('every route the server registers has its row in the endpoints table, and the table names no other', () => {
  const routes = serverRoutes();
  const rows = documentedRoutes(section('## Endpoints'));
  assert.deepEqual(
    { missing: routes.filter((r) => !rows.includes(r)), unknown: rows.filter((r) => !routes.includes(r)) },
    { missing: [], unknown: [] },
    'rows of "Endpoints" in docs/server-api.md against the routes of server/*.cpp',
  );
});

test('every reason an event can be refused for has its row, and the page names no other', () => {
  const reasons = serverReasons();
  assert.ok(reasons.length >= 5, `reasons found: ${reasons}`);
  const rows = rowKeys(section('## How an event is re-checked'));
  assert.deepEqual(
    { missing: reasons.filter((r) => !rows.includes(r)), unknown: rows.filter((r) => !reasons.includes(r)) },
    { missing: [], unknown: [] },
  );
});
