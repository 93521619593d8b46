//! The sync API's database (better-sqlite3's `Database`): one edgelite connection, in any mode.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use edgelite::{Builder, Connection, Database, Mode, Parameters, Params, ResultSet, Synced, TransactionBehavior};
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Env, JsValue, Task};
use napi_derive::napi;

use crate::convert::{self, Blobs, Fail, IntMode};
use crate::errors;
use crate::functions::{self, JsAggregateSpec};
use crate::js::{self, JsVal, Raw};
use crate::statement::NativeStatement;

/// Options of `new Database(...)` and `createClient(...)`, already normalized by the JS layer.
#[napi(object)]
#[derive(Default)]
pub struct OpenOptions {
    pub readonly: Option<bool>,
    pub file_must_exist: Option<bool>,
    /// Busy timeout, in milliseconds.
    pub timeout: Option<f64>,
    pub auth_token: Option<String>,
    /// Makes the database an embedded replica of this primary.
    pub sync_url: Option<String>,
    /// Replicas: sync in the background every this many seconds.
    pub sync_interval: Option<f64>,
    pub read_your_writes: Option<bool>,
    /// Replicas: apply the primary's commits as they happen.
    pub follow: Option<bool>,
    /// The server namespace (remote and replica modes).
    pub namespace: Option<String>,
}

pub(crate) fn open(target: &str, options: &OpenOptions) -> edgelite::Result<Database> {
    let mut builder = match &options.sync_url {
        Some(url) => Builder::replica(target, url.as_str()),
        None if edgelite::is_remote_url(target) => Builder::remote(target),
        None => Builder::local(target),
    };
    if let Some(token) = &options.auth_token {
        builder = builder.auth_token(token.as_str());
    }
    if let Some(ns) = &options.namespace {
        builder = builder.namespace(ns.as_str());
    }
    if let Some(on) = options.readonly {
        builder = builder.read_only(on);
    }
    if let Some(must) = options.file_must_exist {
        builder = builder.create_if_missing(!must);
    }
    if let Some(ms) = options.timeout {
        builder = builder.busy_timeout(Duration::from_micros((ms.max(0.0) * 1000.0) as u64));
    }
    if let Some(seconds) = options.sync_interval {
        if seconds > 0.0 {
            builder = builder.sync_interval(Duration::from_secs_f64(seconds));
        }
    }
    if let Some(on) = options.read_your_writes {
        builder = builder.read_your_writes(on);
    }
    if let Some(on) = options.follow {
        builder = builder.follow(on);
    }
    builder.build()
}

pub(crate) fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Embedded => "embedded",
        Mode::Remote => "remote",
        Mode::Replica => "replica",
    }
}

pub(crate) fn behavior(mode: &str) -> Option<TransactionBehavior> {
    Some(match mode {
        "deferred" => TransactionBehavior::Deferred,
        "write" | "immediate" => TransactionBehavior::Immediate,
        "exclusive" => TransactionBehavior::Exclusive,
        "read" | "read_only" => TransactionBehavior::ReadOnly,
        _ => return None,
    })
}

/// What a database's statements share: whether it is busy (an iterator is open, or a SQL
/// function is running, which must not use the connection it runs on).
#[derive(Default)]
pub(crate) struct DbState {
    pub iterators: AtomicU32,
    pub in_function: AtomicU32,
    pub unsafe_mode: AtomicBool,
}

impl DbState {
    #[inline]
    pub(crate) unsafe fn check(&self, env: js::Env) -> napi::Result<()> {
        if self.in_function.load(Ordering::Relaxed) > 0 {
            return Err(unsafe {
                js::throw_type_error(env, "This database connection is busy executing a user-defined function")
            });
        }
        if self.iterators.load(Ordering::Relaxed) > 0 && !self.unsafe_mode.load(Ordering::Relaxed) {
            return Err(unsafe { js::throw_type_error(env, "This database connection is busy executing a query") });
        }
        Ok(())
    }
}

