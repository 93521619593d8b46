//! The core's remote mode against real `edgelite serve` processes: expiry, reconnects, restarts,
//! a server killed mid-transaction, auth, namespaces, old protocol versions, garbage, interrupts,
//! and the shell on a URL.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use edgelite::error::extended;
use edgelite::{params, Builder, Connection, ErrorCode, TransactionBehavior};

/// A running `edgelite serve`.
struct Serve {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
    args: Vec<String>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Serve {
    fn start(dir: &std::path::Path, args: &[&str]) -> Serve {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        Self::spawn(dir.to_path_buf(), free_port(), args)
    }

    fn spawn(dir: std::path::PathBuf, port: u16, args: Vec<String>) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_edgelite"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--db-path"])
            .arg(&dir)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert!(line.contains("listening"), "the server did not start: {line:?}");
        Serve { child, port, dir, args }
    }

    fn http(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn ws(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Kills the server (SIGKILL) and starts a new one on the same port and data.
    fn restart(&mut self) {
        self.kill();
        let next = Serve::spawn(self.dir.clone(), self.port, self.args.clone());
        let old = std::mem::replace(self, next);
        std::mem::forget(old);
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.kill();
    }
}

fn connect(url: &str) -> Connection {
    Builder::remote(url).build().unwrap().connect().unwrap()
}

fn count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM t", (), |r| r.get(0)).unwrap()
}

fn both(serve: &Serve) -> [String; 2] {
    [serve.http(), serve.ws()]
}

#[test]
fn idle_streams_reopen_outside_transactions_and_are_lost_inside() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), &["--stream-idle-timeout-ms", "300"]);
    let conn = connect(&serve.http());
    conn.execute_batch("CREATE TABLE t(x)").unwrap();
    conn.execute("INSERT INTO t VALUES (1)", ()).unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    // The stream expired while idle; outside a transaction that is invisible.
    assert_eq!(count(&conn), 1);
    conn.begin(TransactionBehavior::Immediate).unwrap();
    conn.execute("INSERT INTO t VALUES (2)", ()).unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    let err = conn.execute("INSERT INTO t VALUES (3)", ()).unwrap_err();
    assert_eq!(err.extended_code(), extended::EDGELITE_REMOTE_TRANSACTION_LOST, "{err}");
    assert!(!err.is_retryable());
    assert!(conn.is_autocommit().unwrap(), "the lost transaction is over");
    conn.rollback().unwrap();
    assert_eq!(count(&conn), 1, "the lost transaction was rolled back on the server");
}

#[test]
fn server_restart_and_kill_mid_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Serve::start(dir.path(), &[]);
    let urls = both(&serve);
    let conns: Vec<Connection> = urls.iter().map(|u| connect(u)).collect();
    conns[0].execute_batch("CREATE TABLE t(x)").unwrap();
    for conn in &conns {
        conn.execute("INSERT INTO t VALUES (1)", ()).unwrap();
    }
    // A restart between calls: both transports reconnect without the caller noticing.
    serve.restart();
    for conn in &conns {
        assert_eq!(count(conn), 2);
    }
    // Killed in the middle of a transaction: the transaction is lost, nothing is half-done.
    // (One transport at a time: two open write transactions would wait on each other's lock.)
    for conn in &conns {
        conn.begin(TransactionBehavior::Deferred).unwrap();
        conn.execute("INSERT INTO t VALUES (100)", ()).unwrap();
        serve.restart();
        let err = conn.execute("INSERT INTO t VALUES (101)", ()).unwrap_err();
        assert!(
            err.extended_code() == extended::EDGELITE_REMOTE_TRANSACTION_LOST || err.code() == ErrorCode::Remote,
            "{err}"
        );
        conn.rollback().unwrap();
        assert!(conn.is_autocommit().unwrap());
        assert_eq!(count(conn), 2, "no write of the killed transaction survived");
    }
}

#[test]
fn connection_settings_survive_a_new_server_stream() {
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Serve::start(dir.path(), &[]);
    let conns: Vec<Connection> = both(&serve).iter().map(|u| connect(u)).collect();
    conns[0]
        .execute_batch("CREATE TABLE parent(id INTEGER PRIMARY KEY); CREATE TABLE child(p REFERENCES parent(id))")
        .unwrap();
    for conn in &conns {
        conn.execute("PRAGMA foreign_keys = ON", ()).unwrap();
        conn.execute_batch("PRAGMA recursive_triggers = 1; SELECT 1").unwrap();
    }
    // The server's streams (its connections, where the settings live) are gone after a
    // restart; the client opens new ones and sets them again.
    serve.restart();
    for conn in &conns {
        let err = conn.execute("INSERT INTO child VALUES (42)", ()).unwrap_err();
        assert_eq!(err.name(), "SQLITE_CONSTRAINT_FOREIGNKEY", "{err}");
        let settings: (i64, i64) = conn
            .query_row(
                "SELECT foreign_keys, recursive_triggers FROM pragma_foreign_keys, pragma_recursive_triggers",
                (),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(settings, (1, 1));
    }
    // Turning a setting off is remembered too.
    conns[0].execute("PRAGMA foreign_keys = OFF", ()).unwrap();
    serve.restart();
    conns[0].execute("INSERT INTO child VALUES (42)", ()).unwrap();
}

#[test]
fn connection_refused_is_retried_then_reported() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let conn = connect(&url);
    // Nothing listens: a clear, retryable connection error (after a few quick retries).
    let err = conn.execute("SELECT 1", ()).unwrap_err();
    assert_eq!(err.extended_code(), extended::EDGELITE_REMOTE_CONNECT, "{err}");
    assert!(err.is_retryable());
    // A server that comes up while the client retries is found.
    let data = dir.path().to_path_buf();
    let starter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        Serve::spawn(data, port, vec![])
    });
    let started = Instant::now();
    let mut result = conn.query_row("SELECT 7", (), |r| r.get::<i64>(0));
    while result.is_err() && started.elapsed() < Duration::from_secs(10) {
        result = conn.query_row("SELECT 7", (), |r| r.get::<i64>(0));
    }
    assert_eq!(result.unwrap(), 7);
    drop(starter.join().unwrap());
}

