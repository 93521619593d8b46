//! Replication end to end: a real primary server, embedded replicas in the core syncing from
//! it over `/info`, `/export` and `/sync`, writes forwarded to the primary.

mod common;

use std::time::Duration;

use common::TestServer;
use edgelite::{Builder, Database, Value};

fn count(db: &Database, table: &str) -> i64 {
    db.connect().unwrap().query_row(&format!("SELECT count(*) FROM {table}"), (), |r| r.get(0)).unwrap()
}

/// Runs blocking core calls off the test's async runtime.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replica_bootstraps_pulls_and_reads_its_writes() {
    let server = TestServer::start().await;
    let url = server.http_url();
    let dir = tempfile::tempdir().unwrap();
    let replica_path = dir.path().join("replica.db");
    blocking(move || {
        let primary = Database::open(&url).unwrap().connect().unwrap();
        primary
            .execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES ('a'), ('b')")
            .unwrap();

        let replica = Builder::replica(&replica_path, &url).build().unwrap();
        let first = replica.sync().unwrap();
        assert!(first.bootstrapped, "{first:?}");
        assert_eq!(count(&replica, "t"), 2);

        // New writes on the primary arrive with the next sync, as whole transactions.
        primary.execute("INSERT INTO t(v) VALUES ('c')", ()).unwrap();
        let next = replica.sync().unwrap();
        assert!(!next.bootstrapped);
        assert_eq!(next.transactions_applied, 1, "{next:?}");
        assert_eq!(count(&replica, "t"), 3);

        // Writes through the replica go to the primary, and the replica reads them at once.
        let conn = replica.connect().unwrap();
        conn.execute("INSERT INTO t(v) VALUES ('d')", ()).unwrap();
        assert_eq!(conn.query_row("SELECT v FROM t WHERE id = 4", (), |r| r.get::<String>(0)).unwrap(), "d");
        assert_eq!(primary.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 4);

        // A transaction runs on the primary, reads included.
        conn.execute("BEGIN", ()).unwrap();
        conn.execute("INSERT INTO t(v) VALUES ('e')", ()).unwrap();
        assert_eq!(conn.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 5);
        conn.execute("COMMIT", ()).unwrap();
        assert_eq!(conn.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 5);
        let status = replica.sync_status().unwrap();
        assert_eq!(status.lag_frames, Some(0), "{status:?}");
        assert!(status.last_error.is_none());

        // Local reads are read-only at the SQLite level: the replica file never diverges.
        assert_eq!(
            conn.query_row("SELECT v FROM t ORDER BY id DESC LIMIT 1", (), |r| r.get_value(0)).unwrap(),
            Value::Text("e".into())
        );
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_replica_connection_prepares_nothing() {
    let server = TestServer::start().await;
    let url = server.http_url();
    let dir = tempfile::tempdir().unwrap();
    let replica_path = dir.path().join("replica.db");
    blocking(move || {
        let replica = Builder::replica(&replica_path, &url).build().unwrap();
        let conn = replica.connect().unwrap();
        conn.close().unwrap();
        // Neither a local read nor SQL only the primary could prepare reopens anything.
        for sql in ["SELECT 1", "INSERT INTO missing VALUES (1)"] {
            let err = conn.prepare(sql).err().expect("prepare on a closed connection must fail");
            assert_eq!(err.name(), "EDGELITE_MISUSE_CLOSED", "{sql}: {err}");
        }
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_settings_hold_for_forwarded_writes() {
    let server = TestServer::start().await;
    let url = server.http_url();
    let dir = tempfile::tempdir().unwrap();
    let replica_path = dir.path().join("replica.db");
    blocking(move || {
        let replica = Builder::replica(&replica_path, &url).build().unwrap();
        let conn = replica.connect().unwrap();
        conn.execute_batch("CREATE TABLE parent(id INTEGER PRIMARY KEY); CREATE TABLE child(p REFERENCES parent(id))")
            .unwrap();
        // Set on its own, as apps do at startup: it holds locally and for the writes this
        // connection sends to the primary.
        conn.execute("PRAGMA foreign_keys = ON", ()).unwrap();
        let on: i64 = conn.query_row("PRAGMA foreign_keys", (), |r| r.get(0)).unwrap();
        assert_eq!(on, 1);
        let err = conn.execute("INSERT INTO child VALUES (42)", ()).unwrap_err();
        assert_eq!(err.name(), "SQLITE_CONSTRAINT_FOREIGNKEY", "{err}");
        let other = replica.connect().unwrap();
        other.execute("INSERT INTO child VALUES (42)", ()).unwrap();
        assert_eq!(count(&replica, "child"), 1, "another connection has its own settings");
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_replica_sees_commits_within_milliseconds() {
    let server = TestServer::start().await;
    let url = server.http_url();
    let dir = tempfile::tempdir().unwrap();
    let replica_path = dir.path().join("replica.db");
    blocking(move || {
        let primary = Database::open(&url).unwrap().connect().unwrap();
        primary.execute_batch("CREATE TABLE t(x)").unwrap();
        let replica = Builder::replica(&replica_path, &url).follow(true).build().unwrap();
        replica.sync().unwrap();
        for i in 0..20 {
            primary.execute("INSERT INTO t VALUES (?)", [i]).unwrap();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while count(&replica, "t") < 20 {
            assert!(std::time::Instant::now() < deadline, "the follower did not catch up");
            std::thread::sleep(Duration::from_millis(5));
        }
    })
    .await;
    server.stop().await;
}
