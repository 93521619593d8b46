'use strict';
// Database#transaction(fn), exactly as better-sqlite3 does it: BEGIN/COMMIT/ROLLBACK at the
// outermost level, SAVEPOINT/RELEASE/ROLLBACK TO when nested; `.deferred`, `.immediate` and
// `.exclusive` variants; a function that returns a promise is refused.

const controllers = new WeakMap();

function getController(db) {
  let controller = controllers.get(db);
  if (!controller) {
    const shared = {
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT `\t_bs3.\t`'),
      release: db.prepare('RELEASE `\t_bs3.\t`'),
      rollbackTo: db.prepare('ROLLBACK TO `\t_bs3.\t`'),
    };
    controller = {
      default: Object.assign({ begin: db.prepare('BEGIN') }, shared),
      deferred: Object.assign({ begin: db.prepare('BEGIN DEFERRED') }, shared),
      immediate: Object.assign({ begin: db.prepare('BEGIN IMMEDIATE') }, shared),
      exclusive: Object.assign({ begin: db.prepare('BEGIN EXCLUSIVE') }, shared),
    };
    controllers.set(db, controller);
  }
  return controller;
}

function wrapTransaction(fn, db, { begin, commit, rollback, savepoint, release, rollbackTo }) {
  return function sqliteTransaction(...args) {
    let before, after, undo;
    if (db.inTransaction) {
      before = savepoint;
      after = release;
      undo = rollbackTo;
    } else {
      before = begin;
      after = commit;
      undo = rollback;
    }
    before.run();
    try {
      const result = fn.apply(this, args);
      if (result && typeof result.then === 'function') {
        throw new TypeError('Transaction function cannot return a promise');
      }
      after.run();
      return result;
    } catch (ex) {
      if (db.inTransaction) {
        undo.run();
        if (undo !== rollback) after.run();
      }
      throw ex;
    }
  };
}

module.exports = function transaction(db, fn) {
  if (typeof fn !== 'function') throw new TypeError('Expected first argument to be a function');
  const controller = getController(db);
  const properties = {
    default: { value: wrapTransaction(fn, db, controller.default) },
    deferred: { value: wrapTransaction(fn, db, controller.deferred) },
    immediate: { value: wrapTransaction(fn, db, controller.immediate) },
    exclusive: { value: wrapTransaction(fn, db, controller.exclusive) },
    database: { value: db, enumerable: true },
  };
  Object.defineProperties(properties.default.value, properties);
  Object.defineProperties(properties.deferred.value, properties);
  Object.defineProperties(properties.immediate.value, properties);
  Object.defineProperties(properties.exclusive.value, properties);
  return properties.default.value;
};
