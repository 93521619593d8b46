//! Hrana over HTTP: `/v2/pipeline`, `/v3[-protobuf]/pipeline`, `/v3[-protobuf]/cursor`.
//!
//! A stream is a server-side connection tied together across requests by a baton: the stream
//! id and a sequence number, signed with a per-process HMAC key. Every response carries a new
//! baton; an old one (a replay) or a forged one is refused. Streams idle for
//! `stream_idle_timeout` are closed (rolling back their transaction); their ids are remembered
//! for a while so a late request gets `STREAM_EXPIRED` rather than a puzzling "invalid baton".

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use edgelite::hrana::proto::{
    CursorEntry, CursorReqBody, CursorRespBody, Error, PipelineReqBody, PipelineRespBody, StreamRequest,
    StreamResponse, StreamResult,
};
use edgelite::hrana::protobuf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::sync::{mpsc, watch};

use super::exec::{self, Context, ExecError};
use super::InterruptOnDrop;
use crate::auth::Access;
use crate::error::{ApiError, Encoding};
use crate::namespaces::{Namespace, StreamConnection};
use crate::{AppState, Config};

/// One HTTP stream.
struct HttpStream {
    namespace: Arc<Namespace>,
    state: Mutex<StreamState>,
}

struct StreamState {
    /// The connection; `None` while a request is using it.
    conn: Option<StreamConnection>,
    /// The sequence number the next baton must carry.
    seq: u64,
    stored_sql: HashMap<i32, String>,
    last_used: Instant,
}

/// The open HTTP streams of the server.
pub struct HttpStreams {
    key: [u8; 32],
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<HttpStream>>>,
    /// Ids of streams closed for inactivity, with when that happened.
    expired: Mutex<HashMap<u64, Instant>>,
    idle_timeout: Duration,
    expired_memory: Duration,
    max_streams: usize,
}

type HmacSha256 = Hmac<Sha256>;

impl HttpStreams {
    pub fn new(config: &Config) -> HttpStreams {
        let mut key = [0u8; 32];
        rand::fill(&mut key);
        HttpStreams {
            key,
            next_id: AtomicU64::new(1),
            open: Mutex::new(HashMap::new()),
            expired: Mutex::new(HashMap::new()),
            idle_timeout: config.stream_idle_timeout,
            expired_memory: config.expired_stream_memory,
            max_streams: config.max_http_streams,
        }
    }

