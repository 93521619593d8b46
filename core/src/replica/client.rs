//! The HTTP side of syncing: `GET /info`, `GET /export/{generation}` and
//! `GET /sync/{generation}/{start}/{end}`, as edgelite's server and libSQL's sync protocol
//! define them.

use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::StatusCode;
use serde::Deserialize;

use crate::error::{extended, Error, ErrorCode, Result};
use crate::remote::{connect_error, tls_config_for, url};
use crate::wal::frame::FRAME_SIZE;
use crate::wal::{Position, GONE_HEADER};

/// The header edgelite's server adds to `/sync` answers: the primary's newest position, as
/// `generation:frame`.
pub const LATEST_HEADER: &str = "x-edgelite-latest";

/// How long a sync request may make no progress (no response yet, or no next piece of its
/// body) when the replica was opened without a request timeout. Without a bound, a link that
/// silently drops packets would hang `sync()` (and a following replica) forever.
const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// What `GET /info` says.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Info {
    pub current_generation: u32,
    /// edgelite servers only; absent from other servers.
    #[serde(default)]
    pub log_id: Option<String>,
}

/// What a pull returned.
pub(crate) enum Pull {
    /// Whole frames starting at the requested one.
    Frames(Bytes),
    /// Nothing at or after the requested frame; `latest` is the newest generation.
    End { latest: u32 },
    /// The generation is gone (or never existed): start over from an export.
    Gone,
}

pub(crate) struct SyncClient {
    client: reqwest::Client,
    base: String,
    auth_token: Option<String>,
    namespace: Option<String>,
    /// The longest a request may go without progress.
    idle_timeout: Duration,
}

fn sync_error(message: impl Into<String>) -> Error {
    Error::with_code(ErrorCode::Sync, message)
}

