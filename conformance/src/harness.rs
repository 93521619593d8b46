//! Running cases through runner processes and checking every answer.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value as Json};

use crate::cases::Case;
use crate::wire::{decode_value, decode_values, expand_shorthands};

/// The three modes every case can run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Embedded,
    Remote,
    Replica,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Embedded, Mode::Remote, Mode::Replica];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Embedded => "embedded",
            Mode::Remote => "remote",
            Mode::Replica => "replica",
        }
    }
}

/// How to start one binding's runner.
#[derive(Clone, Debug)]
pub struct Binding {
    /// `rust`, `python`, `node`, `go`, `jvm`, `swift`.
    pub name: String,
    /// The program and its arguments.
    pub command: Vec<String>,
    pub cwd: Option<PathBuf>,
}

/// What a runner said about itself.
#[derive(Clone, Debug)]
pub struct Hello {
    pub runner: String,
    pub version: String,
    pub modes: Vec<String>,
    pub capabilities: Vec<String>,
}

/// How long one request may take before the runner is considered hung.
fn request_timeout() -> Duration {
    let secs = std::env::var("EDGELITE_CONFORMANCE_TIMEOUT_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(120);
    Duration::from_secs(secs)
}

/// A running runner process.
struct Runner {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<std::io::Result<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Runner {
    fn spawn(binding: &Binding) -> Result<Runner, String> {
        let (program, args) = binding.command.split_first().ok_or("empty runner command")?;
        let mut cmd = Command::new(program);
        cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Some(cwd) = &binding.cwd {
            cmd.current_dir(cwd);
        }
        let mut child =
            cmd.spawn().map_err(|e| format!("cannot start the {} runner {:?}: {e}", binding.name, binding.command))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let stderr_pipe = child.stderr.take().ok_or("no stderr")?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Keep the end of the runner's stderr for failure messages.
        let stderr = Arc::new(Mutex::new(String::new()));
        let tail = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr_pipe).lines().map_while(Result::ok) {
                let mut tail = tail.lock().unwrap();
                tail.push_str(&line);
                tail.push('\n');
                if tail.len() > 8192 {
                    let cut = tail.len() - 4096;
                    let cut = (cut..tail.len()).find(|i| tail.is_char_boundary(*i)).unwrap_or(0);
                    tail.drain(..cut);
                }
            }
        });
        Ok(Runner { child, stdin, lines, stderr })
    }

    fn request(&mut self, request: &Json) -> Result<Json, String> {
        let mut line = serde_json::to_string(request).map_err(|e| e.to_string())?;
        line.push('\n');
        if let Err(e) = self.stdin.write_all(line.as_bytes()).and_then(|_| self.stdin.flush()) {
            return Err(format!("runner stdin closed ({e}); stderr:\n{}", self.stderr_tail()));
        }
        match self.lines.recv_timeout(request_timeout()) {
            Ok(Ok(line)) => serde_json::from_str(&line)
                .map_err(|e| format!("runner answered with invalid JSON ({e}): {}", truncate(&line, 300))),
            Ok(Err(e)) => Err(format!("reading from the runner failed: {e}")),
            Err(RecvTimeoutError::Timeout) => Err(format!("runner did not answer within {:?}", request_timeout())),
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(Duration::from_millis(50));
                Err(format!("runner exited; stderr:\n{}", self.stderr_tail()))
            }
        }
    }

    fn stderr_tail(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runner processes of one binding, reused across cases (a JVM starts once, not per case).
pub struct RunnerPool {
    binding: Binding,
    idle: Mutex<Vec<Runner>>,
    hello: Hello,
}

impl RunnerPool {
    /// Starts one runner and asks who it is.
    pub fn start(binding: Binding) -> Result<Arc<RunnerPool>, String> {
        let mut runner = Runner::spawn(&binding)?;
        let answer = runner.request(&json!({"op": "hello"}))?;
        if answer["ok"] != json!(true) {
            return Err(format!("the {} runner refused hello: {answer}", binding.name));
        }
        let strings = |key: &str| -> Vec<String> {
            answer[key]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
                .unwrap_or_default()
        };
        let hello = Hello {
            runner: answer["runner"].as_str().unwrap_or(&binding.name).to_owned(),
            version: answer["version"].as_str().unwrap_or("?").to_owned(),
            modes: strings("modes"),
            capabilities: strings("capabilities"),
        };
        Ok(Arc::new(RunnerPool { binding, idle: Mutex::new(vec![runner]), hello }))
    }

    pub fn hello(&self) -> &Hello {
        &self.hello
    }

    pub fn binding(&self) -> &Binding {
        &self.binding
    }

    fn checkout(&self) -> Result<Runner, String> {
        if let Some(runner) = self.idle.lock().unwrap().pop() {
            return Ok(runner);
        }
        Runner::spawn(&self.binding)
    }

    fn checkin(&self, runner: Runner) {
        self.idle.lock().unwrap().push(runner);
    }
}

/// Per-case scratch space and identity.
pub struct CaseContext {
    pub dir: tempfile::TempDir,
    /// A string unique to this run of this case (for server namespaces).
    pub unique: String,
}

/// What a mode provides to cases: where their databases live.
pub trait Environment: Send + Sync {
    fn mode(&self) -> Mode;

    /// The name in test names (`embedded`, `remote-http`, `remote-ws`, ...).
    fn name(&self) -> String {
        self.mode().as_str().to_owned()
    }

    /// Why cases cannot run in this environment at all, if they cannot.
    fn unavailable(&self) -> Option<String> {
        None
    }

    /// The runner `target` for database file `file` of a case.
    fn target(&self, case: &CaseContext, file: &str, memory: bool) -> Result<Json, String>;

    /// A target that writes to database file `file` directly on its primary (an `open` step with
    /// `"primary": true`): in replica mode, a remote connection to the primary; elsewhere the
    /// same as [`target`](Environment::target).
    fn primary_target(&self, case: &CaseContext, file: &str) -> Result<Json, String> {
        self.target(case, file, false)
    }
}

/// Embedded mode: files in the case's temporary directory.
pub struct Embedded;

impl Environment for Embedded {
    fn mode(&self) -> Mode {
        Mode::Embedded
    }

    fn target(&self, case: &CaseContext, file: &str, memory: bool) -> Result<Json, String> {
        let path = if memory { ":memory:".to_owned() } else { db_path(case, file) };
        Ok(json!({ "mode": "embedded", "path": path }))
    }
}

/// Remote mode: a real edgelite server on 127.0.0.1 (the same server `edgelite serve` runs),
/// reached over HTTP or WebSocket; each database of a case is a fresh namespace on it.
pub struct Remote {
    server: edgelite_server::Server,
    transport: &'static str,
    _data: tempfile::TempDir,
}

impl Remote {
    /// Starts a server on `runtime` (namespaces on); `transport` is `"http"` or `"ws"`.
    pub fn start(runtime: &tokio::runtime::Runtime, transport: &'static str) -> Result<Remote, String> {
        let data =
            tempfile::Builder::new().prefix("edgelite-conformance-server-").tempdir().map_err(|e| e.to_string())?;
        let mut config = edgelite_server::Config::new(data.path().join("data"), "127.0.0.1:0".parse().unwrap());
        config.enable_namespaces = true;
        let server = runtime
            .block_on(edgelite_server::Server::start(config))
            .map_err(|e| format!("cannot start the server: {e}"))?;
        Ok(Remote { server, transport, _data: data })
    }

    /// The URL clients use.
    pub fn url(&self) -> String {
        format!("{}://{}", self.transport, self.server.local_addr())
    }

    /// Creates (once) the namespace for database file `file` of a case.
    pub fn namespace(&self, case: &CaseContext, file: &str) -> Result<String, String> {
        let name = format!("{}-{file}", case.unique);
        match self.server.state().namespaces.create(&name) {
            Ok(()) | Err(edgelite_server::namespaces::NamespaceError::AlreadyExists(_)) => Ok(name),
            Err(e) => Err(e.to_string()),
        }
    }
}

impl Environment for Remote {
    fn mode(&self) -> Mode {
        Mode::Remote
    }

    fn name(&self) -> String {
        format!("remote-{}", self.transport)
    }

    fn target(&self, case: &CaseContext, file: &str, memory: bool) -> Result<Json, String> {
        if memory {
            return Err("remote mode has no in-memory databases".into());
        }
        Ok(json!({ "mode": "remote", "url": self.url(), "namespace": self.namespace(case, file)? }))
    }
}

/// Replica mode: each database file of a case is an embedded replica of its own namespace on
/// a real primary server (started once, like [`Remote`]); writes go to the primary.
pub struct Replica {
    primary: Remote,
}

impl Replica {
    pub fn start(runtime: &tokio::runtime::Runtime) -> Result<Replica, String> {
        Ok(Replica { primary: Remote::start(runtime, "http")? })
    }
}

impl Environment for Replica {
    fn mode(&self) -> Mode {
        Mode::Replica
    }

    fn target(&self, case: &CaseContext, file: &str, memory: bool) -> Result<Json, String> {
        if memory {
            return Err("replica mode has no in-memory databases".into());
        }
        Ok(json!({
            "mode": "replica",
            "path": db_path(case, file),
            "sync_url": self.primary.url(),
            "namespace": self.primary.namespace(case, file)?,
        }))
    }

    fn primary_target(&self, case: &CaseContext, file: &str) -> Result<Json, String> {
        self.primary.target(case, file, false)
    }
}

/// A mode that cannot run here, with the reason.
pub struct Unavailable {
    pub mode: Mode,
    pub reason: String,
}

impl Environment for Unavailable {
    fn mode(&self) -> Mode {
        self.mode
    }

    fn unavailable(&self) -> Option<String> {
        Some(self.reason.clone())
    }

    fn target(&self, _: &CaseContext, _: &str, _: bool) -> Result<Json, String> {
        Err(self.reason.clone())
    }
}

/// The path of database file `file` in the case's directory.
pub fn db_path(case: &CaseContext, file: &str) -> String {
    case.dir.path().join(format!("{file}.db")).display().to_string()
}

/// Why `case` should not run for this binding and mode, if it should not.
pub fn skip_reason(case: &Case, hello: &Hello, env: &dyn Environment) -> Option<String> {
    let mode = env.mode().as_str();
    if let Some(reason) = case.skip.get(mode).or_else(|| case.skip.get(&hello.runner)) {
        return Some(format!("skipped: {reason}"));
    }
    if !hello.modes.iter().any(|m| m == mode) {
        return Some(format!("the {} runner does not support {mode} mode", hello.runner));
    }
    if let Some(reason) = env.unavailable() {
        return Some(reason);
    }
    case.requires
        .iter()
        .find(|r| !hello.capabilities.contains(r))
        .map(|r| format!("the {} runner lacks capability {r:?}", hello.runner))
}

static NEXT_CASE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Runs `case` through a runner from `pool` in `env`, checking every step.
pub fn run_case(pool: &RunnerPool, env: &dyn Environment, case: &Case) -> Result<(), String> {
    let ctx = CaseContext {
        dir: tempfile::Builder::new().prefix("edgelite-case-").tempdir().map_err(|e| e.to_string())?,
        unique: format!("c{}-{}", std::process::id(), NEXT_CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)),
    };
    let mut runner = pool.checkout()?;
    let result = run_steps(&mut runner, env, case, &ctx);
    // A runner goes back to the pool only if it cleaned up; a broken one is killed.
    match runner.request(&json!({"op": "reset"})) {
        Ok(answer) if answer["ok"] == json!(true) => pool.checkin(runner),
        Ok(answer) if result.is_ok() => return Err(format!("reset failed: {answer}")),
        Err(e) if result.is_ok() => return Err(format!("reset failed: {e}")),
        _ => {}
    }
    result
}

