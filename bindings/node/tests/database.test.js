'use strict';
// The synchronous API against better-sqlite3's documented behaviour (embedded mode; the other
// modes are in modes.test.js).
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const Database = require('..');
const { tmpdir } = require('./helpers');

const { SqliteError } = Database;
const dir = tmpdir();
let n = 0;
const file = () => path.join(dir, `db-${n++}.db`);

function people() {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER);
           INSERT INTO people(name, age) VALUES ('ada', 36), ('alan', 41), ('grace', NULL);`);
  return db;
}

describe('Database', () => {
  test('opens files, :memory: and anonymous databases, with name/memory/open/readonly', () => {
    const f = file();
    const db = new Database(f);
    assert.equal(db.name, f);
    assert.equal(db.memory, false);
    assert.equal(db.open, true);
    assert.equal(db.readonly, false);
    assert.equal(db.mode, 'embedded');
    db.exec('CREATE TABLE t(x)');
    db.close();
    assert.equal(db.open, false);
    assert.ok(fs.existsSync(f));
    const mem = new Database(':memory:');
    assert.equal(mem.memory, true);
    const anon = new Database();
    assert.equal(anon.memory, true);
    assert.equal(anon.name, '');
    assert.equal(new Database('').prepare('SELECT 1 AS x').get().x, 1);
  });

  test('readonly and fileMustExist', () => {
    const f = file();
    new Database(f).exec('CREATE TABLE t(x)').close();
    const ro = new Database(f, { readonly: true });
    assert.equal(ro.readonly, true);
    assert.throws(() => ro.exec('INSERT INTO t VALUES (1)'), (e) => e instanceof SqliteError && e.code.startsWith('SQLITE_READONLY'));
    assert.throws(
      () => new Database(path.join(dir, 'missing.db'), { fileMustExist: true }),
      (e) => e instanceof SqliteError && e.code.startsWith('SQLITE_CANTOPEN'),
    );
    assert.throws(() => new Database(':memory:', { readonly: true }), TypeError);
    assert.throws(() => new Database(f, { readOnly: true }), /readonly/);
    assert.throws(() => new Database(f, { timeout: -1 }), TypeError);
    assert.throws(() => new Database(123), TypeError);
  });

  test('exec runs scripts and returns the database', () => {
    const db = new Database(':memory:');
    assert.equal(db.exec('CREATE TABLE a(x); CREATE TABLE b(y); INSERT INTO a VALUES (1);'), db);
    assert.equal(db.prepare('SELECT count(*) FROM a').pluck().get(), 1);
  });

  test('prepare refuses several statements and empty SQL', () => {
    const db = new Database(':memory:');
    assert.throws(() => db.prepare('SELECT 1; SELECT 2'), (e) => e.code === 'EDGELITE_MISUSE_MANY_STATEMENTS');
    assert.throws(() => db.prepare('  -- nothing'), (e) => e.code === 'EDGELITE_MISUSE_NO_STATEMENT');
    assert.throws(() => db.prepare(42), TypeError);
  });

  test('pragma returns rows, or the first value with simple', () => {
    const db = new Database(file());
    db.pragma('journal_mode = WAL');
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.pragma('journal_mode'), [{ journal_mode: 'wal' }]);
    db.pragma('user_version = 7');
    assert.equal(db.pragma('user_version', { simple: true }), 7);
  });

  test('close makes later calls fail with EDGELITE_MISUSE_CLOSED', () => {
    const db = people();
    const stmt = db.prepare('SELECT * FROM people');
    assert.equal(db.close(), db);
    assert.equal(db.inTransaction, false);
    assert.throws(() => db.autocommit, (e) => e instanceof SqliteError && e.code === 'EDGELITE_MISUSE_CLOSED');
    assert.throws(() => stmt.all(), (e) => e instanceof SqliteError && e.code === 'EDGELITE_MISUSE_CLOSED' && e.rawCode === 16405);
    assert.throws(() => db.exec('SELECT 1'), (e) => e.code === 'EDGELITE_MISUSE_CLOSED');
    db.close(); // twice is fine
  });

  test('connect() opens another connection to the same database', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
    const other = db.connect();
    assert.equal(other.prepare('SELECT x FROM t').pluck().get(), 1);
    assert.equal(other.memory, true);
  });

  test('unsupported better-sqlite3 features say so', () => {
    const db = new Database(':memory:');
    for (const f of [() => db.serialize(), () => db.loadExtension('x'), () => db.table('t', {})]) {
      assert.throws(f, (e) => e instanceof SqliteError && e.code === 'EDGELITE_UNSUPPORTED');
    }
  });

  test('verbose is called with each statement', () => {
    const seen = [];
    const db = new Database(':memory:', { verbose: (sql) => seen.push(sql) });
    db.exec('CREATE TABLE t(x)');
    db.prepare('INSERT INTO t VALUES (1)').run();
    db.prepare('SELECT * FROM t').all();
    assert.deepEqual(seen, ['CREATE TABLE t(x)', 'INSERT INTO t VALUES (1)', 'SELECT * FROM t']);
  });
});

describe('Statement', () => {
  test('run returns {changes, lastInsertRowid}', () => {
    const db = people();
    assert.deepEqual(db.prepare('INSERT INTO people(name) VALUES (?)').run('linus'), { changes: 1, lastInsertRowid: 4 });
    assert.deepEqual(db.prepare('UPDATE people SET age = 1').run(), { changes: 4, lastInsertRowid: 4 });
    assert.deepEqual(db.prepare("CREATE TABLE IF NOT EXISTS x(y)").run(), { changes: 0, lastInsertRowid: 4 });
    const info = db.prepare('INSERT INTO people(name) VALUES (?)').safeIntegers().run('ken');
    assert.equal(info.lastInsertRowid, 5n);
  });

  test('get returns the first row or undefined; all returns every row', () => {
    const db = people();
    assert.deepEqual(db.prepare('SELECT name, age FROM people WHERE id = ?').get(1), { name: 'ada', age: 36 });
    assert.equal(db.prepare('SELECT * FROM people WHERE id = ?').get(99), undefined);
    assert.deepEqual(db.prepare('SELECT name FROM people ORDER BY id').all(), [{ name: 'ada' }, { name: 'alan' }, { name: 'grace' }]);
    assert.deepEqual(db.prepare('SELECT name FROM people WHERE 0').all(), []);
  });

  test('duplicate column names: the last one wins, as in better-sqlite3', () => {
    const db = new Database(':memory:');
    assert.deepEqual(db.prepare('SELECT 1 AS a, 2 AS a').get(), { a: 2 });
    assert.deepEqual(db.prepare('SELECT 1 AS a, 2 AS a').all(), [{ a: 2 }]);
  });

  test('any column name is a key: quotes, backslashes, numbers, and __proto__ as better-sqlite3 sets it', () => {
    const db = new Database(':memory:');
    const odd = `we"ird\\'\`\${x}\u2028`;
    const stmt = db.prepare(`SELECT 1 AS "${odd.replaceAll('"', '""')}", 2 AS "0", 3 AS constructor`);
    const expected = { [odd]: 1, 0: 2, constructor: 3 };
    assert.deepEqual(stmt.get(), expected);
    assert.deepEqual(stmt.all(), [expected]);
    assert.deepEqual([...stmt.iterate()], [expected]);
    // A __proto__ column goes through the prototype setter, as in better-sqlite3: a number is
    // ignored, null becomes the prototype.
    for (const method of ['get', 'all', 'iterate']) {
      const read = (sql) => {
        const s = db.prepare(sql);
        return method === 'get' ? s.get() : method === 'all' ? s.all()[0] : [...s.iterate()][0];
      };
      const number = read('SELECT 1 AS __proto__, 2 AS a');
      assert.deepEqual(Object.keys(number), ['a'], method);
      assert.equal(Object.getPrototypeOf(number), Object.prototype, method);
      assert.equal(Object.getPrototypeOf(read('SELECT NULL AS __proto__, 2 AS a')), null, method);
      // Once the prototype is null, a second __proto__ is an ordinary key.
      const twice = read('SELECT NULL AS __proto__, 2 AS __proto__');
      assert.equal(Object.getPrototypeOf(twice), null, method);
      assert.deepEqual(Object.entries(twice), [['__proto__', 2]], method);
    }
  });

  test('keys follow renamed result columns, and a failed call does not leave get() or all() behind', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t(a); INSERT INTO t VALUES (1), (9007199254740993)');
    const other = db.connect();
    const stmt = db.prepare('SELECT * FROM t ORDER BY rowid');
    // The second row does not fit a number: all() fails after reading the first.
    assert.throws(() => stmt.all(), RangeError);
    assert.deepEqual(stmt.get(), { a: 1 });
    other.exec('ALTER TABLE t RENAME COLUMN a TO b');
    assert.deepEqual(stmt.get(), { b: 1 });
    assert.throws(() => stmt.all(), RangeError);
    other.exec('ALTER TABLE t RENAME COLUMN b TO c');
    assert.throws(() => stmt.all(), RangeError);
    assert.deepEqual(stmt.safeIntegers().all(), [{ c: 1n }, { c: 9007199254740993n }]);
  });

  test('object rows are the same where code generation from strings is disabled', () => {
    const script = `
      const Database = require(${JSON.stringify(path.join(__dirname, '..'))});
      const db = new Database(':memory:');
      const stmt = db.prepare("SELECT 1 AS a, 'x' AS b, 2 AS a");
      process.stdout.write(JSON.stringify([stmt.get(), stmt.all()]));`;
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), [{ a: 2, b: 'x' }, [{ a: 2, b: 'x' }]]);
  });

  test('any number of parameters, and strings of every length bind exactly', () => {
    const db = new Database(':memory:');
    const values = Array.from({ length: 40 }, (_, i) => i);
    const placeholders = values.map(() => '?').join(', ');
    assert.deepEqual(db.prepare(`SELECT ${placeholders}`).raw().get(...values), values);
    assert.deepEqual(db.prepare(`SELECT ${placeholders}`).raw().all(values), [values]);
    const echo = db.prepare('SELECT ? AS v, length(?) AS n').raw();
    // Around the native side's short-string buffer, with multi-byte characters at its edge.
    for (let length = 110; length <= 140; length++) {
      for (const tail of ['', 'é', '€', '🌍', '🌍🌍']) {
        const text = 'x'.repeat(length) + tail;
        assert.deepEqual(echo.get(text, text), [text, [...text].length]);
      }
    }
  });

  test('iterate reads rows lazily; the database is busy meanwhile; return() ends it', () => {
    const db = people();
    const stmt = db.prepare('SELECT name FROM people ORDER BY id');
    const names = [];
    for (const row of stmt.iterate()) names.push(row.name);
    assert.deepEqual(names, ['ada', 'alan', 'grace']);
    const it = stmt.iterate();
    assert.deepEqual(it.next(), { value: { name: 'ada' }, done: false });
    assert.equal(stmt.busy, true);
    assert.throws(() => stmt.all(), /busy/);
    assert.throws(() => db.prepare('SELECT 1').get(), /busy/);
    assert.throws(() => db.exec('SELECT 1'), /busy/);
    it.return();
    assert.equal(stmt.busy, false);
    assert.equal(stmt.all().length, 3);
    for (const row of stmt.iterate()) {
      assert.equal(row.name, 'ada');
      break;
    }
    assert.equal(db.prepare('SELECT count(*) FROM people').pluck().get(), 3);
    // unsafeMode allows other statements while iterating.
    db.unsafeMode();
    for (const row of db.prepare('SELECT id FROM people').iterate()) {
      db.prepare('UPDATE people SET age = ? WHERE id = ?').run(row.id * 10, row.id);
    }
    db.unsafeMode(false);
    assert.deepEqual(db.prepare('SELECT age FROM people ORDER BY id').pluck().all(), [10, 20, 30]);
  });

  test('pluck, raw and expand shape rows, and turn each other off', () => {
    const db = people();
    const stmt = db.prepare('SELECT people.name, people.age, 1 + 1 AS two FROM people WHERE id = 1');
    assert.equal(stmt.pluck().get(), 'ada');
    assert.deepEqual(stmt.raw().get(), ['ada', 36, 2]);
    assert.deepEqual(stmt.expand().get(), { people: { name: 'ada', age: 36 }, $: { two: 2 } });
    assert.deepEqual(stmt.expand(false).get(), { name: 'ada', age: 36, two: 2 });
    assert.equal(stmt.pluck(true).get(), 'ada');
    // raw(false) turns off raw only: pluck stays on.
    assert.equal(stmt.raw(false).get(), 'ada');
    assert.deepEqual(stmt.pluck(false).get(), { name: 'ada', age: 36, two: 2 });
  });

  test('data methods refuse statements that return no data', () => {
    const db = people();
    const stmt = db.prepare('DELETE FROM people');
    assert.equal(stmt.reader, false);
    assert.equal(stmt.readonly, false);
    for (const f of [() => stmt.get(), () => stmt.all(), () => stmt.iterate(), () => stmt.pluck(), () => stmt.raw(), () => stmt.columns()]) {
      assert.throws(f, /does not return data/);
    }
    assert.equal(db.prepare('SELECT 1').reader, true);
    assert.equal(db.prepare('SELECT 1').readonly, true);
    assert.equal(db.prepare('INSERT INTO people(name) VALUES (1) RETURNING id').reader, true);
  });

  test('columns() describes the result columns', () => {
    const db = people();
    assert.deepEqual(db.prepare('SELECT name AS n, age + 1 AS next FROM people').columns(), [
      { name: 'n', column: 'name', table: 'people', database: 'main', type: 'TEXT' },
      { name: 'next', column: null, table: null, database: null, type: null },
    ]);
  });

  test('columns() follows a schema change once the statement runs again', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t(a); INSERT INTO t VALUES (1)');
    const other = db.connect();
    const stmt = db.prepare('SELECT * FROM t');
    assert.deepEqual(stmt.columns().map((c) => c.name), ['a']);
    other.exec('ALTER TABLE t ADD COLUMN b DEFAULT 2');
    assert.deepEqual(stmt.raw().all(), [[1, 2]]);
    assert.deepEqual(stmt.columns().map((c) => c.name), ['a', 'b']);
    other.exec('ALTER TABLE t DROP COLUMN a');
    assert.deepEqual(stmt.raw(false).get(), { b: 2 });
    assert.deepEqual(stmt.columns().map((c) => c.name), ['b']);
  });

  test('autocommit is the opposite of inTransaction while open', () => {
    const db = new Database(':memory:');
    assert.equal(db.autocommit, true);
    db.exec('BEGIN');
    assert.equal(db.autocommit, false);
    assert.equal(db.inTransaction, true);
    db.exec('ROLLBACK');
    assert.equal(db.autocommit, true);
  });

  test('source, database and parameterNames', () => {
    const db = people();
    const stmt = db.prepare('SELECT * FROM people WHERE id = :id OR name = ?');
    assert.equal(stmt.source, 'SELECT * FROM people WHERE id = :id OR name = ?');
    assert.equal(stmt.database, db);
    assert.deepEqual(stmt.parameterNames(), [':id', null]);
  });

  test('positional, named (@ : $) and mixed parameters', () => {
    const db = new Database(':memory:');
    assert.deepEqual(db.prepare('SELECT ? AS a, ? AS b').get(1, 2), { a: 1, b: 2 });
    assert.deepEqual(db.prepare('SELECT ? AS a, ? AS b').get([1, 2]), { a: 1, b: 2 });
    assert.deepEqual(db.prepare('SELECT ? AS a, ? AS b, ? AS c').get(1, [2, 3]), { a: 1, b: 2, c: 3 });
    assert.deepEqual(db.prepare('SELECT @x AS a, :y AS b, $z AS c').get({ x: 1, y: 2, z: 3 }), { a: 1, b: 2, c: 3 });
    assert.deepEqual(db.prepare('SELECT ? AS a, @x AS b, ? AS c').get(1, { x: 2 }, 3), { a: 1, b: 2, c: 3 });
    assert.throws(() => db.prepare('SELECT ?').get(), (e) => e.code === 'EDGELITE_RANGE_PARAMETER');
    assert.throws(() => db.prepare('SELECT ?').get(1, 2), (e) => e.code === 'EDGELITE_RANGE_PARAMETER');
    assert.throws(() => db.prepare('SELECT @x').get({ y: 1 }), (e) => e.code === 'EDGELITE_RANGE_PARAMETER');
    assert.throws(() => db.prepare('SELECT @x').get({ x: 1 }, { x: 2 }), TypeError);
  });

  test('bind() binds for good', () => {
    const db = new Database(':memory:');
    const stmt = db.prepare('SELECT ? AS a').bind(5);
    assert.deepEqual(stmt.get(), { a: 5 });
    assert.deepEqual(stmt.all(), [{ a: 5 }]);
    assert.throws(() => stmt.get(6), /already has bound parameters/);
    assert.throws(() => stmt.bind(6), /only be invoked once/);
  });

  test('queryTimeout() interrupts a long statement', () => {
    const db = new Database(':memory:');
    const stmt = db.prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c').queryTimeout(50);
    assert.throws(() => stmt.get(), (e) => e instanceof SqliteError && e.code === 'SQLITE_INTERRUPT' && e.rawCode === 9);
    assert.equal(db.prepare('SELECT 1 AS ok').get().ok, 1);
  });
});

