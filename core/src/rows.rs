//! Query results, read one row at a time.

use std::sync::Arc;

use crate::error::{Error, ErrorCode, Result};
use crate::local::{Guard, LocalStatement};
use crate::params::Params;
use crate::remote::RemoteRows;
use crate::statement::Column;
use crate::value::{FromValue, Value, ValueRef};

/// The rows of a query. Call [`next`](Rows::next) until it returns `None`.
///
/// `Rows` borrows the statement it came from (`Rows<'stmt>`), or owns it (`Rows<'static>`, from
/// [`Connection::query`](crate::Connection::query) and
/// [`Statement::into_rows`](crate::Statement::into_rows)). Dropping it before the end stops the
/// statement, releasing its read of the database.
pub struct Rows<'s> {
    inner: RowsInner<'s>,
}

enum RowsInner<'s> {
    Local { stmt: Slot<'s>, state: State },
    Remote(RemoteRows),
}

enum Slot<'s> {
    Borrowed(&'s mut LocalStatement),
    Owned(Box<LocalStatement>),
}

impl Slot<'_> {
    fn get(&self) -> &LocalStatement {
        match self {
            Slot::Borrowed(stmt) => stmt,
            Slot::Owned(stmt) => stmt,
        }
    }

    fn get_mut(&mut self) -> &mut LocalStatement {
        match self {
            Slot::Borrowed(stmt) => stmt,
            Slot::Owned(stmt) => stmt,
        }
    }
}

/// Where a local query is. `total_before` is `sqlite3_total_changes64` when the statement
/// started, to tell its own changes from earlier ones.
enum State {
    /// The first row was stepped to when the query started and is not yet returned.
    FirstRow {
        total_before: i64,
    },
    Running {
        total_before: i64,
    },
    Done {
        changes: u64,
        last_insert_rowid: i64,
    },
    Failed,
}

impl<'s> Rows<'s> {
    pub(crate) fn local_borrowed(stmt: &'s mut LocalStatement, params: &impl Params) -> Result<Rows<'s>> {
        Self::local(Slot::Borrowed(stmt), params)
    }

    pub(crate) fn local_owned(stmt: LocalStatement, params: &impl Params) -> Result<Rows<'static>> {
        Rows::local(Slot::Owned(Box::new(stmt)), params)
    }

    pub(crate) fn remote(rows: RemoteRows) -> Rows<'static> {
        Rows { inner: RowsInner::Remote(rows) }
    }

    /// Binds and steps to the first row at once (as Python's `sqlite3` does), so errors of
    /// the first step surface here and the columns are those of the statement SQLite ran,
    /// even if a schema change made it re-prepare.
    fn local(mut slot: Slot<'s>, params: &impl Params) -> Result<Rows<'s>> {
        let (state, refresh) = {
            let stmt = slot.get();
            let guard = stmt.lock()?;
            stmt.bind(&guard, params)?;
            let total_before = stmt.total_changes(&guard);
            let state = if stmt.step(&guard)? {
                State::FirstRow { total_before }
            } else {
                Self::finished(stmt, &guard, total_before)
            };
            (state, stmt.needs_refresh(&guard))
        };
        if refresh {
            slot.get_mut().refresh_columns()?;
        }
        Ok(Rows { inner: RowsInner::Local { stmt: slot, state } })
    }

    fn finished(stmt: &LocalStatement, guard: &Guard<'_>, total_before: i64) -> State {
        let changes = stmt.changes_since(guard, total_before);
        let last_insert_rowid = stmt.last_insert_rowid(guard);
        stmt.reset_locked(guard);
        State::Done { changes, last_insert_rowid }
    }

    /// The next row, or `None` at the end. Errors end the rows.
    #[allow(clippy::should_implement_trait)] // a lending iterator: rows borrow the statement
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.inner {
            RowsInner::Local { stmt, state } => {
                let stmt = stmt.get();
                let total_before = match *state {
                    State::Done { .. } | State::Failed => return Ok(None),
                    State::FirstRow { total_before } => {
                        let guard = stmt.lock()?;
                        *state = State::Running { total_before };
                        return Ok(Some(Row::local(stmt, GuardRef::Owned(guard))));
                    }
                    State::Running { total_before } => total_before,
                };
                let guard = stmt.lock()?;
                match stmt.step(&guard) {
                    Ok(true) => Ok(Some(Row::local(stmt, GuardRef::Owned(guard)))),
                    Ok(false) => {
                        *state = Self::finished(stmt, &guard, total_before);
                        Ok(None)
                    }
                    Err(err) => {
                        *state = State::Failed;
                        Err(err)
                    }
                }
            }
            RowsInner::Remote(rows) => {
                if rows.advance()? {
                    Ok(Some(Row { inner: RowInner::Values { values: rows.current(), columns: rows.columns() } }))
                } else {
                    Ok(None)
                }
            }
        }
    }

    /// Reads every remaining row into owned values.
    pub fn collect_values(mut self) -> Result<Vec<Vec<Value>>> {
        let mut all = Vec::new();
        while let Some(row) = self.next()? {
            all.push(row.to_values());
        }
        Ok(all)
    }

    /// The result columns.
    pub fn columns(&self) -> &[Column] {
        match &self.inner {
            RowsInner::Local { stmt, .. } => stmt.get().columns(),
            RowsInner::Remote(rows) => rows.columns(),
        }
    }

    pub(crate) fn columns_arc(&self) -> Arc<[Column]> {
        match &self.inner {
            RowsInner::Local { stmt, .. } => stmt.get().columns().clone(),
            RowsInner::Remote(rows) => rows.columns().clone(),
        }
    }

    /// The number of result columns.
    pub fn column_count(&self) -> usize {
        self.columns().len()
    }

    /// The names of the result columns.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns().iter().map(Column::name).collect()
    }

    /// Runs the statement to its end, discarding the rows not yet read, and returns the rows it
    /// changed and the connection's last insert rowid afterwards.
    pub fn finish(mut self) -> Result<(u64, i64)> {
        if let RowsInner::Remote(rows) = &mut self.inner {
            return rows.finish();
        }
        while self.next()?.is_some() {}
        match &self.inner {
            RowsInner::Local { state: State::Done { changes, last_insert_rowid }, .. } => {
                Ok((*changes, *last_insert_rowid))
            }
            _ => Err(Error::misuse("the statement did not finish")),
        }
    }
}

