//! Hrana over HTTP: `/v3-protobuf/*` when the server offers it (exact values, compact), else
//! `/v3/*` (JSON), else `/v2/pipeline`. One `reqwest` client per database keeps connections
//! alive across requests.

use std::sync::Arc;

use bytes::{Buf, BytesMut};
use reqwest::StatusCode;
use tokio::sync::OnceCell;

use super::cursor::CursorBuffer;
use super::errors::{connect, from_hrana, protocol};
use super::{Failure, Settings};
use crate::error::{extended, Error, ErrorCode};
use crate::hrana::proto::{
    self, CursorEntry, CursorReqBody, CursorRespBody, PipelineReqBody, PipelineRespBody, StreamRequest, StreamResult,
};
use crate::hrana::protobuf;

/// The protocol a server speaks over HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    V3Protobuf,
    V3Json,
    V2Json,
}

impl Flavor {
    pub(crate) fn version(self) -> u8 {
        if self == Flavor::V2Json {
            2
        } else {
            3
        }
    }
}

/// What every HTTP stream of a database shares.
pub(crate) struct HttpClient {
    client: reqwest::Client,
    settings: Arc<Settings>,
    flavor: OnceCell<Flavor>,
}

impl HttpClient {
    pub(crate) fn new(settings: Arc<Settings>) -> Result<HttpClient, Error> {
        let tls = super::tls_config_for(&settings.base)?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(settings.connect_timeout)
            .tcp_nodelay(true)
            .pool_idle_timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| connect(format!("cannot create the HTTP client: {e}")))?;
        Ok(HttpClient { client, settings, flavor: OnceCell::new() })
    }

    fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let mut request = self.client.request(method, url);
        if let Some(token) = &self.settings.auth_token {
            request = request.bearer_auth(token);
        }
        if let Some(namespace) = &self.settings.namespace {
            request = request.header("x-namespace", namespace);
        }
        request.header("x-libsql-client-version", concat!("edgelite-", env!("CARGO_PKG_VERSION")))
    }

    /// Which protocol to use, found once by probing `GET /v3-protobuf` then `GET /v3`.
    pub(crate) async fn flavor(&self) -> Result<Flavor, Failure> {
        self.flavor
            .get_or_try_init(|| async {
                for (path, flavor) in [("v3-protobuf", Flavor::V3Protobuf), ("v3", Flavor::V3Json)] {
                    let url = format!("{}/{path}", self.settings.base);
                    match self.request(reqwest::Method::GET, &url).send().await {
                        Ok(response) if response.status().is_success() => return Ok(flavor),
                        Ok(_) => continue,
                        Err(e) => return Err(transport_failure(e)),
                    }
                }
                Ok(Flavor::V2Json)
            })
            .await
            .copied()
    }
}

/// The error and its causes, for messages.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn transport_failure(e: reqwest::Error) -> Failure {
    let e_text = chain(&e);
    if e.is_connect() {
        Failure::NotSent(connect(format!("cannot reach the server: {e_text}")))
    } else if e.is_timeout() {
        Failure::Broken(Error::new(extended::EDGELITE_REMOTE_TIMEOUT, format!("the request timed out: {e_text}")))
    } else {
        Failure::Lost(connect(format!("the connection to the server failed: {e_text}")))
    }
}

/// An HTTP stream: a baton, and the URL to send it to.
pub(crate) struct HttpStream {
    client: Arc<HttpClient>,
    baton: Option<String>,
    base_url: Option<String>,
}

impl HttpStream {
    pub(crate) fn new(client: Arc<HttpClient>) -> HttpStream {
        HttpStream { client, baton: None, base_url: None }
    }

    fn url(&self, flavor: Flavor, endpoint: &str) -> String {
        let base = self.base_url.as_deref().unwrap_or(&self.client.settings.base).trim_end_matches('/');
        let prefix = match flavor {
            Flavor::V3Protobuf => "v3-protobuf",
            Flavor::V3Json => "v3",
            Flavor::V2Json => "v2",
        };
        format!("{base}/{prefix}/{endpoint}")
    }

