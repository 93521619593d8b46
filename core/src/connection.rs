//! Connections: run SQL, transactions, batches.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use crate::authorizer::Authorizer;
use crate::error::Result;
use crate::local::{LocalStatement, Prepared, RawConnection};
use crate::params::{Parameters, Params};
use crate::remote::{RemoteConnection, RemoteStatement};
use crate::replica::{ReplicaConnection, Side};
use crate::rows::{Row, Rows};
use crate::statement::{Column, Statement};
use crate::value::Value;

/// How a transaction takes its locks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TransactionBehavior {
    /// `BEGIN DEFERRED`: locks are taken by the first read or write (SQLite's default).
    #[default]
    Deferred,
    /// `BEGIN IMMEDIATE`: the write lock is taken at once, so the transaction cannot fail later
    /// with `SQLITE_BUSY` when it first writes.
    Immediate,
    /// `BEGIN EXCLUSIVE`: like immediate; in rollback-journal mode, readers are locked out too.
    Exclusive,
    /// A deferred transaction in which every statement that would write fails with
    /// `SQLITE_READONLY`: libSQL's `BEGIN TRANSACTION READONLY` (also accepted as SQL, with or
    /// without `TRANSACTION`, in every mode). A replica can serve it locally.
    ReadOnly,
}

impl TransactionBehavior {
    fn begin_sql(self) -> &'static str {
        match self {
            TransactionBehavior::Deferred => "BEGIN DEFERRED",
            TransactionBehavior::ReadOnly => "BEGIN TRANSACTION READONLY",
            TransactionBehavior::Immediate => "BEGIN IMMEDIATE",
            TransactionBehavior::Exclusive => "BEGIN EXCLUSIVE",
        }
    }
}

/// Everything one statement produced: its columns, all its rows, the rows it changed and the
/// connection's last insert rowid afterwards.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ResultSet {
    /// The result columns.
    pub columns: Arc<[Column]>,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
    /// Rows inserted, updated or deleted by the statement (0 for other statements).
    pub changes: u64,
    /// The connection's last insert rowid after the statement.
    pub last_insert_rowid: i64,
}

/// A connection to a database, in any mode.
///
/// Connections are `Send + Sync`: calls from several threads are serialized. For parallelism,
/// open one connection per thread; SQLite allows many readers and one writer at a time (in WAL
/// mode, readers never wait for the writer).
pub struct Connection {
    inner: ConnectionInner,
}

enum ConnectionInner {
    Local(Arc<RawConnection>),
    Remote(Arc<RemoteConnection>),
    Replica(Arc<ReplicaConnection>),
}

impl Connection {
    pub(crate) fn local(raw: Arc<RawConnection>) -> Connection {
        Connection { inner: ConnectionInner::Local(raw) }
    }

    pub(crate) fn remote(conn: Arc<RemoteConnection>) -> Connection {
        Connection { inner: ConnectionInner::Remote(conn) }
    }

    pub(crate) fn replica(conn: Arc<ReplicaConnection>) -> Connection {
        Connection { inner: ConnectionInner::Replica(conn) }
    }

    /// Prepares one SQL statement. Text holding several statements is a `Misuse` error; run
    /// scripts with [`execute_batch`](Connection::execute_batch).
    ///
    /// Statements are cached per connection: preparing the same SQL again after the previous
    /// statement was dropped reuses it.
    pub fn prepare(&self, sql: &str) -> Result<Statement> {
        match &self.inner {
            ConnectionInner::Local(raw) => Ok(Statement::local(LocalStatement::prepare(raw, sql, true)?)),
            ConnectionInner::Remote(conn) => Ok(Statement::remote(RemoteStatement::prepare(conn, sql)?)),
            ConnectionInner::Replica(conn) => Statement::replica(conn, sql),
        }
    }

    /// Runs one statement with `params` and returns the number of rows it inserted, updated or
    /// deleted (0 for other statements).
    ///
    /// ```
    /// # use edgelite::Database;
    /// let conn = Database::open(":memory:")?.connect()?;
    /// conn.execute("CREATE TABLE t(x)", ())?;
    /// assert_eq!(conn.execute("INSERT INTO t VALUES (?), (?)", [1, 2])?, 2);
    /// # Ok::<(), edgelite::Error>(())
    /// ```
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<u64> {
        match &self.inner {
            ConnectionInner::Local(_) => self.prepare(sql)?.execute(params),
            ConnectionInner::Remote(conn) => conn.execute(sql, Parameters::collect(&params)?),
            ConnectionInner::Replica(conn) => conn.run_routed(sql, move |routed| routed.execute(sql, params)),
        }
    }

