//! The sync API's prepared statement (better-sqlite3's `Statement`), and the iterator that
//! `iterate()` returns.
//!
//! `run`, `get` and `all` are the hot calls of the whole package, so they are not class
//! methods: [`NativeStatement::calls`] makes three plain functions per statement whose callbacks
//! reach the statement through the function's data pointer. That skips napi-rs's method dispatch
//! (unwrapping `this`, borrow tracking) and takes the parameters as the call's own arguments
//! rather than as an array, which halves the fixed cost of a call.

use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use edgelite::{Column, Connection, Parameters, Rows, Statement};
use napi::bindgen_prelude::Unknown;
use napi::{sys, Env, JsValue};
use napi_derive::napi;

use crate::convert::{self, Args, Fail, IntMode};
use crate::database::DbState;
use crate::js::{self, JsVal, Raw};
use crate::rows::{Keys, RowBuilder, Shape};

/// A prepared statement of the sync API. `lib/statement.js` wraps it.
#[napi]
pub struct NativeStatement {
    /// Shared with the functions [`calls`](NativeStatement::calls) made; the `RefCell` refuses a
    /// call that re-enters the statement while it runs (from a user-defined function).
    cell: Rc<RefCell<StatementState>>,
}

struct StatementState {
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
    /// The column names `get()` last told JavaScript about (it builds object rows itself).
    told_names: Vec<String>,
    /// What the hot calls share with the wrapper, set by [`NativeStatement::calls`].
    shared: Option<Shared>,
}

/// Values the hot calls hand to the wrapper without making a new object each call.
struct Shared {
    env: js::Env,
    /// A `Float64Array`: `run()` writes the change count to element 0.
    changes: sys::napi_ref,
    changes_slot: *mut f64,
    /// An array `get()` fills with the row's values in the object shape.
    values: sys::napi_ref,
    /// A one-element array: when the column names change, `get()` and `all()` put the new
    /// names (an array of strings) in it for the wrapper to compile a row maker from.
    names: sys::napi_ref,
}

impl Drop for Shared {
    fn drop(&mut self) {
        // SAFETY: references of this env, deleted on its thread (statements are finalized there).
        unsafe {
            js::unref(self.env, self.changes);
            js::unref(self.env, self.values);
            js::unref(self.env, self.names);
        }
    }
}

impl NativeStatement {
    pub(crate) fn new(
        env: js::Env,
        conn: Arc<Connection>,
        state: Arc<DbState>,
        stmt: Statement,
        safe_integers: bool,
    ) -> NativeStatement {
        let state = StatementState {
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
            told_names: Vec::new(),
            shared: None,
        };
        NativeStatement { cell: Rc::new(RefCell::new(state)) }
    }

    fn borrow(&self, env: js::Env) -> napi::Result<std::cell::RefMut<'_, StatementState>> {
        self.cell.try_borrow_mut().map_err(|_| unsafe { busy(env) })
    }
}

/// The error for a statement used again while it runs.
unsafe fn busy(env: js::Env) -> napi::Error {
    unsafe { js::throw_type_error(env, "This statement is busy executing a query") }
}

