// The hand-written types are checked against the one description of the
// names they carry, the wire (core/src/wire.cpp, generated into
// web/src/shell/wire-names.js, itself checked by tests/core/wire_test.cpp):
// the public API's record and prompt unions (web/types/assent.d.ts), and the
// mini-program shell's view of the core (web/src/miniprogram/types.d.ts),
// whose methods must be exactly the wire's.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ts, parse, declarations } = require('./declarations.cjs');
const { loadShell } = require('../shell/load.cjs');
const wireNames = async () => loadShell('wire-names.js');

// The string literals of a union type ('a' | 'b').
function literals(type) {
  assert.ok(ts.isUnionTypeNode(type), `${type.getText()} is a union of strings`);
  return type.types.map((t) => {
    assert.ok(ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal), `${t.getText()} is a string`);
    return t.literal.text;
  });
}

function member(decl, name) {
  const found = decl.members.find((m) => m.name && m.name.text === name);
  assert.ok(found, `${decl.name.text}.${name} is declared`);
  return found;
}

test('the public types name exactly the methods, surfaces and prompt kinds the wire does', async () => {
  const wire = await wireNames();
  const types = declarations(parse('web/types/assent.d.ts'));
  assert.deepEqual(literals(types.get('AssentMethod').type), wire.DecisionMethods);
  assert.deepEqual(literals(types.get('AssentSurface').type), wire.Surfaces);
  assert.deepEqual(literals(types.get('AssentPromptKind').type), Object.values(wire.PromptKind));
  for (const field of ['method', 'surface']) {
    assert.match(member(types.get('AssentRecord'), field).type.getText(), /^Assent(Method|Surface)$/);
  }
});

test("the mini-program's view of the core declares every wire method and no other, and the wire's prompt kinds", async () => {
  const wire = await wireNames();
  const types = declarations(parse('web/src/miniprogram/types.d.ts'));
  const core = types.get('Core');
  const declared = core.members.filter((m) => ts.isMethodSignature(m)).map((m) => m.name.text).sort();
  assert.deepEqual(declared, Object.keys(wire.DEAD_ANSWERS).sort());
  assert.deepEqual(literals(member(types.get('PromptModel'), 'kind').type), Object.values(wire.PromptKind));
  const load = member(types.get('PlaceholderOutcome'), 'load').type;
  assert.deepEqual(literals(load), Object.values(wire.EmbedLoad));
});
