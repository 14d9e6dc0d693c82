// Loads a module of the shared shell kernel (web/src/shell/) as the bundles
// carry it, as CommonJS for a Node test.
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { buildSync } = require(path.join(root, 'web/node_modules/esbuild'));

function loadShell(file) {
  const out = buildSync({ entryPoints: [path.join(root, 'web/src/shell', file)], bundle: true, format: 'cjs', write: false });
  const module = { exports: {} };
  new Function('module', 'exports', out.outputFiles[0].text)(module, module.exports);
  return module.exports;
}

module.exports = { loadShell, root };
