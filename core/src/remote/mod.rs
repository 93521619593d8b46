//! Remote mode: the core's Hrana client, over HTTP or WebSocket.
//!
//! Each [`RemoteConnection`] owns one server stream (an HTTP baton, or a WebSocket with one
//! stream), opened lazily. The rules that keep it usable:
//!
//! - **Never stranded.** Outside a transaction, a stream the server has dropped (expired,
//!   restarted, socket closed) is reopened and the request sent again — safe, because the
//!   server refused it before running anything. Inside a transaction that cannot be done; the
//!   call fails with `EDGELITE_REMOTE_TRANSACTION_LOST` and the connection is back in
//!   autocommit (the server rolled back).
//! - **No double writes.** A request is retried only if it never reached the server (the
//!   connection could not be made). A failure after sending is reported, never retried.
//! - **Interrupt** aborts the request in flight; the server stops the statement when the
//!   client goes away.
//! - **Autocommit state** is exact: every request asks for it (`get_autocommit`, or a probe
//!   step on cursors); servers older than Hrana 3 get the SQL inspected instead.

mod cursor;
pub(crate) mod errors;
mod http;
pub(crate) mod runtime;
pub(crate) mod url;
mod ws;

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use cursor::CursorBuffer;
pub(crate) use errors::connect as connect_error;
use errors::{connect, from_hrana, protocol, transaction_lost};

use crate::connection::{ResultSet, TransactionBehavior};
use crate::error::{extended, Error, ErrorCode, Result};
use crate::hrana::proto::{
    self, Batch, BatchCond, BatchResult, BatchStep, CursorEntry, DescribeResult, NamedArg, Stmt, StmtResult,
    StreamRequest, StreamResponse, StreamResult,
};
use crate::params::Parameters;
use crate::statement::Column;
use crate::value::Value;

/// How many times a request that never reached the server is tried.
const ATTEMPTS: u32 = 4;

/// How to reach the server.
pub(crate) struct Settings {
    pub base: String,
    pub transport: url::Transport,
    pub auth_token: Option<String>,
    pub namespace: Option<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Option<Duration>,
}

/// Why a request failed, as far as the stream is concerned.
pub(crate) enum Failure {
    /// It never reached the server (connecting failed): safe to send again.
    NotSent(Error),
    /// The server no longer has our stream and refused the request unrun.
    StreamGone(String),
    /// The connection died after the request was sent: it may or may not have run.
    Lost(Error),
    /// The server answered with an error for the whole request.
    Broken(Error),
}

/// The TLS settings for `https://` and `wss://`: the system's root certificates, ring for
/// cryptography.
pub(crate) fn tls_config() -> Result<rustls::ClientConfig> {
    static CONFIG: OnceLock<std::result::Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            use rustls_platform_verifier::BuilderVerifierExt;
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_platform_verifier()
                .map_err(|e| e.to_string())
                .map(|b| b.with_no_client_auth())
        })
        .clone()
        .map_err(|e| connect(format!("cannot set up TLS: {e}")))
}

/// The TLS setup for a client of `base`: the platform's verifier for `https://`/`wss://`; for a
/// plain `http://`/`ws://` server one that trusts nothing (it is never used, and a machine
/// without CA certificates can still reach a plain server).
pub(crate) fn tls_config_for(base: &str) -> Result<rustls::ClientConfig> {
    if base.starts_with("https:") || base.starts_with("wss:") {
        return tls_config();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| connect(format!("cannot set up TLS: {e}")))?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth())
}

/// A remote database: where it is and how to authenticate.
pub(crate) struct RemoteDatabase {
    settings: Arc<Settings>,
    http: Option<Arc<http::HttpClient>>,
}

/// Options for [`RemoteDatabase::open`].
#[derive(Clone)]
pub(crate) struct RemoteOptions {
    pub auth_token: Option<String>,
    pub namespace: Option<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Option<Duration>,
}

impl RemoteDatabase {
    pub(crate) fn open(url: &str, options: RemoteOptions) -> Result<RemoteDatabase> {
        let endpoint = url::parse(url)?;
        let settings = Arc::new(Settings {
            base: endpoint.base,
            transport: endpoint.transport,
            auth_token: options.auth_token.or(endpoint.auth_token).filter(|t| !t.is_empty()),
            namespace: options.namespace,
            connect_timeout: options.connect_timeout,
            request_timeout: options.request_timeout,
        });
        let http = match settings.transport {
            url::Transport::Http => Some(Arc::new(http::HttpClient::new(settings.clone())?)),
            url::Transport::WebSocket => None,
        };
        Ok(RemoteDatabase { settings, http })
    }

