//! Replica mode: a local file kept in sync with a primary. Reads run locally; writes, and
//! every statement inside a write transaction, go to the primary over Hrana.
//!
//! - [`client`] speaks the sync endpoints (`/info`, `/export`, `/sync`);
//! - [`apply`] writes a primary transaction's pages into the file as one local transaction;
//! - [`pending`] holds a transaction's frames until its commit frame arrives (large ones in a
//!   file);
//! - [`sync`] runs the pull-apply loop and keeps the replica's position and status;
//! - this module routes each statement and runs background syncing.
//!
//! **Routing.** Inside a transaction on the primary, everything goes there. Inside a local
//! read-only transaction (`BEGIN READONLY`), everything stays local. Otherwise statements that
//! only read run locally; `BEGIN`, `SAVEPOINT` and anything that writes go to the primary.
//! A statement that does not prepare locally (say, a table the replica has not pulled yet)
//! goes to the primary, which has the final word.
//!
//! **Read your writes.** When a write to the primary completes outside a transaction (or a
//! transaction commits), the replica pulls before the call returns. If that pull fails, the
//! write still succeeded; the connection then sends its reads to the primary until a pull
//! succeeds, so it never reads a state older than its own writes.

mod apply;
mod client;
mod pending;
mod sync;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

pub use client::LATEST_HEADER;
pub use sync::{ProgressCallback, SyncPhase, SyncProgress, SyncStatus, Synced};

use crate::connection::Connection;
use crate::error::Result;
use crate::local::{LocalDatabase, LocalOptions, RawConnection};
use crate::remote::{RemoteConnection, RemoteDatabase, RemoteOptions};
use crate::sql::{transaction_control, TransactionControl};
use sync::Syncer;

/// How long a following replica's long poll waits for the primary's next transaction.
const FOLLOW_WAIT: Duration = Duration::from_secs(25);

/// How a replica is opened.
pub(crate) struct ReplicaOptions {
    pub local: LocalOptions,
    pub remote: RemoteOptions,
    pub read_your_writes: bool,
    pub sync_interval: Option<Duration>,
    pub follow: bool,
    pub progress: Option<ProgressCallback>,
}

