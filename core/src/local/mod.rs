//! Embedded mode: SQLite in this process, through its C API (bundled by rusqlite's
//! `libsqlite3-sys`).

pub(crate) mod backup;
mod connection;
pub(crate) mod functions;
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
    /// Keep a frame log for replicas (see [`crate::wal`]).
    pub(crate) primary: Option<crate::wal::PrimaryOptions>,
}

/// A database file (or a shared in-memory database) that connections are opened on.
pub(crate) struct LocalDatabase {
    filename: CString,
    flags: c_int,
    busy_timeout: Duration,
    /// For `:memory:`: one open connection keeps the shared in-memory database alive for as long
    /// as the `Database` exists, so every `connect()` sees the same data.
    _keep_alive: Option<Arc<RawConnection>>,
    /// For primaries: every connection hands its commits to this capture.
    primary: bool,
    capture: Option<Arc<crate::wal::Capture>>,
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
        let primary = options.primary.is_some();
        if primary && (memory || options.read_only) {
            return Err(Error::misuse("a primary needs a database file opened read-write"));
        }
        let mut db = LocalDatabase {
            filename,
            flags,
            busy_timeout: options.busy_timeout,
            _keep_alive: None,
            primary,
            capture: None,
        };
        // Open once now so that a missing file, a directory or a file that is not a database
        // fails here rather than at the first query.
        let first = db.connect()?;
        if memory {
            db._keep_alive = Some(first);
        } else if let Some(primary) = &options.primary {
            drop(first);
            db.capture = Some(shared_capture(Path::new(path), primary, || db.connect())?);
        }
        Ok(db)
    }

    pub(crate) fn connect(&self) -> Result<Arc<RawConnection>> {
        let conn = RawConnection::open(&self.filename, self.flags, self.busy_timeout)?;
        if self.primary {
            // Before anything else: closing this connection must never checkpoint frames the
            // capture has not logged.
            conn.set_db_config(ffi::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            conn.exec("PRAGMA wal_autocheckpoint = 0")?;
        }
        // Reading the schema surfaces SQLITE_NOTADB and unreadable files at once.
        LocalStatement::prepare(&conn, "SELECT 1 FROM sqlite_schema LIMIT 0", false)?;
        if let Some(capture) = &self.capture {
            conn.attach_capture(capture.clone())?;
        }
        Ok(conn)
    }

    /// The frame log, for primaries.
    pub(crate) fn frame_log(&self) -> Option<&Arc<crate::wal::FrameLog>> {
        self.capture.as_ref().map(|c| c.log())
    }

    /// Logs what was committed since the last look (primaries; a no-op otherwise).
    pub(crate) fn capture_commits(&self) -> Result<()> {
        match &self.capture {
            Some(capture) => capture.poll(),
            None => Ok(()),
        }
    }
}

impl Drop for LocalDatabase {
    fn drop(&mut self) {
        if let Some(capture) = &self.capture {
            capture.release();
        }
    }
}

/// The capture of the primary file at `path`: one per file in this process, shared by every
/// `Database` opened on it and kept by their connections, so no two captures ever append to
/// one frame log (a server opens a namespace, drops it and opens it again at once).
fn shared_capture(
    path: &Path,
    options: &crate::wal::PrimaryOptions,
    open: impl Fn() -> Result<Arc<RawConnection>>,
) -> Result<Arc<crate::wal::Capture>> {
    // Keyed by the file itself (device and inode), not its name: a file deleted and created
    // again under the same name is another database.
    type FileId = (u64, u64);
    static CAPTURES: std::sync::Mutex<Vec<(FileId, std::sync::Weak<crate::wal::Capture>)>> =
        std::sync::Mutex::new(Vec::new());
    let key = std::fs::metadata(path)
        .map(|m| (std::os::unix::fs::MetadataExt::dev(&m), std::os::unix::fs::MetadataExt::ino(&m)))
        .map_err(|e| Error::with_code(ErrorCode::CannotOpen, format!("{}: {e}", path.display())))?;
    let mut captures = CAPTURES.lock().unwrap_or_else(|e| e.into_inner());
    captures.retain(|(_, capture)| capture.strong_count() > 0);
    let capture = match captures.iter().find(|(p, _)| *p == key).and_then(|(_, c)| c.upgrade()) {
        Some(capture) => capture,
        None => {
            let capture = crate::wal::Capture::start(path, options.clone(), open)?;
            captures.push((key, Arc::downgrade(&capture)));
            capture
        }
    };
    capture.acquire()?;
    Ok(capture)
}
