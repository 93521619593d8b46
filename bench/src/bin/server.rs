//! A load generator for Hrana servers: requests per second and p50/p99 latency for single
//! statements and 10-statement batches, over HTTP (`/v3/pipeline`, `/v3-protobuf/pipeline`,
//! keep-alive) and WebSocket (`hrana3`, `hrana3-protobuf`), with 1 and 32 concurrent clients.
//!
//! Workloads, on a table pre-filled with 10,000 rows:
//! - point select: `SELECT ... WHERE id = ?` with a random key;
//! - insert: one `INSERT` (autocommit: one commit per request);
//! - batch of 10 selects: ten point selects in one batch;
//! - batch of 10 inserts: `BEGIN`, ten inserts, `COMMIT` in one batch, each step conditioned on
//!   the one before and a `ROLLBACK` if the commit did not run — what libSQL clients send for
//!   `batch()`.
//!
//! Each client sends one request at a time and waits for its response. Over HTTP a single
//! statement is the pipeline `[execute, close]` (a fresh stream, as clients send a one-off
//! `execute`); over WebSocket each client opens one stream and keeps it. Every cell runs for a
//! warm-up, whose requests are not counted, then for `--duration` seconds; a request that fails
//! (an HTTP error, a Hrana error, a select without its row) counts as an error, not a sample,
//! and makes the run exit with status 1 after the table.
//!
//! By default it starts an `edgelite-server` in this process (its own tokio runtime) on
//! 127.0.0.1:0 over a temporary directory; `--url http://host:port` loads any Hrana server
//! instead (it creates, then drops, a table `edgelite_bench`), with `--auth-token` if needed.
//! Client and server share the machine, so the numbers are for comparing servers and
//! transports under the same load generator, not absolute capacity.
//!
//! Run: `cargo run --release -p edgelite-bench --bin server [-- OPTIONS]`; `--help` lists them.

use std::time::{Duration, Instant};

use edgelite::hrana::proto::{
    Batch, BatchCond, BatchResult, BatchStep, ClientMsg, PipelineReqBody, PipelineRespBody, Request, Response,
    ServerMsg, Stmt, StmtResult, StreamRequest, StreamResponse, StreamResult,
};
use edgelite::hrana::protobuf;
use edgelite::Value;
use edgelite_bench::{arg, percentile};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const ROWS: i64 = 10_000;
const TABLE: &str = "edgelite_bench";
const BATCH: usize = 10;

