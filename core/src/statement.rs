//! Prepared statements.

use crate::connection::ResultSet;
use crate::error::{Error, ErrorCode, Result};
use crate::local::LocalStatement;
use crate::params::{Parameters, Params};
use crate::remote::{RemoteConnection, RemoteStatement};
use crate::replica::{ReplicaConnection, Side};
use crate::rows::{GuardRef, Row, Rows};
use std::sync::Arc;

/// A result column of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub(crate) name: String,
    pub(crate) decl_type: Option<String>,
    pub(crate) table: Option<String>,
    pub(crate) origin: Option<String>,
    pub(crate) database: Option<String>,
}

impl Column {
    /// A column with a name and declared type (for results that come from elsewhere).
    pub fn new(name: impl Into<String>, decl_type: Option<String>) -> Column {
        Column { name: name.into(), decl_type, table: None, origin: None, database: None }
    }

    /// The column's name as SQLite reports it (the `AS` alias if there is one).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The declared type of the table column this result column comes from (`"INTEGER"`,
    /// `"VARCHAR(10)"`), or `None` for expressions.
    pub fn decl_type(&self) -> Option<&str> {
        self.decl_type.as_deref()
    }

    /// The table the column comes from, if it is a plain table column.
    pub fn table_name(&self) -> Option<&str> {
        self.table.as_deref()
    }

    /// The name of the table column (without alias), if it is a plain table column.
    pub fn origin_name(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// The schema (`"main"`, `"temp"`, an attached name) of the table, if known.
    pub fn database_name(&self) -> Option<&str> {
        self.database.as_deref()
    }
}

/// Maps the first row of `rows` with `f`; no row is a `NotFound` error.
pub(crate) fn first_row<T>(mut rows: Rows<'_>, f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
    let result = match rows.next()? {
        Some(row) => f(&row),
        None => Err(no_rows()),
    };
    result
}

fn no_rows() -> Error {
    Error::with_code(ErrorCode::NotFound, "the query returned no rows")
}

/// A prepared statement: bind parameters, run it, read rows, run it again.
///
/// Statements belong to the connection that prepared them and fail with a "closed" error once
/// it is closed. They are `Send + Sync`; running one needs `&mut self`.
///
/// ```
/// # use edgelite::Database;
/// let conn = Database::open(":memory:")?.connect()?;
/// conn.execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)")?;
/// let mut insert = conn.prepare("INSERT INTO t(name) VALUES (?)")?;
/// for name in ["a", "b"] {
///     insert.execute([name])?;
/// }
/// let mut select = conn.prepare("SELECT name FROM t WHERE id = ?")?;
/// let name: String = select.query_row([2], |row| row.get(0))?;
/// assert_eq!(name, "b");
/// # Ok::<(), edgelite::Error>(())
/// ```
pub struct Statement {
    pub(crate) inner: StatementInner,
}

pub(crate) enum StatementInner {
    Local(LocalStatement),
    Remote(RemoteStatement),
    Replica(ReplicaStatement),
}

/// A statement on a replica: prepared locally when it can be (else described by the primary),
/// and routed each time it runs.
pub(crate) struct ReplicaStatement {
    conn: Arc<ReplicaConnection>,
    local: Option<LocalStatement>,
    remote: Option<RemoteStatement>,
    sql: String,
}

/// Where one run of a replica statement goes.
enum Routed<'s> {
    Local(&'s mut LocalStatement),
    Remote(Arc<RemoteConnection>, &'s str),
}

impl ReplicaStatement {
    fn route(&mut self) -> Result<Routed<'_>> {
        let reads_only = self.local.as_ref().map(LocalStatement::is_readonly);
        match self.conn.route(&self.sql, reads_only)? {
            Side::Local => {
                if self.local.is_none() {
                    self.local = Some(LocalStatement::prepare(self.conn.local(), &self.sql, true)?);
                }
                Ok(Routed::Local(self.local.as_mut().expect("prepared above")))
            }
            Side::Remote => Ok(Routed::Remote(self.conn.remote()?.clone(), &self.sql)),
        }
    }
}

impl Statement {
    pub(crate) fn local(stmt: LocalStatement) -> Statement {
        Statement { inner: StatementInner::Local(stmt) }
    }

    pub(crate) fn remote(stmt: RemoteStatement) -> Statement {
        Statement { inner: StatementInner::Remote(stmt) }
    }

    pub(crate) fn replica(conn: &Arc<ReplicaConnection>, sql: &str) -> Result<Statement> {
        let (local, remote) = match LocalStatement::prepare(conn.local(), sql, true) {
            Ok(stmt) => (Some(stmt), None),
            // A closed connection stays closed: it must not open a connection to the primary.
            Err(e) if conn.local().is_closed() => return Err(e),
            // Not (yet) valid here: the primary describes it, or says why it is invalid.
            Err(_) => (None, Some(RemoteStatement::prepare(conn.remote()?, sql)?)),
        };
        Ok(Statement {
            inner: StatementInner::Replica(ReplicaStatement { conn: conn.clone(), local, remote, sql: sql.to_owned() }),
        })
    }

