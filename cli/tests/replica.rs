//! Replication from the command line: `edgelite serve --primary-url` (a server replica) and
//! `edgelite shell --sync-url` (an embedded replica with `.sync`), against a real primary.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use edgelite::Database;

/// A running `edgelite serve`, killed when dropped.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    fn start(data: &std::path::Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_edgelite"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db-path"])
            .arg(data)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().rsplit(' ').next().unwrap().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        Serve { child, url }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn count(conn: &edgelite::Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM t", (), |r| r.get(0)).unwrap()
}

#[test]
fn a_server_replica_follows_its_primary_and_forwards_writes() {
    let dir = tempfile::tempdir().unwrap();
    let primary = Serve::start(&dir.path().join("primary"), &[]);
    let replica = Serve::start(&dir.path().join("replica"), &["--primary-url", &primary.url]);

    // Through the replica server: the write goes to the primary, and the same connection
    // reads it back at once.
    let via_replica = Database::open(&replica.url).unwrap().connect().unwrap();
    via_replica.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    assert_eq!(count(&via_replica), 1);
    let direct = Database::open(&primary.url).unwrap().connect().unwrap();
    assert_eq!(count(&direct), 1, "the write reached the primary");

    // Writes made on the primary reach the replica by itself (it follows with a long poll).
    direct.execute("INSERT INTO t VALUES (2), (3)", ()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&via_replica) != 3 {
        assert!(Instant::now() < deadline, "the replica server did not catch up");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Its local database file is a real replica: page-identical data, read locally.
    assert!(dir.path().join("replica/dbs/default/data.db-replica.json").exists());
}

#[test]
fn the_shell_opens_a_replica_and_syncs() {
    let dir = tempfile::tempdir().unwrap();
    let primary = Serve::start(&dir.path().join("primary"), &[]);
    let direct = Database::open(&primary.url).unwrap().connect().unwrap();
    direct.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);").unwrap();
    let replica = dir.path().join("local.db");
    let shell = |commands: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_edgelite"))
            .arg("shell")
            .arg(&replica)
            .args(["--sync-url", &primary.url])
            .args(commands)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    // Opening syncs once: the rows are there.
    assert_eq!(shell(&["SELECT count(*) FROM t;"]).trim(), "2");
    direct.execute("INSERT INTO t VALUES (3)", ()).unwrap();
    // `.sync` pulls the new transaction and says so.
    let out = shell(&[".sync", "SELECT count(*) FROM t;"]);
    assert!(out.contains("generation 1"), "{out}");
    assert_eq!(out.lines().last().unwrap().trim(), "3", "{out}");
    // Writes from the shell go to the primary.
    shell(&["INSERT INTO t VALUES (4);"]);
    assert_eq!(count(&direct), 4);
}
