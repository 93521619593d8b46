// JWT authentication with the official clients, against an edgelite server that accepts only
// Ed25519 tokens signed by a key server/tests/compat_js.rs generated for this run. It hands over
// tokens with claims {"a":"rw"} and {"a":"ro"}, one signed by a foreign key, and one expired.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, LibsqlError, LibsqlBatchError } from "@libsql/client";
import * as hrana from "@libsql/hrana-client";
import { env, rejection } from "./env.mjs";

const HTTP_URL = env("EDGELITE_HTTP_URL");
const WS_URL = env("EDGELITE_WS_URL");
const RW = env("EDGELITE_TOKEN_RW");
const RO = env("EDGELITE_TOKEN_RO");
const FOREIGN = env("EDGELITE_TOKEN_FOREIGN");
const EXPIRED = env("EDGELITE_TOKEN_EXPIRED");

// How a refusal reaches @libsql/client: over HTTP as the status of the whole request (sqld's
// JSON body has `error`, not `message`, so the client reports SERVER_ERROR with the status);
// over WebSocket as the Hrana error code.
function assertHttpStatus(e, status) {
  assert.ok(e instanceof LibsqlError, `expected a LibsqlError, got ${e}`);
  assert.equal(e.code, "SERVER_ERROR", e.message);
  assert.ok(e.cause instanceof hrana.HttpServerError, `expected an HttpServerError cause, got ${e.cause}`);
  assert.equal(e.cause.status, status, e.message);
}

function assertCode(e, code) {
  assert.ok(e instanceof LibsqlError, `expected a LibsqlError, got ${e}`);
  assert.equal(e.code, code, e.message);
}

const transports = [
  { name: "http", url: HTTP_URL, forbidden: (e) => assertHttpStatus(e, 403), unauthorized: (e) => assertHttpStatus(e, 401) },
  {
    name: "ws",
    url: WS_URL,
    forbidden: (e) => assertCode(e, "AUTH_FORBIDDEN"),
    unauthorized: (e, code) => assertCode(e, code),
  },
];

