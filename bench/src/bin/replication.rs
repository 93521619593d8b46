//! Replication: what capturing frames costs a primary's commits, how fast a replica catches
//! up, and how far a following replica lags under a write load.
//!
//! ```text
//! cargo run --release -p edgelite-bench --bin replication -- [--rounds N] [--rate COMMITS_PER_S]
//! ```
//!
//! 1. **Capture overhead**: the same transactions on a plain WAL database and on a primary
//!    (both `synchronous=FULL`, the primary's durability rule), as a ratio of medians; once
//!    with 100 transactions of 1000 rows with a random indexed key (about 250 pages each), once
//!    with 2000 single-row commits.
//! 2. **Catch-up**: a replica that is current, then the primary commits a backlog; one
//!    `sync()` applies it; frames/s and MB/s.
//! 3. **Lag**: a replica following with a long poll (`follow(true)`) while a writer commits at
//!    a steady rate; the time from a commit's acknowledgement to the row being readable on the
//!    replica (p50, p99, max).

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use edgelite::wal::PrimaryOptions;
use edgelite::{Builder, Connection, Database};
use edgelite_bench::{arg, median, percentile, rounds, time};

fn main() {
    let rounds = rounds(5);
    capture_overhead(rounds);
    println!();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = edgelite_server::Config::new(data.path().join("data"), "127.0.0.1:0".parse().unwrap());
    let server = runtime.block_on(edgelite_server::Server::start(config)).expect("the server starts");
    let url = format!("http://{}", server.local_addr());
    catch_up(&url, rounds);
    println!();
    lag(&url, arg("--rate").and_then(|r| r.parse().ok()).unwrap_or(200.0));
    runtime.block_on(server.shutdown());
}

fn big_transactions(conn: &Connection, seed: u64) {
    let mut x = seed | 1;
    for _ in 0..100 {
        conn.execute("BEGIN", ()).unwrap();
        for _ in 0..1000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            conn.execute("INSERT INTO t(k, v) VALUES (?, ?)", edgelite::params![(x >> 1) as i64, "v".repeat(100)])
                .unwrap();
        }
        conn.execute("COMMIT", ()).unwrap();
    }
}

fn small_commits(conn: &Connection) {
    for i in 0..2000 {
        conn.execute("INSERT INTO t(k, v) VALUES (?, 'x')", [i]).unwrap();
    }
}

fn open(dir: &std::path::Path, primary: bool) -> (Database, Connection) {
    let path = dir.join("db.sqlite");
    let builder = Builder::local(&path);
    let db = if primary { builder.primary(PrimaryOptions::default()) } else { builder }.build().unwrap();
    let conn = db.connect().unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT); CREATE INDEX t_k ON t(k);",
    )
    .unwrap();
    (db, conn)
}

fn capture_overhead(rounds: usize) {
    println!("capture overhead on the commit path ({rounds} rounds, medians; both synchronous=FULL)");
    println!("{:<36} {:>12} {:>12} {:>8}", "workload", "primary", "plain WAL", "ratio");
    type Workload = fn(&Connection);
    let workloads: [(&str, Workload); 2] = [
        ("100 txns x 1000 rows, random index", |c| big_transactions(c, 7)),
        ("2000 single-row commits", small_commits),
    ];
    for (name, workload) in workloads {
        let (mut ours, mut plain) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            // Alternate the order so neither side always runs on a warmer cache.
            for primary in if round % 2 == 0 { [true, false] } else { [false, true] } {
                let dir = tempfile::tempdir().unwrap();
                let (_db, conn) = open(dir.path(), primary);
                let took = time(|| workload(&conn));
                if primary { &mut ours } else { &mut plain }.push(took);
            }
        }
        let (ours, plain) = (median(ours), median(plain));
        println!(
            "{:<36} {:>10.0}ms {:>10.0}ms {:>8.3}",
            name,
            ours.as_secs_f64() * 1e3,
            plain.as_secs_f64() * 1e3,
            ours.as_secs_f64() / plain.as_secs_f64()
        );
    }
}