    fn mac(&self, id: u64, seq: u64) -> [u8; 32] {
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.key).expect("any key length works for HMAC");
        mac.update(&id.to_be_bytes());
        mac.update(&seq.to_be_bytes());
        mac.finalize().into_bytes().into()
    }

    fn baton(&self, id: u64, seq: u64) -> String {
        let mut bytes = Vec::with_capacity(48);
        bytes.extend_from_slice(&id.to_be_bytes());
        bytes.extend_from_slice(&seq.to_be_bytes());
        bytes.extend_from_slice(&self.mac(id, seq));
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The stream id and sequence number of a genuine baton.
    fn parse_baton(&self, baton: &str) -> Option<(u64, u64)> {
        let bytes = URL_SAFE_NO_PAD.decode(baton).ok()?;
        if bytes.len() != 48 {
            return None;
        }
        let id = u64::from_be_bytes(bytes[0..8].try_into().ok()?);
        let seq = u64::from_be_bytes(bytes[8..16].try_into().ok()?);
        let expected = self.mac(id, seq);
        // Constant-time comparison: batons are credentials.
        let diff = expected.iter().zip(&bytes[16..]).fold(0u8, |acc, (a, b)| acc | (a ^ b));
        (diff == 0).then_some((id, seq))
    }

    /// The number of open streams (for tests and metrics).
    pub fn open_count(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// A stream checked out for one request.
struct Lease {
    id: u64,
    stream: Arc<HttpStream>,
    conn: StreamConnection,
    stored_sql: HashMap<i32, String>,
}

fn invalid_baton() -> ApiError {
    ApiError::Protocol("Received an invalid baton".into())
}

fn stream_expired(encoding: Encoding) -> ApiError {
    ApiError::Hrana(
        StatusCode::BAD_REQUEST,
        Error {
            message: "The stream has expired due to inactivity".into(),
            code: Some("STREAM_EXPIRED".into()),
            extended_code: None,
        },
        encoding,
    )
}

/// Opens a new stream or takes the one a baton names.
async fn lease(
    state: &AppState,
    namespace: &Arc<Namespace>,
    baton: Option<&str>,
    encoding: Encoding,
) -> Result<Lease, ApiError> {
    let streams = &state.streams;
    let Some(baton) = baton else {
        if streams.open_count() >= streams.max_streams {
            return Err(ApiError::Unavailable("Too many open streams".into()));
        }
        let ns = namespace.clone();
        let conn = tokio::task::spawn_blocking(move || ns.connect())
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(format!("cannot open a stream: {e}")))?;
        let id = streams.next_id.fetch_add(1, Ordering::Relaxed);
        let stream = Arc::new(HttpStream {
            namespace: namespace.clone(),
            state: Mutex::new(StreamState {
                conn: None,
                seq: 0,
                stored_sql: HashMap::new(),
                last_used: Instant::now(),
            }),
        });
        streams.open.lock().unwrap_or_else(|e| e.into_inner()).insert(id, stream.clone());
        return Ok(Lease { id, stream, conn, stored_sql: HashMap::new() });
    };
    let (id, seq) = streams.parse_baton(baton).ok_or_else(invalid_baton)?;
    let stream = streams.open.lock().unwrap_or_else(|e| e.into_inner()).get(&id).cloned();
    let Some(stream) = stream else {
        let expired = streams.expired.lock().unwrap_or_else(|e| e.into_inner()).contains_key(&id);
        return Err(if expired { stream_expired(encoding) } else { invalid_baton() });
    };
    if !Arc::ptr_eq(&stream.namespace, namespace) {
        return Err(invalid_baton());
    }
    let mut st = stream.state.lock().unwrap_or_else(|e| e.into_inner());
    // A baton is good for exactly one request: an old one, or a busy stream, is refused.
    if st.seq != seq {
        return Err(ApiError::Protocol("Received an invalid baton: it was already used".into()));
    }
    let conn =
        st.conn.take().ok_or_else(|| ApiError::Protocol("Received an invalid baton: the stream is busy".into()))?;
    let stored_sql = std::mem::take(&mut st.stored_sql);
    drop(st);
    Ok(Lease { id, stream, conn, stored_sql })
}

/// Gives a stream back after a request and returns its next baton, or closes it (`None`).
fn release(streams: &HttpStreams, lease: Lease, close: bool) -> Option<String> {
    if close {
        streams.open.lock().unwrap_or_else(|e| e.into_inner()).remove(&lease.id);
        return None;
    }
    let mut st = lease.stream.state.lock().unwrap_or_else(|e| e.into_inner());
    st.seq += 1;
    st.conn = Some(lease.conn);
    st.stored_sql = lease.stored_sql;
    st.last_used = Instant::now();
    Some(streams.baton(lease.id, st.seq))
}

/// Closes streams idle for longer than the timeout, and forgets long-expired ids.
pub async fn reap_idle_streams(state: Arc<AppState>, mut stop: watch::Receiver<bool>) {
    let period = (state.streams.idle_timeout / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
    let mut tick = tokio::time::interval(period);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let streams = &state.streams;
        let now = Instant::now();
        let mut closed = Vec::new();
        {
            let mut open = streams.open.lock().unwrap_or_else(|e| e.into_inner());
            open.retain(|id, stream| {
                let st = stream.state.lock().unwrap_or_else(|e| e.into_inner());
                let idle = st.conn.is_some() && now.duration_since(st.last_used) > streams.idle_timeout;
                if idle {
                    closed.push((*id, stream.clone()));
                }
                !idle
            });
        }
        let mut expired = streams.expired.lock().unwrap_or_else(|e| e.into_inner());
        expired.retain(|_, at| now.duration_since(*at) < streams.expired_memory);
        for (id, stream) in closed {
            expired.insert(id, now);
            // Closing a connection can block (rolling back); do it off the executor.
            let conn = stream.state.lock().unwrap_or_else(|e| e.into_inner()).conn.take();
            if let Some(conn) = conn {
                tokio::task::spawn_blocking(move || drop(conn));
            }
        }
    }
}

fn decode<T: serde::de::DeserializeOwned + protobuf::Protobuf>(body: &[u8], encoding: Encoding) -> Result<T, ApiError> {
    match encoding {
        Encoding::Json => serde_json::from_slice(body)
            .map_err(|e| ApiError::Protocol(format!("Could not parse the request body: {e}"))),
        Encoding::Protobuf => {
            protobuf::decode(body).map_err(|e| ApiError::Protocol(format!("Could not parse the request body: {e}")))
        }
    }
}

fn encode<T: serde::Serialize + protobuf::Protobuf>(value: T, encoding: Encoding) -> Response {
    match encoding {
        Encoding::Json => match serde_json::to_vec(&value) {
            Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
            Err(e) => ApiError::Internal(format!("cannot encode the response: {e}")).into_response(),
        },
        Encoding::Protobuf => {
            ([(header::CONTENT_TYPE, "application/x-protobuf")], protobuf::encode(value)).into_response()
        }
    }
}

/// Runs a pipeline's requests in order; returns the results and whether the stream closed.
fn run_pipeline(
    ctx: &Context<'_>,
    stored_sql: &mut HashMap<i32, String>,
    max_stored_sql: usize,
    requests: Vec<StreamRequest>,
) -> Result<(Vec<StreamResult>, bool), ExecError> {
    if ctx.access == crate::auth::Access::ReadOnly {
        let mut texts = Vec::new();
        for request in &requests {
            match request {
                StreamRequest::Execute { stmt } => {
                    texts.extend(exec::resolve_sql(stmt.sql.clone(), stmt.sql_id, stored_sql).ok())
                }
                StreamRequest::Batch { batch } => texts.extend(
                    batch
                        .steps
                        .iter()
                        .filter_map(|s| exec::resolve_sql(s.stmt.sql.clone(), s.stmt.sql_id, stored_sql).ok()),
                ),
                StreamRequest::Sequence { sql, sql_id } => {
                    texts.extend(exec::resolve_sql(sql.clone(), *sql_id, stored_sql).ok())
                }
                _ => {}
            }
        }
        exec::check_sql_access(ctx, texts.iter().map(String::as_str))?;
    }
    let mut results = Vec::with_capacity(requests.len());
    let mut closed = false;
    for request in requests {
        if closed {
            results.push(StreamResult::Error {
                error: Error {
                    message: "The stream was closed".into(),
                    code: Some("STREAM_CLOSED".into()),
                    extended_code: None,
                },
            });
            continue;
        }
        let outcome = match request {
            StreamRequest::Close => {
                closed = true;
                Ok(StreamResponse::Close)
            }
            StreamRequest::Execute { mut stmt } => exec::resolve_stmt(&mut stmt, stored_sql)
                .and_then(|()| exec::execute_stmt(ctx, stmt))
                .map(|result| StreamResponse::Execute { result }),
            StreamRequest::Batch { mut batch } => exec::resolve_batch(&mut batch, stored_sql)
                .and_then(|()| exec::execute_batch(ctx, batch))
                .map(|result| StreamResponse::Batch { result }),
            StreamRequest::Sequence { sql, sql_id } => exec::resolve_sql(sql, sql_id, stored_sql)
                .and_then(|sql| exec::execute_sequence(ctx, &sql))
                .map(|()| StreamResponse::Sequence),
            StreamRequest::Describe { sql, sql_id } => exec::resolve_sql(sql, sql_id, stored_sql)
                .and_then(|sql| exec::describe(ctx, &sql))
                .map(|result| StreamResponse::Describe { result }),
            StreamRequest::StoreSql { sql_id, sql } => {
                if stored_sql.contains_key(&sql_id) {
                    return Err(ExecError::Protocol(format!("SQL text id {sql_id} is already in use")));
                }
                if stored_sql.len() >= max_stored_sql {
                    Err(ExecError::stmt(
                        "SQL_STORE_TOO_MANY",
                        format!("at most {max_stored_sql} SQL texts can be stored"),
                    ))
                } else {
                    stored_sql.insert(sql_id, sql);
                    Ok(StreamResponse::StoreSql)
                }
            }
            StreamRequest::CloseSql { sql_id } => {
                stored_sql.remove(&sql_id);
                Ok(StreamResponse::CloseSql)
            }
            StreamRequest::GetAutocommit if ctx.version >= 3 => ctx
                .conn
                .is_autocommit()
                .map(|is_autocommit| StreamResponse::GetAutocommit { is_autocommit })
                .map_err(Into::into),
            StreamRequest::GetAutocommit => return Err(ExecError::Protocol("get_autocommit needs Hrana 3".into())),
        };
        match outcome {
            Ok(response) => results.push(StreamResult::Ok { response }),
            Err(ExecError::Stmt(error)) => results.push(StreamResult::Error { error }),
            Err(other) => return Err(other),
        }
    }
    Ok((results, closed))
}

fn exec_error(err: ExecError) -> ApiError {
    match err {
        ExecError::Forbidden(message) => ApiError::Forbidden(message),
        ExecError::Protocol(message) => ApiError::Protocol(message),
        ExecError::Stmt(error) => ApiError::Protocol(error.message),
    }
}

/// `POST /v2/pipeline`, `/v3/pipeline`, `/v3-protobuf/pipeline`.
pub async fn pipeline(
    state: Arc<AppState>,
    headers: HeaderMap,
    body: Bytes,
    version: u8,
    encoding: Encoding,
) -> Result<Response, ApiError> {
    let client = state.client(&headers)?;
    let request: PipelineReqBody = decode(&body, encoding)?;
    let mut lease = lease(&state, &client.namespace, request.baton.as_deref(), encoding).await?;
    let (access, max_response_bytes, max_stored_sql) =
        (client.access, state.config.max_response_bytes, state.config.max_stored_sql);
    let abandoned_state = state.clone();
    let lease_id = lease.id;
    let guard = InterruptOnDrop::new(lease.conn.interrupt_handle()).on_abandon(move || {
        // Nobody will come back for this stream: forget it (the connection closes once the
        // interrupted statement has stopped).
        abandoned_state.streams.open.lock().unwrap_or_else(|e| e.into_inner()).remove(&lease_id);
    });
    let namespace = client.namespace.clone();
    let (lease_back, outcome) = tokio::task::spawn_blocking(move || {
        let ctx = Context { conn: &lease.conn, access, max_response_bytes, version };
        let outcome = run_pipeline(&ctx, &mut lease.stored_sql, max_stored_sql, request.requests);
        // Whatever committed is in the frame log before the client hears back, so a replica
        // that syncs next sees it (the WAL hook usually did this already).
        let _ = namespace.database().capture_commits();
        (lease, outcome)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("the request failed: {e}")))?;
    guard.disarm();
    match outcome {
        Ok((results, closed)) => {
            let baton = release(&state.streams, lease_back, closed);
            Ok(encode(PipelineRespBody { baton, base_url: state.config.self_url.clone(), results }, encoding))
        }
        Err(err) => {
            // The client gets no baton; the stream is closed now rather than left to expire.
            release(&state.streams, lease_back, true);
            Err(exec_error(err))
        }
    }
}

/// `POST /v3/cursor`, `/v3-protobuf/cursor`: streams the batch's entries as they are produced.
pub async fn cursor(
    state: Arc<AppState>,
    headers: HeaderMap,
    body: Bytes,
    encoding: Encoding,
) -> Result<Response, ApiError> {
    let client = state.client(&headers)?;
    let request: CursorReqBody = decode(&body, encoding)?;
    let mut lease = lease(&state, &client.namespace, request.baton.as_deref(), encoding).await?;
    let mut batch = request.batch;
    if let Err(err) = exec::resolve_batch(&mut batch, &lease.stored_sql) {
        release(&state.streams, lease, true);
        return Err(exec_error(err));
    }
    let access = client.access;
    if access == Access::ReadOnly {
        let (lease_back, checked) = tokio::task::spawn_blocking(move || {
            let ctx = Context { conn: &lease.conn, access, max_response_bytes: usize::MAX, version: 3 };
            let checked = exec::check_batch_access(&ctx, &batch).map(|()| batch);
            (lease, checked)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
        lease = lease_back;
        match checked {
            Ok(b) => batch = b,
            Err(err) => {
                release(&state.streams, lease, true);
                return Err(exec_error(err));
            }
        }
    }
    // The next baton is handed out first; the stream stays busy until the batch has run.
    let next_baton = {
        let st = lease.stream.state.lock().unwrap_or_else(|e| e.into_inner());
        state.streams.baton(lease.id, st.seq + 1)
    };
    let head = CursorRespBody { baton: Some(next_baton), base_url: state.config.self_url.clone() };
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let mut first = Vec::new();
    push_frame(&mut first, head, encoding);
    let _ = tx.try_send(Ok(Bytes::from(first)));
    let streams_state = state.clone();
    // Shared with the task below, which disarms it once the batch has run (see there).
    let guard = Arc::new(Mutex::new(Some(InterruptOnDrop::new(lease.conn.interrupt_handle()))));
    let task_guard = guard.clone();
    tokio::task::spawn_blocking(move || {
        let ctx = Context { conn: &lease.conn, access, max_response_bytes: usize::MAX, version: 3 };
        let mut buffer = Vec::with_capacity(64 * 1024);
        let mut open = true;
        let mut emit = |entry: CursorEntry| {
            // Only what precedes this entry is sent: the last entry stays here until the
            // stream has been released below.
            if buffer.len() >= 32 * 1024 {
                open = tx.blocking_send(Ok(Bytes::from(std::mem::take(&mut buffer)))).is_ok();
            }
            push_frame(&mut buffer, entry, encoding);
            open
        };
        let outcome = exec::run_cursor(&ctx, batch, &mut emit);
        if let Err(err) = outcome {
            let message = match err {
                ExecError::Protocol(m) | ExecError::Forbidden(m) => m,
                ExecError::Stmt(e) => e.message,
            };
            emit(CursorEntry::Error {
                error: Error { message, code: Some("PROTOCOL_ERROR".into()), extended_code: None },
            });
        }
        // The batch has run: the stream is given back (its next baton, sent first, becomes
        // good) before the client can see the last entry. A client may send its next request
        // as soon as it has read that entry, without waiting for the end of the body (the
        // libsql crate does); released after the send, that request would race the release and
        // could find the baton "already used". Nothing is left to interrupt either: the next
        // request's statements must not be interrupted by this body being dropped.
        if let Some(guard) = task_guard.lock().unwrap_or_else(|e| e.into_inner()).take() {
            guard.disarm();
        }
        release(&streams_state.streams, lease, false);
        if !buffer.is_empty() {
            let _ = tx.blocking_send(Ok(Bytes::from(buffer)));
        }
    });
    let content_type = match encoding {
        Encoding::Json => "text/plain",
        Encoding::Protobuf => "application/octet-stream",
    };
    let body = Body::from_stream(GuardedBody { rx, guard });
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

/// JSON: one value per line. Protobuf: varint length-delimited messages.
fn push_frame<T: serde::Serialize + protobuf::Protobuf>(out: &mut Vec<u8>, value: T, encoding: Encoding) {
    match encoding {
        Encoding::Json => {
            if serde_json::to_writer(&mut *out, &value).is_ok() {
                out.push(b'\n');
            }
        }
        Encoding::Protobuf => out.extend_from_slice(&protobuf::encode_length_delimited(value)),
    }
}

/// A cursor's response body: dropping it before the batch has run (the client went away)
/// interrupts the statement still producing it.
struct GuardedBody {
    rx: mpsc::Receiver<Result<Bytes, std::io::Error>>,
    /// Taken (disarmed) by the cursor's task when the batch has run; under the lock, so that it
    /// never fires once the stream has been released.
    guard: Arc<Mutex<Option<InterruptOnDrop>>>,
}

impl futures_util::Stream for GuardedBody {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

impl Drop for GuardedBody {
    fn drop(&mut self) {
        // Dropped (interrupting, if still armed) with the lock held: the interrupt cannot
        // overlap the task's release of the stream.
        let mut guard = self.guard.lock().unwrap_or_else(|e| e.into_inner());
        drop(guard.take());
    }
}

/// Axum handlers, one per endpoint.
pub async fn v2_pipeline(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    pipeline(state, headers, body, 2, Encoding::Json).await
}

pub async fn v3_pipeline(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    pipeline(state, headers, body, 3, Encoding::Json).await
}

pub async fn v3_protobuf_pipeline(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    pipeline(state, headers, body, 3, Encoding::Protobuf).await
}

pub async fn v3_cursor(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    cursor(state, headers, body, Encoding::Json).await
}

pub async fn v3_protobuf_cursor(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    cursor(state, headers, body, Encoding::Protobuf).await
}
