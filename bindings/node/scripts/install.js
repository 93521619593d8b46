#!/usr/bin/env node
'use strict';
// `npm install` hook: use the native module if one loads (shipped in the package, or built
// before); otherwise build it from source when the Rust sources are here; otherwise fail with
// the list of what was tried.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.join(__dirname, '..');
try {
  require('../lib/native').load();
  process.exit(0);
} catch (err) {
  const workspace = path.join(pkg, '..', '..');
  if (fs.existsSync(path.join(workspace, 'core')) && fs.existsSync(path.join(workspace, 'Cargo.toml'))) {
    console.error('edgelite: no native module yet; building it from source (release)');
    execFileSync(process.execPath, [path.join(__dirname, 'build.js'), '--release'], { stdio: 'inherit' });
    require('../lib/native').load();
    process.exit(0);
  }
  console.error(err.message);
  process.exit(1);
}
