//! Native databases and connections. The Python `edgelite.Connection` wraps one of these and
//! adds the DB-API semantics (transaction control, context manager, adapters, ...).

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::Duration;

use edgelite::{Builder, FunctionArgs, Mode, Params, TransactionBehavior, Value};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::values::{self, ParamShape};
use crate::{raise, OrRaise, SQLITE_MISUSE};

fn duration(py: Python<'_>, seconds: f64, what: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds).map_err(|_| {
        raise(py, SQLITE_MISUSE, format!("{what} must be a non-negative number of seconds, not {seconds}"))
    })
}

/// A database in one of the three modes.
#[pyclass(module = "edgelite._edgelite", name = "Database", frozen)]
pub struct Database {
    db: Arc<edgelite::Database>,
}

#[pymethods]
impl Database {
    /// Opens `target`: a path, `file:` URI or `:memory:` (embedded), a server URL (remote), or
    /// a local path with `sync_url` (embedded replica).
    #[new]
    #[pyo3(signature = (target, *, sync_url=None, auth_token=None, sync_interval=None, read_your_writes=true, timeout=5.0, read_only=false, create_if_missing=true, namespace=None, follow=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        target: &str,
        sync_url: Option<&str>,
        auth_token: Option<&str>,
        sync_interval: Option<f64>,
        read_your_writes: bool,
        timeout: f64,
        read_only: bool,
        create_if_missing: bool,
        namespace: Option<&str>,
        follow: bool,
    ) -> PyResult<Self> {
        let mut builder = match sync_url {
            Some(url) => Builder::replica(target, url),
            None if edgelite::is_remote_url(target) => Builder::remote(target),
            None => Builder::local(target),
        };
        if let Some(token) = auth_token {
            builder = builder.auth_token(token);
        }
        if let Some(interval) = sync_interval {
            builder = builder.sync_interval(duration(py, interval, "sync_interval")?);
        }
        if let Some(ns) = namespace {
            builder = builder.namespace(ns);
        }
        if follow {
            builder = builder.follow(true);
        }
        builder = builder
            .busy_timeout(duration(py, timeout, "timeout")?)
            .read_your_writes(read_your_writes)
            .read_only(read_only)
            .create_if_missing(create_if_missing);
        let db = py.detach(|| builder.build()).or_raise(py)?;
        Ok(Database { db: Arc::new(db) })
    }

    /// Opens a native connection; `check_same_thread` ties it to the calling thread.
    #[pyo3(signature = (check_same_thread=false))]
    fn connect(&self, py: Python<'_>, check_same_thread: bool) -> PyResult<Connection> {
        let conn = py.detach(|| self.db.connect()).or_raise(py)?;
        Ok(Connection {
            conn: Arc::new(conn),
            db: self.db.clone(),
            owner: check_same_thread.then(|| std::thread::current().id()),
            legacy: AtomicBool::new(true),
            begin: AtomicU8::new(BEGIN_DEFERRED),
            detect_types: AtomicI32::new(0),
            text_factory: Mutex::new(None),
        })
    }

    /// Pulls and applies the primary's new transactions (replicas only): `(generation, frame,
    /// frames_applied, transactions_applied, bootstrapped)`.
    fn sync(&self, py: Python<'_>) -> PyResult<(u32, u64, u64, u64, bool)> {
        let s = py.detach(|| self.db.sync()).or_raise(py)?;
        Ok((s.generation, s.frame, s.frames_applied, s.transactions_applied, s.bootstrapped))
    }

    /// `"embedded"`, `"remote"` or `"replica"`.
    #[getter]
    fn mode(&self) -> &'static str {
        mode_name(self.db.mode())
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Embedded => "embedded",
        Mode::Remote => "remote",
        Mode::Replica => "replica",
    }
}

pub(crate) const BEGIN_NONE: u8 = 0;
pub(crate) const BEGIN_DEFERRED: u8 = 1;
pub(crate) const BEGIN_IMMEDIATE: u8 = 2;
pub(crate) const BEGIN_EXCLUSIVE: u8 = 3;