impl StatementState {
    /// Checks that the statement can run now and prepares it if an iterator had it.
    unsafe fn ready(&mut self, env: js::Env) -> napi::Result<()> {
        if self.iterating.load(Ordering::Relaxed) {
            return Err(unsafe { busy(env) });
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
    unsafe fn params(&self, env: js::Env, args: &[JsVal]) -> Result<Parameters, Fail> {
        if let Some(bound) = &self.bound {
            // An empty array is no parameters too.
            if !args.is_empty() && !unsafe { convert::args(env, args) }?.is_empty() {
                return Err(Fail::Js(unsafe { js::type_error(env, "This statement already has bound parameters") }?));
            }
            return Ok(bound.clone());
        }
        let args = unsafe { convert::args(env, args) }?;
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

    unsafe fn ready_reader(&mut self, env: js::Env) -> napi::Result<()> {
        unsafe { self.ready(env) }?;
        if !self.reader {
            return Err(unsafe { not_a_reader(env) });
        }
        Ok(())
    }

    /// `run()`: returns `lastInsertRowid` and writes `changes` to the wrapper's `Float64Array`
    /// (the wrapper makes the result object).
    unsafe fn run(&mut self, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { self.ready(env) }?;
        let params = unsafe { self.params(env, args) }.map_err(|f| unsafe { f.throw(env) })?;
        let stmt = self.stmt.as_mut().expect("prepared by ready()");
        let conn = &self.conn;
        let outcome = with_timeout(self.timeout, conn, || {
            let changes = stmt.execute(&params)?;
            Ok((changes, conn.last_insert_rowid()?))
        });
        let (changes, rowid) = outcome.map_err(|e| unsafe { Fail::Core(e).throw(env) })?;
        unsafe { crate::errors::clear_function_exception(env) };
        if let Some(shared) = &self.shared {
            // SAFETY: the array's element 0, alive while referenced; only the JS thread touches it.
            unsafe { shared.changes_slot.write(changes as f64) };
        }
        unsafe { convert::int_to_js(env, rowid, self.ints) }.map_err(|f| unsafe { f.throw(env) })
    }

    /// `get()`: the first row or `undefined`. In the default (object) shape the values go into
    /// the shared values array, which is returned, and the wrapper builds the object with a
    /// literal (much faster than setting keys from here).
    unsafe fn get(&mut self, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { self.ready_reader(env) }?;
        let params = unsafe { self.params(env, args) }.map_err(|f| unsafe { f.throw(env) })?;
        let (shape, ints) = (self.shape, self.ints);
        let shared = if shape == Shape::Object { self.shared.as_ref() } else { None };
        let built_shape = if shared.is_some() { Shape::Raw } else { shape };
        let stmt = self.stmt.as_mut().expect("prepared by ready()");
        let keys = &mut self.keys;
        let result_columns = &mut self.result_columns;
        let told_names = &mut self.told_names;
        let mut called = false;
        let outcome = with_timeout(self.timeout, &self.conn, || {
            stmt.query_row(&params, |row| {
                called = true;
                let columns = row.columns();
                if result_columns.as_deref() != Some(columns) {
                    *result_columns = Some(columns.to_vec());
                }
                // SAFETY: on the JS thread, inside this call's handle scope.
                let built = (|| unsafe {
                    let builder = RowBuilder::new(env, built_shape, ints, keys, columns)?;
                    let Some(shared) = shared else { return builder.row(row) };
                    tell_names(env, shared, told_names, columns)?;
                    let values = js::deref(env, shared.values)?;
                    for i in 0..columns.len() {
                        js::set_element(env, values, i as u32, builder.value(row, i)?)?;
                    }
                    Ok(values)
                })();
                Ok(built)
            })
        });
        let failure = match outcome {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(fail)) => fail,
            Err(e) if !called && e.code() == edgelite::ErrorCode::NotFound => return unsafe { js::undefined(env) },
            Err(e) => Fail::Core(e),
        };
        // The wrapper may not have seen the names: tell it again next time.
        self.told_names.clear();
        Err(unsafe { failure.throw(env) })
    }

    /// `all()`: every row, as an array built in this one call. In the object shape each row
    /// comes as an array of values, for the wrapper to build objects from as after `get()`.
    unsafe fn all(&mut self, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { self.ready_reader(env) }?;
        let params = unsafe { self.params(env, args) }.map_err(|f| unsafe { f.throw(env) })?;
        let (shape, ints) = (self.shape, self.ints);
        let shared = if shape == Shape::Object { self.shared.as_ref() } else { None };
        let built_shape = if shared.is_some() { Shape::Raw } else { shape };
        let stmt = self.stmt.as_mut().expect("prepared by ready()");
        let keys = &mut self.keys;
        let result_columns = &mut self.result_columns;
        let told_names = &mut self.told_names;
        let outcome = with_timeout(self.timeout, &self.conn, || -> Result<JsVal, Fail> {
            let mut rows = stmt.query(&params)?;
            let array = unsafe { js::array(env, 0) }?;
            let mut builder: Option<RowBuilder> = None;
            let mut index = 0u32;
            while let Some(row) = rows.next()? {
                if builder.is_none() {
                    builder = Some(unsafe { RowBuilder::new(env, built_shape, ints, keys, row.columns()) }?);
                }
                let value = unsafe { builder.as_ref().expect("set above").row(&row) }?;
                if let (0, Some(shared)) = (index, shared) {
                    unsafe { tell_names(env, shared, told_names, row.columns()) }?;
                }
                unsafe { js::set_element(env, array, index, value) }?;
                index += 1;
            }
            if result_columns.as_deref() != Some(rows.columns()) {
                *result_columns = Some(rows.columns().to_vec());
            }
            Ok(array)
        });
        outcome.map_err(|f| {
            // The wrapper may not have seen the names: tell it again next time.
            self.told_names.clear();
            unsafe { f.throw(env) }
        })
    }
}

fn same_names(names: &[String], columns: &[Column]) -> bool {
    names.len() == columns.len() && names.iter().zip(columns).all(|(n, c)| n == c.name())
}

/// Puts the column names in the shared names slot if the wrapper has not seen them yet.
unsafe fn tell_names(env: js::Env, shared: &Shared, told: &mut Vec<String>, columns: &[Column]) -> Result<(), Fail> {
    if same_names(told, columns) {
        return Ok(());
    }
    told.clear();
    told.extend(columns.iter().map(|c| c.name().to_owned()));
    let names = unsafe { js::array(env, told.len()) }?;
    for (i, name) in told.iter().enumerate() {
        unsafe { js::set_element(env, names, i as u32, js::string(env, name)?) }?;
    }
    let slot = unsafe { js::deref(env, shared.names) }?;
    Ok(unsafe { js::set_element(env, slot, 0, names) }?)
}

unsafe fn not_a_reader(env: js::Env) -> napi::Error {
    unsafe { js::throw_type_error(env, "This statement does not return data. Use run() instead") }
}

/// One hot call: what [`NativeStatement::calls`] makes a function of.
type HotCall = unsafe fn(&mut StatementState, js::Env, &[JsVal]) -> napi::Result<JsVal>;

/// Arguments read without a heap allocation; calls with more take the slow path.
const INLINE_ARGS: usize = 8;

/// The Node-API callback of every hot function: finds the statement (the function's data), reads
/// the arguments, runs `call`, and turns a failure or panic into a thrown exception.
unsafe fn hot_callback(env: sys::napi_env, info: sys::napi_callback_info, call: HotCall) -> sys::napi_value {
    let outcome = catch_unwind(AssertUnwindSafe(|| -> napi::Result<JsVal> {
        let mut inline = [ptr::null_mut(); INLINE_ARGS];
        let mut argc = INLINE_ARGS;
        let mut data: *mut c_void = ptr::null_mut();
        js::ok(unsafe {
            sys::napi_get_cb_info(env, info, &mut argc, inline.as_mut_ptr(), ptr::null_mut(), &mut data)
        })?;
        let mut spilled = Vec::new();
        let args: &[JsVal] = if argc <= INLINE_ARGS {
            &inline[..argc]
        } else {
            spilled.resize(argc, ptr::null_mut());
            let mut n = argc;
            js::ok(unsafe {
                sys::napi_get_cb_info(env, info, &mut n, spilled.as_mut_ptr(), ptr::null_mut(), ptr::null_mut())
            })?;
            &spilled[..]
        };
        // SAFETY: `data` is the `Rc` that `calls()` leaked into this function, released only by
        // the function's finalizer, so it lives at least as long as the function can be called.
        let cell = unsafe { &*data.cast::<RefCell<StatementState>>() };
        let mut state = cell.try_borrow_mut().map_err(|_| unsafe { busy(env) })?;
        unsafe { call(&mut state, env, args) }
    }));
    let error = match outcome {
        Ok(Ok(value)) => return value,
        Ok(Err(error)) => error,
        Err(_) => napi::Error::from_reason("edgelite: internal error (a panic in the native module)"),
    };
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if !pending {
        let message = std::ffi::CString::new(error.reason.replace('\0', " ")).unwrap_or_default();
        unsafe { sys::napi_throw_error(env, ptr::null(), message.as_ptr()) };
    }
    ptr::null_mut()
}

unsafe extern "C" fn run_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe { hot_callback(env, info, StatementState::run) }
}

unsafe extern "C" fn get_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe { hot_callback(env, info, StatementState::get) }
}

