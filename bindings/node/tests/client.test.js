'use strict';
// The promise API against @libsql/client's documented behaviour (embedded mode here; remote
// and replica modes are in modes.test.js).
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { createClient, LibsqlError, LibsqlBatchError } = require('..');
const { tmpdir } = require('./helpers');

const dir = tmpdir();
let n = 0;
const fileUrl = () => `file:${path.join(dir, `c-${n++}.db`)}`;

async function people(url = ':memory:', config = {}) {
  const client = createClient({ url, ...config });
  await client.executeMultiple(`CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                                INSERT INTO people(name) VALUES ('ada'), ('alan');`);
  return client;
}

describe('createClient', () => {
  test('accepts :memory:, file: URLs and reports its protocol', async () => {
    const mem = createClient({ url: ':memory:' });
    assert.equal(mem.protocol, 'file');
    assert.equal(mem.closed, false);
    const file = createClient({ url: fileUrl() });
    await file.execute('CREATE TABLE t(x)');
    assert.equal(createClient({ url: 'http://127.0.0.1:1' }).protocol, 'http');
    assert.equal(createClient({ url: 'ws://127.0.0.1:1' }).protocol, 'ws');
    assert.equal(createClient({ url: 'libsql://example.invalid' }).protocol, 'http');
    assert.throws(() => createClient({ url: 'ftp://x' }), (e) => e instanceof LibsqlError && e.code === 'URL_SCHEME_NOT_SUPPORTED');
    assert.throws(() => createClient({ url: ':memory:', syncUrl: 'http://x' }), LibsqlError);
    mem.close();
    assert.equal(mem.closed, true);
    file.close();
  });
});

describe('execute', () => {
  test('returns a ResultSet: columns, columnTypes, rows, rowsAffected, lastInsertRowid', async () => {
    const client = await people();
    const ins = await client.execute({ sql: 'INSERT INTO people(name) VALUES (?)', args: ['grace'] });
    assert.equal(ins.rowsAffected, 1);
    assert.equal(ins.lastInsertRowid, 3n);
    assert.deepEqual(ins.columns, []);
    const rs = await client.execute('SELECT id, name, length(name) AS len FROM people ORDER BY id');
    assert.deepEqual(rs.columns, ['id', 'name', 'len']);
    assert.deepEqual(rs.columnTypes, ['INTEGER', 'TEXT', '']);
    assert.equal(rs.rows.length, 3);
    assert.equal(rs.rowsAffected, 0);
    client.close();
  });

  test('rows are array-like and readable by column name', async () => {
    const client = await people();
    const { rows } = await client.execute('SELECT id, name, 1 AS id FROM people WHERE id = 1');
    const row = rows[0];
    assert.equal(row.length, 3);
    assert.equal(row[0], 1);
    assert.equal(row[1], 'ada');
    assert.equal(row.name, 'ada');
    assert.equal(row.id, 1); // the first column of a name wins
    assert.deepEqual(Object.keys(row), ['id', 'name']);
    assert.deepEqual(Array.from(row), [1, 'ada', 1]);
    assert.equal(JSON.stringify(row), '{"id":1,"name":"ada"}');
    client.close();
  });

  test('positional and named arguments, in both call forms', async () => {
    const client = createClient({ url: ':memory:' });
    assert.deepEqual(Array.from((await client.execute('SELECT ?, ?', [1, 'a'])).rows[0]), [1, 'a']);
    assert.deepEqual(Array.from((await client.execute({ sql: 'SELECT :a, @b, $c', args: { a: 1, b: 2, c: 3 } })).rows[0]), [1, 2, 3]);
    assert.deepEqual(Array.from((await client.execute({ sql: 'SELECT :a', args: { ':a': 5 } })).rows[0]), [5]);
    client.close();
  });

  test('calls on one client run in call order', async () => {
    const client = createClient({ url: ':memory:' });
    const calls = [client.execute('CREATE TABLE t(x)')];
    for (let i = 0; i < 20; i++) calls.push(client.execute('INSERT INTO t VALUES (?)', [i]));
    calls.push(client.execute('SELECT group_concat(x) AS xs FROM t'));
    const results = await Promise.all(calls);
    assert.equal(results.at(-1).rows[0].xs, Array.from({ length: 20 }, (_, i) => i).join(','));
    client.close();
  });

  test('toJSON', async () => {
    const client = createClient({ url: ':memory:', intMode: 'bigint' });
    const rs = await client.execute("SELECT 9007199254740993 AS big, x'00ff' AS b");
    assert.deepEqual(rs.toJSON(), {
      columns: ['big', 'b'],
      columnTypes: ['', ''],
      rows: [['9007199254740993', 'AP8=']],
      rowsAffected: 0,
      lastInsertRowid: '0',
    });
    client.close();
  });

  test('errors are LibsqlError with code, extendedCode and rawCode', async () => {
    const client = await people();
    await assert.rejects(client.execute("INSERT INTO people(name) VALUES ('ada')"), (e) => {
      assert.ok(e instanceof LibsqlError);
      assert.equal(e.code, 'SQLITE_CONSTRAINT');
      assert.equal(e.extendedCode, 'SQLITE_CONSTRAINT_UNIQUE');
      assert.equal(e.rawCode, 2067);
      assert.match(e.message, /^SQLITE_CONSTRAINT: UNIQUE constraint failed/);
      return true;
    });
    client.close();
  });
});