const HELP: &str = "\
bench/server: requests/s and p50/p99 latency of a Hrana server

  --duration SECS     measured time per cell (default 5)
  --warmup SECS       uncounted time before each cell (default 1)
  --url URL           load this server (http://host:port) instead of an in-process edgelite-server
  --auth-token TOKEN  sent as `Authorization: Bearer` and in the WebSocket hello
  --clients LIST      concurrent clients, comma-separated (default 1,32)
  --transports LIST   of http-json, http-protobuf, ws-json, ws-protobuf (default all)
  --workloads LIST    of select, insert, batch-select, batch-insert (default all)";

#[derive(Clone, Copy, PartialEq, Debug)]
enum Encoding {
    Json,
    Protobuf,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Transport {
    Http(Encoding),
    Ws(Encoding),
}

impl Transport {
    const ALL: [(&'static str, Transport); 4] = [
        ("http-json", Transport::Http(Encoding::Json)),
        ("http-protobuf", Transport::Http(Encoding::Protobuf)),
        ("ws-json", Transport::Ws(Encoding::Json)),
        ("ws-protobuf", Transport::Ws(Encoding::Protobuf)),
    ];
    fn label(self) -> &'static str {
        match self {
            Transport::Http(Encoding::Json) => "HTTP /v3/pipeline, JSON",
            Transport::Http(Encoding::Protobuf) => "HTTP /v3-protobuf/pipeline",
            Transport::Ws(Encoding::Json) => "WebSocket hrana3, JSON",
            Transport::Ws(Encoding::Protobuf) => "WebSocket hrana3-protobuf",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Workload {
    Select,
    Insert,
    BatchSelect,
    BatchInsert,
}

impl Workload {
    const ALL: [(&'static str, Workload); 4] = [
        ("select", Workload::Select),
        ("insert", Workload::Insert),
        ("batch-select", Workload::BatchSelect),
        ("batch-insert", Workload::BatchInsert),
    ];
    fn label(self) -> &'static str {
        match self {
            Workload::Select => "point select",
            Workload::Insert => "insert",
            Workload::BatchSelect => "batch of 10 selects",
            Workload::BatchInsert => "batch of 10 inserts (txn)",
        }
    }
    /// Statements per request that do the work (not counting BEGIN/COMMIT).
    fn statements(self) -> usize {
        match self {
            Workload::Select | Workload::Insert => 1,
            Workload::BatchSelect | Workload::BatchInsert => BATCH,
        }
    }
}

struct Options {
    duration: Duration,
    warmup: Duration,
    url: Option<String>,
    token: Option<String>,
    clients: Vec<usize>,
    transports: Vec<Transport>,
    workloads: Vec<Workload>,
}

fn list<T: Copy>(flag: &str, all: &[(&str, T)]) -> Vec<T> {
    match arg(flag) {
        None => all.iter().map(|(_, t)| *t).collect(),
        Some(names) => names
            .split(',')
            .map(|name| {
                all.iter().find(|(n, _)| *n == name.trim()).map(|(_, t)| *t).unwrap_or_else(|| {
                    let known: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
                    panic!("{flag}: unknown {name:?}; one of {}", known.join(", "))
                })
            })
            .collect(),
    }
}

fn seconds(flag: &str, default: f64) -> Duration {
    let secs = arg(flag).map(|s| s.parse::<f64>().unwrap_or_else(|_| panic!("{flag}: not a number: {s}")));
    Duration::from_secs_f64(secs.unwrap_or(default))
}

fn options() -> Options {
    if std::env::args().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        std::process::exit(0);
    }
    Options {
        duration: seconds("--duration", 5.0),
        warmup: seconds("--warmup", 1.0),
        url: arg("--url").map(|u| u.trim_end_matches('/').to_owned()),
        token: arg("--auth-token"),
        clients: arg("--clients")
            .unwrap_or_else(|| "1,32".into())
            .split(',')
            .map(|n| n.trim().parse().expect("--clients: a comma-separated list of numbers"))
            .collect(),
        transports: list("--transports", &Transport::ALL),
        workloads: list("--workloads", &Workload::ALL),
    }
}

// ----- the requests -----

fn stmt(sql: &str, args: Vec<Value>) -> Stmt {
    Stmt { sql: Some(sql.to_owned()), args, want_rows: Some(true), ..Default::default() }
}

/// A small xorshift generator per client: keys and names without a dependency.
struct Keys(u64);

impl Keys {
    fn next(&mut self) -> i64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % ROWS as u64) as i64 + 1
    }
}

fn select(keys: &mut Keys) -> Stmt {
    stmt(&format!("SELECT id, name, score FROM {TABLE} WHERE id = ?"), vec![Value::Integer(keys.next())])
}

fn insert(keys: &mut Keys) -> Stmt {
    let k = keys.next();
    stmt(
        &format!("INSERT INTO {TABLE}(name, score) VALUES (?, ?)"),
        vec![Value::Text(format!("inserted-{k:08}")), Value::Real(k as f64 * 0.25)],
    )
}

fn batch_of(steps: Vec<Stmt>) -> Batch {
    Batch {
        steps: steps.into_iter().map(|stmt| BatchStep { condition: None, stmt }).collect(),
        replication_index: None,
    }
}

/// `BEGIN`, the statements, `COMMIT`, `ROLLBACK`: each step runs only if the one before
/// succeeded; the rollback only if the commit did not run (libSQL clients' `batch()`).
fn transaction(stmts: Vec<Stmt>) -> Batch {
    let mut all = vec![stmt("BEGIN", vec![])];
    all.extend(stmts);
    all.push(stmt("COMMIT", vec![]));
    let commit = all.len() as u32 - 1;
    let mut steps: Vec<BatchStep> = all
        .into_iter()
        .enumerate()
        .map(|(i, stmt)| BatchStep { condition: (i > 0).then(|| BatchCond::Ok { step: i as u32 - 1 }), stmt })
        .collect();
    steps.push(BatchStep {
        condition: Some(BatchCond::Not { cond: Box::new(BatchCond::Ok { step: commit }) }),
        stmt: stmt("ROLLBACK", vec![]),
    });
    Batch { steps, replication_index: None }
}

/// What one request of a workload carries.
enum Work {
    Stmt(Stmt),
    Batch(Batch),
}

fn work(workload: Workload, keys: &mut Keys) -> Work {
    match workload {
        Workload::Select => Work::Stmt(select(keys)),
        Workload::Insert => Work::Stmt(insert(keys)),
        Workload::BatchSelect => Work::Batch(batch_of((0..BATCH).map(|_| select(keys)).collect())),
        Workload::BatchInsert => Work::Batch(transaction((0..BATCH).map(|_| insert(keys)).collect())),
    }
}

/// Checks a statement's result: a point select must find its row.
fn stmt_ok(workload: Workload, result: &StmtResult) -> Result<(), String> {
    match workload {
        Workload::Select | Workload::BatchSelect if result.rows.len() != 1 => {
            Err(format!("a point select returned {} rows", result.rows.len()))
        }
        _ => Ok(()),
    }
}

/// Checks a batch's result: every step ran, without error (the `ROLLBACK` is skipped).
fn batch_ok(workload: Workload, result: &BatchResult) -> Result<(), String> {
    if let Some(error) = result.step_errors.iter().flatten().next() {
        return Err(format!("a batch step failed: {}", error.message));
    }
    let steps = match workload {
        Workload::BatchInsert => BATCH + 2,
        _ => BATCH,
    };
    for i in 0..steps {
        match result.step_results.get(i) {
            Some(Some(r)) if workload == Workload::BatchSelect => stmt_ok(workload, r)?,
            Some(Some(_)) => {}
            _ => return Err(format!("batch step {i} did not run")),
        }
    }
    Ok(())
}

// ----- HTTP -----

struct Http {
    client: reqwest::Client,
    url: String,
    encoding: Encoding,
    token: Option<String>,
}

impl Http {
    fn new(base: &str, encoding: Encoding, token: Option<String>) -> Http {
        // One client (one keep-alive connection) per simulated client.
        let client = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(1).build().expect("an HTTP client");
        let url = match encoding {
            Encoding::Json => format!("{base}/v3/pipeline"),
            Encoding::Protobuf => format!("{base}/v3-protobuf/pipeline"),
        };
        Http { client, url, encoding, token }
    }

    async fn pipeline(&self, requests: Vec<StreamRequest>) -> Result<Vec<StreamResult>, String> {
        let body = PipelineReqBody { baton: None, requests };
        let bytes = match self.encoding {
            Encoding::Json => serde_json::to_vec(&body).map_err(|e| e.to_string())?,
            Encoding::Protobuf => protobuf::encode(body),
        };
        let content_type = match self.encoding {
            Encoding::Json => "application/json",
            Encoding::Protobuf => "application/x-protobuf",
        };
        let mut request = self.client.post(&self.url).header("content-type", content_type).body(bytes);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| format!("HTTP request failed: {e}"))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| format!("HTTP response failed: {e}"))?;
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&bytes)));
        }
        let body: PipelineRespBody = match self.encoding {
            Encoding::Json => serde_json::from_slice(&bytes).map_err(|e| e.to_string())?,
            Encoding::Protobuf => protobuf::decode(&bytes).map_err(|e| e.to_string())?,
        };
        Ok(body.results)
    }

    /// One request of the workload on a fresh stream: `[execute or batch, close]`.
    async fn request(&self, workload: Workload, work: Work) -> Result<(), String> {
        let first = match work {
            Work::Stmt(stmt) => StreamRequest::Execute { stmt },
            Work::Batch(batch) => StreamRequest::Batch { batch },
        };
        let results = self.pipeline(vec![first, StreamRequest::Close]).await?;
        match results.first() {
            Some(StreamResult::Ok { response: StreamResponse::Execute { result } }) => stmt_ok(workload, result),
            Some(StreamResult::Ok { response: StreamResponse::Batch { result } }) => batch_ok(workload, result),
            Some(StreamResult::Error { error }) => Err(format!("Hrana error: {}", error.message)),
            other => Err(format!("unexpected result {other:?}")),
        }
    }

    /// Runs statements in order on one stream; any error fails.
    async fn run(&self, sqls: &[String]) -> Result<(), String> {
        let mut requests: Vec<StreamRequest> =
            sqls.iter().map(|sql| StreamRequest::Execute { stmt: stmt(sql, vec![]) }).collect();
        requests.push(StreamRequest::Close);
        for result in self.pipeline(requests).await? {
            if let StreamResult::Error { error } = result {
                return Err(error.message);
            }
        }
        Ok(())
    }
}