/// A native connection. Thread-safe: the core serializes calls; every blocking call runs with
/// the GIL released.
#[pyclass(module = "edgelite._edgelite", name = "Connection", frozen)]
pub struct Connection {
    pub(crate) conn: Arc<edgelite::Connection>,
    db: Arc<edgelite::Database>,
    owner: Option<ThreadId>,
    /// `sqlite3`'s legacy transaction control (`autocommit=LEGACY_TRANSACTION_CONTROL`).
    pub(crate) legacy: AtomicBool,
    /// In legacy mode: the `BEGIN` issued before INSERT/UPDATE/DELETE/REPLACE outside a
    /// transaction (`BEGIN_NONE` for `isolation_level=None`).
    pub(crate) begin: AtomicU8,
    pub(crate) detect_types: AtomicI32,
    /// `None` for `str` (the default).
    pub(crate) text_factory: Mutex<Option<Py<PyAny>>>,
}

impl Connection {
    /// Checks the thread (with `check_same_thread`); closed connections are the core's to report.
    #[inline]
    pub(crate) fn check_thread(&self, py: Python<'_>) -> PyResult<()> {
        if let Some(owner) = self.owner {
            if owner != std::thread::current().id() {
                return Err(raise(
                    py,
                    SQLITE_MISUSE,
                    "SQLite objects created in a thread can only be used in that same thread \
                     (open the connection with check_same_thread=False to share it)",
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn mode(&self) -> Mode {
        self.db.mode()
    }

    /// The implicit `BEGIN` for `sql` in legacy mode, if it needs one: `sqlite3`'s rule, a
    /// statement whose first keyword is INSERT, UPDATE, DELETE or REPLACE.
    #[inline]
    pub(crate) fn implicit_begin(&self, sql: &str) -> Option<&'static str> {
        let sql_begin = match self.begin.load(Ordering::Relaxed) {
            BEGIN_DEFERRED => "BEGIN",
            BEGIN_IMMEDIATE => "BEGIN IMMEDIATE",
            BEGIN_EXCLUSIVE => "BEGIN EXCLUSIVE",
            _ => return None,
        };
        if !self.legacy.load(Ordering::Relaxed) || !is_dml(sql) {
            return None;
        }
        Some(sql_begin)
    }

    /// Builds the parameters for `sql`; `prepared` gives the statement's parameter names when
    /// they are needed (named parameters in embedded and replica modes).
    pub(crate) fn parameters(
        &self,
        py: Python<'_>,
        shape: &ParamShape<'_>,
        names: impl FnOnce() -> PyResult<Vec<Option<String>>>,
    ) -> PyResult<edgelite::Parameters> {
        match shape {
            ParamShape::None => Ok(edgelite::Parameters::None),
            ParamShape::Positional(seq) => values::positional(seq),
            ParamShape::Named(map) if self.mode() == Mode::Remote => values::named_all(map),
            ParamShape::Named(map) => {
                let names = names()?;
                let _ = py;
                values::named_for(map, &names)
            }
        }
    }
}

/// The first keyword of `sql`, after whitespace and comments, is INSERT, UPDATE, DELETE or
/// REPLACE (the statements before which `sqlite3` implicitly opens a transaction).
pub(crate) fn is_dml(sql: &str) -> bool {
    let bytes = sql.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i..].starts_with(b"--") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i..].starts_with(b"/*") {
            match sql[i + 2..].find("*/") {
                Some(end) => i += 2 + end + 2,
                None => return false,
            }
        } else {
            break;
        }
    }
    let word_end = bytes[i..].iter().position(|b| !b.is_ascii_alphabetic()).map_or(bytes.len(), |n| i + n);
    let word = &sql[i..word_end];
    ["INSERT", "UPDATE", "DELETE", "REPLACE"].iter().any(|k| word.eq_ignore_ascii_case(k))
}

fn behavior(py: Python<'_>, name: &str) -> PyResult<TransactionBehavior> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "deferred" | "" => TransactionBehavior::Deferred,
        "immediate" => TransactionBehavior::Immediate,
        "exclusive" => TransactionBehavior::Exclusive,
        "read_only" | "readonly" => TransactionBehavior::ReadOnly,
        other => {
            return Err(raise(
                py,
                SQLITE_MISUSE,
                format!("unknown transaction behavior {other:?} (deferred, immediate, exclusive, read_only)"),
            ))
        }
    })
}

fn args_to_python<'py>(py: Python<'py>, args: &FunctionArgs<'_>) -> PyResult<Bound<'py, PyTuple>> {
    let items = (0..args.len()).map(|i| values::to_python(py, args.get(i))).collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, items)
}

