//! Hrana over WebSocket (`GET /` with subprotocol `hrana3-protobuf`, `hrana3`, `hrana2` or
//! `hrana1`; no subprotocol means `hrana1`).
//!
//! Each stream has a worker task that runs its requests in order on the blocking pool, so
//! streams of one connection run in parallel while each stays ordered, as the spec requires.
//! A connection stops reading once `max_ws_in_flight` requests are unanswered (back-pressure).
//! Protocol violations close the socket: 1003 for the wrong frame type, 1007 for a payload
//! that does not decode, 1008 for other violations.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use edgelite::hrana::proto::{
    Batch, ClientMsg, CursorEntry, Error, Request, Response as HranaResponse, ServerMsg, Stmt,
};
use edgelite::hrana::protobuf;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use super::exec::{self, Context, ExecError};
use crate::auth::{Access, Grant};
use crate::error::Encoding;
use crate::namespaces::{Namespace, StreamConnection};
use crate::AppState;

/// The subprotocols, in the server's order of preference.
const SUBPROTOCOLS: [(&str, u8, Encoding); 4] = [
    ("hrana3-protobuf", 3, Encoding::Protobuf),
    ("hrana3", 3, Encoding::Json),
    ("hrana2", 2, Encoding::Json),
    ("hrana1", 1, Encoding::Json),
];

/// Close codes (RFC 6455).
const CLOSE_UNSUPPORTED_DATA: u16 = 1003;
const CLOSE_INVALID_PAYLOAD: u16 = 1007;
const CLOSE_POLICY: u16 = 1008;

/// How long the server waits for the client's Close after closing a connection itself.
const CLOSE_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// `GET /`: the WebSocket upgrade. A plain GET is 404, as in sqld.
pub async fn upgrade(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let Ok(ws) = ws else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let offered: Vec<String> = headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let (ws, version, encoding) = if offered.is_empty() {
        (ws, 1, Encoding::Json)
    } else {
        // Matched case-insensitively, but answered with the client's own spelling, which is
        // what RFC 6455 requires (clients check it).
        let max_version = state.config.max_hrana_version;
        let chosen = SUBPROTOCOLS.iter().filter(|(_, version, _)| *version <= max_version).find_map(
            |(name, version, encoding)| {
                offered.iter().find(|o| o.eq_ignore_ascii_case(name)).map(|o| (o, *version, *encoding))
            },
        );
        match chosen {
            Some((spelling, version, encoding)) => (ws.protocols([spelling.clone()]), version, encoding),
            None => {
                let supported: Vec<&str> = SUBPROTOCOLS.iter().map(|(name, ..)| *name).collect();
                return (
                    StatusCode::BAD_REQUEST,
                    format!("Only these WebSocket subprotocols are supported: {}", supported.join(", ")),
                )
                    .into_response();
            }
        }
    };
    let max_message = state.config.max_request_bytes;
    ws.max_message_size(max_message)
        .on_upgrade(move |socket| async move { Session::new(state, headers, version, encoding).run(socket).await })
}

/// Something for the socket's writer task to send.
enum Outgoing {
    Msg(ServerMsg),
    Close(u16, String),
}

/// Work for a stream's worker.
enum Job {
    Execute { request_id: i32, stmt: Stmt },
    Batch { request_id: i32, batch: Batch },
    Sequence { request_id: i32, sql: String },
    Describe { request_id: i32, sql: String },
    GetAutocommit { request_id: i32 },
    Cursor { batch: Batch, entries: mpsc::Sender<CursorEntry> },
}

struct StreamSlot {
    jobs: mpsc::UnboundedSender<(Job, Access, Option<OwnedSemaphorePermit>)>,
    /// Set by the worker once its connection is open; used to stop its statement when the
    /// socket goes away.
    interrupt: Arc<std::sync::Mutex<Option<edgelite::InterruptHandle>>>,
}

struct CursorSlot {
    stream_id: i32,
    /// The cursor's fetches, served in arrival order by its own task (clients pipeline several
    /// `fetch_cursor`s and read the responses as consecutive pieces of the cursor).
    fetches: mpsc::UnboundedSender<Fetch>,
}

