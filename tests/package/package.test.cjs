// The npm package a site installs (web/package): `npm pack` of it holds the
// files a site serves, their types and the config's schema, and nothing else;
// it installs offline into an empty project (no runtime dependency), a
// TypeScript file compiles against its types, and its schema accepts the
// demo's config. Needs the web build (build/web), as .ci/test makes it.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = path.join(ROOT, 'web/package');
const TSC = path.join(ROOT, 'web/node_modules/.bin/tsc');
// Where the web build is (web/build.mjs's ASSENT_WEB_OUT, read by prepack too).
const BUILT = process.env.ASSENT_WEB_OUT ? path.resolve(process.env.ASSENT_WEB_OUT) : path.join(ROOT, 'build/web');
const { validator } = require('../schema/json-schema.cjs');

// What a site needs: the script-tag files, the ES module, the core, the
// stylesheets, the prompt, permission, own-data and embeds chunks, the TCF and GPP files, the types and the schema.
const DIST = [
  'assent-config.d.ts',
  'assent-embeds.js',
  'assent-gpp-stub.js',
  'assent-my-data.js',
  'assent-permission.js',
  'assent-tcf-stub.js',
  'assent-tcf.js',
  'assent-ui.css',
  'assent-ui.js',
  'assent.config.schema.json',
  'assent.css',
  'assent.d.mts',
  'assent.d.ts',
  'assent.js',
  'assent.mjs',
  'assent.wasm',
  'assent_tcf.wasm',
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-package-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const npm = (args, cwd, env = {}) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', ...env } });

let packed = null;
function pack() {
  if (packed) return packed;
  const out = path.join(tmp, 'out');
  fs.mkdirSync(out, { recursive: true });
  const run = npm(['pack', PACKAGE, '--pack-destination', out, '--json'], ROOT);
  assert.equal(run.status, 0, `npm pack failed:\n${run.stderr}`);
  const [info] = JSON.parse(run.stdout.slice(run.stdout.indexOf('[')));
  packed = { tarball: path.join(out, info.filename), files: info.files.map((f) => f.path).sort() };
  return packed;
}

// A file of the tarball, read without installing it.
const fromTarball = (name) => execFileSync('tar', ['-xOzf', pack().tarball, `package/${name}`], { encoding: 'utf8' });

// The pages of docs/ and docs/recipes/, which the package carries as docs/.
const DOCS = [
  ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')),
  ...fs.readdirSync(path.join(ROOT, 'docs/recipes')).filter((f) => f.endsWith('.md')).map((f) => `recipes/${f}`),
];

test('the package holds the files a site serves, the types, the schema, the docs, README and CHANGELOG, and nothing else', () => {
  const { files } = pack();
  const expected = ['CHANGELOG.md', 'README.md', 'package.json', ...DIST.map((f) => `dist/${f}`), ...DOCS.map((f) => `docs/${f}`)].sort();
  assert.deepEqual(files, expected);
  assert.deepEqual(
    files.filter((f) => /(^|\/)(node_modules|tests?|src)\/|\.map$|\.test\.|prepack/.test(f)),
    [],
    'no dependency, test, source, source map or build step',
  );
});

test('the package has no runtime dependency and carries none of the dev dependencies', () => {
  const manifest = JSON.parse(fromTarball('package.json'));
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) {
    assert.equal(manifest[key], undefined, `no ${key}`);
  }
  assert.equal(manifest.private, undefined, 'publishable');
  assert.equal(manifest.license, 'UNLICENSED', 'no license is granted until the repository grants one');
});

test('the version is semantic and the CHANGELOG has an entry for it', () => {
  const manifest = JSON.parse(fromTarball('package.json'));
  assert.match(manifest.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  const releases = [...fromTarball('CHANGELOG.md').matchAll(/^## \[(\d[^\]]*)\]/gm)].map((m) => m[1]);
  assert.equal(releases[0], manifest.version, 'the newest release in CHANGELOG.md is the package.json version');
});

test('the files in the package are the web build\'s, byte for byte', () => {
  const unpacked = path.join(tmp, 'unpacked');
  fs.mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', pack().tarball, '-C', unpacked]);
  for (const name of DIST) {
    assert.ok(fs.readFileSync(path.join(unpacked, 'package/dist', name)).equals(fs.readFileSync(path.join(BUILT, name))), name);
  }
});

test('packing without the web build stops and says how to build', () => {
  const empty = path.join(tmp, 'no-build');
  fs.mkdirSync(empty);
  const run = npm(['pack', PACKAGE, '--dry-run'], ROOT, { ASSENT_WEB_OUT: empty });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /lacks assent\.js, assent\.mjs, assent\.wasm/);
  assert.match(run.stderr, /bash \.ci\/build/);
});

// An empty site project with the tarball installed offline.
let site = null;
function installedSite() {
  if (site) return site;
  site = path.join(tmp, 'site');
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, 'package.json'), JSON.stringify({ name: 'a-site', version: '1.0.0', private: true, type: 'module' }));
  const run = npm(['install', '--offline', '--no-audit', '--no-fund', pack().tarball], site);
  assert.equal(run.status, 0, `npm install --offline failed (a runtime dependency?):\n${run.stderr}`);
  return site;
}

