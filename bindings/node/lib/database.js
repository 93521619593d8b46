'use strict';
// better-sqlite3's Database, for every edgelite mode: a file, ':memory:', a server URL
// (remote), or a local file kept in sync with a primary (replica, with `syncUrl`).

const { load } = require('./native');
const { Statement, kCreate } = require('./statement');
const { SqliteError } = require('./errors');
const transaction = require('./transaction');

const kWrap = Symbol('edgelite.Database.wrap');
const UNSUPPORTED = 196; // EDGELITE_UNSUPPORTED (docs/errors.md)

function unsupported(what) {
  return new SqliteError(`${what} is not supported by edgelite`, 'EDGELITE_UNSUPPORTED', UNSUPPORTED);
}

function isRemoteUrl(s) {
  return /^(https?|wss?|libsql):\/\//i.test(s);
}

class Database {
  #n;
  #binding;
  #name;
  #memory;
  #readonly;
  #safe = false;
  #verbose = null;

  /**
   * @param {string} [filename] a path, ':memory:', '' (a private temporary database), or a server
   *   URL (http(s)://, ws(s)://, libsql://); with `syncUrl`, the replica's local file.
   * @param {object} [options] better-sqlite3's `readonly`, `fileMustExist`, `timeout`, `verbose`,
   *   `nativeBinding`; edgelite's `authToken`, `syncUrl`, `syncInterval` (seconds),
   *   `readYourWrites`, `follow`, `namespace`.
   */
  constructor(filename, options) {
    if (filename === kWrap) {
      // Another connection to an open database (see connect()).
      ({ native: this.#n, binding: this.#binding, name: this.#name, memory: this.#memory, readonly: this.#readonly } =
        options);
      this.#safe = options.safe;
      this.#verbose = options.verbose;
      return;
    }
    if (filename == null) filename = '';
    if (options == null) options = {};
    if (typeof filename !== 'string') {
      if (Buffer.isBuffer(filename)) throw unsupported('Opening a serialized database (a Buffer)');
      throw new TypeError('Expected first argument to be a string');
    }
    if (typeof options !== 'object') throw new TypeError('Expected second argument to be an options object');
    if ('readOnly' in options) throw new TypeError('Misspelled option "readOnly" should be "readonly"');
    if ('memory' in options) throw new TypeError('Option "memory" was removed in v7.0.0 (use ":memory:" filename instead)');
    const anonymous = filename.trim() === '';
    const memory = anonymous || filename === ':memory:';
    const readonly = Boolean(options.readonly);
    const fileMustExist = Boolean(options.fileMustExist);
    const timeout = 'timeout' in options ? options.timeout : 5000;
    const verbose = 'verbose' in options ? options.verbose : null;
    if (readonly && memory) throw new TypeError('In-memory/temporary databases cannot be readonly');
    if (!Number.isInteger(timeout) || timeout < 0) throw new TypeError('Expected the "timeout" option to be a positive integer');
    if (timeout > 0x7fffffff) throw new RangeError('Option "timeout" cannot be greater than 2147483647');
    if (verbose != null && typeof verbose !== 'function') throw new TypeError('Expected the "verbose" option to be a function');
    const { nativeBinding } = options;
    if (nativeBinding != null && typeof nativeBinding !== 'string' && typeof nativeBinding !== 'object') {
      throw new TypeError('Expected the "nativeBinding" option to be a string or addon object');
    }
    const syncInterval = options.syncInterval;
    if (syncInterval != null && (typeof syncInterval !== 'number' || !(syncInterval >= 0))) {
      throw new TypeError('Expected the "syncInterval" option to be a number of seconds');
    }
    for (const key of ['authToken', 'syncUrl', 'namespace']) {
      if (options[key] != null && typeof options[key] !== 'string') throw new TypeError(`Expected the "${key}" option to be a string`);
    }
    if (options.syncUrl != null && (memory || isRemoteUrl(filename))) {
      throw new TypeError('A replica (the "syncUrl" option) needs a local file path');
    }
    this.#binding = load(nativeBinding ?? undefined);
    this.#n = new this.#binding.NativeDatabase(anonymous ? ':memory:' : filename, {
      readonly,
      fileMustExist,
      timeout,
      authToken: options.authToken ?? undefined,
      syncUrl: options.syncUrl ?? undefined,
      syncInterval: syncInterval ?? undefined,
      readYourWrites: options.readYourWrites == null ? undefined : Boolean(options.readYourWrites),
      follow: options.follow == null ? undefined : Boolean(options.follow),
      namespace: options.namespace ?? undefined,
    });
    this.#name = filename;
    this.#memory = memory;
    this.#readonly = readonly;
    this.#verbose = verbose ?? null;
  }

  /** The filename (or URL) the database was opened with. */
  get name() {
    return this.#name;
  }

  /** Whether the connection is open. */
  get open() {
    return this.#n.isOpen;
  }

  /** Whether a transaction is open. */
  get inTransaction() {
    return this.#n.isOpen && this.#n.inTransaction;
  }

  /**
   * edgelite: whether no transaction is open (the core's `is_autocommit`). Unlike
   * `inTransaction`, it throws a SqliteError (`EDGELITE_MISUSE_CLOSED`) once the database is closed.
   */
  get autocommit() {
    return this.#n.autocommit();
  }

  /** Whether the database is in memory (or temporary). */
  get memory() {
    return this.#memory;
  }

  /** Whether the database was opened read-only. */
  get readonly() {
    return this.#readonly;
  }

  /** edgelite: `"embedded"`, `"remote"` or `"replica"`. */
  get mode() {
    return this.#n.mode;
  }

  /** Prepares one SQL statement. */
  prepare(sql) {
    if (typeof sql !== 'string') throw new TypeError('Expected first argument to be a string');
    return new Statement(kCreate, this, this.#n.prepare(sql, this.#safe), this.#verbose);
  }

  /** Runs a script of any number of statements (no parameters, no results). */
  exec(sql) {
    if (typeof sql !== 'string') throw new TypeError('Expected first argument to be a string');
    if (this.#verbose !== null) this.#verbose(sql);
    this.#n.exec(sql);
    return this;
  }

  /** Runs a PRAGMA: every row, or with `{simple: true}` the first value. */
  pragma(source, options) {
    if (options == null) options = {};
    if (typeof source !== 'string') throw new TypeError('Expected first argument to be a string');
    if (typeof options !== 'object') throw new TypeError('Expected second argument to be an options object');
    const simple = Boolean(options.simple);
    const stmt = this.prepare(`PRAGMA ${source}`);
    if (!stmt.reader) {
      // A pragma that returns nothing (better-sqlite3 runs it in "pragma mode").
      stmt.run();
      return simple ? undefined : [];
    }
    return simple ? stmt.pluck().get() : stmt.all();
  }

  /** Wraps `fn` in a transaction (nested calls use savepoints); see better-sqlite3. */
  transaction(fn) {
    return transaction(this, fn);
  }

  /** Registers a SQL function implemented by `fn` (embedded mode and replicas' local reads). */
  function(name, options, fn) {
    if (options == null) options = {};
    if (typeof options === 'function') {
      fn = options;
      options = {};
    }
    if (typeof name !== 'string') throw new TypeError('Expected first argument to be a string');
    if (typeof fn !== 'function') throw new TypeError('Expected last argument to be a function');
    if (typeof options !== 'object') throw new TypeError('Expected second argument to be an options object');
    if (!name) throw new TypeError('User-defined function name cannot be an empty string');
    const safeIntegers = 'safeIntegers' in options ? Boolean(options.safeIntegers) : this.#safe;
    const deterministic = Boolean(options.deterministic);
    const argCount = options.varargs ? -1 : fn.length;
    if (argCount > 100) throw new RangeError('User-defined functions cannot have more than 100 arguments');
    this.#n.createFunction(name, argCount, deterministic, safeIntegers, fn);
    return this;
  }

  /** Registers an aggregate SQL function: `{start, step, result, varargs, deterministic, safeIntegers}`. */
  aggregate(name, options) {
    if (typeof name !== 'string') throw new TypeError('Expected first argument to be a string');
    if (typeof options !== 'object' || options === null) throw new TypeError('Expected second argument to be an options object');
    if (!name) throw new TypeError('User-defined function name cannot be an empty string');
    const start = 'start' in options ? options.start : null;
    const step = functionOption(options, 'step', true);
    const inverse = functionOption(options, 'inverse', false);
    const result = functionOption(options, 'result', false);
    if (inverse) throw unsupported('An aggregate with "inverse" (a window function)');
    const safeIntegers = 'safeIntegers' in options ? Boolean(options.safeIntegers) : this.#safe;
    const deterministic = Boolean(options.deterministic);
    let argCount = options.varargs ? -1 : step.length;
    if (argCount > 0) argCount -= 1;
    if (argCount > 100) throw new RangeError('User-defined functions cannot have more than 100 arguments');
    this.#n.createAggregate(name, argCount, deterministic, safeIntegers, start, typeof start === 'function', step, result ?? undefined);
    return this;
  }

  /**
   * Backs the database up into the file `destination` (replaced), off the event loop.
   * Resolves to `{totalPages, remainingPages}`; `progress`, if given, is called with it once
   * the copy is done.
   */
  async backup(destination, options) {
    if (options == null) options = {};
    if (typeof destination !== 'string') throw new TypeError('Expected first argument to be a string');
    if (typeof options !== 'object') throw new TypeError('Expected second argument to be an options object');
    const attached = 'attached' in options ? options.attached : 'main';
    if (typeof attached !== 'string') throw new TypeError('Expected the "attached" option to be a string');
    if (attached !== 'main') throw unsupported('Backing up an attached database');
    const { progress } = options;
    if (progress != null && typeof progress !== 'function') throw new TypeError('Expected the "progress" option to be a function');
    if (!destination) throw new TypeError('Backup filename cannot be an empty string');
    if (destination === ':memory:') throw new TypeError('Invalid backup filename ":memory:"');
    const done = await this.#n.backup(destination);
    if (progress) progress(done);
    return done;
  }

  /** Read INTEGER values as BigInt in statements prepared from now on. */
  defaultSafeIntegers(toggle = true) {
    this.#safe = Boolean(toggle);
    return this;
  }

  /** Allows running statements while an iterator is open. */
  unsafeMode(toggle = true) {
    this.#n.setUnsafeMode(Boolean(toggle));
    return this;
  }

  /** Closes the connection. */
  close() {
    this.#n.close();
    return this;
  }

  /** Replicas: pulls the primary's new transactions now. `{frame_no, frames_synced, generation}`. */
  sync() {
    return this.#n.sync();
  }

  /** edgelite: another connection to the same database (the same one for ':memory:'). */
  connect() {
    return new Database(kWrap, {
      native: this.#n.connect(),
      binding: this.#binding,
      name: this.#name,
      memory: this.#memory,
      readonly: this.#readonly,
      safe: this.#safe,
      verbose: this.#verbose,
    });
  }

  /**
   * edgelite: runs statements atomically, in one round trip in remote mode. `statements` are
   * SQL strings, `[sql, args]` or `{sql, args}`; `mode` is `"deferred"` (default), `"write"`
   * or `"read"`. Returns `[{columns, columnTypes, rows, changes, lastInsertRowid}]` with rows
   * as arrays; a failure is a SqliteError with `statementIndex`.
   */
  batch(statements, mode = 'deferred') {
    if (!Array.isArray(statements)) throw new TypeError('Expected first argument to be an array');
    return this.#n.batch(statements.map(normalizeStatement), mode, this.#safe);
  }

  /** edgelite: the rowid of the connection's most recent successful INSERT. */
  get lastInsertRowid() {
    return this.#n.lastInsertRowid(this.#safe);
  }

  /** edgelite: the rows changed by the connection's most recent INSERT, UPDATE or DELETE. */
  get changes() {
    return this.#n.changes();
  }

  /** edgelite: how long statements wait for another connection's lock (ms). */
  busyTimeout(ms) {
    if (!Number.isInteger(ms) || ms < 0) throw new TypeError('Expected a positive integer');
    this.#n.setBusyTimeout(ms);
    return this;
  }

  serialize() {
    throw unsupported('serialize()');
  }

  loadExtension() {
    throw unsupported('loadExtension()');
  }

  table() {
    throw unsupported('table() (virtual tables)');
  }
}

function functionOption(options, key, required) {
  const value = key in options ? options[key] : null;
  if (typeof value === 'function') return value;
  if (value != null) throw new TypeError(`Expected the "${key}" option to be a function`);
  if (required) throw new TypeError(`Missing required option "${key}"`);
  return null;
}

function normalizeStatement(s) {
  if (typeof s === 'string') return [s, null];
  if (Array.isArray(s)) return [s[0], s[1] ?? null];
  if (s && typeof s === 'object' && typeof s.sql === 'string') return [s.sql, s.args ?? null];
  throw new TypeError('Expected each statement to be a string, [sql, args] or {sql, args}');
}

module.exports = Database;