    pub(crate) fn client(&self) -> &Arc<HttpClient> {
        &self.client
    }

    /// Whether the server has a stream open for us (a baton is held).
    pub(crate) fn is_open(&self) -> bool {
        self.baton.is_some()
    }

    pub(crate) async fn pipeline(&mut self, requests: Vec<StreamRequest>) -> Result<Vec<StreamResult>, Failure> {
        let flavor = self.client.flavor().await?;
        let expected = requests.len();
        let body = PipelineReqBody { baton: self.baton.take(), requests };
        let encoded = match flavor {
            Flavor::V3Protobuf => protobuf::encode(body),
            _ => serde_json::to_vec(&body).map_err(|e| Failure::Broken(protocol(e.to_string())))?,
        };
        let response = self
            .client
            .request(reqwest::Method::POST, &self.url(flavor, "pipeline"))
            .body(encoded)
            .send()
            .await
            .map_err(transport_failure)?;
        let status = response.status();
        let protobuf_body = is_protobuf(&response);
        let bytes = response.bytes().await.map_err(transport_failure)?;
        if !status.is_success() {
            return Err(status_failure(status, protobuf_body, &bytes));
        }
        let body: PipelineRespBody = match flavor {
            Flavor::V3Protobuf => {
                protobuf::decode(&bytes).map_err(|e| Failure::Broken(protocol(format!("bad response: {e}"))))?
            }
            _ => serde_json::from_slice(&bytes).map_err(|e| Failure::Broken(protocol(format!("bad response: {e}"))))?,
        };
        if body.results.len() != expected {
            return Err(Failure::Broken(protocol(format!("expected {expected} results, got {}", body.results.len()))));
        }
        self.baton = body.baton;
        if body.base_url.is_some() {
            self.base_url = body.base_url;
        }
        Ok(body.results)
    }

    /// Starts a cursor: reads the head (the new baton) and hands the entries to `buffer` from a
    /// task; the returned handle completes when the body has been read to its end.
    pub(crate) async fn cursor(
        &mut self,
        batch: proto::Batch,
        buffer: Arc<CursorBuffer>,
    ) -> Result<tokio::task::JoinHandle<()>, Failure> {
        let flavor = self.client.flavor().await?;
        if flavor == Flavor::V2Json {
            return Err(Failure::Broken(Error::unsupported("cursors need Hrana 3")));
        }
        let body = CursorReqBody { baton: self.baton.take(), batch };
        let encoded = match flavor {
            Flavor::V3Protobuf => protobuf::encode(body),
            _ => serde_json::to_vec(&body).map_err(|e| Failure::Broken(protocol(e.to_string())))?,
        };
        let mut response = self
            .client
            .request(reqwest::Method::POST, &self.url(flavor, "cursor"))
            .body(encoded)
            .send()
            .await
            .map_err(transport_failure)?;
        let status = response.status();
        if !status.is_success() {
            let protobuf_body = is_protobuf(&response);
            let bytes = response.bytes().await.map_err(transport_failure)?;
            return Err(status_failure(status, protobuf_body, &bytes));
        }
        let mut decoder = Decoder { buffer: BytesMut::new(), protobuf: flavor == Flavor::V3Protobuf };
        let head: CursorRespBody = loop {
            if let Some(head) = decoder.next::<CursorRespBody>().map_err(Failure::Broken)? {
                break head;
            }
            match response.chunk().await.map_err(transport_failure)? {
                Some(chunk) => decoder.buffer.extend_from_slice(&chunk),
                None => return Err(Failure::Broken(protocol("the cursor response ended before its head"))),
            }
        };
        self.baton = head.baton;
        if head.base_url.is_some() {
            self.base_url = head.base_url;
        }
        Ok(super::runtime::spawn(async move {
            let result: Result<(), Error> = async {
                loop {
                    while let Some(entry) = decoder.next::<CursorEntry>()? {
                        buffer.push(entry).await;
                    }
                    match response.chunk().await {
                        Ok(Some(chunk)) => decoder.buffer.extend_from_slice(&chunk),
                        Ok(None) if decoder.buffer.is_empty() => return Ok(()),
                        Ok(None) => return Err(protocol("the cursor response ended inside an entry")),
                        Err(e) => return Err(connect(format!("the cursor response broke off: {}", chain(&e)))),
                    }
                }
            }
            .await;
            buffer.finish(result.err());
        }))
    }
}

