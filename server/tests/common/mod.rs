//! Shared by the compatibility tests: servers started in-process on a free loopback port with a
//! data directory of their own, and Ed25519 JWTs signed as sqld's clients receive them.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::pkcs8::EncodePublicKey;
use ed25519_dalek::{Signer, SigningKey};
use edgelite_server::{Auth, Config, Server};

/// A server on `127.0.0.1:<free port>` with its own temporary data directory.
pub struct TestServer {
    server: Option<Server>,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server with `auth` (no authentication if `Auth::default()`).
    pub async fn start(auth: Auth) -> TestServer {
        let dir = tempfile::tempdir().expect("a temporary data directory");
        let mut config = Config::new(dir.path().join("data"), "127.0.0.1:0".parse().unwrap());
        config.auth = auth;
        let server = Server::start(config).await.expect("the server starts");
        let addr = server.local_addr();
        TestServer { server: Some(server), addr, _dir: dir }
    }

    pub fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Stops accepting connections and waits for requests in flight.
    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

/// An Ed25519 key pair made for one test, and the JWTs it signs.
pub struct JwtKeys {
    signing: SigningKey,
}

impl JwtKeys {
    pub fn generate() -> JwtKeys {
        let mut seed = [0u8; 32];
        rand::fill(&mut seed);
        JwtKeys { signing: SigningKey::from_bytes(&seed) }
    }

    /// The public key as a PEM `PUBLIC KEY` block (what `--auth-jwt-key-file` holds).
    pub fn public_pem(&self) -> String {
        self.signing
            .verifying_key()
            .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .expect("PEM encoding")
    }

    /// The public key as sqld's other format: the raw 32 bytes in URL-safe base64.
    pub fn public_raw(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.verifying_key().to_bytes())
    }

    /// Server authentication that accepts tokens signed by this key.
    pub fn auth(&self) -> Auth {
        Auth::default().with_jwt_keys(Auth::parse_jwt_keys(&self.public_pem()).expect("our own key parses"))
    }

    /// A compact JWT (`alg: EdDSA`) with `claims`.
    pub fn token(&self, claims: serde_json::Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"EdDSA","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signed = format!("{header}.{payload}");
        let signature = self.signing.sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    /// Seconds since the Unix epoch, for `exp` claims.
    pub fn now() -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
    }
}
