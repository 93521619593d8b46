'use strict';
// The error classes of both APIs (docs/errors.md). The native code constructs them; it decides
// every field from error codes, never from message text.

/**
 * An error of the synchronous (better-sqlite3) API. `code` is the extended code's name
 * (`"SQLITE_CONSTRAINT_UNIQUE"`), `rawCode` its number (2067), and `statementIndex` the failed
 * statement of a `batch()`.
 */
class SqliteError extends Error {
  constructor(message, code, rawCode, statementIndex) {
    if (typeof code !== 'string') throw new TypeError('Expected second argument to be a string');
    super(String(message));
    this.code = code;
    if (rawCode !== undefined) this.rawCode = rawCode;
    if (statementIndex !== undefined) this.statementIndex = statementIndex;
  }
}
Object.defineProperty(SqliteError.prototype, 'name', { value: 'SqliteError', writable: true, configurable: true });

/**
 * An error of the promise (@libsql/client) API. `code` is the primary code's name
 * (`"SQLITE_CONSTRAINT"`), `extendedCode` the extended name, `rawCode` the extended number.
 */
class LibsqlError extends Error {
  constructor(message, code, extendedCode, rawCode, cause) {
    super(code !== undefined ? `${code}: ${message}` : String(message), cause === undefined ? undefined : { cause });
    this.code = code;
    this.extendedCode = extendedCode;
    this.rawCode = rawCode;
  }
}
Object.defineProperty(LibsqlError.prototype, 'name', { value: 'LibsqlError', writable: true, configurable: true });

/** A `LibsqlError` from `batch()`, with the index of the statement that failed. */
class LibsqlBatchError extends LibsqlError {
  constructor(message, statementIndex, code, extendedCode, rawCode, cause) {
    super(message, code, extendedCode, rawCode, cause);
    this.statementIndex = statementIndex;
  }
}
Object.defineProperty(LibsqlBatchError.prototype, 'name', { value: 'LibsqlBatchError', writable: true, configurable: true });

module.exports = { SqliteError, LibsqlError, LibsqlBatchError };
