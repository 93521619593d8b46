'use strict';
// docs/errors.md, rows "Node (sync API)" and "Node (promise API)": every primary and extended
// code of the tables maps to the documented class and fields; and the codes a test can provoke
// are provoked for real (in embedded mode here; remote and replica codes in modes.test.js).
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Database = require('..');
const { load } = require('../lib/native');
const { tmpdir, repo } = require('./helpers');

const { SqliteError, LibsqlError, createClient } = Database;
const native = load();

/** The rows of docs/errors.md's code tables: [code, name]. */
function documentedCodes() {
  const text = fs.readFileSync(path.join(repo, 'docs', 'errors.md'), 'utf8');
  const rows = [];
  for (const m of text.matchAll(/^\|\s*(\d+)\s*\|\s*`([A-Z_]+)`\s*\|/gm)) rows.push([Number(m[1]), m[2]]);
  return rows;
}

const documented = documentedCodes();
const primaryName = new Map(documented.filter(([c]) => c < 256).map(([c, n]) => [c, n]));

describe('the mapping table, code by code', () => {
  test('docs/errors.md lists the primary and edgelite codes', () => {
    assert.ok(primaryName.size >= 33, `found ${primaryName.size} primary codes`);
    assert.ok(documented.some(([, n]) => n === 'EDGELITE_MISUSE_CLOSED'));
  });

  // Every documented code, and every extended code the core defines (SQLite's included).
  const all = new Map(documented);
  for (const [code, name] of native.errorCodes()) all.set(code, name);
  for (const [code, name] of all) {
    test(`${name} (${code})`, () => {
      const primary = primaryName.get(code & 0xff);
      assert.ok(primary, `no primary code documented for ${name}`);
      const sync = native.errorForCode('sync', code, 'message');
      assert.ok(sync instanceof SqliteError && sync instanceof Error);
      assert.equal(sync.name, 'SqliteError');
      assert.equal(sync.code, name);
      assert.equal(sync.rawCode, code);
      assert.equal(sync.message, 'message');
      const promise = native.errorForCode('promise', code, 'message');
      assert.ok(promise instanceof LibsqlError && promise instanceof Error);
      assert.equal(promise.name, 'LibsqlError');
      assert.equal(promise.code, primary);
      assert.equal(promise.extendedCode, name);
      assert.equal(promise.rawCode, code);
      assert.equal(promise.message, `${primary}: message`);
    });
  }
});