    pub(crate) fn connect(&self) -> Result<Arc<RemoteConnection>> {
        Ok(Arc::new(RemoteConnection {
            settings: self.settings.clone(),
            http: self.http.clone(),
            state: tokio::sync::Mutex::new(State { stream: None, connection_settings: Vec::new(), cursor: None }),
            closed: AtomicBool::new(false),
            lost: AtomicBool::new(false),
            transaction_was_lost: AtomicBool::new(false),
            inflight: Mutex::new(None),
            reading: Mutex::new(None),
            autocommit: AtomicBool::new(true),
            last_insert_rowid: AtomicI64::new(0),
            changes: AtomicU64::new(0),
            total_changes: AtomicU64::new(0),
            deferred_settings: Mutex::new(Vec::new()),
        }))
    }
}

enum Stream {
    Http(http::HttpStream),
    Ws(ws::WsStream),
}

impl Stream {
    async fn version(&self) -> std::result::Result<u8, Failure> {
        match self {
            Stream::Http(s) => Ok(s.flavor().await?.version()),
            Stream::Ws(s) => Ok(s.version()),
        }
    }

    async fn pipeline(&mut self, requests: Vec<StreamRequest>) -> std::result::Result<Vec<StreamResult>, Failure> {
        match self {
            Stream::Http(s) => s.pipeline(requests).await,
            Stream::Ws(s) => s.pipeline(requests).await,
        }
    }

    async fn cursor(
        &mut self,
        batch: Batch,
        buffer: Arc<CursorBuffer>,
    ) -> std::result::Result<tokio::task::JoinHandle<()>, Failure> {
        match self {
            Stream::Http(s) if s.flavor_is_v2().await? => {
                // Hrana 2 has no cursors: run the batch and hand over its results as entries.
                let results = s.pipeline(vec![StreamRequest::Batch { batch }]).await?;
                let result = match results.into_iter().next() {
                    Some(StreamResult::Ok { response: StreamResponse::Batch { result } }) => result,
                    Some(StreamResult::Error { error }) => return Err(Failure::Broken(from_hrana(&error))),
                    _ => return Err(Failure::Broken(protocol("unexpected answer to a batch"))),
                };
                Ok(runtime::spawn(async move {
                    for entry in batch_result_entries(result) {
                        buffer.push(entry).await;
                    }
                    buffer.finish(None);
                }))
            }
            Stream::Http(s) => s.cursor(batch, buffer).await,
            Stream::Ws(s) => s.cursor(batch, buffer).await,
        }
    }

    /// Whether the transport still holds a server stream worth closing.
    fn is_open(&self) -> bool {
        match self {
            Stream::Http(s) => s.is_open(),
            Stream::Ws(s) => s.is_open(),
        }
    }
}

impl http::HttpStream {
    async fn flavor(&self) -> std::result::Result<http::Flavor, Failure> {
        self.client().flavor().await
    }

    async fn flavor_is_v2(&self) -> std::result::Result<bool, Failure> {
        Ok(self.flavor().await? == http::Flavor::V2Json)
    }
}

/// A batch's results as the cursor entries that would have carried them.
pub(crate) fn batch_result_entries(result: BatchResult) -> Vec<CursorEntry> {
    let mut entries = Vec::new();
    for (step, (ok, err)) in result.step_results.into_iter().zip(result.step_errors).enumerate() {
        let step = step as u32;
        match (ok, err) {
            (Some(r), _) => {
                entries.push(CursorEntry::StepBegin { step, cols: r.cols });
                entries.extend(r.rows.into_iter().map(|row| CursorEntry::Row { row }));
                entries.push(CursorEntry::StepEnd {
                    affected_row_count: r.affected_row_count,
                    last_insert_rowid: r.last_insert_rowid,
                });
            }
            (None, Some(error)) => entries.push(CursorEntry::StepError { step, error }),
            (None, None) => {}
        }
    }
    entries
}

/// Records the connection settings among `statements` (the latest value of each wins).
fn remember_settings(settings: &mut Vec<(String, String)>, statements: &[String]) {
    for sql in statements {
        if let Some(name) = crate::sql::connection_setting(sql) {
            settings.retain(|(known, _)| *known != name);
            settings.push((name, sql.trim().trim_end_matches(';').to_owned()));
        }
    }
}