impl SyncClient {
    /// A client for the primary at `url` (`http(s)://`, `libsql://`; `ws(s)://` is reached over
    /// the matching HTTP scheme). `request_timeout` bounds each wait for the primary: for the
    /// response (beyond a long poll's own wait) and for each piece of its body.
    pub(crate) fn new(
        url: &str,
        auth_token: Option<String>,
        namespace: Option<String>,
        request_timeout: Option<Duration>,
    ) -> Result<SyncClient> {
        let endpoint = url::parse(url)?;
        let base = if let Some(rest) = endpoint.base.strip_prefix("ws://") {
            format!("http://{rest}")
        } else if let Some(rest) = endpoint.base.strip_prefix("wss://") {
            format!("https://{rest}")
        } else {
            endpoint.base
        };
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config_for(&base)?)
            .connect_timeout(Duration::from_secs(10))
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| connect_error(format!("cannot create the HTTP client: {e}")))?;
        Ok(SyncClient {
            client,
            base,
            auth_token: auth_token.or(endpoint.auth_token).filter(|t| !t.is_empty()),
            namespace,
            idle_timeout: request_timeout.unwrap_or(DEFAULT_IDLE_TIMEOUT),
        })
    }

    /// The longest a request may go without progress (also for reading an export's body).
    pub(crate) fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = &self.auth_token {
            request = request.bearer_auth(token);
        }
        if let Some(namespace) = &self.namespace {
            request = request.header("x-namespace", namespace);
        }
        request.header("x-libsql-client-version", concat!("edgelite-", env!("CARGO_PKG_VERSION")))
    }

    /// Sends `request`; the answer must start within the idle timeout plus `wait` (a long
    /// poll's own wait).
    async fn send(&self, request: reqwest::RequestBuilder, wait: Duration) -> Result<reqwest::Response> {
        let limit = self.idle_timeout + wait;
        match tokio::time::timeout(limit, request.send()).await {
            Ok(result) => result.map_err(|e| {
                if e.is_timeout() {
                    timeout_error(format!("the primary did not answer in time: {e}"))
                } else {
                    connect_error(format!("cannot reach the primary: {e}"))
                }
            }),
            Err(_) => Err(timeout_error(format!("the primary did not answer within {limit:?}"))),
        }
    }

    /// Reads a whole body; each piece must arrive within the idle timeout.
    async fn body(&self, response: reqwest::Response, what: &str) -> Result<Bytes> {
        let mut body = Vec::new();
        let mut stream = response.bytes_stream();
        loop {
            match tokio::time::timeout(self.idle_timeout, stream.next()).await {
                Err(_) => {
                    return Err(timeout_error(format!(
                        "reading {what}: the primary sent nothing for {:?}",
                        self.idle_timeout
                    )))
                }
                Ok(None) => return Ok(Bytes::from(body)),
                Ok(Some(Err(e))) => return Err(connect_error(format!("reading {what}: {e}"))),
                Ok(Some(Ok(chunk))) => body.extend_from_slice(&chunk),
            }
        }
    }

    /// `GET /info`.
    pub(crate) async fn info(&self) -> Result<Info> {
        let response = self.send(self.get("/info"), Duration::ZERO).await?;
        let status = response.status();
        let body = self.body(response, "/info").await?;
        if !status.is_success() {
            return Err(status_error(status, &body, "/info"));
        }
        let info: Info = serde_json::from_slice(&body)
            .map_err(|e| Error::with_code(ErrorCode::Protocol, format!("invalid /info answer: {e}")))?;
        if info.current_generation == 0 {
            return Err(sync_error("the primary has no generation to sync from yet"));
        }
        Ok(info)
    }

    /// `GET /export/{generation}`: the response, to be streamed; `None` if it is gone.
    pub(crate) async fn export(&self, generation: u32) -> Result<Option<reqwest::Response>> {
        let response = self.send(self.get(&format!("/export/{generation}")), Duration::ZERO).await?;
        match response.status() {
            status if status.is_success() => Ok(Some(response)),
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(None),
            status => {
                let body = self.body(response, "/export").await.unwrap_or_default();
                Err(status_error(status, &body, "/export"))
            }
        }
    }

    /// `GET /sync/{generation}/{start}/{end}`; with `wait`, the primary holds the request until
    /// new frames exist (up to that long). Also returns the primary's newest position when it
    /// says.
    pub(crate) async fn pull(
        &self,
        generation: u32,
        start: u64,
        end: u64,
        wait: Option<Duration>,
    ) -> Result<(Pull, Option<Position>)> {
        let mut path = format!("/sync/{generation}/{start}/{end}");
        if let Some(wait) = wait {
            path.push_str(&format!("?wait_ms={}", wait.as_millis()));
        }
        let response = self.send(self.get(&path), wait.unwrap_or_default()).await?;
        let status = response.status();
        let latest = response
            .headers()
            .get(LATEST_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(':'))
            .and_then(|(g, f)| Some(Position { generation: g.parse().ok()?, frame: f.parse().ok()? }));
        if response.headers().contains_key(GONE_HEADER) {
            // The generation is gone, and the answer is how a frames-only replica gets past
            // that; this replica starts over from an export instead, without reading it.
            return Ok((Pull::Gone, latest));
        }
        let body = self.body(response, "frames").await?;
        let pull = match status {
            status if status.is_success() => {
                if body.is_empty() || body.len() % FRAME_SIZE != 0 {
                    return Err(Error::with_code(
                        ErrorCode::Protocol,
                        format!("the primary sent {} bytes, not whole frames", body.len()),
                    ));
                }
                Pull::Frames(body)
            }
            StatusCode::BAD_REQUEST | StatusCode::INTERNAL_SERVER_ERROR => {
                #[derive(Deserialize)]
                struct End {
                    generation: u32,
                }
                match serde_json::from_slice::<End>(&body) {
                    Ok(end) => Pull::End { latest: end.generation },
                    Err(_) => return Err(status_error(status, &body, "/sync")),
                }
            }
            StatusCode::GONE | StatusCode::NOT_FOUND => Pull::Gone,
            status => return Err(status_error(status, &body, "/sync")),
        };
        Ok((pull, latest))
    }
}

fn timeout_error(message: String) -> Error {
    Error::new(extended::EDGELITE_REMOTE_TIMEOUT, message)
}

/// An HTTP error status from the primary as a core error.
fn status_error(status: StatusCode, body: &[u8], what: &str) -> Error {
    let text = String::from_utf8_lossy(&body[..body.len().min(500)]).into_owned();
    match status.as_u16() {
        401 => Error::with_code(ErrorCode::Auth, format!("the primary refused the token: {text}")),
        403 => Error::new(extended::EDGELITE_AUTH_FORBIDDEN, format!("the token does not allow syncing: {text}")),
        404 if what == "/info" => Error::with_code(
            ErrorCode::Sync,
            "the server does not serve replicas (GET /info answered 404): is it an edgelite primary?",
        ),
        s if s >= 500 => Error::new(extended::EDGELITE_REMOTE_SERVER, format!("{what}: HTTP {status}: {text}")),
        _ => sync_error(format!("{what}: HTTP {status}: {text}")),
    }
}
