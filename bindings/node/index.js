'use strict';
// edgelite for Node.js.
//
//   const Database = require('edgelite');          // better-sqlite3's API, synchronous
//   const { createClient } = require('edgelite');  // @libsql/client's API, promises
//
// Both work on a file, ':memory:', a server URL (remote), or a replica (syncUrl).

const Database = require('./lib/database');
const { SqliteError, LibsqlError, LibsqlBatchError } = require('./lib/errors');
const { createClient } = require('./lib/client');
const { Real, real } = require('./lib/real');

Database.Database = Database;
Database.SqliteError = SqliteError;
Database.createClient = createClient;
Database.LibsqlError = LibsqlError;
Database.LibsqlBatchError = LibsqlBatchError;
Database.Real = Real;
Database.real = real;

module.exports = Database;
