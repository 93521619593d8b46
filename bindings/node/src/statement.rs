//! The sync API's prepared statement (better-sqlite3's `Statement`), and the iterator that
//! `iterate()` returns.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use edgelite::{Column, Connection, Parameters, Rows, Statement};
use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue};
use napi_derive::napi;

use crate::convert::{self, Args, Fail, IntMode};
use crate::database::DbState;
use crate::js::{self, JsVal, Raw};
use crate::rows::{Keys, RowBuilder, Shape};

/// A prepared statement of the sync API. `lib/statement.js` wraps it.
#[napi]
pub struct NativeStatement {
    conn: Arc<Connection>,
    state: Arc<DbState>,
    /// `None` while an iterator owns the statement; prepared again (from the connection's
    /// statement cache) when the iterator is done.
    stmt: Option<Statement>,
    iterating: Arc<AtomicBool>,
    sql: String,
    bound: Option<Parameters>,
    keys: Keys,
    shape: Shape,
    ints: IntMode,
    timeout: Option<Duration>,
    reader: bool,
    readonly: bool,
    /// The columns of the last result read by `get()` or `all()`: after a schema change SQLite
    /// re-prepares the statement when it runs, so these can differ from the prepared ones.
    result_columns: Option<Vec<Column>>,
}

impl NativeStatement {
    pub(crate) fn new(
        env: js::Env,
        conn: Arc<Connection>,
        state: Arc<DbState>,
        stmt: Statement,
        safe_integers: bool,
    ) -> NativeStatement {
        NativeStatement {
            conn,
            state,
            sql: stmt.sql().to_owned(),
            reader: stmt.column_count() > 0,
            readonly: stmt.is_readonly(),
            stmt: Some(stmt),
            iterating: Arc::new(AtomicBool::new(false)),
            bound: None,
            keys: Keys::new(env),
            shape: Shape::Object,
            ints: if safe_integers { IntMode::BigInt } else { IntMode::Number },
            timeout: None,
            result_columns: None,
        }
    }

    /// Checks that the statement can run now and returns it, prepared.
    unsafe fn ready(&mut self, env: js::Env) -> napi::Result<()> {
        if self.iterating.load(Ordering::Relaxed) {
            return Err(unsafe { js::throw_type_error(env, "This statement is busy executing a query") });
        }
        unsafe { self.state.check(env) }?;
        if self.stmt.is_none() {
            match self.conn.prepare(&self.sql) {
                Ok(stmt) => self.stmt = Some(stmt),
                Err(e) => return Err(unsafe { convert::Fail::Core(e).throw(env) }),
            }
        }
        Ok(())
    }

    /// The parameters for one run: the call's arguments, or the ones bound with `bind()`.
    unsafe fn params(&self, env: js::Env, args: JsVal) -> Result<Parameters, Fail> {
        let args = unsafe { convert::args(env, args) }?;
        if let Some(bound) = &self.bound {
            if !args.is_empty() {
                return Err(Fail::Js(unsafe { js::type_error(env, "This statement already has bound parameters") }?));
            }
            return Ok(bound.clone());
        }
        self.resolve(args).map_err(Fail::Core)
    }

    fn resolve(&self, args: Args) -> Result<Parameters, edgelite::Error> {
        Ok(match args {
            Args::Positional(values) if values.is_empty() => Parameters::None,
            Args::Positional(values) => Parameters::Positional(values),
            Args::Named(values) => Parameters::Named(values),
            Args::Mixed(positional, named) => {
                let names = self.stmt.as_ref().map(Statement::parameter_names).unwrap_or_default();
                Parameters::Positional(convert::resolve_mixed(&names, positional, named)?)
            }
        })
    }

    fn not_a_reader(&self, env: js::Env) -> napi::Error {
        unsafe { js::throw_type_error(env, "This statement does not return data. Use run() instead") }
    }
}