/// A Python exception raised by a callback, as the statement's error message.
fn callback_error(py: Python<'_>, what: &str, err: PyErr) -> edgelite::Error {
    let detail = err.value(py).repr().map(|r| r.to_string()).unwrap_or_default();
    edgelite::Error::with_code(edgelite::ErrorCode::SqlError, format!("{what} raised exception: {detail}"))
}

struct PyAggregate {
    instance: Py<PyAny>,
}

impl edgelite::Aggregate for PyAggregate {
    fn step(&mut self, args: &FunctionArgs<'_>) -> edgelite::Result<()> {
        Python::attach(|py| {
            let args = args_to_python(py, args)
                .map_err(|e| callback_error(py, "user-defined aggregate's 'step' method", e))?;
            self.instance
                .call_method1(py, "step", args)
                .map(drop)
                .map_err(|e| callback_error(py, "user-defined aggregate's 'step' method", e))
        })
    }

    fn finalize(&mut self) -> edgelite::Result<Value> {
        Python::attach(|py| {
            let what = "user-defined aggregate's 'finalize' method";
            let result = self.instance.call_method0(py, "finalize").map_err(|e| callback_error(py, what, e))?;
            values::result_value(result.bind(py)).map_err(|e| callback_error(py, what, e))
        })
    }
}

/// An aggregate whose class could not be instantiated: every call reports that.
struct FailedAggregate(String);

impl edgelite::Aggregate for FailedAggregate {
    fn step(&mut self, _: &FunctionArgs<'_>) -> edgelite::Result<()> {
        Err(edgelite::Error::with_code(edgelite::ErrorCode::SqlError, self.0.clone()))
    }

    fn finalize(&mut self) -> edgelite::Result<Value> {
        Err(edgelite::Error::with_code(edgelite::ErrorCode::SqlError, self.0.clone()))
    }
}

