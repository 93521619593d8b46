//! The native half of edgelite's JDBC driver: static methods of `io.edgelite.jdbc.NativeBridge`
//! (bindings/jvm/src/main/java), implemented over the `edgelite` crate with `jni`.
//!
//! Handles are numbers in a process-wide table, never pointers: a closed or unknown handle is an
//! `EDGELITE_MISUSE_CLOSED` error, and closing one thread's handle while another uses it is safe
//! (the user holds an `Arc` for the length of its call). No panic crosses into the JVM: every
//! entry point catches it and throws an `SQLException` (`SQLITE_INTERNAL`) instead.
//!
//! Parameters cross as parallel arrays (`int[] types`, `long[] longs`, `double[] doubles`,
//! `Object[] objects`), so neither side boxes numbers; result rows cross in blocks of a `long[]`
//! and a `byte[]` (`Block`), read ahead with the query so that a point query is one native call.
//! See `NativeBridge.java`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};
use std::time::Duration;

use edgelite::{Builder, Column, Connection, Database, Error, ErrorCode, Rows, TransactionBehavior, Value, ValueRef};
use jni::errors::ThrowRuntimeExAndDefault;
use jni::objects::{JByteArray, JClass, JDoubleArray, JIntArray, JLongArray, JObject, JObjectArray, JString, JValue};
use jni::sys::{jboolean, jint, jlong};
use jni::{jni_sig, jni_str, Env, EnvUnowned};

// Value tags shared with NativeBridge.java.
const T_NULL: i32 = 0;
const T_INTEGER: i32 = 1;
const T_REAL: i32 = 2;
const T_TEXT: i32 = 3;
const T_BLOB: i32 = 4;

/// An open result: the rows (dropped, with their statement, once read to the end) and the
/// columns, which stay readable until the result is closed. `pending` is an error met while
/// reading ahead in `query`, thrown by the first `fetch` (where reading it would have met it).
struct RowsEntry {
    rows: Option<Rows<'static>>,
    columns: Vec<Column>,
    pending: Option<Error>,
}

#[derive(Clone)]
enum Handle {
    Database(Arc<Database>),
    Connection(Arc<Connection>),
    Rows(Arc<Mutex<RowsEntry>>),
    Sql(Arc<str>),
}

/// Hashes a handle id as itself: ids are distinct counters, and SipHash would cost more than
/// the rest of a lookup.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_i64(&mut self, id: i64) {
        // Spread sequential ids over the table's top bits, which hashbrown uses as tags.
        self.0 = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type HandleTable = HashMap<i64, Handle, BuildHasherDefault<IdHasher>>;

static HANDLES: LazyLock<Mutex<HandleTable>> = LazyLock::new(|| Mutex::new(HandleTable::default()));
static NEXT_HANDLE: AtomicI64 = AtomicI64::new(1);

fn table() -> MutexGuard<'static, HandleTable> {
    HANDLES.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn insert(handle: Handle) -> i64 {
    let id = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
    table().insert(id, handle);
    id
}

fn misuse(message: impl Into<String>) -> Error {
    Error::with_code(ErrorCode::Misuse, message)
}

fn closed(what: &str) -> Error {
    Error::new(16405, format!("the {what} is closed"))
}

fn database(id: jlong) -> Result<Arc<Database>, Fail> {
    match table().get(&id) {
        Some(Handle::Database(db)) => Ok(db.clone()),
        _ => Err(closed("database").into()),
    }
}

fn connection(id: jlong) -> Result<Arc<Connection>, Fail> {
    match table().get(&id) {
        Some(Handle::Connection(conn)) => Ok(conn.clone()),
        _ => Err(closed("connection").into()),
    }
}

/// The connection and, when `sql_id` is not 0, the SQL interned under it (one look-up of the
/// table for both).
fn connection_and_sql(conn: jlong, sql_id: jlong) -> Result<(Arc<Connection>, Option<Arc<str>>), Fail> {
    let table = table();
    let conn = match table.get(&conn) {
        Some(Handle::Connection(conn)) => conn.clone(),
        _ => return Err(closed("connection").into()),
    };
    let sql = match sql_id {
        0 => None,
        id => match table.get(&id) {
            Some(Handle::Sql(sql)) => Some(sql.clone()),
            _ => return Err(closed("statement").into()),
        },
    };
    Ok((conn, sql))
}

