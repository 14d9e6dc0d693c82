// Loads a module of the shared shell kernel (web/src/shell/) as the bundles
// carry it, as CommonJS for a Node test.
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { buildSync } = require(path.join(root, 'web/node_modules/esbuild'));

// folder: another folder of web/src whose module has no DOM at load time.
function loadShell(file, folder = 'shell') {
  const out = buildSync({ entryPoints: [path.join(root, 'web/src', folder, file)], bundle: true, format: 'cjs', write: false });
  const module = { exports: {} };
  new Function('module', 'exports', out.outputFiles[0].text)(module, module.exports);
  return module.exports;
}

module.exports = { loadShell, root };