struct State {
    stream: Option<Stream>,
    /// Connection settings made on this connection (`PRAGMA foreign_keys = ON`, the busy
    /// timeout), by name, replayed on every new stream: the server stream is the connection.
    connection_settings: Vec<(String, String)>,
    /// A cursor still being read from the stream.
    cursor: Option<(Arc<CursorBuffer>, tokio::task::JoinHandle<()>)>,
}

/// One connection to a remote database: one server stream.
pub(crate) struct RemoteConnection {
    settings: Arc<Settings>,
    http: Option<Arc<http::HttpClient>>,
    state: tokio::sync::Mutex<State>,
    closed: AtomicBool,
    /// A request was abandoned midway (interrupt, timeout): the stream is in an unknown state.
    lost: AtomicBool,
    /// The last request reported a lost transaction: a `ROLLBACK` now has nothing to do.
    transaction_was_lost: AtomicBool,
    inflight: Mutex<Option<tokio::task::AbortHandle>>,
    /// The cursor being read, if any: interrupting stops its reader too.
    reading: Mutex<Option<(std::sync::Weak<CursorBuffer>, tokio::task::AbortHandle)>>,
    autocommit: AtomicBool,
    last_insert_rowid: AtomicI64,
    changes: AtomicU64,
    total_changes: AtomicU64,
    /// Connection settings to apply before the next request (see [`RemoteConnection::defer_setting`]).
    deferred_settings: Mutex<Vec<String>>,
}

enum Op {
    Pipeline(Vec<StreamRequest>),
    Cursor(Batch),
}

impl Op {
    /// Whether running it twice is harmless (only reads), so it may be retried when the
    /// connection died with it in flight.
    fn idempotent(&self) -> bool {
        let stmt_reads = |s: &Stmt| s.sql.as_deref().is_some_and(crate::sql::is_read_only_sql);
        match self {
            Op::Pipeline(requests) => requests.iter().all(|r| match r {
                StreamRequest::Execute { stmt } => stmt_reads(stmt),
                StreamRequest::Describe { .. } | StreamRequest::GetAutocommit => true,
                _ => false,
            }),
            Op::Cursor(batch) => batch.steps.iter().all(|step| stmt_reads(&step.stmt)),
        }
    }
}

enum Done {
    Results(Vec<StreamResult>),
    Cursor(Arc<CursorBuffer>),
}

fn stmt(sql: &str, params: Parameters, want_rows: bool) -> Stmt {
    let mut stmt = Stmt { sql: Some(sql.to_owned()), want_rows: Some(want_rows), ..Default::default() };
    match params {
        Parameters::None => {}
        Parameters::Positional(values) => stmt.args = values,
        Parameters::Named(values) => {
            stmt.named_args = values.into_iter().map(|(name, value)| NamedArg { name, value }).collect()
        }
    }
    stmt
}

fn response(result: StreamResult) -> Result<StreamResponse> {
    match result {
        StreamResult::Ok { response } => Ok(response),
        StreamResult::Error { error } => Err(from_hrana(&error)),
    }
}

fn unexpected(what: &str) -> Error {
    protocol(format!("unexpected answer to {what}"))
}

/// libSQL's statement-text rules for transaction state, for servers without `get_autocommit`.
fn sniff_autocommit(sql: &str, autocommit: bool) -> bool {
    let words: Vec<String> =
        sql.split_whitespace().take(2).map(|w| w.trim_end_matches(';').to_ascii_uppercase()).collect();
    match (words.first().map(String::as_str), words.get(1).map(String::as_str)) {
        (Some("BEGIN"), _) => false,
        (Some("SAVEPOINT"), _) => false,
        (Some("COMMIT" | "END"), _) => true,
        (Some("ROLLBACK"), Some("TO")) => autocommit,
        (Some("ROLLBACK"), _) => true,
        _ => autocommit,
    }
}

