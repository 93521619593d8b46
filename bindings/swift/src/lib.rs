//! The native half of edgelite's Swift package (`bindings/swift`): the core projected through
//! [uniffi](https://mozilla.github.io/uniffi-rs/) (proc macros, library mode).
//!
//! This surface is deliberately small and plain: objects for a database, a connection and a
//! prepared statement; records for results; one error type carrying the core's codes
//! (docs/errors.md). Parameters and rows (docs/types.md) cross as one compact buffer per call
//! (the layout is in the `wire` module), not as one uniffi value per SQLite value: that is
//! what makes a scan or a point query cheap. Everything Swift users see — `Database`,
//! `Connection`, `Row`, `Decodable` rows, transactions as closures, `async` variants and the
//! `EdgeLiteError` enum — is hand-written Swift in `Sources/EdgeLite` on top of the generated
//! module `EdgeLiteNative`, which it imports `internal`ly. Names here carry a `Native` prefix so
//! they never collide with the Swift API.
//!
//! Every exported call runs inside [`guarded`]: a Rust panic becomes an `SQLITE_INTERNAL` error,
//! never an abort of the Swift process.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use edgelite::{Builder, Connection, Database, ErrorCode, Params, Statement, TransactionBehavior};

mod wire;

use wire::EncodedParams;

uniffi::setup_scaffolding!("edgelite_native");

/// An error from the core: its extended code (the primary code is `extended_code & 0xFF`),
/// the code's name, the message, the failing statement of a batch, and whether a retry may
/// succeed. Swift maps it to `EdgeLiteError` by code, through one table.
#[derive(Debug, uniffi::Error)]
pub enum NativeError {
    Failure { extended_code: i32, name: String, message: String, statement_index: Option<u64>, retryable: bool },
}

impl std::fmt::Display for NativeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let NativeError::Failure { name, message, .. } = self;
        write!(f, "{name}: {message}")
    }
}

impl std::error::Error for NativeError {}

impl From<edgelite::Error> for NativeError {
    fn from(err: edgelite::Error) -> Self {
        NativeError::Failure {
            extended_code: err.extended_code(),
            name: err.name().to_owned(),
            message: err.message().to_owned(),
            statement_index: err.statement_index().map(|i| i as u64),
            retryable: err.is_retryable(),
        }
    }
}

type NativeResult<T> = Result<T, NativeError>;

/// Runs `f`, turning a panic into an `SQLITE_INTERNAL` error so it never unwinds into Swift.
fn guarded<T>(f: impl FnOnce() -> edgelite::Result<T>) -> NativeResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(NativeError::from),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(edgelite::Error::with_code(ErrorCode::Internal, format!("edgelite panicked: {what}")).into())
        }
    }
}

/// Where a database lives: the three modes.
#[derive(Clone, Debug, uniffi::Enum)]
pub enum NativeTarget {
    /// Embedded: a file path, a `file:` URI or `:memory:`.
    Local { path: String },
    /// Remote: `http(s)://`, `ws(s)://` or `libsql://` server URL.
    Remote { url: String },
    /// Embedded replica: a local file synced from the primary at `sync_url`.
    Replica { path: String, sync_url: String },
}

/// Options for opening a database; `None` keeps the core's default.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct NativeOptions {
    #[uniffi(default = None)]
    pub auth_token: Option<String>,
    #[uniffi(default = None)]
    pub namespace: Option<String>,
    /// Replicas: sync in the background at this interval.
    #[uniffi(default = None)]
    pub sync_interval_ms: Option<u64>,
    /// Replicas: whether writes return only after the replica has pulled them (default true).
    #[uniffi(default = None)]
    pub read_your_writes: Option<bool>,
    #[uniffi(default = None)]
    pub read_only: Option<bool>,
    #[uniffi(default = None)]
    pub create_if_missing: Option<bool>,
    #[uniffi(default = None)]
    pub busy_timeout_ms: Option<u64>,
    /// Remote and replica: fail a request that takes longer than this.
    #[uniffi(default = None)]
    pub request_timeout_ms: Option<u64>,
}

