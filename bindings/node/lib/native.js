'use strict';
// Finds and loads the native module, in this order:
//   1. the path in the EDGELITE_NATIVE_BINDING environment variable;
//   2. edgelite.<platform>-<arch>[-<libc>].node in the package (what `npm pack` ships);
//   3. build/edgelite.node in the package (what `npm install` / `npm run build` builds);
//   4. the optional package @edgelite/<platform>-<arch>[-<libc>].
// If none loads, the error lists every place tried and why it failed.
const path = require('node:path');
const fs = require('node:fs');
const { SqliteError, LibsqlError, LibsqlBatchError } = require('./errors');
const { Real } = require('./real');

const root = path.join(__dirname, '..');

function platformTag() {
  let tag = `${process.platform}-${process.arch}`;
  if (process.platform === 'linux') {
    const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
    tag += report?.header?.glibcVersionRuntime ? '-gnu' : '-musl';
  }
  return tag;
}

const loaded = new Map();

function setup(binding) {
  binding.setup(SqliteError, LibsqlError, LibsqlBatchError, Real);
  return binding;
}

/** Loads the native module from `explicit` (a path, or an already loaded module), or finds it. */
function load(explicit) {
  if (explicit && typeof explicit === 'object') return loaded.get(explicit) ?? remember(explicit, setup(explicit));
  const key = explicit ?? '';
  if (loaded.has(key)) return loaded.get(key);
  const tag = platformTag();
  const candidates = explicit
    ? [path.resolve(explicit)]
    : [
        process.env.EDGELITE_NATIVE_BINDING && path.resolve(process.env.EDGELITE_NATIVE_BINDING),
        path.join(root, `edgelite.${tag}.node`),
        path.join(root, 'build', 'edgelite.node'),
        `@edgelite/${tag}`,
      ].filter(Boolean);
  const tried = [];
  for (const candidate of candidates) {
    const isPath = path.isAbsolute(candidate);
    if (isPath && !fs.existsSync(candidate)) {
      tried.push(`${candidate}: not found`);
      continue;
    }
    try {
      return remember(key, setup(require(candidate)));
    } catch (err) {
      tried.push(`${candidate}: ${err && err.message ? err.message.split('\n')[0] : err}`);
    }
  }
  const error = new Error(
    `edgelite: cannot load the native module for ${tag} (Node ${process.version}, ABI ${process.versions.napi ? `N-API ${process.versions.napi}` : 'unknown'}). Tried:\n` +
      tried.map((t) => `  - ${t}`).join('\n') +
      '\nBuild it from source with `npm run build` in the package directory (needs Rust and cargo), ' +
      'or point EDGELITE_NATIVE_BINDING (or the nativeBinding option) at an edgelite .node file.',
  );
  error.code = 'EDGELITE_NATIVE_MODULE_NOT_FOUND';
  error.tried = tried;
  throw error;
}

function remember(key, binding) {
  loaded.set(key, binding);
  return binding;
}

module.exports = { load, platformTag };
