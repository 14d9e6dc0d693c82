// Builds the script-tag files a site serves, into build/web/:
//   assent.js   the shell and the module's JS (wasm/runtime.js) in one minified IIFE
//   assent.mjs  the same as an ES module (default export: the API object)
//   assent.d.ts the types of both (also as assent.d.mts, for the module)
//   assent.wasm the core, copied from the WASM build
//   assent.css  the kernel's stylesheet (launcher, embed placeholders, buttons)
//   assent-ui.js, assent-ui.css  the prompt chunk (banner, preferences,
//               permission pre-prompt and the flow of Assent.request), which
//               assent.js fetches only when a prompt is to be shown, or at
//               once when no record is stored
//   assent-permission.js  the permission chunk (the flow of Assent.request),
//               which assent.js fetches only when the page calls it
//   assent-my-data.js  the own-data chunk (download and erase in the
//               preferences), fetched when the preferences open with a collector
//   assent-embeds.js  the embeds chunk (frames that need consent and their
//               placeholders), fetched when the page has such a frame
//   assent-tcf-stub.js  the synchronous __tcfapi stub a TCF site loads first
//   assent-gpp-stub.js  the synchronous __gpp stub a GPP site loads first
//   assent-tcf.js, assent_tcf.wasm  the TCF and GPP chunk and module, which
//               assent.js fetches only for a config with a `tcf` or `gpp` section
//   assent.config.schema.json, assent-config.d.ts  the config's JSON Schema
//               and the type made from it (web/schema)
// Run from anywhere: npm --prefix web run build
// With --sizes (node web/build.mjs --sizes) it also splits assent.js into
// glue and shell, and the shell by folder.
import { build, transform as esbuildTransform } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
// ASSENT_WASM_DIR / ASSENT_WEB_OUT: another WASM build, another output folder.
const wasmDir = process.env.ASSENT_WASM_DIR ? resolve(process.env.ASSENT_WASM_DIR) : join(root, 'build/wasm/wasm');
const glue = join(wasmDir, 'assent_core.js');
const wasm = join(wasmDir, 'assent_core.wasm');
const tcfGlue = join(wasmDir, 'assent_tcf.js');
const tcfWasm = join(wasmDir, 'assent_tcf.wasm');
const out = process.env.ASSENT_WEB_OUT ? resolve(process.env.ASSENT_WEB_OUT) : join(root, 'build/web');

const missing = [glue, wasm, tcfGlue, tcfWasm].filter((file) => !existsSync(file));
if (missing.length) {
  console.error(
    `web build: the WASM core is not built (missing ${missing.map((f) => relative(root, f)).join(', ')}).\n` +
      'Build it first, from the repository root:\n' +
      '  NODE_PATH=/usr/share/nodejs emcmake cmake -S . -B build/wasm -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node\n' +
      '  NODE_PATH=/usr/share/nodejs cmake --build build/wasm -j2',
  );
  process.exit(1);
}

// The modules' JS (wasm/runtime.js + core.js or tcf.js, CommonJS); the shell imports it by this name.
const coreGlue = {
  name: 'assent-core-glue',
  setup(b) {
    b.onResolve({ filter: /^assent-core-glue$/ }, () => ({ path: glue }));
    b.onResolve({ filter: /^assent-tcf-glue$/ }, () => ({ path: tcfGlue }));
  },
};

