//! The promise API's native half (`lib/client.js` is `@libsql/client`'s surface): every call
//! runs on the libuv thread pool as an `AsyncTask`, so the event loop never waits for SQLite or
//! the network; results become JavaScript values on the JS thread when the promise resolves.

use std::sync::Arc;

use edgelite::{Connection, Database, Parameters, Params, ResultSet, Synced};
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{sys, Env, JsValue, Task};
use napi_derive::napi;

use crate::convert::{self, Blobs, Fail, IntMode};
use crate::database::{self, OpenOptions};
use crate::errors;
use crate::js::{self, JsVal, Raw};

/// One connection of a client (the client's own, or a transaction's).
#[napi]
pub struct NativeClient {
    db: Arc<Database>,
    conn: Arc<Connection>,
}

/// Opens a database and a connection to it, off the event loop (a replica's first sync and a
/// remote handshake can take a while).
#[napi]
pub fn open_client(target: String, options: Option<OpenOptions>) -> AsyncTask<OpenTask> {
    AsyncTask::new(OpenTask { target, options: options.unwrap_or_default(), db: None })
}

pub struct OpenTask {
    target: String,
    options: OpenOptions,
    db: Option<Arc<Database>>,
}

// SAFETY: `OpenOptions` holds only owned strings, numbers and booleans.
unsafe impl Send for OpenTask {}

impl Task for OpenTask {
    type Output = Result<(Arc<Database>, Arc<Connection>), edgelite::Error>;
    type JsValue = NativeClient;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let db = match &self.db {
            Some(db) => db.clone(),
            None => match database::open(&self.target, &self.options) {
                Ok(db) => Arc::new(db),
                Err(e) => return Ok(Err(e)),
            },
        };
        Ok(db.connect().map(|conn| (db, Arc::new(conn))))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<NativeClient> {
        match output {
            Ok((db, conn)) => Ok(NativeClient { db, conn }),
            Err(e) => Err(unsafe { errors::reject(env.raw(), &e) }),
        }
    }
}

#[napi]
impl NativeClient {
    /// Runs one statement: `{columns, columnTypes, rows, rowsAffected, lastInsertRowid}`.
    #[napi]
    pub fn execute(&self, env: Env, sql: String, args: Unknown, int_mode: String) -> napi::Result<AsyncTask<Exec>> {
        let env = env.raw();
        let params = unsafe { convert::client_args(env, args.raw()) }.map_err(|f| unsafe { f.throw_libsql(env) })?;
        Ok(AsyncTask::new(Exec {
            conn: self.conn.clone(),
            work: Work::Execute(sql, params),
            ints: IntMode::parse(Some(&int_mode)),
        }))
    }

    /// Runs `[[sql, args], ...]` atomically in a transaction of `mode` (write, read, deferred).
    #[napi]
    pub fn batch(
        &self,
        env: Env,
        statements: Unknown,
        mode: String,
        int_mode: String,
    ) -> napi::Result<AsyncTask<Exec>> {
        let env = env.raw();
        let Some(behavior) = database::behavior(&mode) else {
            return Err(unsafe { js::throw_type_error(env, &format!("unknown transaction mode {mode:?}")) });
        };
        let statements =
            unsafe { database::batch_statements(env, statements.raw()) }.map_err(|f| unsafe { f.throw_libsql(env) })?;
        Ok(AsyncTask::new(Exec {
            conn: self.conn.clone(),
            work: Work::Batch(behavior, statements),
            ints: IntMode::parse(Some(&int_mode)),
        }))
    }

    /// Runs a script of several statements.
    #[napi]
    pub fn execute_multiple(&self, sql: String) -> AsyncTask<Exec> {
        AsyncTask::new(Exec { conn: self.conn.clone(), work: Work::Script(sql), ints: IntMode::Number })
    }

    /// Replicas: pulls the primary's new transactions.
    #[napi]
    pub fn sync(&self) -> AsyncTask<Exec> {
        AsyncTask::new(Exec { conn: self.conn.clone(), work: Work::Sync(self.db.clone()), ints: IntMode::Number })
    }

    /// Closes the connection, off the event loop (a remote one says goodbye to the server).
    #[napi]
    pub fn close(&self) -> AsyncTask<Exec> {
        AsyncTask::new(Exec { conn: self.conn.clone(), work: Work::Close, ints: IntMode::Number })
    }

    /// Another connection to the same database (for transactions).
    #[napi]
    pub fn connect(&self) -> AsyncTask<OpenTask> {
        AsyncTask::new(OpenTask { target: String::new(), options: OpenOptions::default(), db: Some(self.db.clone()) })
    }

    /// Makes the statement running on this connection fail with `SQLITE_INTERRUPT`.
    #[napi]
    pub fn interrupt(&self) {
        self.conn.interrupt();
    }

    #[napi(getter)]
    pub fn mode(&self) -> &'static str {
        database::mode_name(self.db.mode())
    }

    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.conn.is_closed()
    }
}

pub enum Work {
    Execute(String, Parameters),
    Batch(edgelite::TransactionBehavior, Vec<(String, Parameters)>),
    Script(String),
    Sync(Arc<Database>),
    Close,
}

