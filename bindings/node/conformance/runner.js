#!/usr/bin/env node
'use strict';
// The Node conformance runner (conformance/PROTOCOL.md): performs each request through the
// edgelite package's public API — the better-sqlite3-style Database with edgelite's documented
// additions (connect(), batch(), lastInsertRowid, changes, busyTimeout(), parameterNames(),
// queryTimeout(), sync(), real()) — and reports what happened. It compares nothing itself.
const readline = require('node:readline');
const Database = require('..');

const { real, SqliteError } = Database;

// Primary code names by number (docs/errors.md), to report an error's primary code.
const PRIMARY = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED', 7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT', 12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL',
  16: 'SQLITE_EMPTY', 17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE', 22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB', 27: 'SQLITE_NOTICE', 28: 'SQLITE_WARNING', 192: 'EDGELITE_REMOTE', 193: 'EDGELITE_AUTH',
  194: 'EDGELITE_PROTOCOL', 195: 'EDGELITE_SYNC', 196: 'EDGELITE_UNSUPPORTED',
};

class ProtocolError extends Error {}

let databases = new Map(); // db name -> its first connection (a Database)
let connections = new Map(); // conn name -> Database

function decodeValue(v) {
  if (v === null) return null;
  if (typeof v !== 'object') throw new ProtocolError(`untyped value ${JSON.stringify(v)}`);
  if ('int' in v) return BigInt(v.int);
  if ('real' in v) {
    const r = v.real;
    const n = r === 'NaN' ? NaN : r === 'Infinity' ? Infinity : r === '-Infinity' ? -Infinity : r === '-0.0' ? -0 : Number(r);
    return real(n);
  }
  if ('text' in v) return v.text;
  if ('blob' in v) return Buffer.from(v.blob, 'base64');
  throw new ProtocolError(`unknown value ${JSON.stringify(v)}`);
}

function decodeParams(p) {
  if (p == null) return [];
  if (Array.isArray(p)) return [p.map(decodeValue)];
  return [Object.fromEntries(Object.entries(p).map(([k, v]) => [k, decodeValue(v)]))];
}

function encodeValue(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { real: 'NaN' };
    if (v === Infinity) return { real: 'Infinity' };
    if (v === -Infinity) return { real: '-Infinity' };
    if (Object.is(v, -0)) return { real: '-0.0' };
    return { real: v };
  }
  if (typeof v === 'string') return { text: v };
  if (Buffer.isBuffer(v)) return { blob: v.toString('base64') };
  throw new ProtocolError(`unexpected result value of type ${typeof v}`);
}

function encodeError(err) {
  if (err instanceof SqliteError) {
    const out = { code: PRIMARY[err.rawCode & 0xff] ?? err.code, name: err.code, extended_code: err.rawCode, message: err.message };
    if (err.statementIndex !== undefined) out.statement_index = err.statementIndex;
    return out;
  }
  // A JavaScript error (TypeError, RangeError) that the binding raised for API misuse.
  return { code: err.name, name: err.name, extended_code: 0, message: String(err.message) };
}

const BEGIN = {
  deferred: 'BEGIN DEFERRED',
  immediate: 'BEGIN IMMEDIATE',
  exclusive: 'BEGIN EXCLUSIVE',
  read_only: 'BEGIN TRANSACTION READONLY',
};
const BATCH_MODE = { deferred: 'deferred', immediate: 'write', exclusive: 'exclusive', read_only: 'read' };

const quote = (name) => `"${String(name).replace(/"/g, '""')}"`;

function open(req) {
  const dbName = req.db;
  const existing = databases.get(dbName);
  let conn;
  if (existing) {
    conn = existing.connect();
  } else {
    const t = req.target ?? {};
    const o = req.options ?? {};
    const options = {};
    if (o.read_only !== undefined) options.readonly = o.read_only;
    if (o.create_if_missing === false) options.fileMustExist = true;
    if (o.busy_timeout_ms !== undefined) options.timeout = o.busy_timeout_ms;
    if (t.auth_token !== undefined) options.authToken = t.auth_token;
    if (t.namespace !== undefined) options.namespace = t.namespace;
    let filename;
    if (t.mode === 'embedded') filename = t.path;
    else if (t.mode === 'remote') filename = t.url;
    else if (t.mode === 'replica') {
      filename = t.path;
      options.syncUrl = t.sync_url;
    } else throw new ProtocolError(`mode ${t.mode} is not supported by this runner`);
    conn = new Database(filename, options);
    databases.set(dbName, conn);
  }
  conn.defaultSafeIntegers(true);
  connections.set(req.conn, conn);
  return {};
}

function columnsOf(stmt) {
  const columns = stmt.reader ? stmt.columns() : [];
  return { columns: columns.map((c) => c.name), decltypes: columns.map((c) => c.type) };
}