    /// Runs a query; the rows own their statement, so they can be kept and read later.
    pub fn query(&self, sql: &str, params: impl Params) -> Result<Rows<'static>> {
        match &self.inner {
            ConnectionInner::Local(_) => self.prepare(sql)?.into_rows(params),
            ConnectionInner::Remote(conn) => Ok(Rows::remote(conn.query(sql, Parameters::collect(&params)?)?)),
            ConnectionInner::Replica(conn) => match conn.route(sql, Some(conn.prepares_as_read(sql)))? {
                Side::Local => Connection::local(conn.local().clone()).query(sql, params),
                Side::Remote => crate::statement::remote_rows(conn, conn.remote()?, sql, &params),
            },
        }
    }

    /// Runs a query and maps its first row with `f`; no row is a `NotFound` error.
    pub fn query_row<T>(&self, sql: &str, params: impl Params, f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        match &self.inner {
            ConnectionInner::Local(_) => self.prepare(sql)?.query_row(params, f),
            ConnectionInner::Remote(_) => crate::statement::first_row(self.query(sql, params)?, f),
            ConnectionInner::Replica(conn) => conn.run_routed(sql, move |routed| routed.query_row(sql, params, f)),
        }
    }

    /// Runs one statement to completion and returns everything it produced.
    pub fn run(&self, sql: &str, params: impl Params) -> Result<ResultSet> {
        match &self.inner {
            ConnectionInner::Local(_) => self.prepare(sql)?.run(params),
            ConnectionInner::Remote(conn) => conn.run(sql, Parameters::collect(&params)?),
            ConnectionInner::Replica(conn) => conn.run_routed(sql, move |routed| routed.run(sql, params)),
        }
    }

    /// Runs a script of any number of `;`-separated statements, without parameters,
    /// discarding their rows. It stops at the first error; statements before it stay applied
    /// (use a transaction, or [`batch`](Connection::batch), for all-or-nothing).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            ConnectionInner::Local(raw) => {
                let mut rest = sql;
                while let Prepared::Statement(stmt, consumed) = LocalStatement::prepare_next(raw, rest, false)? {
                    let guard = raw.lock()?;
                    while stmt.step(&guard)? {}
                    rest = &rest[consumed..];
                }
                Ok(())
            }
            ConnectionInner::Remote(conn) => conn.execute_batch(sql),
            // A script that only reads runs here; anything else goes to the primary whole.
            ConnectionInner::Replica(conn) => {
                let pieces = crate::sql::split_statements(sql);
                let reads_only = pieces.iter().all(|piece| conn.prepares_as_read(piece));
                let first = pieces.first().copied().unwrap_or(sql);
                conn.run_routed_as(first, reads_only, move |routed| routed.execute_batch(sql))
            }
        }
    }

    /// Runs statements atomically: all of them apply, or — if one fails — none does, and the
    /// error tells which one failed ([`Error::statement_index`]). Outside a transaction the batch
    /// runs in its own deferred transaction; inside one, in a savepoint, leaving the outer
    /// transaction open either way. Statements in a batch must not begin or end transactions.
    ///
    /// ```
    /// # use edgelite::{Database, Params};
    /// let conn = Database::open(":memory:")?.connect()?;
    /// conn.execute_batch("CREATE TABLE t(x UNIQUE)")?;
    /// let err = conn.batch(&[
    ///     ("INSERT INTO t VALUES (1)", &() as &dyn Params),
    ///     ("INSERT INTO t VALUES (1)", &()),
    /// ]).unwrap_err();
    /// assert_eq!(err.statement_index(), Some(1));
    /// assert_eq!(conn.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0))?, 0);
    /// # Ok::<(), edgelite::Error>(())
    /// ```
    pub fn batch(&self, statements: &[(&str, &dyn Params)]) -> Result<Vec<ResultSet>> {
        self.batch_with_behavior(TransactionBehavior::Deferred, statements)
    }

    /// [`batch`](Connection::batch) with the given transaction behavior (used when the batch
    /// starts its own transaction).
    pub fn batch_with_behavior(
        &self,
        behavior: TransactionBehavior,
        statements: &[(&str, &dyn Params)],
    ) -> Result<Vec<ResultSet>> {
        if let ConnectionInner::Replica(conn) = &self.inner {
            let reads_only = statements.iter().all(|(sql, _)| conn.prepares_as_read(sql));
            let first = statements.first().map_or("SELECT 1", |(sql, _)| *sql);
            return conn.run_routed_as(first, reads_only, |routed| routed.batch_with_behavior(behavior, statements));
        }
        if let ConnectionInner::Remote(conn) = &self.inner {
            // One round trip: the server runs the whole batch under conditions.
            let statements = statements
                .iter()
                .map(|(sql, params)| Ok(((*sql).to_owned(), Parameters::collect(*params)?)))
                .collect::<Result<Vec<_>>>()?;
            return conn.batch(behavior, statements);
        }
        let nested = !self.is_autocommit()?;
        if nested {
            self.execute("SAVEPOINT edgelite_batch", ())?;
        } else {
            self.begin(behavior)?;
        }
        let mut results = Vec::with_capacity(statements.len());
        for (index, (sql, params)) in statements.iter().enumerate() {
            match self.prepare(sql).and_then(|mut stmt| stmt.run(params)) {
                Ok(result) => results.push(result),
                Err(err) => {
                    self.undo_batch(nested);
                    return Err(err.at_statement(index));
                }
            }
        }
        let end = if nested { self.execute("RELEASE edgelite_batch", ()).map(drop) } else { self.commit() };
        if let Err(err) = end {
            self.undo_batch(nested);
            return Err(err);
        }
        Ok(results)
    }

    fn undo_batch(&self, nested: bool) {
        // SQLite may already have rolled back (e.g. on SQLITE_FULL); then there is nothing to undo.
        if nested {
            let _ = self.execute_batch("ROLLBACK TO edgelite_batch; RELEASE edgelite_batch");
        } else if !self.is_autocommit().unwrap_or(true) {
            let _ = self.rollback();
        }
    }

    /// Begins a transaction with `BEGIN` (see [`TransactionBehavior`]).
    pub fn begin(&self, behavior: TransactionBehavior) -> Result<()> {
        self.execute(behavior.begin_sql(), ()).map(drop)
    }

    /// Commits the current transaction.
    pub fn commit(&self) -> Result<()> {
        self.execute("COMMIT", ()).map(drop)
    }

    /// Rolls back the current transaction. If a remote transaction was already lost (its server
    /// stream is gone, so the server rolled it back), this succeeds.
    pub fn rollback(&self) -> Result<()> {
        if let ConnectionInner::Replica(conn) = &self.inner {
            if let Some(remote) = conn.opened_remote() {
                if remote.take_lost_transaction() && remote.is_autocommit()? && conn.local().is_autocommit()? {
                    return Ok(());
                }
            }
        }
        if let ConnectionInner::Remote(conn) = &self.inner {
            if conn.take_lost_transaction() && conn.is_autocommit()? {
                return Ok(());
            }
        }
        match self.execute("ROLLBACK", ()) {
            Err(e) if e.extended_code() == crate::error::extended::EDGELITE_REMOTE_TRANSACTION_LOST => Ok(()),
            other => other.map(drop),
        }
    }

    /// Creates a savepoint named `name` (starting a transaction if none is open).
    pub fn savepoint(&self, name: &str) -> Result<()> {
        self.execute(&format!("SAVEPOINT {}", quote_identifier(name)), ()).map(drop)
    }

    /// Releases (commits into the enclosing transaction) the savepoint `name`.
    pub fn release_savepoint(&self, name: &str) -> Result<()> {
        self.execute(&format!("RELEASE {}", quote_identifier(name)), ()).map(drop)
    }

    /// Rolls back to the savepoint `name`, which stays open.
    pub fn rollback_to_savepoint(&self, name: &str) -> Result<()> {
        self.execute(&format!("ROLLBACK TO {}", quote_identifier(name)), ()).map(drop)
    }

    /// Begins a deferred transaction that rolls back when dropped unless committed.
    ///
    /// ```
    /// # use edgelite::Database;
    /// let conn = Database::open(":memory:")?.connect()?;
    /// conn.execute_batch("CREATE TABLE t(x)")?;
    /// let tx = conn.transaction()?;
    /// tx.execute("INSERT INTO t VALUES (1)", ())?;
    /// tx.commit()?;
    /// # Ok::<(), edgelite::Error>(())
    /// ```
    pub fn transaction(&self) -> Result<Transaction<'_>> {
        self.transaction_with_behavior(TransactionBehavior::Deferred)
    }

    /// Begins a transaction with `behavior` that rolls back when dropped unless committed.
    pub fn transaction_with_behavior(&self, behavior: TransactionBehavior) -> Result<Transaction<'_>> {
        self.begin(behavior)?;
        Ok(Transaction { conn: self, finished: false })
    }

    /// Whether no transaction is open.
    pub fn is_autocommit(&self) -> Result<bool> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.is_autocommit(),
            ConnectionInner::Remote(conn) => conn.is_autocommit(),
            ConnectionInner::Replica(conn) => Ok(conn.local().is_autocommit()?
                && conn.opened_remote().map_or(Ok(true), |remote| remote.is_autocommit())?),
        }
    }

    /// The rowid of the most recent successful INSERT on this connection (0 if none).
    pub fn last_insert_rowid(&self) -> Result<i64> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.last_insert_rowid(),
            ConnectionInner::Remote(conn) => conn.last_insert_rowid(),
            ConnectionInner::Replica(conn) => match (conn.last_side(), conn.opened_remote()) {
                (Side::Remote, Some(remote)) => remote.last_insert_rowid(),
                _ => conn.local().last_insert_rowid(),
            },
        }
    }

    /// Sets what [`last_insert_rowid`](Connection::last_insert_rowid) returns until the next
    /// INSERT (SQLite's `sqlite3_set_last_insert_rowid`): a server reusing a connection for
    /// another client resets it to 0. Embedded connections only; `Unsupported` otherwise.
    pub fn set_last_insert_rowid(&self, rowid: i64) -> Result<()> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.set_last_insert_rowid(rowid),
            ConnectionInner::Remote(_) | ConnectionInner::Replica(_) => {
                Err(crate::Error::unsupported("set_last_insert_rowid() needs an embedded connection"))
            }
        }
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE (SQLite's `changes()`).
    pub fn changes(&self) -> Result<u64> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.changes(),
            ConnectionInner::Remote(conn) => conn.changes(),
            ConnectionInner::Replica(conn) => match (conn.last_side(), conn.opened_remote()) {
                (Side::Remote, Some(remote)) => remote.changes(),
                _ => conn.local().changes(),
            },
        }
    }

    /// Rows changed by all INSERT, UPDATE and DELETE statements since the connection opened.
    pub fn total_changes(&self) -> Result<u64> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.total_changes(),
            ConnectionInner::Remote(conn) => conn.total_changes(),
            // The local connection only reads: every change was made on the primary.
            ConnectionInner::Replica(conn) => conn.opened_remote().map_or(Ok(0), |remote| remote.total_changes()),
        }
    }

    /// Makes the statement running on this connection fail with `SQLITE_INTERRUPT`. Call it
    /// from another thread; it does not wait.
    pub fn interrupt(&self) {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.interrupt(),
            ConnectionInner::Remote(conn) => conn.interrupt(),
            ConnectionInner::Replica(conn) => {
                conn.local().interrupt();
                if let Some(remote) = conn.opened_remote() {
                    remote.interrupt();
                }
            }
        }
    }

    /// A handle that interrupts this connection from anywhere, even after the connection has
    /// moved to another thread or task.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        match &self.inner {
            ConnectionInner::Local(raw) => InterruptHandle(HandleInner::Local(Arc::downgrade(raw))),
            ConnectionInner::Remote(conn) => InterruptHandle(HandleInner::Remote(Arc::downgrade(conn))),
            ConnectionInner::Replica(conn) => InterruptHandle(HandleInner::Replica(Arc::downgrade(conn))),
        }
    }

    /// How long a statement waits for a lock held by another connection before failing with
    /// `SQLITE_BUSY` (default 5 seconds; zero fails at once).
    pub fn busy_timeout(&self, timeout: Duration) -> Result<()> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.set_busy_timeout(timeout),
            ConnectionInner::Remote(conn) => conn.set_busy_timeout(timeout),
            ConnectionInner::Replica(conn) => {
                conn.local().set_busy_timeout(timeout)?;
                conn.remote()?.set_busy_timeout(timeout)
            }
        }
    }

    /// Closes the connection. Later calls on it, and on its statements, fail with
    /// `SQLITE_MISUSE` (`EDGELITE_MISUSE_CLOSED`); closing again does nothing. An open
    /// transaction is rolled back. Dropping the connection closes it too.
    pub fn close(&self) -> Result<()> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.close(),
            ConnectionInner::Remote(conn) => conn.close(),
            ConnectionInner::Replica(conn) => {
                let remote = conn.opened_remote().map_or(Ok(()), |remote| remote.close());
                conn.local().close().and(remote)
            }
        }
    }

    /// Installs an authorizer that SQLite consults for every action of every statement
    /// prepared from now on (`None` removes it); a denied statement fails with `SQLITE_AUTH`.
    /// Embedded mode only.
    pub fn set_authorizer(&self, authorizer: Option<Authorizer>) -> Result<()> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.set_authorizer(authorizer),
            // Reads run here; writes are the primary's to authorize.
            ConnectionInner::Replica(conn) => conn.local().set_authorizer(authorizer),
            ConnectionInner::Remote(_) => {
                Err(crate::error::Error::unsupported("authorizers run where SQLite runs: embedded mode only"))
            }
        }
    }

    /// Turns on SQLite's defensive mode, which refuses SQL that could corrupt the database file
    /// deliberately (writing `sqlite_schema` directly and similar). Embedded mode only.
    pub fn set_defensive(&self, on: bool) -> Result<()> {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.set_defensive(on),
            ConnectionInner::Replica(conn) => conn.local().set_defensive(on),
            ConnectionInner::Remote(_) => Err(crate::error::Error::unsupported("defensive mode is set by the server")),
        }
    }

    /// The local connection that runs this connection's functions and backups: itself when
    /// embedded, the local reader of a replica.
    fn local_raw(&self, what: &str) -> Result<&Arc<RawConnection>> {
        match &self.inner {
            ConnectionInner::Local(raw) => Ok(raw),
            ConnectionInner::Replica(conn) => Ok(conn.local()),
            ConnectionInner::Remote(_) => Err(crate::error::Error::unsupported(format!(
                "{what} runs where SQLite runs: embedded mode and replicas' local reads"
            ))),
        }
    }

    /// Registers a SQL function (`n_args` arguments, or -1 for any number). `deterministic`
    /// lets SQLite use it in indexes and factor out repeated calls. An error returned by `f`
    /// fails the statement with its message. Embedded mode (and a replica's local reads).
    ///
    /// ```
    /// # use edgelite::{Database, Value};
    /// let conn = Database::open(":memory:")?.connect()?;
    /// conn.create_scalar_function("double_it", 1, true, |args| match args.get(0) {
    ///     edgelite::ValueRef::Integer(i) => Ok(Value::Integer(i * 2)),
    ///     _ => Ok(Value::Null),
    /// })?;
    /// assert_eq!(conn.query_row("SELECT double_it(21)", (), |r| r.get::<i64>(0))?, 42);
    /// # Ok::<(), edgelite::Error>(())
    /// ```
    pub fn create_scalar_function(
        &self,
        name: &str,
        n_args: i32,
        deterministic: bool,
        f: impl Fn(&crate::FunctionArgs<'_>) -> Result<Value> + Send + Sync + 'static,
    ) -> Result<()> {
        crate::local::functions::create_scalar(
            self.local_raw("a SQL function")?,
            name,
            n_args,
            deterministic,
            Box::new(f),
        )
    }

    /// Registers an aggregate SQL function: `factory` makes the state of each group, which sees
    /// every row (`step`) and then gives the result (`finalize`). Embedded mode (and a
    /// replica's local reads).
    pub fn create_aggregate_function<A: crate::Aggregate + 'static>(
        &self,
        name: &str,
        n_args: i32,
        deterministic: bool,
        factory: impl Fn() -> A + Send + Sync + 'static,
    ) -> Result<()> {
        let factory = move || Box::new(factory()) as Box<dyn crate::Aggregate>;
        crate::local::functions::create_aggregate(
            self.local_raw("a SQL function")?,
            name,
            n_args,
            deterministic,
            Box::new(factory),
        )
    }

    /// Removes the function `name` taking `n_args` arguments.
    pub fn remove_function(&self, name: &str, n_args: i32) -> Result<()> {
        crate::local::functions::remove(self.local_raw("a SQL function")?, name, n_args)
    }

    /// Copies this connection's database into `dest` (replacing its content) with SQLite's
    /// online backup: `pages_per_step` pages at a time (≤ 0: all at once), calling `progress`
    /// after each step and pausing `pause` between steps so writers can run. Both connections
    /// must be local (embedded, or a replica's local file as the source).
    pub fn backup(
        &self,
        dest: &Connection,
        pages_per_step: i32,
        pause: Duration,
        progress: &mut dyn FnMut(crate::BackupProgress),
    ) -> Result<()> {
        let source = self.local_raw("backup").map_err(|_| crate::local::backup::unsupported())?;
        let ConnectionInner::Local(dest) = &dest.inner else {
            return Err(crate::local::backup::unsupported());
        };
        crate::local::backup::run(source, dest, pages_per_step, pause, progress)
    }

    /// Backs this connection's database up into the file at `path` (created or replaced).
    pub fn backup_to_file(&self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let dest = crate::Builder::local(path).build()?.connect()?;
        self.backup(&dest, -1, Duration::ZERO, &mut |_| {})
    }

    /// Whether [`close`](Connection::close) was called.
    pub fn is_closed(&self) -> bool {
        match &self.inner {
            ConnectionInner::Local(raw) => raw.is_closed(),
            ConnectionInner::Remote(conn) => conn.is_closed(),
            ConnectionInner::Replica(conn) => conn.local().is_closed(),
        }
    }
}

