//! An owned prepared statement on a local connection.

use std::ffi::{c_char, c_int, CStr};
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::ffi;

use super::connection::{cstring, CachedStatement, Guard, RawConnection};
use crate::error::{Error, ErrorCode, Result};
use crate::params::{Binder, Params};
use crate::statement::Column;
use crate::value::ValueRef;

pub(crate) struct LocalStatement {
    conn: Arc<RawConnection>,
    stmt: NonNull<ffi::sqlite3_stmt>,
    sql: Arc<str>,
    columns: Arc<[Column]>,
    /// Return to the connection's cache on drop instead of finalizing.
    cacheable: bool,
    /// Stepped since the last reset. Atomic only so that stepping can take `&self` (the
    /// connection lock is held whenever it changes); relaxed loads and stores cost nothing.
    active: AtomicBool,
    /// SQLite's re-prepare count when `columns` was read.
    reprepared: c_int,
    /// This is libSQL's `BEGIN ... READONLY`: when it succeeds, the transaction refuses writes.
    read_only_begin: bool,
}

// SAFETY: the statement is only used under its connection's lock (or through `&mut self` for
// state that is ours alone), so moving or sharing the handle between threads is sound.
unsafe impl Send for LocalStatement {}
unsafe impl Sync for LocalStatement {}

/// What `prepare_next` found at the start of a SQL string.
pub(crate) enum Prepared {
    /// A statement, and the byte offset where the rest of the string starts.
    Statement(LocalStatement, usize),
    /// Only whitespace and comments were left.
    Nothing,
}

impl LocalStatement {
    /// Prepares exactly one statement; more than one is a misuse error, none is one too.
    pub(crate) fn prepare(conn: &Arc<RawConnection>, sql: &str, cacheable: bool) -> Result<Self> {
        if cacheable {
            if let Some(stmt) = Self::from_cache(conn, sql)? {
                return Ok(stmt);
            }
        }
        match Self::prepare_next(conn, sql, cacheable)? {
            Prepared::Nothing => Err(Error::new(
                crate::error::extended::EDGELITE_MISUSE_NO_STATEMENT,
                "the SQL string contains no statement",
            )),
            Prepared::Statement(mut stmt, tail) => {
                if !sql[tail..].trim().is_empty() {
                    if let Ok(Prepared::Statement(..)) | Err(_) = Self::prepare_next(conn, &sql[tail..], false) {
                        return Err(Error::new(
                            crate::error::extended::EDGELITE_MISUSE_MANY_STATEMENTS,
                            "the SQL string contains more than one statement; run scripts with execute_batch",
                        ));
                    }
                }
                // The caller's text is the cache key, so the same string finds this again.
                stmt.sql = Arc::from(sql);
                Ok(stmt)
            }
        }
    }

    /// A cached statement for `sql`, unless there is none or this connection's own schema
    /// change expired it (then it is finalized and prepared afresh by the caller, so its
    /// metadata is current before it runs).
    fn from_cache(conn: &Arc<RawConnection>, sql: &str) -> Result<Option<Self>> {
        let Some(entry) = conn.take_cached(sql) else { return Ok(None) };
        let guard = conn.lock()?;
        // SAFETY: locked and open; the entry belongs to this connection.
        if unsafe { sqlite3_expired(entry.stmt.as_ptr()) } != 0 {
            unsafe { ffi::sqlite3_finalize(entry.stmt.as_ptr()) };
            return Ok(None);
        }
        drop(guard);
        Ok(Some(LocalStatement {
            conn: conn.clone(),
            stmt: entry.stmt,
            sql: entry.sql,
            columns: entry.columns,
            cacheable: true,
            active: AtomicBool::new(false),
            reprepared: entry.reprepared,
            read_only_begin: entry.read_only_begin,
        }))
    }

