'use strict';
// Drift between the hand-written index.d.ts and the package, and the package's metadata: every
// public member of the classes declared there exists at run time, and every public member that
// exists at run time is declared; the version is the workspace version; both entry points work;
// a missing native module is reported with everything that was tried.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const Database = require('..');
const { load } = require('../lib/native');
const { repo } = require('./helpers');

const pkgDir = path.join(__dirname, '..');

/** Member names of each `class` in index.d.ts. */
function declaredClasses() {
  const text = fs.readFileSync(path.join(pkgDir, 'index.d.ts'), 'utf8');
  const classes = new Map();
  for (const m of text.matchAll(/^ {2}class (\w+)[^{]*\{\n([\s\S]*?)\n {2}\}/gm)) {
    const members = new Set();
    for (const line of m[2].split('\n')) {
      const mm = /^ {4}(?:readonly )?(\w+)\??[(<:]/.exec(line);
      if (mm && mm[1] !== 'constructor' && mm[1] !== 'private') members.add(mm[1]);
    }
    classes.set(m[1], members);
  }
  return classes;
}

function runtimeMembers(object, proto) {
  const names = new Set(Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor'));
  if (object) for (const n of Object.keys(object)) names.add(n);
  return names;
}

test('index.d.ts declares exactly the public members of each class', async () => {
  const declared = declaredClasses();
  const db = new Database(':memory:');
  const client = Database.createClient({ url: ':memory:' });
  const tx = await client.transaction();
  const rs = await client.execute('SELECT 1');
  const live = {
    Database: runtimeMembers(null, Database.prototype),
    Statement: runtimeMembers(null, Object.getPrototypeOf(db.prepare('SELECT 1'))),
    Client: runtimeMembers(client, Object.getPrototypeOf(client)),
    Transaction: runtimeMembers(tx, Object.getPrototypeOf(tx)),
    ResultSet: runtimeMembers(rs, Object.getPrototypeOf(rs)),
    SqliteError: runtimeMembers(new Database.SqliteError('m', 'SQLITE_ERROR', 1, 0), {}),
  };
  for (const [name, members] of Object.entries(live)) {
    assert.ok(declared.has(name), `index.d.ts declares no class ${name}`);
    assert.deepEqual([...declared.get(name)].sort(), [...members].sort(), `members of ${name}`);
  }
  tx.close();
  client.close();
});

test('index.d.ts declares every export', () => {
  const text = fs.readFileSync(path.join(pkgDir, 'index.d.ts'), 'utf8');
  const block = /declare const Database: typeof edgelite\.Database & \{([\s\S]*?)\};/.exec(text)[1];
  const declared = [...block.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]).sort();
  const runtime = Object.keys(Database).sort();
  assert.deepEqual(declared, runtime);
});

test('the package version is the workspace version, in package.json and the native module', () => {
  const cargo = fs.readFileSync(path.join(repo, 'Cargo.toml'), 'utf8');
  const workspace = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)[1];
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.version, workspace);
  assert.equal(load().version(), workspace);
  assert.match(load().sqliteVersion(), /^3\.\d+\.\d+$/);
});

test('the ESM entry point exports the same objects', () => {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `import Database, { createClient, SqliteError, real } from ${JSON.stringify(path.join(pkgDir, 'index.mjs'))};
     const db = new Database(':memory:');
     const c = createClient({ url: ':memory:' });
     const rs = await c.execute('SELECT 41 + 1 AS x');
     c.close();
     console.log(db.prepare('SELECT ? AS x').get(real(2)).x, rs.rows[0].x, SqliteError === Database.SqliteError);`],
    { encoding: 'utf8' },
  );
  assert.equal(out.trim(), '2 42 true');
});

test('a native module that cannot load is reported with every path tried', () => {
  const script = `process.env.EDGELITE_NATIVE_BINDING = '/nonexistent/edgelite.node';
    const native = require(${JSON.stringify(path.join(pkgDir, 'lib', 'native.js'))});
    try { native.load('/nonexistent/other.node'); } catch (e) { console.log(e.code); console.log(e.message); }`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.match(out, /^EDGELITE_NATIVE_MODULE_NOT_FOUND/);
  assert.match(out, /\/nonexistent\/other\.node: not found/);
  assert.match(out, /npm run build/);
  assert.throws(() => new Database(':memory:', { nativeBinding: '/nonexistent/x.node' }), /cannot load the native module/);
});
