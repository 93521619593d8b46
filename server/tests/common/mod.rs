//! Shared helpers: a real server on 127.0.0.1 (port 0) in a temp dir, HTTP and WebSocket
//! clients speaking raw Hrana, and JWT signing.
#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use edgelite_server::{Auth, Config, Server};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

pub struct TestServer {
    pub server: Option<Server>,
    pub url: String,
    pub admin_url: Option<String>,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> TestServer {
        // reqwest's default client needs a process-wide TLS provider (the core passes its own).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::new(dir.path().join("data"), "127.0.0.1:0".parse().unwrap());
        configure(&mut config);
        let server = Server::start(config).await.expect("server starts");
        let url = format!("http://{}", server.local_addr());
        let admin_url = server.admin_addr().map(|a| format!("http://{a}"));
        TestServer { server: Some(server), url, admin_url, http: reqwest::Client::new(), _dir: dir }
    }

    /// Starts a server with `auth` (none with `Auth::default()`).
    pub async fn start_auth(auth: Auth) -> TestServer {
        Self::start_with(|c| c.auth = auth).await
    }

    pub fn http_url(&self) -> String {
        self.url.clone()
    }

    pub fn ws_url(&self) -> String {
        self.url.replacen("http://", "ws://", 1)
    }

    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    /// POSTs a body (JSON value or raw bytes) with extra headers; returns status, content type
    /// and body bytes.
    pub async fn post_raw(&self, path: &str, body: Vec<u8>, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
        let mut request = self.http.post(format!("{}{}", self.url, path)).body(body);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = request.send().await.expect("request completes");
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        (status, content_type, response.bytes().await.unwrap().to_vec())
    }

    pub async fn post(&self, path: &str, body: Value, headers: &[(&str, &str)]) -> (u16, Value) {
        let (status, _, bytes) = self.post_raw(path, serde_json::to_vec(&body).unwrap(), headers).await;
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.http.get(format!("{}{}", self.url, path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Runs a `/v3/pipeline` request and returns the body, asserting HTTP 200.
    pub async fn pipeline(&self, baton: Option<&str>, requests: Value) -> Value {
        let (status, body) = self.post("/v3/pipeline", json!({"baton": baton, "requests": requests}), &[]).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Executes one statement on a fresh stream and returns its result (asserting success).
    pub async fn execute(&self, sql: &str) -> Value {
        let body = self.pipeline(None, json!([{"type": "execute", "stmt": {"sql": sql}}, {"type": "close"}])).await;
        let result = &body["results"][0];
        assert_eq!(result["type"], "ok", "{result}");
        result["response"]["result"].clone()
    }
}

pub fn int(i: i64) -> Value {
    json!({"type": "integer", "value": i.to_string()})
}

pub fn text(s: &str) -> Value {
    json!({"type": "text", "value": s})
}

pub fn stmt(sql: &str) -> Value {
    json!({"sql": sql})
}

/// The value rows of a StmtResult.
pub fn rows(result: &Value) -> Vec<Vec<Value>> {
    result["rows"].as_array().unwrap().iter().map(|r| r.as_array().unwrap().clone()).collect()
}

/// An Ed25519 key pair for JWTs, with the public key in the formats the server reads.
pub struct Keys {
    signing: SigningKey,
}

impl Keys {
    pub fn new(seed: u8) -> Keys {
        Keys { signing: SigningKey::from_bytes(&[seed; 32]) }
    }

    /// A fresh random key.
    pub fn generate() -> Keys {
        let mut seed = [0u8; 32];
        rand::fill(&mut seed);
        Keys { signing: SigningKey::from_bytes(&seed) }
    }

    /// The public key as a PEM `PUBLIC KEY` block (what `--auth-jwt-key-file` holds).
    pub fn public_pem(&self) -> String {
        use ed25519_dalek::pkcs8::EncodePublicKey;
        self.signing
            .verifying_key()
            .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .expect("PEM encoding")
    }

    /// Seconds since the Unix epoch, for `exp` claims.
    pub fn now() -> u64 {
        now()
    }

    /// The raw public key, URL-safe base64 (sqld's one-key format).
    pub fn public_base64(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.verifying_key().as_bytes())
    }

    pub fn auth(&self) -> Auth {
        Auth::default().with_jwt_keys(Auth::parse_jwt_keys(&self.public_base64()).unwrap())
    }

    pub fn token(&self, claims: Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"EdDSA","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
        let signed = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(self.signing.sign(signed.as_bytes()).to_bytes());
        format!("{signed}.{signature}")
    }
}

pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// A raw Hrana WebSocket client.
pub struct Ws {
    pub socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    pub protocol: Option<String>,
    pub protobuf: bool,
}

impl Ws {
    /// Connects offering `protocols` (none: no header) with extra headers.
    pub async fn connect(
        url: &str,
        protocols: &[&str],
        headers: &[(&str, &str)],
    ) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
        let mut request = url.into_client_request().unwrap();
        if !protocols.is_empty() {
            request
                .headers_mut()
                .insert("sec-websocket-protocol", HeaderValue::from_str(&protocols.join(", ")).unwrap());
        }
        for (k, v) in headers {
            let name = tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(k.as_bytes()).unwrap();
            request.headers_mut().insert(name, HeaderValue::from_str(v).unwrap());
        }
        let (socket, response) = tokio_tungstenite::connect_async(request).await?;
        let protocol = response.headers().get("sec-websocket-protocol").map(|v| v.to_str().unwrap().to_owned());
        let protobuf = protocol.as_deref() == Some("hrana3-protobuf");
        Ok(Ws { socket, protocol, protobuf })
    }

    pub async fn send_json(&mut self, msg: Value) {
        self.socket.send(Message::Text(msg.to_string().into())).await.unwrap();
    }

    pub async fn send_raw(&mut self, message: Message) {
        self.socket.send(message).await.unwrap();
    }

    /// The next data message, as JSON (protobuf decoded through the core's types).
    pub async fn recv(&mut self) -> Option<Value> {
        loop {
            let message = tokio::time::timeout(std::time::Duration::from_secs(20), self.socket.next())
                .await
                .expect("a message within 20 s")?
                .ok()?;
            match message {
                Message::Text(t) => return Some(serde_json::from_str(&t).unwrap()),
                Message::Binary(b) => {
                    let msg: edgelite::hrana::proto::ServerMsg = edgelite::hrana::protobuf::decode(&b).unwrap();
                    return Some(serde_json::to_value(msg).unwrap());
                }
                Message::Close(frame) => {
                    return Some(json!({"type": "__close", "code": frame.map(|f| u16::from(f.code))}));
                }
                _ => continue,
            }
        }
    }

    /// Sends a request and waits for the message answering it (skipping others).
    pub async fn request(&mut self, request_id: i32, request: Value) -> Value {
        self.send_msg(json!({"type": "request", "request_id": request_id, "request": request})).await;
        loop {
            let msg = self.recv().await.expect("an answer");
            if msg["request_id"] == request_id || msg["type"] == "__close" {
                return msg;
            }
        }
    }

    /// Sends a client message in the negotiated encoding.
    pub async fn send_msg(&mut self, msg: Value) {
        if self.protobuf {
            let msg: edgelite::hrana::proto::ClientMsg = serde_json::from_value(msg).unwrap();
            self.socket.send(Message::Binary(edgelite::hrana::protobuf::encode(msg).into())).await.unwrap();
        } else {
            self.send_json(msg).await;
        }
    }

    pub async fn hello(&mut self, jwt: Option<&str>) -> Value {
        self.send_msg(json!({"type": "hello", "jwt": jwt})).await;
        self.recv().await.unwrap()
    }
}
