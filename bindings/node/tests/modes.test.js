'use strict';
// Both APIs in remote mode (HTTP and WebSocket) and replica mode, against real `edgelite serve`
// processes started here; and the error codes only those modes have.
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Database = require('..');
const { startServer, tmpdir } = require('./helpers');

const { SqliteError, LibsqlError, createClient } = Database;
const dir = tmpdir();
let seq = 0;
const unique = (prefix) => `${prefix}_${process.pid}_${seq++}`;

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

for (const transport of ['http', 'ws']) {
  describe(`remote over ${transport}`, () => {
    const url = () => server[transport];

    test('sync API: statements, rows, transactions, batches, 64-bit integers', () => {
      const db = new Database(url());
      assert.equal(db.mode, 'remote');
      const t = unique('people');
      db.exec(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, name TEXT UNIQUE, big INTEGER, b BLOB)`);
      const insert = db.prepare(`INSERT INTO ${t}(name, big, b) VALUES (?, ?, ?)`);
      assert.deepEqual(insert.run('ada', 9007199254740993n, Buffer.from([1, 2])), { changes: 1, lastInsertRowid: 1 });
      assert.deepEqual(db.prepare(`SELECT name FROM ${t} WHERE id = ?`).get(1), { name: 'ada' });
      assert.equal(db.prepare(`SELECT big FROM ${t}`).pluck().safeIntegers().get(), 9007199254740993n);
      assert.throws(() => db.prepare(`SELECT big FROM ${t}`).pluck().get(), RangeError);
      assert.deepEqual(db.prepare(`SELECT b FROM ${t}`).pluck().get(), Buffer.from([1, 2]));
      const many = db.transaction((names) => names.forEach((n) => insert.run(n, 0, null)));
      many(['b', 'c']);
      assert.throws(() => many(['d', 'ada']), (e) => e instanceof SqliteError && e.code === 'SQLITE_CONSTRAINT_UNIQUE');
      assert.deepEqual(db.prepare(`SELECT name FROM ${t} ORDER BY id`).pluck().all(), ['ada', 'b', 'c']);
      assert.deepEqual([...db.prepare(`SELECT id FROM ${t} ORDER BY id`).pluck().iterate()], [1, 2, 3]);
      assert.equal(db.inTransaction, false);
      const results = db.batch([`INSERT INTO ${t}(name) VALUES ('e')`, `SELECT count(*) FROM ${t}`], 'write');
      assert.deepEqual(results[1].rows, [[4]]);
      assert.throws(() => db.batch([`SELECT 1`, `INSERT INTO ${t}(name) VALUES ('e')`]), (e) => e.statementIndex === 1);
      assert.deepEqual(db.prepare(`SELECT name AS n FROM ${t}`).columns().map((c) => c.name), ['n']);
      db.close();
    });

    test('sync API: what needs a local SQLite is EDGELITE_UNSUPPORTED', async () => {
      const db = new Database(url());
      const unsupported = (e) => e instanceof SqliteError && e.code === 'EDGELITE_UNSUPPORTED';
      assert.throws(() => db.function('f', () => 1), unsupported);
      assert.throws(() => db.sync(), unsupported);
      await assert.rejects(db.backup(path.join(dir, unique('backup'))), unsupported);
      db.close();
    });

    test('promise API: execute, batch, transaction, executeMultiple', async () => {
      const client = createClient({ url: url(), intMode: 'bigint' });
      assert.equal(client.protocol, transport);
      const t = unique('items');
      await client.executeMultiple(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, v TEXT UNIQUE); INSERT INTO ${t}(v) VALUES ('a');`);
      const rs = await client.execute({ sql: `SELECT id, v FROM ${t} WHERE v = ?`, args: ['a'] });
      assert.deepEqual(rs.columns, ['id', 'v']);
      assert.equal(rs.rows[0].v, 'a');
      assert.equal(rs.rows[0][0], 1n);
      await assert.rejects(
        client.batch([`INSERT INTO ${t}(v) VALUES ('b')`, `INSERT INTO ${t}(v) VALUES ('a')`], 'write'),
        (e) => e instanceof LibsqlError && e.name === 'LibsqlBatchError' && e.statementIndex === 1 && e.extendedCode === 'SQLITE_CONSTRAINT_UNIQUE',
      );
      const tx = await client.transaction('write');
      await tx.execute(`INSERT INTO ${t}(v) VALUES ('c')`);
      await tx.commit();
      const tx2 = await client.transaction();
      await tx2.execute(`INSERT INTO ${t}(v) VALUES ('d')`);
      await tx2.rollback();
      assert.deepEqual((await client.execute(`SELECT v FROM ${t} ORDER BY id`)).rows.map((r) => r.v), ['a', 'c']);
      assert.equal((await client.execute('SELECT 9007199254740993 AS x')).rows[0].x, 9007199254740993n);
      client.close();
    });
  });
}