describe('transactions', () => {
  test('transaction(fn) commits, rolls back on throw, and passes arguments and this', () => {
    const db = people();
    const insert = db.prepare('INSERT INTO people(name) VALUES (?)');
    const insertMany = db.transaction(function (names) {
      assert.equal(db.inTransaction, true);
      for (const name of names) insert.run(name);
      return this;
    });
    const self = {};
    assert.equal(insertMany.call(self, ['x', 'y']), self);
    assert.equal(db.inTransaction, false);
    assert.throws(() => insertMany(['z', 'ada']), (e) => e.code === 'SQLITE_CONSTRAINT_UNIQUE');
    assert.equal(db.prepare('SELECT count(*) FROM people').pluck().get(), 5);
    assert.equal(insertMany.database, db);
  });

  test('nested transactions become savepoints', () => {
    const db = people();
    const insert = db.prepare('INSERT INTO people(name) VALUES (?)');
    const inner = db.transaction((name) => {
      insert.run(name);
      if (name === 'bad') throw new Error('inner failure');
    });
    const outer = db.transaction(() => {
      inner('good');
      assert.throws(() => inner('bad'), /inner failure/);
      assert.equal(db.inTransaction, true);
    });
    outer();
    assert.deepEqual(db.prepare("SELECT name FROM people WHERE name IN ('good', 'bad')").pluck().all(), ['good']);
  });

  test('deferred, immediate and exclusive variants', () => {
    const f = file();
    const db = new Database(f);
    db.exec('CREATE TABLE t(x)');
    const other = new Database(f, { timeout: 0 });
    let locking = false;
    const tx = db.transaction(() => {
      if (locking) {
        // Immediate and exclusive transactions hold the write lock from BEGIN on.
        assert.throws(() => other.exec('INSERT INTO t VALUES (2)'), (e) => e.code.startsWith('SQLITE_BUSY'));
      }
      db.prepare('INSERT INTO t VALUES (1)').run();
    });
    locking = true;
    tx.immediate();
    tx.exclusive();
    locking = false;
    tx.deferred();
    tx();
    assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 4);
    assert.equal(typeof tx.default, 'function');
  });

  test('a transaction function returning a promise is refused', () => {
    const db = people();
    const tx = db.transaction(async () => {});
    assert.throws(() => tx(), /cannot return a promise/);
    assert.equal(db.inTransaction, false);
  });
});