/// A result column: its name and the declared type of the table column it comes from.
#[derive(Clone, Debug, uniffi::Record)]
pub struct NativeColumn {
    pub name: String,
    pub decltype: Option<String>,
}

/// One statement of a batch, and what it produced.
#[derive(Clone, Debug, uniffi::Record)]
pub struct NativeBatchStatement {
    pub sql: String,
    /// Encoded parameters (see the `wire` module); empty for none.
    pub params: Vec<u8>,
}

#[derive(Clone, Debug, uniffi::Record)]
pub struct NativeBatchResult {
    /// The columns and rows, encoded (see the `wire` module).
    pub rows: Vec<u8>,
    pub changes: u64,
    pub last_insert_rowid: i64,
}

/// What one replica sync did.
#[derive(Clone, Debug, uniffi::Record)]
pub struct NativeSynced {
    pub generation: u32,
    pub frame: u64,
    pub frames_applied: u64,
    pub transactions_applied: u64,
    pub bootstrapped: bool,
}

/// How a transaction takes its locks.
#[derive(Clone, Copy, Debug, uniffi::Enum)]
pub enum NativeTransactionKind {
    Deferred,
    Immediate,
    Exclusive,
    ReadOnly,
}

impl From<NativeTransactionKind> for TransactionBehavior {
    fn from(kind: NativeTransactionKind) -> Self {
        match kind {
            NativeTransactionKind::Deferred => TransactionBehavior::Deferred,
            NativeTransactionKind::Immediate => TransactionBehavior::Immediate,
            NativeTransactionKind::Exclusive => TransactionBehavior::Exclusive,
            NativeTransactionKind::ReadOnly => TransactionBehavior::ReadOnly,
        }
    }
}

fn columns_of(columns: &[edgelite::Column]) -> Vec<NativeColumn> {
    columns
        .iter()
        .map(|c| NativeColumn { name: c.name().to_owned(), decltype: c.decl_type().map(str::to_owned) })
        .collect()
}

fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

/// A database in any mode; `connect()` opens connections to it.
#[derive(uniffi::Object)]
pub struct NativeDatabase {
    db: Database,
}

#[uniffi::export]
impl NativeDatabase {
    /// Opens (or creates) the database at `target`.
    #[uniffi::constructor]
    pub fn open(target: NativeTarget, options: NativeOptions) -> NativeResult<Arc<NativeDatabase>> {
        guarded(|| {
            let mut builder = match target {
                NativeTarget::Local { path } => Builder::local(path),
                NativeTarget::Remote { url } => Builder::remote(url),
                NativeTarget::Replica { path, sync_url } => Builder::replica(path, sync_url),
            };
            if let Some(token) = options.auth_token {
                builder = builder.auth_token(token);
            }
            if let Some(namespace) = options.namespace {
                builder = builder.namespace(namespace);
            }
            if let Some(ms) = options.sync_interval_ms {
                builder = builder.sync_interval(millis(ms));
            }
            if let Some(on) = options.read_your_writes {
                builder = builder.read_your_writes(on);
            }
            if let Some(on) = options.read_only {
                builder = builder.read_only(on);
            }
            if let Some(on) = options.create_if_missing {
                builder = builder.create_if_missing(on);
            }
            if let Some(ms) = options.busy_timeout_ms {
                builder = builder.busy_timeout(millis(ms));
            }
            if let Some(ms) = options.request_timeout_ms {
                builder = builder.request_timeout(millis(ms));
            }
            Ok(Arc::new(NativeDatabase { db: builder.build()? }))
        })
    }

    /// Opens a new connection.
    pub fn connect(&self) -> NativeResult<Arc<NativeConnection>> {
        guarded(|| Ok(Arc::new(NativeConnection { conn: Arc::new(self.db.connect()?) })))
    }

