// The first-visit payload (what a page downloads to run Assent: the kernel
// and, with no record stored, the prompt chunk assent-ui.*), the
// returning-visit payload (a valid record: the kernel alone until a prompt
// is shown), and the part
// of assent.js that the click-stream tracker adds: the bundle is built again
// with the tracker replaced by a stub that captures and sends nothing, and
// the two are compared raw, gzip -9 and brotli -q 11. (The core's tracker
// code, gate, mask and batch encoding, is inside assent.wasm, counted whole.)
// Last, every module of assent.js, assent-ui.js and the chunks loaded only
// when needed (assent-permission.js, assent-my-data.js, assent-embeds.js),
// largest first: its
// minified bytes in the bundle (esbuild's metafile) and an estimate of its
// brotli weight, what the bundle's brotli size loses when that module's
// bytes are cut out of it (found through the bundle's source map). The
// estimates do not add up to the bundle's size exactly: a module's bytes
// also serve as the dictionary of others.
//   node tests/bench/size.cjs [--json]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { record } = require('./figures.cjs');

const ROOT = path.resolve(__dirname, '../..');
const WEB = process.env.ASSENT_WEB_DIR || path.join(ROOT, 'build/web');
// ASSENT_WASM_DIR: another WASM build, as for web/build.mjs.
const GLUE = path.join(process.env.ASSENT_WASM_DIR || path.join(ROOT, 'build/wasm/wasm'), 'assent_core.js');
const { build } = require(path.join(ROOT, 'web/node_modules/esbuild'));

const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) =>
  zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
const sizes = (bytes) => ({ raw: bytes.length, gzip: gzip(bytes), brotli: brotli(bytes) });

const STUB = `
export function createTracker() {
  return { start() {}, track() { return 'unavailable'; }, consentChanged() {} };
}`;

// Where each source of a bundle went in its output: [start, end) ranges of
// the output text per source index, from the source map's mappings.
const VLQ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function rangesBySource(code, map) {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const segments = []; // [offset in code, source index or -1]
  let source = 0;
  map.mappings.split(';').forEach((line, lineNo) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = VLQ.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
          continue;
        }
        fields.push(value & 1 ? -(value >> 1) : value >> 1);
        value = 0;
        shift = 0;
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      segments.push([lineStarts[lineNo] + column, fields.length > 1 ? source : -1]);
    }
  });
  const ranges = new Map();
  segments.forEach(([start, src], i) => {
    const end = i + 1 < segments.length ? segments[i + 1][0] : code.length;
    if (!ranges.has(src)) ranges.set(src, []);
    ranges.get(src).push([start, end]);
  });
  return ranges;
}

// Every module of a bundle, largest first: minified bytes (metafile) and
// the brotli bytes the bundle loses without them.
function modulesOf(result) {
  const code = result.outputFiles.find((f) => f.path.endsWith('.js')).text;
  const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map')).text);
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))[1];
  const whole = brotli(Buffer.from(code));
  const ranges = rangesBySource(code, map);
  const name = (file) => path.relative(ROOT, path.resolve(file));
  const without = (cut) => {
    let kept = '';
    let at = 0;
    for (const [start, end] of cut.slice().sort((a, b) => a[0] - b[0])) {
      kept += code.slice(at, start);
      at = end;
    }
    return brotli(Buffer.from(kept + code.slice(at)));
  };
  const rows = Object.entries(output.inputs)
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([file, info]) => {
      const index = map.sources.findIndex((s) => path.resolve(path.dirname(result.outputFiles[0].path), s) === path.resolve(file));
      const cut = ranges.get(index) || [];
      return { file: name(file), bytes: info.bytesInOutput, brotli: cut.length ? whole - without(cut) : 0 };
    });
  return rows.sort((a, b) => b.bytes - a.bytes);
}

// web/build.mjs's options for the script-tag bundle and its chunks.
const AS_BUILT = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2019',
  minify: true,
  legalComments: 'none',
  write: false,
  metafile: true,
  pure: ['Object.freeze'],
  logLevel: 'silent',
};

// A bundle as web/build.mjs makes it, with its source map, for modulesOf.
async function profile(entry) {
  const result = await build({
    ...AS_BUILT,
    entryPoints: [path.join(ROOT, entry)],
    outfile: path.join(ROOT, 'build/size-profile', path.basename(entry)),
    sourcemap: 'external',
    plugins: [{ name: 'assent-core-glue', setup: (b) => b.onResolve({ filter: /^assent-core-glue$/ }, () => ({ path: GLUE })) }],
  });
  return modulesOf(result);
}