    /// Prepares the first statement of `sql` and reports where the rest begins.
    pub(crate) fn prepare_next(conn: &Arc<RawConnection>, sql: &str, cacheable: bool) -> Result<Prepared> {
        let len =
            c_int::try_from(sql.len()).map_err(|_| Error::with_code(ErrorCode::TooBig, "SQL string is too long"))?;
        // libSQL's read-only BEGIN runs as a deferred BEGIN that then refuses writes.
        let read_only_begin = crate::sql::read_only_begin_len(sql);
        let (text, len) = match read_only_begin {
            Some(_) => ("BEGIN DEFERRED", "BEGIN DEFERRED".len() as c_int),
            None => (sql, len),
        };
        let guard = conn.lock()?;
        let db = conn.handle(&guard);
        let mut stmt = ptr::null_mut();
        let mut tail: *const c_char = ptr::null();
        let flags = if cacheable { ffi::SQLITE_PREPARE_PERSISTENT } else { 0 };
        // SAFETY: locked and open; `text` is valid for `len` bytes (no NUL needed with a length).
        let rc = unsafe { ffi::sqlite3_prepare_v3(db, text.as_ptr().cast(), len, flags, &mut stmt, &mut tail) };
        if rc != ffi::SQLITE_OK {
            return Err(conn.error(&guard, rc));
        }
        let consumed = match read_only_begin {
            Some(n) => n,
            None if tail.is_null() => sql.len(),
            None => tail as usize - sql.as_ptr() as usize,
        };
        let Some(stmt) = NonNull::new(stmt) else {
            return Ok(Prepared::Nothing);
        };
        let columns = read_columns(stmt);
        drop(guard);
        let text = sql[..consumed].trim();
        Ok(Prepared::Statement(
            LocalStatement {
                conn: conn.clone(),
                stmt,
                sql: Arc::from(text),
                columns,
                cacheable,
                active: AtomicBool::new(false),
                reprepared: 0,
                read_only_begin: read_only_begin.is_some(),
            },
            consumed,
        ))
    }

    pub(crate) fn sql(&self) -> &str {
        &self.sql
    }

    pub(crate) fn columns(&self) -> &Arc<[Column]> {
        &self.columns
    }

    #[inline]
    pub(crate) fn parameter_count(&self) -> usize {
        // SAFETY: reads immutable statement metadata; the statement outlives the call.
        unsafe { ffi::sqlite3_bind_parameter_count(self.stmt.as_ptr()) as usize }
    }

    /// The name of the 1-based parameter `index`, with its prefix (`:a`, `?3`); `None` for `?`.
    pub(crate) fn parameter_name(&self, index: usize) -> Option<String> {
        let index = c_int::try_from(index).ok()?;
        // SAFETY: as above; the returned string lives as long as the statement.
        unsafe {
            let name = ffi::sqlite3_bind_parameter_name(self.stmt.as_ptr(), index);
            (!name.is_null()).then(|| CStr::from_ptr(name).to_string_lossy().into_owned())
        }
    }

    pub(crate) fn is_explain(&self) -> bool {
        // SAFETY: as above.
        unsafe { ffi::sqlite3_stmt_isexplain(self.stmt.as_ptr()) != 0 }
    }

    pub(crate) fn is_readonly(&self) -> bool {
        // SAFETY: as above.
        unsafe { ffi::sqlite3_stmt_readonly(self.stmt.as_ptr()) != 0 }
    }

