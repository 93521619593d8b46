//! The sync API's prepared statement (better-sqlite3's `Statement`), and the iterator that
//! `iterate()` returns. Their hot calls (`run`, `get`, `all`, `next`) are plain functions made
//! by [`crate::hot`]; the rest are class methods.

use std::cell::{RefCell, RefMut};
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
use crate::hot::{self, busy, HotCall};
use crate::js::{self, JsVal, Raw};
use crate::rows::{Keys, ObjectRows, RowBuilder, Shape};

/// A prepared statement of the sync API. `lib/statement.js` wraps it.
#[napi]
pub struct NativeStatement {
    /// Shared with the functions [`calls`](NativeStatement::calls) made.
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
    /// Where `run()` writes its change count; set by [`NativeStatement::calls`].
    changes: Option<ChangesSlot>,
    /// Object rows for the wrapper to build; set by [`NativeStatement::calls`].
    objects: Option<ObjectRows>,
}

/// The first element of the wrapper's `Float64Array`, kept alive by a reference: `run()`
/// writes its change count there instead of making a result object per run.
struct ChangesSlot {
    env: js::Env,
    array: sys::napi_ref,
    slot: *mut f64,
}

impl ChangesSlot {
    unsafe fn new(env: js::Env, array: JsVal) -> napi::Result<ChangesSlot> {
        let (mut kind, mut len, mut data) = (0, 0usize, ptr::null_mut());
        js::ok(unsafe {
            sys::napi_get_typedarray_info(env, array, &mut kind, &mut len, &mut data, ptr::null_mut(), ptr::null_mut())
        })?;
        if kind != sys::TypedarrayType::float64_array || len == 0 {
            return Err(unsafe { js::throw_type_error(env, "expected a Float64Array for the change count") });
        }
        Ok(ChangesSlot { env, array: unsafe { js::reference(env, array) }?, slot: data.cast() })
    }
}

impl Drop for ChangesSlot {
    fn drop(&mut self) {
        // SAFETY: a reference of this env, deleted on its thread (statements are finalized there).
        unsafe { js::unref(self.env, self.array) };
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
            changes: None,
            objects: None,
        };
        NativeStatement { cell: Rc::new(RefCell::new(state)) }
    }

    fn borrow(&self, env: js::Env) -> napi::Result<RefMut<'_, StatementState>> {
        self.cell.try_borrow_mut().map_err(|_| unsafe { busy(env) })
    }
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

    /// The shape rows are built in here: object rows are built by the wrapper from values.
    fn built_shape(&self) -> Shape {
        if self.shape == Shape::Object && self.objects.is_some() {
            Shape::Raw
        } else {
            self.shape
        }
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
        if let Some(out) = &self.changes {
            // SAFETY: the array's element 0, alive while referenced; only the JS thread touches it.
            unsafe { out.slot.write(changes as f64) };
        }
        unsafe { convert::int_to_js(env, rowid, self.ints) }.map_err(|f| unsafe { f.throw(env) })
    }

    /// `get()`: the first row or `undefined`; in the object shape, the shared values array.
    unsafe fn get(&mut self, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { self.ready_reader(env) }?;
        let params = unsafe { self.params(env, args) }.map_err(|f| unsafe { f.throw(env) })?;
        let (shape, ints) = (self.built_shape(), self.ints);
        let objects = if self.shape == Shape::Object { self.objects.as_mut() } else { None };
        let stmt = self.stmt.as_mut().expect("prepared by ready()");
        let keys = &mut self.keys;
        let result_columns = &mut self.result_columns;
        let mut called = false;
        let outcome = with_timeout(self.timeout, &self.conn, || {
            stmt.query_row(&params, |row| {
                called = true;
                let columns = row.columns();
                if result_columns.as_deref() != Some(columns) {
                    *result_columns = Some(columns.to_vec());
                }
                // SAFETY: on the JS thread, inside this call's handle scope.
                let built = unsafe { RowBuilder::new(env, shape, ints, keys, columns) }.map_err(Fail::Napi).and_then(
                    |builder| match objects {
                        Some(objects) => unsafe { objects.fill(env, &builder, row) },
                        None => unsafe { builder.row(row) },
                    },
                );
                Ok(built)
            })
        });
        let failure = match outcome {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(fail)) => fail,
            Err(e) if !called && e.code() == edgelite::ErrorCode::NotFound => return unsafe { js::undefined(env) },
            Err(e) => Fail::Core(e),
        };
        self.objects.as_mut().map(ObjectRows::forget);
        Err(unsafe { failure.throw(env) })
    }

    /// `all()`: every row, as an array built in this one call; in the object shape, each row
    /// as an array of values.
    unsafe fn all(&mut self, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { self.ready_reader(env) }?;
        let params = unsafe { self.params(env, args) }.map_err(|f| unsafe { f.throw(env) })?;
        let (shape, ints) = (self.built_shape(), self.ints);
        let mut objects = if self.shape == Shape::Object { self.objects.as_mut() } else { None };
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
                    if let Some(objects) = objects.as_deref_mut() {
                        unsafe { objects.tell(env, row.columns()) }?;
                    }
                }
                let value = unsafe { builder.as_ref().expect("set above").row(&row) }?;
                unsafe { js::set_element(env, array, index, value) }?;
                index += 1;
            }
            if result_columns.as_deref() != Some(rows.columns()) {
                *result_columns = Some(rows.columns().to_vec());
            }
            Ok(array)
        });
        outcome.map_err(|f| {
            self.objects.as_mut().map(ObjectRows::forget);
            unsafe { f.throw(env) }
        })
    }
}