/// Cancels the background sync's request in flight and stops it.
struct Background {
    stop: Arc<AtomicBool>,
    abort: Arc<Mutex<Option<tokio::task::AbortHandle>>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Background {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.abort.lock().unwrap_or_else(|e| e.into_inner()).take() {
            handle.abort();
        }
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// A replica database.
pub(crate) struct ReplicaDatabase {
    local: LocalDatabase,
    remote: Arc<RemoteDatabase>,
    syncer: Arc<Syncer>,
    read_your_writes: bool,
    // Declared last: dropped (stopped and joined) after nothing else needs it.
    _background: Option<Background>,
}

impl ReplicaDatabase {
    pub(crate) fn open(path: &Path, sync_url: &str, options: ReplicaOptions) -> Result<ReplicaDatabase> {
        if path.to_str() == Some(":memory:") {
            return Err(crate::error::Error::misuse("a replica needs a file path, not :memory:"));
        }
        let remote = Arc::new(RemoteDatabase::open(sync_url, options.remote.clone())?);
        let syncer = shared_syncer(path, sync_url, &options)?;
        let local = LocalDatabase::open(path, &LocalOptions { read_only: true, primary: None, ..options.local })?;
        let background = if options.follow || options.sync_interval.is_some() {
            Some(start_background(syncer.clone(), options.sync_interval, options.follow)?)
        } else {
            None
        };
        Ok(ReplicaDatabase {
            local,
            remote,
            syncer,
            read_your_writes: options.read_your_writes,
            _background: background,
        })
    }

    pub(crate) fn connect(&self) -> Result<Arc<ReplicaConnection>> {
        Ok(Arc::new(ReplicaConnection {
            local: self.local.connect()?,
            remote_db: self.remote.clone(),
            remote: OnceLock::new(),
            syncer: self.syncer.clone(),
            read_your_writes: self.read_your_writes,
            unsynced_write: AtomicBool::new(false),
            last_side: Mutex::new(Side::Local),
        }))
    }

    pub(crate) fn sync(&self) -> Result<Synced> {
        self.syncer.sync(None, &|_| {})
    }

    pub(crate) fn sync_status(&self) -> SyncStatus {
        self.syncer.status()
    }
}

/// The syncer of the replica file at `path`: one per file in this process, shared by every
/// `Database` opened on it (a file has one applier; other processes are locked out).
fn shared_syncer(path: &Path, sync_url: &str, options: &ReplicaOptions) -> Result<Arc<Syncer>> {
    static OPEN: Mutex<Vec<(std::path::PathBuf, std::sync::Weak<Syncer>)>> = Mutex::new(Vec::new());
    let mut open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
    open.retain(|(_, syncer)| syncer.strong_count() > 0);
    // The applier's database creates the file, so the path can then be made canonical.
    let writable =
        LocalDatabase::open(path, &LocalOptions { read_only: false, primary: None, ..options.local.clone() })?;
    let key = path.canonicalize().map_err(|e| {
        crate::error::Error::with_code(crate::ErrorCode::CannotOpen, format!("{}: {e}", path.display()))
    })?;
    if let Some(syncer) = open.iter().find(|(p, _)| *p == key).and_then(|(_, s)| s.upgrade()) {
        if syncer.sync_url() != sync_url {
            return Err(crate::error::Error::misuse(format!(
                "{} is already open as a replica of {}",
                path.display(),
                syncer.sync_url()
            )));
        }
        return Ok(syncer);
    }
    let client = client::SyncClient::new(
        sync_url,
        options.remote.auth_token.clone(),
        options.remote.namespace.clone(),
        options.remote.request_timeout,
    )?;
    // The applier is the file's only writer; local connections are read-only.
    let applier = apply::Applier::new(writable.connect()?)?;
    let syncer = Arc::new(Syncer::new(path, sync_url, client, applier, options.progress.clone())?);
    open.push((key, Arc::downgrade(&syncer)));
    Ok(syncer)
}

fn start_background(syncer: Arc<Syncer>, interval: Option<Duration>, follow: bool) -> Result<Background> {
    let stop = Arc::new(AtomicBool::new(false));
    let abort: Arc<Mutex<Option<tokio::task::AbortHandle>>> = Arc::new(Mutex::new(None));
    let (thread_stop, thread_abort) = (stop.clone(), abort.clone());
    let thread = std::thread::Builder::new()
        .name("edgelite-sync".into())
        .spawn(move || {
            let mut backoff = Duration::from_millis(100);
            while !thread_stop.load(Ordering::SeqCst) {
                let wait = follow.then_some(FOLLOW_WAIT);
                let outcome = syncer.sync(wait, &|handle| {
                    let mut slot = thread_abort.lock().unwrap_or_else(|e| e.into_inner());
                    if thread_stop.load(Ordering::SeqCst) {
                        handle.abort();
                    }
                    *slot = Some(handle);
                });
                if thread_stop.load(Ordering::SeqCst) {
                    return;
                }
                let pause = match (outcome, follow) {
                    (Ok(_), true) => {
                        backoff = Duration::from_millis(100);
                        continue;
                    }
                    (Ok(_), false) => interval.unwrap_or(FOLLOW_WAIT),
                    (Err(_), _) => {
                        backoff = (backoff * 2).min(Duration::from_secs(5));
                        interval.map_or(backoff, |i| i.min(backoff))
                    }
                };
                std::thread::park_timeout(pause);
            }
        })
        .map_err(|e| {
            crate::error::Error::with_code(crate::ErrorCode::Internal, format!("cannot start syncing: {e}"))
        })?;
    Ok(Background { stop, abort, thread: Some(thread) })
}

/// Where a statement runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Local,
    Remote,
}

/// A connection to a replica: a read-only local connection, and (opened on the first write) a
/// connection to the primary.
pub(crate) struct ReplicaConnection {
    local: Arc<RawConnection>,
    remote_db: Arc<RemoteDatabase>,
    remote: OnceLock<Arc<RemoteConnection>>,
    syncer: Arc<Syncer>,
    read_your_writes: bool,
    /// A write reached the primary and the replica has not pulled it yet.
    unsynced_write: AtomicBool,
    /// Where the last statement ran (for `changes()` and `last_insert_rowid()`).
    last_side: Mutex<Side>,
}

impl ReplicaConnection {
    pub(crate) fn local(&self) -> &Arc<RawConnection> {
        &self.local
    }

