//! Opening databases in the three modes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::local::{LocalDatabase, LocalOptions};
use crate::remote::{RemoteDatabase, RemoteOptions};

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
        }
    }

    /// The mode this database runs in.
    pub fn mode(&self) -> Mode {
        match &self.inner {
            DatabaseInner::Local(_) => Mode::Embedded,
            DatabaseInner::Remote(_) => Mode::Remote,
        }
    }

    /// Pulls new changes from the primary (replicas only; an `Unsupported` error otherwise).
    pub fn sync(&self) -> Result<()> {
        match &self.inner {
            DatabaseInner::Local(_) | DatabaseInner::Remote(_) => {
                Err(Error::unsupported("sync() needs an embedded replica (open with a sync URL)"))
            }
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
#[derive(Clone, Debug)]
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
    pub fn request_timeout(mut self, timeout: Duration) -> Builder {
        self.request_timeout = Some(timeout);
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
                let options = LocalOptions {
                    read_only: self.read_only,
                    create_if_missing: self.create_if_missing,
                    busy_timeout: self.busy_timeout,
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
            Target::Replica { path, sync_url } => Err(Error::unsupported(format!(
                "replica mode ({} syncing from {sync_url}) is not implemented in this version of edgelite",
                path.display()
            ))),
        }
    }
}
