//! The C ABI of edgelite: a thin projection of the `edgelite` crate for C callers (the Go
//! package uses it through cgo). The header `bindings/go/include/edgelite.h` is generated from
//! this file by cbindgen.
//!
//! # Conventions
//!
//! - Every name starts with `edgelite_` (`EDGELITE_` for constants).
//! - Every function except the `_free` functions returns a status: `EDGELITE_OK` (0), or the
//!   primary error code (docs/errors.md). Its last parameter, `err`, may be NULL; otherwise, on
//!   failure, `*err` receives an `edgelite_error` the caller frees with `edgelite_error_free`.
//! - Everything edgelite allocates has a `_free` function, and every `_free` accepts NULL.
//! - No panic crosses the boundary: a panic becomes an `SQLITE_INTERNAL` error.
//! - Configuration structs carry a `version` field (the `*_VERSION` constant the caller was
//!   compiled against) instead of growing `_v2` functions.
//! - Strings in are UTF-8 pointer + length (`const uint8_t *`, `size_t`; NULL with length 0 is
//!   the empty string) or NUL-terminated where documented; strings out point into memory the
//!   handle owns, valid as documented.
//!
//! # Thread safety
//!
//! - `edgelite_database`: thread-safe; any function may be called from any thread at once.
//! - `edgelite_connection`: thread-safe (calls are serialized inside); `edgelite_connection_interrupt`
//!   is meant to be called from another thread while a statement runs.
//! - `edgelite_statement`, `edgelite_rows`, `edgelite_batch`: use from one thread at a time (they may
//!   move between threads).
//!
//! # Safety
//!
//! Every pointer argument must be NULL (where allowed) or valid for the access the function
//! documents; handles must come from this library and not be used after their `_free`.
#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)] // the crate-level "Safety" section above applies to every function

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use edgelite::{
    Builder, Connection, Database, Error, ErrorCode, Parameters, Params, ResultSet, Rows, Statement, Value,
};

/// Success.
pub const EDGELITE_OK: i32 = 0;

/// `edgelite_value.kind`: NULL.
pub const EDGELITE_NULL: i32 = 0;
/// `edgelite_value.kind`: INTEGER (`integer`).
pub const EDGELITE_INTEGER: i32 = 1;
/// `edgelite_value.kind`: REAL (`real`).
pub const EDGELITE_REAL: i32 = 2;
/// `edgelite_value.kind`: TEXT (`data`, `len`: UTF-8).
pub const EDGELITE_TEXT: i32 = 3;
/// `edgelite_value.kind`: BLOB (`data`, `len`).
pub const EDGELITE_BLOB: i32 = 4;

/// Transaction behaviour: `BEGIN DEFERRED`.
pub const EDGELITE_TX_DEFERRED: i32 = 0;
/// Transaction behaviour: `BEGIN IMMEDIATE`.
pub const EDGELITE_TX_IMMEDIATE: i32 = 1;
/// Transaction behaviour: `BEGIN EXCLUSIVE`.
pub const EDGELITE_TX_EXCLUSIVE: i32 = 2;
/// Transaction behaviour: a read-only (deferred) transaction.
pub const EDGELITE_TX_READ_ONLY: i32 = 3;

/// `edgelite_connection_savepoint`: `SAVEPOINT name`.
pub const EDGELITE_SAVEPOINT: i32 = 0;
/// `edgelite_connection_savepoint`: `RELEASE name`.
pub const EDGELITE_SAVEPOINT_RELEASE: i32 = 1;
/// `edgelite_connection_savepoint`: `ROLLBACK TO name`.
pub const EDGELITE_SAVEPOINT_ROLLBACK_TO: i32 = 2;

/// The current version of `edgelite_config`.
pub const EDGELITE_CONFIG_VERSION: u32 = 1;

/// An error: codes per docs/errors.md. Free with `edgelite_error_free`.
#[repr(C)]
pub struct edgelite_error {
    /// The primary code (`extended_code & 0xFF`), e.g. 19 for `SQLITE_CONSTRAINT`.
    pub code: i32,
    /// The extended code, e.g. 2067 for `SQLITE_CONSTRAINT_UNIQUE`.
    pub extended_code: i32,
    /// The extended code's name (static, NUL-terminated; do not free).
    pub name: *const c_char,
    /// The message (NUL-terminated UTF-8, owned by this error).
    pub message: *mut c_char,
    /// For batch errors, the zero-based index of the statement that failed; otherwise -1.
    pub statement_index: i64,
    /// 1 if the same call, unchanged, may succeed later (busy, locked, a transient network
    /// failure); otherwise 0.
    pub retryable: i32,
}

/// A value, in (parameters) or out (rows). For TEXT and BLOB, `data`/`len` point to the bytes:
/// for parameters the caller's memory (read during the call only), for results memory owned by
/// the rows or batch handle, valid until its next `_next` call or its `_free`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct edgelite_value {
    /// One of `EDGELITE_NULL`, `EDGELITE_INTEGER`, `EDGELITE_REAL`, `EDGELITE_TEXT`, `EDGELITE_BLOB`.
    pub kind: i32,
    /// The value of an INTEGER.
    pub integer: i64,
    /// The value of a REAL.
    pub real: f64,
    /// The bytes of a TEXT or BLOB (may be NULL when `len` is 0).
    pub data: *const u8,
    /// The number of bytes at `data`.
    pub len: usize,
}

