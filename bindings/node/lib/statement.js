'use strict';
// better-sqlite3's Statement, over the native statement. Each call is one native call: the
// parameters go in as they are, the rows come back as finished JavaScript values.

const SHAPE_OBJECT = 0;
const SHAPE_RAW = 1;
const SHAPE_PLUCK = 2;
const SHAPE_EXPAND = 3;

const kCreate = Symbol('edgelite.Statement.create');

class Statement {
  #n;
  #db;
  #verbose;
  #shape = SHAPE_OBJECT;

  constructor(token, db, native, verbose) {
    if (token !== kCreate) throw new TypeError('Statements are made by Database#prepare()');
    this.#n = native;
    this.#db = db;
    this.#verbose = verbose;
  }

  /** The database that prepared this statement. */
  get database() {
    return this.#db;
  }

  /** The SQL text. */
  get source() {
    return this.#n.source;
  }

  /** Whether the statement returns data (has result columns). */
  get reader() {
    return this.#n.reader;
  }

  /** Whether the statement makes no direct change to the database. */
  get readonly() {
    return this.#n.readonly;
  }

  /** Whether an iterator of this statement is open. */
  get busy() {
    return this.#n.busy;
  }

  /** Runs the statement: `{changes, lastInsertRowid}`. */
  run(...params) {
    if (this.#verbose !== null) this.#verbose(this.#n.source);
    return this.#n.run(params);
  }

  /** The first row, or `undefined` when there is none. */
  get(...params) {
    if (this.#verbose !== null) this.#verbose(this.#n.source);
    return this.#n.get(params);
  }

  /** Every row. */
  all(...params) {
    if (this.#verbose !== null) this.#verbose(this.#n.source);
    return this.#n.all(params);
  }

  /** An iterator over the rows, read one at a time. The database is busy until it ends. */
  iterate(...params) {
    if (this.#verbose !== null) this.#verbose(this.#n.source);
    return rowIterator(this.#n.iterate(params));
  }

  /** Return only the first column's value of each row (`pluck(false)` turns it off). */
  pluck(toggle = true) {
    return this.#setShape(SHAPE_PLUCK, toggle);
  }

  /** Return each row as an object of tables, each an object of its columns. */
  expand(toggle = true) {
    return this.#setShape(SHAPE_EXPAND, toggle);
  }

  /** Return each row as an array of values. */
  raw(toggle = true) {
    return this.#setShape(SHAPE_RAW, toggle);
  }

  #setShape(shape, toggle) {
    const next = toggle ? shape : this.#shape === shape ? SHAPE_OBJECT : this.#shape;
    this.#n.setShape(next);
    this.#shape = next;
    return this;
  }

  /** Read INTEGER values as BigInt (on by default with `db.defaultSafeIntegers()`). */
  safeIntegers(toggle = true) {
    this.#n.setSafeIntegers(Boolean(toggle));
    return this;
  }

  /** `[{name, column, table, database, type}]` for each result column. */
  columns() {
    return this.#n.columns();
  }

  /** Binds parameters for every later run (only once per statement). */
  bind(...params) {
    this.#n.bind(params);
    return this;
  }

  /**
   * edgelite: the names of the parameters in order, with their prefix (`":a"`, `"?2"`), or
   * `null` for a plain `?`; the length is the number of parameters.
   */
  parameterNames() {
    return this.#n.parameterNames();
  }

  /**
   * edgelite: interrupt each run of this statement that takes longer than `ms` milliseconds
   * (it fails with `SQLITE_INTERRUPT`); 0 turns it off.
   */
  queryTimeout(ms) {
    if (typeof ms !== 'number' || !(ms >= 0)) throw new TypeError('Expected a number of milliseconds');
    this.#n.setQueryTimeout(ms);
    return this;
  }
}

/** The iterator `iterate()` returns: rows one `next()` at a time; `return()` ends it early. */
class RowIterator {
  #rows;

  constructor(rows) {
    this.#rows = rows;
  }

  next() {
    const row = this.#rows.next();
    return row === undefined ? { value: undefined, done: true } : { value: row, done: false };
  }

  return(value) {
    this.#rows.close();
    return { value, done: true };
  }

  [Symbol.iterator]() {
    return this;
  }
}

function rowIterator(rows) {
  return new RowIterator(rows);
}

module.exports = { Statement, kCreate };