    /// `"embedded"`, `"remote"` or `"replica"`.
    pub fn mode(&self) -> String {
        match self.db.mode() {
            edgelite::Mode::Embedded => "embedded",
            edgelite::Mode::Remote => "remote",
            edgelite::Mode::Replica => "replica",
        }
        .to_owned()
    }

    /// Replicas: pulls what the primary committed since the last sync. Elsewhere an
    /// `EDGELITE_UNSUPPORTED` error.
    pub fn sync(&self) -> NativeResult<NativeSynced> {
        guarded(|| {
            let s = self.db.sync()?;
            Ok(NativeSynced {
                generation: s.generation,
                frame: s.frame,
                frames_applied: s.frames_applied,
                transactions_applied: s.transactions_applied,
                bootstrapped: s.bootstrapped,
            })
        })
    }
}

/// A connection. Calls from several threads are serialized by the core; `interrupt()` may be
/// called from any thread while another call runs.
#[derive(uniffi::Object)]
pub struct NativeConnection {
    conn: Arc<Connection>,
}

#[uniffi::export]
impl NativeConnection {
    /// Runs one statement with encoded parameters (see [`params_at`]) and returns the rows it
    /// changed; writes the last insert rowid right after it to `rowid_address` (see
    /// [`write_rowid`]).
    pub fn execute(
        &self,
        sql: String,
        params_address: u64,
        params_length: u64,
        rowid_address: u64,
    ) -> NativeResult<u64> {
        guarded(|| {
            let changes = self.conn.execute(&sql, EncodedParams::decode(params_at(params_address, params_length))?)?;
            write_rowid(rowid_address, self.conn.last_insert_rowid()?);
            Ok(changes)
        })
    }

    /// Runs a query with encoded parameters (see [`params_at`]) and returns its columns and
    /// all its rows, encoded.
    pub fn query(&self, sql: String, params_address: u64, params_length: u64) -> NativeResult<Arc<NativeEncoded>> {
        guarded(|| {
            let rows = self.conn.query(&sql, EncodedParams::decode(params_at(params_address, params_length))?)?;
            Ok(Arc::new(NativeEncoded { bytes: wire::encode_rows(rows)? }))
        })
    }

    /// Prepares one statement.
    pub fn prepare(&self, sql: String) -> NativeResult<Arc<NativeStatement>> {
        guarded(|| {
            let stmt = self.conn.prepare(&sql)?;
            Ok(Arc::new(NativeStatement { conn: self.conn.clone(), stmt: Mutex::new(stmt) }))
        })
    }

    /// Runs a script of several statements.
    pub fn execute_batch(&self, sql: String) -> NativeResult<()> {
        guarded(|| self.conn.execute_batch(&sql))
    }

    /// Runs statements atomically in one transaction of `kind`; the first failure rolls all
    /// back and carries its statement index.
    pub fn batch(
        &self,
        statements: Vec<NativeBatchStatement>,
        kind: NativeTransactionKind,
    ) -> NativeResult<Vec<NativeBatchResult>> {
        guarded(|| {
            let decoded: Vec<EncodedParams<'_>> =
                statements.iter().map(|s| EncodedParams::decode(&s.params)).collect::<edgelite::Result<_>>()?;
            let refs: Vec<(&str, &dyn Params)> =
                statements.iter().zip(&decoded).map(|(s, p)| (s.sql.as_str(), p as &dyn Params)).collect();
            let results = self.conn.batch_with_behavior(kind.into(), &refs)?;
            Ok(results
                .into_iter()
                .map(|r| NativeBatchResult {
                    rows: {
                        let mut writer = wire::RowsWriter::new(&r.columns);
                        for row in &r.rows {
                            writer.push_row(row.iter().map(edgelite::Value::as_ref));
                        }
                        writer.finish()
                    },
                    changes: r.changes,
                    last_insert_rowid: r.last_insert_rowid,
                })
                .collect())
        })
    }

