// Builds the operators' dashboard page into build/web/dashboard/ from
// server/dashboard/ (the server serves that folder at /dashboard when its
// config says dashboard.assets):
//   index.html, login.html  the pages (no inline script or style: strict CSP)
//   dashboard.js            the dashboard, with uPlot, one minified IIFE
//   login.js                the sign-in page's words
//   dashboard.css           the stylesheet, with uPlot's
// Needs no WASM build. Run from anywhere: npm --prefix web run build:dashboard
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const source = join(root, 'server/dashboard');
const out = process.env.ASSENT_DASHBOARD_OUT ? resolve(process.env.ASSENT_DASHBOARD_OUT) : join(root, 'build/web/dashboard');

mkdirSync(out, { recursive: true });
try {
  await build({
    entryPoints: ['dashboard.js', 'login.js', 'dashboard.css'].map((name) => join(source, name)),
    outdir: out,
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'iife',
    minify: true,
    legalComments: 'none',
    // uPlot is web/'s dependency; the page's source is not under web/.
    nodePaths: [join(web, 'node_modules')],
    logLevel: 'warning',
  });
} catch (error) {
  console.error('dashboard build: esbuild failed');
  process.exit(1);
}
for (const page of ['index.html', 'login.html']) copyFileSync(join(source, page), join(out, page));
for (const name of ['index.html', 'login.html', 'dashboard.js', 'login.js', 'dashboard.css']) {
  console.log(`${relative(root, join(out, name)).padEnd(40)}${String(statSync(join(out, name)).size).padStart(9)} bytes`);
}