describe('errors provoked for real', () => {
  const dir = tmpdir();
  const fresh = () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t(id INTEGER PRIMARY KEY, u TEXT UNIQUE, nn TEXT NOT NULL DEFAULT 'x',
                            c INTEGER CHECK (c >= 0), p INTEGER REFERENCES t(id));
             CREATE TABLE s(x INTEGER) STRICT;
             PRAGMA foreign_keys = ON;
             INSERT INTO t(id, u) VALUES (1, 'a');`);
    return db;
  };
  const cases = [
    ['SQLITE_ERROR', 1, (db) => db.exec('SELEC 1')],
    ['SQLITE_CONSTRAINT_UNIQUE', 2067, (db) => db.exec("INSERT INTO t(u) VALUES ('a')")],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 1555, (db) => db.exec('INSERT INTO t(id) VALUES (1)')],
    ['SQLITE_CONSTRAINT_NOTNULL', 1299, (db) => db.exec('INSERT INTO t(nn) VALUES (NULL)')],
    ['SQLITE_CONSTRAINT_CHECK', 275, (db) => db.exec('INSERT INTO t(c) VALUES (-1)')],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 787, (db) => db.exec('INSERT INTO t(p) VALUES (99)')],
    ['SQLITE_CONSTRAINT_DATATYPE', 3091, (db) => db.exec("INSERT INTO s VALUES ('nope')")],
    ['SQLITE_MISMATCH', 20, (db) => db.prepare('SELECT ?').get(Symbol('x'))],
    ['SQLITE_MISMATCH', 20, (db) => db.exec("INSERT INTO t(id) VALUES ('not an integer')")],
    ['EDGELITE_RANGE_PARAMETER', 16409, (db) => db.prepare('SELECT ?').get()],
    ['EDGELITE_MISUSE_MANY_STATEMENTS', 16917, (db) => db.prepare('SELECT 1; SELECT 2')],
    ['EDGELITE_MISUSE_NO_STATEMENT', 16661, (db) => db.prepare('')],
    ['EDGELITE_MISUSE_CLOSED', 16405, (db) => db.close().exec('SELECT 1')],
    ['SQLITE_TOOBIG', 18, (db) => db.prepare('SELECT zeroblob(2000000000)').get()],
    ['SQLITE_INTERRUPT', 9, (db) => db.prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c').queryTimeout(20).get()],
    ['SQLITE_READONLY', 8, (db) => db.batch(['INSERT INTO t(u) VALUES (1)'], 'read')],
    ['EDGELITE_UNSUPPORTED', 196, (db) => db.sync()],
    ['SQLITE_ERROR', 1, (db) => db.exec('COMMIT')],
  ];
  for (const [name, code, provoke] of cases) {
    test(`${name} (sync API)`, () => {
      assert.throws(
        () => provoke(fresh()),
        (e) => e instanceof SqliteError && e.code === name && e.rawCode === code,
      );
    });
  }

  test('SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_READONLY, SQLITE_BUSY on files', () => {
    const expect = (f, name) => assert.throws(f, (e) => e instanceof SqliteError && e.code === name);
    expect(() => new Database(path.join(dir, 'missing.db'), { fileMustExist: true }), 'SQLITE_CANTOPEN');
    expect(() => new Database(path.join(dir, 'no-such-dir', 'x.db')), 'SQLITE_CANTOPEN');
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not a database, just some text that is long enough to have a header');
    expect(() => new Database(junk).exec('SELECT * FROM sqlite_master'), 'SQLITE_NOTADB');
    const f = path.join(dir, 'busy.db');
    const a = new Database(f);
    a.exec('CREATE TABLE t(x)');
    expect(() => new Database(f, { readonly: true }).exec('INSERT INTO t VALUES (1)'), 'SQLITE_READONLY');
    a.exec('BEGIN IMMEDIATE');
    expect(() => new Database(f, { timeout: 0 }).exec('INSERT INTO t VALUES (1)'), 'SQLITE_BUSY');
    a.exec('ROLLBACK');
  });

  test('the same codes through the promise API, as LibsqlError and LibsqlBatchError', async () => {
    const client = createClient({ url: ':memory:' });
    await client.executeMultiple("CREATE TABLE t(u TEXT UNIQUE); INSERT INTO t VALUES ('a')");
    const expect = (p, code, extended, raw) =>
      assert.rejects(p, (e) => e instanceof LibsqlError && e.code === code && e.extendedCode === extended && e.rawCode === raw);
    await expect(client.execute('SELEC 1'), 'SQLITE_ERROR', 'SQLITE_ERROR', 1);
    await expect(client.execute("INSERT INTO t VALUES ('a')"), 'SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT_UNIQUE', 2067);
    await expect(client.execute('SELECT ?', []), 'SQLITE_RANGE', 'EDGELITE_RANGE_PARAMETER', 16409);
    await expect(client.execute('SELECT ?', [Symbol('x')]), 'SQLITE_MISMATCH', 'SQLITE_MISMATCH', 20);
    await expect(client.execute('SELECT 1; SELECT 2'), 'SQLITE_MISUSE', 'EDGELITE_MISUSE_MANY_STATEMENTS', 16917);
    await expect(client.sync(), 'EDGELITE_UNSUPPORTED', 'EDGELITE_UNSUPPORTED', 196);
    await assert.rejects(
      client.batch(['SELECT 1', "INSERT INTO t VALUES ('a')"]),
      (e) => e.name === 'LibsqlBatchError' && e.statementIndex === 1 && e.extendedCode === 'SQLITE_CONSTRAINT_UNIQUE',
    );
    client.close();
    await expect(client.execute('SELECT 1'), 'SQLITE_MISUSE', 'EDGELITE_MISUSE_CLOSED', 16405);
    const missing = createClient({ url: `file:${path.join(dir, 'nope', 'x.db')}` });
    await expect(missing.execute('SELECT 1'), 'SQLITE_CANTOPEN', 'SQLITE_CANTOPEN', 14);
  });

  test('misuse caught in JavaScript is a TypeError, as in better-sqlite3', () => {
    const db = new Database(':memory:');
    assert.throws(() => db.prepare(1), TypeError);
    assert.throws(() => db.prepare('CREATE TABLE x(y)').get(), TypeError);
    assert.throws(() => db.function('f', 1), TypeError);
  });
});
