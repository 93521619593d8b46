//! Namespaces: each is its own database, `<db_path>/dbs/<name>/data.db`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};

use edgelite::authorizer::{action, AuthRequest};
use edgelite::{Builder, Connection, Database};

use crate::config::Role;

/// The namespace used when namespaces are off, or a request names none.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Why a namespace operation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum NamespaceError {
    NotFound(String),
    AlreadyExists(String),
    InvalidName(String),
    Open(String, edgelite::Error),
    Io(String),
}

impl std::fmt::Display for NamespaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NamespaceError::NotFound(name) => write!(f, "Namespace `{name}` doesn't exist"),
            NamespaceError::AlreadyExists(name) => write!(f, "Namespace `{name}` already exists"),
            NamespaceError::InvalidName(name) => write!(f, "Invalid namespace name {name:?}"),
            NamespaceError::Open(name, err) => write!(f, "Cannot open namespace `{name}`: {err}"),
            NamespaceError::Io(msg) => f.write_str(msg),
        }
    }
}

/// Idle connections a namespace keeps for its next streams: opening a connection reads the
/// schema and starts with a cold page cache, so reusing one saves both on every new stream.
const IDLE_CONNECTIONS: usize = 8;

/// One namespace's database.
pub struct Namespace {
    name: String,
    db: Database,
    deleted: AtomicBool,
    /// Clean connections from closed streams (primaries only).
    idle: Mutex<Vec<(Connection, Arc<AtomicBool>)>>,
}

/// A stream's connection. When the stream ends it goes back to its namespace for the next
/// stream, if nothing it ran could leave state behind for that stream: it must be outside a
/// transaction, and have prepared no statement that sets a pragma, attaches a database or
/// creates or drops anything temporary (its authorizer marks those); otherwise it is closed.
pub struct StreamConnection {
    conn: Option<Connection>,
    /// Set by the connection's authorizer when a statement could change connection state.
    tainted: Arc<AtomicBool>,
    home: Weak<Namespace>,
}

impl std::ops::Deref for StreamConnection {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("present until dropped")
    }
}

impl Drop for StreamConnection {
    fn drop(&mut self) {
        if let (Some(conn), Some(home)) = (self.conn.take(), self.home.upgrade()) {
            home.recycle(conn, self.tainted.clone());
        }
    }
}

