// @libsql/hrana-client used directly with Hrana 3, for what @libsql/client (always Hrana 2) never
// exercises: /v3/pipeline and /v3/cursor (JSON), /v3-protobuf/* (protobuf), the WebSocket
// subprotocols hrana3 and hrana3-protobuf; cursors, getAutocommit, describe, stored SQL, batch
// conditions including isAutocommit. The same suite runs on all four transports.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as hrana from "@libsql/hrana-client";
import { env, rejection } from "./env.mjs";

const HTTP_URL = env("EDGELITE_HTTP_URL");
const WS_URL = env("EDGELITE_WS_URL");

// hrana-client 0.10 negotiates HTTP by probing `GET /v3-protobuf` and falling back to Hrana 2; its
// entry for JSON Hrana 3 is commented out of the probe list. To drive /v3/* we hand the client
// that same endpoint description (the shape of its `checkEndpoints` entries) after the probe.
const V3_JSON_ENDPOINT = {
  versionPath: "v3",
  pipelinePath: "v3/pipeline",
  cursorPath: "v3/cursor",
  version: 3,
  encoding: "json",
};

// Every HTTP request the client makes, as "METHOD /path" (through its official customFetch hook).
function recordingFetch(log) {
  return (request) => {
    log.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
}

async function openWsWith(subprotocols) {
  const socket = new hrana.WebSocket(WS_URL, subprotocols);
  const client = new hrana.WsClient(socket, undefined);
  assert.equal(await client.getVersion(), 3);
  return { client, socket };
}

const transports = [
  {
    name: "HTTP protobuf (/v3-protobuf)",
    tag: "hp",
    async open() {
      const requests = [];
      const client = hrana.openHttp(HTTP_URL, undefined, recordingFetch(requests), undefined, 3);
      assert.equal(await client.getVersion(), 3);
      assert.equal(client._endpoint.encoding, "protobuf", "the client chose the protobuf endpoint");
      return {
        client,
        check() {
          // The probe, then only protobuf pipelines and cursors.
          assert.equal(requests[0], "GET /v3-protobuf");
          const rest = new Set(requests.slice(1));
          assert.deepEqual([...rest].sort(), ["POST /v3-protobuf/cursor", "POST /v3-protobuf/pipeline"]);
        },
      };
    },
  },
  {
    name: "HTTP JSON (/v3)",
    tag: "hj",
    async open() {
      const requests = [];
      const client = hrana.openHttp(HTTP_URL, undefined, recordingFetch(requests), undefined, 3);
      assert.equal(await client.getVersion(), 3);
      // The server also answers the JSON endpoint's version probe.
      const probe = await fetch(new URL("/v3", HTTP_URL));
      assert.equal(probe.status, 200);
      assert.match(await probe.text(), /Hrana over HTTP/);
      client._endpoint = V3_JSON_ENDPOINT;
      client._endpointPromise = Promise.resolve(V3_JSON_ENDPOINT);
      return {
        client,
        check() {
          const rest = new Set(requests.slice(1));
          assert.deepEqual([...rest].sort(), ["POST /v3/cursor", "POST /v3/pipeline"]);
        },
      };
    },
  },
  {
    name: "WebSocket hrana3 (JSON)",
    tag: "wj",
    async open() {
      const { client, socket } = await openWsWith(["hrana3"]);
      assert.equal(socket.protocol, "hrana3");
      return { client, check() {} };
    },
  },
  {
    name: "WebSocket hrana3-protobuf",
    tag: "wp",
    async open() {
      // What openWs(url, jwt, 3) offers; the server prefers protobuf.
      const { client, socket } = await openWsWith(["hrana3-protobuf", "hrana3", "hrana2", "hrana1"]);
      assert.equal(socket.protocol, "hrana3-protobuf");
      return { client, check() {} };
    },
  },
];

test("openWs with protocol version 3 negotiates Hrana 3", async () => {
  const client = hrana.openWs(WS_URL, undefined, 3);
  try {
    assert.equal(await client.getVersion(), 3);
    const stream = client.openStream();
    assert.equal((await stream.queryValue("SELECT 40 + 2")).value, 42);
    assert.equal(await stream.getAutocommit(), true);
    stream.close();
  } finally {
    client.close();
  }
});

for (const transport of transports) {
  describe(transport.name, () => {
    const T = `items_${transport.tag}`;
    let client;
    let check;
    let stream;
    // SQL texts are stored on the stream over HTTP and on the connection over WebSocket.
    const sqlOwner = () => (client instanceof hrana.WsClient ? client : stream);

    before(async () => {
      ({ client, check } = await transport.open());
      stream = client.openStream();
      await stream.run(`CREATE TABLE ${T}(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, v INTEGER, r REAL, b BLOB)`);
    });
    after(() => {
      stream?.close();
      client?.close();
    });

    test("values of every type, and 64-bit integers", async () => {
      const s = client.openStream();
      try {
        s.intMode = "bigint";
        const blob = new Uint8Array([0, 1, 2, 253, 254, 255]);
        const ins = await s.run([`INSERT INTO ${T}(name, v, r, b) VALUES (?, ?, ?, ?)`, ["max", 9223372036854775807n, -0.5, blob]]);
        assert.equal(ins.affectedRowCount, 1);
        assert.equal(ins.lastInsertRowid, 1n);
        const row = (await s.queryRow([`SELECT id, name, v, r, b, NULL AS n, 9007199254740993 AS lit FROM ${T} WHERE name = ?`, ["max"]])).row;
        assert.equal(row.id, 1n);
        assert.equal(row.name, "max");
        assert.equal(row.v, 9223372036854775807n);
        assert.equal(row.r, -0.5);
        assert.deepEqual([...new Uint8Array(row.b)], [...blob]);
        assert.equal(row.n, null);
        assert.equal(row.lit, 9007199254740993n);
        const result = await s.query([`SELECT name FROM ${T} WHERE v = ?`, [9223372036854775807n]]);
        assert.deepEqual(result.columnNames, ["name"]);
        assert.deepEqual(result.columnDecltypes, ["TEXT"]);
        assert.equal(result.rows.length, 1);
        await s.run([`DELETE FROM ${T} WHERE name = ?`, ["max"]]);
      } finally {
        s.close();
      }
    });

    test("getAutocommit follows transactions", async () => {
      assert.equal(await stream.getAutocommit(), true);
      await stream.run("BEGIN");
      assert.equal(await stream.getAutocommit(), false);
      await stream.run(`INSERT INTO ${T}(name, v) VALUES ('in-tx', 1)`);
      await stream.run("ROLLBACK");
      assert.equal(await stream.getAutocommit(), true);
      assert.equal((await stream.queryValue(`SELECT count(*) FROM ${T} WHERE name = 'in-tx'`)).value, 0);

      // libSQL's read-only transaction: writes are refused, the transaction stays open.
      await stream.run("BEGIN TRANSACTION READONLY");
      assert.equal(await stream.getAutocommit(), false);
      const e = await rejection(stream.run(`INSERT INTO ${T}(name) VALUES ('ro')`));
      assert.ok(e instanceof hrana.ResponseError, `expected a ResponseError, got ${e}`);
      assert.equal(e.code, "SQLITE_READONLY");
      assert.equal(await stream.getAutocommit(), false);
      await stream.run("COMMIT");
      assert.equal(await stream.getAutocommit(), true);
    });

    test("a transaction on one stream is invisible to another until it commits", async () => {
      const other = client.openStream();
      try {
        await stream.run("BEGIN IMMEDIATE");
        await stream.run(`INSERT INTO ${T}(name, v) VALUES ('pending', 7)`);
        assert.equal((await stream.queryValue(`SELECT count(*) FROM ${T} WHERE name = 'pending'`)).value, 1);
        assert.equal((await other.queryValue(`SELECT count(*) FROM ${T} WHERE name = 'pending'`)).value, 0);
        assert.equal(await other.getAutocommit(), true);
        await stream.run("COMMIT");
        assert.equal((await other.queryValue(`SELECT v FROM ${T} WHERE name = 'pending'`)).value, 7);
      } finally {
        other.close();
      }
    });

    test("describe", async () => {
      const d = await stream.describe(`SELECT id, name AS n, ? AS p, :named AS q FROM ${T} WHERE id > @min`);
      assert.deepEqual(d.paramNames, [undefined, ":named", "@min"]);
      assert.deepEqual(d.columns, [
        { name: "id", decltype: "INTEGER" },
        { name: "n", decltype: "TEXT" },
        { name: "p", decltype: undefined },
        { name: "q", decltype: undefined },
      ]);
      assert.equal(d.isExplain, false);
      assert.equal(d.isReadonly, true);

      const ins = await stream.describe(`INSERT INTO ${T}(name, v) VALUES (?1, $v)`);
      assert.deepEqual(ins.paramNames, ["?1", "$v"]);
      assert.deepEqual(ins.columns, []);
      assert.equal(ins.isReadonly, false);

      const explain = await stream.describe(`EXPLAIN QUERY PLAN SELECT * FROM ${T} WHERE id = 1`);
      assert.equal(explain.isExplain, true);

      // Describing does not run the statement.
      const ddl = await stream.describe(`CREATE TABLE never_${transport.tag}(x)`);
      assert.equal(ddl.isReadonly, false);
      assert.equal(
        (await stream.queryValue([`SELECT count(*) FROM sqlite_schema WHERE name = ?`, [`never_${transport.tag}`]])).value,
        0,
      );

      const e = await rejection(stream.describe("SELEC 1"));
      assert.ok(e instanceof hrana.ResponseError, `expected a ResponseError, got ${e}`);
      assert.equal(e.code, "SQLITE_ERROR");
      assert.match(e.message, /syntax error/);
    });

    test("stored SQL", async () => {
      const owner = sqlOwner();
      const insert = owner.storeSql(`INSERT INTO ${T}(name, v) VALUES (?, ?)`);
      for (let i = 1; i <= 5; i++) {
        const r = await stream.run([insert, [`stored${i}`, i * 10]]);
        assert.equal(r.affectedRowCount, 1);
      }
      const select = owner.storeSql(`SELECT sum(v) AS total, count(*) AS n FROM ${T} WHERE name LIKE 'stored%'`);
      const row = (await stream.queryRow(select)).row;
      assert.deepEqual([row.total, row.n], [150, 5]);

      // In a batch, in describe and in sequence too.
      const batch = stream.batch(false);
      const a = batch.step().run([insert, ["stored6", 60]]);
      const b = batch.step().queryRow(select);
      await batch.execute();
      assert.equal((await a).affectedRowCount, 1);
      assert.deepEqual([(await b).row.total, (await b).row.n], [210, 6]);
      assert.deepEqual((await stream.describe(insert)).paramNames, [undefined, undefined]);
      const seq = owner.storeSql(`UPDATE ${T} SET v = v + 1 WHERE name = 'stored1'; UPDATE ${T} SET v = v + 1 WHERE name = 'stored2'`);
      await stream.sequence(seq);
      assert.equal((await stream.queryValue(`SELECT sum(v) FROM ${T} WHERE name IN ('stored1', 'stored2')`)).value, 32);

      // Closing frees the id on the server; the client reuses it for the next text.
      insert.close();
      select.close();
      seq.close();
      assert.equal(insert.closed, true);
      const again = owner.storeSql(`SELECT count(*) FROM ${T} WHERE name LIKE 'stored%'`);
      assert.equal((await stream.queryValue(again)).value, 6);
      again.close();
      await stream.run(`DELETE FROM ${T} WHERE name LIKE 'stored%'`);
    });

    test("sequence", async () => {
      await stream.sequence(`
        CREATE TABLE seq_${transport.tag}(x);
        INSERT INTO seq_${transport.tag} VALUES (1);
        -- a comment
        INSERT INTO seq_${transport.tag} VALUES (2);
      `);
      assert.equal((await stream.queryValue(`SELECT sum(x) FROM seq_${transport.tag}`)).value, 3);
      const e = await rejection(stream.sequence(`INSERT INTO seq_${transport.tag} VALUES (4); INSERT INTO nope VALUES (1); INSERT INTO seq_${transport.tag} VALUES (8)`));
      assert.ok(e instanceof hrana.ResponseError, `expected a ResponseError, got ${e}`);
      assert.equal(e.code, "SQLITE_ERROR");
      assert.match(e.message, /no such table: nope/);
      assert.equal((await stream.queryValue(`SELECT sum(x) FROM seq_${transport.tag}`)).value, 7);
    });

    for (const useCursor of [false, true]) {
      test(`batch conditions (${useCursor ? "cursor" : "batch"})`, async () => {
        const b = stream.batch(useCursor);
        const { ok, error, not, and, or, isAutocommit } = hrana.BatchCond;
        const begin = b.step();
        const pBegin = begin.run("BEGIN");
        const ins = b.step().condition(ok(begin));
        const pIns = ins.run(`INSERT INTO ${T}(name, v) VALUES ('cond', 1)`);
        const bad = b.step().condition(ok(ins));
        const eBad = rejection(bad.run("INSERT INTO no_such_table VALUES (1)"));
        const onError = b.step().condition(error(bad));
        const pOnError = onError.queryValue("SELECT 'recovered'");
        const skipped = b.step().condition(ok(bad));
        const pSkipped = skipped.queryValue("SELECT 'never'");
        const pNotOk = b.step().condition(not(ok(skipped))).queryValue("SELECT 'skipped is not ok'");
        const pSkippedIsNoError = b.step().condition(error(skipped)).queryValue("SELECT 'never'");
        const pInTx = b.step().condition(not(isAutocommit(b))).queryValue(`SELECT count(*) FROM ${T} WHERE name = 'cond'`);
        const pAnd = b.step().condition(and(b, [ok(begin), error(bad), ok(onError)])).queryValue("SELECT 'and'");
        const pAndFalse = b.step().condition(and(b, [ok(begin), ok(bad)])).queryValue("SELECT 'never'");
        const pOr = b.step().condition(or(b, [ok(bad), ok(ins)])).queryValue("SELECT 'or'");
        const pOrFalse = b.step().condition(or(b, [ok(bad), ok(skipped)])).queryValue("SELECT 'never'");
        const pEmptyAnd = b.step().condition(and(b, [])).queryValue("SELECT 'empty and'");
        const pEmptyOr = b.step().condition(or(b, [])).queryValue("SELECT 'never'");
        const rollback = b.step().condition(not(isAutocommit(b)));
        const pRollback = rollback.run("ROLLBACK");
        const pAutocommit = b.step().condition(isAutocommit(b)).queryValue("SELECT 'autocommit again'");
        const pNotAutocommit = b.step().condition(not(isAutocommit(b))).queryValue("SELECT 'never'");
        await b.execute();

        assert.notEqual(await pBegin, undefined);
        assert.equal((await pIns).affectedRowCount, 1);
        const e = await eBad;
        assert.ok(e instanceof hrana.ResponseError, `expected a ResponseError, got ${e}`);
        assert.equal(e.code, "SQLITE_ERROR");
        assert.match(e.message, /no such table: no_such_table/);
        assert.equal((await pOnError).value, "recovered");
        assert.equal(await pSkipped, undefined);
        assert.equal((await pNotOk).value, "skipped is not ok");
        assert.equal(await pSkippedIsNoError, undefined);
        assert.equal((await pInTx).value, 1);
        assert.equal((await pAnd).value, "and");
        assert.equal(await pAndFalse, undefined);
        assert.equal((await pOr).value, "or");
        assert.equal(await pOrFalse, undefined);
        assert.equal((await pEmptyAnd).value, "empty and");
        assert.equal(await pEmptyOr, undefined);
        assert.notEqual(await pRollback, undefined);
        assert.equal((await pAutocommit).value, "autocommit again");
        assert.equal(await pNotAutocommit, undefined);
        assert.equal((await stream.queryValue(`SELECT count(*) FROM ${T} WHERE name = 'cond'`)).value, 0);
        assert.equal(await stream.getAutocommit(), true);
      });
    }

    test("cursor over a 10,000-row result", async () => {
      const N = 10000;
      await stream.run(`CREATE TABLE big_${transport.tag}(id INTEGER PRIMARY KEY, label TEXT, big INTEGER, half REAL)`);
      const fill = await stream.run(`
        INSERT INTO big_${transport.tag}(id, label, big, half)
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${N})
        SELECT x, 'row ' || x, 9007199254740993 + x, x / 2.0 FROM c`);
      assert.equal(fill.affectedRowCount, N);

      const s = client.openStream();
      try {
        s.intMode = "bigint";
        const b = s.batch(true);
        const pCount = b.step().queryValue(`SELECT count(*) FROM big_${transport.tag}`);
        const pRows = b.step().query(`SELECT id, label, big, half FROM big_${transport.tag} ORDER BY id`);
        const pFails = rejection(b.step().query(`SELECT id, label, big, half FROM big_${transport.tag} WHERE nope`));
        const pAfter = b.step().queryValue(`SELECT max(id) FROM big_${transport.tag}`);
        await b.execute();
        assert.equal((await pCount).value, BigInt(N));
        const rows = (await pRows).rows;
        assert.equal(rows.length, N);
        assert.deepEqual((await pRows).columnNames, ["id", "label", "big", "half"]);
        for (let i = 0; i < N; i++) {
          const row = rows[i];
          const x = i + 1;
          if (row.id !== BigInt(x) || row.label !== `row ${x}` || row.big !== 9007199254740993n + BigInt(x) || row.half !== x / 2) {
            assert.fail(`row ${i} is wrong: ${JSON.stringify(Array.from(row), (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
          }
        }
        const e = await pFails;
        assert.ok(e instanceof hrana.ResponseError, `expected a ResponseError, got ${e}`);
        assert.equal(e.code, "SQLITE_ERROR");
        assert.match(e.message, /no such column: nope/);
        assert.equal((await pAfter).value, BigInt(N));
      } finally {
        s.close();
      }
      // The same rows without a cursor, in one response.
      const all = await stream.query(`SELECT id FROM big_${transport.tag} ORDER BY id DESC`);
      assert.equal(all.rows.length, N);
      assert.equal(all.rows[0].id, N);
      assert.equal(all.rows[N - 1].id, 1);
    });

    test("errors carry their codes", async () => {
      await stream.run(`INSERT INTO ${T}(name, v) VALUES ('unique', 1)`);
      const e = await rejection(stream.run(`INSERT INTO ${T}(name, v) VALUES ('unique', 2)`));
      assert.ok(e instanceof hrana.ResponseError, `expected a ResponseError, got ${e}`);
      assert.equal(e.code, "SQLITE_CONSTRAINT");
      assert.match(e.message, new RegExp(`UNIQUE constraint failed: ${T}\\.name`));
      const args = await rejection(stream.run(["SELECT ?", [1, 2]]));
      assert.ok(args instanceof hrana.ResponseError, `expected a ResponseError, got ${args}`);
      assert.equal(args.code, "ARGS_INVALID");
      // The stream is still usable.
      assert.equal((await stream.queryValue(`SELECT v FROM ${T} WHERE name = 'unique'`)).value, 1);
    });

    test("the expected endpoints were used", () => {
      check();
    });
  });
}
