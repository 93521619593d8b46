'use strict';
// docs/types.md, Node column: one test per row of each table, in both APIs.
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const Database = require('..');

const { real, SqliteError, createClient, LibsqlError } = Database;

const db = new Database(':memory:');
const roundTrip = (v) => db.prepare('SELECT ? AS v, typeof(?) AS t').safeIntegers().get(v, v);

describe('parameters: JS -> SQLite', () => {
  test('null and undefined bind as NULL', () => {
    assert.deepEqual(roundTrip(null), { v: null, t: 'null' });
    assert.deepEqual(roundTrip(undefined), { v: null, t: 'null' });
  });

  test('safe-integer numbers, bigints and booleans bind as INTEGER', () => {
    assert.deepEqual(roundTrip(42), { v: 42n, t: 'integer' });
    assert.deepEqual(roundTrip(Number.MAX_SAFE_INTEGER), { v: 9007199254740991n, t: 'integer' });
    assert.deepEqual(roundTrip(-Number.MAX_SAFE_INTEGER), { v: -9007199254740991n, t: 'integer' });
    assert.deepEqual(roundTrip(9223372036854775807n), { v: 9223372036854775807n, t: 'integer' });
    assert.deepEqual(roundTrip(-9223372036854775808n), { v: -9223372036854775808n, t: 'integer' });
    assert.deepEqual(roundTrip(true), { v: 1n, t: 'integer' });
    assert.deepEqual(roundTrip(false), { v: 0n, t: 'integer' });
    // Unlike better-sqlite3, 42 is not 42.0 in a TEXT column.
    assert.equal(db.prepare("SELECT CAST(? AS TEXT) || ''").pluck().get(42), '42');
  });

  test('a bigint outside the 64-bit range is EDGELITE_RANGE_PARAMETER, never wrapped', () => {
    for (const v of [9223372036854775808n, -9223372036854775809n]) {
      assert.throws(() => roundTrip(v), (e) => e instanceof SqliteError && e.code === 'EDGELITE_RANGE_PARAMETER' && e.rawCode === 16409);
    }
  });

  test('other numbers, -0 and real() bind as REAL; NaN binds as NULL; infinities are kept', () => {
    assert.deepEqual(roundTrip(1.5), { v: 1.5, t: 'real' });
    assert.deepEqual(roundTrip(2 ** 53), { v: 2 ** 53, t: 'real' });
    assert.deepEqual(roundTrip(real(2)), { v: 2, t: 'real' });
    const negZero = roundTrip(-0);
    assert.equal(negZero.t, 'real');
    assert.ok(Object.is(negZero.v, -0));
    assert.deepEqual(roundTrip(NaN), { v: null, t: 'null' });
    assert.deepEqual(roundTrip(Infinity), { v: Infinity, t: 'real' });
    assert.deepEqual(roundTrip(-Infinity), { v: -Infinity, t: 'real' });
    assert.throws(() => real('1'), TypeError);
  });

  test('strings bind as TEXT, empty included', () => {
    assert.deepEqual(roundTrip('héllo 🌍'), { v: 'héllo 🌍', t: 'text' });
    assert.deepEqual(roundTrip(''), { v: '', t: 'text' });
  });

  test('Buffer, Uint8Array and ArrayBuffer bind as BLOB, empty included', () => {
    assert.deepEqual(roundTrip(Buffer.from([0, 255])), { v: Buffer.from([0, 255]), t: 'blob' });
    assert.deepEqual(roundTrip(new Uint8Array([1, 2, 3])), { v: Buffer.from([1, 2, 3]), t: 'blob' });
    assert.deepEqual(roundTrip(new Uint8Array([1, 2, 3]).buffer), { v: Buffer.from([1, 2, 3]), t: 'blob' });
    assert.deepEqual(roundTrip(Buffer.alloc(0)), { v: Buffer.alloc(0), t: 'blob' });
  });

  test('Date binds as ISO-8601 UTC text', () => {
    const d = new Date(Date.UTC(2024, 1, 29, 13, 4, 5, 678));
    assert.deepEqual(roundTrip(d), { v: '2024-02-29T13:04:05.678Z', t: 'text' });
    assert.equal(roundTrip(new Date(-1)).v, new Date(-1).toISOString());
    assert.equal(roundTrip(new Date(Date.UTC(-50, 0, 1))).v, new Date(Date.UTC(-50, 0, 1)).toISOString());
    assert.throws(() => roundTrip(new Date(NaN)), (e) => e.code === 'SQLITE_MISMATCH');
  });

  test('any other type is SQLITE_MISMATCH, naming the type', () => {
    for (const [v, what] of [[Symbol('s'), 'symbol'], [() => 1, 'function'], [new Int32Array(1), 'typed array']]) {
      assert.throws(() => roundTrip(v), (e) => e instanceof SqliteError && e.code === 'SQLITE_MISMATCH' && e.message.includes(what));
    }
  });
});