impl RemoteConnection {
    fn check_open(&self) -> Result<()> {
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::closed("connection"));
        }
        Ok(())
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    fn set_autocommit(&self, on: bool) {
        self.autocommit.store(on, Ordering::Release);
    }

    /// Runs `op` on the stream from the calling (blocking) thread.
    fn call(self: &Arc<Self>, op: Op, sql_for_sniffing: Vec<String>) -> Result<Done> {
        self.check_open()?;
        let conn = self.clone();
        let timeout = self.settings.request_timeout;
        let future = async move {
            let run = conn.clone().exec(op, sql_for_sniffing);
            match timeout {
                Some(limit) => match tokio::time::timeout(limit, run).await {
                    Ok(result) => result,
                    Err(_) => {
                        conn.lost.store(true, Ordering::Release);
                        Err(Error::new(
                            extended::EDGELITE_REMOTE_TIMEOUT,
                            format!("the request took longer than {limit:?}"),
                        ))
                    }
                },
                None => run.await,
            }
        };
        let result = runtime::block_on(future, |abort| {
            *self.inflight.lock().unwrap_or_else(|e| e.into_inner()) = Some(abort);
        });
        self.inflight.lock().unwrap_or_else(|e| e.into_inner()).take();
        if matches!(&result, Err(e) if e.code() == ErrorCode::Interrupted && e.message() == "interrupted") {
            // The request was abandoned midway: nobody knows what became of the stream.
            self.lost.store(true, Ordering::Release);
        }
        result
    }

    async fn open_stream(&self) -> std::result::Result<Stream, Failure> {
        match &self.http {
            Some(client) => Ok(Stream::Http(http::HttpStream::new(client.clone()))),
            None => Ok(Stream::Ws(ws::WsStream::connect(&self.settings).await?)),
        }
    }

    async fn exec(self: Arc<Self>, op: Op, sql_for_sniffing: Vec<String>) -> Result<Done> {
        let result = self.clone().exec_inner(op, sql_for_sniffing).await;
        let lost = matches!(&result, Err(e) if e.extended_code() == extended::EDGELITE_REMOTE_TRANSACTION_LOST);
        self.transaction_was_lost.store(lost, Ordering::Release);
        result
    }

    /// Whether the last request reported a lost transaction (and clears that).
    pub(crate) fn take_lost_transaction(&self) -> bool {
        self.transaction_was_lost.swap(false, Ordering::AcqRel)
    }

    async fn exec_inner(self: Arc<Self>, op: Op, sql_for_sniffing: Vec<String>) -> Result<Done> {
        let mut state = self.state.lock().await;
        if self.lost.swap(false, Ordering::AcqRel) {
            state.stream = None;
            if !self.autocommit.load(Ordering::Acquire) {
                self.set_autocommit(true);
                return Err(transaction_lost("an earlier request was interrupted or failed midway"));
            }
        }
        let deferred = std::mem::take(&mut *self.deferred_settings.lock().unwrap_or_else(|e| e.into_inner()));
        if !deferred.is_empty() {
            remember_settings(&mut state.connection_settings, &deferred);
            if let Some(stream) = state.stream.as_mut() {
                let apply = deferred
                    .iter()
                    .map(|sql| StreamRequest::Execute { stmt: stmt(sql, Parameters::None, false) })
                    .collect();
                if stream.pipeline(apply).await.is_err() {
                    state.stream = None; // the next stream replays them
                }
            }
        }
        // A stream serves one request at a time: finish reading any cursor first.
        if let Some((buffer, reader)) = state.cursor.take() {
            buffer.stop_bounding();
            let _ = reader.await;
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let backoff = Duration::from_millis(50 << attempt.min(5));
            if state.stream.is_none() {
                match self.open_stream().await {
                    Ok(stream) => state.stream = Some(stream),
                    Err(Failure::NotSent(_)) if attempt < ATTEMPTS => {
                        tokio::time::sleep(backoff).await;
                        continue;
                    }
                    Err(failure) => return Err(failure.into_error()),
                }
                if !state.connection_settings.is_empty() {
                    let replay = state
                        .connection_settings
                        .iter()
                        .map(|(_, sql)| StreamRequest::Execute { stmt: stmt(sql, Parameters::None, false) })
                        .collect();
                    if let Some(stream) = state.stream.as_mut() {
                        let _ = stream.pipeline(replay).await;
                    }
                }
            }
            let stream = state.stream.as_mut().expect("opened above");
            let outcome = match &op {
                Op::Pipeline(requests) => match stream.version().await {
                    Err(failure) => Err(failure),
                    Ok(version) => {
                        let mut requests = requests.clone();
                        if version >= 3 {
                            requests.push(StreamRequest::GetAutocommit);
                        }
                        stream.pipeline(requests).await.map(|mut results| {
                            if version >= 3 {
                                if let Some(StreamResult::Ok {
                                    response: StreamResponse::GetAutocommit { is_autocommit },
                                }) = results.pop()
                                {
                                    self.set_autocommit(is_autocommit);
                                }
                            } else {
                                let mut autocommit = self.autocommit.load(Ordering::Acquire);
                                for sql in &sql_for_sniffing {
                                    autocommit = sniff_autocommit(sql, autocommit);
                                }
                                self.set_autocommit(autocommit);
                            }
                            Done::Results(results)
                        })
                    }
                },
                Op::Cursor(batch) => match stream.version().await {
                    Err(failure) => Err(failure),
                    Ok(version) => {
                        let mut batch = batch.clone();
                        let probe = (version >= 3).then(|| {
                            batch.steps.push(BatchStep {
                                condition: Some(BatchCond::IsAutocommit),
                                stmt: stmt("SELECT 1", Parameters::None, false),
                            });
                            batch.steps.len() as u32 - 1
                        });
                        if probe.is_none() {
                            let mut autocommit = self.autocommit.load(Ordering::Acquire);
                            for sql in &sql_for_sniffing {
                                autocommit = sniff_autocommit(sql, autocommit);
                            }
                            self.set_autocommit(autocommit);
                        }
                        let conn = Arc::downgrade(&self);
                        let buffer = Arc::new(CursorBuffer::with_probe(
                            probe,
                            Box::new(move |outcome| {
                                if let Some(conn) = conn.upgrade() {
                                    match outcome {
                                        Some(ran) if probe.is_some() => conn.set_autocommit(ran),
                                        Some(_) => {}
                                        None => conn.lost.store(true, Ordering::Release),
                                    }
                                }
                            }),
                        ));
                        match stream.cursor(batch, buffer.clone()).await {
                            Ok(reader) => {
                                *self.reading.lock().unwrap_or_else(|e| e.into_inner()) =
                                    Some((Arc::downgrade(&buffer), reader.abort_handle()));
                                state.cursor = Some((buffer.clone(), reader));
                                Ok(Done::Cursor(buffer))
                            }
                            Err(failure) => Err(failure),
                        }
                    }
                },
            };
            match outcome {
                Ok(done) => {
                    remember_settings(&mut state.connection_settings, &sql_for_sniffing);
                    return Ok(done);
                }
                Err(Failure::NotSent(_)) if attempt < ATTEMPTS => {
                    if matches!(state.stream, Some(Stream::Ws(_))) {
                        state.stream = None;
                    }
                    tokio::time::sleep(backoff).await;
                }
                Err(Failure::NotSent(e)) => return Err(e),
                Err(Failure::StreamGone(why)) => {
                    state.stream = None;
                    if !self.autocommit.load(Ordering::Acquire) {
                        self.set_autocommit(true);
                        return Err(transaction_lost(&why));
                    }
                    if attempt >= ATTEMPTS {
                        return Err(connect(why));
                    }
                }
                Err(Failure::Lost(_))
                    if op.idempotent() && self.autocommit.load(Ordering::Acquire) && attempt < ATTEMPTS =>
                {
                    // A read on a connection that died: reading again is harmless.
                    state.stream = None;
                    tokio::time::sleep(backoff).await;
                }
                Err(Failure::Broken(e) | Failure::Lost(e)) => {
                    state.stream = None;
                    if !self.autocommit.load(Ordering::Acquire) {
                        // The server stream (and its transaction) is out of reach now.
                        self.lost.store(true, Ordering::Release);
                    }
                    return Err(e);
                }
            }
        }
    }

    /// Runs requests; returns their results (statement errors included, as results).
    fn pipeline(self: &Arc<Self>, requests: Vec<StreamRequest>, sql: Vec<String>) -> Result<Vec<StreamResult>> {
        match self.call(Op::Pipeline(requests), sql)? {
            Done::Results(results) => Ok(results),
            Done::Cursor(_) => Err(unexpected("a pipeline")),
        }
    }

    fn record(&self, result: &StmtResult) {
        self.changes.store(result.affected_row_count, Ordering::Relaxed);
        self.total_changes.fetch_add(result.affected_row_count, Ordering::Relaxed);
        if let Some(rowid) = result.last_insert_rowid {
            self.last_insert_rowid.store(rowid, Ordering::Relaxed);
        }
    }

    fn stmt_result(self: &Arc<Self>, sql: &str, params: Parameters, want_rows: bool) -> Result<StmtResult> {
        let request = StreamRequest::Execute { stmt: stmt(sql, params, want_rows) };
        let result = self
            .pipeline(vec![request], vec![sql.to_owned()])?
            .into_iter()
            .next()
            .ok_or_else(|| unexpected("execute"))?;
        match response(result)? {
            StreamResponse::Execute { result } => {
                self.record(&result);
                Ok(result)
            }
            _ => Err(unexpected("execute")),
        }
    }

    pub(crate) fn execute(self: &Arc<Self>, sql: &str, params: Parameters) -> Result<u64> {
        self.stmt_result(sql, params, false).map(|r| r.affected_row_count)
    }

    pub(crate) fn run(self: &Arc<Self>, sql: &str, params: Parameters) -> Result<ResultSet> {
        let result = self.stmt_result(sql, params, true)?;
        Ok(result_set(result))
    }

    /// Runs a query through a cursor, so rows arrive as they are read.
    pub(crate) fn query(self: &Arc<Self>, sql: &str, params: Parameters) -> Result<RemoteRows> {
        let batch = Batch {
            steps: vec![BatchStep { condition: None, stmt: stmt(sql, params, true) }],
            replication_index: None,
        };
        match self.call(Op::Cursor(batch), vec![sql.to_owned()])? {
            Done::Cursor(buffer) => RemoteRows::start(self.clone(), buffer),
            Done::Results(_) => Err(unexpected("a cursor")),
        }
    }

    pub(crate) fn describe(self: &Arc<Self>, sql: &str) -> Result<DescribeResult> {
        let request = StreamRequest::Describe { sql: Some(sql.to_owned()), sql_id: None };
        let result = self.pipeline(vec![request], vec![])?.into_iter().next().ok_or_else(|| unexpected("describe"))?;
        match response(result)? {
            StreamResponse::Describe { result } => Ok(result),
            _ => Err(unexpected("describe")),
        }
    }

    pub(crate) fn execute_batch(self: &Arc<Self>, sql: &str) -> Result<()> {
        let request = StreamRequest::Sequence { sql: Some(sql.to_owned()), sql_id: None };
        let pieces = crate::sql::split_statements(sql).into_iter().map(str::to_owned).collect();
        let result = self.pipeline(vec![request], pieces)?.into_iter().next().ok_or_else(|| unexpected("sequence"))?;
        response(result).map(drop)
    }

    /// Runs statements atomically in one round trip: a transaction (or, inside one, a
    /// savepoint) whose steps each run only if the previous one succeeded, and which rolls back
    /// if any failed.
    pub(crate) fn batch(
        self: &Arc<Self>,
        behavior: TransactionBehavior,
        statements: Vec<(String, Parameters)>,
    ) -> Result<Vec<ResultSet>> {
        let nested = !self.autocommit.load(Ordering::Acquire);
        let count = statements.len() as u32;
        let mut steps = Vec::with_capacity(statements.len() + 4);
        let open = if nested { "SAVEPOINT edgelite_batch".to_owned() } else { behavior_sql(behavior).to_owned() };
        steps.push(BatchStep { condition: None, stmt: stmt(&open, Parameters::None, false) });
        for (i, (sql, params)) in statements.into_iter().enumerate() {
            steps.push(BatchStep { condition: Some(BatchCond::Ok { step: i as u32 }), stmt: stmt(&sql, params, true) });
        }
        let last = count;
        let close = count + 1;
        let close_sql = if nested { "RELEASE edgelite_batch" } else { "COMMIT" };
        steps.push(BatchStep {
            condition: Some(BatchCond::Ok { step: last }),
            stmt: stmt(close_sql, Parameters::None, false),
        });
        let undo = Some(BatchCond::Not { cond: Box::new(BatchCond::Ok { step: close }) });
        if nested {
            steps.push(BatchStep {
                condition: undo.clone(),
                stmt: stmt("ROLLBACK TO edgelite_batch", Parameters::None, false),
            });
            steps.push(BatchStep { condition: undo, stmt: stmt("RELEASE edgelite_batch", Parameters::None, false) });
        } else {
            steps.push(BatchStep { condition: undo, stmt: stmt("ROLLBACK", Parameters::None, false) });
        }
        let request = StreamRequest::Batch { batch: Batch { steps, replication_index: None } };
        let result = self.pipeline(vec![request], vec![])?.into_iter().next().ok_or_else(|| unexpected("batch"))?;
        let StreamResponse::Batch { result } = response(result)? else { return Err(unexpected("batch")) };
        // The first error, in step order, is the batch's error.
        for (step, error) in result.step_errors.iter().enumerate() {
            if let Some(error) = error {
                let err = from_hrana(error);
                let step = step as u32;
                return Err(if (1..=count).contains(&step) { err.at_statement(step as usize - 1) } else { err });
            }
        }
        let mut out = Vec::with_capacity(count as usize);
        for i in 1..=count as usize {
            let r = result.step_results.get(i).cloned().flatten().ok_or_else(|| unexpected("batch"))?;
            self.record(&r);
            out.push(result_set(r));
        }
        Ok(out)
    }

    pub(crate) fn is_autocommit(&self) -> Result<bool> {
        self.check_open()?;
        Ok(self.autocommit.load(Ordering::Acquire))
    }

    pub(crate) fn last_insert_rowid(&self) -> Result<i64> {
        self.check_open()?;
        Ok(self.last_insert_rowid.load(Ordering::Relaxed))
    }

    pub(crate) fn changes(&self) -> Result<u64> {
        self.check_open()?;
        Ok(self.changes.load(Ordering::Relaxed))
    }

    pub(crate) fn total_changes(&self) -> Result<u64> {
        self.check_open()?;
        Ok(self.total_changes.load(Ordering::Relaxed))
    }

    /// Aborts the request in flight, if any, and stops reading a cursor still being read (the
    /// server stops the statement when the client goes away).
    pub(crate) fn interrupt(&self) {
        if let Some(abort) = self.inflight.lock().unwrap_or_else(|e| e.into_inner()).take() {
            abort.abort();
        }
        if let Some((buffer, reader)) = self.reading.lock().unwrap_or_else(|e| e.into_inner()).take() {
            if let Some(buffer) = buffer.upgrade() {
                if !reader.is_finished() {
                    reader.abort();
                    self.lost.store(true, Ordering::Release);
                    buffer.finish(Some(Error::with_code(ErrorCode::Interrupted, "interrupted")));
                }
            }
        }
    }

    /// Applies a connection setting (`sql` as [`crate::sql::connection_setting`] accepts it)
    /// before the next request, without a round trip now: a replica sets it on the primary
    /// this way, so it works offline.
    pub(crate) fn defer_setting(&self, sql: &str) {
        self.deferred_settings.lock().unwrap_or_else(|e| e.into_inner()).push(sql.to_owned());
    }

    pub(crate) fn set_busy_timeout(self: &Arc<Self>, timeout: Duration) -> Result<()> {
        self.check_open()?;
        let ms = timeout.as_millis() as u64;
        let sql = format!("PRAGMA busy_timeout = {ms}");
        // Remembered, like every connection setting, and replayed on each new stream.
        self.stmt_result(&sql, Parameters::None, false).map(drop)
    }

    /// Closes the connection; the server stream is closed in the background.
    pub(crate) fn close(&self) -> Result<()> {
        if self.closed.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        self.interrupt();
        if let Ok(mut state) = self.state.try_lock() {
            if let Some(mut stream) = state.stream.take() {
                if stream.is_open() {
                    runtime::spawn(async move {
                        let _ = stream.pipeline(vec![StreamRequest::Close]).await;
                    });
                }
            }
        }
        Ok(())
    }
}

