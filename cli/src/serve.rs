//! `edgelite serve`: the server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use edgelite_server::{Auth, Config, Role, Server};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The data directory (created if missing; one database per namespace inside).
    #[arg(long, default_value = "edgelite-data", env = "EDGELITE_DB_PATH")]
    db_path: PathBuf,
    /// The address of the user port: Hrana over HTTP and WebSocket, and the legacy APIs.
    #[arg(long, default_value = "127.0.0.1:8080", env = "EDGELITE_LISTEN")]
    listen: SocketAddr,
    /// The address of the admin port (namespace management); off unless given.
    #[arg(long, env = "EDGELITE_ADMIN_LISTEN")]
    admin_listen: Option<SocketAddr>,
    /// A key admin requests must present as `Authorization: basic <key>`.
    #[arg(long, env = "EDGELITE_ADMIN_KEY", hide_env_values = true)]
    admin_key: Option<String>,
    /// A file of Ed25519 public keys (PEM) or one raw key (URL-safe base64) that signs JWTs.
    #[arg(long)]
    auth_jwt_key_file: Option<PathBuf>,
    /// The JWT public key itself (PEM or URL-safe base64); also read from SQLD_AUTH_JWT_KEY.
    // A URL-safe base64 key may begin with '-'.
    #[arg(long, env = "EDGELITE_AUTH_JWT_KEY", hide_env_values = true, allow_hyphen_values = true)]
    auth_jwt_key: Option<String>,
    /// HTTP basic credentials as `basic:<base64 of user:password>`.
    #[arg(long, env = "EDGELITE_HTTP_AUTH", hide_env_values = true)]
    http_auth: Option<String>,
    /// Choose the database per request by `x-namespace-bin`, `x-namespace` or the Host's first
    /// label.
    #[arg(long)]
    enable_namespaces: bool,
    /// With namespaces on, refuse requests that name no namespace instead of using `default`.
    #[arg(long)]
    disable_default_namespace: bool,
    /// Serve without authentication on an address other than loopback.
    #[arg(long)]
    allow_unauthenticated: bool,
    /// Seconds an idle HTTP stream lives before it is closed.
    #[arg(long, default_value_t = 10)]
    stream_idle_timeout: u64,
    /// Milliseconds an idle HTTP stream lives (overrides --stream-idle-timeout; for tests).
    #[arg(long, hide = true)]
    stream_idle_timeout_ms: Option<u64>,
    /// The newest Hrana version to offer (1–3), to behave like an older server.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=3))]
    max_hrana_version: u8,
    /// Run as a replica of the primary at this URL: follow it continuously, serve reads
    /// locally, forward writes (each connection reads its own writes).
    #[arg(long, env = "EDGELITE_PRIMARY_URL")]
    primary_url: Option<String>,
    /// The token this replica presents to the primary.
    #[arg(long, env = "EDGELITE_PRIMARY_AUTH_TOKEN", hide_env_values = true, requires = "primary_url")]
    auth_token: Option<String>,
    /// Primaries: checkpoint the WAL after this many frames were logged for replicas.
    #[arg(long, default_value_t = 1000)]
    checkpoint_frames: u32,
    /// Primaries: start a new replication generation (a new snapshot) when the frames logged
    /// since the last one exceed the database size and this many MiB.
    #[arg(long, default_value_t = 64)]
    generation_min_mib: u64,
    /// Primaries: how many replication generations (the current one included) to keep, so that
    /// replicas that fall further behind can still catch up frame by frame instead of
    /// downloading a new snapshot.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    keep_generations: u32,
}

impl ServeArgs {
    fn config(self) -> Result<Config, String> {
        let mut auth = Auth::default();
        let key_text = match (&self.auth_jwt_key_file, &self.auth_jwt_key) {
            (Some(file), _) => {
                Some(std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?)
            }
            (None, Some(key)) => Some(key.clone()),
            (None, None) => std::env::var("SQLD_AUTH_JWT_KEY").ok(),
        };
        if let Some(text) = key_text {
            auth = auth.with_jwt_keys(Auth::parse_jwt_keys(&text)?);
        }
        if let Some(spec) = &self.http_auth {
            let credentials = spec
                .strip_prefix("basic:")
                .ok_or_else(|| "--http-auth must look like basic:<base64 of user:password>".to_string())?;
            auth = auth.with_basic(credentials);
        }
        if !auth.is_enabled() && !self.listen.ip().is_loopback() && !self.allow_unauthenticated {
            return Err(format!(
                "refusing to serve {} without authentication: configure --auth-jwt-key-file or --http-auth, \
                 or pass --allow-unauthenticated",
                self.listen
            ));
        }
        let mut config = Config::new(self.db_path, self.listen);
        config.admin_listen = self.admin_listen;
        config.admin_key = self.admin_key;
        config.auth = auth;
        config.enable_namespaces = self.enable_namespaces;
        config.disable_default_namespace = self.disable_default_namespace;
        config.stream_idle_timeout = match self.stream_idle_timeout_ms {
            Some(ms) => Duration::from_millis(ms.max(10)),
            None => Duration::from_secs(self.stream_idle_timeout.max(1)),
        };
        config.max_hrana_version = self.max_hrana_version;
        config.role = match self.primary_url {
            Some(url) => Role::Replica { url, auth_token: self.auth_token },
            None => Role::Primary(edgelite::wal::PrimaryOptions {
                checkpoint_frames: self.checkpoint_frames.max(1),
                generation_min_bytes: self.generation_min_mib << 20,
                keep_generations: self.keep_generations,
                ..Default::default()
            }),
        };
        Ok(config)
    }
}

pub fn run(args: ServeArgs) -> i32 {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("EDGELITE_LOG").unwrap_or_else(|_| "info".into()))
        .try_init();
    let config = match args.config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("Error: {message}");
            return 2;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Error: cannot start the runtime: {e}");
            return 1;
        }
    };
    runtime.block_on(async move {
        let db_path = config.db_path.clone();
        let primary_url = match &config.role {
            Role::Replica { url, .. } => Some(url.clone()),
            Role::Primary(_) => None,
        };
        match Server::start(config).await {
            Ok(server) => {
                // Tests and scripts read the first line to learn the port when it was 0. Writes
                // are best effort: a closed stdout must not take the server down.
                let mut out = std::io::stdout();
                let mut note = |line: String| {
                    use std::io::Write;
                    let _ = writeln!(out, "{line}").and_then(|_| out.flush());
                };
                note(format!("edgelite {} listening on http://{}", edgelite::VERSION, server.local_addr()));
                if let Some(admin) = server.admin_addr() {
                    note(format!("admin API on http://{admin}"));
                }
                note(format!("data directory: {}", db_path.display()));
                if let Some(primary) = &primary_url {
                    note(format!("replica of {primary}"));
                }
                server.wait().await;
                0
            }
            Err(e) => {
                eprintln!("Error: cannot start the server: {e}");
                1
            }
        }
    })
}