/// A statement parameter: positional when `name` is NULL (in array order), otherwise named
/// (`name` with or without its `:`/`@`/`$` prefix). Parameters of one call are all positional
/// or all named.
#[repr(C)]
pub struct edgelite_param {
    /// The name's UTF-8 bytes, or NULL for a positional parameter.
    pub name: *const u8,
    /// The length of `name` in bytes.
    pub name_len: usize,
    /// The value.
    pub value: edgelite_value,
}

/// How to open a database (`edgelite_database_open`). Zero-initialise it, then set `version`
/// to `EDGELITE_CONFIG_VERSION` and the fields you need:
///
/// - embedded: `path` (a file, a `file:` URI, or `:memory:`);
/// - remote: `url` (`http(s)://`, `ws(s)://`, `libsql://`);
/// - replica: `path` and `url` (the primary).
#[repr(C)]
pub struct edgelite_config {
    /// `EDGELITE_CONFIG_VERSION`.
    pub version: u32,
    /// Local database path (NUL-terminated), or NULL.
    pub path: *const c_char,
    /// Server URL (NUL-terminated), or NULL.
    pub url: *const c_char,
    /// Auth token for the server (NUL-terminated), or NULL.
    pub auth_token: *const c_char,
    /// Server namespace (NUL-terminated), or NULL.
    pub namespace_: *const c_char,
    /// Open a local database read-only (non-zero).
    pub read_only: i32,
    /// Fail instead of creating a missing local file (non-zero).
    pub no_create: i32,
    /// Replicas: do not wait for the replica to catch up after a write (non-zero).
    pub no_read_your_writes: i32,
    /// Busy timeout in milliseconds; negative for the default (5000).
    pub busy_timeout_ms: i64,
    /// Replicas: sync in the background at this interval (milliseconds; 0: never).
    pub sync_interval_ms: u64,
    /// Remote and replicas: fail a request that takes longer (milliseconds; 0: no limit).
    pub request_timeout_ms: u64,
}

/// What `edgelite_database_sync` did.
#[repr(C)]
pub struct edgelite_synced {
    /// The generation the replica is in now.
    pub generation: u64,
    /// The last frame applied.
    pub frame: u64,
    /// Frames applied by this call.
    pub frames_applied: u64,
}

/// What a statement changed.
#[repr(C)]
pub struct edgelite_exec_result {
    /// Rows inserted, updated or deleted by the statement.
    pub changes: u64,
    /// The connection's last insert rowid afterwards.
    pub last_insert_rowid: i64,
}

/// A result column; the strings are owned by the handle it came from (valid until its `_free`).
#[repr(C)]
pub struct edgelite_column {
    /// The column name (UTF-8, not NUL-terminated).
    pub name: *const u8,
    /// The length of `name`.
    pub name_len: usize,
    /// The declared type (UTF-8), or NULL for an expression.
    pub decl_type: *const u8,
    /// The length of `decl_type`.
    pub decl_type_len: usize,
}

/// One statement of `edgelite_connection_batch`.
#[repr(C)]
pub struct edgelite_batch_statement {
    /// The SQL (UTF-8).
    pub sql: *const u8,
    /// The length of `sql`.
    pub sql_len: usize,
    /// The parameters, or NULL.
    pub params: *const edgelite_param,
    /// The number of parameters.
    pub n_params: usize,
}

/// The counts of one statement's result in a batch.
#[repr(C)]
pub struct edgelite_result_info {
    /// Result columns.
    pub column_count: usize,
    /// Rows.
    pub row_count: usize,
    /// Rows changed.
    pub changes: u64,
    /// The connection's last insert rowid after the statement.
    pub last_insert_rowid: i64,
}

/// A database in any mode. Thread-safe. Free with `edgelite_database_free`.
pub struct edgelite_database {
    db: Database,
}

/// A connection. Thread-safe (calls are serialized). Free with `edgelite_connection_free`.
pub struct edgelite_connection {
    conn: Arc<Connection>,
}

/// A prepared statement. One thread at a time. Free with `edgelite_statement_free`.
pub struct edgelite_statement {
    conn: Arc<Connection>,
    sql: String,
    // Taken by `edgelite_statement_query` (the rows own it); prepared again from the
    // connection's statement cache next time.
    stmt: Mutex<Option<Statement>>,
    columns: Vec<OwnedColumn>,
    param_names: Vec<Option<CString>>,
}

/// The rows of a query. One thread at a time. Free with `edgelite_rows_free`.
pub struct edgelite_rows {
    rows: Rows<'static>,
    columns: Vec<OwnedColumn>,
    current: Vec<Value>,
}

/// The results of `edgelite_connection_batch`. One thread at a time. Free with `edgelite_batch_free`.
pub struct edgelite_batch {
    results: Vec<ResultSet>,
    columns: Vec<Vec<OwnedColumn>>,
}

struct OwnedColumn {
    name: String,
    decltype: Option<String>,
}

impl OwnedColumn {
    fn from_core(columns: &[edgelite::Column]) -> Vec<OwnedColumn> {
        columns
            .iter()
            .map(|c| OwnedColumn { name: c.name().to_owned(), decltype: c.decl_type().map(str::to_owned) })
            .collect()
    }