#[napi]
impl NativeStatement {
    /// Runs the statement: `{changes, lastInsertRowid}`.
    #[napi]
    pub fn run(&mut self, env: Env, args: Unknown) -> napi::Result<Raw> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        let params = unsafe { self.params(env, args.raw()) }.map_err(|f| unsafe { f.throw(env) })?;
        let stmt = self.stmt.as_mut().expect("prepared by ready()");
        let conn = &self.conn;
        let outcome = with_timeout(self.timeout, conn, || {
            let changes = stmt.execute(&params)?;
            Ok((changes, conn.last_insert_rowid()?))
        });
        let (changes, rowid) = outcome.map_err(|e| unsafe { Fail::Core(e).throw(env) })?;
        unsafe { crate::errors::clear_function_exception(env) };
        unsafe { run_result(env, changes, rowid, self.ints) }.map(Raw).map_err(|f| unsafe { f.throw(env) })
    }

    /// The first row, or `undefined`.
    #[napi]
    pub fn get(&mut self, env: Env, args: Unknown) -> napi::Result<Raw> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        if !self.reader {
            return Err(self.not_a_reader(env));
        }
        let params = unsafe { self.params(env, args.raw()) }.map_err(|f| unsafe { f.throw(env) })?;
        let (shape, ints) = (self.shape, self.ints);
        let stmt = self.stmt.as_mut().expect("prepared by ready()");
        let keys = &mut self.keys;
        let result_columns = &mut self.result_columns;
        let mut called = false;
        let outcome = with_timeout(self.timeout, &self.conn, || {
            stmt.query_row(&params, |row| {
                called = true;
                *result_columns = Some(row.columns().to_vec());
                // SAFETY: on the JS thread, inside this call's handle scope.
                let built = unsafe { RowBuilder::new(env, shape, ints, keys, row.columns()) }
                    .map_err(Fail::Napi)
                    .and_then(|b| unsafe { b.row(row) });
                Ok(built)
            })
        });
        match outcome {
            Ok(Ok(value)) => Ok(Raw(value)),
            Ok(Err(fail)) => Err(unsafe { fail.throw(env) }),
            Err(e) if !called && e.code() == edgelite::ErrorCode::NotFound => Ok(Raw(unsafe { js::undefined(env) }?)),
            Err(e) => Err(unsafe { Fail::Core(e).throw(env) }),
        }
    }

    /// Every row, as an array built in this one call.
    #[napi]
    pub fn all(&mut self, env: Env, args: Unknown) -> napi::Result<Raw> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        if !self.reader {
            return Err(self.not_a_reader(env));
        }
        let params = unsafe { self.params(env, args.raw()) }.map_err(|f| unsafe { f.throw(env) })?;
        let (shape, ints) = (self.shape, self.ints);
        let stmt = self.stmt.as_mut().expect("prepared by ready()");
        let keys = &mut self.keys;
        let result_columns = &mut self.result_columns;
        let outcome = with_timeout(self.timeout, &self.conn, || -> Result<JsVal, Fail> {
            let mut rows = stmt.query(&params)?;
            let array = unsafe { js::array(env, 0) }?;
            let mut builder: Option<RowBuilder> = None;
            let mut index = 0u32;
            while let Some(row) = rows.next()? {
                if builder.is_none() {
                    builder = Some(unsafe { RowBuilder::new(env, shape, ints, keys, row.columns()) }?);
                }
                let value = unsafe { builder.as_ref().expect("set above").row(&row) }?;
                unsafe { js::set_element(env, array, index, value) }?;
                index += 1;
            }
            *result_columns = Some(rows.columns().to_vec());
            Ok(array)
        });
        outcome.map(Raw).map_err(|f| unsafe { f.throw(env) })
    }

    /// Starts iterating: the rows are read one `next()` at a time.
    #[napi]
    pub fn iterate(&mut self, env: Env, args: Unknown) -> napi::Result<NativeRows> {
        let env_raw = env.raw();
        unsafe { self.ready(env_raw) }?;
        if !self.reader {
            return Err(self.not_a_reader(env_raw));
        }
        let params = unsafe { self.params(env_raw, args.raw()) }.map_err(|f| unsafe { f.throw(env_raw) })?;
        let stmt = self.stmt.take().expect("prepared by ready()");
        match stmt.into_rows(params) {
            Ok(rows) => {
                self.iterating.store(true, Ordering::Relaxed);
                self.state.iterators.fetch_add(1, Ordering::Relaxed);
                Ok(NativeRows {
                    rows: Some(rows),
                    keys: Keys::new(env_raw),
                    shape: self.shape,
                    ints: self.ints,
                    iterating: self.iterating.clone(),
                    state: self.state.clone(),
                })
            }
            Err(e) => Err(unsafe { Fail::Core(e).throw(env_raw) }),
        }
    }

    /// Binds parameters permanently (better-sqlite3's `bind()`).
    #[napi]
    pub fn bind(&mut self, env: Env, args: Unknown) -> napi::Result<()> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        if self.bound.is_some() {
            return Err(unsafe {
                js::throw_type_error(env, "The bind() method can only be invoked once per statement object")
            });
        }
        let args = unsafe { convert::args(env, args.raw()) }.map_err(|f| unsafe { f.throw(env) })?;
        let params = self.resolve(args).map_err(|e| unsafe { Fail::Core(e).throw(env) })?;
        self.bound = Some(params);
        Ok(())
    }

    /// 0 = objects, 1 = raw arrays, 2 = pluck, 3 = expand.
    #[napi]
    pub fn set_shape(&mut self, env: Env, shape: u32) -> napi::Result<()> {
        if !self.reader {
            return Err(self.not_a_reader(env.raw()));
        }
        self.shape = Shape::from_code(shape);
        Ok(())
    }

    #[napi]
    pub fn set_safe_integers(&mut self, on: bool) {
        self.ints = if on { IntMode::BigInt } else { IntMode::Number };
    }

    /// Interrupts each run of the statement that takes longer than `ms` (0: never).
    #[napi]
    pub fn set_query_timeout(&mut self, ms: f64) {
        self.timeout = if ms > 0.0 { Some(Duration::from_micros((ms * 1000.0) as u64)) } else { None };
    }

    /// `[{name, column, table, database, type}]`.
    #[napi]
    pub fn columns(&mut self, env: Env) -> napi::Result<Raw> {
        let env = env.raw();
        unsafe { self.ready(env) }?;
        if !self.reader {
            return Err(self.not_a_reader(env));
        }
        let stmt = self.stmt.as_ref().expect("prepared by ready()");
        let opt = |s: Option<&str>| unsafe { s.map_or_else(|| js::null(env), |s| js::string(env, s)) };
        let columns = self.result_columns.as_deref().unwrap_or_else(|| stmt.columns());
        let array = unsafe { js::array(env, columns.len()) }?;
        for (i, c) in columns.iter().enumerate() {
            let object = unsafe { js::object(env) }?;
            unsafe {
                js::set_named(env, object, c"name", js::string(env, c.name())?)?;
                js::set_named(env, object, c"column", opt(c.origin_name())?)?;
                js::set_named(env, object, c"table", opt(c.table_name())?)?;
                js::set_named(env, object, c"database", opt(c.database_name())?)?;
                js::set_named(env, object, c"type", opt(c.decl_type())?)?;
                js::set_element(env, array, i as u32, object)?;
            }
        }
        Ok(Raw(array))
    }

    /// The names of the parameters in order, with their prefix (`":a"`, `"?2"`), or `null` for
    /// a plain `?`; the length is the parameter count.
    #[napi]
    pub fn parameter_names(&mut self, env: Env) -> napi::Result<Vec<Option<String>>> {
        unsafe { self.ready(env.raw()) }?;
        Ok(self.stmt.as_ref().expect("prepared by ready()").parameter_names())
    }

    #[napi(getter)]
    pub fn reader(&self) -> bool {
        self.reader
    }

    #[napi(getter)]
    pub fn readonly(&self) -> bool {
        self.readonly
    }

    #[napi(getter)]
    pub fn busy(&self) -> bool {
        self.iterating.load(Ordering::Relaxed)
    }

    #[napi(getter)]
    pub fn source(&self) -> String {
        self.sql.clone()
    }
}