/// A `fetch_cursor` waiting for its turn.
struct Fetch {
    request_id: i32,
    max_count: u32,
    permit: OwnedSemaphorePermit,
}

struct Session {
    state: Arc<AppState>,
    headers: HeaderMap,
    version: u8,
    encoding: Encoding,
    /// Set by a successful `hello`.
    client: Option<(Arc<Namespace>, Access)>,
    hello_count: usize,
    streams: HashMap<i32, StreamSlot>,
    cursors: HashMap<i32, CursorSlot>,
    stored_sql: HashMap<i32, String>,
    in_flight: Arc<Semaphore>,
}

/// Why the session ends.
struct Violation(u16, String);

impl Session {
    fn new(state: Arc<AppState>, headers: HeaderMap, version: u8, encoding: Encoding) -> Session {
        let in_flight = Arc::new(Semaphore::new(state.config.max_ws_in_flight));
        Session {
            state,
            headers,
            version,
            encoding,
            client: None,
            hello_count: 0,
            streams: HashMap::new(),
            cursors: HashMap::new(),
            stored_sql: HashMap::new(),
            in_flight,
        }
    }

    async fn run(mut self, socket: WebSocket) {
        let (mut sink, mut incoming) = socket.split();
        let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Outgoing>();
        let encoding = self.encoding;
        let writer = tokio::spawn(async move {
            while let Some(out) = out_rx.recv().await {
                let message = match out {
                    Outgoing::Msg(msg) => encode(msg, encoding),
                    Outgoing::Close(code, reason) => {
                        let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                        break;
                    }
                };
                if sink.send(message).await.is_err() {
                    break;
                }
            }
        });
        loop {
            // Back-pressure: no more reading while too many requests are unanswered.
            let Ok(permit) = self.in_flight.clone().acquire_owned().await else { break };
            let message = match incoming.next().await {
                Some(Ok(message)) => message,
                Some(Err(_)) | None => break,
            };
            let decoded = match message {
                Message::Text(text) if self.encoding == Encoding::Json => serde_json::from_str::<ClientMsg>(&text)
                    .map_err(|e| Violation(CLOSE_INVALID_PAYLOAD, format!("invalid message: {e}"))),
                Message::Binary(bytes) if self.encoding == Encoding::Protobuf => protobuf::decode::<ClientMsg>(&bytes)
                    .map_err(|e| Violation(CLOSE_INVALID_PAYLOAD, format!("invalid message: {e}"))),
                Message::Text(_) | Message::Binary(_) => Err(Violation(
                    CLOSE_UNSUPPORTED_DATA,
                    "the frame type does not match the negotiated encoding".into(),
                )),
                Message::Ping(_) | Message::Pong(_) => continue,
                Message::Close(_) => break,
            };
            let outcome = match decoded {
                Ok(msg) => self.handle(msg, permit, &out_tx).await,
                Err(violation) => Err(violation),
            };
            if let Err(Violation(code, reason)) = outcome {
                let _ = out_tx.send(Outgoing::Close(code, reason));
                // The closing handshake: read (and drop) what the client sent meanwhile until its
                // Close arrives. Dropping the socket with unread input makes the kernel reset the
                // connection, which can destroy our last messages (a `hello_error`, the Close)
                // before the client reads them.
                let _ = tokio::time::timeout(CLOSE_HANDSHAKE_TIMEOUT, async {
                    while let Some(Ok(message)) = incoming.next().await {
                        if matches!(message, Message::Close(_)) {
                            break;
                        }
                    }
                })
                .await;
                break;
            }
        }
        // The client is gone: stop running statements, then let the workers finish and close
        // their connections.
        for slot in self.streams.values() {
            if let Some(handle) = slot.interrupt.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                handle.interrupt();
            }
        }
        self.streams.clear();
        self.cursors.clear();
        drop(out_tx);
        let _ = writer.await;
    }

    fn reply(out: &mpsc::UnboundedSender<Outgoing>, msg: ServerMsg) {
        let _ = out.send(Outgoing::Msg(msg));
    }

    fn error(code: &str, message: impl Into<String>) -> Error {
        Error { message: message.into(), code: Some(code.to_owned()), extended_code: None }
    }

    async fn handle(
        &mut self,
        msg: ClientMsg,
        permit: OwnedSemaphorePermit,
        out: &mpsc::UnboundedSender<Outgoing>,
    ) -> Result<(), Violation> {
        let (request_id, request) = match msg {
            ClientMsg::Hello { jwt } => return self.hello(jwt, out),
            ClientMsg::Request { request_id, request } => (request_id, request),
        };
        let Some((namespace, access)) = self.client.clone() else {
            return Err(Violation(CLOSE_POLICY, "a request came before hello".into()));
        };
        self.check_version(&request)?;
        let respond = |response: HranaResponse| Self::reply(out, ServerMsg::ResponseOk { request_id, response });
        let respond_error = |error: Error| Self::reply(out, ServerMsg::ResponseError { request_id, error });
        match request {
            Request::OpenStream { stream_id } => {
                if self.streams.contains_key(&stream_id) {
                    return Err(Violation(CLOSE_POLICY, format!("stream {stream_id} is already open")));
                }
                if self.streams.len() >= self.state.config.max_ws_streams {
                    respond_error(Self::error("TOO_MANY_STREAMS", "too many streams are open on this connection"));
                    // The id is still taken until closed, so follow-up requests get errors.
                }
                let (jobs, rx) = mpsc::unbounded_channel();
                let interrupt = Arc::new(std::sync::Mutex::new(None));
                tokio::spawn(stream_worker(
                    namespace,
                    rx,
                    interrupt.clone(),
                    out.clone(),
                    self.state.config.max_response_bytes,
                    self.version,
                    request_id,
                    permit,
                    self.streams.len() >= self.state.config.max_ws_streams,
                ));
                self.streams.insert(stream_id, StreamSlot { jobs, interrupt });
            }
            Request::CloseStream { stream_id } => {
                self.streams.remove(&stream_id);
                self.cursors.retain(|_, c| c.stream_id != stream_id);
                respond(HranaResponse::CloseStream);
            }
            Request::Execute { stream_id, mut stmt } => {
                if let Err(e) = exec::resolve_stmt(&mut stmt, &self.stored_sql) {
                    return self.job_error(e, request_id, out);
                }
                self.dispatch(stream_id, Job::Execute { request_id, stmt }, access, permit, request_id, out);
            }
            Request::Batch { stream_id, mut batch } => {
                if let Err(e) = exec::resolve_batch(&mut batch, &self.stored_sql) {
                    return self.job_error(e, request_id, out);
                }
                self.dispatch(stream_id, Job::Batch { request_id, batch }, access, permit, request_id, out);
            }
            Request::Sequence { stream_id, sql, sql_id } => match exec::resolve_sql(sql, sql_id, &self.stored_sql) {
                Ok(sql) => self.dispatch(stream_id, Job::Sequence { request_id, sql }, access, permit, request_id, out),
                Err(e) => return self.job_error(e, request_id, out),
            },
            Request::Describe { stream_id, sql, sql_id } => match exec::resolve_sql(sql, sql_id, &self.stored_sql) {
                Ok(sql) => self.dispatch(stream_id, Job::Describe { request_id, sql }, access, permit, request_id, out),
                Err(e) => return self.job_error(e, request_id, out),
            },
            Request::GetAutocommit { stream_id } => {
                self.dispatch(stream_id, Job::GetAutocommit { request_id }, access, permit, request_id, out)
            }
            Request::StoreSql { sql_id, sql } => {
                if self.stored_sql.contains_key(&sql_id) {
                    return Err(Violation(CLOSE_POLICY, format!("SQL text id {sql_id} is already in use")));
                }
                if self.stored_sql.len() >= self.state.config.max_stored_sql {
                    respond_error(Self::error("SQL_STORE_TOO_MANY", "too many SQL texts are stored"));
                } else {
                    self.stored_sql.insert(sql_id, sql);
                    respond(HranaResponse::StoreSql);
                }
            }
            Request::CloseSql { sql_id } => {
                self.stored_sql.remove(&sql_id);
                respond(HranaResponse::CloseSql);
            }
            Request::OpenCursor { stream_id, cursor_id, mut batch } => {
                if self.cursors.contains_key(&cursor_id) {
                    return Err(Violation(CLOSE_POLICY, format!("cursor {cursor_id} is already open")));
                }
                let (tx, rx) = mpsc::channel(256);
                let (fetches, fetch_rx) = mpsc::unbounded_channel();
                tokio::spawn(serve_fetches(rx, fetch_rx, out.clone()));
                self.cursors.insert(cursor_id, CursorSlot { stream_id, fetches });
                match exec::resolve_batch(&mut batch, &self.stored_sql) {
                    Ok(()) => {
                        let sent = self.streams.get(&stream_id).is_some_and(|s| {
                            s.jobs.send((Job::Cursor { batch, entries: tx.clone() }, access, None)).is_ok()
                        });
                        if sent {
                            respond(HranaResponse::OpenCursor);
                        } else {
                            respond_error(Self::error("STREAM_NOT_OPEN", format!("stream {stream_id} is not open")));
                        }
                    }
                    Err(ExecError::Stmt(error)) => {
                        let _ = tx.try_send(CursorEntry::Error { error });
                        respond(HranaResponse::OpenCursor);
                    }
                    Err(e) => return self.job_error(e, request_id, out),
                }
            }
            Request::CloseCursor { cursor_id } => {
                self.cursors.remove(&cursor_id);
                respond(HranaResponse::CloseCursor);
            }
            Request::FetchCursor { cursor_id, max_count } => {
                let queued = self
                    .cursors
                    .get(&cursor_id)
                    .is_some_and(|cursor| cursor.fetches.send(Fetch { request_id, max_count, permit }).is_ok());
                if !queued {
                    respond_error(Self::error("CURSOR_NOT_OPEN", format!("cursor {cursor_id} is not open")));
                }
            }
        }
        Ok(())
    }

    fn job_error(
        &self,
        err: ExecError,
        request_id: i32,
        out: &mpsc::UnboundedSender<Outgoing>,
    ) -> Result<(), Violation> {
        match err {
            ExecError::Stmt(error) => {
                Self::reply(out, ServerMsg::ResponseError { request_id, error });
                Ok(())
            }
            ExecError::Forbidden(message) => {
                Self::reply(
                    out,
                    ServerMsg::ResponseError { request_id, error: Self::error("AUTH_FORBIDDEN", message) },
                );
                Ok(())
            }
            ExecError::Protocol(message) => Err(Violation(CLOSE_POLICY, message)),
        }
    }

    fn dispatch(
        &self,
        stream_id: i32,
        job: Job,
        access: Access,
        permit: OwnedSemaphorePermit,
        request_id: i32,
        out: &mpsc::UnboundedSender<Outgoing>,
    ) {
        let sent = self.streams.get(&stream_id).is_some_and(|s| s.jobs.send((job, access, Some(permit))).is_ok());
        if !sent {
            Self::reply(
                out,
                ServerMsg::ResponseError {
                    request_id,
                    error: Self::error("STREAM_NOT_OPEN", format!("stream {stream_id} is not open")),
                },
            );
        }
    }

    fn hello(&mut self, jwt: Option<String>, out: &mpsc::UnboundedSender<Outgoing>) -> Result<(), Violation> {
        self.hello_count += 1;
        if self.hello_count > 1 && self.version < 2 {
            return Err(Violation(CLOSE_POLICY, "hrana1 allows only one hello".into()));
        }
        let auth = &self.state.config.auth;
        let grant: Result<Grant, Error> = match jwt.as_deref() {
            Some(token) => auth.authenticate_jwt(Some(token)),
            // No token in hello: fall back to the upgrade request's Authorization header.
            None => auth.authenticate_header(self.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())),
        }
        .map_err(|e| Self::error(e.code, e.message));
        let client = grant.and_then(|grant| {
            self.state.client_with_grant(&self.headers, &grant).map(|c| (c.namespace, c.access)).map_err(|e| match e {
                crate::error::ApiError::NamespaceNotFound(name) => {
                    Self::error("NAMESPACE_DOESNT_EXIST", format!("Namespace `{name}` doesn't exist"))
                }
                crate::error::ApiError::Forbidden(m) => Self::error("AUTH_FORBIDDEN", m),
                other => Self::error("HELLO_FAILED", format!("{other:?}")),
            })
        });
        match client {
            Ok(client) => {
                self.client = Some(client);
                Self::reply(out, ServerMsg::HelloOk);
                Ok(())
            }
            Err(error) => {
                Self::reply(out, ServerMsg::HelloError { error: error.clone() });
                Err(Violation(CLOSE_POLICY, error.message))
            }
        }
    }

    fn check_version(&self, request: &Request) -> Result<(), Violation> {
        let needed = match request {
            Request::OpenStream { .. }
            | Request::CloseStream { .. }
            | Request::Execute { .. }
            | Request::Batch { .. } => 1,
            Request::Sequence { .. }
            | Request::Describe { .. }
            | Request::StoreSql { .. }
            | Request::CloseSql { .. } => 2,
            Request::OpenCursor { .. }
            | Request::CloseCursor { .. }
            | Request::FetchCursor { .. }
            | Request::GetAutocommit { .. } => 3,
        };
        if self.version < needed {
            return Err(Violation(
                CLOSE_POLICY,
                format!("this request needs Hrana {needed}; the connection speaks Hrana {}", self.version),
            ));
        }
        Ok(())
    }
}

