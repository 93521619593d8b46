//! A SQLite connection handle shared by a `Connection` and its statements.
//!
//! SQLite is opened with `SQLITE_OPEN_NOMUTEX`; this type supplies the locking instead: one
//! re-entrant lock per connection, taken once per operation (a prepare, a step with its column
//! reads, a reset). That is what makes `Connection` and `Statement` `Send + Sync` without paying
//! SQLite's per-call mutex on every column read, and re-entrancy lets a thread that holds a row
//! run another statement on the same connection.

use std::collections::HashMap;
use std::ffi::{c_int, CStr, CString};
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::ffi;

use crate::authorizer::{AuthDecision, AuthRequest, Authorizer};
use crate::error::{Error, ErrorCode, Result};

/// How many prepared statements each connection keeps for reuse (as Python's `sqlite3`).
const STATEMENT_CACHE_CAPACITY: usize = 128;

use super::lock::ConnectionLock;
pub(crate) use super::lock::Guard;

pub(crate) struct RawConnection {
    db: NonNull<ffi::sqlite3>,
    /// Held for every call into SQLite on this connection.
    lock: ConnectionLock,
    /// Set once by `close`; checked under `lock` before every use of `db`.
    closed: AtomicBool,
    /// Orders `interrupt` (which must not wait for `lock`) against `close`.
    interrupt_guard: Mutex<()>,
    /// A `BEGIN ... READONLY` transaction is open: writes are refused until it ends.
    read_only_transaction: AtomicBool,
    cache: Mutex<StatementCache>,
    /// The installed authorizer; SQLite holds a pointer to the inner box while it is set.
    authorizer: Mutex<Option<Box<Authorizer>>>,
    /// The primary's frame capture, while its WAL hook is installed (SQLite holds a pointer).
    wal_hook: Mutex<Option<Arc<crate::wal::Capture>>>,
    /// The busy handler's state (SQLite holds a pointer while it is installed).
    busy: Mutex<Option<Box<BusyWait>>>,
}

/// One connection's busy timeout, and when the current wait began.
struct BusyWait {
    timeout: Duration,
    started: Mutex<Option<std::time::Instant>>,
}

// SAFETY: every use of `db` happens with `lock` held (or, for `sqlite3_interrupt`, with
// `interrupt_guard` held and `closed` checked), so the NOMUTEX connection is never entered by two
// threads at once, and it is closed exactly once.
unsafe impl Send for RawConnection {}
unsafe impl Sync for RawConnection {}

impl RawConnection {
    /// Opens `filename` with `flags` (plus NOMUTEX and extended result codes).
    pub(crate) fn open(filename: &CStr, flags: c_int, busy_timeout: Duration) -> Result<Arc<Self>> {
        let mut db = ptr::null_mut();
        let flags = flags | ffi::SQLITE_OPEN_NOMUTEX;
        // SAFETY: `filename` is NUL-terminated; `db` receives a handle we own even on failure.
        let rc = unsafe { ffi::sqlite3_open_v2(filename.as_ptr(), &mut db, flags, ptr::null()) };
        if rc != ffi::SQLITE_OK {
            let err = if db.is_null() {
                Error::new(rc, "out of memory opening the database")
            } else {
                // SAFETY: on failure SQLite still returns a handle that carries the message and
                // must be closed.
                let err = unsafe { error_from_handle(db, rc) };
                unsafe { sqlite3_close_v2(db) };
                err
            };
            return Err(err);
        }
        let db = NonNull::new(db).ok_or_else(|| Error::with_code(ErrorCode::OutOfMemory, "no handle"))?;
        let conn = Arc::new(RawConnection {
            db,
            lock: ConnectionLock::new(()),
            closed: AtomicBool::new(false),
            interrupt_guard: Mutex::new(()),
            read_only_transaction: AtomicBool::new(false),
            cache: Mutex::new(StatementCache::default()),
            authorizer: Mutex::new(None),
            wal_hook: Mutex::new(None),
            busy: Mutex::new(None),
        });
        // SAFETY: the connection is open and not yet shared.
        unsafe {
            ffi::sqlite3_extended_result_codes(db.as_ptr(), 1);
        }
        conn.set_busy_timeout(busy_timeout)?;
        Ok(conn)
    }