impl Drop for RemoteConnection {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

fn behavior_sql(behavior: TransactionBehavior) -> &'static str {
    match behavior {
        TransactionBehavior::Deferred => "BEGIN DEFERRED",
        TransactionBehavior::Immediate => "BEGIN IMMEDIATE",
        TransactionBehavior::Exclusive => "BEGIN EXCLUSIVE",
        TransactionBehavior::ReadOnly => "BEGIN TRANSACTION READONLY",
    }
}

fn columns(cols: Vec<proto::Col>) -> Arc<[Column]> {
    cols.into_iter().map(|c| Column::new(c.name.unwrap_or_default(), c.decltype)).collect()
}

fn result_set(result: StmtResult) -> ResultSet {
    ResultSet {
        columns: columns(result.cols),
        rows: result.rows,
        changes: result.affected_row_count,
        last_insert_rowid: result.last_insert_rowid.unwrap_or(0),
    }
}

/// A remote statement: prepared by `describe`, run by sending its SQL.
pub(crate) struct RemoteStatement {
    conn: Arc<RemoteConnection>,
    sql: String,
    columns: Arc<[Column]>,
    params: Vec<Option<String>>,
    readonly: bool,
    explain: bool,
}

impl RemoteStatement {
    pub(crate) fn prepare(conn: &Arc<RemoteConnection>, sql: &str) -> Result<RemoteStatement> {
        let described = conn.describe(sql)?;
        Ok(RemoteStatement {
            conn: conn.clone(),
            sql: sql.to_owned(),
            columns: described.cols.into_iter().map(|c| Column::new(c.name, c.decltype)).collect(),
            params: described.params.into_iter().map(|p| p.name).collect(),
            readonly: described.is_readonly,
            explain: described.is_explain,
        })
    }

