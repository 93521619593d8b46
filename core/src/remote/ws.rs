//! Hrana over WebSocket: one socket per connection, carrying one stream. The subprotocol is
//! the best the server offers of `hrana3-protobuf`, `hrana3`, `hrana2`, `hrana1`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

use super::cursor::CursorBuffer;
use super::errors::{connect, from_hrana, protocol};
use super::{Failure, Settings};
use crate::error::{Error, ErrorCode};
use crate::hrana::proto::{
    Batch, ClientMsg, Request, Response, ServerMsg, StreamRequest, StreamResponse, StreamResult,
};
use crate::hrana::protobuf;

type Pending = Arc<Mutex<HashMap<i32, oneshot::Sender<Result<Response, crate::hrana::proto::Error>>>>>;

/// A socket and the one stream on it.
pub(crate) struct WsStream {
    outgoing: mpsc::UnboundedSender<Message>,
    pending: Pending,
    next_request: AtomicI32,
    next_cursor: i32,
    version: u8,
    protobuf: bool,
    /// Why the socket closed, once it has.
    dead: Arc<Mutex<Option<String>>>,
}

const STREAM_ID: i32 = 1;

impl WsStream {
    /// Connects, says hello with the token, and opens the stream.
    pub(crate) async fn connect(settings: &Settings) -> Result<WsStream, Failure> {
        let mut request = format!("{}/", settings.base)
            .into_client_request()
            .map_err(|e| Failure::NotSent(connect(format!("invalid WebSocket URL: {e}"))))?;
        let headers = request.headers_mut();
        headers.insert("sec-websocket-protocol", HeaderValue::from_static("hrana3-protobuf, hrana3, hrana2, hrana1"));
        if let Some(ns) = &settings.namespace {
            if let Ok(value) = HeaderValue::from_str(ns) {
                headers.insert("x-namespace", value);
            }
        }
        let connector = if settings.base.starts_with("wss:") {
            let tls = super::tls_config().map_err(Failure::NotSent)?;
            Some(tokio_tungstenite::Connector::Rustls(Arc::new(tls)))
        } else {
            None
        };
        let handshake = tokio_tungstenite::connect_async_tls_with_config(request, None, true, connector);
        let (socket, response) = match tokio::time::timeout(settings.connect_timeout, handshake).await {
            Err(_) => return Err(Failure::NotSent(connect("the WebSocket handshake timed out"))),
            Ok(Err(tokio_tungstenite::tungstenite::Error::Http(response))) => {
                let status = response.status();
                let body = response.body().as_deref().map(String::from_utf8_lossy).unwrap_or_default().into_owned();
                let err = match status.as_u16() {
                    401 => Error::with_code(ErrorCode::Auth, body),
                    403 => Error::new(crate::error::extended::EDGELITE_AUTH_FORBIDDEN, body),
                    404 if body.contains("Namespace") => {
                        Error::new(crate::error::extended::EDGELITE_REMOTE_NAMESPACE, body)
                    }
                    _ => protocol(format!("the WebSocket upgrade was refused ({status}): {body}")),
                };
                return Err(Failure::Broken(err));
            }
            Ok(Err(e)) => return Err(Failure::NotSent(connect(format!("cannot connect the WebSocket: {e}")))),
            Ok(Ok(pair)) => pair,
        };
        let chosen = response.headers().get("sec-websocket-protocol").and_then(|v| v.to_str().ok()).unwrap_or("hrana1");
        let (version, protobuf) = match chosen.to_ascii_lowercase().as_str() {
            "hrana3-protobuf" => (3, true),
            "hrana3" => (3, false),
            "hrana2" => (2, false),
            _ => (1, false),
        };
        let (mut sink, mut source) = socket.split();
        let (outgoing, mut outgoing_rx) = mpsc::unbounded_channel::<Message>();
        let pending: Pending = Arc::default();
        let dead: Arc<Mutex<Option<String>>> = Arc::default();
        super::runtime::spawn(async move {
            while let Some(message) = outgoing_rx.recv().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
            let _ = sink.close().await;
        });
        // Hello, then the first message must answer it.
        let hello = ClientMsg::Hello { jwt: settings.auth_token.clone() };
        let encode = |msg: ClientMsg| -> Message {
            if protobuf {
                Message::Binary(protobuf::encode(msg).into())
            } else {
                Message::Text(serde_json::to_string(&msg).unwrap_or_default().into())
            }
        };
        let _ = outgoing.send(encode(hello));
        match read_message(&mut source, protobuf).await {
            Some(Ok(ServerMsg::HelloOk)) => {}
            Some(Ok(ServerMsg::HelloError { error })) => return Err(Failure::Broken(from_hrana(&error))),
            Some(Ok(other)) => return Err(Failure::Broken(protocol(format!("expected hello_ok, got {other:?}")))),
            Some(Err(e)) => return Err(Failure::Broken(e)),
            None => return Err(Failure::NotSent(connect("the server closed the WebSocket during hello"))),
        }
        let reader_pending = pending.clone();
        let reader_dead = dead.clone();
        super::runtime::spawn(async move {
            let reason = loop {
                match read_message(&mut source, protobuf).await {
                    Some(Ok(ServerMsg::ResponseOk { request_id, response })) => {
                        if let Some(tx) = reader_pending.lock().unwrap_or_else(|e| e.into_inner()).remove(&request_id) {
                            let _ = tx.send(Ok(response));
                        }
                    }
                    Some(Ok(ServerMsg::ResponseError { request_id, error })) => {
                        if let Some(tx) = reader_pending.lock().unwrap_or_else(|e| e.into_inner()).remove(&request_id) {
                            let _ = tx.send(Err(error));
                        }
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break e.message().to_owned(),
                    None => break "the server closed the WebSocket".to_owned(),
                }
            };
            *reader_dead.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason);
            // Dropping the senders fails every request still waiting.
            reader_pending.lock().unwrap_or_else(|e| e.into_inner()).clear();
        });
        let stream =
            WsStream { outgoing, pending, next_request: AtomicI32::new(1), next_cursor: 1, version, protobuf, dead };
        stream
            .call(Request::OpenStream { stream_id: STREAM_ID })
            .await?
            .map_err(|e| Failure::Broken(from_hrana(&e)))?;
        Ok(stream)
    }