#[test]
fn tokens_and_namespaces() {
    use base64::Engine;
    use ed25519_dalek::{Signer, SigningKey};
    let key = SigningKey::from_bytes(&[9; 32]);
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let token = |claims: &str| {
        let signed = format!("{}.{}", b64(br#"{"alg":"EdDSA"}"#), b64(claims.as_bytes()));
        format!("{signed}.{}", b64(&key.sign(signed.as_bytes()).to_bytes()))
    };
    let dir = tempfile::tempdir().unwrap();
    let admin_port = free_port();
    let serve = Serve::start(
        dir.path(),
        &[
            "--auth-jwt-key",
            &b64(key.verifying_key().as_bytes()),
            "--enable-namespaces",
            "--admin-listen",
            &format!("127.0.0.1:{admin_port}"),
        ],
    );
    let mut admin = std::net::TcpStream::connect(("127.0.0.1", admin_port)).unwrap();
    write!(
        admin,
        "POST /v1/namespaces/app/create HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    admin.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");

    for url in both(&serve) {
        let open = |token: Option<String>, ns: &str| {
            let mut b = Builder::remote(&url).namespace(ns);
            if let Some(t) = token {
                b = b.auth_token(t);
            }
            b.build().unwrap().connect().unwrap()
        };
        let rw = open(Some(token(r#"{"a":"rw"}"#)), "app");
        rw.execute_batch("CREATE TABLE IF NOT EXISTS t(x)").unwrap();
        rw.execute("INSERT INTO t VALUES (1)", ()).unwrap();
        // A bad token, or none.
        for bad in [Some("nope".to_owned()), None, Some(token(r#"{"exp":1}"#))] {
            let err = open(bad, "app").execute("SELECT 1", ()).unwrap_err();
            assert_eq!(err.code(), ErrorCode::Auth, "{url}: {err}");
            assert!(!err.is_retryable());
        }
        // A read-only token reads but cannot write.
        let ro = open(Some(token(r#"{"a":"ro"}"#)), "app");
        assert!(count(&ro) >= 1);
        let err = ro.execute("INSERT INTO t VALUES (2)", ()).unwrap_err();
        assert_eq!(err.extended_code(), extended::EDGELITE_AUTH_FORBIDDEN, "{url}: {err}");
        // A namespace that does not exist.
        let err = open(Some(token("{}")), "nowhere").execute("SELECT 1", ()).unwrap_err();
        assert_eq!(err.extended_code(), extended::EDGELITE_REMOTE_NAMESPACE, "{url}: {err}");
        // A token in the URL works too.
        let in_url = Builder::remote(format!("{url}?authToken={}", token("{}")))
            .namespace("app")
            .build()
            .unwrap()
            .connect()
            .unwrap();
        assert!(count(&in_url) >= 1);
    }
}

#[test]
fn older_servers_hrana_1_and_2() {
    let dir = tempfile::tempdir().unwrap();
    for version in ["1", "2"] {
        let serve = Serve::start(dir.path(), &["--max-hrana-version", version]);
        for url in both(&serve) {
            if version == "1" && url.starts_with("http") {
                continue; // HTTP starts at Hrana 2 (/v2/pipeline); hrana1 exists only over WebSocket.
            }
            let conn = connect(&url);
            conn.execute_batch("CREATE TABLE IF NOT EXISTS t(x)").unwrap();
            conn.execute("DELETE FROM t", ()).unwrap();
            conn.begin(TransactionBehavior::Deferred).unwrap();
            assert!(
                !conn.is_autocommit().unwrap(),
                "v{version} {url}: the transaction state is tracked without get_autocommit"
            );
            conn.execute("INSERT INTO t VALUES (?)", params![9007199254740993_i64]).unwrap();
            conn.commit().unwrap();
            assert!(conn.is_autocommit().unwrap());
            let v: i64 = conn.query_row("SELECT x FROM t", (), |r| r.get(0)).unwrap();
            assert_eq!(v, 9007199254740993, "v{version} {url}");
            let rows = conn
                .query(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n",
                    (),
                )
                .unwrap();
            assert_eq!(rows.collect_values().unwrap().len(), 500, "v{version} {url}");
            let results = conn.batch(&[("INSERT INTO t VALUES (1)", &()), ("INSERT INTO nope VALUES (1)", &())]);
            assert_eq!(results.unwrap_err().statement_index(), Some(1));
            assert_eq!(count(&conn), 1, "v{version} {url}: the failed batch rolled back");
        }
    }
}

/// A TCP server that answers every connection with `reply`.
fn garbage_server(reply: &'static [u8]) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(reply);
        }
    });
    port
}

#[test]
fn a_server_that_answers_garbage_gives_typed_errors() {
    let cases: [&'static [u8]; 4] = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world",
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops",
        b"\x00\xff\x13 this is not HTTP at all \r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    ];
    for reply in cases {
        let port = garbage_server(reply);
        for url in [format!("http://127.0.0.1:{port}"), format!("ws://127.0.0.1:{port}")] {
            let conn =
                Builder::remote(&url).request_timeout(Duration::from_secs(10)).build().unwrap().connect().unwrap();
            let err = conn.execute("SELECT 1", ()).unwrap_err();
            assert!(
                matches!(err.code(), ErrorCode::Protocol | ErrorCode::Remote),
                "{url} {:?}: {err}",
                String::from_utf8_lossy(reply)
            );
        }
    }
}

#[test]
fn interrupt_and_request_timeouts() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), &[]);
    let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    for url in both(&serve) {
        let conn = Arc::new(connect(&url));
        let other = conn.clone();
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            other.interrupt();
        });
        let started = Instant::now();
        let err = conn.query_row(endless, (), |r| r.get::<i64>(0)).unwrap_err();
        stopper.join().unwrap();
        assert_eq!(err.code(), ErrorCode::Interrupted, "{url}: {err}");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(conn.query_row("SELECT 1", (), |r| r.get::<i64>(0)).unwrap(), 1, "{url}: usable after");

        let timed =
            Builder::remote(&url).request_timeout(Duration::from_millis(300)).build().unwrap().connect().unwrap();
        let err = timed.execute(endless, ()).unwrap_err();
        assert_eq!(err.extended_code(), extended::EDGELITE_REMOTE_TIMEOUT, "{url}: {err}");
        assert_eq!(timed.query_row("SELECT 2", (), |r| r.get::<i64>(0)).unwrap(), 2);
    }
    // The server stopped the abandoned statements: a writer is not starved by them.
    let conn = connect(&serve.http());
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.execute_batch("CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1);").unwrap();
}

#[test]
fn large_results_stream_and_abandoned_rows_free_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), &[]);
    let big =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i, 'row ' || i FROM n";
    for url in both(&serve) {
        let conn = connect(&url);
        let mut rows = conn.query(big, ()).unwrap();
        let mut seen = 0i64;
        while let Some(row) = rows.next().unwrap() {
            seen += 1;
            assert_eq!(row.get::<i64>(0).unwrap(), seen);
        }
        assert_eq!(seen, 200_000);
        // Read a little, then use the connection: the rest is drained, nothing breaks.
        let mut rows = conn.query(big, ()).unwrap();
        assert!(rows.next().unwrap().is_some());
        conn.execute_batch("CREATE TABLE IF NOT EXISTS t(x)").unwrap();
        assert_eq!(rows.next().unwrap().unwrap().get::<i64>(0).unwrap(), 2, "{url}: unread rows survive");
        drop(rows);
        // Dropped half way inside a transaction: the transaction goes on.
        conn.begin(TransactionBehavior::Deferred).unwrap();
        drop(conn.query(big, ()).unwrap());
        conn.execute("INSERT INTO t VALUES (1)", ()).unwrap();
        conn.commit().unwrap();
    }
}

#[test]
fn the_shell_on_a_server_url() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), &[]);
    for url in both(&serve) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_edgelite"))
            .args(["shell", &url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"CREATE TABLE IF NOT EXISTS s(x);\nINSERT INTO s VALUES (42);\nSELECT count(*) > 0, max(x) FROM s;\nSELEC;\n.tables\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("1|42\n"), "{url}: {stdout}");
        assert!(stdout.contains("s"), "{stdout}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("syntax error"));
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn plain_servers_need_no_ca_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), &[]);
    let replica = dir.path().join("replica.db");
    let runs: Vec<Vec<String>> = vec![
        vec![serve.http()],
        vec![serve.ws()],
        vec![replica.display().to_string(), "--sync-url".into(), serve.http()],
    ];
    for args in runs {
        // A minimal container: the system's CA certificates are nowhere to be found.
        let mut child = Command::new(env!("CARGO_BIN_EXE_edgelite"))
            .arg("shell")
            .args(&args)
            .env("SSL_CERT_FILE", dir.path().join("no-such-file"))
            .env("SSL_CERT_DIR", dir.path().join("no-such-dir"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"SELECT 40 + 2;\n").unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(stdout, "42\n", "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
