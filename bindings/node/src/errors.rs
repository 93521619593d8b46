//! Errors: the one mapping from edgelite errors to JavaScript errors (docs/errors.md, rows
//! "Node (sync API)" and "Node (promise API)").
//!
//! | API | Class | Fields |
//! |---|---|---|
//! | sync (better-sqlite3) | `SqliteError` | `code` = extended name (`"SQLITE_CONSTRAINT_UNIQUE"`), `rawCode` = extended code, `statementIndex` for batch errors |
//! | promise (@libsql/client) | `LibsqlError`; `LibsqlBatchError` when the error has a statement index | `code` = primary name, `extendedCode` = extended name, `rawCode` = extended code, `statementIndex` |
//!
//! The mapping uses codes only, never message text. `tests/errors.test.js` checks every primary
//! and extended code of docs/errors.md through [`crate::error_for_code`], and triggers real
//! errors for the codes a test can provoke, in every mode.

use std::cell::Cell;

use napi::bindgen_prelude::Unknown;
use napi::sys;

use crate::js::{self, Env, JsVal};

/// What the sync API's `SqliteError` carries for an error: its `code` and `rawCode`.
pub(crate) fn sync_fields(err: &edgelite::Error) -> (&'static str, i32) {
    (err.name(), err.extended_code())
}

/// What the promise API's `LibsqlError` carries: `code`, `extendedCode`, `rawCode`.
pub(crate) fn promise_fields(err: &edgelite::Error) -> (&'static str, &'static str, i32) {
    (err.code().name(), err.name(), err.extended_code())
}

/// The JavaScript classes and property keys the native code builds values with, registered
/// once per thread (each worker thread loads the addon anew) by `setup()` in `lib/native.js`.
#[derive(Clone, Copy)]
pub(crate) struct Classes {
    pub sqlite_error: sys::napi_ref,
    pub libsql_error: sys::napi_ref,
    pub libsql_batch_error: sys::napi_ref,
    pub real: sys::napi_ref,
}

thread_local! {
    static CLASSES: Cell<Option<Classes>> = const { Cell::new(None) };
    /// An exception thrown by a user-defined SQL function, kept until the statement that called
    /// it fails, so that it reaches the caller unchanged (as in better-sqlite3).
    static FUNCTION_EXCEPTION: Cell<sys::napi_ref> = const { Cell::new(std::ptr::null_mut()) };
}

pub(crate) fn register(classes: Classes) {
    CLASSES.with(|c| c.set(Some(classes)));
}

pub(crate) fn classes(env: Env) -> napi::Result<Classes> {
    CLASSES.with(Cell::get).ok_or_else(|| {
        // SAFETY: called on the JS thread with its env.
        unsafe { js::throw_type_error(env, "edgelite: the native module was loaded without setup()") }
    })
}

/// Keeps `exception` (thrown by a SQL function) for [`throw_sync`].
pub(crate) unsafe fn keep_function_exception(env: Env, exception: JsVal) {
    let old = FUNCTION_EXCEPTION.with(Cell::get);
    unsafe { js::unref(env, old) };
    let new = unsafe { js::boxed(env, exception) }.unwrap_or(std::ptr::null_mut());
    FUNCTION_EXCEPTION.with(|c| c.set(new));
}

unsafe fn take_function_exception(env: Env) -> Option<JsVal> {
    let kept = FUNCTION_EXCEPTION.with(|c| c.replace(std::ptr::null_mut()));
    if kept.is_null() {
        return None;
    }
    let value = unsafe { js::unbox(env, kept) }.ok();
    unsafe { js::unref(env, kept) };
    value
}

/// Forgets an exception kept from a SQL function whose statement then succeeded anyway.
pub(crate) unsafe fn clear_function_exception(env: Env) {
    let kept = FUNCTION_EXCEPTION.with(|c| c.replace(std::ptr::null_mut()));
    unsafe { js::unref(env, kept) };
}

/// `new SqliteError(message, code, rawCode, statementIndex)`.
pub(crate) unsafe fn sqlite_error(env: Env, err: &edgelite::Error) -> napi::Result<JsVal> {
    let classes = classes(env)?;
    let (code, raw_code) = sync_fields(err);
    let args = [
        unsafe { js::string(env, err.message()) }?,
        unsafe { js::string(env, code) }?,
        unsafe { js::number(env, raw_code as f64) }?,
        match err.statement_index() {
            Some(index) => unsafe { js::number(env, index as f64) }?,
            None => unsafe { js::undefined(env) }?,
        },
    ];
    let ctor = unsafe { js::deref(env, classes.sqlite_error) }?;
    unsafe { js::construct(env, ctor, &args) }
}

/// Throws `err` as a `SqliteError` (or the exception a SQL function threw, if that is what made
/// the statement fail) and returns the error a `#[napi]` function returns after throwing.
pub(crate) unsafe fn throw_sync(env: Env, err: &edgelite::Error) -> napi::Error {
    if let Some(exception) = unsafe { take_function_exception(env) } {
        return unsafe { js::throw(env, exception) };
    }
    match unsafe { sqlite_error(env, err) } {
        Ok(error) => unsafe { js::throw(env, error) },
        Err(e) => e,
    }
}

/// `new LibsqlError(message, code, extendedCode, rawCode)`, or `LibsqlBatchError` with the
/// statement index first.
pub(crate) unsafe fn libsql_error(env: Env, err: &edgelite::Error) -> napi::Result<JsVal> {
    let classes = classes(env)?;
    let (code, extended, raw_code) = promise_fields(err);
    let message = unsafe { js::string(env, err.message()) }?;
    let code = unsafe { js::string(env, code) }?;
    let extended = unsafe { js::string(env, extended) }?;
    let raw_code = unsafe { js::number(env, raw_code as f64) }?;
    match err.statement_index() {
        Some(index) => {
            let ctor = unsafe { js::deref(env, classes.libsql_batch_error) }?;
            let index = unsafe { js::number(env, index as f64) }?;
            unsafe { js::construct(env, ctor, &[message, index, code, extended, raw_code]) }
        }
        None => {
            let ctor = unsafe { js::deref(env, classes.libsql_error) }?;
            unsafe { js::construct(env, ctor, &[message, code, extended, raw_code]) }
        }
    }
}

/// An error that rejects a promise with `value` itself.
pub(crate) unsafe fn rejection(env: Env, value: JsVal) -> napi::Error {
    // SAFETY: a live value of this env.
    napi::Error::from(unsafe { Unknown::from_raw_unchecked(env, value) })
}

/// Rejects a promise with `err` as a `LibsqlError`.
pub(crate) unsafe fn reject(env: Env, err: &edgelite::Error) -> napi::Error {
    match unsafe { libsql_error(env, err) } {
        Ok(error) => unsafe { rejection(env, error) },
        Err(e) => e,
    }
}
