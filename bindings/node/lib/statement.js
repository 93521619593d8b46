'use strict';
// better-sqlite3's Statement, over the native statement. Each call is one native call: the
// parameters go in as the call's own arguments. `run`, `get` and `all` are plain native
// functions made for this statement (`native.calls()`): the fastest way into native code.
// Object rows from `get` are built here with an object literal compiled for the column names.

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
  #run;
  #get;
  #all;
  /** `run` writes its change count here. */
  #changes = new Float64Array(1);
  #objects = new ObjectRows();

  constructor(token, db, native, verbose) {
    if (token !== kCreate) throw new TypeError('Statements are made by Database#prepare()');
    this.#n = native;
    this.#db = db;
    this.#verbose = verbose;
    [this.#run, this.#get, this.#all] = native.calls(this.#changes, this.#objects.values, this.#objects.names);
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
    const lastInsertRowid = this.#run(...params);
    return { changes: this.#changes[0], lastInsertRowid };
  }

  /** The first row, or `undefined` when there is none. */
  get(...params) {
    if (this.#verbose !== null) this.#verbose(this.#n.source);
    const row = this.#get(...params);
    // Anything else is undefined (no row) or a row in another shape, finished.
    if (row !== this.#objects.values) return row;
    return this.#objects.maker()(row);
  }

  /** Every row. */
  all(...params) {
    if (this.#verbose !== null) this.#verbose(this.#n.source);
    const rows = this.#all(...params);
    if (this.#shape !== SHAPE_OBJECT || rows.length === 0) return rows;
    const makeRow = this.#objects.maker();
    for (let i = 0; i < rows.length; i++) rows[i] = makeRow(rows[i]);
    return rows;
  }

  /** An iterator over the rows, read one at a time. The database is busy until it ends. */
  iterate(...params) {
    if (this.#verbose !== null) this.#verbose(this.#n.source);
    return new RowIterator(this.#n.iterate(params));
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
  #next;
  #objects = new ObjectRows();

  constructor(rows) {
    this.#rows = rows;
    this.#next = rows.calls(this.#objects.values, this.#objects.names);
  }

  next() {
    const row = this.#next();
    if (row === undefined) return { value: undefined, done: true };
    return { value: row === this.#objects.values ? this.#objects.maker()(row) : row, done: false };
  }

  return(value) {
    this.#rows.close();
    return { value, done: true };
  }

  [Symbol.iterator]() {
    return this;
  }
}

/**
 * Object rows, built here from the native side's arrays of values: `values` is the array the
 * native side fills for one row, and it puts the column names in `names[0]` when they change.
 */
class ObjectRows {
  values = [];
  names = [undefined];
  #make = null;

  /** The row maker for the current column names. */
  maker() {
    const names = this.names[0];
    if (names !== undefined) {
      this.#make = rowMaker(names);
      this.names[0] = undefined;
    }
    return this.#make;
  }
}

/**
 * A function that turns an array of values into an object keyed by `names`, with the same
 * result as setting the keys one by one (as better-sqlite3 does: later duplicates win, and a
 * `__proto__` column sets the prototype only to an object or null). An object literal is several
 * times faster to build; where code cannot be generated (or the literal would repeat
 * `__proto__`, a syntax error), a loop does it.
 */
function rowMaker(names) {
  try {
    const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`);
    return new Function('values', `return { ${fields.join(', ')} };`);
  } catch {
    return (values) => {
      const row = {};
      for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
      return row;
    };
  }
}

module.exports = { Statement, kCreate };
