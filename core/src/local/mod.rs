//! Embedded mode: SQLite in this process, through its C API (bundled by rusqlite's
//! `libsqlite3-sys`).

mod connection;
mod lock;
mod statement;

use std::ffi::{c_int, CString};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::ffi;

pub(crate) use connection::{Guard, RawConnection};
pub(crate) use statement::{LocalBinder, LocalStatement, Prepared};

use crate::error::{Error, ErrorCode, Result};

/// How to open a local database.
#[derive(Clone, Debug)]
pub(crate) struct LocalOptions {
    pub(crate) read_only: bool,
    pub(crate) create_if_missing: bool,
    pub(crate) busy_timeout: Duration,
}

/// A database file (or a shared in-memory database) that connections are opened on.
pub(crate) struct LocalDatabase {
    filename: CString,
    flags: c_int,
    busy_timeout: Duration,
    /// For `:memory:`: one open connection keeps the shared in-memory database alive for as long
    /// as the `Database` exists, so every `connect()` sees the same data.
    _keep_alive: Option<Arc<RawConnection>>,
}

impl LocalDatabase {
    pub(crate) fn open(path: &Path, options: &LocalOptions) -> Result<LocalDatabase> {
        let path = path.to_str().ok_or_else(|| {
            Error::with_code(ErrorCode::CannotOpen, format!("the database path {path:?} is not valid UTF-8"))
        })?;
        let mut flags = if options.read_only {
            ffi::SQLITE_OPEN_READONLY
        } else if options.create_if_missing {
            ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE
        } else {
            ffi::SQLITE_OPEN_READWRITE
        };
        let memory = path == ":memory:";
        let filename = if memory {
            // The memdb VFS shares a database between the connections that open the same
            // "/name" in this process, with normal locking (unlike shared cache).
            static NEXT: AtomicU64 = AtomicU64::new(1);
            flags |= ffi::SQLITE_OPEN_URI | ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE;
            flags &= !ffi::SQLITE_OPEN_READONLY;
            format!("file:/edgelite-memory-{}-{}?vfs=memdb", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
        } else {
            if path.starts_with("file:") {
                flags |= ffi::SQLITE_OPEN_URI;
            }
            path.to_owned()
        };
        let filename = CString::new(filename)
            .map_err(|_| Error::with_code(ErrorCode::CannotOpen, "the database path contains a NUL byte"))?;
        let mut db = LocalDatabase { filename, flags, busy_timeout: options.busy_timeout, _keep_alive: None };
        // Open once now so that a missing file, a directory or a file that is not a database
        // fails here rather than at the first query.
        let first = db.connect()?;
        if memory {
            db._keep_alive = Some(first);
        }
        Ok(db)
    }

    pub(crate) fn connect(&self) -> Result<Arc<RawConnection>> {
        let conn = RawConnection::open(&self.filename, self.flags, self.busy_timeout)?;
        // Reading the schema surfaces SQLITE_NOTADB and unreadable files at once.
        LocalStatement::prepare(&conn, "SELECT 1 FROM sqlite_schema LIMIT 0", false)?;
        Ok(conn)
    }
}