// The script-tag bundle as web/build.mjs makes it, optionally without the tracker.
async function bundle(withTracker) {
  const plugins = [
    {
      name: 'assent-core-glue',
      setup(b) {
        b.onResolve({ filter: /^assent-core-glue$/ }, () => ({ path: GLUE }));
        if (!withTracker) {
          b.onResolve({ filter: /tracker\/tracker\.js$/ }, () => ({ path: 'tracker-stub', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: STUB, loader: 'js' }));
        }
      },
    },
  ];
  const result = await build({ ...AS_BUILT, entryPoints: [path.join(ROOT, 'web/src/browser/index.js')], plugins });
  const output = Object.values(result.metafile.outputs)[0];
  const trackerInputs = Object.entries(output.inputs)
    .filter(([file]) => /web\/src\/(tracker\/|platform\/transport\.js)/.test(file))
    .map(([file, info]) => ({ file: path.relative(ROOT, path.resolve(file)), bytes: info.bytesInOutput }));
  return { bytes: Buffer.from(result.outputFiles[0].contents), trackerInputs };
}

const KERNEL = ['assent.js', 'assent.wasm', 'assent.css'];
const PROMPT_CHUNK = ['assent-ui.js', 'assent-ui.css']; // absent in builds before the split
const sum = (list) => ['raw', 'gzip', 'brotli'].reduce((out, k) => ({ ...out, [k]: list.reduce((s, f) => s + f[k], 0) }), {});

async function main() {
  const files = {};
  for (const name of KERNEL) {
    const file = path.join(WEB, name);
    if (!fs.existsSync(file)) throw new Error(`not built: ${path.relative(ROOT, file)}`);
    files[name] = sizes(fs.readFileSync(file));
  }
  for (const name of PROMPT_CHUNK) {
    const file = path.join(WEB, name);
    if (fs.existsSync(file)) files[name] = sizes(fs.readFileSync(file));
  }
  const total = sum(Object.values(files));
  const returning = sum(KERNEL.map((name) => files[name]));
  const full = await bundle(true);
  const bare = await bundle(false);
  const withTracker = sizes(full.bytes);
  const without = sizes(bare.bytes);
  const tracker = { raw: withTracker.raw - without.raw, gzip: withTracker.gzip - without.gzip, brotli: withTracker.brotli - without.brotli };
  // What a site with a `tcf` or `gpp` section loads besides (a site with neither never does).
  const tcf = {};
  for (const name of ['assent-tcf-stub.js', 'assent-gpp-stub.js', 'assent-tcf.js', 'assent_tcf.wasm']) {
    const file = path.join(WEB, name);
    if (fs.existsSync(file)) tcf[name] = sizes(fs.readFileSync(file));
  }
  // What a page loads only when needed: Assent.request, the preferences with a collector, a marked frame.
  const onDemand = {};
  for (const name of ['assent-permission.js', 'assent-my-data.js', 'assent-embeds.js']) {
    const file = path.join(WEB, name);
    if (fs.existsSync(file)) onDemand[name] = sizes(fs.readFileSync(file));
  }
  const modules = {
    'assent.js': await profile('web/src/browser/index.js'),
    'assent-ui.js': await profile('web/src/ui/chunk.js'),
    'assent-permission.js': await profile('web/src/browser/permission-chunk.js'),
    'assent-my-data.js': await profile('web/src/ui/my-data-chunk.js'),
    'assent-embeds.js': await profile('web/src/bridges/embeds-chunk.js'),
  };
  const result = { files, total, returning, tracker, trackerInputs: full.trackerInputs, onDemand, tcf, modules };
  record('size', { files, total, returning });
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const row = (label, s) => console.log(`  ${label.padEnd(34)} ${String(s.raw).padStart(8)} ${String(s.gzip).padStart(8)} ${String(s.brotli).padStart(8)}`);
  const chunked = PROMPT_CHUNK.some((name) => files[name]);
  console.log('First-visit payload (bytes)               raw  gzip -9   br -11');
  for (const [name, s] of Object.entries(files)) row(name, s);
  row('total', total);
  console.log(`Returning-visit payload (valid record; ${chunked ? 'no prompt chunk until a prompt is shown' : 'this build has no prompt chunk'})`);
  for (const name of KERNEL) row(name, files[name]);
  row('total', returning);
  row('of which the JS tracker (assent.js)', tracker);
  console.log(`  (minified, by module: ${full.trackerInputs.map((i) => `${path.basename(i.file)} ${i.bytes}`).join(', ')})`);
  if (Object.keys(onDemand).length) {
    console.log('Only when needed (assent-permission.js: Assent.request; assent-my-data.js: preferences with a collector; assent-embeds.js: a page with a marked frame):');
    for (const [name, s] of Object.entries(onDemand)) row(name, s);
  }
  if (Object.keys(tcf).length) {
    console.log('Only on TCF or GPP sites (config with `tcf` or `gpp`; each stub only with its section):');
    for (const [name, s] of Object.entries(tcf)) row(name, s);
  }
  for (const [bundleName, rows] of Object.entries(modules)) {
    console.log(`${bundleName} by module, largest first (minified bytes; brotli bytes the bundle loses without it)`);
    for (const m of rows) console.log(`  ${m.file.padEnd(48)} ${String(m.bytes).padStart(7)} ${String(m.brotli).padStart(7)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
