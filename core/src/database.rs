//! Opening databases in the three modes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::local::{LocalDatabase, LocalOptions};
use crate::remote::{RemoteDatabase, RemoteOptions};
use crate::replica::{ProgressCallback, ReplicaDatabase, ReplicaOptions, SyncProgress, SyncStatus, Synced};
use crate::wal::{FrameLog, PrimaryOptions};

/// The default time a statement waits for another connection's lock (see
/// [`Connection::busy_timeout`]).
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Which of the three modes a database runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// SQLite in this process, on a local file or in memory.
    Embedded,
    /// A server, reached over Hrana (HTTP or WebSocket).
    Remote,
    /// A local copy synced from a primary; reads are local, writes go to the primary.
    Replica,
}

/// Whether `target` names a server rather than a file: `http(s)://`, `ws(s)://`, `libsql://`.
pub fn is_remote_url(target: &str) -> bool {
    let lower = target.get(..10).unwrap_or(target).to_ascii_lowercase();
    ["http://", "https://", "ws://", "wss://", "libsql://"].iter().any(|scheme| lower.starts_with(scheme))
}

/// A database in one of the three modes; [`connect`](Database::connect) opens connections to it.
///
/// ```
/// use edgelite::Database;
/// let db = Database::open(":memory:")?;
/// let conn = db.connect()?;
/// assert_eq!(conn.query_row("SELECT 1 + 1", (), |row| row.get::<i64>(0))?, 2);
/// # Ok::<(), edgelite::Error>(())
/// ```
pub struct Database {
    inner: DatabaseInner,
}

enum DatabaseInner {
    Local(LocalDatabase),
    Remote(RemoteDatabase),
    Replica(ReplicaDatabase),
}

impl Database {
    /// Opens `target`: a server URL (`http(s)://`, `ws(s)://`, `libsql://`) opens a remote
    /// database; anything else is a local path, a `file:` URI, or `:memory:` (one in-memory
    /// database shared by every connection of this `Database`).
    pub fn open(target: &str) -> Result<Database> {
        if is_remote_url(target) {
            Builder::remote(target).build()
        } else {
            Builder::local(target).build()
        }
    }

    /// Opens a new connection.
    pub fn connect(&self) -> Result<Connection> {
        match &self.inner {
            DatabaseInner::Local(db) => Ok(Connection::local(db.connect()?)),
            DatabaseInner::Remote(db) => Ok(Connection::remote(db.connect()?)),
            DatabaseInner::Replica(db) => Ok(Connection::replica(db.connect()?)),
        }
    }

    /// The mode this database runs in.
    pub fn mode(&self) -> Mode {
        match &self.inner {
            DatabaseInner::Local(_) => Mode::Embedded,
            DatabaseInner::Remote(_) => Mode::Remote,
            DatabaseInner::Replica(_) => Mode::Replica,
        }
    }

    /// Pulls the primary's new transactions and applies them, each as one local transaction
    /// (replicas only; an `Unsupported` error otherwise). The first sync downloads the
    /// primary's snapshot. Returns where the replica is now and what this call applied.
    ///
    /// Local readers keep a consistent view throughout: a read transaction open during a sync
    /// sees the state it started with until it ends.
    pub fn sync(&self) -> Result<Synced> {
        match &self.inner {
            DatabaseInner::Replica(db) => db.sync(),
            DatabaseInner::Local(_) | DatabaseInner::Remote(_) => {
                Err(Error::unsupported("sync() needs an embedded replica (open with a sync URL)"))
            }
        }
    }

    /// The replica's sync state: position, lag, last sync and last error (replicas only).
    pub fn sync_status(&self) -> Result<SyncStatus> {
        match &self.inner {
            DatabaseInner::Replica(db) => Ok(db.sync_status()),
            DatabaseInner::Local(_) | DatabaseInner::Remote(_) => {
                Err(Error::unsupported("sync_status() needs an embedded replica (open with a sync URL)"))
            }
        }
    }