    /// Locks the statement's connection for one operation.
    #[inline]
    pub(crate) fn lock(&self) -> Result<Guard<'_>> {
        self.conn.lock()
    }

    /// Resets a running statement and binds `params`, under `guard`.
    #[inline]
    pub(crate) fn bind(&self, guard: &Guard<'_>, params: &(impl Params + ?Sized)) -> Result<()> {
        self.reset_locked(guard);
        params.bind(&mut Binder::local(LocalBinder { stmt: self, guard, named_seen: Vec::new() }))
    }

    /// Steps once: `Ok(true)` when a row is ready to read under `guard`.
    #[inline]
    pub(crate) fn step(&self, guard: &Guard<'_>) -> Result<bool> {
        if !self.active.load(Ordering::Relaxed) {
            self.check_read_only_transaction(guard)?;
            self.active.store(true, Ordering::Relaxed);
        }
        // SAFETY: the caller holds the connection lock, and the connection is open.
        let rc = unsafe { ffi::sqlite3_step(self.stmt.as_ptr()) };
        match rc {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => {
                if self.read_only_begin {
                    self.conn.read_only_transaction().store(true, Ordering::Relaxed);
                }
                Ok(false)
            }
            rc => {
                let err = self.conn.error(guard, rc);
                self.reset_locked(guard);
                Err(err)
            }
        }
    }

    fn check_read_only_transaction(&self, guard: &Guard<'_>) -> Result<()> {
        let flag = self.conn.read_only_transaction();
        if !flag.load(Ordering::Relaxed) {
            return Ok(());
        }
        // SAFETY: locked and open.
        if unsafe { ffi::sqlite3_get_autocommit(self.conn.handle(guard)) } != 0 {
            flag.store(false, Ordering::Relaxed);
            Ok(())
        } else if self.is_readonly() {
            Ok(())
        } else {
            Err(Error::with_code(ErrorCode::ReadOnly, "cannot write inside a read-only transaction"))
        }
    }

    /// Whether SQLite re-prepared the statement since its columns were read (a schema change
    /// can rename, add or drop result columns); then call [`refresh_columns`](Self::refresh_columns).
    #[inline]
    pub(crate) fn needs_refresh(&self, _guard: &Guard<'_>) -> bool {
        // SAFETY: locked.
        unsafe { ffi::sqlite3_stmt_status(self.stmt.as_ptr(), ffi::SQLITE_STMTSTATUS_REPREPARE, 0) != self.reprepared }
    }

    /// Re-reads column metadata.
    pub(crate) fn refresh_columns(&mut self) -> Result<()> {
        let conn = self.conn.clone();
        let _guard = conn.lock()?;
        // SAFETY: locked.
        self.reprepared = unsafe { ffi::sqlite3_stmt_status(self.stmt.as_ptr(), ffi::SQLITE_STMTSTATUS_REPREPARE, 0) };
        self.columns = read_columns(self.stmt);
        Ok(())
    }

    pub(crate) fn reset(&self) {
        let guard = self.conn.lock_for_finalize();
        self.reset_locked(&guard);
    }

    #[inline]
    pub(crate) fn reset_locked(&self, _guard: &Guard<'_>) {
        if self.active.load(Ordering::Relaxed) {
            // SAFETY: locked. The return value repeats the last step's error, already reported.
            unsafe { ffi::sqlite3_reset(self.stmt.as_ptr()) };
            self.active.store(false, Ordering::Relaxed);
        }
    }

    /// The value of column `index` of the current row. Call only after `step` returned a row,
    /// under the same guard.
    #[inline]
    pub(crate) fn column_value<'a>(&'a self, _guard: &'a Guard<'_>, index: usize) -> ValueRef<'a> {
        let stmt = self.stmt.as_ptr();
        let i = index as c_int;
        // SAFETY: locked, a row is current and `index` is below the column count (checked by
        // the caller); the returned pointers stay valid until the next step/reset, which needs
        // `&mut self`, so they cannot outlive this borrow.
        unsafe {
            match ffi::sqlite3_column_type(stmt, i) {
                ffi::SQLITE_INTEGER => ValueRef::Integer(ffi::sqlite3_column_int64(stmt, i)),
                ffi::SQLITE_FLOAT => ValueRef::Real(ffi::sqlite3_column_double(stmt, i)),
                ffi::SQLITE_TEXT => {
                    let data = ffi::sqlite3_column_text(stmt, i);
                    let len = ffi::sqlite3_column_bytes(stmt, i) as usize;
                    ValueRef::Text(slice_or_empty(data, len))
                }
                ffi::SQLITE_BLOB => {
                    let data = ffi::sqlite3_column_blob(stmt, i).cast::<u8>();
                    let len = ffi::sqlite3_column_bytes(stmt, i) as usize;
                    ValueRef::Blob(slice_or_empty(data, len))
                }
                _ => ValueRef::Null,
            }
        }
    }

    /// Rows changed by the statement that just finished: `sqlite3_changes64` if it changed
    /// anything, otherwise 0 (SQLite leaves the previous statement's count in place after DDL
    /// and SELECT).
    #[inline]
    pub(crate) fn changes_since(&self, guard: &Guard<'_>, total_before: i64) -> u64 {
        let db = self.conn.handle(guard);
        // SAFETY: locked and open.
        unsafe {
            if ffi::sqlite3_total_changes64(db) == total_before {
                0
            } else {
                ffi::sqlite3_changes64(db) as u64
            }
        }
    }

    pub(crate) fn last_insert_rowid(&self, guard: &Guard<'_>) -> i64 {
        // SAFETY: locked and open.
        unsafe { ffi::sqlite3_last_insert_rowid(self.conn.handle(guard)) }
    }

    #[inline]
    pub(crate) fn total_changes(&self, guard: &Guard<'_>) -> i64 {
        // SAFETY: locked and open.
        unsafe { ffi::sqlite3_total_changes64(self.conn.handle(guard)) }
    }
}