unsafe extern "C" fn all_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe { hot_callback(env, info, StatementState::all) }
}

unsafe extern "C" fn release_state(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: the `Rc` leaked by `calls()` for this one function, released once.
    drop(unsafe { Rc::from_raw(data.cast::<RefCell<StatementState>>()) });
}

#[napi]
impl NativeStatement {
    /// `[run, get, all]`: the hot calls as plain functions taking the parameters as arguments.
    /// `run` returns `lastInsertRowid` and writes the change count to `changes[0]` (a
    /// `Float64Array`). In the object shape, `get` fills `values` (an array) and returns it, and
    /// `all` returns arrays of values; when the column names change they are put in `names[0]`.
    /// In the other shapes rows come finished.
    #[napi]
    pub fn calls(&self, env: Env, changes: Unknown, values: Unknown, names: Unknown) -> napi::Result<Raw> {
        let env = env.raw();
        let mut kind = 0;
        let mut len = 0usize;
        let mut data = ptr::null_mut();
        js::ok(unsafe {
            sys::napi_get_typedarray_info(
                env,
                changes.raw(),
                &mut kind,
                &mut len,
                &mut data,
                ptr::null_mut(),
                ptr::null_mut(),
            )
        })?;
        if kind != sys::TypedarrayType::float64_array || len == 0 {
            return Err(unsafe { js::throw_type_error(env, "calls() takes a Float64Array of one element") });
        }
        if !unsafe { js::is_array(env, values.raw())? && js::is_array(env, names.raw())? } {
            return Err(unsafe { js::throw_type_error(env, "calls() takes arrays for the values and names") });
        }
        // Each reference is owned by `Shared` at once, so an early return cannot leak one.
        let mut shared = Shared {
            env,
            changes: ptr::null_mut(),
            changes_slot: data.cast(),
            values: ptr::null_mut(),
            names: ptr::null_mut(),
        };
        shared.changes = unsafe { js::reference(env, changes.raw()) }?;
        shared.values = unsafe { js::reference(env, values.raw()) }?;
        shared.names = unsafe { js::reference(env, names.raw()) }?;
        self.borrow(env)?.shared = Some(shared);
        let callbacks: [(&std::ffi::CStr, sys::napi_callback); 3] =
            [(c"run", Some(run_callback)), (c"get", Some(get_callback)), (c"all", Some(all_callback))];
        let functions = unsafe { js::array(env, callbacks.len()) }?;
        for (i, (name, callback)) in callbacks.into_iter().enumerate() {
            let data = Rc::into_raw(self.cell.clone()).cast_mut().cast::<c_void>();
            let mut function = ptr::null_mut();
            let made = js::ok(unsafe {
                sys::napi_create_function(
                    env,
                    name.as_ptr(),
                    name.count_bytes() as isize,
                    callback,
                    data,
                    &mut function,
                )
            })
            .and_then(|()| {
                js::ok(unsafe {
                    sys::napi_add_finalizer(env, function, data, Some(release_state), ptr::null_mut(), ptr::null_mut())
                })
            });
            if let Err(e) = made {
                // SAFETY: not handed to a function that will release it.
                unsafe { release_state(env, data, ptr::null_mut()) };
                return Err(e);
            }
            unsafe { js::set_element(env, functions, i as u32, function) }?;
        }
        Ok(Raw(functions))
    }

