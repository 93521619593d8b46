#!/usr/bin/env node
'use strict';
// edgelite's Node package against its peers on one workload (the one bench/src/bin/embedded.rs
// runs for the core): insert 100k rows in one transaction with a prepared statement, 100k point
// selects by primary key, and a scan of all 100k rows (with all(), and in the sync API also
// with iterate()). Each round uses fresh database files (WAL, synchronous=NORMAL); the table
// shows medians, and ratios (edgelite's time ÷ the peer's: below 1 is faster).
//
//   sync API:    edgelite (Database)      vs better-sqlite3, libsql (its better-sqlite3-style API)
//   promise API: edgelite (createClient)  vs @libsql/client (file: URLs)
//
// Run: (cd bindings/node && npm run build:release); cd bench/node && npm install && node bench.js [--rounds N] [--rows N]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('--rounds', 5);
const ROWS = arg('--rows', 100_000);

const SETUP = ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL NOT NULL)'];
const INSERT = 'INSERT INTO t(id, name, score) VALUES (?, ?, ?)';
const SELECT_ONE = 'SELECT id, name, score FROM t WHERE id = ?';
const SCAN = 'SELECT id, name, score FROM t';

const names = Array.from({ length: ROWS }, (_, i) => `name-${String(i).padStart(8, '0')}`);
// The same fixed pseudo-random key order as the Rust benchmark (xorshift64).
const keys = (() => {
  let x = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  const out = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    x ^= (x << 13n) & mask;
    x ^= x >> 7n;
    x ^= (x << 17n) & mask;
    out[i] = Number(x % BigInt(ROWS)) + 1;
  }
  return out;
})();

function tryRequire(name) {
  try {
    return require(name);
  } catch (err) {
    console.error(`bench: ${name} is not available (${err.message.split('\n')[0]}); skipping it`);
    return null;
  }
}

const edgelite = require('../../bindings/node');
const BetterSqlite3 = tryRequire('better-sqlite3');
const Libsql = tryRequire('libsql');
const libsqlClient = tryRequire('@libsql/client');

let seq = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgelite-bench-node-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const freshPath = () => path.join(dir, `db-${seq++}.db`);

function syncSuite(Database) {
  return {
    open() {
      const db = new Database(freshPath());
      for (const s of SETUP) db.exec(s);
      return db;
    },
    insert(db) {
      const stmt = db.prepare(INSERT);
      db.exec('BEGIN');
      for (let i = 0; i < ROWS; i++) stmt.run(i + 1, names[i], i * 0.5);
      db.exec('COMMIT');
    },
    select(db) {
      const stmt = db.prepare(SELECT_ONE);
      let sum = 0;
      for (let i = 0; i < ROWS; i++) sum += stmt.get(keys[i]).id;
      return sum;
    },
    scan(db) {
      return db.prepare(SCAN).all().length;
    },
    iterate(db) {
      let n = 0;
      for (const row of db.prepare(SCAN).iterate()) n += row.id > 0;
      return n;
    },
    close(db) {
      db.close();
    },
  };
}

function promiseSuite(createClient) {
  return {
    async open() {
      const client = createClient({ url: `file:${freshPath()}` });
      for (const s of SETUP) await client.execute(s);
      return client;
    },
    async insert(client) {
      const tx = await client.transaction('write');
      for (let i = 0; i < ROWS; i++) await tx.execute({ sql: INSERT, args: [i + 1, names[i], i * 0.5] });
      await tx.commit();
    },
    async select(client) {
      let sum = 0;
      for (let i = 0; i < ROWS; i++) sum += Number((await client.execute({ sql: SELECT_ONE, args: [keys[i]] })).rows[0].id);
      return sum;
    },
    async scan(client) {
      return (await client.execute(SCAN)).rows.length;
    },
    close(client) {
      client.close();
    },
  };
}

const groups = [
  {
    api: 'sync',
    workloads: ['insert', 'select', 'scan', 'iterate'],
    ours: ['edgelite', syncSuite(edgelite)],
    peers: [
      BetterSqlite3 && ['better-sqlite3', syncSuite(BetterSqlite3)],
      Libsql && ['libsql', syncSuite(Libsql)],
    ].filter(Boolean),
  },
  {
    api: 'promise',
    workloads: ['insert', 'select', 'scan'],
    ours: ['edgelite', promiseSuite(edgelite.createClient)],
    peers: [libsqlClient && ['@libsql/client', promiseSuite(libsqlClient.createClient)]].filter(Boolean),
  },
];

const LABELS = {
  insert: `insert ${ROWS} rows (1 tx)`,
  select: `${ROWS} point selects`,
  scan: `scan ${ROWS} rows`,
  iterate: `scan ${ROWS} rows, iterate()`,
};

async function timeIt(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  console.log(`edgelite ${edgelite.version ?? ''} — ${ROUNDS} rounds of ${ROWS} rows; Node ${process.version}, ${os.cpus()[0]?.model ?? ''}`);
  for (const group of groups) {
    const libs = [group.ours, ...group.peers];
    const WORKLOADS = group.workloads;
    const times = new Map(libs.map(([name]) => [name, Object.fromEntries(WORKLOADS.map((w) => [w, []]))]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so that no library always runs on a warmer machine.
      const order = round % 2 ? [...libs].reverse() : libs;
      for (const [name, suite] of order) {
        const db = await suite.open();
        for (const w of WORKLOADS) times.get(name)[w].push(await timeIt(() => suite[w](db)));
        await suite.close(db);
      }
    }
    console.log(`\n${group.api} API (median ms; ratio = edgelite ÷ peer)`);
    const header = ['workload', ...libs.map(([n]) => n), ...group.peers.map(([n]) => `vs ${n}`)];
    const rows = WORKLOADS.map((w) => {
      const ours = median(times.get(group.ours[0])[w]);
      return [
        LABELS[w],
        ...libs.map(([n]) => median(times.get(n)[w]).toFixed(1)),
        ...group.peers.map(([n]) => `${(ours / median(times.get(n)[w])).toFixed(2)}×`),
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    console.log(line(header));
    for (const r of rows) console.log(line(r));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
