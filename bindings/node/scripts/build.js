#!/usr/bin/env node
'use strict';
// Builds the native module with cargo and copies it to build/edgelite.node (or, with --prebuilt,
// to edgelite.<platform>.node, the file `npm pack` ships).
//
//   node scripts/build.js [--release] [--prebuilt]
//
// EDGELITE_BUILD_PROFILE=debug|release overrides the profile; CARGO_TARGET_DIR is honoured.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { platformTag } = require('../lib/native');

const pkg = path.join(__dirname, '..');
const workspace = path.join(pkg, '..', '..');
const args = process.argv.slice(2);
const profile = process.env.EDGELITE_BUILD_PROFILE || (args.includes('--release') ? 'release' : 'debug');
const prebuilt = args.includes('--prebuilt');

if (!fs.existsSync(path.join(workspace, 'Cargo.toml')) || !fs.existsSync(path.join(workspace, 'core'))) {
  console.error('edgelite: the Rust sources are not here (this is not the edgelite repository); cannot build');
  process.exit(1);
}

const cargo = process.env.CARGO || 'cargo';
const cargoArgs = ['build', '-p', 'edgelite-node', '--locked'];
if (profile === 'release') cargoArgs.push('--release');
console.error(`edgelite: cargo ${cargoArgs.join(' ')}`);
execFileSync(cargo, cargoArgs, { cwd: workspace, stdio: ['ignore', 'inherit', 'inherit'] });

const metadata = JSON.parse(
  execFileSync(cargo, ['metadata', '--format-version', '1', '--no-deps'], { cwd: workspace, encoding: 'utf8', maxBuffer: 64 << 20 }),
);
const libName = { darwin: 'libedgelite_node.dylib', win32: 'edgelite_node.dll' }[process.platform] ?? 'libedgelite_node.so';
const built = path.join(metadata.target_directory, profile, libName);
const dest = prebuilt ? path.join(pkg, `edgelite.${platformTag()}.node`) : path.join(pkg, 'build', 'edgelite.node');
fs.mkdirSync(path.dirname(dest), { recursive: true });
// Copy to a temporary name and rename: a running process may have the old file mapped.
const tmp = `${dest}.${process.pid}.tmp`;
fs.copyFileSync(built, tmp);
fs.renameSync(tmp, dest);
console.error(`edgelite: ${path.relative(process.cwd(), dest) || dest} (${profile})`);
