// Where assent.wasm's bytes go: the code bytes of each function of a copy of
// the main module linked with its function names (wasm/CMakeLists.txt's
// assent_wasm_profile, built by tests/bench/wasm_profile.sh; never shipped),
// grouped by the source file that defines each function, or by library.
// A function's file comes from the symbols of the core's compiled objects
// (llvm-nm reads their LTO bitcode), so a helper in an anonymous namespace
// is still found; libc++ and libc go by name. Prints each group's bytes and
// share, the top functions, and what the module holds besides code.
//   node tests/bench/wasm_profile.cjs [--all] [module.wasm] [objects dir]
// --all lists every function (bytes, group, name), to compare two builds.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const ALL = process.argv.includes('--all');
const ARGS = process.argv.slice(2).filter((a) => a !== '--all');
const WASM = ARGS[0] || path.join(ROOT, 'build/wasm/wasm/assent_core_profile.wasm');
const OBJECTS = ARGS[1] || path.join(ROOT, 'build/wasm');
const TOP = 25;

// Source file -> the group it is counted in.
const GROUPS = [
  [/config\.cpp$/, 'config reader (config.cpp)'],
  [/wire\.cpp$/, 'wire (wire.cpp)'],
  [/json\.cpp$/, 'JSON reader (json.cpp)'],
  [/json_writer\.cpp$/, 'JSON writer (json_writer.cpp)'],
  [/(ledger|record|codec)\.cpp$/, 'ledger, record, codec'],
  [/core\.cpp$/, 'core (core.cpp)'],
  [/prompt\.cpp$/, 'prompt (prompt.cpp)'],
  [/(gate|tracker|mask|batch|timeline)\.cpp$/, 'gate, tracker, mask, batch, timeline'],
  [/script_urls\.cpp$/, 'script URLs (script_urls.cpp)'],
  [/(ids|sha256|consent_mode)\.cpp$/, 'ids, sha256, consent mode'],
  [/bindings\.cpp$/, 'exports (bindings.cpp)'],
  [/(tcf|gpp)\//, 'TCF / GPP (should be none here)'],
];

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

// The module's sections, each function body's size and the function names.
function readModule(bytes) {
  const sections = [];
  const bodies = [];
  const names = new Map();
  let imported = 0;
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    const end = start + size;
    let label = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'][id];
    if (id === 0) {
      const [len, p] = leb(bytes, start);
      const name = bytes.subarray(p, p + len).toString();
      label = `custom "${name}"`;
      if (name === 'name') readNames(bytes, p + len, end, names);
    } else if (id === 2) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 2; k++) { const [l, q] = leb(bytes, p); p = q + l; }
        const kind = bytes[p++];
        if (kind === 0) { imported++; p = leb(bytes, p)[1]; }
        else if (kind === 1) { p += 1; const flags = bytes[p++]; p = leb(bytes, p)[1]; if (flags & 1) p = leb(bytes, p)[1]; }
        else if (kind === 2) { const flags = bytes[p++]; p = leb(bytes, p)[1]; if (flags & 1) p = leb(bytes, p)[1]; }
        else if (kind === 3) p += 2;
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [len, q] = leb(bytes, p);
        bodies.push({ index: imported + i, bytes: q + len - p });
        p = q + len;
      }
    }
    sections.push({ label, bytes: end - at });
    at = end;
  }
  return { sections, bodies, names };
}

function readNames(bytes, at, end, names) {
  while (at < end) {
    const kind = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (kind === 1) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [index, q] = leb(bytes, p);
        const [len, r] = leb(bytes, q);
        names.set(index, bytes.subarray(r, r + len).toString());
        p = r + len;
      }
    }
    at = start + size;
  }
}