// ----- WebSocket -----

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

struct Ws {
    socket: Socket,
    encoding: Encoding,
    next_id: i32,
}

const STREAM: i32 = 1;

impl Ws {
    async fn connect(base: &str, encoding: Encoding, token: Option<String>) -> Result<Ws, String> {
        let url = base.replacen("http://", "ws://", 1).replacen("https://", "wss://", 1);
        let mut request = url.into_client_request().map_err(|e| e.to_string())?;
        let protocol = match encoding {
            Encoding::Json => "hrana3",
            Encoding::Protobuf => "hrana3-protobuf",
        };
        request.headers_mut().insert("sec-websocket-protocol", protocol.parse().expect("a header value"));
        let (socket, _) = tokio_tungstenite::connect_async_with_config(request, None, true)
            .await
            .map_err(|e| format!("WebSocket connect failed: {e}"))?;
        let mut ws = Ws { socket, encoding, next_id: 1 };
        ws.send(ClientMsg::Hello { jwt: token }).await?;
        match ws.receive().await? {
            ServerMsg::HelloOk => {}
            other => return Err(format!("hello refused: {other:?}")),
        }
        ws.call(Request::OpenStream { stream_id: STREAM }).await?;
        Ok(ws)
    }

    async fn send(&mut self, msg: ClientMsg) -> Result<(), String> {
        let message = match self.encoding {
            Encoding::Json => Message::Text(serde_json::to_string(&msg).map_err(|e| e.to_string())?.into()),
            Encoding::Protobuf => Message::Binary(protobuf::encode(msg).into()),
        };
        self.socket.send(message).await.map_err(|e| format!("WebSocket send failed: {e}"))
    }