/// Runs `f`, interrupting it after `timeout` (the statement's query timeout), if one is set.
fn with_timeout<T>(timeout: Option<Duration>, conn: &Connection, f: impl FnOnce() -> T) -> T {
    let Some(timeout) = timeout else { return f() };
    let handle = conn.interrupt_handle();
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
            handle.interrupt();
        }
    });
    let result = f();
    drop(done);
    let _ = watchdog.join();
    result
}

/// `{changes, lastInsertRowid}` as better-sqlite3's `run()` returns it.
pub(crate) unsafe fn run_result(env: js::Env, changes: u64, rowid: i64, ints: IntMode) -> Result<JsVal, Fail> {
    let object = unsafe { js::object(env) }?;
    unsafe { js::set_named(env, object, c"changes", js::number(env, changes as f64)?) }?;
    let rowid = unsafe { convert::int_to_js(env, rowid, ints) }?;
    unsafe { js::set_named(env, object, c"lastInsertRowid", rowid) }?;
    Ok(object)
}

/// The rows of one `iterate()` call.
#[napi]
pub struct NativeRows {
    rows: Option<Rows<'static>>,
    keys: Keys,
    shape: Shape,
    ints: IntMode,
    iterating: Arc<AtomicBool>,
    state: Arc<DbState>,
}

#[napi]
impl NativeRows {
    /// The next row, or `undefined` at the end (which also ends the iteration).
    #[napi]
    pub fn next(&mut self, env: Env) -> napi::Result<Raw> {
        let env = env.raw();
        let Some(rows) = self.rows.as_mut() else { return Ok(Raw(unsafe { js::undefined(env) }?)) };
        let keys = &mut self.keys;
        let (shape, ints) = (self.shape, self.ints);
        let outcome = (|| -> Result<Option<JsVal>, Fail> {
            match rows.next()? {
                Some(row) => {
                    let builder = unsafe { RowBuilder::new(env, shape, ints, keys, row.columns()) }?;
                    Ok(Some(unsafe { builder.row(&row) }?))
                }
                None => Ok(None),
            }
        })();
        match outcome {
            Ok(Some(value)) => Ok(Raw(value)),
            Ok(None) => {
                self.close();
                Ok(Raw(unsafe { js::undefined(env) }?))
            }
            Err(fail) => {
                self.close();
                Err(unsafe { fail.throw(env) })
            }
        }
    }

    /// Ends the iteration early; the statement can run again.
    #[napi]
    pub fn close(&mut self) {
        if self.rows.take().is_some() {
            self.iterating.store(false, Ordering::Relaxed);
            self.state.iterators.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl Drop for NativeRows {
    fn drop(&mut self) {
        self.close();
    }
}