function query(conn, req, timeoutMs) {
  const stmt = conn.prepare(req.sql);
  if (timeoutMs !== undefined) stmt.queryTimeout(timeoutMs);
  const params = decodeParams(req.params);
  if (!stmt.reader) {
    stmt.run(...params);
    return { columns: [], decltypes: [], rows: [] };
  }
  const rows = stmt.raw().all(...params);
  // After running: a schema change since prepare() may have changed the columns.
  const meta = columnsOf(stmt);
  return { ...meta, rows: rows.map((row) => row.map(encodeValue)) };
}

function onConnection(conn, op, req) {
  const sql = () => {
    if (typeof req.sql !== 'string') throw new ProtocolError('missing string field "sql"');
    return req.sql;
  };
  const run = (text) => {
    conn.prepare(text).run();
    return {};
  };
  switch (op) {
    case 'close':
      conn.close();
      return {};
    case 'execute': {
      const info = conn.prepare(sql()).run(...decodeParams(req.params));
      return { changes: info.changes, last_insert_rowid: encodeValue(BigInt(info.lastInsertRowid)) };
    }
    case 'query':
      return query(conn, req);
    case 'interrupt_query':
      sql();
      return query(conn, req, req.after_ms ?? 100);
    case 'prepare': {
      const stmt = conn.prepare(sql());
      const names = stmt.parameterNames();
      return { ...columnsOf(stmt), param_count: names.length, param_names: names };
    }
    case 'execute_batch':
      conn.exec(sql());
      return {};
    case 'batch': {
      if (!Array.isArray(req.stmts)) throw new ProtocolError('batch needs "stmts"');
      const mode = BATCH_MODE[req.mode ?? 'deferred'];
      if (!mode) throw new ProtocolError(`unknown transaction mode ${req.mode}`);
      const stmts = req.stmts.map((s) => [s.sql, s.params == null ? null : decodeParams(s.params)[0]]);
      const results = conn.batch(stmts, mode);
      return {
        results: results.map((r) => ({
          columns: r.columns,
          decltypes: r.columnTypes.map((t) => (t === '' ? null : t)),
          rows: r.rows.map((row) => row.map(encodeValue)),
          changes: r.changes,
          last_insert_rowid: encodeValue(BigInt(r.lastInsertRowid)),
        })),
      };
    }
    case 'begin': {
      const begin = BEGIN[req.mode ?? 'deferred'];
      if (!begin) throw new ProtocolError(`unknown transaction mode ${req.mode}`);
      return run(begin);
    }
    case 'commit':
      return run('COMMIT');
    case 'rollback':
      return run('ROLLBACK');
    case 'savepoint':
      return run(`SAVEPOINT ${quote(req.name)}`);
    case 'release':
      return run(`RELEASE ${quote(req.name)}`);
    case 'rollback_to':
      return run(`ROLLBACK TO ${quote(req.name)}`);
    case 'autocommit':
      return { value: conn.autocommit };
    case 'last_insert_rowid':
      return { value: encodeValue(BigInt(conn.lastInsertRowid)) };
    case 'changes':
      return { value: conn.changes };
    case 'busy_timeout':
      conn.busyTimeout(req.ms ?? 0);
      return {};
    default:
      throw new ProtocolError(`unknown op ${JSON.stringify(op)}`);
  }
}

function reset() {
  for (const conn of connections.values()) {
    try {
      conn.close();
    } catch {}
  }
  for (const db of databases.values()) {
    try {
      db.close();
    } catch {}
  }
  connections = new Map();
  databases = new Map();
  return {};
}

function handle(req) {
  const op = req.op;
  if (typeof op !== 'string') throw new ProtocolError('missing string field "op"');
  switch (op) {
    case 'hello':
      return {
        runner: 'node',
        version: require('../package.json').version,
        modes: ['embedded', 'remote', 'replica'],
        capabilities: ['interrupt', 'read_only_transaction', 'savepoints'],
      };
    case 'reset':
      return reset();
    case 'open':
      if (typeof req.db !== 'string' || typeof req.conn !== 'string') throw new ProtocolError('open needs "db" and "conn"');
      return open(req);
    case 'sync': {
      const db = databases.get(req.db ?? 'main');
      if (!db) throw new ProtocolError('no such database');
      const synced = db.sync();
      return { generation: synced.generation, frame: synced.frame_no, frames_applied: synced.frames_synced };
    }
    default: {
      const name = req.conn ?? 'main';
      const conn = connections.get(name);
      if (!conn) throw new ProtocolError(`no connection named ${JSON.stringify(name)}`);
      return onConnection(conn, op, req);
    }
  }
}

function answer(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (err) {
    return { ok: false, protocol_error: `invalid JSON: ${err.message}` };
  }
  try {
    return { ok: true, ...handle(req) };
  } catch (err) {
    if (err instanceof ProtocolError) return { ok: false, protocol_error: err.message };
    return { ok: false, error: encodeError(err) };
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  process.stdout.write(`${JSON.stringify(answer(line))}\n`);
});
