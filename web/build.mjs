// Builds the script-tag files a site serves, into build/web/:
//   assent.js   the shell and the Emscripten glue in one minified IIFE
//   assent.wasm the core, copied from the WASM build
//   assent.css  the prompt's stylesheet
// Run from anywhere: npm --prefix web run build
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const wasmDir = join(root, 'build/wasm/wasm');
const glue = join(wasmDir, 'assent_core.js');
const wasm = join(wasmDir, 'assent_core.wasm');
const out = join(root, 'build/web');

const missing = [glue, wasm].filter((file) => !existsSync(file));
if (missing.length) {
  console.error(
    `web build: the WASM core is not built (missing ${missing.map((f) => relative(root, f)).join(', ')}).\n` +
      'Build it first, from the repository root:\n' +
      '  NODE_PATH=/usr/share/nodejs emcmake cmake -S . -B build/wasm -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node\n' +
      '  NODE_PATH=/usr/share/nodejs cmake --build build/wasm -j2',
  );
  process.exit(1);
}

// The glue is MODULARIZE'd CommonJS; the shell imports it by this name.
const coreGlue = {
  name: 'assent-core-glue',
  setup(b) {
    b.onResolve({ filter: /^assent-core-glue$/ }, () => ({ path: glue }));
  },
};

mkdirSync(out, { recursive: true });
try {
  await build({
    entryPoints: [join(web, 'src/browser/index.js')],
    outfile: join(out, 'assent.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    plugins: [coreGlue],
    logLevel: 'warning',
  });
} catch (error) {
  console.error('web build: esbuild failed');
  process.exit(1);
}
copyFileSync(wasm, join(out, 'assent.wasm'));
copyFileSync(join(web, 'src/ui/assent.css'), join(out, 'assent.css'));

for (const name of ['assent.js', 'assent.wasm', 'assent.css']) {
  console.log(`build/web/${name}  ${statSync(join(out, name)).size} bytes`);
}