fn catch_up(url: &str, rounds: usize) {
    println!("replica catch-up: one sync() applying a backlog of 100 transactions x 1000 rows ({rounds} rounds)");
    let writer = Database::open(url).unwrap().connect().unwrap();
    let mut speeds = Vec::new();
    for round in 0..rounds {
        let table = format!("c{round}");
        writer.execute_batch(&format!("CREATE TABLE {table}(id INTEGER PRIMARY KEY, k INTEGER, v TEXT); CREATE INDEX {table}_k ON {table}(k);")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let replica = Builder::replica(dir.path().join("replica.db"), url).build().unwrap();
        replica.sync().unwrap();
        // The backlog, written through the primary's own server in big transactions.
        let mut x = 0x2545_F491_4F6C_DD1Du64 ^ round as u64;
        for _ in 0..100 {
            let mut values = String::new();
            for i in 0..1000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if i > 0 {
                    values.push(',');
                }
                values.push_str(&format!("({}, '{}')", (x >> 1) as i64, "v".repeat(100)));
            }
            writer.execute(&format!("INSERT INTO {table}(k, v) VALUES {values}"), ()).unwrap();
        }
        let started = Instant::now();
        let synced = replica.sync().unwrap();
        let took = started.elapsed();
        let mb = synced.frames_applied as f64 * 4120.0 / 1e6;
        speeds.push((synced.frames_applied as f64 / took.as_secs_f64(), mb / took.as_secs_f64(), synced, took));
    }
    speeds.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (frames_per_s, mb_per_s, synced, took) = &speeds[speeds.len() / 2];
    println!(
        "median: {} frames ({} transactions) in {:.0}ms = {:.0} frames/s, {:.1} MB/s",
        synced.frames_applied,
        synced.transactions_applied,
        took.as_secs_f64() * 1e3,
        frames_per_s,
        mb_per_s
    );
}

fn lag(url: &str, rate: f64) {
    let seconds = 5.0;
    println!("lag of a following replica (long poll) while a writer commits {rate:.0} times/s for {seconds}s");
    let writer = Database::open(url).unwrap().connect().unwrap();
    writer.execute_batch("CREATE TABLE lag(id INTEGER PRIMARY KEY, v TEXT)").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let replica = Builder::replica(dir.path().join("replica.db"), url).follow(true).build().unwrap();
    replica.sync().unwrap();
    let reader = replica.connect().unwrap();
    let total = (rate * seconds) as i64;
    let acked: Arc<Vec<AtomicI64>> = Arc::new((0..total).map(|_| AtomicI64::new(0)).collect());
    let done = Arc::new(AtomicBool::new(false));
    let epoch = Instant::now();
    let writer_thread = {
        let (acked, done) = (acked.clone(), done.clone());
        std::thread::spawn(move || {
            for i in 0..total {
                let due = Duration::from_secs_f64(i as f64 / rate);
                if let Some(wait) = due.checked_sub(epoch.elapsed()) {
                    std::thread::sleep(wait);
                }
                writer.execute("INSERT INTO lag(id, v) VALUES (?, 'x')", [i + 1]).unwrap();
                acked[i as usize].store(epoch.elapsed().as_micros() as i64, Ordering::Release);
            }
            done.store(true, Ordering::Release);
        })
    };
    let mut lags = Vec::with_capacity(total as usize);
    let mut seen = 0i64;
    let deadline = Instant::now() + Duration::from_secs_f64(seconds + 30.0);
    while seen < total && Instant::now() < deadline {
        let max: i64 = reader.query_row("SELECT coalesce(max(id), 0) FROM lag", (), |r| r.get(0)).unwrap();
        let now = epoch.elapsed().as_micros() as i64;
        for id in seen + 1..=max {
            let ack = acked[(id - 1) as usize].load(Ordering::Acquire);
            // Visible before the writer recorded the acknowledgement: count it as no lag.
            lags.push(Duration::from_micros(if ack == 0 { 0 } else { (now - ack).max(0) as u64 }));
        }
        seen = seen.max(max);
        std::thread::sleep(Duration::from_micros(200));
    }
    writer_thread.join().unwrap();
    lags.sort();
    println!(
        "{} commits seen on the replica: lag p50 {:.1}ms, p99 {:.1}ms, max {:.1}ms",
        lags.len(),
        percentile(&lags, 50.0).as_secs_f64() * 1e3,
        percentile(&lags, 99.0).as_secs_f64() * 1e3,
        lags.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    let _ = done;
}