fn run_steps(runner: &mut Runner, env: &dyn Environment, case: &Case, ctx: &CaseContext) -> Result<(), String> {
    for (index, step) in case.steps.iter().enumerate() {
        let mut step = step.clone();
        expand_shorthands(&mut step);
        let op = step["op"].as_str().ok_or_else(|| format!("step {index} has no op"))?.to_owned();
        let describe = || {
            let sql = step["sql"].as_str().map(|s| format!(" {}", truncate(s, 80))).unwrap_or_default();
            format!("step {index} ({op}{sql})")
        };
        let request = match op.as_str() {
            "write_file" => {
                let file = step["file"].as_str().unwrap_or("junk");
                let text = step["text"].as_str().unwrap_or("");
                std::fs::write(db_path(ctx, file), text).map_err(|e| format!("{}: {e}", describe()))?;
                continue;
            }
            "open" => {
                let db = step["db"].as_str().unwrap_or("main");
                let conn = step["conn"].as_str().unwrap_or(db);
                let file = step["file"].as_str().unwrap_or(db);
                let memory = step["memory"].as_bool().unwrap_or(false);
                let target = if step["primary"].as_bool().unwrap_or(false) {
                    env.primary_target(ctx, file)
                } else {
                    env.target(ctx, file, memory)
                }
                .map_err(|e| format!("{}: {e}", describe()))?;
                let options = step.get("options").cloned().unwrap_or_else(|| json!({}));
                json!({"op": "open", "db": db, "conn": conn, "target": target, "options": options})
            }
            _ => {
                let mut request = step.clone();
                let object = request.as_object_mut().ok_or_else(|| format!("step {index} is not an object"))?;
                for key in ["expect", "error", "error_index", "error_contains", "description"] {
                    object.remove(key);
                }
                if !object.contains_key("conn") && op != "sync" && op != "reset" {
                    object.insert("conn".into(), json!("main"));
                }
                request
            }
        };
        let answer = runner.request(&request).map_err(|e| format!("{}: {e}", describe()))?;
        check_answer(&step, &answer).map_err(|e| format!("{}: {e}", describe()))?;
    }
    Ok(())
}