    pub(crate) fn version(&self) -> u8 {
        self.version
    }

    /// Whether the socket is still up.
    pub(crate) fn is_open(&self) -> bool {
        self.dead.lock().unwrap_or_else(|e| e.into_inner()).is_none()
    }

    fn send(
        &self,
        request: Request,
    ) -> Result<oneshot::Receiver<Result<Response, crate::hrana::proto::Error>>, Failure> {
        if let Some(reason) = self.dead.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            return Err(Failure::StreamGone(reason));
        }
        let request_id = self.next_request.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).insert(request_id, tx);
        let msg = ClientMsg::Request { request_id, request };
        let message = if self.protobuf {
            Message::Binary(protobuf::encode(msg).into())
        } else {
            Message::Text(serde_json::to_string(&msg).map_err(|e| Failure::Broken(protocol(e.to_string())))?.into())
        };
        self.outgoing.send(message).map_err(|_| Failure::StreamGone("the WebSocket is closed".into()))?;
        Ok(rx)
    }

    async fn receive(
        &self,
        rx: oneshot::Receiver<Result<Response, crate::hrana::proto::Error>>,
    ) -> Result<Result<Response, crate::hrana::proto::Error>, Failure> {
        rx.await.map_err(|_| {
            let reason = self.dead.lock().unwrap_or_else(|e| e.into_inner()).clone().unwrap_or_default();
            Failure::Lost(connect(format!("the WebSocket closed before the answer came: {reason}")))
        })
    }

    async fn call(&self, request: Request) -> Result<Result<Response, crate::hrana::proto::Error>, Failure> {
        let rx = self.send(request)?;
        self.receive(rx).await
    }

    /// Hrana 1 has no `sequence`: run the script's statements one at a time, stopping at the
    /// first error, as `sequence` would.
    async fn sequence_v1(&self, sql: &str) -> Result<StreamResult, Failure> {
        for piece in crate::sql::split_statements(sql) {
            let stmt =
                crate::hrana::proto::Stmt { sql: Some(piece.to_owned()), want_rows: Some(false), ..Default::default() };
            if let Err(error) = self.call(Request::Execute { stream_id: STREAM_ID, stmt }).await? {
                return Ok(StreamResult::Error { error });
            }
        }
        Ok(StreamResult::Ok { response: StreamResponse::Sequence })
    }

    /// Runs stream requests (sent together, answered in order).
    pub(crate) async fn pipeline(&mut self, requests: Vec<StreamRequest>) -> Result<Vec<StreamResult>, Failure> {
        if self.version < 2
            && requests.iter().any(|r| matches!(r, StreamRequest::Sequence { .. } | StreamRequest::Describe { .. }))
        {
            let mut results = Vec::with_capacity(requests.len());
            for request in requests {
                results.push(match request {
                    StreamRequest::Sequence { sql: Some(sql), .. } => self.sequence_v1(&sql).await?,
                    StreamRequest::Describe { .. } => StreamResult::Error {
                        error: crate::hrana::proto::Error {
                            message: "describing statements needs Hrana 2 or later".into(),
                            code: Some("EDGELITE_UNSUPPORTED".into()),
                            extended_code: Some(ErrorCode::Unsupported.raw()),
                        },
                    },
                    other => Box::pin(self.pipeline(vec![other])).await?.remove(0),
                });
            }
            return Ok(results);
        }
        let mut waiting = Vec::with_capacity(requests.len());
        for request in requests {
            let request = match request {
                StreamRequest::Close => Request::CloseStream { stream_id: STREAM_ID },
                StreamRequest::Execute { stmt } => Request::Execute { stream_id: STREAM_ID, stmt },
                StreamRequest::Batch { batch } => Request::Batch { stream_id: STREAM_ID, batch },
                StreamRequest::Sequence { sql, sql_id } => Request::Sequence { stream_id: STREAM_ID, sql, sql_id },
                StreamRequest::Describe { sql, sql_id } => Request::Describe { stream_id: STREAM_ID, sql, sql_id },
                StreamRequest::StoreSql { sql_id, sql } => Request::StoreSql { sql_id, sql },
                StreamRequest::CloseSql { sql_id } => Request::CloseSql { sql_id },
                StreamRequest::GetAutocommit => Request::GetAutocommit { stream_id: STREAM_ID },
            };
            // Once one request is out, a later failure to send means the outcome is unknown.
            match self.send(request) {
                Ok(rx) => waiting.push(rx),
                Err(Failure::StreamGone(reason)) if !waiting.is_empty() => return Err(Failure::Lost(connect(reason))),
                Err(other) => return Err(other),
            }
        }
        let mut results = Vec::with_capacity(waiting.len());
        for rx in waiting {
            results.push(match self.receive(rx).await? {
                Ok(response) => StreamResult::Ok { response: stream_response(response)? },
                Err(error) => StreamResult::Error { error },
            });
        }
        Ok(results)
    }

    /// Runs a batch as a cursor, fetching entries into `buffer` from a task. Servers without
    /// Hrana 3 get a plain batch, turned into the same entries.
    pub(crate) async fn cursor(
        &mut self,
        batch: Batch,
        buffer: Arc<CursorBuffer>,
    ) -> Result<tokio::task::JoinHandle<()>, Failure> {
        if self.version < 3 {
            let result = match self.call(Request::Batch { stream_id: STREAM_ID, batch }).await? {
                Ok(Response::Batch { result }) => result,
                Ok(other) => return Err(Failure::Broken(protocol(format!("unexpected response {other:?}")))),
                Err(error) => return Err(Failure::Broken(from_hrana(&error))),
            };
            return Ok(super::runtime::spawn(async move {
                for entry in super::batch_result_entries(result) {
                    buffer.push(entry).await;
                }
                buffer.finish(None);
            }));
        }
        let cursor_id = self.next_cursor;
        self.next_cursor += 1;
        match self.call(Request::OpenCursor { stream_id: STREAM_ID, cursor_id, batch }).await? {
            Ok(_) => {}
            Err(error) => return Err(Failure::Broken(from_hrana(&error))),
        }
        let outgoing = self.outgoing.clone();
        let pending = self.pending.clone();
        let dead = self.dead.clone();
        let next_request = self.next_request.fetch_add(1_000_000, Ordering::Relaxed);
        let fetcher = WsStream {
            outgoing,
            pending,
            next_request: AtomicI32::new(next_request),
            next_cursor: 0,
            version: self.version,
            protobuf: self.protobuf,
            dead,
        };
        Ok(super::runtime::spawn(async move {
            let outcome: Result<(), Error> = async {
                loop {
                    let response = fetcher
                        .call(Request::FetchCursor { cursor_id, max_count: 1024 })
                        .await
                        .map_err(Failure::into_error)?
                        .map_err(|e| from_hrana(&e))?;
                    let Response::FetchCursor { entries, done } = response else {
                        return Err(protocol("unexpected answer to fetch_cursor"));
                    };
                    for entry in entries {
                        buffer.push(entry).await;
                    }
                    if done {
                        break;
                    }
                }
                let _ = fetcher.call(Request::CloseCursor { cursor_id }).await;
                Ok(())
            }
            .await;
            buffer.finish(outcome.err());
        }))
    }
}