    /// Starts iterating: the rows are read one `next()` at a time.
    #[napi]
    pub fn iterate(&self, env: Env, args: Unknown) -> napi::Result<NativeRows> {
        let env_raw = env.raw();
        let mut this = self.borrow(env_raw)?;
        unsafe { this.ready_reader(env_raw) }?;
        let args = unsafe { array_elements(env_raw, args.raw()) }?;
        let params = unsafe { this.params(env_raw, &args) }.map_err(|f| unsafe { f.throw(env_raw) })?;
        let stmt = this.stmt.take().expect("prepared by ready()");
        match stmt.into_rows(params) {
            Ok(rows) => {
                this.iterating.store(true, Ordering::Relaxed);
                this.state.iterators.fetch_add(1, Ordering::Relaxed);
                Ok(NativeRows {
                    rows: Some(rows),
                    keys: Keys::new(env_raw),
                    shape: this.shape,
                    ints: this.ints,
                    iterating: this.iterating.clone(),
                    state: this.state.clone(),
                })
            }
            Err(e) => Err(unsafe { Fail::Core(e).throw(env_raw) }),
        }
    }

    /// Binds parameters permanently (better-sqlite3's `bind()`).
    #[napi]
    pub fn bind(&self, env: Env, args: Unknown) -> napi::Result<()> {
        let env = env.raw();
        let mut this = self.borrow(env)?;
        unsafe { this.ready(env) }?;
        if this.bound.is_some() {
            return Err(unsafe {
                js::throw_type_error(env, "The bind() method can only be invoked once per statement object")
            });
        }
        let args = unsafe { array_elements(env, args.raw()) }?;
        let args = unsafe { convert::args(env, &args) }.map_err(|f| unsafe { f.throw(env) })?;
        let params = this.resolve(args).map_err(|e| unsafe { Fail::Core(e).throw(env) })?;
        this.bound = Some(params);
        Ok(())
    }