impl Drop for LocalStatement {
    fn drop(&mut self) {
        let conn = self.conn.clone();
        let guard = conn.lock_for_finalize();
        if self.cacheable && !conn.is_closed() {
            // SAFETY: locked and open.
            unsafe {
                ffi::sqlite3_reset(self.stmt.as_ptr());
                ffi::sqlite3_clear_bindings(self.stmt.as_ptr());
            }
            let entry = CachedStatement {
                sql: self.sql.clone(),
                stmt: self.stmt,
                columns: self.columns.clone(),
                reprepared: self.reprepared,
                read_only_begin: self.read_only_begin,
            };
            if let Some(rejected) = conn.put_cached(entry) {
                // SAFETY: locked; the rejected entry is this statement or one evicted for it.
                unsafe { ffi::sqlite3_finalize(rejected.stmt.as_ptr()) };
            }
        } else {
            // SAFETY: locked; finalizing is allowed even after the connection was closed.
            unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
        }
        drop(guard);
    }
}

extern "C" {
    // Deprecated in SQLite's docs but still the one call that says whether this connection's
    // own schema changes invalidated a statement; left out of libsqlite3-sys's bindings.
    fn sqlite3_expired(stmt: *mut ffi::sqlite3_stmt) -> c_int;
}

unsafe fn slice_or_empty<'a>(data: *const u8, len: usize) -> &'a [u8] {
    if data.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: SQLite guarantees `len` readable bytes at `data`.
        unsafe { std::slice::from_raw_parts(data, len) }
    }
}

fn read_columns(stmt: NonNull<ffi::sqlite3_stmt>) -> Arc<[Column]> {
    let stmt = stmt.as_ptr();
    // SAFETY: called under the connection lock with a valid statement; the strings SQLite
    // returns are copied before the next call.
    unsafe {
        let count = ffi::sqlite3_column_count(stmt);
        (0..count)
            .map(|i| Column {
                name: opt_string(ffi::sqlite3_column_name(stmt, i)).unwrap_or_default(),
                decl_type: opt_string(ffi::sqlite3_column_decltype(stmt, i)),
                table: opt_string(ffi::sqlite3_column_table_name(stmt, i)),
                origin: opt_string(ffi::sqlite3_column_origin_name(stmt, i)),
                database: opt_string(ffi::sqlite3_column_database_name(stmt, i)),
            })
            .collect()
    }
}

unsafe fn opt_string(ptr: *const c_char) -> Option<String> {
    // SAFETY: `ptr` is null or a NUL-terminated string from SQLite.
    (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned())
}

