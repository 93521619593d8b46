'use strict';
// The open options that need a second connection or a server to show: `timeout` (the busy
// timeout), `authToken` (a real Ed25519 JWT against `edgelite serve --auth-jwt-key`),
// `syncInterval` and `readYourWrites` on replicas; in both APIs.
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const Database = require('..');
const { startServer, tmpdir } = require('./helpers');

const { SqliteError, LibsqlError, createClient } = Database;
const dir = tmpdir();
let seq = 0;
const unique = (prefix) => `${prefix}_${process.pid}_${seq++}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is true, for at most `ms`. */
async function eventually(check, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail('the condition did not become true in time');
    await sleep(25);
  }
}

describe('timeout (the busy timeout)', () => {
  test('a locked database is waited for that long, then SQLITE_BUSY; 0 fails at once', () => {
    const f = path.join(dir, unique('busy') + '.db');
    const holder = new Database(f);
    holder.exec('CREATE TABLE t(x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
    const busy = (e) => e instanceof SqliteError && e.code === 'SQLITE_BUSY' && e.rawCode === 5;

    const patient = new Database(f, { timeout: 400 });
    let start = Date.now();
    assert.throws(() => patient.exec('INSERT INTO t VALUES (2)'), busy);
    const waited = Date.now() - start;
    assert.ok(waited >= 350, `waited ${waited} ms with timeout 400`);

    const impatient = new Database(f, { timeout: 0 });
    start = Date.now();
    assert.throws(() => impatient.exec('INSERT INTO t VALUES (3)'), busy);
    assert.ok(Date.now() - start < waited, 'timeout 0 waits less than timeout 400');

    holder.exec('COMMIT');
    patient.exec('INSERT INTO t VALUES (2)');
    assert.deepEqual(impatient.prepare('SELECT x FROM t ORDER BY x').pluck().all(), [1, 2]);
    for (const db of [holder, patient, impatient]) db.close();
  });

  test('the promise API takes timeout too', async () => {
    const f = path.join(dir, unique('busy') + '.db');
    const holder = new Database(f);
    holder.exec('CREATE TABLE t(x); BEGIN IMMEDIATE');
    const client = createClient({ url: `file:${f}`, timeout: 300 });
    const start = Date.now();
    await assert.rejects(client.execute('INSERT INTO t VALUES (1)'), (e) => e instanceof LibsqlError && e.code === 'SQLITE_BUSY');
    assert.ok(Date.now() - start >= 250);
    holder.exec('ROLLBACK');
    client.close();
    holder.close();
  });
});

/** An Ed25519 JWT with the claims `claims`, as sqld and edgelite verify them. */
function jwt(privateKey, claims) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'EdDSA', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${crypto.sign(null, Buffer.from(body), privateKey).toString('base64url')}`;
}

describe('authToken against a server that wants a JWT', () => {
  let server;
  let rw;
  let ro;
  before(async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    // The raw public key in URL-safe base64, one of the forms sqld takes.
    server = await startServer(['--auth-jwt-key', publicKey.export({ format: 'jwk' }).x]);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    rw = jwt(privateKey, { a: 'rw', exp });
    ro = jwt(privateKey, { a: 'ro', exp });
  });
  after(() => server?.stop());

  for (const transport of ['http', 'ws']) {
    test(`remote over ${transport}: a valid token works, a read-only one cannot write, none is refused`, async () => {
      const t = unique('auth');
      const db = new Database(server[transport], { authToken: rw });
      db.exec(`CREATE TABLE ${t}(x)`);
      assert.equal(db.prepare(`INSERT INTO ${t} VALUES (?)`).run(1).changes, 1);
      db.close();

      const reader = new Database(server[transport], { authToken: ro });
      assert.equal(reader.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), 1);
      assert.throws(
        () => reader.prepare(`INSERT INTO ${t} VALUES (2)`).run(),
        (e) => e instanceof SqliteError && e.code === 'EDGELITE_AUTH_FORBIDDEN' && e.rawCode === 449,
      );
      reader.close();
      assert.throws(() => new Database(server[transport]).exec('SELECT 1'), (e) => e instanceof SqliteError && e.code.startsWith('EDGELITE_AUTH'));
      assert.throws(
        () => new Database(server[transport], { authToken: 'not.a.jwt' }).exec('SELECT 1'),
        (e) => e instanceof SqliteError && e.code.startsWith('EDGELITE_AUTH'),
      );

      const client = createClient({ url: server[transport], authToken: rw });
      assert.equal((await client.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n, 1);
      client.close();
      // The token may also travel in the URL, as @libsql/client allows.
      const inUrl = createClient({ url: `${server[transport]}?authToken=${ro}` });
      await assert.rejects(inUrl.execute(`INSERT INTO ${t} VALUES (3)`), (e) => e instanceof LibsqlError && e.code === 'EDGELITE_AUTH' && e.extendedCode === 'EDGELITE_AUTH_FORBIDDEN');
      inUrl.close();
      await assert.rejects(createClient({ url: server[transport] }).execute('SELECT 1'), (e) => e instanceof LibsqlError && e.code === 'EDGELITE_AUTH');
    });
  }

  test('a replica syncs and forwards writes with the token', () => {
    const t = unique('auth_replica');
    const replica = new Database(path.join(dir, unique('replica') + '.db'), { syncUrl: server.http, authToken: rw });
    replica.exec(`CREATE TABLE ${t}(x)`);
    replica.prepare(`INSERT INTO ${t} VALUES (?)`).run(7);
    assert.equal(replica.prepare(`SELECT x FROM ${t}`).pluck().get(), 7);
    replica.close();
    assert.throws(
      () => new Database(path.join(dir, unique('replica') + '.db'), { syncUrl: server.http }).sync(),
      (e) => e instanceof SqliteError && e.code.startsWith('EDGELITE_AUTH'),
    );
  });
});

