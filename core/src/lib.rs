//! # edgelite
//!
//! A SQLite-compatible database with one API for three modes:
//!
//! - **embedded**: SQLite in this process, on a file or in memory
//!   (`Database::open("app.db")`);
//! - **remote**: a server speaking libSQL's Hrana protocol (`Database::open("http://…")`);
//! - **replica**: a local file synced from a primary, read locally, written through the primary.
//!
//! The API is blocking and the handles are thread-safe. Values follow `docs/types.md`, errors
//! `docs/errors.md`.
//!
//! ```
//! use edgelite::{params, Database};
//!
//! let db = Database::open(":memory:")?;
//! let conn = db.connect()?;
//! conn.execute_batch("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL)")?;
//! conn.execute("INSERT INTO users(name) VALUES (?)", params!["ada"])?;
//! let mut rows = conn.query("SELECT id, name FROM users", ())?;
//! while let Some(row) = rows.next()? {
//!     let (id, name): (i64, String) = (row.get(0)?, row.get("name")?);
//!     assert_eq!((id, name.as_str()), (1, "ada"));
//! }
//! # Ok::<(), edgelite::Error>(())
//! ```

pub mod authorizer;
mod connection;
mod database;
pub mod dump;
pub mod error;
pub mod hrana;
mod local;
mod params;
mod remote;
mod replica;
mod rows;
pub mod sql;
mod statement;
mod value;
pub mod wal;

pub use connection::{
    quote_identifier, Connection, InterruptHandle, ResultSet, Savepoint, Transaction, TransactionBehavior,
};
pub use database::{is_remote_url, Builder, Database, Mode, DEFAULT_BUSY_TIMEOUT};
pub use error::{Error, ErrorCode, Result};
pub use local::backup::BackupProgress;
pub use local::functions::{Aggregate, FunctionArgs};
pub use params::{Binder, Parameters, Params};
pub use replica::{SyncPhase, SyncProgress, SyncStatus, Synced, LATEST_HEADER};
pub use rows::{Row, RowIndex, Rows};
pub use statement::{Column, Statement};
pub use value::{FromValue, ToValue, Value, ValueRef, ValueType};

/// The version of SQLite compiled into edgelite, e.g. `"3.54.1"`.
pub fn sqlite_version() -> &'static str {
    // SAFETY: sqlite3_libversion returns a static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(rusqlite::ffi::sqlite3_libversion()) }.to_str().unwrap_or("unknown")
}

/// The version of edgelite.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

// Handles are shared across threads by every binding; keep them Send + Sync.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Database>();
    assert_send_sync::<Connection>();
    assert_send_sync::<Statement>();
    assert_send_sync::<Error>();
    assert_send_sync::<Value>();
    assert_send_sync::<ResultSet>();
    assert_send_sync::<InterruptHandle>();
    const fn assert_send<T: Send>() {}
    assert_send::<Rows<'static>>();
};
