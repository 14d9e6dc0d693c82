// Runs before `npm pack` / `npm publish` of this folder: copies the files a
// site installs from the web build (build/web, `npm --prefix web run build`)
// into dist/, and stops when the build is missing or older than the sources
// it copies verbatim or minifies, so a package never ships without its files or with
// stale ones. Nothing is built here: the package is what the build made.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '..');
const root = resolve(web, '..');
// ASSENT_WEB_OUT: another output folder of web/build.mjs.
const built = process.env.ASSENT_WEB_OUT ? resolve(process.env.ASSENT_WEB_OUT) : join(root, 'build/web');
const dist = join(here, 'dist');

// What a site needs, and nothing else (build/web also holds the dashboard).
export const FILES = [
  'assent.js', // the script-tag build: window.Assent, and the script hold
  'assent.mjs', // the ES module: the same API as its default export
  'assent.wasm', // the core, fetched from beside assent.js / assent.mjs
  'assent.css', // the kernel's stylesheet (launcher, placeholders), linked from beside them
  'assent-ui.js', // the prompt chunk, fetched from beside them when a prompt shows
  'assent-ui.css', // its stylesheet
  'assent-permission.js', // the permission chunk, fetched from beside them when the page calls Assent.request
  'assent-my-data.js', // the own-data chunk, fetched from beside them when the preferences open with a collector
  'assent-embeds.js', // the embeds chunk, fetched from beside them for a page with a frame marked for a purpose
  'assent-tcf-stub.js', // TCF sites: the synchronous __tcfapi stub
  'assent-gpp-stub.js', // GPP sites: the synchronous __gpp stub
  'assent-tcf.js', // TCF and GPP sites: the chunk assent.js adds for a `tcf` or `gpp` config
  'assent_tcf.wasm', // TCF and GPP sites: its module
  'assent.d.ts', // types of window.Assent and the module
  'assent.d.mts', // the same, for the module
  'assent-config.d.ts', // the config's type (AssentConfig)
  'assent.config.schema.json', // the config's JSON Schema
];
// Files the build copies unchanged from the sources: a difference means a
// build older than the sources.
const VERBATIM = {
  'assent.d.ts': 'types/assent.d.ts',
  'assent.d.mts': 'types/assent.d.ts',
  'assent-config.d.ts': 'types/assent-config.d.ts',
  'assent.config.schema.json': 'schema/assent.config.schema.json',
};
// Files the build minifies from one source: one older than its source is stale.
const MINIFIED = {
  'assent.css': 'src/ui/assent.css',
  'assent-ui.css': 'src/ui/assent-ui.css',
};

const fail = (message) => {
  console.error(`assent-web prepack: ${message}\nBuild first, from the repository root: bash .ci/build (or the WASM build, then npm --prefix web run build).`);
  process.exit(1);
};

const missing = FILES.filter((name) => !existsSync(join(built, name)));
if (missing.length) fail(`${relative(root, built)} lacks ${missing.join(', ')}.`);
const stale = [
  ...Object.entries(VERBATIM).filter(([name, source]) => !readFileSync(join(built, name)).equals(readFileSync(join(web, source)))),
  ...Object.entries(MINIFIED).filter(([name, source]) => statSync(join(built, name)).mtimeMs < statSync(join(web, source)).mtimeMs),
];
if (stale.length) fail(`${relative(root, built)} is older than the sources: ${stale.map(([name, source]) => `${name} ${name in VERBATIM ? 'differs from' : 'is older than'} web/${source}`).join(', ')}.`);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
for (const name of FILES) copyFileSync(join(built, name), join(dist, name));
console.log(`assent-web prepack: ${FILES.length} files from ${relative(root, built)} into ${relative(root, dist)}`);
