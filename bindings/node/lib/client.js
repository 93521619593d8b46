'use strict';
// The promise API, compatible with @libsql/client's createClient(). Every call runs on the libuv
// thread pool (the native side is an AsyncTask), so the event loop keeps running while SQLite or
// the network works. Calls on one connection run in the order they were made.

const { load } = require('./native');
const { LibsqlError } = require('./errors');

const INT_MODES = new Set(['number', 'bigint', 'string']);
const TX_MODES = new Set(['write', 'read', 'deferred']);
const BEGIN = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' };

/** Runs calls one after another, in call order. */
class Queue {
  #tail = Promise.resolve();

  run(fn) {
    const result = this.#tail.then(fn);
    this.#tail = result.then(ignore, ignore);
    return result;
  }
}

function ignore() {}

/** A statement as @libsql/client takes it: a string, `{sql, args}`, or `[sql, args]`. */
function statement(stmt, args) {
  if (typeof stmt === 'string') return [stmt, args ?? null];
  if (Array.isArray(stmt)) return [stmt[0], stmt[1] ?? null];
  if (stmt && typeof stmt === 'object' && typeof stmt.sql === 'string') return [stmt.sql, stmt.args ?? null];
  throw new TypeError('Expected a SQL string, {sql, args} or [sql, args]');
}

/** The result of one statement: `rows` are array-like and also readable by column name. */
class ResultSet {
  constructor(r) {
    this.columns = r.columns;
    this.columnTypes = r.columnTypes;
    this.rows = r.rows;
    this.rowsAffected = r.rowsAffected;
    this.lastInsertRowid = r.lastInsertRowid;
  }

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.prototype.map.call(row, jsonValue)),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid !== undefined ? String(this.lastInsertRowid) : null,
    };
  }
}

function jsonValue(v) {
  if (typeof v === 'bigint') return String(v);
  if (v instanceof ArrayBuffer) return Buffer.from(v).toString('base64');
  return v;
}

/** Parses a client URL into the native target and the protocol name. */
function parseUrl(url, config) {
  if (typeof url !== 'string') throw new TypeError('Expected the "url" option to be a string');
  let authToken = config.authToken;
  if (url === ':memory:') return { target: ':memory:', protocol: 'file', authToken };
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  const scheme = m ? m[1].toLowerCase() : '';
  if (scheme === 'file') {
    let path = url.slice(5);
    if (path.startsWith('//')) path = path.replace(/^\/\/[^/]*/, '');
    const q = path.indexOf('?');
    if (q >= 0) path = path.slice(0, q);
    return { target: decodeURIComponent(path) || ':memory:', protocol: 'file', authToken };
  }
  if (['libsql', 'http', 'https', 'ws', 'wss'].includes(scheme)) {
    const parsed = new URL(url);
    const token = parsed.searchParams.get('authToken');
    if (token !== null) authToken = token;
    let target = url;
    if (token !== null || parsed.searchParams.has('tls')) {
      const tls = parsed.searchParams.get('tls');
      parsed.searchParams.delete('authToken');
      parsed.searchParams.delete('tls');
      if (scheme === 'libsql' && tls === '0') parsed.protocol = 'http:';
      target = parsed.toString();
    }
    const protocol = scheme === 'ws' || scheme === 'wss' ? 'ws' : 'http';
    return { target, protocol, authToken };
  }
  throw new LibsqlError(`The URL ${JSON.stringify(url)} is not supported: use file:, :memory:, libsql:, http(s): or ws(s):`, 'URL_SCHEME_NOT_SUPPORTED');
}

/** A connection's promise API, shared by Client and Transaction. */
class Executor {
  #native;
  #queue = new Queue();
  #intMode;

  constructor(native, intMode) {
    this.#native = native;
    this.#intMode = intMode;
  }

  async conn() {
    return this.#native;
  }

  execute(stmt, args) {
    const [sql, params] = statement(stmt, args);
    return this.#queue.run(async () => {
      const conn = await this.#native;
      return new ResultSet(await conn.execute(sql, params, this.#intMode));
    });
  }

  batch(stmts, mode) {
    if (!Array.isArray(stmts)) throw new TypeError('Expected an array of statements');
    const list = stmts.map((s) => statement(s));
    return this.#queue.run(async () => {
      const conn = await this.#native;
      const results = await conn.batch(list, mode, this.#intMode);
      return results.map((r) => new ResultSet(r));
    });
  }

  executeMultiple(sql) {
    if (typeof sql !== 'string') throw new TypeError('Expected a SQL string');
    return this.#queue.run(async () => (await this.#native).executeMultiple(sql));
  }

  run(fn) {
    return this.#queue.run(async () => fn(await this.#native));
  }
}

/**
 * A client: one connection for `execute`/`batch`/`executeMultiple`, and a new connection for
 * each `transaction()`, which belongs to that transaction alone.
 */
class Client {
  #exec;
  #ready;
  #closed = false;
  #intMode;

