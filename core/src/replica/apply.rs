//! Applying a primary's transactions to the replica file, page by page, through SQLite's
//! `sqlite_dbpage` virtual table.
//!
//! Each primary transaction becomes one local transaction on a dedicated connection, so local
//! readers always see a state the primary had. The rules (each found the hard way, see
//! `reference/replication.md` §3 and §5):
//! (a) page 1 is written carrying the *old* schema cookie, so no statement of the transaction
//!     sees the cookie change and reloads the schema from half-written pages;
//! (b) a shrink (`INSERT … VALUES (size + 1, NULL)`) is the last `sqlite_dbpage` write, alone
//!     in its statement — a later page write silently cancels it;
//! (c) the new cookie is installed at the end with `PRAGMA schema_version`, which goes through
//!     the b-tree and keeps the shrink;
//! (d) after COMMIT the applier drops its page cache (`PRAGMA shrink_memory`), and re-reads the
//!     schema when the cookie changed — `sqlite_dbpage` does not invalidate either.

use std::sync::Arc;

use super::pending::PendingTransaction;
use crate::error::{Error, ErrorCode, Result};
use crate::local::{LocalStatement, RawConnection};
use crate::value::ValueRef;
use crate::wal::frame::{schema_cookie, FrameHeader, LOCK_BYTE_PAGE, PAGE_SIZE};

/// The replica's only writer.
pub(crate) struct Applier {
    conn: Arc<RawConnection>,
}

/// A transaction being written: pages go in as they come, page 1 at the end.
pub(crate) struct PageWriter<'a> {
    applier: &'a Applier,
    insert: LocalStatement,
    old_size: u32,
    old_cookie: u32,
    page1: Option<Vec<u8>>,
    finished: bool,
}

impl Applier {
    /// Takes the dedicated connection (read-write, never defensive); prepares an empty file to
    /// receive 4096-byte pages in WAL mode.
    pub(crate) fn new(conn: Arc<RawConnection>) -> Result<Applier> {
        if conn.query_i64("PRAGMA page_count")? == 0 {
            conn.exec(&format!("PRAGMA page_size = {PAGE_SIZE}"))?;
        }
        conn.exec("PRAGMA journal_mode = WAL")?;
        // A commit is durable before the replica records that it applied it.
        conn.exec("PRAGMA synchronous = FULL")?;
        let page_size = conn.query_i64("PRAGMA page_size")?;
        if page_size != PAGE_SIZE as i64 {
            return Err(Error::with_code(
                ErrorCode::Sync,
                format!("the replica file has {page_size}-byte pages; replication needs {PAGE_SIZE}"),
            ));
        }
        Ok(Applier { conn })
    }

    /// Whether the replica file holds no database yet.
    pub(crate) fn is_empty(&self) -> Result<bool> {
        Ok(self.conn.query_i64("PRAGMA page_count")? <= 1 && self.conn.query_i64("PRAGMA schema_version")? == 0)
    }

    /// Starts a transaction.
    pub(crate) fn begin(&self) -> Result<PageWriter<'_>> {
        self.conn.exec("BEGIN IMMEDIATE")?;
        let started = (|| {
            let old_size = self.conn.query_i64("PRAGMA page_count")? as u32;
            let old_cookie = self.conn.query_i64("PRAGMA schema_version")? as u32;
            let insert =
                LocalStatement::prepare(&self.conn, "INSERT INTO sqlite_dbpage(pgno, data) VALUES (?, ?)", false)?;
            Ok((old_size, old_cookie, insert))
        })();
        match started {
            Ok((old_size, old_cookie, insert)) => {
                Ok(PageWriter { applier: self, insert, old_size, old_cookie, page1: None, finished: false })
            }
            Err(e) => {
                let _ = self.conn.exec("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Applies one primary transaction, whose last frame is its commit frame. Returns the
    /// number of pages written.
    pub(crate) fn apply_transaction(&self, transaction: &PendingTransaction) -> Result<usize> {
        let Some(last) = transaction.last().filter(FrameHeader::is_commit) else {
            return Err(sync_error("a transaction must end with a commit frame"));
        };
        // The last copy of each page wins; pages past the new end are gone.
        let pages = transaction.last_copies();
        let mut writer = self.begin()?;
        let mut buffer = [0u8; PAGE_SIZE];
        for (&page_no, &index) in pages.range(..=last.size_after) {
            writer.write_page(page_no, transaction.page(index, &mut buffer)?)?;
        }
        writer.commit(last.size_after)?;
        Ok(pages.len())
    }
}

impl PageWriter<'_> {
    /// Writes one page (page 1 is held back until the end).
    pub(crate) fn write_page(&mut self, page_no: u32, page: &[u8]) -> Result<()> {
        if page.len() != PAGE_SIZE {
            return Err(sync_error(format!("page {page_no} has {} bytes, not {PAGE_SIZE}", page.len())));
        }
        if page_no == 1 {
            self.page1 = Some(page.to_vec());
            return Ok(());
        }
        if page_no == LOCK_BYTE_PAGE {
            // Never used by SQLite; sqlite_dbpage refuses it.
            return Ok(());
        }
        self.insert_page(page_no, page)
    }

    fn insert_page(&self, page_no: u32, page: &[u8]) -> Result<()> {
        let guard = self.insert.lock()?;
        self.insert.bind(&guard, &[ValueRef::Integer(i64::from(page_no)), ValueRef::Blob(page)])?;
        while self.insert.step(&guard)? {}
        self.insert.reset_locked(&guard);
        Ok(())
    }

    /// Finishes the transaction: page 1 with the old cookie, the shrink, the new cookie,
    /// COMMIT, and the applier's cache refresh.
    pub(crate) fn commit(mut self, size_after: u32) -> Result<()> {
        let conn = self.applier.conn.clone();
        let result = (|| {
            let mut new_cookie = self.old_cookie;
            if let Some(mut page1) = self.page1.take() {
                new_cookie = schema_cookie(&page1);
                page1[40..44].copy_from_slice(&self.old_cookie.to_be_bytes());
                self.insert_page(1, &page1)?;
            }
            if size_after < self.old_size {
                conn.exec(&format!("INSERT INTO sqlite_dbpage(pgno, data) VALUES ({}, NULL)", size_after + 1))?;
            }
            if new_cookie != self.old_cookie {
                conn.exec(&format!("PRAGMA schema_version = {new_cookie}"))?;
            }
            conn.exec("COMMIT")?;
            self.finished = true;
            conn.exec("PRAGMA shrink_memory")?;
            if new_cookie != self.old_cookie {
                conn.exec("PRAGMA writable_schema = RESET")?;
            }
            Ok(())
        })();
        if result.is_err() && !self.finished {
            let _ = conn.exec("ROLLBACK");
            self.finished = true;
        }
        result
    }
}

impl Drop for PageWriter<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.applier.conn.exec("ROLLBACK");
        }
    }
}

pub(crate) fn sync_error(message: impl Into<String>) -> Error {
    Error::with_code(ErrorCode::Sync, message)
}