/// Binds parameters straight into a local statement, under the connection lock.
pub(crate) struct LocalBinder<'s> {
    stmt: &'s LocalStatement,
    guard: &'s Guard<'s>,
    /// For named binding: which parameter indexes got a value.
    named_seen: Vec<bool>,
}

impl LocalBinder<'_> {
    /// Checks that `count` positional values fit the statement.
    #[inline]
    pub(crate) fn expect_count(&self, count: usize) -> Result<()> {
        let expected = self.stmt.parameter_count();
        if count != expected {
            return Err(Error::parameter(format!(
                "wrong number of parameters: the statement takes {expected}, {count} given"
            )));
        }
        Ok(())
    }

    /// Binds the value for 1-based `index`.
    #[inline]
    pub(crate) fn bind(&mut self, index: usize, value: ValueRef<'_>) -> Result<()> {
        let stmt = self.stmt.stmt.as_ptr();
        let i = index as c_int;
        // SAFETY: locked; TRANSIENT makes SQLite copy text and blobs before returning.
        let rc = unsafe {
            match value {
                ValueRef::Null => ffi::sqlite3_bind_null(stmt, i),
                ValueRef::Integer(v) => ffi::sqlite3_bind_int64(stmt, i, v),
                ValueRef::Real(v) => ffi::sqlite3_bind_double(stmt, i, v),
                ValueRef::Text(t) => ffi::sqlite3_bind_text64(
                    stmt,
                    i,
                    // A non-null pointer even for "", which SQLite would otherwise bind as NULL.
                    if t.is_empty() { c"".as_ptr() } else { t.as_ptr().cast() },
                    t.len() as u64,
                    ffi::SQLITE_TRANSIENT(),
                    ffi::SQLITE_UTF8 as u8,
                ),
                // An empty blob must stay a blob: bind_blob with no data would bind NULL.
                ValueRef::Blob([]) => ffi::sqlite3_bind_zeroblob(stmt, i, 0),
                ValueRef::Blob(b) => {
                    ffi::sqlite3_bind_blob64(stmt, i, b.as_ptr().cast(), b.len() as u64, ffi::SQLITE_TRANSIENT())
                }
            }
        };
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(self.stmt.conn.error(self.guard, rc))
        }
    }

    pub(crate) fn begin_named(&mut self) {
        self.named_seen = vec![false; self.stmt.parameter_count()];
    }

    /// Binds one named value; names the statement does not use are ignored.
    pub(crate) fn bind_name(&mut self, name: &str, value: ValueRef<'_>) -> Result<()> {
        let Some(index) = self.find_parameter(name)? else {
            return Ok(());
        };
        self.named_seen[index - 1] = true;
        self.bind(index, value)
    }

    /// Checks that every parameter got a value.
    pub(crate) fn finish_named(&mut self) -> Result<()> {
        if let Some(missing) = self.named_seen.iter().position(|seen| !seen) {
            let name = self.stmt.parameter_name(missing + 1).unwrap_or_else(|| format!("?{}", missing + 1));
            return Err(Error::parameter(format!("no value given for parameter {name}")));
        }
        Ok(())
    }

    /// The 1-based index of a named parameter; a bare name matches `:name`, `@name`, `$name`.
    fn find_parameter(&self, name: &str) -> Result<Option<usize>> {
        let lookup = |full: &str| -> Result<Option<usize>> {
            let c = cstring(full, "parameter name")?;
            // SAFETY: locked; `c` is NUL-terminated.
            let i = unsafe { ffi::sqlite3_bind_parameter_index(self.stmt.stmt.as_ptr(), c.as_ptr()) };
            Ok((i > 0).then_some(i as usize))
        };
        if name.starts_with([':', '@', '$', '?']) {
            return lookup(name);
        }
        for prefix in [':', '@', '$'] {
            if let Some(i) = lookup(&format!("{prefix}{name}"))? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }
}