    fn to_c(&self) -> edgelite_column {
        let (decltype, decltype_len) = match &self.decltype {
            Some(d) => (d.as_ptr(), d.len()),
            None => (ptr::null(), 0),
        };
        edgelite_column {
            name: self.name.as_ptr(),
            name_len: self.name.len(),
            decl_type: decltype,
            decl_type_len: decltype_len,
        }
    }
}

// ---- plumbing -------------------------------------------------------------------------------

fn misuse(message: impl Into<String>) -> Error {
    Error::with_code(ErrorCode::Misuse, message)
}

fn to_c_error(e: &Error) -> *mut edgelite_error {
    let message = CString::new(e.message().replace('\0', "\u{FFFD}")).unwrap_or_default();
    let name = static_name(e.name());
    Box::into_raw(Box::new(edgelite_error {
        code: e.extended_code() & 0xFF,
        extended_code: e.extended_code(),
        name,
        message: message.into_raw(),
        statement_index: e.statement_index().map_or(-1, |i| i as i64),
        retryable: i32::from(e.is_retryable()),
    }))
}

/// The code names are `&'static str` without a NUL; keep one NUL-terminated copy of each.
fn static_name(name: &'static str) -> *const c_char {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static NAMES: OnceLock<Mutex<HashMap<&'static str, &'static CStr>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    names.entry(name).or_insert_with(|| Box::leak(CString::new(name).unwrap_or_default().into_boxed_c_str())).as_ptr()
}

/// Runs `f`, turning an error or a panic into a status and `*err`.
fn guard(err: *mut *mut edgelite_error, f: impl FnOnce() -> Result<(), Error>) -> i32 {
    if !err.is_null() {
        // SAFETY: the caller passes NULL or a valid pointer to write an error pointer to.
        unsafe { *err = ptr::null_mut() };
    }
    let outcome = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(outcome) => outcome,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::with_code(ErrorCode::Internal, format!("edgelite panicked: {what}")))
        }
    };
    match outcome {
        Ok(()) => EDGELITE_OK,
        Err(e) => {
            if !err.is_null() {
                // SAFETY: as above.
                unsafe { *err = to_c_error(&e) };
            }
            (e.extended_code() & 0xFF).max(1)
        }
    }
}

fn handle<'a, T>(p: *const T, what: &str) -> Result<&'a T, Error> {
    // SAFETY: the caller passes NULL or a live handle from this library.
    unsafe { p.as_ref() }.ok_or_else(|| misuse(format!("{what} is NULL")))
}

fn handle_mut<'a, T>(p: *mut T, what: &str) -> Result<&'a mut T, Error> {
    // SAFETY: the caller passes NULL or a live handle, used from one thread at a time.
    unsafe { p.as_mut() }.ok_or_else(|| misuse(format!("{what} is NULL")))
}

fn out<T>(p: *mut T, value: T) -> Result<(), Error> {
    if p.is_null() {
        return Err(misuse("an output pointer is NULL"));
    }
    // SAFETY: non-NULL and, per the contract, valid for a write.
    unsafe { p.write(value) };
    Ok(())
}

fn bytes<'a>(data: *const u8, len: usize) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if data.is_null() {
        return Err(misuse("a NULL pointer with a non-zero length"));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `data` for the call.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

fn text<'a>(data: *const u8, len: usize, what: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes(data, len)?).map_err(|e| misuse(format!("{what} is not UTF-8: {e}")))
}

fn c_str<'a>(p: *const c_char, what: &str) -> Result<Option<&'a str>, Error> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and, per the contract, NUL-terminated.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().map(Some).map_err(|e| misuse(format!("{what} is not UTF-8: {e}")))
}

fn value_in(v: &edgelite_value) -> Result<Value, Error> {
    Ok(match v.kind {
        EDGELITE_NULL => Value::Null,
        EDGELITE_INTEGER => Value::Integer(v.integer),
        EDGELITE_REAL => Value::Real(v.real),
        EDGELITE_TEXT => Value::Text(text(v.data, v.len, "a TEXT parameter")?.to_owned()),
        EDGELITE_BLOB => Value::Blob(bytes(v.data, v.len)?.to_vec()),
        other => return Err(Error::with_code(ErrorCode::TypeMismatch, format!("unknown value kind {other}"))),
    })
}

fn value_out(v: &Value) -> edgelite_value {
    let mut c = edgelite_value { kind: EDGELITE_NULL, integer: 0, real: 0.0, data: ptr::null(), len: 0 };
    match v {
        Value::Null => {}
        Value::Integer(i) => {
            c.kind = EDGELITE_INTEGER;
            c.integer = *i;
        }
        Value::Real(f) => {
            c.kind = EDGELITE_REAL;
            c.real = *f;
        }
        Value::Text(s) => {
            c.kind = EDGELITE_TEXT;
            c.data = s.as_ptr();
            c.len = s.len();
        }
        Value::Blob(b) => {
            c.kind = EDGELITE_BLOB;
            c.data = b.as_ptr();
            c.len = b.len();
        }
    }
    c
}

