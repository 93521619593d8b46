'use strict';
// Shared test helpers: temporary directories and real `edgelite serve` processes.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const repo = path.join(__dirname, '..', '..', '..');

/** A fresh temporary directory, removed when the process exits. */
function tmpdir(prefix = 'edgelite-node-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The `edgelite` binary: $EDGELITE_BIN, or $CARGO_TARGET_DIR/debug/edgelite, or target/debug/edgelite. */
function serverBinary() {
  if (process.env.EDGELITE_BIN) return process.env.EDGELITE_BIN;
  const target = process.env.CARGO_TARGET_DIR || path.join(repo, 'target');
  return path.join(target, 'debug', 'edgelite');
}

/**
 * Starts `edgelite serve --listen 127.0.0.1:0 --db-path <tmp>` (plus `args`) and resolves to
 * `{http, ws, stop}` once it prints where it listens.
 */
function startServer(args = []) {
  const bin = serverBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(`the edgelite server binary is missing at ${bin}: run \`cargo build -p edgelite-cli\` (or set EDGELITE_BIN)`);
  }
  const dir = tmpdir('edgelite-node-server-');
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--db-path', path.join(dir, 'data'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', stop);
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const m = /listening on http:\/\/(\S+)/.exec(line);
      if (!m) {
        stop();
        reject(new Error(`unexpected first line from the server: ${line}`));
        return;
      }
      resolve({
        http: `http://${m[1]}`,
        ws: `ws://${m[1]}`,
        stop() {
          stop();
          return new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${stderr}`)));
  });
}

module.exports = { tmpdir, startServer, repo };