/// A database and one connection to it. `lib/database.js` wraps it.
#[napi]
pub struct NativeDatabase {
    db: Arc<Database>,
    conn: Arc<Connection>,
    state: Arc<DbState>,
}

impl NativeDatabase {
    unsafe fn ready(&self, env: js::Env) -> napi::Result<()> {
        unsafe { self.state.check(env) }
    }
}

fn throw(env: js::Env, e: edgelite::Error) -> napi::Error {
    unsafe { errors::throw_sync(env, &e) }
}

#[napi]
impl NativeDatabase {
    /// Opens `target` (a path, `:memory:`, or a server URL; with `syncUrl`, a replica's file).
    #[napi(constructor)]
    pub fn new(env: Env, target: String, options: Option<OpenOptions>) -> napi::Result<NativeDatabase> {
        let options = options.unwrap_or_default();
        let db = open(&target, &options).map_err(|e| throw(env.raw(), e))?;
        let conn = db.connect().map_err(|e| throw(env.raw(), e))?;
        Ok(NativeDatabase { db: Arc::new(db), conn: Arc::new(conn), state: Arc::default() })
    }

    /// Another connection to the same database (for `:memory:`, the same in-memory database).
    #[napi]
    pub fn connect(&self, env: Env) -> napi::Result<NativeDatabase> {
        let conn = self.db.connect().map_err(|e| throw(env.raw(), e))?;
        Ok(NativeDatabase { db: self.db.clone(), conn: Arc::new(conn), state: Arc::default() })
    }

