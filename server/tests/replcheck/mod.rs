//! Checks that a replica matches its primary, shared by the replication test files (the CLI's
//! fault tests include this file by path). Everything goes through `edgelite::Connection`, so
//! the same helpers read a primary directly, a primary over Hrana, or a replica's local file.
//!
//! - [`digest`]: the logical content — the schema, `user_version`, and every row of every
//!   table (an order-independent hash per table plus its row count);
//! - [`pages`]: every page through `sqlite_dbpage`, with page 1's change counter (bytes 24..28)
//!   and version-valid-for / SQLite version (92..100) masked: SQLite rewrites them on each side
//!   when it commits page 1, so they are not reproducible (reference/replication.md §5, 3);
//! - [`integrity`]: `PRAGMA integrity_check`.
#![allow(dead_code)]

use edgelite::{Connection, ValueRef};

/// The logical content of a database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    /// `type|name|tbl_name|sql` of every schema object, sorted by name.
    pub schema: Vec<String>,
    pub user_version: i64,
    /// Per table (sorted by name): the row count and the wrapping sum of the rows' hashes.
    pub tables: Vec<(String, u64, u64)>,
}

/// FNV-1a, 64 bits.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

fn hash_value(h: &mut Fnv, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => h.write(&[0]),
        ValueRef::Integer(i) => {
            h.write(&[1]);
            h.write(&i.to_le_bytes());
        }
        ValueRef::Real(f) => {
            h.write(&[2]);
            h.write(&f.to_bits().to_le_bytes());
        }
        ValueRef::Text(t) => {
            h.write(&[3]);
            h.write(&(t.len() as u64).to_le_bytes());
            h.write(t);
        }
        ValueRef::Blob(b) => {
            h.write(&[4]);
            h.write(&(b.len() as u64).to_le_bytes());
            h.write(b);
        }
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The logical content of the database `conn` reads (in its current transaction, if any).
pub fn digest(conn: &Connection) -> Result<Digest, edgelite::Error> {
    let mut schema = Vec::new();
    let mut tables = Vec::new();
    let mut rows =
        conn.query("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY name, type", ())?;
    while let Some(row) = rows.next()? {
        let (kind, name): (String, String) = (row.get(0)?, row.get(1)?);
        schema.push(format!("{kind}|{name}|{}|{}", row.get::<String>(2)?, row.get::<String>(3)?));
        if kind == "table" {
            tables.push(name);
        }
    }
    drop(rows);
    let user_version = conn.query_row("PRAGMA user_version", (), |r| r.get(0))?;
    let mut summary = Vec::new();
    for table in tables {
        let mut rows = conn.query(&format!("SELECT * FROM {}", quote(&table)), ())?;
        let (mut count, mut sum) = (0u64, 0u64);
        while let Some(row) = rows.next()? {
            let mut h = Fnv::new();
            for i in 0..row.column_count() {
                hash_value(&mut h, row.get_ref(i)?);
            }
            count += 1;
            sum = sum.wrapping_add(h.0);
        }
        summary.push((table, count, sum));
    }
    Ok(Digest { schema, user_version, tables: summary })
}

/// Every page of the database (index `pgno - 1`), page 1 masked, read in one statement.
pub fn pages(conn: &Connection) -> Result<Vec<Vec<u8>>, edgelite::Error> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut rows = conn.query("SELECT pgno, data FROM sqlite_dbpage ORDER BY pgno", ())?;
    while let Some(row) = rows.next()? {
        let pgno: i64 = row.get(0)?;
        let ValueRef::Blob(data) = row.get_ref(1)? else { panic!("sqlite_dbpage: page {pgno} is not a blob") };
        assert_eq!(pgno as usize, out.len() + 1, "sqlite_dbpage skipped a page");
        let mut page = data.to_vec();
        if pgno == 1 {
            page[24..28].fill(0);
            page[92..100].fill(0);
        }
        out.push(page);
    }
    Ok(out)
}

/// `Ok` if both page images are equal; otherwise where they first differ.
pub fn compare_pages(primary: &[Vec<u8>], replica: &[Vec<u8>]) -> Result<(), String> {
    if primary.len() != replica.len() {
        return Err(format!("page count: primary {} replica {}", primary.len(), replica.len()));
    }
    let differing: Vec<usize> = (0..primary.len()).filter(|&i| primary[i] != replica[i]).map(|i| i + 1).collect();
    match differing.first() {
        None => Ok(()),
        Some(&first) => {
            let offset = (0..primary[first - 1].len()).find(|&o| primary[first - 1][o] != replica[first - 1][o]);
            Err(format!(
                "{} of {} pages differ; first: page {first} at byte {offset:?} (all: {:?})",
                differing.len(),
                primary.len(),
                &differing[..differing.len().min(20)]
            ))
        }
    }
}

/// `PRAGMA integrity_check`, its lines joined.
pub fn integrity(conn: &Connection) -> Result<String, edgelite::Error> {
    let rows = conn.query("PRAGMA integrity_check", ())?.collect_values()?;
    Ok(rows
        .iter()
        .map(|r| match &r[0] {
            edgelite::Value::Text(t) => t.clone(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Asserts that `replica` (a replica connection, outside any transaction) matches `primary`:
/// integrity, logical content and masked pages. Returns the primary's digest.
pub fn assert_replica_matches(primary: &Connection, replica: &Connection, context: &str) -> Digest {
    let integrity = integrity(replica).unwrap_or_else(|e| panic!("{context}: integrity_check on the replica: {e}"));
    assert_eq!(integrity, "ok", "{context}: the replica's integrity_check");
    let expected = digest(primary).unwrap_or_else(|e| panic!("{context}: digest of the primary: {e}"));
    let actual = digest(replica).unwrap_or_else(|e| panic!("{context}: digest of the replica: {e}"));
    assert_eq!(actual, expected, "{context}: the replica's content differs from the primary's");
    let primary_pages = pages(primary).unwrap_or_else(|e| panic!("{context}: pages of the primary: {e}"));
    let replica_pages = pages(replica).unwrap_or_else(|e| panic!("{context}: pages of the replica: {e}"));
    if let Err(difference) = compare_pages(&primary_pages, &replica_pages) {
        panic!("{context}: the replica's pages differ from the primary's: {difference}");
    }
    expected
}

/// A small seeded generator (SplitMix64), so a failing run can be replayed from its seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}