fn params_in(params: *const edgelite_param, n: usize) -> Result<Parameters, Error> {
    if n == 0 {
        return Ok(Parameters::None);
    }
    if params.is_null() {
        return Err(misuse("params is NULL with a non-zero count"));
    }
    // SAFETY: the caller guarantees `n` readable parameters.
    let params = unsafe { std::slice::from_raw_parts(params, n) };
    let named = !params[0].name.is_null();
    if params.iter().any(|p| p.name.is_null() == named) {
        return Err(Error::with_code(ErrorCode::Range, "parameters must be all positional or all named, not a mix"));
    }
    if named {
        params
            .iter()
            .map(|p| Ok((text(p.name, p.name_len, "a parameter name")?.to_owned(), value_in(&p.value)?)))
            .collect::<Result<_, Error>>()
            .map(Parameters::Named)
    } else {
        params.iter().map(|p| value_in(&p.value)).collect::<Result<_, Error>>().map(Parameters::Positional)
    }
}

fn behavior(mode: i32) -> Result<edgelite::TransactionBehavior, Error> {
    use edgelite::TransactionBehavior as B;
    Ok(match mode {
        EDGELITE_TX_DEFERRED => B::Deferred,
        EDGELITE_TX_IMMEDIATE => B::Immediate,
        EDGELITE_TX_EXCLUSIVE => B::Exclusive,
        EDGELITE_TX_READ_ONLY => B::ReadOnly,
        other => return Err(misuse(format!("unknown transaction behaviour {other}"))),
    })
}

fn free_box<T>(p: *mut T) {
    if !p.is_null() {
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: `p` came from `Box::into_raw` in this library and is freed once.
            drop(unsafe { Box::from_raw(p) });
        }));
    }
}

// ---- library --------------------------------------------------------------------------------

/// Writes the library version (static, NUL-terminated, e.g. "0.1.0") to `*out`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_version(out_version: *mut *const c_char, err: *mut *mut edgelite_error) -> i32 {
    static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => panic!("the version has no NUL"),
    };
    guard(err, || out(out_version, VERSION.as_ptr()))
}

/// Writes the name of an extended (or primary) code, e.g. "SQLITE_CONSTRAINT_UNIQUE" for 2067
/// (static, NUL-terminated), or the primary code's name for a code edgelite does not know.
#[no_mangle]
pub unsafe extern "C" fn edgelite_code_name(
    extended_code: i32,
    out_name: *mut *const c_char,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_name, static_name(edgelite::error::code_name(extended_code))))
}

/// Frees an error. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn edgelite_error_free(err: *mut edgelite_error) {
    if err.is_null() {
        return;
    }
    // SAFETY: `err` came from this library (`Box::into_raw`), its message from `CString::into_raw`.
    let e = unsafe { Box::from_raw(err) };
    if !e.message.is_null() {
        drop(unsafe { CString::from_raw(e.message) });
    }
}

// ---- database -------------------------------------------------------------------------------

/// Opens a database as `config` describes (see `edgelite_config`) and writes its handle to `*out`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_database_open(
    config: *const edgelite_config,
    out_db: *mut *mut edgelite_database,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let config = handle(config, "config")?;
        if config.version == 0 || config.version > EDGELITE_CONFIG_VERSION {
            return Err(misuse(format!(
                "edgelite_config version {} is not supported (this library knows 1..={EDGELITE_CONFIG_VERSION})",
                config.version
            )));
        }
        let path = c_str(config.path, "path")?;
        let url = c_str(config.url, "url")?;
        let mut builder = match (path, url) {
            (Some(path), None) => Builder::local(path),
            (None, Some(url)) => Builder::remote(url),
            (Some(path), Some(url)) => Builder::replica(path, url),
            (None, None) => return Err(misuse("edgelite_config needs a path, a url, or both (a replica)")),
        };
        if let Some(token) = c_str(config.auth_token, "auth_token")? {
            builder = builder.auth_token(token);
        }
        if let Some(ns) = c_str(config.namespace_, "namespace")? {
            builder = builder.namespace(ns);
        }
        if config.read_only != 0 {
            builder = builder.read_only(true);
        }
        if config.no_create != 0 {
            builder = builder.create_if_missing(false);
        }
        if config.no_read_your_writes != 0 {
            builder = builder.read_your_writes(false);
        }
        if config.busy_timeout_ms >= 0 {
            builder = builder.busy_timeout(Duration::from_millis(config.busy_timeout_ms as u64));
        }
        if config.sync_interval_ms > 0 {
            builder = builder.sync_interval(Duration::from_millis(config.sync_interval_ms));
        }
        if config.request_timeout_ms > 0 {
            builder = builder.request_timeout(Duration::from_millis(config.request_timeout_ms));
        }
        let db = builder.build()?;
        out(out_db, Box::into_raw(Box::new(edgelite_database { db })))
    })
}

/// Opens a connection to `db` and writes its handle to `*out`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_database_connect(
    db: *const edgelite_database,
    out_conn: *mut *mut edgelite_connection,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let conn = handle(db, "database")?.db.connect()?;
        out(out_conn, Box::into_raw(Box::new(edgelite_connection { conn: Arc::new(conn) })))
    })
}

/// Replicas: pulls and applies the primary's new transactions (`EDGELITE_UNSUPPORTED` in other
/// modes). `out` may be NULL.
#[no_mangle]
pub unsafe extern "C" fn edgelite_database_sync(
    db: *const edgelite_database,
    out_synced: *mut edgelite_synced,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let synced = handle(db, "database")?.db.sync()?;
        if !out_synced.is_null() {
            out(
                out_synced,
                edgelite_synced {
                    generation: u64::from(synced.generation),
                    frame: synced.frame,
                    frames_applied: synced.frames_applied,
                },
            )?;
        }
        Ok(())
    })
}