    pub fn begin(&self, kind: NativeTransactionKind) -> NativeResult<()> {
        guarded(|| self.conn.begin(kind.into()))
    }

    pub fn commit(&self) -> NativeResult<()> {
        guarded(|| self.conn.commit())
    }

    pub fn rollback(&self) -> NativeResult<()> {
        guarded(|| self.conn.rollback())
    }

    pub fn savepoint(&self, name: String) -> NativeResult<()> {
        guarded(|| self.conn.savepoint(&name))
    }

    pub fn release_savepoint(&self, name: String) -> NativeResult<()> {
        guarded(|| self.conn.release_savepoint(&name))
    }

    pub fn rollback_to_savepoint(&self, name: String) -> NativeResult<()> {
        guarded(|| self.conn.rollback_to_savepoint(&name))
    }

    pub fn is_autocommit(&self) -> NativeResult<bool> {
        guarded(|| self.conn.is_autocommit())
    }

    pub fn last_insert_rowid(&self) -> NativeResult<i64> {
        guarded(|| self.conn.last_insert_rowid())
    }

    pub fn changes(&self) -> NativeResult<u64> {
        guarded(|| self.conn.changes())
    }

    pub fn total_changes(&self) -> NativeResult<u64> {
        guarded(|| self.conn.total_changes())
    }

    pub fn set_busy_timeout(&self, ms: u64) -> NativeResult<()> {
        guarded(|| self.conn.busy_timeout(millis(ms)))
    }

    /// Interrupts the statement running on this connection (from any thread).
    pub fn interrupt(&self) {
        let _ = guarded(|| {
            self.conn.interrupt();
            Ok(())
        });
    }

    pub fn close(&self) -> NativeResult<()> {
        guarded(|| self.conn.close())
    }

    pub fn is_closed(&self) -> bool {
        self.conn.is_closed()
    }
}

/// A prepared statement, reusable with different parameters.
#[derive(uniffi::Object)]
pub struct NativeStatement {
    conn: Arc<Connection>,
    stmt: Mutex<Statement>,
}

impl NativeStatement {
    fn with<T>(&self, f: impl FnOnce(&mut Statement) -> edgelite::Result<T>) -> NativeResult<T> {
        guarded(|| {
            // A panic inside a previous call poisons the mutex; the statement itself is still
            // usable (the core resets it before each run).
            let mut stmt = self.stmt.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut stmt)
        })
    }
}

#[uniffi::export]
impl NativeStatement {
    pub fn columns(&self) -> NativeResult<Vec<NativeColumn>> {
        self.with(|stmt| Ok(columns_of(stmt.columns())))
    }

    pub fn parameter_count(&self) -> NativeResult<u64> {
        self.with(|stmt| Ok(stmt.parameter_count() as u64))
    }

    /// Each parameter's name with its prefix, or `None` for a positional `?`.
    pub fn parameter_names(&self) -> NativeResult<Vec<Option<String>>> {
        self.with(|stmt| Ok(stmt.parameter_names()))
    }

    pub fn sql(&self) -> NativeResult<String> {
        self.with(|stmt| Ok(stmt.sql().to_owned()))
    }

    pub fn is_readonly(&self) -> NativeResult<bool> {
        self.with(|stmt| Ok(stmt.is_readonly()))
    }

    /// Runs the statement with encoded parameters (see [`params_at`]) and returns the rows it
    /// changed; writes the last insert rowid right after it to `rowid_address` (see
    /// [`write_rowid`]).
    pub fn execute(&self, params_address: u64, params_length: u64, rowid_address: u64) -> NativeResult<u64> {
        self.with(|stmt| {
            let changes = stmt.execute(EncodedParams::decode(params_at(params_address, params_length))?)?;
            write_rowid(rowid_address, self.conn.last_insert_rowid()?);
            Ok(changes)
        })
    }