    /// Locks the connection for one operation; fails if it was closed.
    #[inline]
    pub(crate) fn lock(&self) -> Result<Guard<'_>> {
        let guard = self.lock.lock();
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::closed("connection"));
        }
        Ok(guard)
    }

    /// Locks the connection even if it was closed: for finalizing statements, which SQLite
    /// allows on a closed ("zombie") connection.
    pub(crate) fn lock_for_finalize(&self) -> Guard<'_> {
        self.lock.lock()
    }

    /// The raw handle. Only to be used while holding a guard from [`RawConnection::lock`].
    #[inline]
    pub(crate) fn handle(&self, _guard: &Guard<'_>) -> *mut ffi::sqlite3 {
        self.db.as_ptr()
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// The error SQLite recorded for `rc` on this connection.
    pub(crate) fn error(&self, guard: &Guard<'_>, rc: c_int) -> Error {
        // SAFETY: the guard proves the handle is open and ours.
        unsafe { error_from_handle(self.handle(guard), rc) }
    }

    /// Sets how long a statement waits for another connection's lock. SQLite's own busy
    /// timeout sleeps in steps that grow to 100 ms, so under write contention a waiter often
    /// sleeps long after the lock was freed (p99 latencies of 100+ ms with 32 writers); this
    /// handler polls in steps of at most 1 ms instead.
    pub(crate) fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        let guard = self.lock()?;
        let mut slot = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let state = (!timeout.is_zero()).then(|| Box::new(BusyWait { timeout, started: Mutex::new(None) }));
        let rc = match &state {
            // SAFETY: locked and open; the box stays alive in `slot` until it is replaced under
            // the same lock, after SQLite has the new handler.
            Some(b) => unsafe {
                ffi::sqlite3_busy_handler(
                    self.handle(&guard),
                    Some(busy_callback),
                    (&**b as *const BusyWait).cast_mut().cast(),
                )
            },
            None => unsafe { ffi::sqlite3_busy_handler(self.handle(&guard), None, ptr::null_mut()) },
        };
        check(rc).map_err(|rc| self.error(&guard, rc))?;
        *slot = state;
        Ok(())
    }

    pub(crate) fn is_autocommit(&self) -> Result<bool> {
        let guard = self.lock()?;
        // SAFETY: locked and open.
        Ok(unsafe { ffi::sqlite3_get_autocommit(self.handle(&guard)) } != 0)
    }

    pub(crate) fn last_insert_rowid(&self) -> Result<i64> {
        let guard = self.lock()?;
        // SAFETY: locked and open.
        Ok(unsafe { ffi::sqlite3_last_insert_rowid(self.handle(&guard)) })
    }

    pub(crate) fn set_last_insert_rowid(&self, rowid: i64) -> Result<()> {
        let guard = self.lock()?;
        // SAFETY: locked and open.
        unsafe { ffi::sqlite3_set_last_insert_rowid(self.handle(&guard), rowid) };
        Ok(())
    }

    pub(crate) fn changes(&self) -> Result<u64> {
        let guard = self.lock()?;
        // SAFETY: locked and open.
        Ok(unsafe { ffi::sqlite3_changes64(self.handle(&guard)) } as u64)
    }

    pub(crate) fn total_changes(&self) -> Result<u64> {
        let guard = self.lock()?;
        // SAFETY: locked and open.
        Ok(unsafe { ffi::sqlite3_total_changes64(self.handle(&guard)) } as u64)
    }

    /// Makes the running statement (if any) fail with `SQLITE_INTERRUPT`. Safe from any thread,
    /// even while another thread is inside a long query on this connection.
    pub(crate) fn interrupt(&self) {
        let _guard = self.interrupt_guard.lock().unwrap_or_else(|e| e.into_inner());
        if !self.is_closed() {
            // SAFETY: `close` cannot free the handle while we hold `interrupt_guard`, and
            // sqlite3_interrupt is documented as safe to call from another thread.
            unsafe { ffi::sqlite3_interrupt(self.db.as_ptr()) };
        }
    }

    /// Installs (or, with `None`, removes) an authorizer.
    pub(crate) fn set_authorizer(&self, authorizer: Option<Authorizer>) -> Result<()> {
        let guard = self.lock()?;
        let mut slot = self.authorizer.lock().unwrap_or_else(|e| e.into_inner());
        let boxed = authorizer.map(Box::new);
        let rc = match &boxed {
            // SAFETY: locked and open; the box outlives its registration: it is replaced (and
            // dropped) only after SQLite has been given the new pointer, under the same lock.
            Some(b) => unsafe {
                ffi::sqlite3_set_authorizer(
                    self.handle(&guard),
                    Some(authorizer_callback),
                    (&**b as *const Authorizer).cast_mut().cast(),
                )
            },
            None => unsafe { ffi::sqlite3_set_authorizer(self.handle(&guard), None, ptr::null_mut()) },
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(&guard, rc));
        }
        *slot = boxed;
        Ok(())
    }

    /// Turns SQLite's defensive mode on or off (`SQLITE_DBCONFIG_DEFENSIVE`): it disables SQL
    /// that can corrupt the file deliberately, such as writing `sqlite_schema` directly.
    pub(crate) fn set_defensive(&self, on: bool) -> Result<()> {
        let guard = self.lock()?;
        // SAFETY: locked and open; the op takes an int and an optional int out-pointer.
        let rc = unsafe {
            ffi::sqlite3_db_config(
                self.handle(&guard),
                ffi::SQLITE_DBCONFIG_DEFENSIVE,
                c_int::from(on),
                ptr::null_mut::<c_int>(),
            )
        };
        check(rc).map_err(|rc| self.error(&guard, rc))
    }

    /// Runs SQL without parameters, discarding any rows.
    pub(crate) fn exec(&self, sql: &str) -> Result<()> {
        let sql = cstring(sql, "SQL")?;
        let guard = self.lock()?;
        // SAFETY: locked and open; no callback, so no user data.
        let rc =
            unsafe { ffi::sqlite3_exec(self.handle(&guard), sql.as_ptr(), None, ptr::null_mut(), ptr::null_mut()) };
        check(rc).map_err(|rc| self.error(&guard, rc))
    }

    /// Runs a query returning one integer (a PRAGMA, usually).
    pub(crate) fn query_i64(&self, sql: &str) -> Result<i64> {
        let sql = cstring(sql, "SQL")?;
        let guard = self.lock()?;
        let db = self.handle(&guard);
        let mut stmt = ptr::null_mut();
        // SAFETY: locked and open; the statement is finalized below on every path.
        unsafe {
            let rc = ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut stmt, ptr::null_mut());
            if rc != ffi::SQLITE_OK {
                return Err(self.error(&guard, rc));
            }
            let rc = ffi::sqlite3_step(stmt);
            let value = ffi::sqlite3_column_int64(stmt, 0);
            ffi::sqlite3_finalize(stmt);
            match rc {
                ffi::SQLITE_ROW => Ok(value),
                ffi::SQLITE_DONE => Err(Error::with_code(ErrorCode::NotFound, "the query returned no row")),
                rc => Err(self.error(&guard, rc)),
            }
        }
    }

    /// Runs `sqlite3_wal_checkpoint_v2` on the main database; returns the frames in the WAL
    /// and the frames checkpointed.
    pub(crate) fn wal_checkpoint(&self, mode: c_int) -> Result<(i32, i32)> {
        let guard = self.lock()?;
        let (mut log, mut done) = (0, 0);
        // SAFETY: locked and open; the schema name is a static NUL-terminated string.
        let rc =
            unsafe { ffi::sqlite3_wal_checkpoint_v2(self.handle(&guard), c"main".as_ptr(), mode, &mut log, &mut done) };
        match rc {
            ffi::SQLITE_OK => Ok((log, done)),
            // A PASSIVE checkpoint that could not take the checkpoint lock.
            ffi::SQLITE_BUSY => Ok((log, -1)),
            rc => Err(self.error(&guard, rc)),
        }
    }

    /// Sets a boolean `sqlite3_db_config` option.
    pub(crate) fn set_db_config(&self, op: c_int, on: bool) -> Result<()> {
        let guard = self.lock()?;
        // SAFETY: locked and open; boolean options take an int and an optional int out-pointer.
        let rc = unsafe { ffi::sqlite3_db_config(self.handle(&guard), op, c_int::from(on), ptr::null_mut::<c_int>()) };
        check(rc).map_err(|rc| self.error(&guard, rc))
    }

    /// Hands every commit on this connection to the primary's frame capture: auto-checkpoints
    /// off (they would checkpoint frames not yet captured; the capture checkpoints), no
    /// checkpoint on close, and our WAL hook.
    pub(crate) fn attach_capture(&self, capture: Arc<crate::wal::Capture>) -> Result<()> {
        self.set_db_config(ffi::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        self.exec("PRAGMA synchronous = FULL")?;
        let guard = self.lock()?;
        let mut slot = self.wal_hook.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: locked and open. wal_autocheckpoint(0) removes SQLite's own hook, so it must
        // come first. The capture pointer stays valid while `slot` holds the Arc, which is
        // dropped only after the connection is closed.
        unsafe {
            ffi::sqlite3_wal_autocheckpoint(self.handle(&guard), 0);
            ffi::sqlite3_wal_hook(
                self.handle(&guard),
                Some(wal_hook_callback),
                Arc::as_ptr(&capture).cast_mut().cast(),
            );
        }
        *slot = Some(capture);
        Ok(())
    }

    pub(crate) fn read_only_transaction(&self) -> &AtomicBool {
        &self.read_only_transaction
    }

    /// Takes a cached prepared statement for `sql`, if one is free.
    pub(crate) fn take_cached(&self, sql: &str) -> Option<CachedStatement> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).take(sql)
    }

    /// Returns a reset statement to the cache; gives it back if the cache will not keep it.
    pub(crate) fn put_cached(&self, entry: CachedStatement) -> Option<CachedStatement> {
        if self.is_closed() {
            return Some(entry);
        }
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).put(entry)
    }

    /// Closes the connection: finalizes cached statements and releases the handle. Statements
    /// still held elsewhere fail with a "closed" error from now on; SQLite frees the handle when
    /// the last of them is dropped. Closing twice is a no-op.
    pub(crate) fn close(&self) -> Result<()> {
        let guard = self.lock.lock();
        if self.closed.load(Ordering::Acquire) {
            return Ok(());
        }
        let cached = std::mem::take(&mut *self.cache.lock().unwrap_or_else(|e| e.into_inner()));
        for entry in cached.drain() {
            // SAFETY: locked; cached statements belong to this open connection.
            unsafe { ffi::sqlite3_finalize(entry.stmt.as_ptr()) };
        }
        let _interrupt = self.interrupt_guard.lock().unwrap_or_else(|e| e.into_inner());
        self.closed.store(true, Ordering::Release);
        self.read_only_transaction.store(false, Ordering::Relaxed);
        // SAFETY: locked; after this nobody uses `db` except to finalize statements, which
        // close_v2 allows.
        let rc = unsafe { sqlite3_close_v2(self.handle(&guard)) };
        check(rc).map_err(|rc| Error::new(rc, "failed to close the connection"))
    }
}

