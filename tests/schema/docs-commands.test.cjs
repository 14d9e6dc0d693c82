// Every `assent-server …` command line shown on the pages of docs/ must be
// one the server accepts: its command and flags are read from
// server/options.cpp (the parser itself, so no build is needed), and each
// line is parsed the way parseOptions() parses argv. A renamed or removed
// flag fails here until the pages stop showing it; a page that shows a flag
// the server never had fails too.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const options = fs.readFileSync(path.join(ROOT, 'server/options.cpp'), 'utf8');

// What parseOptions() accepts, from its source.
function accepted() {
  const commandFn = /bool command\([^)]*\) \{([\s\S]*?)\n\}/.exec(options);
  assert.ok(commandFn, 'server/options.cpp has command()');
  const commands = [...commandFn[1].matchAll(/word == "([a-z]+)"/g)].map((m) => m[1]);
  // The flags that take a value: the `flag != "--x" && …` list of known flags.
  const known = /if \((flag != "--[a-z]+"(?: && flag != "--[a-z]+")*)\)/.exec(options);
  assert.ok(known, 'server/options.cpp lists its flags as flag != "--…"');
  const valued = [...known[1].matchAll(/"(--[a-z]+)"/g)].map((m) => m[1]);
  const bare = [...options.matchAll(/flag == "(-{1,2}[a-z]+)" \|\| flag == "(-{1,2}[a-z]+)"/g)].flatMap((m) => [m[1], m[2]]);
  return { commands, valued, bare };
}

const SHELL_STOP = new Set(['|', '||', '&&', ';', '>', '>>', '2>', '2>&1', '#', '&']);

// The `assent-server …` lines of one page: in fenced blocks, and in inline
// code spans outside them. The binary is `assent-server` or a path ending in it.
function commandLines(text) {
  const lines = [];
  const fenced = /^```[^\n]*\n([\s\S]*?)^```/gm;
  for (const [, body] of text.matchAll(fenced)) lines.push(...body.split('\n'));
  for (const [, span] of text.replace(fenced, '').matchAll(/`([^`\n]+)`/g)) lines.push(span);
  const found = [];
  for (const line of lines) {
    const words = line.trim().split(/\s+/);
    const at = words.findIndex((w) => w === 'assent-server' || w.endsWith('/assent-server'));
    if (at < 0) continue;
    const args = [];
    for (const w of words.slice(at + 1)) {
      if (SHELL_STOP.has(w)) break;
      args.push(w);
    }
    found.push({ line: line.trim(), args });
  }
  return found;
}

// parseOptions() as a list of problems, for one argv.
function problems(args, { commands, valued, bare }) {
  const out = [];
  for (let i = 0; i < args.length; i += 1) {
    let flag = args[i];
    if (i === 0 && commands.includes(flag)) continue;
    if (bare.includes(flag)) continue;
    let value;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq >= 0) [flag, value] = [flag.slice(0, eq), flag.slice(eq + 1)];
    if (!flag.startsWith('--')) {
      out.push(`${flag}: unknown command`);
      continue;
    }
    if (!valued.includes(flag)) {
      out.push(`${flag}: unknown flag`);
      // Its value, if it has one, is not a second problem (as in parseOptions).
      if (value === undefined && i + 1 < args.length && !args[i + 1].startsWith('-')) i += 1;
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= args.length) {
        out.push(`${flag}: needs a value`);
        continue;
      }
      value = args[(i += 1)];
    }
    if (flag === '--port' && !/^(\d+|PORT)$/.test(value)) out.push(`--port ${value}: not a port`);
    if (flag === '--anchor' && !/^(\d+|SEQ):\S+$/.test(value)) out.push(`--anchor ${value}: not SEQ:LINKHASH`);
    if (value === '') out.push(`${flag}: empty`);
  }
  return out;
}

const pages = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
const shown = pages.flatMap((page) =>
  commandLines(fs.readFileSync(path.join(ROOT, 'docs', page), 'utf8')).map((c) => ({ page, ...c })),
);

test("the server's commands and flags are read from server/options.cpp", () => {
  const { commands, valued, bare } = accepted();
  assert.deepEqual(commands, ['serve', 'validate', 'verify', 'consume']);
  assert.ok(valued.includes('--config') && valued.length >= 4, `flags: ${valued}`);
  assert.ok(bare.includes('--help'), `flags without a value: ${bare}`);
});

test('the pages of docs/ show assent-server command lines to check, each of its commands among them', () => {
  assert.ok(shown.length >= 5, `command lines found: ${shown.map((c) => c.line)}`);
  for (const command of accepted().commands.filter((c) => c !== 'serve')) {
    assert.ok(shown.some((c) => c.args[0] === command), `a page shows assent-server ${command}`);
  }
});

test('every assent-server command line on the pages of docs/ is one server/options.cpp accepts', () => {
  const rules = accepted();
  const wrong = shown
    .map((c) => ({ at: `docs/${c.page}: ${c.line}`, problems: problems(c.args, rules) }))
    .filter((c) => c.problems.length);
  assert.deepEqual(wrong, []);
});

// The programs the build makes, as the pages name them: build/native/DIR/NAME
// is where CMake puts `add_executable(NAME …)` of DIR/CMakeLists.txt (no
// output directory is set anywhere). A page that names a program the build
// does not make there, or names one by its source folder (a command a
// reader would run and not find), fails here without a build.
const PAGES_WITH_PROGRAMS = [
  'README.md',
  'server/README.md',
  'web/package/README.md',
  ...pages.map((page) => `docs/${page}`),
  ...fs.readdirSync(path.join(ROOT, 'docs/recipes')).filter((f) => f.endsWith('.md')).map((f) => `docs/recipes/${f}`),
];

test('every program a page names under build/native/ is one the build makes there, and none is named by its source folder', () => {
  const named = [];
  const wrong = [];
  for (const page of PAGES_WITH_PROGRAMS) {
    const text = fs.readFileSync(path.join(ROOT, page), 'utf8');
    for (const [, dir, name] of text.matchAll(/build\/native\/([\w/-]+)\/([\w-]+)(?![\w./-])/g)) {
      named.push(name);
      const cmake = path.join(ROOT, dir, 'CMakeLists.txt');
      const made = fs.existsSync(cmake) && new RegExp(`add_executable\\(${name}[\\s)]`).test(fs.readFileSync(cmake, 'utf8'));
      if (!made) wrong.push(`${page}: build/native/${dir}/${name} is not built`);
    }
    for (const m of text.matchAll(/(\S*)tools\/validate\/assent-validate/g)) {
      if (!m[1].endsWith('build/native/')) wrong.push(`${page}: ${m[0]} is not where the build puts assent-validate`);
    }
  }
  assert.ok(named.includes('assent-validate') && named.includes('assent-server'), `programs named: ${named}`);
  assert.deepEqual(wrong, []);
});
