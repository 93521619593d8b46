//! SQLite's WAL file format: the 32-byte file header, the 24-byte frame header and the
//! cumulative checksum (<https://www.sqlite.org/fileformat.html#the_write_ahead_log>).
//!
//! Replication moves frames in exactly this format: the primary copies them verbatim from its
//! WAL into the frame log, and `GET /sync/…` serves them as they are (the format the official
//! `libsql` crate's replicas read).

/// The page size replication works with (the SQLite default, and what libSQL's sync protocol
/// fixes).
pub const PAGE_SIZE: usize = 4096;
/// The size of a frame header.
pub const FRAME_HEADER_SIZE: usize = 24;
/// The size of one frame: header plus page.
pub const FRAME_SIZE: usize = FRAME_HEADER_SIZE + PAGE_SIZE;
/// The size of the WAL file header.
pub const WAL_HEADER_SIZE: usize = 32;

/// The page SQLite never uses in a database over 1 GiB (it holds the locking bytes):
/// `sqlite_dbpage` reads it as zeros and refuses to write it.
pub const LOCK_BYTE_PAGE: u32 = (0x4000_0000 / PAGE_SIZE as u32) + 1;

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// The header of a WAL file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalHeader {
    /// Whether checksums are computed on big-endian words (magic `0x377f0683`).
    pub big_endian_checksum: bool,
    pub page_size: u32,
    pub checkpoint_sequence: u32,
    /// The salts; they change whenever SQLite restarts the WAL, so they name a WAL "segment".
    pub salts: [u32; 2],
    /// The checksum of the header, which seeds the checksum of frame 1.
    pub checksum: [u32; 2],
}

impl WalHeader {
    /// Parses a WAL header; `None` if the magic number or its own checksum is wrong.
    pub fn parse(bytes: &[u8]) -> Option<WalHeader> {
        if bytes.len() < WAL_HEADER_SIZE {
            return None;
        }
        let magic = be32(bytes, 0);
        if magic & !1 != 0x377f_0682 {
            return None;
        }
        let big_endian_checksum = magic & 1 == 1;
        let header = WalHeader {
            big_endian_checksum,
            page_size: be32(bytes, 8),
            checkpoint_sequence: be32(bytes, 12),
            salts: [be32(bytes, 16), be32(bytes, 20)],
            checksum: [be32(bytes, 24), be32(bytes, 28)],
        };
        (checksum(big_endian_checksum, [0, 0], &bytes[..24]) == header.checksum).then_some(header)
    }
}

/// The header of one frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameHeader {
    /// The page this frame holds.
    pub page_no: u32,
    /// For the last frame of a transaction (a commit frame): the database size in pages after
    /// the commit; 0 otherwise.
    pub size_after: u32,
    pub salts: [u32; 2],
    /// The cumulative checksum up to and including this frame.
    pub checksum: [u32; 2],
}

impl FrameHeader {
    /// Reads the header at the start of `frame` (which must hold at least 24 bytes).
    pub fn parse(frame: &[u8]) -> FrameHeader {
        FrameHeader {
            page_no: be32(frame, 0),
            size_after: be32(frame, 4),
            salts: [be32(frame, 8), be32(frame, 12)],
            checksum: [be32(frame, 16), be32(frame, 20)],
        }
    }

    /// Whether this frame ends a transaction.
    pub fn is_commit(&self) -> bool {
        self.size_after != 0
    }
}

/// SQLite's WAL checksum of `data` (a multiple of 8 bytes), continuing from `seed`.
pub fn checksum(big_endian: bool, seed: [u32; 2], data: &[u8]) -> [u32; 2] {
    debug_assert_eq!(data.len() % 8, 0);
    let [mut s0, mut s1] = seed;
    let word = |chunk: &[u8]| {
        let bytes = [chunk[0], chunk[1], chunk[2], chunk[3]];
        if big_endian {
            u32::from_be_bytes(bytes)
        } else {
            u32::from_le_bytes(bytes)
        }
    };
    for pair in data.chunks_exact(8) {
        s0 = s0.wrapping_add(word(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(word(&pair[4..])).wrapping_add(s0);
    }
    [s0, s1]
}

/// Checks one frame against the running checksum `seed` and the segment's salts; returns the
/// new running checksum, or `None` if the frame is not a valid continuation.
pub fn verify_frame(big_endian: bool, seed: [u32; 2], salts: [u32; 2], frame: &[u8]) -> Option<[u32; 2]> {
    let header = FrameHeader::parse(frame);
    if header.salts != salts {
        return None;
    }
    let sum = checksum(big_endian, checksum(big_endian, seed, &frame[..8]), &frame[FRAME_HEADER_SIZE..]);
    (sum == header.checksum).then_some(sum)
}

/// The schema cookie of a database whose page 1 is `page`.
pub fn schema_cookie(page1: &[u8]) -> u32 {
    be32(page1, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_matches_sqlite_on_a_real_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);",
        )
        .unwrap();
        let wal = std::fs::read(dir.path().join("t.db-wal")).unwrap();
        let header = WalHeader::parse(&wal).expect("a valid WAL header");
        assert_eq!(header.page_size as usize, PAGE_SIZE);
        let mut sum = header.checksum;
        let mut commits = 0;
        for frame in wal[WAL_HEADER_SIZE..].chunks_exact(FRAME_SIZE) {
            sum = verify_frame(header.big_endian_checksum, sum, header.salts, frame).expect("valid frame");
            commits += usize::from(FrameHeader::parse(frame).is_commit());
        }
        assert_eq!(commits, 2);
        // A flipped byte in a page breaks the chain.
        let mut bad = wal[WAL_HEADER_SIZE..WAL_HEADER_SIZE + FRAME_SIZE].to_vec();
        bad[100] ^= 1;
        assert_eq!(verify_frame(header.big_endian_checksum, header.checksum, header.salts, &bad), None);
    }
}
