//! Authentication: Ed25519 JWTs (as sqld issues and checks them) and HTTP basic credentials.
//!
//! With neither configured, every request has full access (the default on loopback).

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ed25519_dalek::pkcs8::DecodePublicKey;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;

/// How long after `exp` (or before `nbf`) a token is still accepted, for clock skew.
const LEEWAY_SECS: u64 = 60;

/// What a client may do in a namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Reads, and transaction control; no statement that writes.
    ReadOnly,
    /// Everything.
    ReadWrite,
}

/// What an authenticated client may do, per namespace.
#[derive(Clone, Debug, PartialEq)]
pub enum Grant {
    /// The same access to every namespace.
    All(Access),
    /// Access to the listed namespaces only.
    Namespaces(HashMap<String, Access>),
}

impl Grant {
    /// The client's access to `namespace`, or `None` if it has none.
    pub fn access(&self, namespace: &str) -> Option<Access> {
        match self {
            Grant::All(access) => Some(*access),
            Grant::Namespaces(map) => map.get(namespace).copied(),
        }
    }
}

/// Why a client was not authenticated; `code` is sqld's error code for it.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthError {
    pub code: &'static str,
    pub message: String,
}

impl AuthError {
    fn new(code: &'static str, message: impl Into<String>) -> AuthError {
        AuthError { code, message: message.into() }
    }
}

/// The authentication configured for the user port.
#[derive(Clone, Debug, Default)]
pub struct Auth {
    jwt_keys: Vec<VerifyingKey>,
    /// The accepted `user:password`, base64-encoded as it appears after `Basic `.
    basic: Option<String>,
}

impl Auth {
    /// Accepts JWTs signed by any of `keys`.
    pub fn with_jwt_keys(mut self, keys: Vec<VerifyingKey>) -> Auth {
        self.jwt_keys = keys;
        self
    }

    /// Accepts HTTP basic credentials `user:password` given base64-encoded (as sqld's
    /// `--http-auth basic:<base64>`); a match grants full access.
    pub fn with_basic(mut self, credentials_base64: impl Into<String>) -> Auth {
        self.basic = Some(credentials_base64.into());
        self
    }

    /// Whether clients must authenticate.
    pub fn is_enabled(&self) -> bool {
        !self.jwt_keys.is_empty() || self.basic.is_some()
    }

    /// Parses Ed25519 public keys: one or more PEM `PUBLIC KEY` blocks, or one raw 32-byte key
    /// in URL-safe base64 (the formats sqld accepts).
    pub fn parse_jwt_keys(text: &str) -> Result<Vec<VerifyingKey>, String> {
        let text = text.trim();
        if text.contains("-----BEGIN") {
            let mut keys = Vec::new();
            let mut rest = text;
            while let Some(start) = rest.find("-----BEGIN") {
                let end_marker = rest[start..].find("-----END").ok_or("unterminated PEM block")?;
                let end = start + end_marker;
                let close = rest[end + 8..].find("-----").map(|i| end + 8 + i + 5).ok_or("unterminated PEM block")?;
                let block = &rest[start..close];
                keys.push(
                    VerifyingKey::from_public_key_pem(block).map_err(|e| format!("invalid PEM public key: {e}"))?,
                );
                rest = &rest[close..];
            }
            Ok(keys)
        } else {
            let bytes = URL_SAFE_NO_PAD
                .decode(text.trim_end_matches('='))
                .map_err(|e| format!("the key is neither PEM nor URL-safe base64: {e}"))?;
            let bytes: [u8; 32] = bytes.try_into().map_err(|_| "a raw Ed25519 key must be 32 bytes".to_string())?;
            Ok(vec![VerifyingKey::from_bytes(&bytes).map_err(|e| format!("invalid Ed25519 key: {e}"))?])
        }
    }