fn rows(id: jlong) -> Result<Arc<Mutex<RowsEntry>>, Fail> {
    match table().get(&id) {
        Some(Handle::Rows(rows)) => Ok(rows.clone()),
        _ => Err(closed("result set").into()),
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Why a native call failed: a database error (thrown as the mapped `SQLException`) or a JNI
/// failure (usually a Java exception already pending).
enum Fail {
    Db(Error),
    Jni(jni::errors::Error),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Db(e)
    }
}

impl From<jni::errors::Error> for Fail {
    fn from(e: jni::errors::Error) -> Self {
        Fail::Jni(e)
    }
}

/// Throws `error` as the `SQLException` that `EdgeliteErrors.fromNative` maps it to.
fn throw_error(env: &mut Env<'_>, error: &Error) -> jni::errors::Result<()> {
    let name = env.new_string(error.name())?;
    let message = env.new_string(error.message())?;
    let index = error.statement_index().map_or(-1, |i| i32::try_from(i).unwrap_or(i32::MAX));
    let exception = env
        .call_static_method(
            jni_str!("io/edgelite/jdbc/EdgeliteErrors"),
            jni_str!("fromNative"),
            jni_sig!("(ILjava/lang/String;Ljava/lang/String;I)Ljava/sql/SQLException;"),
            &[JValue::Int(error.extended_code()), JValue::Object(&name), JValue::Object(&message), JValue::Int(index)],
        )?
        .l()?;
    let throwable = jni::objects::JThrowable::cast_local(env, exception)?;
    env.throw(throwable)
}

/// Runs one native method body: errors become `SQLException`s, panics `SQLITE_INTERNAL` ones.
fn run<'l, T: Default>(unowned: &mut EnvUnowned<'l>, f: impl FnOnce(&mut Env<'l>) -> Result<T, Fail>) -> T {
    unowned
        .with_env(|env| -> jni::errors::Result<T> {
            let outcome = catch_unwind(AssertUnwindSafe(|| f(env)));
            let error = match outcome {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(Fail::Db(error))) => error,
                Ok(Err(Fail::Jni(jni::errors::Error::JavaException))) => return Ok(T::default()),
                Ok(Err(Fail::Jni(e))) => Error::with_code(ErrorCode::Internal, format!("JNI: {e}")),
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown".into());
                    Error::with_code(ErrorCode::Internal, format!("edgelite panicked: {what}"))
                }
            };
            if env.exception_check() {
                env.exception_clear();
            }
            throw_error(env, &error)?;
            Ok(T::default())
        })
        .resolve::<ThrowRuntimeExAndDefault>()
}

fn require(s: &JString<'_>) -> Result<(), Fail> {
    if s.is_null() {
        return Err(misuse("a required string argument is null").into());
    }
    Ok(())
}

fn string(env: &Env<'_>, s: &JString<'_>) -> Result<String, Fail> {
    require(s)?;
    Ok(s.try_to_string(env)?)
}

/// Runs `f` on a required string argument as the JVM hands it over, without building a
/// `String`.
fn with_str<T>(env: &Env<'_>, s: &JString<'_>, f: impl FnOnce(&str) -> Result<T, Fail>) -> Result<T, Fail> {
    require(s)?;
    let chars = s.mutf8_chars(env)?;
    f(&chars.to_str())
}

fn opt_string(env: &Env<'_>, s: &JString<'_>) -> Result<Option<String>, Fail> {
    if s.is_null() {
        Ok(None)
    } else {
        Ok(Some(s.try_to_string(env)?))
    }
}