impl Drop for Rows<'_> {
    fn drop(&mut self) {
        match &mut self.inner {
            RowsInner::Local { stmt: Slot::Borrowed(stmt), state, .. } => {
                if !matches!(state, State::Done { .. }) {
                    stmt.reset();
                }
            }
            // An owned statement resets itself, and remote rows release their cursor, when dropped.
            RowsInner::Local { stmt: Slot::Owned(_), .. } | RowsInner::Remote(_) => {}
        }
    }
}

/// One row of a result. It holds the connection for as long as it lives, so read what you
/// need and let it go.
pub struct Row<'r> {
    inner: RowInner<'r>,
}

enum RowInner<'r> {
    Local {
        stmt: &'r LocalStatement,
        guard: GuardRef<'r>,
    },
    #[allow(dead_code)] // used by the remote mode
    Values {
        values: &'r [Value],
        columns: &'r [Column],
    },
}

/// The connection lock a local row reads under: its own, or one its caller holds.
pub(crate) enum GuardRef<'r> {
    Owned(Guard<'r>),
    Borrowed(&'r Guard<'r>),
}

impl<'r> GuardRef<'r> {
    fn get(&self) -> &Guard<'r> {
        match self {
            GuardRef::Owned(guard) => guard,
            GuardRef::Borrowed(guard) => guard,
        }
    }
}

impl<'r> Row<'r> {
    pub(crate) fn local(stmt: &'r LocalStatement, guard: GuardRef<'r>) -> Row<'r> {
        Row { inner: RowInner::Local { stmt, guard } }
    }

    /// The result columns.
    pub fn columns(&self) -> &[Column] {
        match &self.inner {
            RowInner::Local { stmt, .. } => stmt.columns(),
            RowInner::Values { columns, .. } => columns,
        }
    }

    /// The number of values in the row.
    pub fn column_count(&self) -> usize {
        self.columns().len()
    }

    /// The name of column `index`.
    pub fn column_name(&self, index: usize) -> Option<&str> {
        self.columns().get(index).map(Column::name)
    }

    /// The value of a column (by 0-based index or by name), borrowed.
    pub fn get_ref(&self, index: impl RowIndex) -> Result<ValueRef<'_>> {
        let i = index.index(self.columns())?;
        Ok(match &self.inner {
            RowInner::Local { stmt, guard } => stmt.column_value(guard.get(), i),
            RowInner::Values { values, .. } => values[i].as_ref(),
        })
    }

    /// The value of a column converted to `T` (see [`FromValue`]).
    pub fn get<T: FromValue>(&self, index: impl RowIndex) -> Result<T> {
        T::from_value(self.get_ref(index)?)
    }

    /// The value of a column, owned.
    pub fn get_value(&self, index: impl RowIndex) -> Result<Value> {
        Ok(self.get_ref(index)?.to_owned())
    }

    /// All values of the row, owned.
    pub fn to_values(&self) -> Vec<Value> {
        match &self.inner {
            RowInner::Local { stmt, guard } => {
                (0..stmt.columns().len()).map(|i| stmt.column_value(guard.get(), i).to_owned()).collect()
            }
            RowInner::Values { values, .. } => values.to_vec(),
        }
    }
}

/// A way to name a column of a row: its 0-based index, or its name (ASCII case-insensitive).
pub trait RowIndex {
    /// The 0-based index into `columns`.
    fn index(&self, columns: &[Column]) -> Result<usize>;
}

impl RowIndex for usize {
    fn index(&self, columns: &[Column]) -> Result<usize> {
        if *self < columns.len() {
            Ok(*self)
        } else {
            Err(Error::with_code(
                ErrorCode::Range,
                format!("column index {self} is out of range (the row has {} columns)", columns.len()),
            ))
        }
    }
}

impl RowIndex for &str {
    fn index(&self, columns: &[Column]) -> Result<usize> {
        columns
            .iter()
            .position(|c| c.name().eq_ignore_ascii_case(self))
            .ok_or_else(|| Error::with_code(ErrorCode::Range, format!("no column named {self:?}")))
    }
}