describe('user-defined functions', () => {
  test('function() with arity, varargs, deterministic and safeIntegers', () => {
    const db = new Database(':memory:');
    db.function('add2', (a, b) => a + b);
    db.function('count_args', { varargs: true }, (...args) => args.length);
    db.function('big', { safeIntegers: true }, (x) => x + 1n);
    db.function('det', { deterministic: true }, (x) => x * 2);
    assert.equal(db.prepare('SELECT add2(1, 2)').pluck().get(), 3);
    assert.equal(db.prepare('SELECT count_args(1, 2, 3, 4)').pluck().get(), 4);
    assert.equal(db.prepare('SELECT big(9007199254740993)').pluck().safeIntegers().get(), 9007199254740994n);
    db.exec('CREATE TABLE t(x); CREATE INDEX i ON t(det(x))');
    assert.throws(() => db.prepare('SELECT add2(1)').get(), (e) => e.code === 'SQLITE_ERROR');
    db.function('blobby', (b) => Buffer.concat([b, Buffer.from([9])]));
    assert.deepEqual(db.prepare("SELECT blobby(x'01')").pluck().get(), Buffer.from([1, 9]));
  });

  test('an exception in a function reaches the caller unchanged', () => {
    const db = new Database(':memory:');
    class Custom extends Error {}
    db.function('boom', () => {
      throw new Custom('boom');
    });
    assert.throws(() => db.prepare('SELECT boom()').get(), (e) => e instanceof Custom && e.message === 'boom');
    db.function('nope', () => Symbol('x'));
    assert.throws(() => db.prepare('SELECT nope()').get(), (e) => e instanceof SqliteError);
    // The database still works.
    assert.equal(db.prepare('SELECT 1').pluck().get(), 1);
  });

  test('a function cannot use its own database while it runs', () => {
    const db = new Database(':memory:');
    db.function('reenter', () => db.prepare('SELECT 1').pluck().get());
    assert.throws(() => db.prepare('SELECT reenter()').get(), /busy executing a user-defined function/);
  });

  test('aggregate() with start, step and result', () => {
    const db = people();
    db.aggregate('concat_names', { start: '', step: (acc, name) => acc + name[0], result: (acc) => acc.toUpperCase() });
    db.aggregate('list', { start: () => [], step: (acc, x) => { acc.push(x); }, result: (acc) => acc.join(',') });
    assert.equal(db.prepare('SELECT concat_names(name) FROM people').pluck().get(), 'AAG');
    assert.equal(db.prepare('SELECT list(id) FROM people').pluck().get(), '1,2,3');
    assert.equal(db.prepare('SELECT list(id) FROM people WHERE 0').pluck().get(), '');
    assert.throws(() => db.aggregate('w', { step: () => {}, inverse: () => {} }), (e) => e.code === 'EDGELITE_UNSUPPORTED');
    assert.throws(() => db.aggregate('w', {}), /step/);
  });
});