/// Reads `count` values from the parallel parameter arrays (one copy of each primitive array).
fn read_values(
    env: &mut Env<'_>,
    types: &JIntArray<'_>,
    longs: &JLongArray<'_>,
    doubles: &JDoubleArray<'_>,
    objects: &JObjectArray<'_>,
    count: usize,
) -> Result<Vec<Value>, Fail> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if types.is_null() || longs.is_null() || doubles.is_null() || objects.is_null() {
        return Err(misuse("parameter arrays are null").into());
    }
    let mut t = vec![0i32; count];
    let mut l = vec![0i64; count];
    let mut d = vec![0f64; count];
    types.get_region(env, 0, &mut t)?;
    longs.get_region(env, 0, &mut l)?;
    doubles.get_region(env, 0, &mut d)?;
    let mut values = Vec::with_capacity(count);
    for i in 0..count {
        values.push(match t[i] {
            T_NULL => Value::Null,
            T_INTEGER => Value::Integer(l[i]),
            T_REAL => Value::Real(d[i]),
            // A batch reads thousands of these in one call: each local reference is deleted at
            // once, so the JVM's table of them does not grow.
            T_TEXT => {
                let obj = objects.get_element(env, i)?;
                let s = env.cast_local::<JString>(obj)?;
                let text = string(env, &s);
                env.delete_local_ref(s);
                Value::Text(text?)
            }
            T_BLOB => {
                let obj = objects.get_element(env, i)?;
                let b = env.cast_local::<JByteArray>(obj)?;
                if b.is_null() {
                    return Err(misuse("a BLOB parameter is null").into());
                }
                let blob = env.convert_byte_array(&b);
                env.delete_local_ref(b);
                Value::Blob(blob?)
            }
            other => return Err(misuse(format!("unknown value tag {other}")).into()),
        });
    }
    Ok(values)
}

fn behavior(mode: jint) -> Result<TransactionBehavior, Fail> {
    Ok(match mode {
        0 => TransactionBehavior::Deferred,
        1 => TransactionBehavior::Immediate,
        2 => TransactionBehavior::Exclusive,
        3 => TransactionBehavior::ReadOnly,
        other => return Err(misuse(format!("unknown transaction mode {other}")).into()),
    })
}

/// JDBC's manual-commit mode: opens a transaction (of `begin`'s mode) before a statement when
/// none is open; `begin < 0` means auto-commit.
fn maybe_begin(conn: &Connection, begin: jint) -> Result<(), Fail> {
    if begin >= 0 && conn.is_autocommit()? {
        conn.begin(behavior(begin)?)?;
    }
    Ok(())
}

fn duration_ms(ms: jlong) -> Option<Duration> {
    u64::try_from(ms).ok().filter(|&ms| ms > 0).map(Duration::from_millis)
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_version<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
) -> JString<'l> {
    run(&mut env, |env| Ok(env.new_string(edgelite::VERSION)?))
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_sqliteVersion<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
) -> JString<'l> {
    run(&mut env, |env| Ok(env.new_string(edgelite::sqlite_version())?))
}

/// Opens a database. `syncUrl` non-null makes a replica of `target` (a path); otherwise a
/// server URL opens a remote database and anything else a local one. Non-positive durations
/// and `readYourWrites < 0` leave the core's defaults.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_dbOpen<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    target: JString<'l>,
    sync_url: JString<'l>,
    auth_token: JString<'l>,
    namespace: JString<'l>,
    read_only: jboolean,
    busy_timeout_ms: jlong,
    sync_interval_ms: jlong,
    request_timeout_ms: jlong,
    read_your_writes: jint,
    create_if_missing: jboolean,
) -> jlong {
    run(&mut env, |env| {
        let target = string(env, &target)?;
        let mut builder = match opt_string(env, &sync_url)? {
            Some(url) => Builder::replica(&target, url),
            None if edgelite::is_remote_url(&target) => Builder::remote(&target),
            None => Builder::local(&target),
        };
        if let Some(token) = opt_string(env, &auth_token)? {
            builder = builder.auth_token(token);
        }
        if let Some(ns) = opt_string(env, &namespace)? {
            builder = builder.namespace(ns);
        }
        if read_only {
            builder = builder.read_only(true);
        }
        if let Some(d) = duration_ms(busy_timeout_ms) {
            builder = builder.busy_timeout(d);
        }
        if let Some(d) = duration_ms(sync_interval_ms) {
            builder = builder.sync_interval(d);
        }
        if let Some(d) = duration_ms(request_timeout_ms) {
            builder = builder.request_timeout(d);
        }
        if !create_if_missing {
            builder = builder.create_if_missing(false);
        }
        if read_your_writes >= 0 {
            builder = builder.read_your_writes(read_your_writes != 0);
        }
        Ok(insert(Handle::Database(Arc::new(builder.build()?))))
    })
}

