//! Server URLs: `http(s)://`, `ws(s)://`, and `libsql://` (HTTPS; `?tls=0` for plain HTTP).

use crate::error::{Error, ErrorCode, Result};

/// How to reach the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Transport {
    Http,
    WebSocket,
}

/// A parsed server URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub transport: Transport,
    /// `scheme://host[:port][/path]` without query or trailing slash.
    pub base: String,
    /// A token given in the URL (`authToken`, `auth_token` or `jwt`).
    pub auth_token: Option<String>,
}

fn bad(message: impl Into<String>) -> Error {
    Error::with_code(ErrorCode::Misuse, message)
}

/// Parses a server URL. Query parameters other than the token and `tls` are refused (as
/// `@libsql/client` does), rather than silently ignored.
pub(crate) fn parse(url: &str) -> Result<Endpoint> {
    let parsed = url::Url::parse(url).map_err(|e| bad(format!("invalid URL {url:?}: {e}")))?;
    let mut auth_token = None;
    let mut tls: Option<bool> = None;
    for (key, value) in parsed.query_pairs() {
        match key.as_ref() {
            "authToken" | "auth_token" | "jwt" => auth_token = Some(value.into_owned()),
            "tls" => match value.as_ref() {
                "0" | "false" => tls = Some(false),
                "1" | "true" => tls = Some(true),
                other => return Err(bad(format!("invalid tls={other:?} in the URL (use 0 or 1)"))),
            },
            other => return Err(bad(format!("unsupported URL parameter {other:?}"))),
        }
    }
    let scheme = parsed.scheme().to_ascii_lowercase();
    let (transport, scheme) = match (scheme.as_str(), tls) {
        ("libsql", Some(false)) => (Transport::Http, "http"),
        ("libsql", _) => (Transport::Http, "https"),
        ("https", Some(false)) => (Transport::Http, "http"),
        ("http", _) => (Transport::Http, "http"),
        ("https", _) => (Transport::Http, "https"),
        ("wss", Some(false)) | ("ws", _) => (Transport::WebSocket, "ws"),
        ("wss", _) => (Transport::WebSocket, "wss"),
        (other, _) => return Err(bad(format!("unsupported URL scheme {other:?}"))),
    };
    if scheme == "http" && parsed.scheme() == "libsql" && parsed.port().is_none() {
        return Err(bad("libsql:// with tls=0 needs an explicit port"));
    }
    let host = parsed.host_str().ok_or_else(|| bad(format!("the URL {url:?} has no host")))?;
    let host = if host.contains(':') && !host.starts_with('[') { format!("[{host}]") } else { host.to_owned() };
    let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = parsed.path().trim_end_matches('/');
    Ok(Endpoint { transport, base: format!("{scheme}://{host}{port}{path}"), auth_token })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_parameters() {
        let e = parse("libsql://db.example.com?authToken=abc").unwrap();
        assert_eq!(
            (e.transport, e.base.as_str(), e.auth_token.as_deref()),
            (Transport::Http, "https://db.example.com", Some("abc"))
        );
        assert_eq!(parse("libsql://localhost:8080?tls=0").unwrap().base, "http://localhost:8080");
        assert!(parse("libsql://localhost?tls=0").is_err());
        assert_eq!(parse("http://127.0.0.1:8080/").unwrap().base, "http://127.0.0.1:8080");
        assert_eq!(parse("ws://127.0.0.1:8080").unwrap().transport, Transport::WebSocket);
        assert_eq!(parse("wss://h/prefix/").unwrap().base, "wss://h/prefix");
        assert!(parse("http://h?foo=1").is_err());
        assert!(parse("ftp://h").is_err());
        assert!(parse("not a url").is_err());
    }
}