/// Frees a database. Connections opened from it stay usable until they are freed. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn edgelite_database_free(db: *mut edgelite_database) {
    free_box(db);
}

// ---- connection -----------------------------------------------------------------------------

fn exec_result(conn: &Connection, changes: u64, result: *mut edgelite_exec_result) -> Result<(), Error> {
    if result.is_null() {
        return Ok(());
    }
    let last_insert_rowid = conn.last_insert_rowid()?;
    out(result, edgelite_exec_result { changes, last_insert_rowid })
}

/// Runs one statement with `params` (`n_params` of them; NULL when 0). `result` may be NULL.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_execute(
    conn: *const edgelite_connection,
    sql: *const u8,
    sql_len: usize,
    params: *const edgelite_param,
    n_params: usize,
    result: *mut edgelite_exec_result,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let conn = &handle(conn, "connection")?.conn;
        let sql = text(sql, sql_len, "sql")?;
        let params = params_in(params, n_params)?;
        let changes = conn.execute(sql, &params)?;
        exec_result(conn, changes, result)
    })
}

fn new_rows(rows: Rows<'static>, out_rows: *mut *mut edgelite_rows) -> Result<(), Error> {
    let columns = OwnedColumn::from_core(rows.columns());
    out(out_rows, Box::into_raw(Box::new(edgelite_rows { rows, columns, current: Vec::new() })))
}

/// Runs a query with `params` and writes its rows to `*out_rows`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_query(
    conn: *const edgelite_connection,
    sql: *const u8,
    sql_len: usize,
    params: *const edgelite_param,
    n_params: usize,
    out_rows: *mut *mut edgelite_rows,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let conn = &handle(conn, "connection")?.conn;
        let sql = text(sql, sql_len, "sql")?;
        let params = params_in(params, n_params)?;
        new_rows(conn.query(sql, &params)?, out_rows)
    })
}

/// Runs a script of any number of statements (no parameters, no rows).
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_execute_batch(
    conn: *const edgelite_connection,
    sql: *const u8,
    sql_len: usize,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || handle(conn, "connection")?.conn.execute_batch(text(sql, sql_len, "sql")?))
}

/// Runs `n` statements atomically in one transaction of behaviour `tx` (`EDGELITE_TX_*`); on
/// failure nothing is applied and the error's `statement_index` says which statement failed.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_batch(
    conn: *const edgelite_connection,
    tx: i32,
    stmts: *const edgelite_batch_statement,
    n: usize,
    out_batch: *mut *mut edgelite_batch,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let conn = &handle(conn, "connection")?.conn;
        let stmts = if n == 0 {
            &[][..]
        } else if stmts.is_null() {
            return Err(misuse("stmts is NULL with a non-zero count"));
        } else {
            // SAFETY: the caller guarantees `n` readable statements.
            unsafe { std::slice::from_raw_parts(stmts, n) }
        };
        let owned: Vec<(&str, Parameters)> = stmts
            .iter()
            .map(|s| Ok((text(s.sql, s.sql_len, "sql")?, params_in(s.params, s.n_params)?)))
            .collect::<Result<_, Error>>()?;
        let refs: Vec<(&str, &dyn Params)> = owned.iter().map(|(s, p)| (*s, p as &dyn Params)).collect();
        let results = conn.batch_with_behavior(behavior(tx)?, &refs)?;
        let columns = results.iter().map(|r| OwnedColumn::from_core(&r.columns)).collect();
        out(out_batch, Box::into_raw(Box::new(edgelite_batch { results, columns })))
    })
}

/// Prepares one statement and writes its handle to `*out_stmt`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_prepare(
    conn: *const edgelite_connection,
    sql: *const u8,
    sql_len: usize,
    out_stmt: *mut *mut edgelite_statement,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let conn = &handle(conn, "connection")?.conn;
        let sql = text(sql, sql_len, "sql")?;
        let stmt = conn.prepare(sql)?;
        let columns = OwnedColumn::from_core(stmt.columns());
        let param_names =
            (1..=stmt.parameter_count()).map(|i| stmt.parameter_name(i).and_then(|n| CString::new(n).ok())).collect();
        let handle = edgelite_statement {
            conn: conn.clone(),
            sql: sql.to_owned(),
            stmt: Mutex::new(Some(stmt)),
            columns,
            param_names,
        };
        out(out_stmt, Box::into_raw(Box::new(handle)))
    })
}

/// Begins a transaction of behaviour `tx` (`EDGELITE_TX_*`).
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_begin(
    conn: *const edgelite_connection,
    tx: i32,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || handle(conn, "connection")?.conn.begin(behavior(tx)?))
}

/// Commits the open transaction.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_commit(
    conn: *const edgelite_connection,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || handle(conn, "connection")?.conn.commit())
}

/// Rolls back the open transaction.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_rollback(
    conn: *const edgelite_connection,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || handle(conn, "connection")?.conn.rollback())
}