/// 0 embedded, 1 remote, 2 replica.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_dbMode<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    db: jlong,
) -> jint {
    run(&mut env, |_| {
        Ok(match database(db)?.mode() {
            edgelite::Mode::Embedded => 0,
            edgelite::Mode::Remote => 1,
            edgelite::Mode::Replica => 2,
        })
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_dbConnect<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    db: jlong,
) -> jlong {
    run(&mut env, |_| {
        let conn = database(db)?.connect()?;
        Ok(insert(Handle::Connection(Arc::new(conn))))
    })
}

/// Returns `{generation, frame, frames_applied, transactions_applied, bootstrapped (0/1)}`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_dbSync<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    db: jlong,
) -> JLongArray<'l> {
    run(&mut env, |env| {
        let synced = database(db)?.sync()?;
        let out = [
            i64::from(synced.generation),
            synced.frame as i64,
            synced.frames_applied as i64,
            synced.transactions_applied as i64,
            i64::from(synced.bootstrapped),
        ];
        let array = env.new_long_array(out.len())?;
        array.set_region(env, 0, &out)?;
        Ok(array)
    })
}

/// Forgets a handle of any kind: closes a connection, drops a database or a result once no
/// call uses it any more. Unknown handles are ignored (closing twice is fine).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_close<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    run(&mut env, |_| {
        let removed = table().remove(&handle);
        match removed {
            Some(Handle::Connection(conn)) => {
                conn.close()?;
            }
            Some(Handle::Rows(entry)) => {
                // Drop the rows (and their statement) now, not when a racing call lets go.
                let rows = lock(&entry).rows.take();
                drop(rows);
            }
            Some(Handle::Database(_) | Handle::Sql(_)) | None => {}
        }
        Ok(())
    })
}

/// Runs one statement (`sql_id`'s SQL when it is not 0, else `sql`); returns `{changes,
/// last_insert_rowid}`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_execute<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql_id: jlong,
    sql: JString<'l>,
    count: jint,
    types: JIntArray<'l>,
    longs: JLongArray<'l>,
    doubles: JDoubleArray<'l>,
    objects: JObjectArray<'l>,
    begin: jint,
) -> JLongArray<'l> {
    run(&mut env, |env| {
        let (conn, interned) = connection_and_sql(conn, sql_id)?;
        if interned.is_none() {
            require(&sql)?;
        }
        let params = read_values(env, &types, &longs, &doubles, &objects, count.max(0) as usize)?;
        let run_statement = |sql: &str| -> Result<u64, Fail> {
            maybe_begin(&conn, begin)?;
            Ok(conn.execute(sql, params)?)
        };
        let changes = match &interned {
            Some(sql) => run_statement(sql)?,
            None => with_str(env, &sql, run_statement)?,
        };
        let out = [changes as i64, conn.last_insert_rowid()?];
        let array = env.new_long_array(2)?;
        array.set_region(env, 0, &out)?;
        Ok(array)
    })
}