/// Serves a cursor's fetches one after another, in the order they arrived; ends when the cursor
/// is closed (its sender dropped), which drops the entries and so stops the batch.
async fn serve_fetches(
    mut entries: mpsc::Receiver<CursorEntry>,
    mut fetches: mpsc::UnboundedReceiver<Fetch>,
    out: mpsc::UnboundedSender<Outgoing>,
) {
    let mut done = false;
    while let Some(Fetch { request_id, max_count, permit }) = fetches.recv().await {
        let taken = fetch(&mut entries, &mut done, max_count as usize).await;
        Session::reply(
            &out,
            ServerMsg::ResponseOk { request_id, response: HranaResponse::FetchCursor { entries: taken, done } },
        );
        drop(permit);
    }
}

/// Takes up to `max` entries: waits for the first, then takes what is ready.
async fn fetch(rx: &mut mpsc::Receiver<CursorEntry>, done: &mut bool, max: usize) -> Vec<CursorEntry> {
    let mut out = Vec::new();
    if *done || max == 0 {
        return out;
    }
    match rx.recv().await {
        Some(entry) => out.push(entry),
        None => {
            *done = true;
            return out;
        }
    }
    while out.len() < max {
        match rx.try_recv() {
            Ok(entry) => out.push(entry),
            Err(mpsc::error::TryRecvError::Empty) => break,
            Err(mpsc::error::TryRecvError::Disconnected) => {
                *done = true;
                break;
            }
        }
    }
    out
}