describe('replica options', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test('syncInterval pulls the primary\'s writes without sync() (sync API)', async () => {
    const t = unique('interval');
    const primary = new Database(server.http);
    primary.exec(`CREATE TABLE ${t}(x)`);
    const replica = new Database(path.join(dir, unique('replica') + '.db'), { syncUrl: server.http, syncInterval: 0.05 });
    await eventually(() => replica.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = ?`).pluck().get(t) === 1);
    primary.prepare(`INSERT INTO ${t} VALUES (1)`).run();
    await eventually(() => replica.prepare(`SELECT count(*) FROM ${t}`).pluck().get() === 1);
    replica.close();
    primary.close();
  });

  test('syncInterval in the promise API', async () => {
    const t = unique('interval');
    const primary = createClient({ url: server.ws });
    await primary.execute(`CREATE TABLE ${t}(x)`);
    await primary.execute(`INSERT INTO ${t} VALUES (1)`);
    const replica = createClient({ url: `file:${path.join(dir, unique('replica') + '.db')}`, syncUrl: server.http, syncInterval: 0.05 });
    await eventually(async () => {
      const rs = await replica.execute(`SELECT count(*) AS n FROM sqlite_schema WHERE name = '${t}'`);
      return rs.rows[0].n === 1;
    });
    assert.equal((await replica.execute(`SELECT x FROM ${t}`)).rows[0].x, 1);
    replica.close();
    primary.close();
  });

  test('readYourWrites: false leaves a forwarded write out of local reads until sync()', () => {
    const t = unique('ryw');
    const primary = new Database(server.http);
    primary.exec(`CREATE TABLE ${t}(x)`);
    const replica = new Database(path.join(dir, unique('replica') + '.db'), { syncUrl: server.http, readYourWrites: false });
    replica.sync();
    assert.equal(replica.prepare(`INSERT INTO ${t} VALUES (1)`).run().changes, 1);
    assert.equal(replica.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), 0);
    assert.equal(primary.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), 1);
    replica.sync();
    assert.equal(replica.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), 1);
    // With the default (readYourWrites on) the write is visible as soon as run() returns.
    const ryw = new Database(path.join(dir, unique('replica') + '.db'), { syncUrl: server.http });
    ryw.prepare(`INSERT INTO ${t} VALUES (2)`).run();
    assert.equal(ryw.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), 2);
    for (const db of [replica, ryw, primary]) db.close();
  });

  test('a replica reports name, open and inTransaction, and refuses calls after close()', () => {
    const file = path.join(dir, unique('replica') + '.db');
    const replica = new Database(file, { syncUrl: server.http });
    assert.equal(replica.open, true);
    assert.equal(replica.name, file);
    assert.equal(replica.inTransaction, false);
    replica.close();
    assert.equal(replica.open, false);
    assert.throws(() => replica.prepare('SELECT 1'), (e) => e instanceof SqliteError && e.code === 'EDGELITE_MISUSE_CLOSED');
  });
});