/// Runs one statement once per parameter set (`sets` × `count` values, row-major). Fills
/// `changes[i]` and `rowids[i]` and, even when a set fails, `done[0]` with the sets that ran.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_executeMany<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql: JString<'l>,
    sets: jint,
    count: jint,
    types: JIntArray<'l>,
    longs: JLongArray<'l>,
    doubles: JDoubleArray<'l>,
    objects: JObjectArray<'l>,
    begin: jint,
    changes: JLongArray<'l>,
    rowids: JLongArray<'l>,
    done: JIntArray<'l>,
) -> jint {
    run(&mut env, |env| {
        let conn = connection(conn)?;
        let sql = string(env, &sql)?;
        let (sets, count) = (sets.max(0) as usize, count.max(0) as usize);
        maybe_begin(&conn, begin)?;
        let mut stmt = conn.prepare(&sql)?;
        let mut done_changes = Vec::with_capacity(sets);
        let mut done_rowids = Vec::with_capacity(sets);
        let mut failure = None;
        let all = read_values(env, &types, &longs, &doubles, &objects, sets * count)?;
        for set in 0..sets {
            let params = &all[set * count..(set + 1) * count];
            match stmt.execute(params).and_then(|n| Ok((n, conn.last_insert_rowid()?))) {
                Ok((n, rowid)) => {
                    done_changes.push(n as i64);
                    done_rowids.push(rowid);
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if !done_changes.is_empty() {
            changes.set_region(env, 0, &done_changes)?;
            rowids.set_region(env, 0, &done_rowids)?;
        }
        done.set_region(env, 0, &[done_changes.len() as i32])?;
        match failure {
            Some(e) => Err(e.into()),
            None => Ok(sets as jint),
        }
    })
}

/// Rows in the form `query` and `fetch` hand them to Java: in `cells`, a header (the call's
/// results) and then two longs a cell (the tag, with a TEXT or BLOB's length above its low byte;
/// then the INTEGER, the REAL's bits, or where the text or blob starts in `bytes`). A block
/// crosses as two array copies, however many strings it holds.
struct Block {
    cells: Vec<i64>,
    bytes: Vec<u8>,
    rows: usize,
    exhausted: bool,
}

impl Block {
    fn new(header: usize) -> Block {
        Block { cells: vec![0; header], bytes: Vec::new(), rows: 0, exhausted: false }
    }

    fn push(&mut self, tag: i32, payload: i64) {
        self.cells.push(i64::from(tag));
        self.cells.push(payload);
    }

    fn push_bytes(&mut self, tag: i32, b: &[u8]) {
        self.cells.push(i64::from(tag) | ((b.len() as i64) << 8));
        self.cells.push(self.bytes.len() as i64);
        self.bytes.extend_from_slice(b);
    }

    /// Reads up to `max` rows of `ncols` columns; `exhausted` when the rows end first. An error
    /// ends the rows.
    fn read(&mut self, rows: &mut Rows<'static>, ncols: usize, max: usize) -> Result<(), Error> {
        self.cells.reserve(2 * ncols * max);
        while self.rows < max {
            let Some(row) = rows.next()? else {
                self.exhausted = true;
                return Ok(());
            };
            for c in 0..ncols {
                match row.get_ref(c)? {
                    ValueRef::Null => self.push(T_NULL, 0),
                    ValueRef::Integer(i) => self.push(T_INTEGER, i),
                    ValueRef::Real(r) => self.push(T_REAL, r.to_bits() as i64),
                    ValueRef::Text(s) => self.push_bytes(T_TEXT, s),
                    ValueRef::Blob(b) => self.push_bytes(T_BLOB, b),
                }
            }
            self.rows += 1;
        }
        Ok(())
    }

    /// Appends the columns' descriptions (`column_fields`, field by field: for each column a
    /// big-endian `i32` length, -1 for none, then the UTF-8) and returns where they start.
    fn push_columns(&mut self, columns: &[Column]) -> i64 {
        let start = self.bytes.len() as i64;
        let text: usize = columns.iter().flat_map(column_fields).flatten().map(str::len).sum();
        self.bytes.reserve(16 * columns.len() + text);
        for field in 0..4 {
            for column in columns {
                match column_fields(column)[field] {
                    Some(s) => {
                        self.bytes.extend_from_slice(&(s.len() as i32).to_be_bytes());
                        self.bytes.extend_from_slice(s.as_bytes());
                    }
                    None => self.bytes.extend_from_slice(&(-1i32).to_be_bytes()),
                }
            }
        }
        start
    }

    /// Copies `header` and the block into Java's arrays; returns `bytes`, or a new array when it
    /// is too small for the block's bytes.
    fn send<'l>(
        &mut self,
        env: &mut Env<'l>,
        header: &[i64],
        cells: &JLongArray<'l>,
        bytes: JByteArray<'l>,
    ) -> Result<JByteArray<'l>, Fail> {
        self.cells[..header.len()].copy_from_slice(header);
        cells.set_region(env, 0, &self.cells)?;
        if self.bytes.is_empty() {
            return Ok(bytes);
        }
        if bytes.is_null() || bytes.len(env)? < self.bytes.len() {
            return Ok(env.byte_array_from_slice(&self.bytes)?);
        }
        // SAFETY: u8 and i8 (jbyte) have the same size and alignment.
        let signed = unsafe { std::slice::from_raw_parts(self.bytes.as_ptr().cast::<i8>(), self.bytes.len()) };
        bytes.set_region(env, 0, signed)?;
        Ok(bytes)
    }
}

/// How many rows of `ncols` columns fit in `cells` after a header of `header` longs, at most
/// `max`.
fn rows_that_fit(env: &Env<'_>, cells: &JLongArray<'_>, header: usize, ncols: usize, max: jint) -> Result<usize, Fail> {
    if cells.is_null() {
        return Err(misuse("the cell array is null").into());
    }
    let max = max.max(0) as usize;
    if ncols == 0 || max == 0 {
        return Ok(max);
    }
    Ok((cells.len(env)?.saturating_sub(header) / (2 * ncols)).min(max))
}

/// The header of `query`'s cells: result handle, columns, rows read, changes, last insert rowid,
/// where the column descriptions start in the bytes.
const QUERY_HEADER: usize = 6;

/// The header of `fetch`'s cells: rows read, exhausted (0/1), changes, last insert rowid.
const FETCH_HEADER: usize = 4;

/// Runs a query and reads its first rows in the same call (so a point query crosses once): up to
/// `max` rows, as many as fit, into `cells` and `bytes` (see `Block`). Returns the array holding
/// the rows' bytes (`bytes`, or a larger one). The header of `cells` is `{result handle, columns,
/// rows read, changes, last insert rowid, where the column descriptions start in the bytes}`.
/// When the rows end within the block, the statement is already released: the handle is 0, and
/// the changes and the column descriptions (`Block::push_columns`) are there; otherwise the
/// changes are -1 and `columns(handle)` describes the columns. The SQL is `sql_id`'s (from
/// `intern`) when it is not 0, else `sql`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_query<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql_id: jlong,
    sql: JString<'l>,
    count: jint,
    types: JIntArray<'l>,
    longs: JLongArray<'l>,
    doubles: JDoubleArray<'l>,
    objects: JObjectArray<'l>,
    begin: jint,
    max: jint,
    cells: JLongArray<'l>,
    bytes: JByteArray<'l>,
) -> JByteArray<'l> {
    run(&mut env, |env| {
        let (conn, interned) = connection_and_sql(conn, sql_id)?;
        if interned.is_none() {
            require(&sql)?;
        }
        let params = read_values(env, &types, &longs, &doubles, &objects, count.max(0) as usize)?;
        let run_query = |sql: &str| -> Result<Rows<'static>, Fail> {
            maybe_begin(&conn, begin)?;
            Ok(conn.query(sql, params)?)
        };
        let mut rows = match &interned {
            Some(sql) => run_query(sql)?,
            None => with_str(env, &sql, run_query)?,
        };
        let ncols = rows.column_count();
        let fit = rows_that_fit(env, &cells, QUERY_HEADER, ncols, max)?;
        let mut block = Block::new(QUERY_HEADER);
        let mut pending = None;
        if let Err(e) = block.read(&mut rows, ncols, fit) {
            // Reading ahead met the error: it is thrown by the first fetch, as it was before
            // rows were read ahead.
            block = Block::new(QUERY_HEADER);
            pending = Some(e);
        }
        if block.exhausted {
            let columns_at = block.push_columns(rows.columns());
            let (changes, rowid) = rows.finish()?;
            let header = [0, ncols as i64, block.rows as i64, changes as i64, rowid, columns_at];
            return block.send(env, &header, &cells, bytes);
        }
        // The rows go to Java before the handle is entered, so a failure there leaves none.
        let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
        let header = [handle, ncols as i64, block.rows as i64, -1, 0, -1];
        let bytes = block.send(env, &header, &cells, bytes)?;
        let columns = rows.columns().to_vec();
        let entry = RowsEntry { rows: Some(rows), columns, pending };
        table().insert(handle, Handle::Rows(Arc::new(Mutex::new(entry))));
        Ok(bytes)
    })
}