    #[napi]
    pub fn prepare(&self, env: Env, sql: String, safe_integers: bool) -> napi::Result<NativeStatement> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        let stmt = self.conn.prepare(&sql).map_err(|e| throw(env, e))?;
        Ok(NativeStatement::new(env, self.conn.clone(), self.state.clone(), stmt, safe_integers))
    }

    /// Runs a script of any number of statements.
    #[napi]
    pub fn exec(&self, env: Env, sql: String) -> napi::Result<()> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        self.conn.execute_batch(&sql).map_err(|e| throw(env, e))?;
        unsafe { errors::clear_function_exception(env) };
        Ok(())
    }

    /// Runs statements atomically (`[[sql, args], ...]`); each result is
    /// `{columns, columnTypes, rows (arrays), changes, lastInsertRowid}`.
    #[napi]
    pub fn batch(&self, env: Env, statements: Unknown, mode: String, safe_integers: bool) -> napi::Result<Raw> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        let behavior = match behavior(&mode) {
            Some(b) => b,
            None => return Err(unsafe { js::throw_type_error(env, &format!("unknown batch mode {mode:?}")) }),
        };
        let statements = unsafe { batch_statements(env, statements.raw()) }.map_err(|f| unsafe { f.throw(env) })?;
        let refs: Vec<(&str, &dyn Params)> = statements.iter().map(|(s, p)| (s.as_str(), p as &dyn Params)).collect();
        let results = self.conn.batch_with_behavior(behavior, &refs).map_err(|e| throw(env, e))?;
        let ints = if safe_integers { IntMode::BigInt } else { IntMode::Number };
        unsafe { batch_results(env, &results, ints, Blobs::Buffer) }.map(Raw).map_err(|f| unsafe { f.throw(env) })
    }

    #[napi(getter)]
    pub fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit().unwrap_or(true)
    }

    /// Whether no transaction is open; on a closed connection, `EDGELITE_MISUSE_CLOSED`.
    #[napi]
    pub fn autocommit(&self, env: Env) -> napi::Result<bool> {
        self.conn.is_autocommit().map_err(|e| throw(env.raw(), e))
    }

    #[napi(getter)]
    pub fn is_open(&self) -> bool {
        !self.conn.is_closed()
    }

    #[napi(getter)]
    pub fn mode(&self) -> &'static str {
        mode_name(self.db.mode())
    }

    #[napi]
    pub fn close(&self, env: Env) -> napi::Result<()> {
        let env = env.raw();
        if self.state.in_function.load(Ordering::Relaxed) > 0 {
            return Err(unsafe {
                js::throw_type_error(env, "This database connection is busy executing a user-defined function")
            });
        }
        self.conn.close().map_err(|e| throw(env, e))
    }

    /// Replicas: pulls the primary's new transactions.
    #[napi]
    pub fn sync(&self, env: Env) -> napi::Result<Raw> {
        let env = env.raw();
        let synced = self.db.sync().map_err(|e| throw(env, e))?;
        unsafe { synced_object(env, &synced) }.map(Raw)
    }

    /// The connection's last insert rowid.
    #[napi]
    pub fn last_insert_rowid(&self, env: Env, safe_integers: bool) -> napi::Result<Raw> {
        let env = env.raw();
        let rowid = self.conn.last_insert_rowid().map_err(|e| throw(env, e))?;
        let ints = if safe_integers { IntMode::BigInt } else { IntMode::Number };
        unsafe { convert::int_to_js(env, rowid, ints) }.map(Raw).map_err(|f| unsafe { f.throw(env) })
    }

    /// Rows changed by the connection's most recent INSERT, UPDATE or DELETE.
    #[napi]
    pub fn changes(&self, env: Env) -> napi::Result<f64> {
        self.conn.changes().map(|c| c as f64).map_err(|e| throw(env.raw(), e))
    }

    #[napi]
    pub fn set_busy_timeout(&self, env: Env, ms: f64) -> napi::Result<()> {
        let timeout = Duration::from_micros((ms.max(0.0) * 1000.0) as u64);
        self.conn.busy_timeout(timeout).map_err(|e| throw(env.raw(), e))
    }

    #[napi]
    pub fn set_unsafe_mode(&self, on: bool) {
        self.state.unsafe_mode.store(on, Ordering::Relaxed);
    }

    /// Makes the statement running on this connection fail with `SQLITE_INTERRUPT`.
    #[napi]
    pub fn interrupt(&self) {
        self.conn.interrupt();
    }

    /// Registers a SQL function that calls `f` (better-sqlite3's `function()`).
    #[napi]
    pub fn create_function(
        &self,
        env: Env,
        name: String,
        n_args: i32,
        deterministic: bool,
        safe_integers: bool,
        f: Unknown,
    ) -> napi::Result<()> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        let function = unsafe { functions::JsFunction::new(env, f.raw(), safe_integers, self.state.clone()) }?;
        self.conn
            .create_scalar_function(&name, n_args, deterministic, move |args| function.call(args))
            .map_err(|e| throw(env, e))
    }

    /// Registers an aggregate SQL function (better-sqlite3's `aggregate()`).
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn create_aggregate(
        &self,
        env: Env,
        name: String,
        n_args: i32,
        deterministic: bool,
        safe_integers: bool,
        start: Unknown,
        start_is_function: bool,
        step: Unknown,
        result: Option<Unknown>,
    ) -> napi::Result<()> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        let spec = unsafe {
            JsAggregateSpec::new(
                env,
                start.raw(),
                start_is_function,
                step.raw(),
                result.map(|r| r.raw()),
                safe_integers,
                self.state.clone(),
            )
        }?;
        let spec = Arc::new(spec);
        self.conn
            .create_aggregate_function(&name, n_args, deterministic, move || functions::JsAggregate::new(spec.clone()))
            .map_err(|e| throw(env, e))
    }

    /// Backs the database up into the file `destination`, off the event loop. Resolves to
    /// `{totalPages, remainingPages}`.
    #[napi]
    pub fn backup(&self, destination: String) -> AsyncTask<BackupTask> {
        AsyncTask::new(BackupTask { conn: self.conn.clone(), destination })
    }
}

/// Reads `[[sql, args], ...]`.
pub(crate) unsafe fn batch_statements(env: js::Env, list: JsVal) -> Result<Vec<(String, Parameters)>, Fail> {
    let n = unsafe { js::array_len(env, list) }?;
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let pair = unsafe { js::element(env, list, i) }?;
        let sql = unsafe { js::get_string(env, js::element(env, pair, 0)?) }?;
        let args = unsafe { convert::client_args(env, js::element(env, pair, 1)?) }?;
        out.push((sql, args));
    }
    Ok(out)
}