    /// Authenticates an HTTP `Authorization` header value (or its absence).
    pub fn authenticate_header(&self, header: Option<&str>) -> Result<Grant, AuthError> {
        if !self.is_enabled() {
            return Ok(Grant::All(Access::ReadWrite));
        }
        let header = header
            .ok_or_else(|| AuthError::new("AUTH_HTTP_HEADER_MISSING", "The Authorization HTTP header is missing"))?;
        // HTTP drops trailing whitespace, so `Bearer ` (the libsql crate's empty token) arrives
        // as a bare scheme.
        let (scheme, value) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
        if scheme.is_empty() {
            return Err(AuthError::new("AUTH_HTTP_HEADER_INVALID", "The Authorization HTTP header has invalid value"));
        }
        match scheme.to_ascii_lowercase().as_str() {
            "bearer" => self.authenticate_jwt(Some(value.trim())),
            "basic" => match &self.basic {
                None => Err(AuthError::new("AUTH_BASIC_NOT_ALLOWED", "Authentication using Basic is not allowed")),
                Some(expected) if constant_time_eq(expected.as_bytes(), value.trim().as_bytes()) => {
                    Ok(Grant::All(Access::ReadWrite))
                }
                Some(_) => Err(AuthError::new("AUTH_BASIC_REJECTED", "Authentication using Basic was rejected")),
            },
            _ => Err(AuthError::new(
                "AUTH_HTTP_HEADER_UNSUPPORTED_SCHEME",
                "The Authorization HTTP header uses an unsupported scheme",
            )),
        }
    }

    /// Authenticates a JWT (from a `Bearer` header or a WebSocket `hello`).
    pub fn authenticate_jwt(&self, jwt: Option<&str>) -> Result<Grant, AuthError> {
        if !self.is_enabled() {
            return Ok(Grant::All(Access::ReadWrite));
        }
        if self.jwt_keys.is_empty() {
            return Err(AuthError::new("AUTH_JWT_NOT_ALLOWED", "Authentication using a JWT is not allowed"));
        }
        let jwt =
            jwt.filter(|t| !t.is_empty()).ok_or_else(|| AuthError::new("AUTH_JWT_MISSING", "The JWT is missing"))?;
        let invalid = || AuthError::new("AUTH_JWT_INVALID", "The JWT is invalid");
        let mut parts = jwt.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let decode = |part: &str| URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).map_err(|_| invalid());
        #[derive(Deserialize)]
        struct Header {
            alg: String,
        }
        let header_json: Header = serde_json::from_slice(&decode(header)?).map_err(|_| invalid())?;
        if header_json.alg != "EdDSA" {
            return Err(invalid());
        }
        let signature = Signature::from_slice(&decode(signature)?).map_err(|_| invalid())?;
        let signed = &jwt[..header.len() + 1 + payload.len()];
        if !self.jwt_keys.iter().any(|key| key.verify_strict(signed.as_bytes(), &signature).is_ok()) {
            return Err(invalid());
        }
        let claims: Claims = serde_json::from_slice(&decode(payload)?).map_err(|_| invalid())?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        if claims.exp.is_some_and(|exp| now > exp.saturating_add(LEEWAY_SECS)) {
            return Err(AuthError::new("AUTH_JWT_EXPIRED", "The JWT has expired"));
        }
        if claims.nbf.is_some_and(|nbf| now.saturating_add(LEEWAY_SECS) < nbf) {
            return Err(AuthError::new("AUTH_JWT_IMMATURE", "The JWT is not yet valid"));
        }
        Ok(claims.grant())
    }
}

/// The claims edgelite reads (sqld's): legacy `a` and `id`, or fine-grained `p`.
#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    a: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    p: Option<HashMap<String, Scope>>,
    #[serde(default)]
    exp: Option<u64>,
    #[serde(default)]
    nbf: Option<u64>,
}

#[derive(Deserialize)]
struct Scope {
    #[serde(default)]
    ns: Vec<String>,
}

fn access_of(scope: &str) -> Option<Access> {
    match scope {
        "ro" | "roa" => Some(Access::ReadOnly),
        "rw" | "rwa" | "ddl" => Some(Access::ReadWrite),
        _ => None,
    }
}

impl Claims {
    fn grant(self) -> Grant {
        if let Some(scopes) = self.p {
            // Fine-grained permissions win over `a` and `id`; the strongest scope applies.
            let mut map: HashMap<String, Access> = HashMap::new();
            for (name, scope) in scopes {
                let Some(access) = access_of(&name) else { continue };
                for ns in scope.ns {
                    let entry = map.entry(ns).or_insert(access);
                    *entry = (*entry).max(access);
                }
            }
            return Grant::Namespaces(map);
        }
        let access = self.a.as_deref().and_then(access_of).unwrap_or(Access::ReadWrite);
        match self.id {
            Some(ns) => Grant::Namespaces(HashMap::from([(ns, access)])),
            None => Grant::All(access),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Encodes `user:password` for [`Auth::with_basic`] and the `Authorization: Basic` header.
pub fn basic_credentials(user: &str, password: &str) -> String {
    STANDARD.encode(format!("{user}:{password}"))
}