mkdirSync(out, { recursive: true });
const common = {
  bundle: true,
  platform: 'browser',
  target: 'es2019',
  minify: true,
  legalComments: 'none',
  plugins: [coreGlue],
  logLevel: 'warning',
  metafile: true,
  // Object.freeze as pure: a bundle keeps only the tables of
  // shell/wire-names.js it uses, not the whole generated file. Measured on
  // assent.js: 38,328 -> 37,419 bytes raw, 13,475 -> 13,248 brotli.
  pure: ['Object.freeze'],
};
let script;
try {
  // The script-tag file: one IIFE that sets window.Assent.
  script = await build({ ...common, entryPoints: [join(web, 'src/browser/index.js')], outfile: join(out, 'assent.js'), format: 'iife' });
  // The ES module: the same API object as its default export, no global.
  await build({ ...common, entryPoints: [join(web, 'src/browser/module.js')], outfile: join(out, 'assent.mjs'), format: 'esm', target: 'es2020' });
  // TCF: the stub every page of a TCF site runs first, and the chunk
  // assent.js adds for a config with a `tcf` section.
  await build({ ...common, entryPoints: [join(web, 'src/bridges/tcf-stub.js')], outfile: join(out, 'assent-tcf-stub.js'), format: 'iife' });
  await build({ ...common, entryPoints: [join(web, 'src/bridges/gpp-stub.js')], outfile: join(out, 'assent-gpp-stub.js'), format: 'iife' });
  await build({ ...common, entryPoints: [join(web, 'src/bridges/iab-chunk.js')], outfile: join(out, 'assent-tcf.js'), format: 'iife' });
  // The prompt chunk: the renderers of the banner, preferences and
  // permission pre-prompt, fetched by assent.js (browser/ui-chunk.js).
  await build({ ...common, entryPoints: [join(web, 'src/ui/chunk.js')], outfile: join(out, 'assent-ui.js'), format: 'iife' });
  // The permission chunk, fetched by assent.js when the page calls Assent.request.
  await build({ ...common, entryPoints: [join(web, 'src/browser/permission-chunk.js')], outfile: join(out, 'assent-permission.js'), format: 'iife' });
  // The own-data chunk, fetched when the preferences open on a site with a collector.
  await build({ ...common, entryPoints: [join(web, 'src/ui/my-data-chunk.js')], outfile: join(out, 'assent-my-data.js'), format: 'iife' });
  // The embeds chunk, fetched when the page has a frame marked for a purpose.
  await build({ ...common, entryPoints: [join(web, 'src/bridges/embeds-chunk.js')], outfile: join(out, 'assent-embeds.js'), format: 'iife' });
} catch (error) {
  console.error('web build: esbuild failed');
  process.exit(1);
}
copyFileSync(wasm, join(out, 'assent.wasm'));
copyFileSync(tcfWasm, join(out, 'assent_tcf.wasm'));
// The stylesheets, minified: their comments and indentation were most of
// their bytes. Measured: assent.css 6,620 -> 4,588 raw, 1,671 -> 994
// brotli; assent-ui.css 7,895 -> 5,125 raw, 2,004 -> 1,211 brotli. The
// browsers named are those of the JS's es2019: esbuild adds the vendor
// prefixes they need (appearance) and uses no syntax they lack.
for (const name of ['assent.css', 'assent-ui.css']) {
  const css = await esbuildTransform(readFileSync(join(web, 'src/ui', name), 'utf8'), {
    loader: 'css',
    minify: true,
    target: ['chrome80', 'firefox78', 'safari13'],
  });
  writeFileSync(join(out, name), css.code);
}
// Hand-written types, for `import Assent from './assent.mjs'` (.d.mts) and
// for the script tag's window.Assent (.d.ts).
copyFileSync(join(web, 'types/assent.d.ts'), join(out, 'assent.d.ts'));
copyFileSync(join(web, 'types/assent.d.ts'), join(out, 'assent.d.mts'));
// The config's JSON Schema (for "$schema" in assent.config.json: editors
// complete and check it) and the type made from it.
copyFileSync(join(web, 'schema/assent.config.schema.json'), join(out, 'assent.config.schema.json'));
copyFileSync(join(web, 'types/assent-config.d.ts'), join(out, 'assent-config.d.ts'));

// What a first visit downloads, and where the bytes of assent.js go.
const sizes = (bytes) => {
  const raw = bytes.length;
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw, gz, br };
};
const row = (label, { raw, gz, br }) =>
  console.log(`${label.padEnd(34)}${String(raw).padStart(9)}${String(gz).padStart(9)}${String(br).padStart(9)}`);
console.log(`${relative(root, out).padEnd(34)}${'raw'.padStart(9)}${'gzip -9'.padStart(9)}${'br -q11'.padStart(9)}`);
const first = { raw: 0, gz: 0, br: 0 };
const returning = { raw: 0, gz: 0, br: 0 };
for (const name of ['assent.js', 'assent.wasm', 'assent.css', 'assent-ui.js', 'assent-ui.css', 'assent.mjs']) {
  const s = sizes(readFileSync(join(out, name)));
  row(name, s);
  if (name === 'assent.mjs') continue;
  for (const k of Object.keys(first)) first[k] += s[k];
  if (!name.startsWith('assent-ui')) for (const k of Object.keys(returning)) returning[k] += s[k];
}
row('first visit (all but assent.mjs)', first);
row('returning visit (no assent-ui.*)', returning);
row('request(): assent-permission.js', sizes(readFileSync(join(out, 'assent-permission.js'))));
row('own data: assent-my-data.js', sizes(readFileSync(join(out, 'assent-my-data.js'))));
row('embeds: assent-embeds.js', sizes(readFileSync(join(out, 'assent-embeds.js'))));
for (const name of ['assent-tcf-stub.js', 'assent-gpp-stub.js', 'assent-tcf.js', 'assent_tcf.wasm']) row(`TCF/GPP: ${name}`, sizes(readFileSync(join(out, name))));
if (process.argv.includes('--sizes')) {
  // The module's JS minified on its own; the shell is the rest of assent.js.
  const glueOnly = await esbuildTransform(readFileSync(glue, 'utf8'), { minify: true, target: 'es2019', format: 'iife' });
  const g = sizes(Buffer.from(glueOnly.code));
  const total = sizes(readFileSync(join(out, 'assent.js')));
  row('  assent.js: module JS alone', g);
  row('  assent.js: shell (the rest)', { raw: total.raw - g.raw, gz: total.gz - g.gz, br: total.br - g.br });
  const byFolder = {};
  for (const [file, info] of Object.entries(Object.values(script.metafile.outputs)[0].inputs)) {
    const folder = file.includes('web/src/') ? file.replace(/.*web\/src\/([^/]+)\/.*/, 'web/src/$1') : relative(root, file);
    byFolder[folder] = (byFolder[folder] || 0) + info.bytesInOutput;
  }
  for (const [folder, bytes] of Object.entries(byFolder).sort((a, b) => b[1] - a[1])) {
    console.log(`    ${folder.padEnd(40)}${String(bytes).padStart(7)} bytes minified`);
  }
}