describe('results: SQLite -> JS', () => {
  test('NULL is null', () => {
    assert.equal(db.prepare('SELECT NULL').pluck().get(), null);
  });

  test('INTEGER is a number; outside ±(2^53-1) a RangeError; a bigint with safeIntegers', () => {
    assert.equal(db.prepare('SELECT 9007199254740991').pluck().get(), 9007199254740991);
    assert.throws(() => db.prepare('SELECT 9007199254740992').pluck().get(), RangeError);
    assert.throws(() => db.prepare('SELECT -9007199254740992').pluck().get(), RangeError);
    assert.equal(db.prepare('SELECT 9223372036854775807').pluck().safeIntegers().get(), 9223372036854775807n);
    const other = new Database(':memory:').defaultSafeIntegers();
    assert.equal(other.prepare('SELECT 1').pluck().get(), 1n);
    assert.equal(other.prepare('SELECT 1').pluck().safeIntegers(false).get(), 1);
    // lastInsertRowid follows too.
    other.exec('CREATE TABLE t(id INTEGER PRIMARY KEY)');
    assert.equal(other.prepare('INSERT INTO t VALUES (9007199254740993)').run().lastInsertRowid, 9007199254740993n);
    assert.throws(() => other.prepare('INSERT INTO t VALUES (9007199254740995)').safeIntegers(false).run(), RangeError);
  });

  test('REAL is a number (−0 and infinities kept)', () => {
    assert.equal(db.prepare('SELECT 1.25').pluck().get(), 1.25);
    assert.ok(Object.is(db.prepare('SELECT -0.0').pluck().get(), -0));
    assert.equal(db.prepare('SELECT 1e999').pluck().get(), Infinity);
  });

  test('TEXT is a string; invalid UTF-8 reads with U+FFFD', () => {
    assert.equal(db.prepare("SELECT 'x'").pluck().get(), 'x');
    assert.equal(db.prepare("SELECT CAST(x'61ff62' AS TEXT)").pluck().get(), 'a\ufffdb');
  });

  test('BLOB is a Buffer in the sync API and an ArrayBuffer in the promise API', async () => {
    assert.deepEqual(db.prepare("SELECT x'0102'").pluck().get(), Buffer.from([1, 2]));
    const client = createClient({ url: ':memory:' });
    const rs = await client.execute("SELECT x'0102' AS b, x'' AS e");
    assert.ok(rs.rows[0].b instanceof ArrayBuffer);
    assert.deepEqual(Buffer.from(rs.rows[0].b), Buffer.from([1, 2]));
    assert.equal(rs.rows[0].e.byteLength, 0);
    client.close();
  });

  test('promise API intMode: number (RangeError when unsafe), bigint, string', async () => {
    const sql = 'SELECT 9007199254740993 AS big, 7 AS small';
    const num = createClient({ url: ':memory:' });
    await assert.rejects(num.execute(sql), RangeError);
    assert.equal((await num.execute('SELECT 7 AS small')).rows[0].small, 7);
    const big = createClient({ url: ':memory:', intMode: 'bigint' });
    assert.deepEqual({ ...(await big.execute(sql)).rows[0] }, { big: 9007199254740993n, small: 7n });
    const str = createClient({ url: ':memory:', intMode: 'string' });
    assert.deepEqual({ ...(await str.execute(sql)).rows[0] }, { big: '9007199254740993', small: '7' });
    // lastInsertRowid is always a bigint, as in @libsql/client.
    assert.equal(typeof (await num.execute('SELECT 1')).lastInsertRowid, 'bigint');
    assert.throws(() => createClient({ url: ':memory:', intMode: 'float' }), TypeError);
    await assert.rejects(num.execute('SELECT ?', [2n ** 64n]), (e) => e instanceof LibsqlError && e.extendedCode === 'EDGELITE_RANGE_PARAMETER');
    for (const c of [num, big, str]) c.close();
  });
});