describe('batch', () => {
  test('runs statements atomically and returns a ResultSet each', async () => {
    const client = await people();
    const results = await client.batch(
      ["INSERT INTO people(name) VALUES ('grace')", { sql: 'SELECT count(*) AS n FROM people', args: [] }, ['SELECT ? AS x', [7]]],
      'write',
    );
    assert.equal(results.length, 3);
    assert.equal(results[0].rowsAffected, 1);
    assert.equal(results[1].rows[0].n, 3);
    assert.equal(results[2].rows[0].x, 7);
    client.close();
  });

  test('a failure rolls everything back: LibsqlBatchError with statementIndex', async () => {
    const client = await people();
    await assert.rejects(
      client.batch(["INSERT INTO people(name) VALUES ('x')", "INSERT INTO people(name) VALUES ('ada')"], 'write'),
      (e) => e instanceof LibsqlBatchError && e.statementIndex === 1 && e.extendedCode === 'SQLITE_CONSTRAINT_UNIQUE',
    );
    assert.equal((await client.execute('SELECT count(*) AS n FROM people')).rows[0].n, 2);
    client.close();
  });

  test('read batches refuse writes; deferred is the default', async () => {
    const client = await people();
    await assert.rejects(client.batch(["INSERT INTO people(name) VALUES ('x')"], 'read'), (e) => e.code === 'SQLITE_READONLY');
    assert.equal((await client.batch(['SELECT 1 AS one']))[0].rows[0].one, 1);
    assert.throws(() => client.batch([], 'sometimes'), TypeError);
    client.close();
  });
});

describe('transaction', () => {
  test('owns its own connection: unrelated calls do not run inside it', async () => {
    const url = fileUrl();
    const client = await people(url, { timeout: 0 });
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO people(name) VALUES ('in-tx')");
    // The client's own connection does not see the uncommitted row...
    assert.equal((await client.execute('SELECT count(*) AS n FROM people')).rows[0].n, 2);
    // ...and cannot write while the transaction holds the write lock.
    await assert.rejects(client.execute("INSERT INTO people(name) VALUES ('outside')"), (e) => e.code === 'SQLITE_BUSY');
    assert.equal((await tx.execute('SELECT count(*) AS n FROM people')).rows[0].n, 3);
    await tx.commit();
    assert.equal(tx.closed, true);
    await assert.rejects(tx.execute('SELECT 1'), (e) => e instanceof LibsqlError && e.code === 'TRANSACTION_CLOSED');
    assert.equal((await client.execute('SELECT count(*) AS n FROM people')).rows[0].n, 3);
    client.close();
  });

  test('rollback, batch and executeMultiple inside a transaction; in-memory databases are shared', async () => {
    const client = await people();
    const tx = await client.transaction('deferred');
    await tx.batch(["INSERT INTO people(name) VALUES ('a1')", "INSERT INTO people(name) VALUES ('a2')"]);
    await tx.executeMultiple("INSERT INTO people(name) VALUES ('a3'); INSERT INTO people(name) VALUES ('a4');");
    assert.equal((await tx.execute('SELECT count(*) AS n FROM people')).rows[0].n, 6);
    await tx.rollback();
    assert.equal((await client.execute('SELECT count(*) AS n FROM people')).rows[0].n, 2);
    const ro = await client.transaction('read');
    await assert.rejects(ro.execute("INSERT INTO people(name) VALUES ('x')"), (e) => e.code === 'SQLITE_READONLY');
    ro.close();
    client.close();
  });
});

describe('migrate, sync, close', () => {
  test('migrate runs a batch with foreign keys off', async () => {
    const client = createClient({ url: ':memory:' });
    const [r] = await client.migrate(['CREATE TABLE m(x)']);
    assert.equal(r.rowsAffected, 0);
    client.close();
  });

  test('sync needs a replica', async () => {
    const client = createClient({ url: ':memory:' });
    await assert.rejects(client.sync(), (e) => e instanceof LibsqlError && e.code === 'EDGELITE_UNSUPPORTED');
    client.close();
  });

  test('calls after close fail with EDGELITE_MISUSE_CLOSED', async () => {
    const client = createClient({ url: ':memory:' });
    client.close();
    await assert.rejects(client.execute('SELECT 1'), (e) => e instanceof LibsqlError && e.extendedCode === 'EDGELITE_MISUSE_CLOSED');
  });
});

describe('the event loop', () => {
  test('keeps running while a long query runs', async () => {
    const client = createClient({ url: ':memory:' });
    await client.execute('SELECT 1'); // opened before the clock starts
    // A timer every 5 ms: if the query ran on this thread, no timer could fire until it ended.
    let ticks = 0;
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const start = performance.now();
    const rs = await client.execute(
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) AS n FROM c',
    );
    const took = performance.now() - start;
    clearInterval(timer);
    assert.equal(rs.rows[0].n, 3000000);
    assert.ok(took > 100, `the query took ${took.toFixed(0)} ms: too short to show anything`);
    assert.ok(ticks >= 5, `the timer fired ${ticks} times during a ${took.toFixed(0)} ms query`);
    assert.ok(longestGap < took / 2, `the event loop stalled for ${longestGap.toFixed(0)} ms of a ${took.toFixed(0)} ms query`);
    client.close();
  });

  test('interrupt() stops a running query', async () => {
    const client = createClient({ url: ':memory:' });
    const query = client.execute('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c');
    // Interrupt until it stops (the first interrupt may come before the query starts).
    const timer = setInterval(() => client.interrupt(), 20);
    await assert.rejects(query, (e) => e instanceof LibsqlError && e.code === 'SQLITE_INTERRUPT');
    clearInterval(timer);
    client.close();
  });
});