/// Savepoints: `op` is `EDGELITE_SAVEPOINT`, `EDGELITE_SAVEPOINT_RELEASE` or
/// `EDGELITE_SAVEPOINT_ROLLBACK_TO`; `name` is UTF-8.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_savepoint(
    conn: *const edgelite_connection,
    op: i32,
    name: *const u8,
    name_len: usize,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let conn = &handle(conn, "connection")?.conn;
        let name = text(name, name_len, "name")?;
        match op {
            EDGELITE_SAVEPOINT => conn.savepoint(name),
            EDGELITE_SAVEPOINT_RELEASE => conn.release_savepoint(name),
            EDGELITE_SAVEPOINT_ROLLBACK_TO => conn.rollback_to_savepoint(name),
            other => Err(misuse(format!("unknown savepoint operation {other}"))),
        }
    })
}

/// Writes whether the connection is outside any transaction (1) or inside one (0).
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_is_autocommit(
    conn: *const edgelite_connection,
    out_value: *mut i32,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_value, i32::from(handle(conn, "connection")?.conn.is_autocommit()?)))
}

/// Writes the rowid of the last inserted row.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_last_insert_rowid(
    conn: *const edgelite_connection,
    out_value: *mut i64,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_value, handle(conn, "connection")?.conn.last_insert_rowid()?))
}

/// Writes the rows changed by the last INSERT, UPDATE or DELETE.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_changes(
    conn: *const edgelite_connection,
    out_value: *mut u64,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_value, handle(conn, "connection")?.conn.changes()?))
}

/// Sets how long a statement waits for another connection's lock (milliseconds).
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_busy_timeout(
    conn: *const edgelite_connection,
    ms: u64,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || handle(conn, "connection")?.conn.busy_timeout(Duration::from_millis(ms)))
}

/// Makes the statement running on the connection fail with `SQLITE_INTERRUPT` (a remote request
/// is abandoned). Call it from another thread; it does not wait.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_interrupt(
    conn: *const edgelite_connection,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        handle(conn, "connection")?.conn.interrupt();
        Ok(())
    })
}

/// Writes whether the connection is closed (1) or open (0).
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_is_closed(
    conn: *const edgelite_connection,
    out_value: *mut i32,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_value, i32::from(handle(conn, "connection")?.conn.is_closed())))
}

/// Closes the connection (an open transaction is rolled back). Later calls on it fail with
/// `EDGELITE_MISUSE_CLOSED`; closing again does nothing. The handle still needs
/// `edgelite_connection_free`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_close(
    conn: *const edgelite_connection,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || handle(conn, "connection")?.conn.close())
}

/// Frees a connection (closing it). NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn edgelite_connection_free(conn: *mut edgelite_connection) {
    free_box(conn);
}

// ---- statement ------------------------------------------------------------------------------

/// Writes the number of parameters (the largest index, as SQLite counts them).
#[no_mangle]
pub unsafe extern "C" fn edgelite_statement_param_count(
    stmt: *const edgelite_statement,
    out_count: *mut usize,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_count, handle(stmt, "statement")?.param_names.len()))
}

/// Writes the name of parameter `index` (1-based, with its prefix, NUL-terminated, owned by the
/// statement) to `*out_name`, or NULL for a nameless `?`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_statement_param_name(
    stmt: *const edgelite_statement,
    index: usize,
    out_name: *mut *const c_char,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let stmt = handle(stmt, "statement")?;
        let name = index
            .checked_sub(1)
            .and_then(|i| stmt.param_names.get(i))
            .ok_or_else(|| Error::with_code(ErrorCode::Range, format!("no parameter {index}")))?;
        out(out_name, name.as_ref().map_or(ptr::null(), |n| n.as_ptr()))
    })
}

/// Writes the number of result columns.
#[no_mangle]
pub unsafe extern "C" fn edgelite_statement_column_count(
    stmt: *const edgelite_statement,
    out_count: *mut usize,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_count, handle(stmt, "statement")?.columns.len()))
}

/// Writes result column `index` (0-based).
#[no_mangle]
pub unsafe extern "C" fn edgelite_statement_column(
    stmt: *const edgelite_statement,
    index: usize,
    out_column: *mut edgelite_column,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let stmt = handle(stmt, "statement")?;
        let column =
            stmt.columns.get(index).ok_or_else(|| Error::with_code(ErrorCode::Range, format!("no column {index}")))?;
        out(out_column, column.to_c())
    })
}

impl edgelite_statement {
    fn take(&self) -> Result<Statement, Error> {
        let cached = self.stmt.lock().unwrap_or_else(|p| p.into_inner()).take();
        match cached {
            Some(stmt) => Ok(stmt),
            None => self.conn.prepare(&self.sql),
        }
    }

    fn put_back(&self, stmt: Statement) {
        *self.stmt.lock().unwrap_or_else(|p| p.into_inner()) = Some(stmt);
    }
}

/// Runs the statement with `params`. `result` may be NULL.
#[no_mangle]
pub unsafe extern "C" fn edgelite_statement_execute(
    stmt: *const edgelite_statement,
    params: *const edgelite_param,
    n_params: usize,
    result: *mut edgelite_exec_result,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let handle = handle(stmt, "statement")?;
        let params = params_in(params, n_params)?;
        let mut stmt = handle.take()?;
        let changes = stmt.execute(&params);
        handle.put_back(stmt);
        exec_result(&handle.conn, changes?, result)
    })
}