    /// Runs the statement to completion with `params` and returns the number of rows it
    /// inserted, updated or deleted (0 for other statements). Rows it returns are discarded.
    pub fn execute(&mut self, params: impl Params) -> Result<u64> {
        match &mut self.inner {
            StatementInner::Local(stmt) => execute_local(stmt, params),
            StatementInner::Remote(stmt) => stmt.connection().execute(stmt.sql(), Parameters::collect(&params)?),
            StatementInner::Replica(stmt) => {
                let conn = stmt.conn.clone();
                match stmt.route()? {
                    Routed::Local(local) => execute_local(local, params),
                    Routed::Remote(remote, sql) => {
                        let result = remote.execute(sql, Parameters::collect(&params)?);
                        conn.after_remote();
                        result
                    }
                }
            }
        }
    }

    /// Binds `params` and returns the rows, read one at a time.
    pub fn query(&mut self, params: impl Params) -> Result<Rows<'_>> {
        match &mut self.inner {
            StatementInner::Local(stmt) => Rows::local_borrowed(stmt, &params),
            StatementInner::Remote(stmt) => {
                Ok(Rows::remote(stmt.connection().query(stmt.sql(), Parameters::collect(&params)?)?))
            }
            StatementInner::Replica(stmt) => {
                let conn = stmt.conn.clone();
                match stmt.route()? {
                    Routed::Local(local) => Rows::local_borrowed(local, &params),
                    Routed::Remote(remote, sql) => remote_rows(&conn, &remote, sql, &params),
                }
            }
        }
    }

    /// Like [`query`](Statement::query), but the rows own the statement (for handles that
    /// must outlive a borrow, as bindings need).
    pub fn into_rows(self, params: impl Params) -> Result<Rows<'static>> {
        match self.inner {
            StatementInner::Local(stmt) => Rows::local_owned(stmt, &params),
            StatementInner::Remote(stmt) => {
                Ok(Rows::remote(stmt.connection().query(stmt.sql(), Parameters::collect(&params)?)?))
            }
            StatementInner::Replica(mut stmt) => {
                let conn = stmt.conn.clone();
                let remote = match stmt.route()? {
                    Routed::Local(_) => None,
                    Routed::Remote(remote, _) => Some(remote),
                };
                match remote {
                    None => Rows::local_owned(stmt.local.take().expect("routed locally"), &params),
                    Some(remote) => remote_rows(&conn, &remote, &stmt.sql, &params),
                }
            }
        }
    }

    /// Runs the query and maps its first row with `f`; no row is a `NotFound` error.
    pub fn query_row<T>(&mut self, params: impl Params, f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        match &mut self.inner {
            StatementInner::Local(stmt) => query_row_local(stmt, params, f),
            StatementInner::Remote(_) => first_row(self.query(params)?, f),
            StatementInner::Replica(stmt) => {
                let conn = stmt.conn.clone();
                match stmt.route()? {
                    Routed::Local(local) => query_row_local(local, params, f),
                    Routed::Remote(remote, sql) => first_row(remote_rows(&conn, &remote, sql, &params)?, f),
                }
            }
        }
    }

    /// Runs the statement to completion and returns everything: columns, all rows, changes
    /// and the last insert rowid.
    pub fn run(&mut self, params: impl Params) -> Result<ResultSet> {
        if let StatementInner::Remote(stmt) = &self.inner {
            return stmt.connection().run(stmt.sql(), Parameters::collect(&params)?);
        }
        if let StatementInner::Replica(stmt) = &mut self.inner {
            let conn = stmt.conn.clone();
            if let Routed::Remote(remote, sql) = stmt.route()? {
                let result = remote.run(sql, Parameters::collect(&params)?);
                conn.after_remote();
                return result;
            }
        }
        let mut rows = self.query(params)?;
        let mut all = Vec::new();
        while let Some(row) = rows.next()? {
            all.push(row.to_values());
        }
        let columns = rows.columns_arc();
        let (changes, last_insert_rowid) = rows.finish()?;
        Ok(ResultSet { columns, rows: all, changes, last_insert_rowid })
    }

    /// The result columns.
    pub fn columns(&self) -> &[Column] {
        match &self.inner {
            StatementInner::Local(stmt) => stmt.columns(),
            StatementInner::Remote(stmt) => stmt.columns(),
            StatementInner::Replica(stmt) => match (&stmt.local, &stmt.remote) {
                (Some(local), _) => local.columns(),
                (None, Some(remote)) => remote.columns(),
                (None, None) => &[],
            },
        }
    }

    /// The number of result columns (0 for statements that return no rows).
    pub fn column_count(&self) -> usize {
        self.columns().len()
    }

    /// The names of the result columns.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns().iter().map(Column::name).collect()
    }

    /// The number of parameters: the largest index for `?NNN`, else the number of distinct
    /// parameters.
    pub fn parameter_count(&self) -> usize {
        match &self.inner {
            StatementInner::Local(stmt) => stmt.parameter_count(),
            StatementInner::Remote(stmt) => stmt.parameter_count(),
            StatementInner::Replica(stmt) => match (&stmt.local, &stmt.remote) {
                (Some(local), _) => local.parameter_count(),
                (None, Some(remote)) => remote.parameter_count(),
                (None, None) => 0,
            },
        }
    }

    /// The name of the 1-based parameter `index` with its prefix (`":id"`, `"?2"`), or `None`
    /// for a plain `?` or an index out of range.
    pub fn parameter_name(&self, index: usize) -> Option<String> {
        match &self.inner {
            StatementInner::Local(stmt) => stmt.parameter_name(index),
            StatementInner::Remote(stmt) => stmt.parameter_name(index),
            StatementInner::Replica(stmt) => match (&stmt.local, &stmt.remote) {
                (Some(local), _) => local.parameter_name(index),
                (None, Some(remote)) => remote.parameter_name(index),
                (None, None) => None,
            },
        }
    }

    /// The names of all parameters in order (see [`parameter_name`](Statement::parameter_name)).
    pub fn parameter_names(&self) -> Vec<Option<String>> {
        (1..=self.parameter_count()).map(|i| self.parameter_name(i)).collect()
    }

    /// Whether the statement makes no direct change to the database.
    pub fn is_readonly(&self) -> bool {
        match &self.inner {
            StatementInner::Local(stmt) => stmt.is_readonly(),
            StatementInner::Remote(stmt) => stmt.is_readonly(),
            StatementInner::Replica(stmt) => match (&stmt.local, &stmt.remote) {
                (Some(local), _) => local.is_readonly(),
                (None, Some(remote)) => remote.is_readonly(),
                (None, None) => false,
            },
        }
    }

    /// Whether the statement is an `EXPLAIN` or `EXPLAIN QUERY PLAN`.
    pub fn is_explain(&self) -> bool {
        match &self.inner {
            StatementInner::Local(stmt) => stmt.is_explain(),
            StatementInner::Remote(stmt) => stmt.is_explain(),
            StatementInner::Replica(stmt) => match (&stmt.local, &stmt.remote) {
                (Some(local), _) => local.is_explain(),
                (None, Some(remote)) => remote.is_explain(),
                (None, None) => false,
            },
        }
    }

    /// The SQL text of the statement.
    pub fn sql(&self) -> &str {
        match &self.inner {
            StatementInner::Local(stmt) => stmt.sql(),
            StatementInner::Remote(stmt) => stmt.sql(),
            StatementInner::Replica(stmt) => &stmt.sql,
        }
    }

    /// Stops a running statement (ending its read of the database); bindings are kept.
    pub fn reset(&mut self) {
        match &mut self.inner {
            StatementInner::Local(stmt) => stmt.reset(),
            StatementInner::Replica(ReplicaStatement { local: Some(stmt), .. }) => stmt.reset(),
            StatementInner::Remote(_) | StatementInner::Replica(_) => {}
        }
    }
}