impl Drop for RawConnection {
    fn drop(&mut self) {
        // Nothing else holds the handle now: statements keep an Arc to us.
        let _ = self.close();
    }
}

/// A prepared statement parked in the cache with the metadata computed when it was prepared.
pub(crate) struct CachedStatement {
    pub(crate) sql: Arc<str>,
    pub(crate) stmt: NonNull<ffi::sqlite3_stmt>,
    pub(crate) columns: Arc<[crate::statement::Column]>,
    pub(crate) reprepared: c_int,
    pub(crate) read_only_begin: bool,
}

// SAFETY: a cached statement is only touched under its connection's lock.
unsafe impl Send for CachedStatement {}

/// A small LRU of prepared statements keyed by SQL text.
#[derive(Default)]
pub(crate) struct StatementCache {
    entries: HashMap<Arc<str>, (u64, CachedStatement), rustc_hash::FxBuildHasher>,
    clock: u64,
}

impl StatementCache {
    fn take(&mut self, sql: &str) -> Option<CachedStatement> {
        self.entries.remove(sql).map(|(_, entry)| entry)
    }

    fn put(&mut self, entry: CachedStatement) -> Option<CachedStatement> {
        if self.entries.contains_key(&entry.sql) {
            return Some(entry);
        }
        self.clock += 1;
        let evicted = if self.entries.len() >= STATEMENT_CACHE_CAPACITY {
            let oldest = self.entries.iter().min_by_key(|(_, (used, _))| *used).map(|(k, _)| k.clone());
            oldest.and_then(|key| self.entries.remove(&key)).map(|(_, e)| e)
        } else {
            None
        };
        self.entries.insert(entry.sql.clone(), (self.clock, entry));
        evicted
    }