/// Runs the statement as a query with `params` and writes its rows to `*out_rows`. The statement
/// can run again while the rows are open.
#[no_mangle]
pub unsafe extern "C" fn edgelite_statement_query(
    stmt: *const edgelite_statement,
    params: *const edgelite_param,
    n_params: usize,
    out_rows: *mut *mut edgelite_rows,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let handle = handle(stmt, "statement")?;
        let params = params_in(params, n_params)?;
        new_rows(handle.take()?.into_rows(&params)?, out_rows)
    })
}

/// Frees a statement. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn edgelite_statement_free(stmt: *mut edgelite_statement) {
    free_box(stmt);
}

// ---- rows -----------------------------------------------------------------------------------

/// Writes the number of result columns.
#[no_mangle]
pub unsafe extern "C" fn edgelite_rows_column_count(
    rows: *const edgelite_rows,
    out_count: *mut usize,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_count, handle(rows, "rows")?.columns.len()))
}

/// Writes result column `index` (0-based).
#[no_mangle]
pub unsafe extern "C" fn edgelite_rows_column(
    rows: *const edgelite_rows,
    index: usize,
    out_column: *mut edgelite_column,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let rows = handle(rows, "rows")?;
        let column =
            rows.columns.get(index).ok_or_else(|| Error::with_code(ErrorCode::Range, format!("no column {index}")))?;
        out(out_column, column.to_c())
    })
}

/// Steps to the next row. `*has_row` is 1 and `values[0..n_values]` hold the row's values
/// (`n_values` must equal the column count) — valid until the next call or `edgelite_rows_free` —
/// or `*has_row` is 0 at the end.
#[no_mangle]
pub unsafe extern "C" fn edgelite_rows_next(
    rows: *mut edgelite_rows,
    values: *mut edgelite_value,
    n_values: usize,
    has_row: *mut i32,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let rows = handle_mut(rows, "rows")?;
        if n_values != rows.columns.len() {
            return Err(misuse(format!("n_values is {n_values}; the rows have {} columns", rows.columns.len())));
        }
        if n_values > 0 && values.is_null() {
            return Err(misuse("values is NULL"));
        }
        let row = match rows.rows.next()? {
            Some(row) => row.to_values(),
            None => {
                rows.current.clear();
                return out(has_row, 0);
            }
        };
        rows.current = row;
        for (i, v) in rows.current.iter().enumerate() {
            // SAFETY: `values` holds `n_values` writable slots (checked non-NULL above).
            unsafe { values.add(i).write(value_out(v)) };
        }
        out(has_row, 1)
    })
}

/// Frees rows (stopping the statement). NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn edgelite_rows_free(rows: *mut edgelite_rows) {
    free_box(rows);
}

// ---- batch ----------------------------------------------------------------------------------

fn batch_result<'a>(batch: *const edgelite_batch, index: usize) -> Result<(&'a edgelite_batch, &'a ResultSet), Error> {
    let batch: &'a edgelite_batch = handle(batch, "batch")?;
    let result =
        batch.results.get(index).ok_or_else(|| Error::with_code(ErrorCode::Range, format!("no result {index}")))?;
    Ok((batch, result))
}

/// Writes the number of statement results.
#[no_mangle]
pub unsafe extern "C" fn edgelite_batch_count(
    batch: *const edgelite_batch,
    out_count: *mut usize,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || out(out_count, handle(batch, "batch")?.results.len()))
}

/// Writes the counts of statement `index`'s result.
#[no_mangle]
pub unsafe extern "C" fn edgelite_batch_info(
    batch: *const edgelite_batch,
    index: usize,
    out_info: *mut edgelite_result_info,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let (_, r) = batch_result(batch, index)?;
        out(
            out_info,
            edgelite_result_info {
                column_count: r.columns.len(),
                row_count: r.rows.len(),
                changes: r.changes,
                last_insert_rowid: r.last_insert_rowid,
            },
        )
    })
}

/// Writes column `column` of statement `index`'s result.
#[no_mangle]
pub unsafe extern "C" fn edgelite_batch_column(
    batch: *const edgelite_batch,
    index: usize,
    column: usize,
    out_column: *mut edgelite_column,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let (b, _) = batch_result(batch, index)?;
        let c = b.columns[index]
            .get(column)
            .ok_or_else(|| Error::with_code(ErrorCode::Range, format!("no column {column}")))?;
        out(out_column, c.to_c())
    })
}

/// Writes row `row` of statement `index`'s result into `values[0..n_values]` (`n_values` must be
/// its column count); they stay valid until `edgelite_batch_free`.
#[no_mangle]
pub unsafe extern "C" fn edgelite_batch_row(
    batch: *const edgelite_batch,
    index: usize,
    row: usize,
    values: *mut edgelite_value,
    n_values: usize,
    err: *mut *mut edgelite_error,
) -> i32 {
    guard(err, || {
        let (_, r) = batch_result(batch, index)?;
        let row = r.rows.get(row).ok_or_else(|| Error::with_code(ErrorCode::Range, format!("no row {row}")))?;
        if n_values != row.len() || (n_values > 0 && values.is_null()) {
            return Err(misuse(format!("values must hold {} values", row.len())));
        }
        for (i, v) in row.iter().enumerate() {
            // SAFETY: `values` holds `n_values` writable slots.
            unsafe { values.add(i).write(value_out(v)) };
        }
        Ok(())
    })
}

