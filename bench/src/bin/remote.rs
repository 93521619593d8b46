//! The core's remote mode against a real server: point selects and inserts over HTTP and
//! WebSocket, from 1 and from 32 threads (one connection each), as operations per second and
//! p50/p99 latency.
//!
//! ```text
//! cargo run --release -p edgelite-bench --bin remote -- [--duration SECONDS] [--threads 1,32]
//! ```

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use edgelite::Database;
use edgelite_bench::{arg, percentile};

const ROWS: i64 = 10_000;

fn main() {
    let duration = Duration::from_secs_f64(arg("--duration").and_then(|d| d.parse().ok()).unwrap_or(3.0));
    let threads: Vec<usize> =
        arg("--threads").unwrap_or_else(|| "1,32".into()).split(',').filter_map(|n| n.trim().parse().ok()).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = edgelite_server::Config::new(data.path().join("data"), "127.0.0.1:0".parse().unwrap());
    let server = runtime.block_on(edgelite_server::Server::start(config)).expect("the server starts");
    let addr = server.local_addr();

    let setup = Database::open(&format!("http://{addr}")).unwrap().connect().unwrap();
    setup
        .execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE w(id INTEGER PRIMARY KEY, v TEXT);",
        )
        .unwrap();
    setup
        .execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) \
             INSERT INTO t SELECT i, printf('value %d', i) FROM n",
            [ROWS],
        )
        .unwrap();

    println!("remote mode: the core's client against edgelite serve on loopback, {duration:?} per run");
    println!("{:<28} {:>8} {:>12} {:>10} {:>10}", "workload", "threads", "ops/s", "p50", "p99");
    for transport in ["http", "ws"] {
        let url = format!("{transport}://{addr}");
        for &n in &threads {
            for (name, sql) in [
                ("point select", "SELECT v FROM t WHERE id = ?"),
                ("insert (autocommit)", "INSERT INTO w(v) VALUES (?)"),
            ] {
                let (ops, mut latencies) = run(&url, n, duration, sql);
                latencies.sort();
                println!(
                    "{:<28} {:>8} {:>12.0} {:>8.0}µs {:>8.0}µs",
                    format!("{transport}: {name}"),
                    n,
                    ops as f64 / duration.as_secs_f64(),
                    percentile(&latencies, 50.0).as_secs_f64() * 1e6,
                    percentile(&latencies, 99.0).as_secs_f64() * 1e6,
                );
            }
        }
    }
    runtime.block_on(server.shutdown());
}

/// Runs `sql` from `threads` threads for `duration`; returns the operations done and each
/// operation's latency.
fn run(url: &str, threads: usize, duration: Duration, sql: &'static str) -> (usize, Vec<Duration>) {
    let db = Arc::new(Database::open(url).unwrap());
    let start = Arc::new(Barrier::new(threads));
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (db, start) = (db.clone(), start.clone());
            std::thread::spawn(move || {
                let conn = db.connect().unwrap();
                // Warm up: the first request opens the stream (and probes the HTTP flavor).
                conn.query_row("SELECT 1", (), |r| r.get::<i64>(0)).unwrap();
                start.wait();
                let mut latencies = Vec::new();
                let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ t as u64;
                let end = Instant::now() + duration;
                while Instant::now() < end {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let id = (x % ROWS as u64) as i64 + 1;
                    let began = Instant::now();
                    if sql.starts_with("SELECT") {
                        conn.query_row(sql, [id], |r| r.get::<String>(0)).unwrap();
                    } else {
                        conn.execute(sql, [format!("row {id}")]).unwrap();
                    }
                    latencies.push(began.elapsed());
                }
                latencies
            })
        })
        .collect();
    let latencies: Vec<Duration> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    (latencies.len(), latencies)
}