    /// For a primary ([`Builder::primary`]): the frame log its replicas read.
    pub fn frame_log(&self) -> Option<&std::sync::Arc<FrameLog>> {
        match &self.inner {
            DatabaseInner::Local(db) => db.frame_log(),
            _ => None,
        }
    }

    /// For a primary: logs every commit made so far (the WAL hook normally has; a statement
    /// abandoned before its end commits without it). Servers call this before answering a
    /// request, so a client that wrote can at once read its write from a replica.
    pub fn capture_commits(&self) -> Result<()> {
        match &self.inner {
            DatabaseInner::Local(db) => db.capture_commits(),
            _ => Ok(()),
        }
    }
}

#[derive(Clone, Debug)]
enum Target {
    Local(PathBuf),
    Remote(String),
    Replica { path: PathBuf, sync_url: String },
}

/// Opens a [`Database`] with options.
///
/// ```
/// # use edgelite::Builder;
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("app.db");
/// let db = Builder::local(&path).busy_timeout(std::time::Duration::from_millis(100)).build()?;
/// # Ok::<(), edgelite::Error>(())
/// ```
#[derive(Clone)]
pub struct Builder {
    target: Target,
    auth_token: Option<String>,
    read_only: bool,
    create_if_missing: bool,
    busy_timeout: Duration,
    sync_interval: Option<Duration>,
    read_your_writes: bool,
    namespace: Option<String>,
    request_timeout: Option<Duration>,
    primary: Option<PrimaryOptions>,
    follow: bool,
    sync_progress: Option<ProgressCallback>,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("target", &self.target)
            .field("read_only", &self.read_only)
            .field("busy_timeout", &self.busy_timeout)
            .field("sync_interval", &self.sync_interval)
            .field("follow", &self.follow)
            .field("primary", &self.primary)
            .finish_non_exhaustive()
    }
}

impl Builder {
    fn new(target: Target) -> Builder {
        Builder {
            target,
            auth_token: None,
            read_only: false,
            create_if_missing: true,
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
            sync_interval: None,
            read_your_writes: true,
            namespace: None,
            request_timeout: None,
            primary: None,
            follow: false,
            sync_progress: None,
        }
    }

    /// An embedded database: a file path, a `file:` URI, or `:memory:`.
    pub fn local(path: impl AsRef<Path>) -> Builder {
        Builder::new(Target::Local(path.as_ref().to_path_buf()))
    }

    /// A remote database at a server URL.
    pub fn remote(url: impl Into<String>) -> Builder {
        Builder::new(Target::Remote(url.into()))
    }

    /// An embedded replica: a local file kept in sync with the primary at `sync_url`.
    pub fn replica(path: impl AsRef<Path>, sync_url: impl Into<String>) -> Builder {
        Builder::new(Target::Replica { path: path.as_ref().to_path_buf(), sync_url: sync_url.into() })
    }

    /// The token sent to the server (remote and replica modes).
    pub fn auth_token(mut self, token: impl Into<String>) -> Builder {
        self.auth_token = Some(token.into());
        self
    }

    /// Opens a local database read-only.
    pub fn read_only(mut self, read_only: bool) -> Builder {
        self.read_only = read_only;
        self
    }

    /// Whether a missing local file is created (default) or is an error.
    pub fn create_if_missing(mut self, create: bool) -> Builder {
        self.create_if_missing = create;
        self
    }

    /// The busy timeout of every connection (default [`DEFAULT_BUSY_TIMEOUT`]).
    pub fn busy_timeout(mut self, timeout: Duration) -> Builder {
        self.busy_timeout = timeout;
        self
    }

    /// For replicas: sync in the background at this interval.
    pub fn sync_interval(mut self, interval: Duration) -> Builder {
        self.sync_interval = Some(interval);
        self
    }

    /// For replicas: whether a write returns only after the replica has pulled it (default on).
    pub fn read_your_writes(mut self, on: bool) -> Builder {
        self.read_your_writes = on;
        self
    }