describe('replica', () => {
  test('sync API: reads locally, writes through the primary and reads them back; sync() pulls others\' writes', () => {
    const t = unique('shared');
    const primary = new Database(server.http);
    primary.exec(`CREATE TABLE ${t}(id INTEGER PRIMARY KEY, v TEXT)`);
    const replica = new Database(path.join(dir, unique('replica') + '.db'), { syncUrl: server.http });
    assert.equal(replica.mode, 'replica');
    replica.sync();
    assert.deepEqual(replica.prepare(`SELECT count(*) FROM ${t}`).pluck().all(), [0]);
    // Read-your-writes: the write goes to the primary, and the replica has it when run() returns.
    assert.equal(replica.prepare(`INSERT INTO ${t}(v) VALUES (?)`).run('mine').changes, 1);
    assert.equal(replica.prepare(`SELECT v FROM ${t}`).pluck().get(), 'mine');
    primary.prepare(`INSERT INTO ${t}(v) VALUES ('theirs')`).run();
    const synced = replica.sync();
    assert.ok(synced.frame_no > 0 && synced.generation >= 1, JSON.stringify(synced));
    assert.deepEqual(replica.prepare(`SELECT v FROM ${t} ORDER BY id`).pluck().all(), ['mine', 'theirs']);
    // Functions run on the replica's local reads.
    replica.function('shout', (s) => s.toUpperCase());
    assert.equal(replica.prepare(`SELECT shout(v) FROM ${t} ORDER BY id`).pluck().get(), 'MINE');
    replica.close();
    primary.close();
  });

  test('promise API: createClient with syncUrl', async () => {
    const t = unique('shared');
    const client = createClient({ url: `file:${path.join(dir, unique('replica') + '.db')}`, syncUrl: server.http });
    await client.execute(`CREATE TABLE ${t}(x)`);
    await client.execute(`INSERT INTO ${t} VALUES (1)`);
    assert.equal((await client.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n, 1);
    const synced = await client.sync();
    assert.ok(synced.frame_no > 0);
    const tx = await client.transaction('write');
    await tx.execute(`INSERT INTO ${t} VALUES (2)`);
    await tx.commit();
    assert.equal((await client.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n, 2);
    client.close();
  });

  test('a local file that is not a replica: EDGELITE_SYNC_NOT_A_REPLICA', () => {
    const file = path.join(dir, unique('plain') + '.db');
    new Database(file).exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)').close();
    assert.throws(
      () => new Database(file, { syncUrl: server.http }).sync(),
      (e) => e instanceof SqliteError && e.code === 'EDGELITE_SYNC_NOT_A_REPLICA',
    );
  });
});

describe('errors only servers have', () => {
  test('EDGELITE_REMOTE_CONNECT when nobody listens', async () => {
    const gone = await startServer();
    const url = gone.http;
    await gone.stop();
    assert.throws(() => new Database(url).exec('SELECT 1'), (e) => e instanceof SqliteError && e.code === 'EDGELITE_REMOTE_CONNECT');
    const client = createClient({ url });
    await assert.rejects(client.execute('SELECT 1'), (e) => e instanceof LibsqlError && e.code === 'EDGELITE_REMOTE' && e.extendedCode === 'EDGELITE_REMOTE_CONNECT');
  });

  test('EDGELITE_AUTH without credentials, EDGELITE_REMOTE_NAMESPACE for a missing namespace', async () => {
    const guarded = await startServer(['--http-auth', `basic:${Buffer.from('user:pass').toString('base64')}`, '--enable-namespaces']);
    try {
      for (const transport of ['http', 'ws']) {
        assert.throws(() => new Database(guarded[transport]).exec('SELECT 1'), (e) => e instanceof SqliteError && e.code.startsWith('EDGELITE_AUTH'));
        await assert.rejects(createClient({ url: guarded[transport] }).execute('SELECT 1'), (e) => e instanceof LibsqlError && e.code === 'EDGELITE_AUTH');
      }
    } finally {
      await guarded.stop();
    }
    const spaces = await startServer(['--enable-namespaces']);
    try {
      assert.throws(
        () => new Database(spaces.http, { namespace: 'no-such-namespace' }).exec('SELECT 1'),
        (e) => e instanceof SqliteError && e.code === 'EDGELITE_REMOTE_NAMESPACE',
      );
    } finally {
      await spaces.stop();
    }
  });
});
