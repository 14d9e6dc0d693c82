// The TypeScript type of a config, made from the JSON Schema
// (assent.config.schema.json) so that the two cannot drift:
//   node web/schema/config-types.mjs          prints it
//   node web/schema/config-types.mjs --write  rewrites web/types/assent-config.d.ts
// tests/schema checks that the committed file is what this makes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_FILE = join(here, 'assent.config.schema.json');
export const TYPES_FILE = join(here, '../types/assent-config.d.ts');

const indent = (depth) => '  '.repeat(depth);
const doc = (node, depth) => (node.description ? `${indent(depth)}/** ${node.description} */\n` : '');
const literal = (value) => JSON.stringify(value).replace(/"/g, "'");

function typeOf(node, schema, depth) {
  if (node.$ref) return refName(node.$ref);
  if (node.enum) return node.enum.map(literal).join(' | ');
  if (node.const !== undefined) return literal(node.const);
  if (node.oneOf) return node.oneOf.map((n) => typeOf(n, schema, depth)).join(' | ');
  if (node.type === 'array') return `Array<${typeOf(node.items || {}, schema, depth)}>`;
  if (node.type === 'object' || node.properties || node.additionalProperties) return objectType(node, schema, depth);
  return { string: 'string', integer: 'number', number: 'number', boolean: 'boolean' }[node.type] || 'unknown';
}

function objectType(node, schema, depth) {
  const lines = [];
  const required = new Set(node.required || []);
  for (const [key, child] of Object.entries(node.properties || {})) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : literal(key);
    lines.push(`${doc(child, depth + 1)}${indent(depth + 1)}${name}${required.has(key) ? '' : '?'}: ${typeOf(child, schema, depth + 1)};`);
  }
  const extra = node.additionalProperties;
  if (extra && typeof extra === 'object') {
    const names = node.propertyNames && node.propertyNames.enum;
    const value = typeOf(extra, schema, depth);
    if (!lines.length) return names ? `Partial<Record<${names.map(literal).join(' | ')}, ${value}>>` : `Record<string, ${value}>`;
    lines.push(`${indent(depth + 1)}[key: string]: ${value};`);
  }
  return `{\n${lines.join('\n')}\n${indent(depth)}}`;
}

const refName = (ref) => `AssentConfig${ref.slice(ref.lastIndexOf('/') + 1).replace(/^./, (c) => c.toUpperCase())}`;

export function configTypes(schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))) {
  const parts = [
    '// Generated from web/schema/assent.config.schema.json by web/schema/config-types.mjs; do not edit.',
    '',
  ];
  for (const [name, node] of Object.entries(schema.definitions || {})) {
    parts.push(`${doc(node, 0)}export type ${refName(`#/definitions/${name}`)} = ${typeOf(node, schema, 0)};`, '');
  }
  parts.push(`${doc(schema, 0)}export interface AssentConfig ${objectType(schema, schema, 0)}`, '');
  return parts.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = configTypes();
  if (process.argv.includes('--write')) writeFileSync(TYPES_FILE, text);
  else process.stdout.write(text);
}
