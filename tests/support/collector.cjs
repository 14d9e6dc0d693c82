// The real Assent server for tests: started on a free port with its own
// SQLite file in a fresh folder, stopped and cleaned up after; plus the
// sqlite3 CLI to read what it actually stored. Shared by the e2e and the
// mini-program suites.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
// ASSENT_SERVER may name another build of the same binary.
const COLLECTOR = process.env.ASSENT_SERVER || path.join(ROOT, 'build/native/server/assent-server');
const LISTENING = /Assent server listening on (http:\/\/\S+?\/)\s*$/m;

// A fresh folder for a collector's files (the caller may put a site in it).
const scratch = (prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

// Starts the collector serving `site` at / and `assets` at /assent/, checking
// events against `config`; resolves once it listens to
// { baseUrl, db, stop(), stderr() }. stop() also removes `dir`.
// more: other keys of the server config, as its file has them (operators,
// dashboard, …; relative paths are taken from the repository's root).
async function startCollector({ dir, site, assets, config, more = {} }) {
  if (!fs.existsSync(COLLECTOR)) throw new Error(`not built: ${path.relative(ROOT, COLLECTOR)}`);
  const db = path.join(dir, 'collector.db');
  // A server config of its own, in the scratch folder, with absolute paths.
  const serverConfig = path.join(dir, 'assent-server.json');
  const absolute = (file) => path.resolve(ROOT, file);
  const extra = { ...more };
  if (extra.dashboard && extra.dashboard.assets) extra.dashboard = { ...extra.dashboard, assets: absolute(extra.dashboard.assets) };
  fs.writeFileSync(serverConfig, JSON.stringify({
    listen: { port: 0 },
    database: db,
    site: { config: absolute(config), pages: absolute(site), assets: absolute(assets) },
    ...extra,
  }));
  const child = spawn(COLLECTOR, ['--config', serverConfig], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not report its port in 10 s\n${stdout}${stderr}`)), 10000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = LISTENING.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`collector exited (${signal || code}) before listening\n${stdout}${stderr}`));
    });
  });

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }

  return { baseUrl, db, stop, stderr: () => stderr };
}

const quote = (text) => `'${String(text).replace(/'/g, "''")}'`;

// Rows of a query against the collector's real SQLite file.
function sql(db, query) {
  const out = execFileSync('sqlite3', ['-readonly', '-json', db, query], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

module.exports = { ROOT, COLLECTOR, scratch, startCollector, quote, sql };