/// Frees batch results. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn edgelite_batch_free(batch: *mut edgelite_batch) {
    free_box(batch);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_memory() -> *mut edgelite_database {
        let path = CString::new(":memory:").unwrap();
        let config = edgelite_config {
            version: EDGELITE_CONFIG_VERSION,
            path: path.as_ptr(),
            url: ptr::null(),
            auth_token: ptr::null(),
            namespace_: ptr::null(),
            read_only: 0,
            no_create: 0,
            no_read_your_writes: 0,
            busy_timeout_ms: -1,
            sync_interval_ms: 0,
            request_timeout_ms: 0,
        };
        let mut db = ptr::null_mut();
        assert_eq!(unsafe { edgelite_database_open(&config, &mut db, ptr::null_mut()) }, EDGELITE_OK);
        db
    }

    #[test]
    fn the_package_version_is_the_workspace_version() {
        let mut v = ptr::null();
        assert_eq!(unsafe { edgelite_version(&mut v, ptr::null_mut()) }, EDGELITE_OK);
        assert_eq!(unsafe { CStr::from_ptr(v) }.to_str().unwrap(), edgelite::VERSION);
    }

    #[test]
    fn errors_carry_codes_and_null_handles_are_misuse() {
        let db = open_memory();
        let mut conn = ptr::null_mut();
        assert_eq!(unsafe { edgelite_database_connect(db, &mut conn, ptr::null_mut()) }, EDGELITE_OK);
        let sql = "CREATE TABLE t(x UNIQUE); INSERT INTO t VALUES (1)";
        assert_eq!(unsafe { edgelite_connection_execute_batch(conn, sql.as_ptr(), sql.len(), ptr::null_mut()) }, 0);
        let sql = "INSERT INTO t VALUES (1)";
        let mut err = ptr::null_mut();
        let status = unsafe {
            edgelite_connection_execute(conn, sql.as_ptr(), sql.len(), ptr::null(), 0, ptr::null_mut(), &mut err)
        };
        assert_eq!(status, 19);
        let e = unsafe { &*err };
        assert_eq!((e.code, e.extended_code, e.statement_index), (19, 2067, -1));
        assert_eq!(unsafe { CStr::from_ptr(e.name) }.to_str().unwrap(), "SQLITE_CONSTRAINT_UNIQUE");
        unsafe { edgelite_error_free(err) };
        let mut err = ptr::null_mut();
        assert_eq!(unsafe { edgelite_connection_commit(ptr::null(), &mut err) }, 21);
        unsafe { edgelite_error_free(err) };
        let mut config = unsafe { std::mem::zeroed::<edgelite_config>() };
        config.version = 99;
        assert_eq!(unsafe { edgelite_database_open(&config, &mut ptr::null_mut(), ptr::null_mut()) }, 21);
        unsafe {
            edgelite_error_free(ptr::null_mut());
            edgelite_connection_free(conn);
            edgelite_database_free(db);
            edgelite_rows_free(ptr::null_mut());
            edgelite_statement_free(ptr::null_mut());
            edgelite_batch_free(ptr::null_mut());
        }
    }

    #[test]
    fn rows_values_round_trip() {
        let db = open_memory();
        let mut conn = ptr::null_mut();
        unsafe { edgelite_database_connect(db, &mut conn, ptr::null_mut()) };
        let blob = [0u8, 255];
        let params = [
            edgelite_param {
                name: ptr::null(),
                name_len: 0,
                value: edgelite_value {
                    kind: EDGELITE_INTEGER,
                    integer: i64::MIN,
                    real: 0.0,
                    data: ptr::null(),
                    len: 0,
                },
            },
            edgelite_param {
                name: ptr::null(),
                name_len: 0,
                value: edgelite_value { kind: EDGELITE_BLOB, integer: 0, real: 0.0, data: blob.as_ptr(), len: 2 },
            },
        ];
        let sql = "SELECT ?, ?";
        let mut rows = ptr::null_mut();
        let status = unsafe {
            edgelite_connection_query(conn, sql.as_ptr(), sql.len(), params.as_ptr(), 2, &mut rows, ptr::null_mut())
        };
        assert_eq!(status, EDGELITE_OK);
        let mut values = [edgelite_value { kind: -1, integer: 0, real: 0.0, data: ptr::null(), len: 0 }; 2];
        let mut has_row = 0;
        assert_eq!(unsafe { edgelite_rows_next(rows, values.as_mut_ptr(), 2, &mut has_row, ptr::null_mut()) }, 0);
        assert_eq!(has_row, 1);
        assert_eq!((values[0].kind, values[0].integer), (EDGELITE_INTEGER, i64::MIN));
        assert_eq!(unsafe { std::slice::from_raw_parts(values[1].data, values[1].len) }, &blob);
        assert_eq!(unsafe { edgelite_rows_next(rows, values.as_mut_ptr(), 2, &mut has_row, ptr::null_mut()) }, 0);
        assert_eq!(has_row, 0);
        unsafe {
            edgelite_rows_free(rows);
            edgelite_connection_free(conn);
            edgelite_database_free(db);
        }
    }
}
