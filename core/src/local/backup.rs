//! Online backup of a local database into another, with SQLite's backup API: pages are copied
//! in steps, so writers on the source are blocked only during a step.

use std::ffi::c_int;
use std::time::Duration;

use rusqlite::ffi;

use super::connection::RawConnection;
use crate::error::{Error, ErrorCode, Result};

/// How a backup went so far: pages left to copy, and the source's page count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupProgress {
    pub remaining: u64,
    pub total: u64,
}

/// Copies the `main` database of `source` into `dest`'s `main`, `pages_per_step` pages at a time
/// (all at once if ≤ 0), calling `progress` after each step and pausing `pause` between steps.
pub(crate) fn run(
    source: &RawConnection,
    dest: &RawConnection,
    pages_per_step: i32,
    pause: Duration,
    progress: &mut dyn FnMut(BackupProgress),
) -> Result<()> {
    if std::ptr::eq(source, dest) {
        return Err(Error::misuse("a database cannot be backed up into itself"));
    }
    let dest_guard = dest.lock()?;
    let backup = {
        let source_guard = source.lock()?;
        // SAFETY: both connections are open and locked.
        let backup = unsafe {
            ffi::sqlite3_backup_init(
                dest.handle(&dest_guard),
                c"main".as_ptr(),
                source.handle(&source_guard),
                c"main".as_ptr(),
            )
        };
        if backup.is_null() {
            // The error is recorded on the destination connection.
            return Err(dest.error(&dest_guard, unsafe { ffi::sqlite3_errcode(dest.handle(&dest_guard)) }));
        }
        backup
    };
    let step = if pages_per_step <= 0 { -1 } else { pages_per_step as c_int };
    let outcome = loop {
        // Each step reads the source: hold its lock only for the step.
        let rc = {
            let _source_guard = match source.lock() {
                Ok(guard) => guard,
                Err(e) => break Err(e),
            };
            // SAFETY: `backup` is live until finish below; both connections are locked.
            unsafe { ffi::sqlite3_backup_step(backup, step) }
        };
        // SAFETY: as above.
        let (remaining, total) =
            unsafe { (ffi::sqlite3_backup_remaining(backup) as u64, ffi::sqlite3_backup_pagecount(backup) as u64) };
        match rc {
            ffi::SQLITE_DONE => {
                progress(BackupProgress { remaining: 0, total });
                break Ok(());
            }
            ffi::SQLITE_OK | ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED => {
                progress(BackupProgress { remaining, total });
                if !pause.is_zero() {
                    std::thread::sleep(pause);
                }
            }
            rc => break Err(Error::new(rc, "the backup failed")),
        }
    };
    // SAFETY: finishing the live backup once; its result carries the error, if any.
    let rc = unsafe { ffi::sqlite3_backup_finish(backup) };
    match outcome {
        Err(e) => Err(e),
        Ok(()) if rc != ffi::SQLITE_OK => Err(dest.error(&dest_guard, rc)),
        Ok(()) => Ok(()),
    }
}

pub(crate) fn unsupported() -> Error {
    Error::with_code(ErrorCode::Unsupported, "backup needs local databases on both sides (embedded or replica)")
}