/// Interrupts a connection from another thread (see [`Connection::interrupt_handle`]). It
/// does nothing once the connection is gone.
#[derive(Clone)]
pub struct InterruptHandle(HandleInner);

#[derive(Clone)]
enum HandleInner {
    Local(std::sync::Weak<RawConnection>),
    Remote(std::sync::Weak<RemoteConnection>),
    Replica(std::sync::Weak<ReplicaConnection>),
}

impl InterruptHandle {
    /// Makes the running statement fail with `SQLITE_INTERRUPT` (remote: aborts the request).
    pub fn interrupt(&self) {
        match &self.0 {
            HandleInner::Local(raw) => {
                if let Some(raw) = raw.upgrade() {
                    raw.interrupt();
                }
            }
            HandleInner::Remote(conn) => {
                if let Some(conn) = conn.upgrade() {
                    conn.interrupt();
                }
            }
            HandleInner::Replica(conn) => {
                if let Some(conn) = conn.upgrade() {
                    Connection::replica(conn).interrupt();
                }
            }
        }
    }
}

/// Quotes an SQL identifier: `a"b` → `"a""b"`.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A transaction that rolls back when dropped unless [`commit`](Transaction::commit) is called.
/// It dereferences to the [`Connection`], so statements run through it directly.
pub struct Transaction<'c> {
    conn: &'c Connection,
    finished: bool,
}

