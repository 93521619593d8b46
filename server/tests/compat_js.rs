//! Compatibility with the official libSQL JavaScript clients, unchanged from npm: each test
//! starts a real edgelite server in-process (a free loopback port, a temporary data directory),
//! runs one file of `server/tests/js/` under `node --test` with the server's URLs (and tokens) in
//! the environment, and fails with node's output if any JavaScript test failed.
//!
//! The packages are pinned in `server/tests/js/package-lock.json`; install them with
//! `npm ci --prefix server/tests/js` (`ci/setup` does).

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Keys, TestServer};
use serde_json::json;

/// The JavaScript test files; `every_js_test_file_has_a_test` keeps this list complete.
const JS_TEST_FILES: [&str; 4] = ["client_http.test.mjs", "client_ws.test.mjs", "hrana_v3.test.mjs", "auth.test.mjs"];

/// How long one file may run before its node process is killed.
const NODE_TIMEOUT: Duration = Duration::from_secs(300);

fn js_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("js")
}

/// Fails (never skips) unless the pinned packages are installed.
fn check_node_modules(dir: &Path) {
    let fix = "run `npm ci --prefix server/tests/js` (ci/setup does it)";
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("package.json")).expect("package.json")).expect("package.json");
    let deps = package["dependencies"].as_object().expect("package.json has dependencies");
    assert!(dir.join("node_modules").is_dir(), "{} is missing: {fix}", dir.join("node_modules").display());
    for (name, wanted) in deps {
        let manifest = dir.join("node_modules").join(name).join("package.json");
        let installed: Option<serde_json::Value> =
            std::fs::read(&manifest).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let installed = installed.as_ref().and_then(|m| m["version"].as_str()).map(str::to_owned);
        assert_eq!(
            installed.as_deref(),
            wanted.as_str(),
            "{name}: node_modules has {installed:?}, package.json pins {wanted}: {fix}"
        );
    }
}

/// Runs one JavaScript test file with `env`; panics with node's output if it failed.
async fn run_node(file: &str, env: Vec<(&'static str, String)>) {
    let dir = js_dir();
    check_node_modules(&dir);
    let file = file.to_owned();
    // Node's output goes to files: pipes would need readers, and a killed run must keep its output.
    let out_dir = tempfile::tempdir().expect("a temporary directory");
    let (stdout_path, stderr_path) = (out_dir.path().join("stdout"), out_dir.path().join("stderr"));
    let mut child = Command::new("node")
        .args(["--test", "--test-reporter=spec", &file])
        .current_dir(&dir)
        .envs(env)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `node` (Node.js 20 or later must be on PATH): {e}"));
    let started = Instant::now();
    // The server runs on this runtime: wait without blocking it.
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node") {
            break Some(status);
        }
        if started.elapsed() > NODE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let stdout = std::fs::read_to_string(&stdout_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let output = format!("--- node stdout ---\n{stdout}\n--- node stderr ---\n{stderr}");
    match status {
        Some(status) if status.success() => {
            // Shown with --nocapture: the JavaScript tests' own counts.
            println!("{file} passed in {:.1}s\n{output}", started.elapsed().as_secs_f64());
        }
        Some(status) => panic!("node --test {file} failed ({status}):\n{output}"),
        None => panic!("node --test {file} did not finish within {NODE_TIMEOUT:?} and was killed:\n{output}"),
    }
}

async fn run_without_auth(file: &str) {
    let server = TestServer::start().await;
    run_node(file, vec![("EDGELITE_HTTP_URL", server.http_url()), ("EDGELITE_WS_URL", server.ws_url())]).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn libsql_client_over_http() {
    run_without_auth("client_http.test.mjs").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn libsql_client_over_websocket() {
    run_without_auth("client_ws.test.mjs").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hrana_client_v3_http_and_websocket_json_and_protobuf() {
    run_without_auth("hrana_v3.test.mjs").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwt_auth_with_libsql_client_and_hrana_client() {
    let keys = Keys::generate();
    let server = TestServer::start_auth(keys.auth()).await;
    let foreign = Keys::generate();
    run_node(
        "auth.test.mjs",
        vec![
            ("EDGELITE_HTTP_URL", server.http_url()),
            ("EDGELITE_WS_URL", server.ws_url()),
            ("EDGELITE_TOKEN_RW", keys.token(json!({ "a": "rw" }))),
            ("EDGELITE_TOKEN_RO", keys.token(json!({ "a": "ro" }))),
            // Signed by a key the server does not know.
            ("EDGELITE_TOKEN_FOREIGN", foreign.token(json!({ "a": "rw" }))),
            // Expired well beyond the 60 s leeway.
            ("EDGELITE_TOKEN_EXPIRED", keys.token(json!({ "a": "rw", "exp": Keys::now() - 3600 }))),
        ],
    )
    .await;
    server.stop().await;
}

#[test]
fn every_js_test_file_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(js_dir())
        .expect("server/tests/js")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    found.sort();
    let mut listed: Vec<String> = JS_TEST_FILES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed, "every server/tests/js/*.test.mjs needs a test in compat_js.rs (and JS_TEST_FILES)");
}