    /// Runs the query with encoded parameters (see [`params_at`]) and returns its columns and
    /// all its rows, encoded.
    pub fn query(&self, params_address: u64, params_length: u64) -> NativeResult<Arc<NativeEncoded>> {
        self.with(|stmt| {
            let rows = stmt.query(EncodedParams::decode(params_at(params_address, params_length))?)?;
            Ok(Arc::new(NativeEncoded { bytes: wire::encode_rows(rows)? }))
        })
    }

    pub fn reset(&self) -> NativeResult<()> {
        self.with(|stmt| {
            stmt.reset();
            Ok(())
        })
    }
}

/// Encoded rows (see the `wire` module), held until Swift copies them out.
///
/// Swift copies them into memory it owns with `copy_to`: returning a `Vec<u8>` would make
/// uniffi write and read it again byte by byte.
#[derive(uniffi::Object)]
pub struct NativeEncoded {
    bytes: Vec<u8>,
}

#[uniffi::export]
impl NativeEncoded {
    /// Copies the bytes to `address` if they fit in `capacity` bytes there, and returns their
    /// size either way (so a small result needs one call, a larger one a second with room).
    pub fn copy_to(&self, address: u64, capacity: u64) -> u64 {
        let size = self.bytes.len();
        if size <= capacity as usize && size > 0 {
            // SAFETY: the caller (EdgeLite's Swift code) passes the start of a buffer of
            // `capacity` writable bytes that it owns for the duration of this call.
            unsafe { std::ptr::copy_nonoverlapping(self.bytes.as_ptr(), address as usize as *mut u8, size) }
        }
        size as u64
    }
}

/// Writes the last insert rowid of an `execute` where Swift asked for it: a second return
/// value without a uniffi record (whose lifting costs more than the statement).
fn write_rowid(address: u64, rowid: i64) {
    // SAFETY: EdgeLite's Swift code passes the address of an `Int64` it owns for the call.
    unsafe { (address as usize as *mut i64).write_unaligned(rowid) }
}

/// The encoded parameters (see the `wire` module) that Swift passes by address and length:
/// it keeps them alive for the call, and Rust only reads them during it. Passing them as a
/// `Vec<u8>` would make uniffi copy them twice, the second time byte by byte.
fn params_at<'a>(address: u64, length: u64) -> &'a [u8] {
    if length == 0 {
        return &[];
    }
    // SAFETY: EdgeLite's Swift code passes the start and length of a byte buffer that it
    // keeps alive and unchanged until the call returns; the slice does not outlive the call.
    unsafe { std::slice::from_raw_parts(address as usize as *const u8, length as usize) }
}

/// The version of the edgelite core linked into this library.
#[uniffi::export]
pub fn native_version() -> String {
    edgelite::VERSION.to_owned()
}

/// The bundled SQLite's version.
#[uniffi::export]
pub fn native_sqlite_version() -> String {
    edgelite::sqlite_version().to_owned()
}

/// A code the core can report, with its name.
#[derive(Clone, Debug, uniffi::Record)]
pub struct NativeCode {
    pub code: i32,
    pub name: String,
}

/// Every primary and extended code with its name (docs/errors.md), so the Swift tests can
/// check that `EdgeLiteError`'s table covers each one.
#[uniffi::export]
pub fn native_error_codes() -> Vec<NativeCode> {
    let mut codes: Vec<NativeCode> =
        ErrorCode::ALL.iter().map(|c| NativeCode { code: c.raw(), name: c.name().to_owned() }).collect();
    codes.extend(
        edgelite::error::all_extended_codes()
            .iter()
            .map(|(code, name)| NativeCode { code: *code, name: (*name).to_owned() }),
    );
    codes
}

/// Fails with an error of `extended_code` built by the core, exactly as an operation would:
/// the Swift tests run every code of the table through the same path as real errors.
#[uniffi::export]
pub fn native_fail_with(extended_code: i32, message: String) -> NativeResult<()> {
    Err(edgelite::Error::new(extended_code, message).into())
}