    /// 0 = objects, 1 = raw arrays, 2 = pluck, 3 = expand.
    #[napi]
    pub fn set_shape(&self, env: Env, shape: u32) -> napi::Result<()> {
        let mut this = self.borrow(env.raw())?;
        if !this.reader {
            return Err(unsafe { not_a_reader(env.raw()) });
        }
        this.shape = Shape::from_code(shape);
        Ok(())
    }

    #[napi]
    pub fn set_safe_integers(&self, env: Env, on: bool) -> napi::Result<()> {
        self.borrow(env.raw())?.ints = if on { IntMode::BigInt } else { IntMode::Number };
        Ok(())
    }

    /// Interrupts each run of the statement that takes longer than `ms` (0: never).
    #[napi]
    pub fn set_query_timeout(&self, env: Env, ms: f64) -> napi::Result<()> {
        self.borrow(env.raw())?.timeout =
            if ms > 0.0 { Some(Duration::from_micros((ms * 1000.0) as u64)) } else { None };
        Ok(())
    }

    /// `[{name, column, table, database, type}]`.
    #[napi]
    pub fn columns(&self, env: Env) -> napi::Result<Raw> {
        let env = env.raw();
        let mut this = self.borrow(env)?;
        unsafe { this.ready_reader(env) }?;
        let stmt = this.stmt.as_ref().expect("prepared by ready()");
        let opt = |s: Option<&str>| unsafe { s.map_or_else(|| js::null(env), |s| js::string(env, s)) };
        let columns = this.result_columns.as_deref().unwrap_or_else(|| stmt.columns());
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
    pub fn parameter_names(&self, env: Env) -> napi::Result<Vec<Option<String>>> {
        let mut this = self.borrow(env.raw())?;
        unsafe { this.ready(env.raw()) }?;
        Ok(this.stmt.as_ref().expect("prepared by ready()").parameter_names())
    }

    #[napi(getter)]
    pub fn reader(&self) -> bool {
        self.cell.borrow().reader
    }

    #[napi(getter)]
    pub fn readonly(&self) -> bool {
        self.cell.borrow().readonly
    }

    #[napi(getter)]
    pub fn busy(&self) -> bool {
        self.cell.try_borrow().map_or(true, |this| this.iterating.load(Ordering::Relaxed))
    }

    #[napi(getter)]
    pub fn source(&self) -> String {
        self.cell.try_borrow().map(|this| this.sql.clone()).unwrap_or_default()
    }
}

/// The elements of a JavaScript array.
unsafe fn array_elements(env: js::Env, array: JsVal) -> napi::Result<Vec<JsVal>> {
    let len = unsafe { js::array_len(env, array) }?;
    (0..len).map(|i| unsafe { js::element(env, array, i) }).collect()
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