/// Reads up to `max` rows (as many as fit) into `cells` and `bytes` (see `Block`). Returns the
/// array holding the rows' bytes. The header of `cells` is `{rows read, exhausted (0/1), changes,
/// last insert rowid}`: once the rows are exhausted the statement is released, and the call that
/// released it reports its changes (-1 otherwise).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_fetch<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
    max: jint,
    cells: JLongArray<'l>,
    bytes: JByteArray<'l>,
) -> JByteArray<'l> {
    run(&mut env, |env| {
        let entry = rows(handle)?;
        let mut entry = lock(&entry);
        if let Some(e) = entry.pending.take() {
            return Err(e.into());
        }
        let ncols = entry.columns.len();
        let fit = rows_that_fit(env, &cells, FETCH_HEADER, ncols, max)?;
        let mut block = Block::new(FETCH_HEADER);
        match entry.rows.as_mut() {
            Some(rows) => block.read(rows, ncols, fit)?,
            None => block.exhausted = true,
        }
        let mut header = [block.rows as i64, i64::from(block.exhausted), -1, 0];
        if block.exhausted {
            if let Some(rows) = entry.rows.take() {
                let (changes, rowid) = rows.finish()?;
                header[2] = changes as i64;
                header[3] = rowid;
            }
        }
        block.send(env, &header, &cells, bytes)
    })
}

