// Loads a module of the shared shell kernel (web/src/shell/), or of another
// folder of web/src (loadWeb('ui/my-data.js')), as the bundles carry it, as
// CommonJS for a Node test.
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { buildSync } = require(path.join(root, 'web/node_modules/esbuild'));

function loadWeb(file) {
  const out = buildSync({ entryPoints: [path.join(root, 'web/src', file)], bundle: true, format: 'cjs', write: false });
  const module = { exports: {} };
  new Function('module', 'exports', out.outputFiles[0].text)(module, module.exports);
  return module.exports;
}

const loadShell = (file) => loadWeb(path.join('shell', file));

module.exports = { loadShell, loadWeb, root };
