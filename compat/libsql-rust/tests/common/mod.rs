//! Shared helpers: a real `edgelite serve` child process on a free loopback port, the official
//! client opened against it, and JWT signing.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use libsql::{Connection, Database, Value};
use serde_json::Value as Json;

/// The `edgelite` binary of this build. Cargo builds a workspace's binaries before running
/// tests of `cargo test --workspace`, but a package's tests only get `CARGO_BIN_EXE_*` for its
/// own binaries, so it is found next to the test executable (`target/<profile>/deps/<test>`).
pub fn edgelite_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test>");
    let binary = profile_dir.join(format!("edgelite{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "the edgelite binary is missing at {}: run `cargo build -p edgelite-cli` first (with the same \
         profile and target directory), or run the tests with `cargo test --workspace`, which builds it",
        binary.display()
    );
    binary
}

/// A running `edgelite serve` on 127.0.0.1 with a free port, in a temporary data directory;
/// killed when dropped.
pub struct Serve {
    child: Child,
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl Serve {
    pub fn start() -> Serve {
        Self::start_with(&[])
    }

    /// Starts a server with extra `edgelite serve` arguments.
    pub fn start_with(extra: &[&str]) -> Serve {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(edgelite_binary())
            .args(["serve", "--listen", "127.0.0.1:0", "--db-path"])
            .arg(dir.path().join("data"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("edgelite serve starts");
        // The first line says where it listens: `edgelite <version> listening on http://…`.
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        // The rest (logs) is passed on, so the server never writes to a closed pipe.
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                eprintln!("edgelite serve: {line}");
            }
        });
        let url = line.trim().rsplit(' ').next().unwrap_or_default().to_owned();
        if !url.starts_with("http://127.0.0.1:") {
            let _ = child.kill();
            panic!("edgelite serve did not say where it listens: {line:?} ({:?})", child.wait());
        }
        Serve { child, url, dir }
    }

    /// Stops the server (kills it) and checks that it was still running until then.
    pub fn stop(mut self) {
        assert!(self.child.try_wait().unwrap().is_none(), "the server exited on its own");
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// `GET {url}{path}`: the status and the body parsed as JSON.
    pub async fn get_json(&self, path: &str) -> (u16, Json) {
        let client = hyper_014::Client::new();
        let response = client.get(format!("{}{path}", self.url).parse().unwrap()).await.expect("GET completes");
        let status = response.status().as_u16();
        let body = hyper_014::body::to_bytes(response.into_body()).await.unwrap();
        let json =
            serde_json::from_slice(&body).unwrap_or_else(|_| Json::String(String::from_utf8_lossy(&body).into_owned()));
        (status, json)
    }

    /// The primary's current replication generation, from `GET /info`.
    pub async fn current_generation(&self) -> u64 {
        let (status, info) = self.get_json("/info").await;
        assert_eq!(status, 200, "{info}");
        info["current_generation"].as_u64().unwrap_or_else(|| panic!("no current_generation in {info}"))
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The crate in remote mode. Without its `tls` feature it needs a connector: hyper's plain
/// HTTP one (no CA certificates needed).
pub async fn open_remote(url: &str, token: &str) -> Database {
    libsql::Builder::new_remote(url.to_owned(), token.to_owned())
        .connector(hyper_014::client::HttpConnector::new())
        .build()
        .await
        .expect("a remote database")
}

pub async fn connect_remote(url: &str, token: &str) -> (Database, Connection) {
    let db = open_remote(url, token).await;
    let conn = db.connect().expect("a connection");
    (db, conn)
}

/// Every row of `sql` as values.
pub async fn rows(conn: &Connection, sql: &str, params: impl libsql::params::IntoParams) -> Vec<Vec<Value>> {
    let mut rows = conn.query(sql, params).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.unwrap_or_else(|e| panic!("{sql}: {e}")) {
        out.push((0..row.column_count()).map(|i| row.get_value(i).unwrap()).collect());
    }
    out
}

pub async fn count(conn: &Connection, table: &str) -> i64 {
    match rows(conn, &format!("SELECT count(*) FROM {table}"), ()).await[0][0] {
        Value::Integer(n) => n,
        ref other => panic!("count(*) gave {other:?}"),
    }
}

/// An Ed25519 key pair for JWTs.
pub struct Keys {
    signing: SigningKey,
}

impl Keys {
    /// A fresh random key.
    pub fn generate() -> Keys {
        let mut seed = [0u8; 32];
        rand::fill(&mut seed);
        Keys { signing: SigningKey::from_bytes(&seed) }
    }

    /// Seconds since the Unix epoch, for `exp` claims.
    pub fn now() -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
    }

    /// The raw public key, URL-safe base64 (sqld's one-key format). Pass it as
    /// `--auth-jwt-key=KEY`: it may start with `-`, which would read as another option.
    pub fn public_base64(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.verifying_key().as_bytes())
    }

    pub fn token(&self, claims: Json) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"EdDSA","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
        let signed = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(self.signing.sign(signed.as_bytes()).to_bytes());
        format!("{signed}.{signature}")
    }
}