fn encode(msg: ServerMsg, encoding: Encoding) -> Message {
    match encoding {
        Encoding::Json => Message::Text(serde_json::to_string(&msg).unwrap_or_default().into()),
        Encoding::Protobuf => Message::Binary(protobuf::encode(msg).into()),
    }
}

/// A stream's worker: opens the connection, then runs the stream's jobs in order.
#[allow(clippy::too_many_arguments)]
async fn stream_worker(
    namespace: Arc<Namespace>,
    mut jobs: mpsc::UnboundedReceiver<(Job, Access, Option<OwnedSemaphorePermit>)>,
    interrupt: Arc<std::sync::Mutex<Option<edgelite::InterruptHandle>>>,
    out: mpsc::UnboundedSender<Outgoing>,
    max_response_bytes: usize,
    version: u8,
    open_request_id: i32,
    open_permit: OwnedSemaphorePermit,
    refused: bool,
) {
    let mut conn: Option<StreamConnection> = None;
    if !refused {
        let opened = tokio::task::spawn_blocking(move || namespace.connect()).await;
        let msg = match opened {
            Ok(Ok(c)) => {
                *interrupt.lock().unwrap_or_else(|e| e.into_inner()) = Some(c.interrupt_handle());
                conn = Some(c);
                ServerMsg::ResponseOk { request_id: open_request_id, response: HranaResponse::OpenStream }
            }
            Ok(Err(err)) => ServerMsg::ResponseError { request_id: open_request_id, error: exec::hrana_error(&err) },
            Err(e) => ServerMsg::ResponseError {
                request_id: open_request_id,
                error: Session::error("INTERNAL", e.to_string()),
            },
        };
        let _ = out.send(Outgoing::Msg(msg));
    }
    drop(open_permit);
    while let Some((job, access, permit)) = jobs.recv().await {
        let Some(c) = conn.take() else {
            if let Some(request_id) = job.request_id() {
                let error = Session::error("STREAM_NOT_OPEN", "the stream failed to open");
                let _ = out.send(Outgoing::Msg(ServerMsg::ResponseError { request_id, error }));
            }
            continue;
        };
        let done = tokio::task::spawn_blocking(move || {
            let ctx = Context { conn: &c, access, max_response_bytes, version };
            let reply = run_job(&ctx, job);
            (c, reply)
        })
        .await;
        match done {
            Ok((c, reply)) => {
                conn = Some(c);
                if let Some(reply) = reply {
                    let _ = out.send(reply);
                }
            }
            Err(e) => {
                let _ = out.send(Outgoing::Close(1011, format!("internal error: {e}")));
                break;
            }
        }
        drop(permit);
    }
    // The connection (and any open transaction) is released here, off the executor.
    if let Some(c) = conn {
        tokio::task::spawn_blocking(move || drop(c));
    }
}