impl Transaction<'_> {
    /// Commits the transaction.
    pub fn commit(mut self) -> Result<()> {
        self.finished = true;
        self.conn.commit()
    }

    /// Rolls the transaction back.
    pub fn rollback(mut self) -> Result<()> {
        self.finished = true;
        self.conn.rollback()
    }

    /// Opens a savepoint inside the transaction; it rolls back when dropped unless released.
    pub fn savepoint(&self, name: &str) -> Result<Savepoint<'_>> {
        Savepoint::new(self.conn, name)
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.finished && !self.conn.is_autocommit().unwrap_or(true) {
            let _ = self.conn.rollback();
        }
    }
}

/// A savepoint that rolls back (and is released) when dropped unless
/// [`release`](Savepoint::release) is called.
pub struct Savepoint<'c> {
    conn: &'c Connection,
    name: String,
    finished: bool,
}

impl<'c> Savepoint<'c> {
    fn new(conn: &'c Connection, name: &str) -> Result<Savepoint<'c>> {
        conn.savepoint(name)?;
        Ok(Savepoint { conn, name: name.to_owned(), finished: false })
    }

    /// Keeps the savepoint's changes (in the enclosing transaction, if any).
    pub fn release(mut self) -> Result<()> {
        self.finished = true;
        self.conn.release_savepoint(&self.name)
    }

    /// Undoes the savepoint's changes and releases it.
    pub fn rollback(mut self) -> Result<()> {
        self.finished = true;
        self.conn.rollback_to_savepoint(&self.name)?;
        self.conn.release_savepoint(&self.name)
    }
}

impl Deref for Savepoint<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.finished && !self.conn.is_closed() {
            let _ = self.conn.rollback_to_savepoint(&self.name);
            let _ = self.conn.release_savepoint(&self.name);
        }
    }
}

impl Connection {
    /// Opens a savepoint guard (starting a transaction if none is open); it rolls back when
    /// dropped unless released.
    pub fn savepoint_guard(&self, name: &str) -> Result<Savepoint<'_>> {
        Savepoint::new(self, name)
    }
}