/// Checks one answer against the step's `error` or `expect`.
pub fn check_answer(step: &Json, answer: &Json) -> Result<(), String> {
    if let Some(problem) = answer.get("protocol_error") {
        return Err(format!("the runner could not perform the request: {problem}"));
    }
    let ok = answer["ok"]
        .as_bool()
        .ok_or_else(|| format!("answer has no \"ok\": {}", truncate(&answer.to_string(), 300)))?;
    if let Some(wanted) = step.get("error").and_then(Json::as_str) {
        if ok {
            return Err(format!("expected error {wanted}, but it succeeded: {}", truncate(&answer.to_string(), 300)));
        }
        let error = &answer["error"];
        let (code, name) = (error["code"].as_str().unwrap_or(""), error["name"].as_str().unwrap_or(""));
        if wanted != code && wanted != name {
            return Err(format!("expected error {wanted}, got {name} ({code}): {}", error["message"]));
        }
        if let Some(index) = step.get("error_index") {
            if &error["statement_index"] != index {
                return Err(format!("expected the error at statement {index}, got {}", error["statement_index"]));
            }
        }
        if let Some(fragment) = step.get("error_contains").and_then(Json::as_str) {
            let message = error["message"].as_str().unwrap_or("");
            if !message.contains(fragment) {
                return Err(format!("expected the message to contain {fragment:?}: {message:?}"));
            }
        }
        return Ok(());
    }
    if !ok {
        return Err(format!("failed: {}", answer["error"]));
    }
    match step.get("expect") {
        None => Ok(()),
        Some(Json::Array(expected)) => {
            let results = answer["results"].as_array().ok_or("the answer has no \"results\" list")?;
            if results.len() != expected.len() {
                return Err(format!("expected {} results, got {}", expected.len(), results.len()));
            }
            for (i, (want, got)) in expected.iter().zip(results).enumerate() {
                check_fields(want, got).map_err(|e| format!("result {i}: {e}"))?;
            }
            Ok(())
        }
        Some(expected) => check_fields(expected, answer),
    }
}