    /// The connection to the primary, opened on first use.
    pub(crate) fn remote(&self) -> Result<&Arc<RemoteConnection>> {
        if let Some(remote) = self.remote.get() {
            return Ok(remote);
        }
        let remote = self.remote_db.connect()?;
        Ok(self.remote.get_or_init(|| remote))
    }

    fn in_remote_transaction(&self) -> bool {
        self.remote.get().is_some_and(|r| !r.is_autocommit().unwrap_or(true))
    }

    /// Decides where `sql` runs; `reads_only` is whether it prepared locally as a read.
    pub(crate) fn route(&self, sql: &str, reads_only: Option<bool>) -> Result<Side> {
        let side = if self.in_remote_transaction() {
            Side::Remote
        } else if !self.local.is_autocommit()? {
            Side::Local
        } else {
            match transaction_control(sql) {
                TransactionControl::Begin { read_only: true } => self.fresh_local(),
                TransactionControl::Begin { read_only: false } | TransactionControl::Savepoint => Side::Remote,
                // No transaction is open: the local connection reports that.
                TransactionControl::End | TransactionControl::SavepointEnd => Side::Local,
                // A connection setting (`PRAGMA foreign_keys = ON`) runs here and also holds
                // for the writes this connection sends to the primary.
                TransactionControl::None
                    if reads_only == Some(true) && crate::sql::connection_setting(sql).is_some() =>
                {
                    self.remote()?.defer_setting(sql);
                    Side::Local
                }
                TransactionControl::None if reads_only == Some(true) => self.fresh_local(),
                TransactionControl::None => Side::Remote,
            }
        };
        *self.last_side.lock().unwrap_or_else(|e| e.into_inner()) = side;
        Ok(side)
    }

    /// Local, unless this connection wrote something the replica has not pulled yet and
    /// cannot pull now: then the primary answers.
    fn fresh_local(&self) -> Side {
        if !self.unsynced_write.load(Ordering::Acquire) {
            return Side::Local;
        }
        match self.syncer.sync(None, &|_| {}) {
            Ok(_) => {
                self.unsynced_write.store(false, Ordering::Release);
                Side::Local
            }
            Err(_) => Side::Remote,
        }
    }

    /// Called after a statement ran on the primary: once the primary is back in autocommit
    /// (the write committed), pull it.
    pub(crate) fn after_remote(&self) {
        if !self.read_your_writes || self.in_remote_transaction() {
            return;
        }
        self.unsynced_write.store(true, Ordering::Release);
        if self.syncer.sync(None, &|_| {}).is_ok() {
            self.unsynced_write.store(false, Ordering::Release);
        }
    }

    /// Where the last statement ran.
    pub(crate) fn last_side(&self) -> Side {
        *self.last_side.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The primary connection, if one was opened.
    pub(crate) fn opened_remote(&self) -> Option<&Arc<RemoteConnection>> {
        self.remote.get()
    }
}

impl ReplicaConnection {
    /// Whether `sql` prepares on the local file as a statement that only reads.
    pub(crate) fn prepares_as_read(&self, sql: &str) -> bool {
        crate::local::LocalStatement::prepare(&self.local, sql, true).is_ok_and(|stmt| stmt.is_readonly())
    }

    /// Runs `run` on the side `sql` routes to, as a plain local or remote connection.
    pub(crate) fn run_routed<T>(&self, sql: &str, run: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let reads_only = self.prepares_as_read(sql);
        self.run_routed_as(sql, reads_only, run)
    }

    /// [`run_routed`](Self::run_routed) when the caller already knows whether the work only
    /// reads; `sql` (its first statement) decides transaction routing.
    pub(crate) fn run_routed_as<T>(
        &self,
        sql: &str,
        reads_only: bool,
        run: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        match self.route(sql, Some(reads_only))? {
            Side::Local => run(&Connection::local(self.local.clone())),
            Side::Remote => {
                let result = run(&Connection::remote(self.remote()?.clone()));
                self.after_remote();
                result
            }
        }
    }
}