    fn drain(self) -> impl Iterator<Item = CachedStatement> {
        self.entries.into_values().map(|(_, entry)| entry)
    }
}

unsafe extern "C" fn busy_callback(state: *mut std::ffi::c_void, count: c_int) -> c_int {
    // SAFETY: the pointer is the BusyWait kept in the connection's `busy` slot.
    let state = unsafe { &*(state as *const BusyWait) };
    let now = std::time::Instant::now();
    let mut started = state.started.lock().unwrap_or_else(|e| e.into_inner());
    let began = if count == 0 { *started.insert(now) } else { *started.get_or_insert(now) };
    drop(started);
    let waited = now.duration_since(began);
    if waited >= state.timeout {
        return 0;
    }
    // Short polls first (a commit takes microseconds), then at most 1 ms between looks.
    let step = match count {
        0..=9 => Duration::from_micros(50),
        10..=49 => Duration::from_micros(200),
        _ => Duration::from_millis(1),
    };
    std::thread::sleep(step.min(state.timeout - waited));
    1
}

unsafe extern "C" fn wal_hook_callback(
    capture: *mut std::ffi::c_void,
    _db: *mut ffi::sqlite3,
    _schema: *const std::ffi::c_char,
    _frames: c_int,
) -> c_int {
    // SAFETY: the pointer is the Arc<Capture> kept in the connection's `wal_hook` slot.
    let capture = unsafe { &*(capture as *const crate::wal::Capture) };
    // A panic must not cross into C; a failed capture is retried by the next poll, and the
    // commit itself has happened either way.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| capture.on_commit()));
    ffi::SQLITE_OK
}

