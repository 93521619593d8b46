//! `edgelite serve` as users run it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn edgelite() -> Command {
    Command::new(env!("CARGO_BIN_EXE_edgelite"))
}

#[test]
fn serves_on_a_free_port_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = edgelite()
        .args(["serve", "--listen", "127.0.0.1:0", "--db-path"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let addr = url.trim_start_matches("http://");
    // A raw HTTP request: the pipeline answers.
    use std::io::{Read, Write};
    let body = r#"{"baton":null,"requests":[{"type":"execute","stmt":{"sql":"SELECT 40 + 2"}},{"type":"close"}]}"#;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST /v2/pipeline HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(r#"{"type":"integer","value":"42"}"#), "{response}");
    // The data directory holds the default namespace's database.
    assert!(dir.path().join("dbs/default/data.db").exists());
    // SIGTERM stops it cleanly.
    Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn refuses_a_public_address_without_authentication() {
    let dir = tempfile::tempdir().unwrap();
    let out = edgelite().args(["serve", "--listen", "0.0.0.0:0", "--db-path"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("without authentication"));
    let out = edgelite().args(["serve", "--auth-jwt-key", "not-a-key", "--db-path"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad key is a clear error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("key"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn keeps_serving_when_its_stdout_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = edgelite()
        .args(["serve", "--listen", "127.0.0.1:0", "--db-path"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    // The pipe is closed now; the server writes more lines and must survive them.
    std::thread::sleep(Duration::from_millis(300));
    let addr = line.trim().rsplit("http://").next().unwrap().to_owned();
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(stream, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(child.try_wait().unwrap().is_none(), "the server exited");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn sigterm_stops_it_while_clients_stay_connected() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = edgelite()
        .args(["serve", "--listen", "127.0.0.1:0", "--db-path"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    // A WebSocket client with an open stream, and an HTTP client with a kept-alive connection.
    let ws = edgelite::Database::open(&url.replace("http://", "ws://")).unwrap().connect().unwrap();
    ws.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1)").unwrap();
    let http = edgelite::Database::open(&url).unwrap().connect().unwrap();
    http.begin(edgelite::TransactionBehavior::Deferred).unwrap();
    assert_eq!(http.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 1);
    // A replica following with a long poll.
    let replica = edgelite::Builder::replica(dir.path().join("replica.db"), &url).follow(true).build().unwrap();
    replica.sync().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    // It waits a little for requests in flight, then closes what is still open and exits:
    // well before the replica's long poll (25 s) would have ended by itself.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server did not stop while clients were connected");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
    drop((ws, http, replica));
}

#[test]
fn a_raw_jwt_key_may_begin_with_a_hyphen() {
    use base64::Engine;
    // One raw key in 64 begins with '-' in URL-safe base64: it is a value, not an option.
    let key = (0u8..=255)
        .map(|seed| ed25519_dalek::SigningKey::from_bytes(&[seed; 32]).verifying_key())
        .map(|public| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(public.as_bytes()))
        .find(|encoded| encoded.starts_with('-'))
        .expect("a seed whose public key starts with '-'");
    let dir = tempfile::tempdir().unwrap();
    let mut child = edgelite()
        .args(["serve", "--listen", "127.0.0.1:0", "--auth-jwt-key", &key, "--db-path"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    assert!(line.contains("listening"), "{line:?} {}", String::from_utf8_lossy(&output.stderr));
}
