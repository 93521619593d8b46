//! The core's embedded path against raw rusqlite, on the same SQLite build and workload:
//! insert 100k rows in one transaction with a prepared statement, 100k point selects by primary
//! key, and a full scan of 100k rows into values. Rounds alternate between the two; the table
//! shows medians. Run: `cargo run --release -p edgelite-bench --bin embedded [-- --rounds N]`;
//! add `-- --instructions` for callgrind instruction counts, which do not vary from run to run.

use std::hint::black_box;
use std::path::Path;

use edgelite_bench::{median, report, rounds, time, Comparison};

const ROWS: i64 = 100_000;
const SETUP: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                     CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL NOT NULL);";
const INSERT: &str = "INSERT INTO t(id, name, score) VALUES (?1, ?2, ?3)";
const SELECT_ONE: &str = "SELECT id, name, score FROM t WHERE id = ?1";
const SCAN: &str = "SELECT id, name, score FROM t";

struct Data {
    names: Vec<String>,
    keys: Vec<i64>,
}

fn data() -> Data {
    let names = (0..ROWS).map(|i| format!("name-{i:08}")).collect();
    // A fixed pseudo-random order, so point selects do not just walk the table.
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let keys = (0..ROWS)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % ROWS as u64) as i64 + 1
        })
        .collect();
    Data { names, keys }
}

mod ours {
    use super::*;
    use edgelite::{params, Builder, Connection, Value};

    pub fn open(path: &Path) -> Connection {
        let conn = Builder::local(path).build().unwrap().connect().unwrap();
        conn.execute_batch(SETUP).unwrap();
        conn
    }

    #[inline(never)]
    pub fn insert(conn: &Connection, data: &Data) {
        let tx = conn.transaction().unwrap();
        let mut stmt = tx.prepare(INSERT).unwrap();
        for (i, name) in data.names.iter().enumerate() {
            stmt.execute(params![i as i64 + 1, name, i as f64 * 0.5]).unwrap();
        }
        drop(stmt);
        tx.commit().unwrap();
    }

    #[inline(never)]
    pub fn point_selects(conn: &Connection, data: &Data) {
        let mut stmt = conn.prepare(SELECT_ONE).unwrap();
        for key in &data.keys {
            let row = stmt.query_row([key], |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<f64>(2)?))).unwrap();
            black_box(row);
        }
    }

    #[inline(never)]
    pub fn scan(conn: &Connection) -> Vec<Vec<Value>> {
        let mut stmt = conn.prepare(SCAN).unwrap();
        let mut rows = stmt.query(()).unwrap();
        let mut out = Vec::with_capacity(ROWS as usize);
        while let Some(row) = rows.next().unwrap() {
            out.push(row.to_values());
        }
        out
    }
}

mod raw {
    use super::*;
    use rusqlite::types::Value;
    use rusqlite::{params, Connection};

    pub fn open(path: &Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(SETUP).unwrap();
        conn
    }

    #[inline(never)]
    pub fn insert(conn: &mut Connection, data: &Data) {
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx.prepare(INSERT).unwrap();
            for (i, name) in data.names.iter().enumerate() {
                stmt.execute(params![i as i64 + 1, name, i as f64 * 0.5]).unwrap();
            }
        }
        tx.commit().unwrap();
    }

    #[inline(never)]
    pub fn point_selects(conn: &Connection, data: &Data) {
        let mut stmt = conn.prepare(SELECT_ONE).unwrap();
        for key in &data.keys {
            let row = stmt
                .query_row([key], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, f64>(2)?)))
                .unwrap();
            black_box(row);
        }
    }

    #[inline(never)]
    pub fn scan(conn: &Connection) -> Vec<Vec<Value>> {
        let mut stmt = conn.prepare(SCAN).unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut out = Vec::with_capacity(ROWS as usize);
        while let Some(row) = rows.next().unwrap() {
            out.push((0..3).map(|i| row.get::<_, Value>(i).unwrap()).collect());
        }
        out
    }
}

/// Counts the instructions each side executes per workload with callgrind: deterministic,
/// unlike wall-clock time on a shared 2-core machine.
fn instructions() {
    let exe = std::env::current_exe().unwrap();
    let count = |side: &str, workload: &str| -> u64 {
        let out_file = tempfile::NamedTempFile::new().unwrap();
        let out = std::process::Command::new("valgrind")
            .args(["--tool=callgrind", &format!("--callgrind-out-file={}", out_file.path().display())])
            .arg(format!("--toggle-collect=embedded::{side}::{workload}"))
            .arg(&exe)
            .args(["--only", side])
            .output()
            .expect("valgrind is needed for --instructions");
        let stderr = String::from_utf8_lossy(&out.stderr);
        stderr
            .lines()
            .find_map(|l| l.split("Collected :").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no instruction count from valgrind: {stderr}"))
    };
    println!("embedded: instructions executed (callgrind), edgelite core vs raw rusqlite");
    println!("{:<34} {:>14} {:>14} {:>8}", "workload", "edgelite", "rusqlite", "ratio");
    for (name, workload) in [
        ("insert 100k rows, one transaction", "insert"),
        ("100k point selects by primary key", "point_selects"),
        ("full scan of 100k rows into values", "scan"),
    ] {
        let (ours, raw) = (count("ours", workload), count("raw", workload));
        println!("{name:<34} {ours:>14} {raw:>14} {:>8.3}", ours as f64 / raw as f64);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `--only ours|raw`: run one side's workloads once (what `--instructions` measures).
    if let Some(i) = args.iter().position(|a| a == "--only") {
        let data = data();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("only.db");
        if args.get(i + 1).map(String::as_str) == Some("ours") {
            let c = ours::open(&path);
            ours::insert(&c, &data);
            ours::point_selects(&c, &data);
            black_box(ours::scan(&c));
        } else {
            let mut c = raw::open(&path);
            raw::insert(&mut c, &data);
            raw::point_selects(&c, &data);
            black_box(raw::scan(&c));
        }
        return;
    }
    if args.iter().any(|a| a == "--instructions") {
        instructions();
        return;
    }
    let rounds = rounds(9);
    let data = data();
    let (mut insert, mut select, mut scan) = ([vec![], vec![]], [vec![], vec![]], [vec![], vec![]]);
    for round in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        let ours = ours::open(&dir.path().join("ours.db"));
        let mut raw = raw::open(&dir.path().join("raw.db"));
        // Alternate which side goes first, so warm caches favour neither.
        for side in [round % 2, 1 - round % 2] {
            if side == 0 {
                insert[0].push(time(|| ours::insert(&ours, &data)));
                select[0].push(time(|| ours::point_selects(&ours, &data)));
                scan[0].push(time(|| assert_eq!(black_box(ours::scan(&ours)).len(), ROWS as usize)));
            } else {
                insert[1].push(time(|| raw::insert(&mut raw, &data)));
                select[1].push(time(|| raw::point_selects(&raw, &data)));
                scan[1].push(time(|| assert_eq!(black_box(raw::scan(&raw)).len(), ROWS as usize)));
            }
        }
    }
    let row =
        |workload, [ours, theirs]: [Vec<_>; 2]| Comparison { workload, ours: median(ours), theirs: median(theirs) };
    report(
        &format!("embedded: edgelite core vs raw rusqlite, median of {rounds} rounds"),
        "rusqlite",
        &[
            row("insert 100k rows, one transaction", insert),
            row("100k point selects by primary key", select),
            row("full scan of 100k rows into values", scan),
        ],
    );
}