unsafe fn not_a_reader(env: js::Env) -> napi::Error {
    unsafe { js::throw_type_error(env, "This statement does not return data. Use run() instead") }
}

struct Run;
struct Get;
struct All;

impl HotCall for Run {
    type State = StatementState;
    unsafe fn call(state: &mut StatementState, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { state.run(env, args) }
    }
}

impl HotCall for Get {
    type State = StatementState;
    unsafe fn call(state: &mut StatementState, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { state.get(env, args) }
    }
}

impl HotCall for All {
    type State = StatementState;
    unsafe fn call(state: &mut StatementState, env: js::Env, args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { state.all(env, args) }
    }
}

#[napi]
impl NativeStatement {
    /// `[run, get, all]`: the hot calls as plain functions taking the parameters as arguments.
    /// `run` returns `lastInsertRowid` and writes the change count to `changes[0]` (a
    /// `Float64Array`). In the object shape `get` fills `values` (an array) and returns it, and
    /// `all` returns an array of values per row; when the column names change they are put in
    /// `names[0]`. In the other shapes rows come finished.
    #[napi]
    pub fn calls(&self, env: Env, changes: Unknown, values: Unknown, names: Unknown) -> napi::Result<Raw> {
        let env = env.raw();
        let slot = unsafe { ChangesSlot::new(env, changes.raw()) }?;
        let objects = unsafe { ObjectRows::new(env, values.raw(), names.raw()) }?;
        {
            let mut this = self.borrow(env)?;
            this.changes = Some(slot);
            this.objects = Some(objects);
        }
        let functions = unsafe { js::array(env, 3) }?;
        unsafe {
            js::set_element(env, functions, 0, hot::function::<Run>(env, c"run", &self.cell)?)?;
            js::set_element(env, functions, 1, hot::function::<Get>(env, c"get", &self.cell)?)?;
            js::set_element(env, functions, 2, hot::function::<All>(env, c"all", &self.cell)?)?;
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
                let state = RowsState {
                    rows: Some(rows),
                    keys: Keys::new(env_raw),
                    shape: this.shape,
                    ints: this.ints,
                    iterating: this.iterating.clone(),
                    state: this.state.clone(),
                    objects: None,
                };
                Ok(NativeRows { cell: Rc::new(RefCell::new(state)) })
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
    /// Shared with the function [`calls`](NativeRows::calls) made.
    cell: Rc<RefCell<RowsState>>,
}

struct RowsState {
    rows: Option<Rows<'static>>,
    keys: Keys,
    shape: Shape,
    ints: IntMode,
    iterating: Arc<AtomicBool>,
    state: Arc<DbState>,
    /// Object rows for the wrapper to build; set by [`NativeRows::calls`].
    objects: Option<ObjectRows>,
}

impl RowsState {
    /// `next()`: the next row, or `undefined` at the end (which also ends the iteration); in
    /// the object shape, the shared values array.
    unsafe fn next(&mut self, env: js::Env) -> napi::Result<JsVal> {
        let Some(rows) = self.rows.as_mut() else { return unsafe { js::undefined(env) } };
        let keys = &mut self.keys;
        let objects = if self.shape == Shape::Object { self.objects.as_mut() } else { None };
        let shape = if objects.is_some() { Shape::Raw } else { self.shape };
        let ints = self.ints;
        let outcome = (|| -> Result<Option<JsVal>, Fail> {
            let Some(row) = rows.next()? else { return Ok(None) };
            let builder = unsafe { RowBuilder::new(env, shape, ints, keys, row.columns()) }?;
            match objects {
                Some(objects) => Ok(Some(unsafe { objects.fill(env, &builder, &row) }?)),
                None => Ok(Some(unsafe { builder.row(&row) }?)),
            }
        })();
        match outcome {
            Ok(Some(value)) => Ok(value),
            Ok(None) => {
                self.close();
                unsafe { js::undefined(env) }
            }
            Err(fail) => {
                self.close();
                Err(unsafe { fail.throw(env) })
            }
        }
    }

    fn close(&mut self) {
        if self.rows.take().is_some() {
            self.iterating.store(false, Ordering::Relaxed);
            self.state.iterators.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl Drop for RowsState {
    fn drop(&mut self) {
        self.close();
    }
}

struct Next;

impl HotCall for Next {
    type State = RowsState;
    unsafe fn call(state: &mut RowsState, env: js::Env, _args: &[JsVal]) -> napi::Result<JsVal> {
        unsafe { state.next(env) }
    }
}

#[napi]
impl NativeRows {
    /// The iterator's `next` as a plain function; in the object shape it fills `values` and
    /// returns it, with the column names in `names[0]` when they change (as a statement's `get`).
    #[napi]
    pub fn calls(&self, env: Env, values: Unknown, names: Unknown) -> napi::Result<Raw> {
        let env = env.raw();
        let objects = unsafe { ObjectRows::new(env, values.raw(), names.raw()) }?;
        self.cell.try_borrow_mut().map_err(|_| unsafe { busy(env) })?.objects = Some(objects);
        unsafe { hot::function::<Next>(env, c"next", &self.cell) }.map(Raw)
    }

    /// Ends the iteration early; the statement can run again.
    #[napi]
    pub fn close(&self, env: Env) -> napi::Result<()> {
        self.cell.try_borrow_mut().map_err(|_| unsafe { busy(env.raw()) })?.close();
        Ok(())
    }
}
