//! The frames of a primary transaction whose commit frame has not arrived yet. A small
//! transaction stays in memory; once it passes [`SPILL_BYTES`] its frames go to a file next to
//! the replica (`<db>-replica.pending`), so applying a transaction of any size takes bounded
//! memory: only each frame's page number stays in memory.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::apply::sync_error;
use crate::error::Result;
use crate::wal::frame::{FrameHeader, FRAME_HEADER_SIZE, FRAME_SIZE, PAGE_SIZE};

/// Transactions larger than this (16 MiB, about 4000 pages) are kept in a file.
pub(crate) const SPILL_BYTES: usize = 16 << 20;

pub(crate) struct PendingTransaction {
    spill_path: PathBuf,
    spill_at: usize,
    /// The frames while the transaction is small.
    memory: Vec<u8>,
    /// The frames once it is not.
    spilled: Option<File>,
    /// Each frame's page number, in arrival order.
    pages: Vec<u32>,
    /// The header of the newest frame.
    last: Option<FrameHeader>,
}

impl PendingTransaction {
    /// Frames past `spill_at` bytes go to `spill_path`.
    pub(crate) fn new(spill_path: PathBuf, spill_at: usize) -> PendingTransaction {
        PendingTransaction { spill_path, spill_at, memory: Vec::new(), spilled: None, pages: Vec::new(), last: None }
    }

    /// The number of frames held.
    pub(crate) fn frames(&self) -> u64 {
        self.pages.len() as u64
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The header of the newest frame: a commit frame ends the transaction.
    pub(crate) fn last(&self) -> Option<FrameHeader> {
        self.last
    }

    /// Adds one whole frame.
    pub(crate) fn push(&mut self, frame: &[u8]) -> Result<()> {
        if frame.len() != FRAME_SIZE {
            return Err(sync_error(format!("a frame has {} bytes, not {FRAME_SIZE}", frame.len())));
        }
        let header = FrameHeader::parse(frame);
        if header.page_no == 0 {
            return Err(sync_error("a frame names page 0"));
        }
        if self.spilled.is_none() && self.memory.len() + FRAME_SIZE > self.spill_at {
            self.spill()?;
        }
        match &mut self.spilled {
            // At the end: reading pages moves the file's cursor.
            Some(file) => file
                .seek(SeekFrom::End(0))
                .and_then(|_| file.write_all(frame))
                .map_err(|e| self.io_error("write", e))?,
            None => self.memory.extend_from_slice(frame),
        }
        self.pages.push(header.page_no);
        self.last = Some(header);
        Ok(())
    }

    /// Moves the frames held in memory to the spill file, which takes every later frame.
    fn spill(&mut self) -> Result<()> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&self.spill_path)
            .map_err(|e| self.io_error("create", e))?;
        file.write_all(&self.memory).map_err(|e| self.io_error("write", e))?;
        self.memory = Vec::new();
        self.spilled = Some(file);
        Ok(())
    }

    /// Each page the transaction writes with the index of its last copy (the last copy wins),
    /// in page order.
    pub(crate) fn last_copies(&self) -> std::collections::BTreeMap<u32, usize> {
        self.pages.iter().enumerate().map(|(index, &page_no)| (page_no, index)).collect()
    }

    /// The page that frame `index` holds; `buffer` holds it when it is read from the file.
    pub(crate) fn page<'a>(&'a self, index: usize, buffer: &'a mut [u8; PAGE_SIZE]) -> Result<&'a [u8]> {
        let start = index * FRAME_SIZE + FRAME_HEADER_SIZE;
        match &self.spilled {
            None => Ok(&self.memory[start..start + PAGE_SIZE]),
            Some(file) => {
                let mut file: &File = file;
                file.seek(SeekFrom::Start(start as u64))
                    .and_then(|_| file.read_exact(buffer))
                    .map_err(|e| self.io_error("read", e))?;
                Ok(&buffer[..])
            }
        }
    }

    /// Forgets every frame (and removes the spill file).
    pub(crate) fn clear(&mut self) {
        self.memory = Vec::new();
        self.pages = Vec::new();
        self.last = None;
        if self.spilled.take().is_some() {
            let _ = std::fs::remove_file(&self.spill_path);
        }
    }

    fn io_error(&self, what: &str, e: std::io::Error) -> crate::Error {
        sync_error(format!("cannot {what} {} (a large transaction's frames): {e}", self.spill_path.display()))
    }
}

impl Drop for PendingTransaction {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(page_no: u32, size_after: u32, fill: u8) -> Vec<u8> {
        let mut frame = vec![fill; FRAME_SIZE];
        frame[..4].copy_from_slice(&page_no.to_be_bytes());
        frame[4..8].copy_from_slice(&size_after.to_be_bytes());
        frame
    }

    fn read_all(pending: &PendingTransaction) -> Vec<(u32, u8)> {
        let mut buffer = [0u8; PAGE_SIZE];
        pending
            .last_copies()
            .into_iter()
            .map(|(page_no, index)| {
                let page = pending.page(index, &mut buffer).unwrap();
                assert!(page.iter().all(|&b| b == page[0]), "page {page_no} is whole");
                (page_no, page[0])
            })
            .collect()
    }

    #[test]
    fn a_large_transaction_moves_to_a_file_and_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db-replica.pending");
        // Spill after two frames.
        let mut pending = PendingTransaction::new(path.clone(), 2 * FRAME_SIZE);
        let frames = [frame(3, 0, 1), frame(1, 0, 2), frame(3, 0, 3), frame(7, 0, 4), frame(2, 9, 5)];
        for (i, f) in frames.iter().enumerate() {
            pending.push(f).unwrap();
            assert_eq!(path.exists(), i >= 2, "spilled from the third frame on");
        }
        assert_eq!(pending.frames(), 5);
        assert!(pending.last().unwrap().is_commit());
        // The last copy of page 3 wins; pages come in order.
        assert_eq!(read_all(&pending), vec![(1, 2), (2, 5), (3, 3), (7, 4)]);
        pending.clear();
        assert!(!path.exists() && pending.is_empty() && pending.last().is_none());

        // Reused after a clear, in memory again.
        pending.push(&frame(4, 4, 9)).unwrap();
        assert!(!path.exists());
        assert_eq!(read_all(&pending), vec![(4, 9)]);
        pending.push(&frame(5, 0, 8)).unwrap();
        pending.push(&frame(6, 0, 7)).unwrap();
        assert!(path.exists());
        drop(pending);
        assert!(!path.exists(), "dropping removes the file");
    }

    #[test]
    fn bad_frames_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut pending = PendingTransaction::new(dir.path().join("p"), SPILL_BYTES);
        assert!(pending.push(&[0u8; 100]).is_err());
        assert!(pending.push(&frame(0, 1, 0)).is_err());
        assert!(pending.is_empty());
    }
}