#[pymethods]
impl Connection {
    /// `"embedded"`, `"remote"` or `"replica"`.
    #[getter(mode)]
    fn mode_py(&self) -> &'static str {
        mode_name(self.db.mode())
    }

    /// Sets the transaction control: `legacy` (isolation_level semantics) and the implicit
    /// BEGIN (`None`, `"DEFERRED"`, `"IMMEDIATE"`, `"EXCLUSIVE"`; `""` is DEFERRED).
    #[pyo3(signature = (legacy, begin))]
    fn set_transaction_control(&self, py: Python<'_>, legacy: bool, begin: Option<&str>) -> PyResult<()> {
        let code = match begin.map(str::to_ascii_uppercase).as_deref() {
            None => BEGIN_NONE,
            Some("") | Some("DEFERRED") => BEGIN_DEFERRED,
            Some("IMMEDIATE") => BEGIN_IMMEDIATE,
            Some("EXCLUSIVE") => BEGIN_EXCLUSIVE,
            Some(other) => {
                return Err(raise(py, SQLITE_MISUSE, format!("invalid isolation_level {other:?}")));
            }
        };
        self.legacy.store(legacy, Ordering::Relaxed);
        self.begin.store(code, Ordering::Relaxed);
        Ok(())
    }

    fn set_detect_types(&self, detect_types: i32) {
        self.detect_types.store(detect_types, Ordering::Relaxed);
    }

    /// `None` restores `str`.
    fn set_text_factory(&self, factory: Option<Py<PyAny>>) {
        *self.text_factory.lock().unwrap_or_else(|e| e.into_inner()) = factory;
    }

    /// Whether no transaction is open.
    fn is_autocommit(&self, py: Python<'_>) -> PyResult<bool> {
        self.check_thread(py)?;
        py.detach(|| self.conn.is_autocommit()).or_raise(py)
    }

    fn is_closed(&self) -> bool {
        self.conn.is_closed()
    }

    /// Begins a transaction: `deferred`, `immediate`, `exclusive` or `read_only`.
    #[pyo3(signature = (behavior_name="deferred"))]
    fn begin(&self, py: Python<'_>, behavior_name: &str) -> PyResult<()> {
        self.check_thread(py)?;
        let behavior = behavior(py, behavior_name)?;
        py.detach(|| self.conn.begin(behavior)).or_raise(py)
    }

    /// Commits if a transaction is open (and reopens one if `reopen`).
    #[pyo3(signature = (reopen=false))]
    fn commit(&self, py: Python<'_>, reopen: bool) -> PyResult<()> {
        self.check_thread(py)?;
        py.detach(|| {
            if !self.conn.is_autocommit()? {
                self.conn.commit()?;
            }
            if reopen {
                self.conn.begin(TransactionBehavior::Deferred)?;
            }
            Ok(())
        })
        .or_raise(py)
    }

    /// Rolls back if a transaction is open (and reopens one if `reopen`).
    #[pyo3(signature = (reopen=false))]
    fn rollback(&self, py: Python<'_>, reopen: bool) -> PyResult<()> {
        self.check_thread(py)?;
        py.detach(|| {
            if !self.conn.is_autocommit()? {
                self.conn.rollback()?;
            }
            if reopen {
                self.conn.begin(TransactionBehavior::Deferred)?;
            }
            Ok(())
        })
        .or_raise(py)
    }

    /// Runs a script of `;`-separated statements without parameters.
    fn execute_batch(&self, py: Python<'_>, sql: &str) -> PyResult<()> {
        self.check_thread(py)?;
        py.detach(|| self.conn.execute_batch(sql)).or_raise(py)
    }

    /// Closes the connection (an open transaction is rolled back); closing again does nothing.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        self.check_thread(py)?;
        py.detach(|| self.conn.close()).or_raise(py)
    }

    /// Makes the running statement fail with `SQLITE_INTERRUPT` (any thread; does not wait).
    fn interrupt(&self) {
        self.conn.interrupt();
    }

    fn last_insert_rowid(&self, py: Python<'_>) -> PyResult<i64> {
        py.detach(|| self.conn.last_insert_rowid()).or_raise(py)
    }

    fn changes(&self, py: Python<'_>) -> PyResult<u64> {
        py.detach(|| self.conn.changes()).or_raise(py)
    }

    fn total_changes(&self, py: Python<'_>) -> PyResult<u64> {
        py.detach(|| self.conn.total_changes()).or_raise(py)
    }

    /// Sets the busy timeout in seconds.
    fn set_busy_timeout(&self, py: Python<'_>, seconds: f64) -> PyResult<()> {
        let timeout = duration(py, seconds, "timeout")?;
        py.detach(|| self.conn.busy_timeout(timeout)).or_raise(py)
    }

    /// Registers a scalar SQL function calling `func(*args)`.
    #[pyo3(signature = (name, narg, func, deterministic=false))]
    fn create_function(
        &self,
        py: Python<'_>,
        name: &str,
        narg: i32,
        func: Option<Py<PyAny>>,
        deterministic: bool,
    ) -> PyResult<()> {
        self.check_thread(py)?;
        let Some(func) = func else {
            return py.detach(|| self.conn.remove_function(name, narg)).or_raise(py);
        };
        let f = move |args: &FunctionArgs<'_>| -> edgelite::Result<Value> {
            Python::attach(|py| {
                let what = "user-defined function";
                let args = args_to_python(py, args).map_err(|e| callback_error(py, what, e))?;
                let result = func.call1(py, args).map_err(|e| callback_error(py, what, e))?;
                values::result_value(result.bind(py)).map_err(|e| callback_error(py, what, e))
            })
        };
        py.detach(|| self.conn.create_scalar_function(name, narg, deterministic, f)).or_raise(py)
    }

    /// Registers an aggregate SQL function: an instance of `cls` per group, with `step(*args)`
    /// and `finalize()`.
    #[pyo3(signature = (name, narg, cls, deterministic=false))]
    fn create_aggregate(
        &self,
        py: Python<'_>,
        name: &str,
        narg: i32,
        cls: Option<Py<PyAny>>,
        deterministic: bool,
    ) -> PyResult<()> {
        self.check_thread(py)?;
        let Some(cls) = cls else {
            return py.detach(|| self.conn.remove_function(name, narg)).or_raise(py);
        };
        let factory = move || -> Box<dyn edgelite::Aggregate> {
            Python::attach(|py| match cls.call0(py) {
                Ok(instance) => Box::new(PyAggregate { instance }) as Box<dyn edgelite::Aggregate>,
                Err(e) => Box::new(FailedAggregate(
                    callback_error(py, "user-defined aggregate's '__init__' method", e).message().to_owned(),
                )),
            })
        };
        py.detach(|| self.conn.create_aggregate_function(name, narg, deterministic, factory)).or_raise(py)
    }

    /// Copies this database into `target` with SQLite's online backup; `progress(status,
    /// remaining, total)` is called after each step of `pages` pages.
    #[pyo3(
        signature = (target, pages=-1, progress=None, sleep=0.25),
        text_signature = "($self, target, pages=-1, progress=None, sleep=0.25)"
    )]
    fn backup(
        &self,
        py: Python<'_>,
        target: &Connection,
        pages: i32,
        progress: Option<Py<PyAny>>,
        sleep: f64,
    ) -> PyResult<()> {
        self.check_thread(py)?;
        let pause = duration(py, sleep, "sleep")?;
        let mut failure: Option<PyErr> = None;
        let result = py.detach(|| {
            let mut on_progress = |p: edgelite::BackupProgress| {
                if let (Some(callback), None) = (&progress, &failure) {
                    Python::attach(|py| {
                        let status = if p.remaining == 0 { 101 } else { 0 };
                        if let Err(e) = callback.call1(py, (status, p.remaining, p.total)) {
                            failure = Some(e);
                        }
                    });
                }
            };
            self.conn.backup(&target.conn, pages, pause, &mut on_progress)
        });
        result.or_raise(py)?;
        match failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Prepares `sql` to describe it (columns, declared types, parameters).
    fn prepare(&self, py: Python<'_>, sql: &str) -> PyResult<Statement> {
        self.check_thread(py)?;
        let stmt = py.detach(|| self.conn.prepare(sql)).or_raise(py)?;
        Ok(Statement {
            columns: stmt.column_names().into_iter().map(str::to_owned).collect(),
            decltypes: stmt.columns().iter().map(|c| c.decl_type().map(str::to_owned)).collect(),
            parameter_names: stmt.parameter_names(),
            readonly: stmt.is_readonly(),
        })
    }

    /// Runs `(sql, parameters)` pairs atomically; returns per statement `(columns, decltypes,
    /// rows, changes, last_insert_rowid)`.
    #[pyo3(signature = (statements, behavior_name="deferred"))]
    fn batch<'py>(
        &self,
        py: Python<'py>,
        statements: &Bound<'py, PyAny>,
        behavior_name: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        self.check_thread(py)?;
        let behavior = behavior(py, behavior_name)?;
        let mut owned: Vec<(String, edgelite::Parameters)> = Vec::new();
        for item in statements.try_iter()? {
            let item = item?;
            let (sql, params): (String, Option<Bound<'py, PyAny>>) = if let Ok(sql) = item.extract::<String>() {
                (sql, None)
            } else {
                let t = item.cast::<PyTuple>()?;
                (t.get_item(0)?.extract()?, if t.len() > 1 { Some(t.get_item(1)?) } else { None })
            };
            let shape = values::shape(params.as_ref())?;
            let params = self.parameters(py, &shape, || {
                let stmt = py.detach(|| self.conn.prepare(&sql)).or_raise(py)?;
                Ok(stmt.parameter_names())
            })?;
            owned.push((sql, params));
        }
        let results = py
            .detach(|| {
                let refs: Vec<(&str, &dyn Params)> =
                    owned.iter().map(|(s, p)| (s.as_str(), p as &dyn Params)).collect();
                self.conn.batch_with_behavior(behavior, &refs)
            })
            .or_raise(py)?;
        let out = PyList::empty(py);
        for r in results {
            let columns: Vec<&str> = r.columns.iter().map(|c| c.name()).collect();
            let decltypes: Vec<Option<&str>> = r.columns.iter().map(|c| c.decl_type()).collect();
            let rows = PyList::empty(py);
            for row in &r.rows {
                let items = row.iter().map(|v| values::to_python(py, v.as_ref())).collect::<PyResult<Vec<_>>>()?;
                rows.append(PyTuple::new(py, items)?)?;
            }
            out.append((columns, decltypes, rows, r.changes, r.last_insert_rowid))?;
        }
        Ok(out)
    }
}

/// A prepared statement's description (for `Connection.prepare`).
#[pyclass(module = "edgelite", name = "Statement", frozen, get_all)]
pub struct Statement {
    /// The result column names.
    columns: Vec<String>,
    /// The declared type of each result column (`None` for expressions).
    decltypes: Vec<Option<String>>,
    /// Each parameter's name with its prefix (`":id"`, `"?2"`), `None` for a plain `?`.
    parameter_names: Vec<Option<String>>,
    /// Whether the statement makes no direct change to the database.
    readonly: bool,
}

#[pymethods]
impl Statement {
    /// The number of parameters.
    #[getter]
    fn parameter_count(&self) -> usize {
        self.parameter_names.len()
    }

    fn __repr__(&self) -> String {
        format!("<edgelite.Statement columns={:?} parameters={:?}>", self.columns, self.parameter_names)
    }
}