/// Keeps `sql` for the statements that run it again and again (`query` and `execute` take its
/// id), so it is not converted for each run; `close` forgets it.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_intern<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    sql: JString<'l>,
) -> jlong {
    run(&mut env, |env| Ok(insert(Handle::Sql(string(env, &sql)?.into()))))
}

/// A column's name, declared type, table and origin column (as `columns` describes them).
fn column_fields(c: &Column) -> [Option<&str>; 4] {
    [Some(c.name()), c.decl_type(), c.table_name(), c.origin_name()]
}

fn string_array<'l>(env: &mut Env<'l>, items: &[Option<&str>]) -> Result<JObjectArray<'l, JString<'l>>, Fail> {
    let array = JObjectArray::<JString>::new(env, items.len(), JString::null())?;
    for (i, item) in items.iter().enumerate() {
        if let Some(s) = item {
            let s = env.new_string(s)?;
            array.set_element(env, i, &s)?;
            env.delete_local_ref(s);
        }
    }
    Ok(array)
}

/// `{names, declared types, table names, origin column names}` as `String[]`s.
fn columns_info<'l>(env: &mut Env<'l>, columns: &[Column]) -> Result<JObjectArray<'l>, Fail> {
    let out = JObjectArray::<JObject>::new(env, 4, JObject::null())?;
    for field in 0..4 {
        let list: Vec<Option<&str>> = columns.iter().map(|c| column_fields(c)[field]).collect();
        let a = string_array(env, &list)?;
        out.set_element(env, field, &a)?;
    }
    Ok(out)
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_columns<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) -> JObjectArray<'l> {
    run(&mut env, |env| {
        let entry = rows(handle)?;
        let columns = lock(&entry).columns.clone();
        columns_info(env, &columns)
    })
}

