//! Server configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::auth::Auth;

/// Whether this server's databases are primaries or follow another server.
#[derive(Clone, Debug)]
pub enum Role {
    /// The databases are written here; replicas follow them through `/info`, `/export` and
    /// `/sync`.
    Primary(edgelite::wal::PrimaryOptions),
    /// Each database follows the same namespace on the primary at `url` continuously (long
    /// poll), serves reads locally and forwards writes; every connection reads its own writes.
    Replica {
        /// The primary's URL (`http(s)://`, `libsql://`).
        url: String,
        /// The token this server presents to the primary.
        auth_token: Option<String>,
    },
}

/// Everything `edgelite serve` can be told.
#[derive(Clone, Debug)]
pub struct Config {
    /// The data directory: one subdirectory per namespace (`dbs/<name>/data.db`).
    pub db_path: PathBuf,
    /// The user port: Hrana over HTTP and WebSocket, the legacy APIs, probes and `/dump`.
    pub listen: SocketAddr,
    /// The admin port (namespace management), if any.
    pub admin_listen: Option<SocketAddr>,
    /// If set, admin requests need `Authorization: basic <key>`.
    pub admin_key: Option<String>,
    /// How clients authenticate on the user port.
    pub auth: Auth,
    /// Select the database by `x-namespace-bin`, `x-namespace` or the Host's first label.
    pub enable_namespaces: bool,
    /// With namespaces on: a request that names no namespace is an error instead of using
    /// `default`.
    pub disable_default_namespace: bool,
    /// An HTTP stream unused for this long is closed (its open transaction rolled back).
    pub stream_idle_timeout: Duration,
    /// How long an expired stream's id is remembered, to answer `STREAM_EXPIRED`.
    pub expired_stream_memory: Duration,
    /// The largest request body accepted (413 above it).
    pub max_request_bytes: usize,
    /// The largest single statement result returned in one response (`RESPONSE_TOO_LARGE`
    /// above it; cursors stream and have no limit).
    pub max_response_bytes: usize,
    /// Stored SQL texts per stream (WebSocket: per connection).
    pub max_stored_sql: usize,
    /// Open HTTP streams across all clients.
    pub max_http_streams: usize,
    /// Open streams per WebSocket connection.
    pub max_ws_streams: usize,
    /// Requests in flight per WebSocket connection before the server stops reading.
    pub max_ws_in_flight: usize,
    /// The `base_url` returned to HTTP clients (for sticky sessions behind a load balancer).
    pub self_url: Option<String>,
    /// The newest Hrana version offered (1–3): lower it to behave like an older server (the
    /// version 3 endpoints and subprotocols disappear), e.g. to test clients' fallbacks.
    pub max_hrana_version: u8,
    /// Primary (default) or replica of another server.
    pub role: Role,
}

impl Config {
    /// Defaults for a data directory and a listen address.
    pub fn new(db_path: impl Into<PathBuf>, listen: SocketAddr) -> Config {
        Config {
            db_path: db_path.into(),
            listen,
            admin_listen: None,
            admin_key: None,
            auth: Auth::default(),
            enable_namespaces: false,
            disable_default_namespace: false,
            stream_idle_timeout: Duration::from_secs(10),
            expired_stream_memory: Duration::from_secs(300),
            max_request_bytes: 32 << 20,
            max_response_bytes: 10 << 20,
            max_stored_sql: 50,
            max_http_streams: 10_000,
            max_ws_streams: 128,
            max_ws_in_flight: 128,
            self_url: None,
            max_hrana_version: 3,
            role: Role::Primary(edgelite::wal::PrimaryOptions::default()),
        }
    }
}
