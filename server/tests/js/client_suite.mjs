// The @libsql/client suite, run over HTTP (client_http.test.mjs) and WebSocket
// (client_ws.test.mjs) against a real edgelite server. @libsql/client speaks Hrana 2 on both
// transports (POST /v2/pipeline; WebSocket subprotocol hrana2).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, LibsqlError, LibsqlBatchError } from "@libsql/client";
import { rejection } from "./env.mjs";

const count = async (client, table) => (await client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n;

export function clientSuite(url, protocol) {
  let client;
  let big;
  before(async () => {
    client = createClient({ url });
    big = createClient({ url, intMode: "bigint" });
    await client.executeMultiple(`
      CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, photo BLOB, note TEXT);
      CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT NOT NULL UNIQUE, balance INTEGER NOT NULL);
      INSERT INTO accounts(owner, balance) VALUES ('a', 70), ('b', 50);
    `);
  });
  after(() => {
    client?.close();
    big?.close();
  });

  test("the client uses the expected transport", () => {
    assert.equal(client.protocol, protocol);
    assert.equal(client.closed, false);
  });

  test("execute with positional arguments", async () => {
    const photo = new Uint8Array([0, 1, 127, 128, 254, 255]);
    const first = await client.execute({
      sql: "INSERT INTO people(name, score, photo, note) VALUES (?, ?, ?, ?)",
      args: ["ada", 9.5, photo, null],
    });
    assert.equal(first.rowsAffected, 1);
    assert.equal(first.lastInsertRowid, 1n);
    assert.deepEqual(first.rows, []);
    // Numbered parameters, and the (sql, args) form.
    const second = await client.execute("INSERT INTO people(name, score, note) VALUES (?2, ?1, ?3)", [
      7.25,
      "grace",
      "é ✓ \u{1F600}",
    ]);
    assert.equal(second.rowsAffected, 1);
    assert.equal(second.lastInsertRowid, 2n);

    const rs = await client.execute({
      sql: "SELECT id, name, score, photo, note FROM people WHERE id >= ? ORDER BY id",
      args: [1],
    });
    assert.deepEqual(rs.columns, ["id", "name", "score", "photo", "note"]);
    assert.deepEqual(rs.columnTypes, ["INTEGER", "TEXT", "REAL", "BLOB", "TEXT"]);
    assert.equal(rs.rowsAffected, 0);
    assert.equal(rs.rows.length, 2);
    const [ada, grace] = rs.rows;
    assert.equal(ada.length, 5);
    assert.equal(ada.id, 1);
    assert.equal(ada[1], "ada");
    assert.equal(ada.score, 9.5);
    assert.ok(ada.photo instanceof ArrayBuffer, `a blob is an ArrayBuffer, got ${ada.photo}`);
    assert.deepEqual([...new Uint8Array(ada.photo)], [...photo]);
    assert.equal(ada.note, null);
    assert.equal(grace.id, 2);
    assert.equal(grace.name, "grace");
    assert.equal(grace.score, 7.25);
    assert.equal(grace.photo, null);
    assert.equal(grace.note, "é ✓ \u{1F600}");

    // Booleans and bigints are sent as integers; JS numbers as floats.
    const types = await client.execute({
      sql: "SELECT typeof(?) AS t1, ? AS v1, typeof(?) AS t2, typeof(?) AS t3, ? AS v3",
      args: [true, false, 42, 42n, 42n],
    });
    assert.deepEqual(Array.from(types.rows[0]), ["integer", 0, "real", "integer", 42]);
    assert.equal(types.rows[0].t1, "integer");
  });

  test("execute with named arguments", async () => {
    const rs = await client.execute({
      sql: "SELECT :a AS a, @b AS b, $c AS c, :a || @b AS ab",
      args: { a: "x", b: "y", c: 3n },
    });
    assert.deepEqual(rs.columns, ["a", "b", "c", "ab"]);
    assert.deepEqual(Array.from(rs.rows[0]), ["x", "y", 3, "xy"]);

    const ins = await client.execute({
      sql: "INSERT INTO people(name, score) VALUES (:name, :score)",
      args: { name: "linus", score: 1.5 },
    });
    assert.equal(ins.rowsAffected, 1);
    assert.equal(ins.lastInsertRowid, 3n);
    // The argument names may also carry their prefix.
    const found = await client.execute({ sql: "SELECT id, score FROM people WHERE name = :name", args: { ":name": "linus" } });
    assert.deepEqual(Array.from(found.rows[0]), [3, 1.5]);
  });

  test("64-bit integers round-trip exactly with intMode bigint", async () => {
    await big.execute("CREATE TABLE ints(v INTEGER)");
    const values = [9007199254740993n, 9223372036854775807n, -9223372036854775808n, -9007199254740993n, 0n, -1n];
    for (const v of values) {
      const r = await big.execute({ sql: "INSERT INTO ints(v) VALUES (?)", args: [v] });
      assert.equal(r.rowsAffected, 1);
    }
    const rs = await big.execute("SELECT v, typeof(v) AS t, v = 9007199254740993 AS exact FROM ints ORDER BY rowid");
    assert.deepEqual(
      rs.rows.map((r) => r.v),
      values,
    );
    assert.deepEqual(
      rs.rows.map((r) => r.t),
      values.map(() => "integer"),
    );
    assert.deepEqual(
      rs.rows.map((r) => r.exact),
      [1n, 0n, 0n, 0n, 0n, 0n],
    );
    // A literal computed by the server, and arithmetic that only works on exact values.
    const lit = await big.execute("SELECT 9007199254740993 AS v, 9007199254740993 + 1 AS w");
    assert.equal(lit.rows[0].v, 9007199254740993n);
    assert.equal(lit.rows[0].w, 9007199254740994n);
    // lastInsertRowid is a bigint and exact too.
    const ins = await big.execute({ sql: "INSERT INTO ints(rowid, v) VALUES (?, 1)", args: [9007199254740993n] });
    assert.equal(ins.lastInsertRowid, 9007199254740993n);

    // The default intMode refuses what a JS number cannot hold; "string" gives the digits.
    await assert.rejects(client.execute("SELECT 9007199254740993"), RangeError);
    const asString = createClient({ url, intMode: "string" });
    try {
      const s = await asString.execute("SELECT 9007199254740993 AS v, -9223372036854775808 AS m");
      assert.deepEqual(Array.from(s.rows[0]), ["9007199254740993", "-9223372036854775808"]);
    } finally {
      asString.close();
    }
  });

  test("batch in write mode runs atomically", async () => {
    const results = await client.batch(
      [
        { sql: "INSERT INTO accounts(owner, balance) VALUES (?, ?)", args: ["c", 100] },
        { sql: "INSERT INTO accounts(owner, balance) VALUES (:o, :b)", args: { o: "d", b: 10 } },
        "UPDATE accounts SET balance = balance - 30 WHERE owner = 'c'",
        ["SELECT owner, balance FROM accounts WHERE owner IN (?, ?) ORDER BY owner", ["c", "d"]],
      ],
      "write",
    );
    assert.equal(results.length, 4);
    assert.equal(results[0].rowsAffected, 1);
    assert.equal(results[0].lastInsertRowid, 3n);
    assert.equal(results[1].lastInsertRowid, 4n);
    assert.equal(results[2].rowsAffected, 1);
    assert.deepEqual(
      results[3].rows.map((r) => Array.from(r)),
      [
        ["c", 70],
        ["d", 10],
      ],
    );

    // A failing statement rolls back the statements before it.
    const before = await count(client, "accounts");
    const e = await rejection(
      client.batch(
        [
          "INSERT INTO accounts(owner, balance) VALUES ('e', 1)",
          "INSERT INTO accounts(owner, balance) VALUES ('a', 1)",
          "INSERT INTO accounts(owner, balance) VALUES ('f', 1)",
        ],
        "write",
      ),
    );
    assert.ok(e instanceof LibsqlBatchError, `expected a LibsqlBatchError, got ${e}`);
    assert.equal(e.code, "SQLITE_CONSTRAINT");
    assert.equal(e.statementIndex, 1);
    assert.match(e.message, /UNIQUE constraint failed: accounts\.owner/);
    assert.equal(await count(client, "accounts"), before);
    const eRows = await client.execute("SELECT count(*) AS n FROM accounts WHERE owner IN ('e', 'f')");
    assert.equal(eRows.rows[0].n, 0);
  });

  test("batch in read mode reads, and refuses writes", async () => {
    const [n, b] = await client.batch(
      ["SELECT count(*) AS n FROM accounts", { sql: "SELECT balance FROM accounts WHERE owner = ?", args: ["b"] }],
      "read",
    );
    assert.equal(n.rows[0].n, 4);
    assert.equal(b.rows[0].balance, 50);

    // "read" is BEGIN TRANSACTION READONLY: the server refuses the write inside it.
    const e = await rejection(
      client.batch(["SELECT 1", "UPDATE accounts SET balance = 0", "DELETE FROM accounts"], "read"),
    );
    assert.ok(e instanceof LibsqlBatchError, `expected a LibsqlBatchError, got ${e}`);
    assert.equal(e.code, "SQLITE_READONLY");
    assert.equal(e.statementIndex, 1);
    const sum = await client.execute("SELECT sum(balance) AS s, count(*) AS n FROM accounts");
    assert.deepEqual(Array.from(sum.rows[0]), [70 + 50 + 70 + 10, 4]);
  });

  test("batch in deferred mode", async () => {
    const results = await client.batch(
      [
        "SELECT count(*) AS n FROM accounts",
        { sql: "INSERT INTO accounts(owner, balance) VALUES (?, ?)", args: ["g", 7] },
        "SELECT count(*) AS n FROM accounts",
      ],
      "deferred",
    );
    assert.equal(results[0].rows[0].n, 4);
    assert.equal(results[1].rowsAffected, 1);
    assert.equal(results[2].rows[0].n, 5);
    assert.equal(await count(client, "accounts"), 5);
  });

  test("interactive transaction: commit", async () => {
    const tx = await client.transaction("write");
    try {
      const ins = await tx.execute({ sql: "INSERT INTO accounts(owner, balance) VALUES (?, ?)", args: ["tx1", 5] });
      assert.equal(ins.rowsAffected, 1);
      assert.equal((await tx.execute("SELECT count(*) AS n FROM accounts")).rows[0].n, 6);
      // Other connections do not see uncommitted work.
      assert.equal(await count(client, "accounts"), 5);
      const [upd, sel] = await tx.batch([
        "UPDATE accounts SET balance = balance + 1 WHERE owner = 'tx1'",
        "SELECT balance FROM accounts WHERE owner = 'tx1'",
      ]);
      assert.equal(upd.rowsAffected, 1);
      assert.equal(sel.rows[0].balance, 6);
      await tx.executeMultiple("INSERT INTO accounts(owner, balance) VALUES ('tx2', 1); UPDATE accounts SET balance = 2 WHERE owner = 'tx2';");
      await tx.commit();
    } finally {
      tx.close();
    }
    assert.equal(tx.closed, true);
    const rs = await client.execute("SELECT owner, balance FROM accounts WHERE owner LIKE 'tx%' ORDER BY owner");
    assert.deepEqual(
      rs.rows.map((r) => Array.from(r)),
      [
        ["tx1", 6],
        ["tx2", 2],
      ],
    );
  });

  test("interactive transaction: rollback", async () => {
    const before = await client.execute("SELECT owner, balance FROM accounts ORDER BY owner");
    const tx = await client.transaction("deferred");
    try {
      await tx.execute("UPDATE accounts SET balance = 0");
      await tx.execute({ sql: "INSERT INTO accounts(owner, balance) VALUES (?, ?)", args: ["gone", 1] });
      await tx.executeMultiple("DELETE FROM accounts WHERE owner = 'a'; DELETE FROM accounts WHERE owner = 'b';");
      const inside = await tx.execute("SELECT sum(balance) AS s, count(*) AS n FROM accounts");
      assert.deepEqual(Array.from(inside.rows[0]), [1, 6]);
      await tx.rollback();
    } finally {
      tx.close();
    }
    const after = await client.execute("SELECT owner, balance FROM accounts ORDER BY owner");
    assert.deepEqual(
      after.rows.map((r) => Array.from(r)),
      before.rows.map((r) => Array.from(r)),
    );
    // A statement that fails inside a transaction leaves the transaction usable.
    const tx2 = await client.transaction("write");
    try {
      await tx2.execute("INSERT INTO accounts(owner, balance) VALUES ('tmp', 1)");
      const e = await rejection(tx2.execute("INSERT INTO accounts(owner, balance) VALUES ('tmp', 2)"));
      assert.ok(e instanceof LibsqlError, `expected a LibsqlError, got ${e}`);
      assert.equal(e.code, "SQLITE_CONSTRAINT");
      assert.equal((await tx2.execute("SELECT count(*) AS n FROM accounts WHERE owner = 'tmp'")).rows[0].n, 1);
      await tx2.rollback();
    } finally {
      tx2.close();
    }
    assert.equal((await client.execute("SELECT count(*) AS n FROM accounts WHERE owner = 'tmp'")).rows[0].n, 0);
  });

  test("interactive transaction in read mode refuses writes", async () => {
    const tx = await client.transaction("read");
    try {
      assert.equal((await tx.execute("SELECT count(*) AS n FROM accounts")).rows[0].n, 7);
      const e = await rejection(tx.execute("DELETE FROM accounts"));
      assert.ok(e instanceof LibsqlError, `expected a LibsqlError, got ${e}`);
      assert.equal(e.code, "SQLITE_READONLY");
      // The transaction is still open and still reads.
      assert.equal((await tx.execute("SELECT count(*) AS n FROM accounts")).rows[0].n, 7);
      await tx.commit();
    } finally {
      tx.close();
    }
    assert.equal(await count(client, "accounts"), 7);
  });

  test("executeMultiple runs a script, stopping at the first error", async () => {
    await client.executeMultiple(`
      CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
      -- a comment between statements
      INSERT INTO notes(body) VALUES ('one');
      INSERT INTO notes(body) VALUES ('two; with a semicolon');
    `);
    const e = await rejection(
      client.executeMultiple(
        "INSERT INTO notes(body) VALUES ('three'); INSERT INTO nope VALUES (1); INSERT INTO notes(body) VALUES ('four');",
      ),
    );
    assert.ok(e instanceof LibsqlError, `expected a LibsqlError, got ${e}`);
    assert.equal(e.code, "SQLITE_ERROR");
    assert.match(e.message, /no such table: nope/);
    // No implicit transaction: what ran before the error stays.
    const rs = await client.execute("SELECT body FROM notes ORDER BY id");
    assert.deepEqual(
      rs.rows.map((r) => r.body),
      ["one", "two; with a semicolon", "three"],
    );
  });

  test("errors carry their codes", async () => {
    const cases = [
      ["INSERT INTO people(name) VALUES ('ada')", "SQLITE_CONSTRAINT", /UNIQUE constraint failed: people\.name/],
      ["INSERT INTO people(name) VALUES (NULL)", "SQLITE_CONSTRAINT", /NOT NULL constraint failed: people\.name/],
      ["INSERT INTO people(id, name) VALUES (1, 'dup')", "SQLITE_CONSTRAINT", /UNIQUE constraint failed: people\.id/],
      ["SELEC 1", "SQLITE_ERROR", /syntax error/],
      ["SELECT nope FROM people", "SQLITE_ERROR", /no such column: nope/],
      ["SELECT * FROM missing_table", "SQLITE_ERROR", /no such table: missing_table/],
    ];
    for (const [sql, code, message] of cases) {
      const e = await rejection(client.execute(sql));
      assert.ok(e instanceof LibsqlError, `${sql}: expected a LibsqlError, got ${e}`);
      assert.equal(e.code, code, `${sql}: ${e.message}`);
      assert.match(e.message, message, sql);
    }
    // Too many arguments for the statement.
    const args = await rejection(client.execute({ sql: "SELECT ?", args: [1, 2] }));
    assert.ok(args instanceof LibsqlError, `expected a LibsqlError, got ${args}`);
    assert.equal(args.code, "ARGS_INVALID");
    // The client stays usable.
    assert.equal((await client.execute("SELECT 1 AS one")).rows[0].one, 1);
    assert.equal(await count(client, "people"), 3);
  });
}