for (const t of transports) {
  describe(`@libsql/client over ${t.name}`, () => {
    const T = `secrets_${t.name}`;
    let rw;
    let ro;
    before(async () => {
      rw = createClient({ url: t.url, authToken: RW });
      ro = createClient({ url: t.url, authToken: RO });
      await rw.execute(`CREATE TABLE ${T}(id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
    });
    after(() => {
      rw?.close();
      ro?.close();
    });

    test("a read-write token reads and writes", async () => {
      const ins = await rw.execute({ sql: `INSERT INTO ${T}(v) VALUES (?)`, args: ["one"] });
      assert.equal(ins.rowsAffected, 1);
      const [a, b] = await rw.batch([{ sql: `INSERT INTO ${T}(v) VALUES (?)`, args: ["two"] }, `SELECT v FROM ${T} ORDER BY id`], "write");
      assert.equal(a.rowsAffected, 1);
      assert.deepEqual(
        b.rows.map((r) => r.v),
        ["one", "two"],
      );
      const tx = await rw.transaction("write");
      try {
        await tx.execute(`UPDATE ${T} SET v = upper(v)`);
        await tx.commit();
      } finally {
        tx.close();
      }
    });

    test("a read-only token reads", async () => {
      const rs = await ro.execute(`SELECT v FROM ${T} ORDER BY id`);
      assert.deepEqual(
        rs.rows.map((r) => r.v),
        ["ONE", "TWO"],
      );
      const [n] = await ro.batch([`SELECT count(*) AS n FROM ${T}`], "read");
      assert.equal(n.rows[0].n, 2);
      const tx = await ro.transaction("read");
      try {
        assert.equal((await tx.execute({ sql: `SELECT v FROM ${T} WHERE id = ?`, args: [2] })).rows[0].v, "TWO");
        await tx.commit();
      } finally {
        tx.close();
      }
    });

    test("a read-only token cannot write", async () => {
      t.forbidden(await rejection(ro.execute({ sql: `INSERT INTO ${T}(v) VALUES (?)`, args: ["nope"] })));
      t.forbidden(await rejection(ro.execute(`DELETE FROM ${T}`)));
      t.forbidden(await rejection(ro.execute(`CREATE TABLE ro_${t.name}(x)`)));
      // As in sqld, the whole batch request is refused, not one of its steps.
      const batchError = await rejection(ro.batch([`SELECT 1`, `UPDATE ${T} SET v = 'x'`], "write"));
      assert.ok(!(batchError instanceof LibsqlBatchError), `expected the request to fail, got ${batchError}`);
      t.forbidden(batchError);
      t.forbidden(await rejection(ro.executeMultiple(`SELECT 1; DROP TABLE ${T};`)));
      // Nothing changed.
      const rs = await rw.execute(`SELECT v FROM ${T} ORDER BY id`);
      assert.deepEqual(
        rs.rows.map((r) => r.v),
        ["ONE", "TWO"],
      );
      const schema = await rw.execute({ sql: "SELECT count(*) AS n FROM sqlite_schema WHERE name = ?", args: [`ro_${t.name}`] });
      assert.equal(schema.rows[0].n, 0);
    });

    for (const [what, token, wsCode] of [
      ["a token signed by another key", FOREIGN, "AUTH_JWT_INVALID"],
      ["an expired token", EXPIRED, "AUTH_JWT_EXPIRED"],
      ["a malformed token", "not-a-jwt", "AUTH_JWT_INVALID"],
      ["a token whose signature was tampered with", RO.slice(0, -4) + (RO.endsWith("AAAA") ? "BBBB" : "AAAA"), "AUTH_JWT_INVALID"],
    ]) {
      test(`${what} is refused`, async () => {
        const bad = createClient({ url: t.url, authToken: token });
        try {
          t.unauthorized(await rejection(bad.execute("SELECT 1")), wsCode);
        } finally {
          bad.close();
        }
      });
    }

    test("no token is refused", async () => {
      const anonymous = createClient({ url: t.url });
      try {
        t.unauthorized(await rejection(anonymous.execute(`SELECT count(*) FROM ${T}`)), "AUTH_HTTP_HEADER_MISSING");
      } finally {
        anonymous.close();
      }
    });
  });
}

describe("@libsql/hrana-client (Hrana 3) with a read-only token", () => {
  const T = "secrets_v3";
  before(async () => {
    const rw = createClient({ url: HTTP_URL, authToken: RW });
    try {
      await rw.executeMultiple(`CREATE TABLE ${T}(x INTEGER); INSERT INTO ${T} VALUES (1), (2), (3);`);
    } finally {
      rw.close();
    }
  });

  const openers = [
    ["HTTP protobuf", () => hrana.openHttp(HTTP_URL, RO, undefined, undefined, 3)],
    ["WebSocket", () => hrana.openWs(WS_URL, RO, 3)],
  ];
  for (const [name, open] of openers) {
    test(`${name}: cursors read, writes are refused`, async () => {
      const client = open();
      try {
        assert.equal(await client.getVersion(), 3);
        const stream = client.openStream();
        const b = stream.batch(true);
        const sum = b.step().queryValue(`SELECT sum(x) FROM ${T}`);
        await b.execute();
        assert.equal((await sum).value, 6);
        assert.equal(await stream.getAutocommit(), true);

        const w = client.openStream();
        const wb = w.batch(true);
        const read = wb.step().queryValue(`SELECT count(*) FROM ${T}`);
        read.catch(() => undefined);
        wb.step().run(`DELETE FROM ${T}`);
        const e = await rejection(wb.execute());
        if (name === "WebSocket") {
          assert.ok(e instanceof hrana.ResponseError, `expected a ResponseError, got ${e}`);
          assert.equal(e.code, "AUTH_FORBIDDEN");
        } else {
          assert.ok(e instanceof hrana.HttpServerError, `expected an HttpServerError, got ${e}`);
          assert.equal(e.status, 403);
        }
        const run = await rejection(client.openStream().run(`INSERT INTO ${T} VALUES (4)`));
        if (name === "WebSocket") {
          assert.equal(run.code, "AUTH_FORBIDDEN");
        } else {
          assert.equal(run.status, 403);
        }
        assert.equal((await client.openStream().queryValue(`SELECT count(*) FROM ${T}`)).value, 3);
      } finally {
        client.close();
      }
    });
  }
});