/// Batch results as `{columns, columnTypes, rows (arrays of values), changes, lastInsertRowid}`.
pub(crate) unsafe fn batch_results(
    env: js::Env,
    results: &[ResultSet],
    ints: IntMode,
    blobs: Blobs,
) -> Result<JsVal, Fail> {
    let array = unsafe { js::array(env, results.len()) }?;
    for (i, result) in results.iter().enumerate() {
        let object = unsafe { js::object(env) }?;
        let (names, types) = unsafe { column_arrays(env, result) }?;
        let rows = unsafe { js::array(env, result.rows.len()) }?;
        for (r, row) in result.rows.iter().enumerate() {
            let values = unsafe { js::array(env, row.len()) }?;
            for (c, value) in row.iter().enumerate() {
                unsafe { js::set_element(env, values, c as u32, convert::to_js(env, value.as_ref(), ints, blobs)?) }?;
            }
            unsafe { js::set_element(env, rows, r as u32, values) }?;
        }
        unsafe {
            js::set_named(env, object, c"columns", names)?;
            js::set_named(env, object, c"columnTypes", types)?;
            js::set_named(env, object, c"rows", rows)?;
            js::set_named(env, object, c"changes", js::number(env, result.changes as f64)?)?;
            js::set_named(env, object, c"lastInsertRowid", convert::int_to_js(env, result.last_insert_rowid, ints)?)?;
            js::set_element(env, array, i as u32, object)?;
        }
    }
    Ok(array)
}

/// The column names and declared types (`""` when none, as `@libsql/client`) of a result.
pub(crate) unsafe fn column_arrays(env: js::Env, result: &ResultSet) -> napi::Result<(JsVal, JsVal)> {
    let names = unsafe { js::array(env, result.columns.len()) }?;
    let types = unsafe { js::array(env, result.columns.len()) }?;
    for (i, c) in result.columns.iter().enumerate() {
        unsafe {
            js::set_element(env, names, i as u32, js::string(env, c.name())?)?;
            js::set_element(env, types, i as u32, js::string(env, c.decl_type().unwrap_or(""))?)?;
        }
    }
    Ok((names, types))
}

/// `{frame_no, frames_synced, generation}` (the shape libsql's `sync()` returns, plus the
/// generation).
pub(crate) unsafe fn synced_object(env: js::Env, synced: &Synced) -> napi::Result<JsVal> {
    let object = unsafe { js::object(env) }?;
    unsafe {
        js::set_named(env, object, c"frame_no", js::number(env, synced.frame as f64)?)?;
        js::set_named(env, object, c"frames_synced", js::number(env, synced.frames_applied as f64)?)?;
        js::set_named(env, object, c"generation", js::number(env, synced.generation as f64)?)?;
    }
    Ok(object)
}

/// An online backup running on the libuv thread pool.
pub struct BackupTask {
    conn: Arc<Connection>,
    destination: String,
}

impl Task for BackupTask {
    type Output = Result<edgelite::BackupProgress, edgelite::Error>;
    type JsValue = Raw;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok((|| {
            let dest = Builder::local(&self.destination).build()?.connect()?;
            let mut last = edgelite::BackupProgress { remaining: 0, total: 0 };
            self.conn.backup(&dest, 100, Duration::ZERO, &mut |p| last = p)?;
            Ok(last)
        })())
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Raw> {
        let env = env.raw();
        match output {
            Ok(progress) => {
                let object = unsafe { js::object(env) }?;
                unsafe {
                    js::set_named(env, object, c"totalPages", js::number(env, progress.total as f64)?)?;
                    js::set_named(env, object, c"remainingPages", js::number(env, progress.remaining as f64)?)?;
                }
                Ok(Raw(object))
            }
            Err(e) => {
                let error = unsafe { errors::sqlite_error(env, &e) }?;
                Err(unsafe { errors::rejection(env, error) })
            }
        }
    }
}
