//! The native half of the `edgelite` npm package (napi-rs). The JavaScript half
//! (`bindings/node/lib/`) gives it better-sqlite3's and `@libsql/client`'s shapes; this crate
//! converts values (docs/types.md) and errors (docs/errors.md) directly between JavaScript and
//! the edgelite core.
//!
//! - [`database::NativeDatabase`] and [`statement::NativeStatement`]: the synchronous API, run on
//!   the calling (JavaScript) thread like better-sqlite3;
//! - [`client::NativeClient`]: the promise API; every call is an `AsyncTask` on the libuv pool.
//!
//! No panic crosses into Node: napi-rs catches panics in every exported function, the statement
//! hot calls (plain Node-API functions, see [`statement`]) catch their own, both turning them into
//! JavaScript exceptions, and SQL function callbacks run inside the core's own guard.

// napi-derive registers the exported functions with Node only outside `cfg(test)`, so in the
// (never run: `test = false`) test build that `clippy --all-targets` checks they look unused.
#![cfg_attr(test, allow(dead_code))]

mod client;
mod convert;
mod database;
mod errors;
mod functions;
mod hot;
mod js;
mod rows;
mod statement;

use napi::bindgen_prelude::Unknown;
use napi::{Env, JsValue};
use napi_derive::napi;

use crate::js::Raw;

/// Registers the JavaScript classes the native code builds values with. Called once per
/// thread by `lib/native.js`, right after loading.
#[napi]
pub fn setup(
    env: Env,
    sqlite_error: Unknown,
    libsql_error: Unknown,
    libsql_batch_error: Unknown,
    real: Unknown,
) -> napi::Result<()> {
    let env = env.raw();
    // SAFETY: values of this env, on its thread; the references live as long as the thread.
    let classes = unsafe {
        errors::Classes {
            sqlite_error: js::reference(env, sqlite_error.raw())?,
            libsql_error: js::reference(env, libsql_error.raw())?,
            libsql_batch_error: js::reference(env, libsql_batch_error.raw())?,
            real: js::reference(env, real.raw())?,
        }
    };
    errors::register(classes);
    Ok(())
}

/// The package version (the workspace version).
#[napi]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The version of the bundled SQLite.
#[napi]
pub fn sqlite_version() -> &'static str {
    edgelite::sqlite_version()
}

/// Every extended error code the core defines, as `[code, name]` (for the error-table tests).
#[napi]
pub fn error_codes() -> Vec<(i32, &'static str)> {
    let mut codes: Vec<(i32, &'static str)> = edgelite::ErrorCode::ALL.iter().map(|c| (c.raw(), c.name())).collect();
    codes.extend(edgelite::error::all_extended_codes().iter().copied());
    codes
}

/// Builds the error an edgelite error with `code` becomes: `api` is `"sync"` (`SqliteError`) or
/// `"promise"` (`LibsqlError`). Tests check the mapping with it, code by code (batch errors,
/// which carry a statement index, are tested by failing real batches).
#[napi]
pub fn error_for_code(env: Env, api: String, code: i32, message: String) -> napi::Result<Raw> {
    let env = env.raw();
    let err = edgelite::Error::new(code, message);
    // SAFETY: on the JS thread.
    unsafe {
        if api == "sync" {
            errors::sqlite_error(env, &err).map(Raw)
        } else {
            errors::libsql_error(env, &err).map(Raw)
        }
    }
}