/// A replica's query run on the primary: read-your-writes waits until its rows have ended (only
/// then is the primary's transaction state, which decides whether to pull, the one after it).
pub(crate) fn remote_rows(
    conn: &Arc<ReplicaConnection>,
    remote: &Arc<RemoteConnection>,
    sql: &str,
    params: &impl Params,
) -> Result<Rows<'static>> {
    let rows = Parameters::collect(params).and_then(|params| remote.query(sql, params));
    match rows {
        Ok(rows) => {
            let conn = conn.clone();
            Ok(Rows::remote(rows.on_end(move || conn.after_remote())))
        }
        Err(err) => {
            conn.after_remote();
            Err(err)
        }
    }
}

#[inline]
fn execute_local(stmt: &mut LocalStatement, params: impl Params) -> Result<u64> {
    let guard = stmt.lock()?;
    stmt.bind(&guard, &params)?;
    let before = stmt.total_changes(&guard);
    while stmt.step(&guard)? {}
    let changes = stmt.changes_since(&guard, before);
    stmt.reset_locked(&guard);
    Ok(changes)
}

// One lock for the whole call: this is the hot path of point queries.
#[inline]
fn query_row_local<T>(
    stmt: &mut LocalStatement,
    params: impl Params,
    f: impl FnOnce(&Row<'_>) -> Result<T>,
) -> Result<T> {
    let mut guard = stmt.lock()?;
    stmt.bind(&guard, &params)?;
    if !stmt.step(&guard)? {
        stmt.reset_locked(&guard);
        return Err(no_rows());
    }
    if stmt.needs_refresh(&guard) {
        drop(guard);
        stmt.refresh_columns()?;
        guard = stmt.lock()?;
    }
    let result = f(&Row::local(stmt, GuardRef::Borrowed(&guard)));
    stmt.reset_locked(&guard);
    result
}
