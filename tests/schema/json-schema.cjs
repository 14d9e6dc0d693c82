// The draft-07 keywords Assent's config schema uses, and nothing more, as a
// validator: the problems of a value, each with its JSON path. Shared by the
// schema's own tests and the package's (tests/package), which checks the
// schema the package ships.
'use strict';

function validator(schema) {
  function validate(value, node, at = '$') {
    if (node.$ref) node = schema.definitions[node.$ref.split('/').pop()];
    const problems = [];
    const fail = (why) => problems.push(`${at}: ${why}`);
    const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
    if (node.type && !(node.type === kind || (node.type === 'number' && kind === 'integer'))) return [`${at}: must be ${node.type}`];
    if (node.enum && !node.enum.includes(value)) fail(`must be one of ${node.enum.join(', ')}`);
    if (node.const !== undefined && value !== node.const) fail(`must be ${node.const}`);
    if (node.not && validate(value, node.not, at).length === 0) fail('is not allowed');
    if (node.oneOf && node.oneOf.filter((n) => validate(value, n, at).length === 0).length !== 1) fail('must match exactly one form');
    if (typeof value === 'string') {
      if (node.pattern && !new RegExp(node.pattern, 'u').test(value)) fail(`must match ${node.pattern}`);
      if (node.minLength !== undefined && value.length < node.minLength) fail('is too short');
    }
    if (typeof value === 'number') {
      if (node.minimum !== undefined && value < node.minimum) fail(`must be at least ${node.minimum}`);
      if (node.maximum !== undefined && value > node.maximum) fail(`must be at most ${node.maximum}`);
    }
    if (kind === 'array') {
      if (node.minItems !== undefined && value.length < node.minItems) fail(`needs ${node.minItems} items`);
      if (node.items) value.forEach((item, i) => problems.push(...validate(item, node.items, `${at}[${i}]`)));
    }
    if (kind === 'object') {
      const keys = Object.keys(value);
      if (node.minProperties !== undefined && keys.length < node.minProperties) fail(`needs ${node.minProperties} entries`);
      for (const key of node.required || []) if (!(key in value)) fail(`${key} is missing`);
      for (const key of keys) {
        const where = `${at}.${key}`;
        if (node.propertyNames) problems.push(...validate(key, node.propertyNames, `${where} (name)`));
        if (node.properties && key in node.properties) problems.push(...validate(value[key], node.properties[key], where));
        else if (node.additionalProperties === false) problems.push(`${where}: unknown key`);
        else if (typeof node.additionalProperties === 'object') problems.push(...validate(value[key], node.additionalProperties, where));
      }
    }
    return problems;
  }
  return validate;
}

module.exports = { validator };