    /// The server namespace (database) to use (remote and replica modes).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Builder {
        self.namespace = Some(namespace.into());
        self
    }

    /// For remote databases: fail a request (with `EDGELITE_REMOTE_TIMEOUT`) that takes longer
    /// than this. No limit by default.
    ///
    /// For replicas, also the longest a sync request may go without progress (no answer yet,
    /// beyond a following replica's long-poll wait, or no next piece of its body) before the
    /// sync fails with `EDGELITE_REMOTE_TIMEOUT`; 60 s by default.
    pub fn request_timeout(mut self, timeout: Duration) -> Builder {
        self.request_timeout = Some(timeout);
        self
    }

    /// For replicas: keep a request open to the primary and apply each transaction as soon as
    /// it commits there (lag in milliseconds), instead of syncing at an interval.
    pub fn follow(mut self, on: bool) -> Builder {
        self.follow = on;
        self
    }

    /// For replicas: called as a sync progresses (useful for long first syncs). It runs on
    /// the syncing thread and must not use the database.
    pub fn sync_progress(mut self, callback: impl Fn(&SyncProgress) + Send + Sync + 'static) -> Builder {
        self.sync_progress = Some(std::sync::Arc::new(callback));
        self
    }

    /// For embedded databases: make this database a primary that replicas can follow. Every
    /// commit is kept in a frame log next to the file (`<path>-replication/`), which a server
    /// serves over the sync endpoints. The database runs in WAL mode with `synchronous=FULL`.
    pub fn primary(mut self, options: PrimaryOptions) -> Builder {
        self.primary = Some(options);
        self
    }

    /// Opens the database.
    pub fn build(self) -> Result<Database> {
        match &self.target {
            Target::Local(path) => {
                if self.auth_token.is_some()
                    || self.sync_interval.is_some()
                    || self.namespace.is_some()
                    || self.request_timeout.is_some()
                {
                    return Err(Error::misuse(
                        "auth_token, sync_interval, namespace and request_timeout apply to remote databases and replicas only",
                    ));
                }
                if self.follow || self.sync_progress.is_some() {
                    return Err(Error::misuse("follow and sync_progress apply to replicas only"));
                }
                let options = LocalOptions {
                    read_only: self.read_only,
                    create_if_missing: self.create_if_missing,
                    busy_timeout: self.busy_timeout,
                    primary: self.primary.clone(),
                };
                Ok(Database { inner: DatabaseInner::Local(LocalDatabase::open(path, &options)?) })
            }
            Target::Remote(url) => {
                let options = RemoteOptions {
                    auth_token: self.auth_token.clone(),
                    namespace: self.namespace.clone(),
                    connect_timeout: Duration::from_secs(10),
                    request_timeout: self.request_timeout,
                };
                Ok(Database { inner: DatabaseInner::Remote(RemoteDatabase::open(url, options)?) })
            }
            Target::Replica { path, sync_url } => {
                if self.primary.is_some() || self.read_only {
                    return Err(Error::misuse("a replica cannot be a primary or read-only (it is read-only already)"));
                }
                let options = ReplicaOptions {
                    local: LocalOptions {
                        read_only: false,
                        create_if_missing: self.create_if_missing,
                        busy_timeout: self.busy_timeout,
                        primary: None,
                    },
                    remote: RemoteOptions {
                        auth_token: self.auth_token.clone(),
                        namespace: self.namespace.clone(),
                        connect_timeout: Duration::from_secs(10),
                        request_timeout: self.request_timeout,
                    },
                    read_your_writes: self.read_your_writes,
                    sync_interval: self.sync_interval,
                    follow: self.follow,
                    progress: self.sync_progress.clone(),
                };
                Ok(Database { inner: DatabaseInner::Replica(ReplicaDatabase::open(path, sync_url, options)?) })
            }
        }
    }
}