/// Splits a cursor body into messages: JSON lines, or varint-length-delimited protobuf.
struct Decoder {
    buffer: BytesMut,
    protobuf: bool,
}

impl Decoder {
    fn next<T: serde::de::DeserializeOwned + protobuf::Protobuf>(&mut self) -> Result<Option<T>, Error> {
        if self.protobuf {
            let mut peek = &self.buffer[..];
            let Ok(len) = prost::encoding::decode_varint(&mut peek) else {
                // An incomplete varint (at most 10 bytes) waits for more data.
                return if self.buffer.len() >= 10 { Err(protocol("invalid length prefix")) } else { Ok(None) };
            };
            let prefix = self.buffer.len() - peek.len();
            let len = usize::try_from(len).map_err(|_| protocol("invalid length prefix"))?;
            if peek.len() < len {
                return Ok(None);
            }
            self.buffer.advance(prefix);
            let message = self.buffer.split_to(len);
            protobuf::decode(&message).map(Some).map_err(|e| protocol(format!("bad cursor entry: {e}")))
        } else {
            let Some(end) = self.buffer.iter().position(|b| *b == b'\n') else { return Ok(None) };
            let line = self.buffer.split_to(end + 1);
            serde_json::from_slice(&line[..end]).map(Some).map_err(|e| protocol(format!("bad cursor entry: {e}")))
        }
    }
}

fn is_protobuf(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("protobuf"))
}

/// What an HTTP error status means for the stream and the caller.
fn status_failure(status: StatusCode, protobuf_body: bool, body: &[u8]) -> Failure {
    let text = String::from_utf8_lossy(body);
    // An error from a protobuf endpoint comes protobuf-encoded; read it as the JSON form.
    let json: Option<serde_json::Value> = if protobuf_body {
        protobuf::decode::<proto::Error>(body).ok().and_then(|e| serde_json::to_value(e).ok())
    } else {
        serde_json::from_slice(body).ok()
    };
    let field = |name: &str| json.as_ref().and_then(|j| j.get(name)).and_then(|v| v.as_str()).map(str::to_owned);
    let message = field("error").or_else(|| field("message")).unwrap_or_else(|| text.trim().to_owned());
    match status {
        StatusCode::BAD_REQUEST => {
            if field("code").as_deref() == Some("STREAM_EXPIRED") || text.contains("invalid baton") {
                Failure::StreamGone(message)
            } else if let Some(hrana) = json.and_then(|j| serde_json::from_value::<proto::Error>(j).ok()) {
                Failure::Broken(from_hrana(&hrana))
            } else {
                Failure::Broken(protocol(format!("the server refused the request: {message}")))
            }
        }
        StatusCode::UNAUTHORIZED => Failure::Broken(Error::with_code(ErrorCode::Auth, message)),
        StatusCode::FORBIDDEN => Failure::Broken(Error::new(extended::EDGELITE_AUTH_FORBIDDEN, message)),
        StatusCode::NOT_FOUND if message.contains("Namespace") => {
            Failure::Broken(Error::new(extended::EDGELITE_REMOTE_NAMESPACE, message))
        }
        StatusCode::NOT_FOUND => Failure::Broken(protocol(format!("the server has no Hrana endpoint here ({status})"))),
        StatusCode::PAYLOAD_TOO_LARGE => {
            Failure::Broken(Error::with_code(ErrorCode::TooBig, "the request is too large for the server"))
        }
        s if s.is_server_error() || s == StatusCode::TOO_MANY_REQUESTS => Failure::Broken(Error::new(
            extended::EDGELITE_REMOTE_SERVER,
            format!("the server failed ({status}): {message}"),
        )),
        _ => Failure::Broken(protocol(format!("unexpected status {status}: {message}"))),
    }
}