fn check_fields(expected: &Json, answer: &Json) -> Result<(), String> {
    let expected = expected.as_object().ok_or("\"expect\" must be an object or a list")?;
    for (key, want) in expected {
        let rows = || answer["rows"].as_array().ok_or("the answer has no rows");
        match key.as_str() {
            "rows" => {
                let want = want.as_array().ok_or("expected rows must be a list")?;
                let got = rows()?;
                if want.len() != got.len() {
                    return Err(format!(
                        "expected {} rows, got {}: {}",
                        want.len(),
                        got.len(),
                        truncate(&Json::Array(got.clone()).to_string(), 300)
                    ));
                }
                for (i, (w, g)) in want.iter().zip(got).enumerate() {
                    compare_row(w, g).map_err(|e| format!("row {i}: {e}"))?;
                }
            }
            "row_count" => {
                let got = rows()?.len();
                if Some(got as u64) != want.as_u64() {
                    return Err(format!("expected {want} rows, got {got}"));
                }
            }
            "first_row" => {
                compare_row(want, rows()?.first().ok_or("no rows")?).map_err(|e| format!("first row: {e}"))?
            }
            "last_row" => compare_row(want, rows()?.last().ok_or("no rows")?).map_err(|e| format!("last row: {e}"))?,
            "value" | "last_insert_rowid" if want.is_object() || want.is_null() => {
                let (w, g) = (decode_value(want)?, decode_value(&answer[key])?);
                if w != g {
                    return Err(format!("{key}: expected {want}, got {}", answer[key]));
                }
            }
            _ => {
                if &answer[key] != want {
                    return Err(format!("{key}: expected {want}, got {}", answer[key]));
                }
            }
        }
    }
    Ok(())
}