fn stream_response(response: Response) -> Result<StreamResponse, Failure> {
    Ok(match response {
        Response::CloseStream => StreamResponse::Close,
        Response::Execute { result } => StreamResponse::Execute { result },
        Response::Batch { result } => StreamResponse::Batch { result },
        Response::Sequence => StreamResponse::Sequence,
        Response::Describe { result } => StreamResponse::Describe { result },
        Response::StoreSql => StreamResponse::StoreSql,
        Response::CloseSql => StreamResponse::CloseSql,
        Response::GetAutocommit { is_autocommit } => StreamResponse::GetAutocommit { is_autocommit },
        other => return Err(Failure::Broken(protocol(format!("unexpected response {other:?}")))),
    })
}

async fn read_message<S>(source: &mut S, protobuf: bool) -> Option<Result<ServerMsg, Error>>
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    loop {
        let message = match source.next().await? {
            Ok(m) => m,
            Err(e) => return Some(Err(connect(format!("the WebSocket failed: {e}")))),
        };
        return Some(match message {
            Message::Text(text) if !protobuf => {
                serde_json::from_str(&text).map_err(|e| protocol(format!("bad message from the server: {e}")))
            }
            Message::Binary(bytes) if protobuf => {
                protobuf::decode(&bytes).map_err(|e| protocol(format!("bad message from the server: {e}")))
            }
            Message::Close(frame) => {
                let reason = frame.map(|f| format!("{} {}", u16::from(f.code), f.reason)).unwrap_or_default();
                Err(connect(format!("the server closed the WebSocket: {reason}")))
            }
            Message::Text(_) | Message::Binary(_) => Err(protocol("the server sent the wrong kind of WebSocket frame")),
            _ => continue,
        });
    }
}

impl Failure {
    pub(crate) fn into_error(self) -> Error {
        match self {
            Failure::NotSent(e) | Failure::Broken(e) | Failure::Lost(e) => e,
            Failure::StreamGone(reason) => connect(reason),
        }
    }
}