// Function name -> the sources whose objects define it: `strong` (T, t: the
// file's own functions, anonymous namespaces included) and `weak` (W: inline
// functions and templates from headers, one copy in each user). llvm-nm reads
// the LTO bitcode and demangles as wasm-ld does for the name section.
function definitions() {
  const where = new Map();
  const objects = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/(assent_core|assent_wasm_profile)\.dir\/.*\.cpp\.o$/.test(file)) objects.push(file);
    }
  };
  walk(OBJECTS);
  for (const object of objects) {
    const out = execFileSync('llvm-nm', ['-C', '--defined-only', object], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const source = object.replace(/.*\.dir\//, '').replace(/\.o$/, '');
    for (const line of out.split('\n')) {
      const m = /^\S+ (\w) (.*)$/.exec(line);
      if (!m) continue;
      if (!where.has(m[2])) where.set(m[2], { strong: new Set(), weak: new Set() });
      where.get(m[2])[/[Tt]/.test(m[1]) ? 'strong' : 'weak'].add(source);
    }
  }
  return where;
}

const groupOfFile = (file) => (GROUPS.find(([re]) => re.test(file)) || [null, `other (${file})`])[1];

function groupOf(name, where) {
  const found = where.get(name.replace(/\.\d+$/, ''));
  if (found && found.strong.size === 1) return groupOfFile([...found.strong][0]);
  if (/^std::__2::(basic_string|__basic_string|char_traits|basic_string_view|to_string)/.test(name)) return 'libc++ strings';
  if (/^std::__2::(__tree|map|set|__hash|unordered|vector|__split_buffer|__vector|__function|function|optional|__optional|pair|tuple|variant|__variant)/.test(name)) return 'libc++ containers';
  if (/^std::/.test(name)) return 'libc++ other';
  if (found && found.weak.size) {
    const groups = new Set([...found.weak].map(groupOfFile));
    return groups.size === 1 ? [...groups][0] : 'inline, in several files (headers)';
  }
  if (/^assent::/.test(name)) return 'inline, in several files (headers)';
  if (!/::/.test(name)) return 'libc, emmalloc, runtime';
  return 'other';
}

function main() {
  if (!fs.existsSync(WASM)) throw new Error(`not built: ${path.relative(ROOT, WASM)} (bash tests/bench/wasm_profile.sh builds it)`);
  const bytes = fs.readFileSync(WASM);
  const { sections, bodies, names } = readModule(bytes);
  const where = definitions();
  const groups = new Map();
  const functions = bodies.map((b) => {
    const name = names.get(b.index) || `function ${b.index}`;
    return { ...b, name, group: groupOf(name, where) };
  });
  for (const f of functions) {
    const g = groups.get(f.group) || { bytes: 0, count: 0 };
    g.bytes += f.bytes;
    g.count += 1;
    groups.set(f.group, g);
  }
  if (ALL) {
    for (const f of functions) console.log(`${f.bytes}\t${f.group}\t${f.name}`);
    return;
  }
  const code = functions.reduce((s, f) => s + f.bytes, 0);
  const shipped = path.join(ROOT, 'build/web/assent.wasm');
  console.log(`Module ${path.relative(ROOT, WASM)}: ${bytes.length} bytes raw with its names` +
    (fs.existsSync(shipped) ? ` (build/web/assent.wasm, without them: ${fs.statSync(shipped).size})` : ''));
  console.log(`  sections: ${sections.filter((s) => s.bytes > 64).map((s) => `${s.label} ${s.bytes}`).join(', ')}`);
  console.log(`Code bytes by where the function is defined (${functions.length} functions, ${code} bytes):`);
  const pct = (n) => `${((100 * n) / code).toFixed(1).padStart(5)}%`;
  for (const [group, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes))
    console.log(`  ${group.padEnd(40)} ${String(g.bytes).padStart(7)} ${pct(g.bytes)} ${String(g.count).padStart(5)} functions`);
  console.log(`Top ${TOP} functions:`);
  for (const f of [...functions].sort((a, b) => b.bytes - a.bytes).slice(0, TOP)) {
    const name = f.name.length > 110 ? `${f.name.slice(0, 107)}...` : f.name;
    console.log(`  ${String(f.bytes).padStart(6)} ${pct(f.bytes)}  ${name}  [${f.group}]`);
  }
  console.log('  (LTO inlines freely: a function counts everything inlined into it, so a caller\'s group');
  console.log('  holds the bytes of the helpers, templates and libc++ code it absorbed, and a library');
  console.log('  group only what stayed a call: assent_open holds the config reader and Core\'s constructor,');
  console.log('  and the wire\'s $_N::__invoke are its method handlers, in wire.cpp\'s order. Raw bytes, before');
  console.log('  brotli; the data section is mostly the error messages\' and names\' text.)');
}

main();