fn compare_row(want: &Json, got: &Json) -> Result<(), String> {
    let (w, g) = (decode_values(want)?, decode_values(got)?);
    if w != g {
        return Err(format!("expected {}, got {}", truncate(&want.to_string(), 200), truncate(&got.to_string(), 200)));
    }
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let cut = (0..=max).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
    format!("{}… ({} bytes)", &s[..cut], s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(name: &str, code: &str) -> Json {
        json!({"ok": false, "error": {"code": code, "name": name, "extended_code": 0, "message": "m", "statement_index": 1}})
    }

    #[test]
    fn expected_errors_must_happen_and_match() {
        let step = json!({"op": "execute", "error": "SQLITE_CONSTRAINT_UNIQUE"});
        assert!(check_answer(&step, &err("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT")).is_ok());
        assert!(check_answer(&step, &err("SQLITE_CONSTRAINT_CHECK", "SQLITE_CONSTRAINT")).is_err());
        assert!(check_answer(&step, &json!({"ok": true})).is_err());
        let primary = json!({"op": "execute", "error": "SQLITE_CONSTRAINT", "error_index": 2});
        assert!(check_answer(&primary, &err("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT")).is_err());
        let contains = json!({"op": "execute", "error": "SQLITE_ERROR", "error_contains": "no such"});
        assert!(check_answer(&contains, &err("SQLITE_ERROR", "SQLITE_ERROR")).is_err());
    }

    #[test]
    fn unexpected_failures_and_protocol_errors_fail() {
        assert!(check_answer(&json!({"op": "query"}), &err("SQLITE_ERROR", "SQLITE_ERROR")).is_err());
        assert!(check_answer(&json!({"op": "query"}), &json!({"ok": false, "protocol_error": "?"})).is_err());
        assert!(check_answer(&json!({"op": "query"}), &json!({"rows": []})).is_err());
    }

    #[test]
    fn rows_compare_typed_and_exact() {
        let step = json!({"op": "query", "expect": {"columns": ["x"], "rows": [[{"int": "9007199254740993"}]]}});
        let good = json!({"ok": true, "columns": ["x"], "rows": [[{"int": "9007199254740993"}]]});
        assert!(check_answer(&step, &good).is_ok());
        for bad in [
            json!({"ok": true, "columns": ["x"], "rows": [[{"int": "9007199254740992"}]]}),
            json!({"ok": true, "columns": ["x"], "rows": [[{"real": 9007199254740993.0}]]}),
            json!({"ok": true, "columns": ["y"], "rows": [[{"int": "9007199254740993"}]]}),
            json!({"ok": true, "columns": ["x"], "rows": []}),
        ] {
            assert!(check_answer(&step, &bad).is_err(), "{bad}");
        }
        let zero = json!({"op": "query", "expect": {"rows": [[{"real": "-0.0"}]]}});
        assert!(check_answer(&zero, &json!({"ok": true, "rows": [[{"real": 0.0}]]})).is_err());
        let batch = json!({"op": "batch", "expect": [{"changes": 1}]});
        assert!(check_answer(&batch, &json!({"ok": true, "results": [{"changes": 2}]})).is_err());
        assert!(check_answer(&batch, &json!({"ok": true, "results": []})).is_err());
    }
}
