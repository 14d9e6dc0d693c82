// Loads a module of the shared shell kernel (web/src/shell/), or of another
// folder of web/src (loadWeb('ui/my-data.js')), as the bundles carry it, as
// CommonJS for a Node test.
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { buildSync } = require(path.join(root, 'web/node_modules/esbuild'));

// stubs: { 'module-name': its exports } for imports the real build resolves
// to generated files (the Emscripten glue: 'assent-core-glue',
// 'assent-tcf-glue'), so that a test can hand in a module of its own.
function loadWeb(file, { stubs = {} } = {}) {
  const out = buildSync({
    entryPoints: [path.join(root, 'web/src', file)],
    bundle: true,
    format: 'cjs',
    write: false,
    external: Object.keys(stubs),
  });
  const module = { exports: {} };
  const stubbed = (name) => {
    if (!(name in stubs)) throw new Error(`load.cjs: ${file} requires ${name}, which has no stub`);
    return stubs[name];
  };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, stubbed);
  return module.exports;
}

const loadShell = (file) => loadWeb(path.join('shell', file));

module.exports = { loadShell, loadWeb, root };