    async fn receive(&mut self) -> Result<ServerMsg, String> {
        loop {
            let message =
                self.socket.next().await.ok_or("the server closed the WebSocket")?.map_err(|e| e.to_string())?;
            return match message {
                Message::Text(text) => serde_json::from_str(&text).map_err(|e| e.to_string()),
                Message::Binary(bytes) => protobuf::decode(&bytes).map_err(|e| e.to_string()),
                Message::Close(frame) => Err(format!("the server closed the WebSocket: {frame:?}")),
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            };
        }
    }

    async fn call(&mut self, request: Request) -> Result<Response, String> {
        let request_id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        self.send(ClientMsg::Request { request_id, request }).await?;
        match self.receive().await? {
            ServerMsg::ResponseOk { request_id: id, response } if id == request_id => Ok(response),
            ServerMsg::ResponseError { error, .. } => Err(format!("Hrana error: {}", error.message)),
            other => Err(format!("unexpected message {other:?}")),
        }
    }

    async fn request(&mut self, workload: Workload, work: Work) -> Result<(), String> {
        let request = match work {
            Work::Stmt(stmt) => Request::Execute { stream_id: STREAM, stmt },
            Work::Batch(batch) => Request::Batch { stream_id: STREAM, batch },
        };
        match self.call(request).await? {
            Response::Execute { result } => stmt_ok(workload, &result),
            Response::Batch { result } => batch_ok(workload, &result),
            other => Err(format!("unexpected response {other:?}")),
        }
    }
}

// ----- running a cell -----

enum Conn {
    Http(Http),
    Ws(Box<Ws>),
}

impl Conn {
    async fn open(base: &str, transport: Transport, token: Option<String>) -> Result<Conn, String> {
        Ok(match transport {
            Transport::Http(encoding) => Conn::Http(Http::new(base, encoding, token)),
            Transport::Ws(encoding) => Conn::Ws(Box::new(Ws::connect(base, encoding, token).await?)),
        })
    }

    async fn request(&mut self, workload: Workload, work: Work) -> Result<(), String> {
        match self {
            Conn::Http(http) => http.request(workload, work).await,
            Conn::Ws(ws) => ws.request(workload, work).await,
        }
    }
}

#[derive(Default)]
struct Samples {
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
}