impl Namespace {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The database (a primary, or a replica on replica servers).
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// A connection for a client stream, hardened for untrusted SQL (no access to other files
    /// through `ATTACH` or `VACUUM INTO`, SQLite's defensive mode): an idle one from an earlier
    /// stream if there is one, else a new one.
    pub fn connect(self: &Arc<Self>) -> Result<StreamConnection, edgelite::Error> {
        if self.deleted.load(Ordering::Acquire) {
            return Err(edgelite::Error::new(
                edgelite::error::extended::EDGELITE_REMOTE_NAMESPACE,
                format!("Namespace `{}` was deleted", self.name),
            ));
        }
        let home = Arc::downgrade(self);
        if let Some((conn, tainted)) = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Ok(StreamConnection { conn: Some(conn), tainted, home });
        }
        let conn = self.db.connect()?;
        let tainted = Arc::new(AtomicBool::new(false));
        let servers = edgelite::authorizer::for_servers();
        let mark = tainted.clone();
        conn.set_authorizer(Some(Arc::new(move |request: &AuthRequest<'_>| {
            if leaves_state_behind(request) {
                mark.store(true, Ordering::Relaxed);
            }
            servers(request)
        })))?;
        conn.set_defensive(true)?;
        Ok(StreamConnection { conn: Some(conn), tainted, home })
    }

    /// Keeps the connection of an ended stream for the next one, if it is clean.
    fn recycle(&self, conn: Connection, tainted: Arc<AtomicBool>) {
        let clean = !tainted.load(Ordering::Relaxed)
            && !self.deleted.load(Ordering::Acquire)
            && self.db.mode() == edgelite::Mode::Embedded
            && conn.is_autocommit().unwrap_or(false)
            // A new stream's connection reports no earlier insert.
            && conn.set_last_insert_rowid(0).is_ok();
        if clean {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            if idle.len() < IDLE_CONNECTIONS {
                idle.push((conn, tainted));
            }
        }
    }

    /// The number of idle connections kept for new streams.
    pub fn idle_connections(&self) -> usize {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Whether an action could leave connection state behind for the next stream: setting a pragma
/// (reading one is fine), attaching or detaching a database, anything temporary.
fn leaves_state_behind(request: &AuthRequest<'_>) -> bool {
    match request.action {
        action::PRAGMA => request.arg2.is_some(),
        action::ATTACH | action::DETACH => true,
        action::CREATE_TEMP_INDEX
        | action::CREATE_TEMP_TABLE
        | action::CREATE_TEMP_TRIGGER
        | action::CREATE_TEMP_VIEW
        | action::DROP_TEMP_INDEX
        | action::DROP_TEMP_TABLE
        | action::DROP_TEMP_TRIGGER
        | action::DROP_TEMP_VIEW => true,
        action::CREATE_VTABLE | action::DROP_VTABLE => request.database == Some("temp"),
        _ => false,
    }
}

/// The set of namespaces under a data directory.
pub struct Namespaces {
    root: PathBuf,
    role: Role,
    open: Mutex<HashMap<String, Arc<Namespace>>>,
}

impl Namespaces {
    /// Opens the data directory, creating it and the default namespace if needed.
    pub fn open(db_path: PathBuf, role: Role) -> Result<Namespaces, NamespaceError> {
        let root = db_path.join("dbs");
        std::fs::create_dir_all(&root)
            .map_err(|e| NamespaceError::Io(format!("cannot create {}: {e}", root.display())))?;
        let namespaces = Namespaces { root, role, open: Mutex::new(HashMap::new()) };
        if !namespaces.dir(DEFAULT_NAMESPACE).exists() {
            namespaces.create(DEFAULT_NAMESPACE)?;
        }
        Ok(namespaces)
    }

    /// Namespace names are also directory names: letters, digits, `-`, `_` and `.` (not
    /// leading), at most 128 bytes.
    pub fn validate_name(name: &str) -> Result<(), NamespaceError> {
        let ok = !name.is_empty()
            && name.len() <= 128
            && !name.starts_with('.')
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if ok {
            Ok(())
        } else {
            Err(NamespaceError::InvalidName(name.to_owned()))
        }
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// The namespace `name`, opening it on first use.
    pub fn get(&self, name: &str) -> Result<Arc<Namespace>, NamespaceError> {
        Self::validate_name(name).map_err(|_| NamespaceError::NotFound(name.to_owned()))?;
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ns) = open.get(name) {
            return Ok(ns.clone());
        }
        let path = self.dir(name).join("data.db");
        let db = match &self.role {
            Role::Primary(options) => {
                if !path.exists() {
                    return Err(NamespaceError::NotFound(name.to_owned()));
                }
                Builder::local(&path).create_if_missing(false).primary(options.clone()).build()
            }
            Role::Replica { .. } => {
                let created = !path.exists();
                std::fs::create_dir_all(self.dir(name))
                    .map_err(|e| NamespaceError::Io(format!("cannot create {}: {e}", self.dir(name).display())))?;
                let db = self.open_replica(name, &path).map_err(|e| NamespaceError::Open(name.to_owned(), e))?;
                // The first sync tells whether the primary has this namespace; until it
                // succeeds, the replica serves what it has.
                if let Err(e) = db.sync() {
                    if e.extended_code() == edgelite::error::extended::EDGELITE_REMOTE_NAMESPACE
                        || (created && e.message().contains("doesn't exist"))
                    {
                        drop(db);
                        let _ = std::fs::remove_dir_all(self.dir(name));
                        return Err(NamespaceError::NotFound(name.to_owned()));
                    }
                }
                Ok(db)
            }
        }
        .map_err(|e| NamespaceError::Open(name.to_owned(), e))?;
        let ns =
            Arc::new(Namespace { name: name.to_owned(), db, deleted: AtomicBool::new(false), idle: Mutex::default() });
        open.insert(name.to_owned(), ns.clone());
        Ok(ns)
    }

    fn open_replica(&self, name: &str, path: &std::path::Path) -> Result<Database, edgelite::Error> {
        let Role::Replica { url, auth_token } = &self.role else { unreachable!("replica role") };
        let mut builder = Builder::replica(path, url.clone()).follow(true).namespace(name);
        if let Some(token) = auth_token {
            builder = builder.auth_token(token.clone());
        }
        builder.build()
    }

    pub fn create(&self, name: &str) -> Result<(), NamespaceError> {
        Self::validate_name(name)?;
        if let Role::Replica { .. } = self.role {
            // Replica servers mirror the primary's namespaces as they are asked for.
            if name == DEFAULT_NAMESPACE {
                return Ok(());
            }
            return Err(NamespaceError::Io("namespaces are created on the primary; this server is a replica".into()));
        }
        let _open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let dir = self.dir(name);
        if dir.join("data.db").exists() {
            return Err(NamespaceError::AlreadyExists(name.to_owned()));
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| NamespaceError::Io(format!("cannot create {}: {e}", dir.display())))?;
        // Opening as a primary creates the file in WAL mode with its frame log.
        let options = match &self.role {
            Role::Primary(options) => options.clone(),
            Role::Replica { .. } => unreachable!("handled above"),
        };
        Builder::local(dir.join("data.db"))
            .primary(options)
            .build()
            .map_err(|e| NamespaceError::Open(name.to_owned(), e))?;
        Ok(())
    }

    /// Deletes the namespace `name` and its files; its open streams fail from now on.
    pub fn delete(&self, name: &str) -> Result<(), NamespaceError> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let dir = self.dir(name);
        if Self::validate_name(name).is_err() || !dir.join("data.db").exists() {
            return Err(NamespaceError::NotFound(name.to_owned()));
        }
        if let Some(ns) = open.remove(name) {
            ns.deleted.store(true, Ordering::Release);
            ns.idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
        }
        std::fs::remove_dir_all(&dir).map_err(|e| NamespaceError::Io(format!("cannot delete {}: {e}", dir.display())))
    }

    /// The names of all namespaces, sorted.
    pub fn list(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.root)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().join("data.db").exists())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}