/// Prepares `sql` without running it: `{names, decltypes, tables, origins, parameter names}`
/// (a parameter name is null for `?`).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_describe<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql: JString<'l>,
) -> JObjectArray<'l> {
    run(&mut env, |env| {
        let conn = connection(conn)?;
        let sql = string(env, &sql)?;
        let stmt = conn.prepare(&sql)?;
        let columns = stmt.columns().to_vec();
        let params = stmt.parameter_names();
        drop(stmt);
        let info = columns_info(env, &columns)?;
        let out = JObjectArray::<JObject>::new(env, 5, JObject::null())?;
        for i in 0..4 {
            let a = info.get_element(env, i)?;
            out.set_element(env, i, &a)?;
        }
        let names: Vec<Option<&str>> = params.iter().map(|p| p.as_deref()).collect();
        let names = string_array(env, &names)?;
        out.set_element(env, 4, &names)?;
        Ok(out)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_executeBatch<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql: JString<'l>,
    begin: jint,
) {
    run(&mut env, |env| {
        let conn = connection(conn)?;
        let sql = string(env, &sql)?;
        maybe_begin(&conn, begin)?;
        Ok(conn.execute_batch(&sql)?)
    })
}

/// Transaction control: 0 begin (`mode`), 1 commit, 2 rollback, 3 savepoint, 4 release,
/// 5 rollback to (`name`).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_transaction<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
    op: jint,
    mode: jint,
    name: JString<'l>,
) {
    run(&mut env, |env| {
        let conn = connection(conn)?;
        match op {
            0 => conn.begin(behavior(mode)?)?,
            1 => conn.commit()?,
            2 => conn.rollback()?,
            3 => conn.savepoint(&string(env, &name)?)?,
            4 => conn.release_savepoint(&string(env, &name)?)?,
            5 => conn.rollback_to_savepoint(&string(env, &name)?)?,
            other => return Err(misuse(format!("unknown transaction op {other}")).into()),
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_isAutocommit<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
) -> jboolean {
    run(&mut env, |_| Ok(connection(conn)?.is_autocommit()?))
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_lastInsertRowid<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
) -> jlong {
    run(&mut env, |_| Ok(connection(conn)?.last_insert_rowid()?))
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_changes<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
) -> jlong {
    run(&mut env, |_| Ok(connection(conn)?.changes()? as jlong))
}

/// Interrupts the statement running on the connection (from any thread; never waits).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_interrupt<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
) {
    run(&mut env, |_| {
        // A closed connection has nothing to interrupt.
        if let Ok(conn) = connection(conn) {
            conn.interrupt();
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_busyTimeout<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    conn: jlong,
    ms: jlong,
) {
    run(&mut env, |_| {
        let ms = u64::try_from(ms).map_err(|_| misuse("the busy timeout is negative"))?;
        Ok(connection(conn)?.busy_timeout(Duration::from_millis(ms))?)
    })
}

/// Every extended code the core knows, as `"code:NAME"` (the error-mapping tests use it).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_allCodes<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
) -> JObjectArray<'l, JString<'l>> {
    run(&mut env, |env| {
        let codes = edgelite::error::all_extended_codes();
        let names: Vec<String> = codes.iter().map(|(code, name)| format!("{code}:{name}")).collect();
        let refs: Vec<Option<&str>> = names.iter().map(|s| Some(s.as_str())).collect();
        string_array(env, &refs)
    })
}

/// Runs a result to its end without reading rows (a statement without columns); returns
/// `{changes, last_insert_rowid}`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_edgelite_jdbc_NativeBridge_finish<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) -> JLongArray<'l> {
    run(&mut env, |env| {
        let entry = rows(handle)?;
        let taken = lock(&entry).rows.take();
        let (changes, rowid) = match taken {
            Some(rows) => rows.finish()?,
            None => return Err(closed("result set").into()),
        };
        let array = env.new_long_array(2)?;
        array.set_region(env, 0, &[changes as i64, rowid])?;
        Ok(array)
    })
}