/// One client: sends requests back to back until `end`; only those sent after `measure_from`
/// count.
async fn client(mut conn: Conn, workload: Workload, seed: u64, measure_from: Instant, end: Instant) -> Samples {
    let mut keys = Keys(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut samples = Samples::default();
    loop {
        let start = Instant::now();
        if start >= end {
            return samples;
        }
        let outcome = conn.request(workload, work(workload, &mut keys)).await;
        let elapsed = start.elapsed();
        if start < measure_from {
            continue;
        }
        match outcome {
            Ok(()) => samples.latencies.push(elapsed),
            Err(e) => {
                samples.errors += 1;
                samples.first_error.get_or_insert(e);
            }
        }
    }
}

struct Cell {
    requests_per_sec: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
    first_error: Option<String>,
}

async fn cell(options: &Options, base: &str, transport: Transport, workload: Workload, clients: usize) -> Cell {
    let mut conns = Vec::with_capacity(clients);
    for _ in 0..clients {
        conns.push(Conn::open(base, transport, options.token.clone()).await.unwrap_or_else(|e| panic!("{e}")));
    }
    let start = Instant::now();
    let measure_from = start + options.warmup;
    let end = measure_from + options.duration;
    let tasks: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(i, conn)| tokio::spawn(client(conn, workload, i as u64 + 1, measure_from, end)))
        .collect();
    let mut all = Samples::default();
    for task in tasks {
        let samples = task.await.expect("a client task");
        all.latencies.extend(samples.latencies);
        all.errors += samples.errors;
        if all.first_error.is_none() {
            all.first_error = samples.first_error;
        }
    }
    // Requests still in flight at `end` finish late; count the time they took.
    let measured = Instant::now().duration_since(measure_from);
    all.latencies.sort_unstable();
    Cell {
        requests_per_sec: all.latencies.len() as f64 / measured.as_secs_f64(),
        p50: percentile(&all.latencies, 50.0),
        p99: percentile(&all.latencies, 99.0),
        errors: all.errors,
        first_error: all.first_error,
    }
}

async fn prepare(options: &Options, base: &str) {
    let http = Http::new(base, Encoding::Json, options.token.clone());
    http.run(&[
        format!("DROP TABLE IF EXISTS {TABLE}"),
        format!("CREATE TABLE {TABLE}(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL NOT NULL)"),
        format!(
            "INSERT INTO {TABLE}(id, name, score) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
             WHERE i < {ROWS}) SELECT i, printf('name-%08d', i), i * 0.5 FROM n"
        ),
    ])
    .await
    .unwrap_or_else(|e| panic!("cannot prepare the table on {base}: {e}"));
}

/// Runs every cell and prints the table; returns whether every request succeeded.
async fn run(options: Options, base: String, server: &str) -> bool {
    prepare(&options, &base).await;
    println!(
        "server: {server}; {} s per cell after {} s of warm-up; {ROWS} rows; one request in flight per client",
        options.duration.as_secs_f64(),
        options.warmup.as_secs_f64()
    );
    println!(
        "{:<28} {:<26} {:>7} {:>10} {:>10} {:>9} {:>9} {:>7}",
        "transport", "workload", "clients", "req/s", "stmts/s", "p50 ms", "p99 ms", "errors"
    );
    let mut failures = vec![];
    for &transport in &options.transports {
        for &workload in &options.workloads {
            for &clients in &options.clients {
                let c = cell(&options, &base, transport, workload, clients).await;
                println!(
                    "{:<28} {:<26} {:>7} {:>10.0} {:>10.0} {:>9.3} {:>9.3} {:>7}",
                    transport.label(),
                    workload.label(),
                    clients,
                    c.requests_per_sec,
                    c.requests_per_sec * workload.statements() as f64,
                    c.p50.as_secs_f64() * 1e3,
                    c.p99.as_secs_f64() * 1e3,
                    c.errors
                );
                if let Some(e) = c.first_error {
                    failures.push(format!("{} / {} / {clients}: {e}", transport.label(), workload.label()));
                }
            }
        }
    }
    for failure in &failures {
        println!("error: {failure}");
    }
    if options.url.is_some() {
        let http = Http::new(&base, Encoding::Json, options.token.clone());
        if let Err(e) = http.run(&[format!("DROP TABLE IF EXISTS {TABLE}")]).await {
            println!("(could not drop {TABLE}: {e})");
        }
    }
    failures.is_empty()
}

fn main() {
    // reqwest is built without a default TLS provider in this workspace (the core brings its
    // own); the load generator's client needs one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let options = options();
    let clients = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    let ok = match options.url.clone() {
        Some(url) => clients.block_on(run(options, url.clone(), &url)),
        None => {
            // The server gets a runtime of its own, as it would in its own process.
            let server_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
            let dir = tempfile::tempdir().expect("a temporary directory");
            let config = edgelite_server::Config::new(dir.path(), "127.0.0.1:0".parse().expect("an address"));
            let server = server_rt.block_on(edgelite_server::Server::start(config)).expect("the server starts");
            let base = format!("http://{}", server.local_addr());
            let label = format!("edgelite-server {} (in-process, {base})", edgelite::VERSION);
            let ok = clients.block_on(run(options, base, &label));
            server_rt.block_on(server.shutdown());
            ok
        }
    };
    // Failed requests mean a broken server or load generator, not a slow one.
    if !ok {
        std::process::exit(1);
    }
}