unsafe extern "C" fn authorizer_callback(
    data: *mut std::ffi::c_void,
    action: c_int,
    arg1: *const std::ffi::c_char,
    arg2: *const std::ffi::c_char,
    database: *const std::ffi::c_char,
    accessor: *const std::ffi::c_char,
) -> c_int {
    // SAFETY: SQLite passes back the pointer given to sqlite3_set_authorizer, which points to a
    // live `Authorizer` (see `set_authorizer`), and NUL-terminated strings or nulls.
    let (authorizer, text) = unsafe {
        (&*(data as *const Authorizer), |p: *const std::ffi::c_char| {
            (!p.is_null()).then(|| CStr::from_ptr(p).to_str().ok()).flatten()
        })
    };
    let request =
        AuthRequest { action, arg1: text(arg1), arg2: text(arg2), database: text(database), accessor: text(accessor) };
    // A panic must not unwind into SQLite: deny instead.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| authorizer(&request))) {
        Ok(AuthDecision::Allow) => ffi::SQLITE_OK,
        Ok(AuthDecision::Ignore) => ffi::SQLITE_IGNORE,
        Ok(AuthDecision::Deny) | Err(_) => ffi::SQLITE_DENY,
    }
}

extern "C" {
    // Left out of libsqlite3-sys's bindings, but part of SQLite's API: unlike sqlite3_close, it
    // lets statements that are still alive finish and frees the handle after the last one.
    fn sqlite3_close_v2(db: *mut ffi::sqlite3) -> c_int;
}

pub(crate) fn check(rc: c_int) -> std::result::Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

/// The error for `rc` with the message SQLite recorded on `db`.
///
/// # Safety
/// `db` must be a valid handle, not used concurrently.
pub(crate) unsafe fn error_from_handle(db: *mut ffi::sqlite3, rc: c_int) -> Error {
    // SAFETY: guaranteed by the caller.
    let message = unsafe {
        let msg = ffi::sqlite3_errmsg(db);
        if msg.is_null() {
            CStr::from_ptr(ffi::sqlite3_errstr(rc)).to_string_lossy().into_owned()
        } else {
            CStr::from_ptr(msg).to_string_lossy().into_owned()
        }
    };
    // SAFETY: as above.
    let extended = unsafe { ffi::sqlite3_extended_errcode(db) };
    // The return code is authoritative; the handle's code refines it when they agree.
    let code = if extended & 0xFF == rc & 0xFF { extended } else { rc };
    Error::new(code, message)
}

pub(crate) fn cstring(s: &str, what: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Error::misuse(format!("{what} contains a NUL byte")))
}