  constructor(target, options, intMode, protocol, binding) {
    this.#intMode = intMode;
    this.#ready = binding.openClient(target, options);
    // The first call reports an open failure; keep it from being an unhandled rejection.
    this.#ready.catch(ignore);
    this.#exec = new Executor(this.#ready, intMode);
    this.protocol = protocol;
  }

  /** Whether close() was called. */
  get closed() {
    return this.#closed;
  }

  /** Runs one statement: `execute(sql, args?)` or `execute({sql, args})`. */
  execute(stmt, args) {
    return this.#exec.execute(stmt, args);
  }

  /** Runs statements atomically in a transaction of `mode` ("write", "read" or "deferred"). */
  batch(stmts, mode = 'deferred') {
    checkMode(mode);
    return this.#exec.batch(stmts, mode);
  }

  /** Runs statements atomically with foreign keys off (for schema migrations). */
  async migrate(stmts) {
    await this.execute('PRAGMA foreign_keys = off');
    try {
      return await this.batch(stmts, 'deferred');
    } finally {
      await this.execute('PRAGMA foreign_keys = on');
    }
  }

  /** Runs a script of several statements. */
  executeMultiple(sql) {
    return this.#exec.executeMultiple(sql);
  }

  /**
   * Begins a transaction on a connection of its own: nothing else runs on it, so unrelated
   * calls (on this client or elsewhere) cannot land inside the transaction.
   */
  async transaction(mode = 'write') {
    checkMode(mode);
    const main = await this.#ready;
    const conn = await main.connect();
    const tx = new Transaction(conn, this.#intMode);
    try {
      await tx.execute(BEGIN[mode]);
    } catch (err) {
      tx.close();
      throw err;
    }
    return tx;
  }

  /** Replicas: pulls the primary's new transactions. `{frame_no, frames_synced, generation}`. */
  sync() {
    return this.#exec.run((conn) => conn.sync());
  }

  /** edgelite: makes the statement running on the client's connection fail with SQLITE_INTERRUPT. */
  async interrupt() {
    (await this.#ready).interrupt();
  }

  /** Closes the client's connection (transactions close their own). */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#exec.run((conn) => conn.close()).catch(ignore);
  }

  /** Nothing to do: connections reconnect on their own. */
  async reconnect() {}
}

/** A transaction on its own connection. */
class Transaction {
  #conn;
  #exec;
  #closed = false;

  constructor(conn, intMode) {
    this.#conn = conn;
    this.#exec = new Executor(Promise.resolve(conn), intMode);
  }

  get closed() {
    return this.#closed;
  }

  #check() {
    if (this.#closed) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
  }

  async execute(stmt, args) {
    this.#check();
    return this.#exec.execute(stmt, args);
  }

  /** Runs statements atomically inside the transaction (a savepoint). */
  async batch(stmts) {
    this.#check();
    return this.#exec.batch(stmts, 'deferred');
  }

  async executeMultiple(sql) {
    this.#check();
    return this.#exec.executeMultiple(sql);
  }

  async commit() {
    this.#check();
    try {
      await this.#exec.execute('COMMIT');
    } finally {
      this.close();
    }
  }

  async rollback() {
    if (this.#closed) return;
    try {
      await this.#exec.execute('ROLLBACK');
    } finally {
      this.close();
    }
  }

  /** Closes the transaction's connection; an open transaction is rolled back. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#exec.run((conn) => conn.close()).catch(ignore);
  }
}

function checkMode(mode) {
  if (!TX_MODES.has(mode)) throw new TypeError(`Unknown transaction mode ${JSON.stringify(mode)}: use "write", "read" or "deferred"`);
}

/**
 * Creates a client, as @libsql/client: `{url, authToken, syncUrl, syncInterval, intMode}`
 * (plus edgelite's `readYourWrites`, `follow`, `namespace`, `timeout` (busy timeout, ms)).
 */
function createClient(config) {
  if (typeof config !== 'object' || config === null) throw new TypeError('Expected a config object');
  const intMode = config.intMode ?? 'number';
  if (!INT_MODES.has(intMode)) throw new TypeError(`Invalid intMode ${JSON.stringify(intMode)}: use "number", "bigint" or "string"`);
  const { target, protocol, authToken } = parseUrl(config.url, config);
  if (config.syncUrl != null && protocol !== 'file') {
    throw new LibsqlError('An embedded replica (syncUrl) needs a file: URL', 'URL_INVALID');
  }
  if (config.syncUrl != null && target === ':memory:') {
    throw new LibsqlError('An embedded replica (syncUrl) needs a file, not :memory:', 'URL_INVALID');
  }
  const options = {
    authToken: authToken ?? undefined,
    syncUrl: config.syncUrl ?? undefined,
    syncInterval: config.syncInterval ?? undefined,
    readYourWrites: config.readYourWrites == null ? undefined : Boolean(config.readYourWrites),
    follow: config.follow == null ? undefined : Boolean(config.follow),
    namespace: config.namespace ?? undefined,
    timeout: config.timeout ?? undefined,
  };
  return new Client(target, options, intMode, protocol, load(config.nativeBinding ?? undefined));
}

module.exports = { createClient, ResultSet };