describe('backup', () => {
  test('backs up into a file, off the event loop', async () => {
    const db = people();
    const dest = file();
    let seen = null;
    const result = await db.backup(dest, { progress: (p) => (seen = p) });
    assert.equal(result.remainingPages, 0);
    assert.ok(result.totalPages > 0);
    assert.deepEqual(seen, result);
    const copy = new Database(dest, { readonly: true });
    assert.equal(copy.prepare('SELECT count(*) FROM people').pluck().get(), 3);
    await assert.rejects(db.backup(dest, { attached: 'temp' }), (e) => e.code === 'EDGELITE_UNSUPPORTED');
  });
});

describe('batch, lastInsertRowid, changes, busyTimeout (edgelite additions)', () => {
  test('batch runs atomically and reports the failing statement', () => {
    const db = people();
    const results = db.batch([['INSERT INTO people(name) VALUES (?)', ['x']], 'SELECT count(*) AS n FROM people']);
    assert.equal(results[0].changes, 1);
    assert.deepEqual(results[1].rows, [[4]]);
    assert.deepEqual(results[1].columns, ['n']);
    assert.throws(
      () => db.batch(["INSERT INTO people(name) VALUES ('y')", "INSERT INTO people(name) VALUES ('ada')"], 'write'),
      (e) => e instanceof SqliteError && e.code === 'SQLITE_CONSTRAINT_UNIQUE' && e.statementIndex === 1,
    );
    assert.equal(db.prepare("SELECT count(*) FROM people WHERE name = 'y'").pluck().get(), 0);
  });

  test('lastInsertRowid and changes follow the connection', () => {
    const db = people();
    db.exec("INSERT INTO people(id, name) VALUES (100, 'z'); UPDATE people SET age = 0 WHERE id < 3");
    assert.equal(db.changes, 2);
    assert.equal(db.lastInsertRowid, 100);
    db.defaultSafeIntegers();
    assert.equal(db.lastInsertRowid, 100n);
    db.busyTimeout(10);
  });
});