test('a site installs the package offline, with nothing else in its node_modules', () => {
  const dir = installedSite();
  assert.deepEqual(fs.readdirSync(path.join(dir, 'node_modules')).filter((n) => !n.startsWith('.')), ['assent-web']);
  for (const name of DIST) assert.ok(fs.existsSync(path.join(dir, 'node_modules/assent-web/dist', name)), name);
});

// tsc --noEmit on one file of the site, with the given module resolution.
function compile(dir, source, resolution) {
  const project = path.join(dir, resolution);
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'site.ts'), source);
  const compilerOptions = {
    strict: true,
    noEmit: true,
    types: [],
    lib: ['es2020', 'dom'],
    module: resolution === 'bundler' ? 'esnext' : 'nodenext',
    moduleResolution: resolution,
  };
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['site.ts'] }));
  const run = spawnSync(TSC, ['-p', project], { cwd: dir, encoding: 'utf8' });
  return { ok: run.status === 0, output: run.stdout + run.stderr };
}

const USAGE = `
import Assent, { type AssentRecord } from 'assent-web';
import type { AssentConfig } from 'assent-web/config';

const config: AssentConfig = { revision: 1, purposes: [{ id: 'analytics', default: false }], texts: {} } as AssentConfig;
export const revision: number = config.revision;
export async function start(): Promise<boolean> {
  const state = await Assent.ready;
  const record: AssentRecord | null = Assent.record();
  const viaWindow = window.Assent ? window.Assent.accepted('analytics') : false;
  return state.ok && (record ? record.purposes.analytics === true : false) && viaWindow;
}
`;

for (const resolution of ['bundler', 'nodenext']) {
  test(`a site's TypeScript compiles against the installed types (moduleResolution ${resolution}), and misuse does not`, () => {
    const dir = installedSite();
    const good = compile(dir, USAGE, resolution);
    assert.ok(good.ok, good.output);
    // Types that resolved to nothing (any) would let this through.
    const bad = compile(dir, `${USAGE}\nexport const wrong: string = Assent.accepted(42);\nexport const c: AssentConfig = { revision: 'one' };\n`, resolution);
    assert.equal(bad.ok, false, 'misuse compiles: the types did not resolve');
    assert.match(bad.output, /TS2345/, 'a purpose must be a string');
    assert.match(bad.output, /TS2322/, 'revision must be a number');
  });
}

test("the package's schema accepts the demo's config and refuses a broken one", () => {
  const dir = installedSite();
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/assent-web/dist/assent.config.schema.json'), 'utf8'));
  const validate = validator(schema);
  const demo = JSON.parse(fs.readFileSync(path.join(ROOT, 'demo/site/assent.config.json'), 'utf8'));
  assert.deepEqual(validate(demo, schema), []);
  assert.notDeepEqual(validate({ ...demo, revision: 'one' }, schema), []);
});

// The package as installed from its tarball, unpacked once.
let unpacked = null;
function unpackedPackage() {
  if (unpacked) return unpacked;
  const dir = path.join(tmp, 'unpacked-links');
  fs.mkdirSync(dir);
  execFileSync('tar', ['-xzf', pack().tarball, '-C', dir]);
  unpacked = path.join(dir, 'package');
  return unpacked;
}

// The relative links of a Markdown file (no URL, no anchor of the same page).
const relativeLinks = (text) =>
  [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));

test("every relative link of the packed README and of its docs/ leads to a file inside the package", () => {
  const root = unpackedPackage();
  const pages = ['README.md', ...DOCS.map((f) => `docs/${f}`)];
  const readmeLinks = relativeLinks(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
  assert.ok(readmeLinks.filter((l) => l.startsWith('docs/')).length >= 10, `the README links the docs: ${readmeLinks}`);
  const broken = [];
  for (const page of pages) {
    for (const link of relativeLinks(fs.readFileSync(path.join(root, page), 'utf8'))) {
      const target = path.resolve(path.dirname(path.join(root, page)), link);
      if (!target.startsWith(root + path.sep) || !fs.existsSync(target)) broken.push(`${page}: ${link}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('the install commands of the READMEs and docs/install.md name the tarball npm pack makes', () => {
  const tarball = path.basename(pack().tarball);
  for (const file of ['README.md', 'docs/install.md', 'web/package/README.md']) {
    const named = [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/assent-web-[0-9][^\s`]*\.tgz/g)].map((m) => m[0]);
    assert.ok(named.length >= 1, `${file} names the tarball`);
    for (const name of named) assert.equal(name, tarball, file);
  }
});