    pub(crate) fn connection(&self) -> &Arc<RemoteConnection> {
        &self.conn
    }

    pub(crate) fn sql(&self) -> &str {
        &self.sql
    }

    pub(crate) fn columns(&self) -> &[Column] {
        &self.columns
    }

    pub(crate) fn parameter_count(&self) -> usize {
        self.params.len()
    }

    pub(crate) fn parameter_name(&self, index: usize) -> Option<String> {
        index.checked_sub(1).and_then(|i| self.params.get(i)).cloned().flatten()
    }

    pub(crate) fn is_readonly(&self) -> bool {
        self.readonly
    }

    pub(crate) fn is_explain(&self) -> bool {
        self.explain
    }
}

/// Rows arriving from a cursor.
pub(crate) struct RemoteRows {
    conn: Arc<RemoteConnection>,
    buffer: Arc<CursorBuffer>,
    columns: Arc<[Column]>,
    current: Vec<Value>,
    /// The statement's end: rows changed and the last insert rowid.
    end: Option<(u64, i64)>,
    /// Called once the cursor has ended (or the rows are dropped).
    on_end: Option<Box<dyn FnOnce() + Send>>,
}

impl RemoteRows {
    /// Waits for the statement to start (its columns), or to fail.
    fn start(conn: Arc<RemoteConnection>, buffer: Arc<CursorBuffer>) -> Result<RemoteRows> {
        loop {
            match buffer.pop()? {
                Some(CursorEntry::StepBegin { cols, .. }) => {
                    return Ok(RemoteRows {
                        conn,
                        buffer,
                        columns: columns(cols),
                        current: Vec::new(),
                        end: None,
                        on_end: None,
                    })
                }
                Some(CursorEntry::StepError { error, .. } | CursorEntry::Error { error }) => {
                    // Read the rest (the autocommit probe), so the connection's state is the one
                    // after the failed statement when the error is returned.
                    while let Ok(Some(_)) = buffer.pop() {}
                    return Err(from_hrana(&error));
                }
                Some(_) => continue,
                None => return Err(protocol("the cursor ended before its statement began")),
            }
        }
    }