pub enum Done {
    One(ResultSet),
    Many(Vec<ResultSet>),
    Nothing,
    Synced(Synced),
}

/// One call of the promise API.
pub struct Exec {
    conn: Arc<Connection>,
    work: Work,
    ints: IntMode,
}

impl Task for Exec {
    type Output = Result<Done, edgelite::Error>;
    type JsValue = Raw;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let conn = &self.conn;
        Ok(match &self.work {
            Work::Execute(sql, params) => conn.run(sql, params).map(Done::One),
            Work::Batch(behavior, statements) => {
                let refs: Vec<(&str, &dyn Params)> =
                    statements.iter().map(|(s, p)| (s.as_str(), p as &dyn Params)).collect();
                conn.batch_with_behavior(*behavior, &refs).map(Done::Many)
            }
            Work::Script(sql) => conn.execute_batch(sql).map(|()| Done::Nothing),
            Work::Sync(db) => db.sync().map(Done::Synced),
            Work::Close => conn.close().map(|()| Done::Nothing),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Raw> {
        let env = env.raw();
        let built = match output {
            Err(e) => Err(Fail::Core(e)),
            Ok(Done::One(result)) => unsafe { result_set(env, &result, self.ints) },
            Ok(Done::Many(results)) => (|| {
                let array = unsafe { js::array(env, results.len()) }?;
                for (i, result) in results.iter().enumerate() {
                    let value = unsafe { result_set(env, result, self.ints) }?;
                    unsafe { js::set_element(env, array, i as u32, value) }?;
                }
                Ok(array)
            })(),
            Ok(Done::Nothing) => unsafe { js::undefined(env) }.map_err(Fail::Napi),
            Ok(Done::Synced(synced)) => unsafe { database::synced_object(env, &synced) }.map_err(Fail::Napi),
        };
        built.map(Raw).map_err(|f| unsafe { f.reject(env) })
    }
}

/// A result as `@libsql/client` shapes it. Rows are array-like objects: values at indexes
/// (not enumerable), by column name (enumerable; the first column of a name wins) and a
/// non-enumerable `length`.
unsafe fn result_set(env: js::Env, result: &ResultSet, ints: IntMode) -> Result<JsVal, Fail> {
    let n = result.columns.len();
    let (names, types) = unsafe { database::column_arrays(env, result) }?;
    // Property keys, once per result.
    let mut index_keys = Vec::with_capacity(n);
    let mut name_keys: Vec<Option<JsVal>> = Vec::with_capacity(n);
    let mut seen: Vec<&str> = Vec::with_capacity(n + 1);
    seen.push("length");
    for (i, column) in result.columns.iter().enumerate() {
        index_keys.push(unsafe { js::string(env, &i.to_string()) }?);
        let name = column.name();
        let is_index = name.parse::<usize>().map(|k| k < n && k.to_string() == name).unwrap_or(false);
        if seen.contains(&name) || is_index {
            name_keys.push(None);
        } else {
            seen.push(name);
            name_keys.push(Some(unsafe { js::string(env, name) }?));
        }
    }
    let length_key = unsafe { js::string(env, "length") }?;
    let length = unsafe { js::number(env, n as f64) }?;
    let rows = unsafe { js::array(env, result.rows.len()) }?;
    let mut props: Vec<sys::napi_property_descriptor> = Vec::with_capacity(2 * n + 1);
    for (r, row) in result.rows.iter().enumerate() {
        props.clear();
        props.push(descriptor(length_key, length, sys::PropertyAttributes::default));
        for (i, value) in row.iter().enumerate() {
            let v = unsafe { convert::to_js(env, value.as_ref(), ints, Blobs::ArrayBuffer) }?;
            props.push(descriptor(index_keys[i], v, sys::PropertyAttributes::default));
            if let Some(key) = name_keys[i] {
                props.push(descriptor(
                    key,
                    v,
                    sys::PropertyAttributes::writable
                        | sys::PropertyAttributes::enumerable
                        | sys::PropertyAttributes::configurable,
                ));
            }
        }
        let object = unsafe { js::object(env) }?;
        js::ok(unsafe { sys::napi_define_properties(env, object, props.len(), props.as_ptr()) })?;
        unsafe { js::set_element(env, rows, r as u32, object) }?;
    }
    let object = unsafe { js::object(env) }?;
    unsafe {
        js::set_named(env, object, c"columns", names)?;
        js::set_named(env, object, c"columnTypes", types)?;
        js::set_named(env, object, c"rows", rows)?;
        js::set_named(env, object, c"rowsAffected", js::number(env, result.changes as f64)?)?;
        // Always a bigint, as in @libsql/client (intMode does not apply to it).
        js::set_named(env, object, c"lastInsertRowid", js::bigint(env, result.last_insert_rowid)?)?;
    }
    Ok(object)
}

fn descriptor(name: JsVal, value: JsVal, attributes: sys::napi_property_attributes) -> sys::napi_property_descriptor {
    sys::napi_property_descriptor {
        utf8name: std::ptr::null(),
        name,
        method: None,
        getter: None,
        setter: None,
        value,
        attributes,
        data: std::ptr::null_mut(),
    }
}
