// Runs before `npm pack` / `npm publish` of this folder: copies the files a
// site installs from the web build (build/web, `npm --prefix web run build`)
// into dist/, and stops when the build is missing or older than the sources
// it copies verbatim or minifies, so a package never ships without its files or with
// stale ones. Nothing is built here: the package is what the build made.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
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

// The documentation the package README links to travels with it, as docs/:
// an installed package or a registry page has no repository beside it (and
// there is no public repository URL to link to yet). The pages of docs/ and
// docs/recipes/ are copied; a link of theirs to anything outside them (the
// root README, server/README.md, the screenshots) would break there, so it
// becomes its words with the repository path it names.
const docsFrom = join(root, 'docs');
const docsTo = join(here, 'docs');
const pages = [
  ...readdirSync(docsFrom).filter((f) => f.endsWith('.md')),
  ...readdirSync(join(docsFrom, 'recipes')).filter((f) => f.endsWith('.md')).map((f) => `recipes/${f}`),
];

// Files of the repository the package has at its own root.
const AT_THE_ROOT = { 'web/package/CHANGELOG.md': 'CHANGELOG.md' };

// page: its path under docs/ ("recipes/embeds.md"); text: its Markdown.
function withLinksInside(page, text, carried) {
  return text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (link, words, target) => {
    if (/^([a-z]+:|#)/.test(target)) return link;
    const file = posix.normalize(posix.join(posix.dirname(page), target.split('#')[0]));
    if (carried.includes(file)) return link;
    const inRepository = posix.normalize(posix.join('docs', file));
    if (AT_THE_ROOT[inRepository]) return `[${words}](${posix.relative(posix.dirname(posix.join('docs', page)), AT_THE_ROOT[inRepository])})`;
    const plain = words.replace(/`/g, '');
    const named = `\`${inRepository}\` in the Assent repository`;
    return inRepository === plain || inRepository === `${plain}.md` ? named : `${words} (${named})`;
  });
}

rmSync(docsTo, { recursive: true, force: true });
mkdirSync(join(docsTo, 'recipes'), { recursive: true });
for (const page of pages) writeFileSync(join(docsTo, page), withLinksInside(page, readFileSync(join(docsFrom, page), 'utf8'), pages));
console.log(`assent-web prepack: ${pages.length} pages from docs/ into ${relative(root, docsTo)}`);