impl Job {
    fn request_id(&self) -> Option<i32> {
        match self {
            Job::Execute { request_id, .. }
            | Job::Batch { request_id, .. }
            | Job::Sequence { request_id, .. }
            | Job::Describe { request_id, .. }
            | Job::GetAutocommit { request_id } => Some(*request_id),
            Job::Cursor { .. } => None,
        }
    }
}

fn run_job(ctx: &Context<'_>, job: Job) -> Option<Outgoing> {
    let (request_id, outcome) = match job {
        Job::Execute { request_id, stmt } => {
            (request_id, exec::execute_stmt(ctx, stmt).map(|result| HranaResponse::Execute { result }))
        }
        Job::Batch { request_id, batch } => {
            let result = exec::check_batch_access(ctx, &batch).and_then(|()| exec::execute_batch(ctx, batch));
            (request_id, result.map(|result| HranaResponse::Batch { result }))
        }
        Job::Sequence { request_id, sql } => {
            let result = exec::check_sql_access(ctx, [sql.as_str()]).and_then(|()| exec::execute_sequence(ctx, &sql));
            (request_id, result.map(|()| HranaResponse::Sequence))
        }
        Job::Describe { request_id, sql } => {
            (request_id, exec::describe(ctx, &sql).map(|result| HranaResponse::Describe { result }))
        }
        Job::GetAutocommit { request_id } => (
            request_id,
            ctx.conn
                .is_autocommit()
                .map(|is_autocommit| HranaResponse::GetAutocommit { is_autocommit })
                .map_err(Into::into),
        ),
        Job::Cursor { batch, entries } => {
            let mut emit = |entry| entries.blocking_send(entry).is_ok();
            return match exec::check_batch_access(ctx, &batch).and_then(|()| exec::run_cursor(ctx, batch, &mut emit)) {
                Ok(()) => None,
                Err(ExecError::Protocol(message)) => Some(Outgoing::Close(CLOSE_POLICY, message)),
                Err(ExecError::Stmt(error)) => {
                    emit(CursorEntry::Error { error });
                    None
                }
                Err(ExecError::Forbidden(message)) => {
                    emit(CursorEntry::Error { error: Session::error("AUTH_FORBIDDEN", message) });
                    None
                }
            };
        }
    };
    Some(match outcome {
        Ok(response) => Outgoing::Msg(ServerMsg::ResponseOk { request_id, response }),
        Err(ExecError::Stmt(error)) => Outgoing::Msg(ServerMsg::ResponseError { request_id, error }),
        Err(ExecError::Forbidden(message)) => {
            Outgoing::Msg(ServerMsg::ResponseError { request_id, error: Session::error("AUTH_FORBIDDEN", message) })
        }
        Err(ExecError::Protocol(message)) => Outgoing::Close(CLOSE_POLICY, message),
    })
}