    /// Calls `f` once the cursor has ended (or the rows are dropped).
    pub(crate) fn on_end(mut self, f: impl FnOnce() + Send + 'static) -> RemoteRows {
        self.on_end = Some(Box::new(f));
        self
    }

    /// The statement ended: read the rest of the cursor (the hidden autocommit probe), so the
    /// connection's state is the one after the statement, then run `on_end`.
    fn ended(&mut self) {
        while let Ok(Some(_)) = self.buffer.pop() {}
        if let Some(f) = self.on_end.take() {
            f();
        }
    }

    pub(crate) fn columns(&self) -> &Arc<[Column]> {
        &self.columns
    }

    pub(crate) fn current(&self) -> &[Value] {
        &self.current
    }

    /// Moves to the next row; `false` at the end.
    pub(crate) fn advance(&mut self) -> Result<bool> {
        if self.end.is_some() {
            return Ok(false);
        }
        loop {
            match self.buffer.pop()? {
                Some(CursorEntry::Row { row }) => {
                    self.current = row;
                    return Ok(true);
                }
                Some(CursorEntry::StepEnd { affected_row_count, last_insert_rowid }) => {
                    let record = StmtResult { affected_row_count, last_insert_rowid, ..Default::default() };
                    self.conn.record(&record);
                    self.end = Some((
                        affected_row_count,
                        last_insert_rowid.unwrap_or_else(|| self.conn.last_insert_rowid.load(Ordering::Relaxed)),
                    ));
                    self.ended();
                    return Ok(false);
                }
                Some(CursorEntry::StepError { error, .. } | CursorEntry::Error { error }) => {
                    self.end = Some((0, 0));
                    self.ended();
                    return Err(from_hrana(&error));
                }
                Some(CursorEntry::StepBegin { .. }) => continue,
                None => {
                    self.end = Some((0, self.conn.last_insert_rowid.load(Ordering::Relaxed)));
                    self.ended();
                    return Ok(false);
                }
            }
        }
    }

    pub(crate) fn finish(&mut self) -> Result<(u64, i64)> {
        while self.advance()? {}
        Ok(self.end.unwrap_or((0, 0)))
    }
}

impl Drop for RemoteRows {
    fn drop(&mut self) {
        self.buffer.abandon();
        if let Some(f) = self.on_end.take() {
            f();
        }
    }
}
