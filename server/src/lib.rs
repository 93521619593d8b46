//! # edgelite-server
//!
//! The server behind `edgelite serve`: libSQL's Hrana protocol (versions 1–3, JSON and
//! protobuf) over HTTP and WebSockets on one port, sqld's legacy HTTP APIs, auth tokens and
//! namespaces, with namespace management on a separate admin port. The official libSQL clients
//! work against it unchanged.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use edgelite_server::{Config, Server};
//! let server = Server::start(Config::new("data", "127.0.0.1:8080".parse().unwrap())).await?;
//! println!("listening on {}", server.local_addr());
//! server.wait().await;
//! # Ok(())
//! # }
//! ```
//!
//! Every SQLite call runs on tokio's blocking pool, never on the async executor threads.

pub mod admin;
pub mod auth;
pub mod config;
pub mod error;
pub mod hrana;
pub mod legacy;
pub mod namespaces;
mod routes;
pub mod sync;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::HeaderMap;
use base64::Engine;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use auth::{Access, Auth, Grant};
pub use config::{Config, Role};
use error::ApiError;
use namespaces::{Namespace, Namespaces, DEFAULT_NAMESPACE};

/// State shared by every request.
pub struct AppState {
    pub config: Config,
    pub namespaces: Namespaces,
    pub streams: hrana::http::HttpStreams,
}

/// Who is asking, for which namespace, with what access.
pub struct Client {
    pub namespace: Arc<Namespace>,
    pub access: Access,
}

impl AppState {
    /// The namespace a request names (headers, then the Host's first label).
    fn namespace_name(&self, headers: &HeaderMap) -> Result<String, ApiError> {
        if !self.config.enable_namespaces {
            return Ok(DEFAULT_NAMESPACE.to_owned());
        }
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(encoded) = header("x-namespace-bin") {
            let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(encoded.trim_end_matches('='))
                .map_err(|_| ApiError::Protocol("x-namespace-bin is not valid base64".into()))?;
            return String::from_utf8(bytes).map_err(|_| ApiError::Protocol("x-namespace-bin is not UTF-8".into()));
        }
        if let Some(name) = header("x-namespace") {
            return Ok(name.to_owned());
        }
        if let Some(host) = header("host") {
            // An IP address names no namespace (sqld would read 127.0.0.1 as namespace "127").
            let is_ip = host.parse::<SocketAddr>().is_ok() || host.parse::<std::net::IpAddr>().is_ok();
            let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
            if !is_ip && name.parse::<std::net::IpAddr>().is_err() {
                if let Some((label, _)) = name.split_once('.') {
                    return Ok(label.to_owned());
                }
            }
        }
        if self.config.disable_default_namespace {
            return Err(ApiError::Protocol("the request names no namespace".into()));
        }
        Ok(DEFAULT_NAMESPACE.to_owned())
    }

    /// Authenticates a request and resolves its namespace. Credentials are checked before the
    /// namespace is looked up, so unauthenticated clients learn nothing about namespaces.
    pub fn client(&self, headers: &HeaderMap) -> Result<Client, ApiError> {
        let authorization = headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        let grant = self.config.auth.authenticate_header(authorization).map_err(ApiError::Unauthorized)?;
        self.client_with_grant(headers, &grant)
    }

    /// Resolves the namespace for an already authenticated client.
    pub fn client_with_grant(&self, headers: &HeaderMap, grant: &Grant) -> Result<Client, ApiError> {
        let name = self.namespace_name(headers)?;
        let access = grant
            .access(&name)
            .ok_or_else(|| ApiError::Forbidden(format!("Current session doesn't have access to namespace {name}")))?;
        let namespace = self.namespaces.get(&name)?;
        Ok(Client { namespace, access })
    }
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    admin_addr: Option<SocketAddr>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    state: Arc<AppState>,
}

/// How long a stopping server waits for requests in flight.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

impl Server {
    /// Binds the listeners and starts serving. Port 0 picks a free port; see
    /// [`local_addr`](Server::local_addr).
    pub async fn start(config: Config) -> std::io::Result<Server> {
        let (db_path, role) = (config.db_path.clone(), config.role.clone());
        // Opening may replay the frame log or sync a replica: blocking work.
        let namespaces = tokio::task::spawn_blocking(move || Namespaces::open(db_path, role))
            .await
            .map_err(std::io::Error::other)?
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let admin_listener = match config.admin_listen {
            Some(admin) => Some(TcpListener::bind(admin).await?),
            None => None,
        };
        let admin_addr = admin_listener.as_ref().map(|l| l.local_addr()).transpose()?;
        let state = Arc::new(AppState { streams: hrana::http::HttpStreams::new(&config), config, namespaces });
        let (shutdown, watch_rx) = watch::channel(false);
        let mut tasks = vec![tokio::spawn(hrana::http::reap_idle_streams(state.clone(), watch_rx.clone()))];
        let serve = |listener: TcpListener, router: axum::Router, mut rx: watch::Receiver<bool>| {
            // Responses go out in several small writes (headers, cursor entries, WebSocket
            // frames); with Nagle's algorithm each would wait for the client's delayed ACK.
            let listener = axum::serve::ListenerExt::tap_io(listener, |stream: &mut tokio::net::TcpStream| {
                let _ = stream.set_nodelay(true);
            });
            tokio::spawn(async move {
                let app = router.into_make_service_with_connect_info::<SocketAddr>();
                let result = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = rx.wait_for(|stop| *stop).await;
                    })
                    .await;
                if let Err(err) = result {
                    tracing::error!("server error: {err}");
                }
            })
        };
        tasks.push(serve(listener, routes::user_router(state.clone()), watch_rx.clone()));
        if let Some(admin) = admin_listener {
            tasks.push(serve(admin, admin::router(state.clone()), watch_rx));
        }
        Ok(Server { addr, admin_addr, shutdown, tasks, state })
    }

    /// The user port's address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The admin port's address, if one is configured.
    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.admin_addr
    }

    /// The shared state (for tests and embedding).
    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }

    /// Stops accepting connections, lets requests in flight finish for up to
    /// [`SHUTDOWN_GRACE`], then closes whatever is still open (WebSocket sessions, replicas'
    /// long polls) and returns. Committed data is durable either way.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let aborts: Vec<_> = self.tasks.iter().map(|task| task.abort_handle()).collect();
        let all = futures_util::future::join_all(self.tasks);
        if tokio::time::timeout(SHUTDOWN_GRACE, all).await.is_err() {
            for abort in aborts {
                abort.abort();
            }
        }
    }

    /// Serves until the process is asked to stop (Ctrl-C or SIGTERM), then shuts down.
    pub async fn wait(self) {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {}
            _ = terminate => {}
        }
        self.shutdown().await;
    }
}
