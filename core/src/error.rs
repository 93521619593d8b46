//! Errors: one stable code enum for every mode and every binding.
//!
//! An [`Error`] carries a primary [`ErrorCode`], an *extended* code (SQLite's extended result code,
//! or one of edgelite's own), the message, and — for errors raised inside a [`batch`] — the index
//! of the statement that failed. Bindings map the code, never the message; the table they follow is
//! `docs/errors.md`.
//!
//! Numbering follows SQLite's rule `primary == extended & 0xFF` for every code, ours included:
//! edgelite's own primary codes live in `0xC0..=0xC4`, above SQLite's (`0..=28`, `100`, `101`)
//! and below 256.
//!
//! [`batch`]: crate::Connection::batch

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The primary error code: what kind of failure this is.
///
/// The SQLite variants correspond one-to-one to SQLite's primary result codes; the others are
/// edgelite's own (network, authentication, wire protocol, replication, unsupported operations).
/// New variants may be added, so match with a wildcard arm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `SQLITE_ERROR` (1): a generic SQL error — syntax errors, missing tables, and the like.
    SqlError,
    /// `SQLITE_INTERNAL` (2): an internal malfunction in SQLite.
    Internal,
    /// `SQLITE_PERM` (3): the requested access mode cannot be provided.
    PermissionDenied,
    /// `SQLITE_ABORT` (4): an operation was aborted, e.g. by a ROLLBACK during a statement.
    Abort,
    /// `SQLITE_BUSY` (5): another connection holds a conflicting lock. Retryable.
    Busy,
    /// `SQLITE_LOCKED` (6): a conflict inside the same connection or shared cache. Retryable.
    Locked,
    /// `SQLITE_NOMEM` (7): out of memory.
    OutOfMemory,
    /// `SQLITE_READONLY` (8): an attempt to write a read-only database or transaction.
    ReadOnly,
    /// `SQLITE_INTERRUPT` (9): the statement was interrupted by [`Connection::interrupt`].
    ///
    /// [`Connection::interrupt`]: crate::Connection::interrupt
    Interrupted,
    /// `SQLITE_IOERR` (10): an operating-system I/O error.
    IoError,
    /// `SQLITE_CORRUPT` (11): the database file is malformed.
    Corrupt,
    /// `SQLITE_NOTFOUND` (12): unknown opcode or file control.
    NotFound,
    /// `SQLITE_FULL` (13): the disk or database is full.
    DiskFull,
    /// `SQLITE_CANTOPEN` (14): the database file cannot be opened (or the path is unusable).
    CannotOpen,
    /// `SQLITE_PROTOCOL` (15): SQLite's file-locking protocol failed.
    FileLockingProtocol,
    /// `SQLITE_EMPTY` (16): internal use only.
    Empty,
    /// `SQLITE_SCHEMA` (17): the schema changed under a prepared statement. Retryable.
    SchemaChanged,
    /// `SQLITE_TOOBIG` (18): a string or blob exceeds the size limit.
    TooBig,
    /// `SQLITE_CONSTRAINT` (19): a UNIQUE, NOT NULL, CHECK, FOREIGN KEY... constraint failed.
    /// The extended code tells which.
    Constraint,
    /// `SQLITE_MISMATCH` (20): a datatype mismatch, in SQL (`STRICT` tables, rowids) or when
    /// reading a value as a type it cannot convert to.
    TypeMismatch,
    /// `SQLITE_MISUSE` (21): the API was used wrongly — a closed connection, a finished
    /// statement, several statements where one is expected.
    Misuse,
    /// `SQLITE_NOLFS` (22): large files are not supported by the OS.
    NoLargeFileSupport,
    /// `SQLITE_AUTH` (23): an authorizer callback denied the statement.
    AuthorizationDenied,
    /// `SQLITE_FORMAT` (24): unused by SQLite.
    Format,
    /// `SQLITE_RANGE` (25): a parameter index or name does not exist, or the number of
    /// parameters given does not match the statement.
    Range,
    /// `SQLITE_NOTADB` (26): the file is not a database.
    NotADatabase,
    /// `SQLITE_NOTICE` (27): a notice from SQLite's log (not normally an error).
    Notice,
    /// `SQLITE_WARNING` (28): a warning from SQLite's log (not normally an error).
    Warning,
    /// `EDGELITE_REMOTE` (192): the server could not be reached, the connection failed, or the
    /// server failed in a way that is not a SQL error. The extended code says which.
    Remote,
    /// `EDGELITE_AUTH` (193): the server rejected the credentials (bad, expired or missing
    /// token) or the token does not allow the operation.
    Auth,
    /// `EDGELITE_PROTOCOL` (194): the peer sent something the wire protocol does not allow.
    Protocol,
    /// `EDGELITE_SYNC` (195): replication failed.
    Sync,
    /// `EDGELITE_UNSUPPORTED` (196): the operation is not available in this mode.
    Unsupported,
    /// A primary code this version does not know.
    Unknown(i32),
}

/// The extended error codes edgelite itself defines, beyond SQLite's.
///
/// Each is `primary | (n << 8)`, like SQLite's own.
pub mod extended {
    /// The connection or its transaction was closed before the call.
    pub const EDGELITE_MISUSE_CLOSED: i32 = 21 | (64 << 8);
    /// The SQL text holds no statement (only whitespace or comments).
    pub const EDGELITE_MISUSE_NO_STATEMENT: i32 = 21 | (65 << 8);
    /// The SQL text holds several statements where one is expected.
    pub const EDGELITE_MISUSE_MANY_STATEMENTS: i32 = 21 | (66 << 8);
    /// A parameter was missing, extra, or of a type that cannot be bound.
    pub const EDGELITE_RANGE_PARAMETER: i32 = 25 | (64 << 8);
    /// A network connection could not be made or broke.
    pub const EDGELITE_REMOTE_CONNECT: i32 = 192 | (1 << 8);
    /// A request did not complete in time.
    pub const EDGELITE_REMOTE_TIMEOUT: i32 = 192 | (2 << 8);
    /// The server's stream holding an open transaction is gone; the transaction is lost and
    /// must be restarted.
    pub const EDGELITE_REMOTE_TRANSACTION_LOST: i32 = 192 | (3 << 8);
    /// The server answered with an error that is not a SQL error (HTTP 5xx, overload).
    pub const EDGELITE_REMOTE_SERVER: i32 = 192 | (4 << 8);
    /// The requested namespace (database) does not exist on the server.
    pub const EDGELITE_REMOTE_NAMESPACE: i32 = 192 | (5 << 8);
    /// The token was accepted but does not permit the operation (HTTP 403).
    pub const EDGELITE_AUTH_FORBIDDEN: i32 = 193 | (1 << 8);
    /// The primary moved to a generation the replica cannot follow incrementally.
    pub const EDGELITE_SYNC_GENERATION: i32 = 195 | (1 << 8);
    /// The local file holds a database that is not a replica of this primary.
    pub const EDGELITE_SYNC_NOT_A_REPLICA: i32 = 195 | (2 << 8);
}

macro_rules! primary_codes {
    ($( $variant:ident = $num:expr, $name:literal; )*) => {
        impl ErrorCode {
            /// The code for a primary (or extended) numeric result code.
            pub fn from_raw(code: i32) -> ErrorCode {
                match code & 0xFF {
                    $( $num => ErrorCode::$variant, )*
                    other => ErrorCode::Unknown(other),
                }
            }

            /// The numeric primary code (`SQLITE_CONSTRAINT` = 19, `EDGELITE_REMOTE` = 192).
            pub fn raw(self) -> i32 {
                match self {
                    $( ErrorCode::$variant => $num, )*
                    ErrorCode::Unknown(n) => n,
                }
            }

            /// The stable name of the primary code, e.g. `"SQLITE_CONSTRAINT"`.
            pub fn name(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $name, )*
                    ErrorCode::Unknown(_) => "SQLITE_UNKNOWN",
                }
            }

            /// Every known primary code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[$( ErrorCode::$variant, )*];
        }
    };
}

primary_codes! {
    SqlError = 1, "SQLITE_ERROR";
    Internal = 2, "SQLITE_INTERNAL";
    PermissionDenied = 3, "SQLITE_PERM";
    Abort = 4, "SQLITE_ABORT";
    Busy = 5, "SQLITE_BUSY";
    Locked = 6, "SQLITE_LOCKED";
    OutOfMemory = 7, "SQLITE_NOMEM";
    ReadOnly = 8, "SQLITE_READONLY";
    Interrupted = 9, "SQLITE_INTERRUPT";
    IoError = 10, "SQLITE_IOERR";
    Corrupt = 11, "SQLITE_CORRUPT";
    NotFound = 12, "SQLITE_NOTFOUND";
    DiskFull = 13, "SQLITE_FULL";
    CannotOpen = 14, "SQLITE_CANTOPEN";
    FileLockingProtocol = 15, "SQLITE_PROTOCOL";
    Empty = 16, "SQLITE_EMPTY";
    SchemaChanged = 17, "SQLITE_SCHEMA";
    TooBig = 18, "SQLITE_TOOBIG";
    Constraint = 19, "SQLITE_CONSTRAINT";
    TypeMismatch = 20, "SQLITE_MISMATCH";
    Misuse = 21, "SQLITE_MISUSE";
    NoLargeFileSupport = 22, "SQLITE_NOLFS";
    AuthorizationDenied = 23, "SQLITE_AUTH";
    Format = 24, "SQLITE_FORMAT";
    Range = 25, "SQLITE_RANGE";
    NotADatabase = 26, "SQLITE_NOTADB";
    Notice = 27, "SQLITE_NOTICE";
    Warning = 28, "SQLITE_WARNING";
    Remote = 192, "EDGELITE_REMOTE";
    Auth = 193, "EDGELITE_AUTH";
    Protocol = 194, "EDGELITE_PROTOCOL";
    Sync = 195, "EDGELITE_SYNC";
    Unsupported = 196, "EDGELITE_UNSUPPORTED";
}

impl ErrorCode {
    /// Whether retrying the same call, unchanged, may succeed.
    ///
    /// True for lock contention (`Busy`, `Locked`), a stale prepared statement (`SchemaChanged`)
    /// and transient network failures (`Remote` except a lost transaction or missing
    /// namespace). See [`Error::is_retryable`], which also looks at the extended code.
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorCode::Busy | ErrorCode::Locked | ErrorCode::SchemaChanged | ErrorCode::Remote)
    }
}

/// Extended code → name, for every extended code SQLite and edgelite define.
static EXTENDED_NAMES: &[(i32, &str)] = &[
    (1 | (1 << 8), "SQLITE_ERROR_MISSING_COLLSEQ"),
    (1 | (2 << 8), "SQLITE_ERROR_RETRY"),
    (1 | (3 << 8), "SQLITE_ERROR_SNAPSHOT"),
    (1 | (4 << 8), "SQLITE_ERROR_RESERVESIZE"),
    (1 | (5 << 8), "SQLITE_ERROR_KEY"),
    (1 | (6 << 8), "SQLITE_ERROR_UNABLE"),
    (4 | (2 << 8), "SQLITE_ABORT_ROLLBACK"),
    (5 | (1 << 8), "SQLITE_BUSY_RECOVERY"),
    (5 | (2 << 8), "SQLITE_BUSY_SNAPSHOT"),
    (5 | (3 << 8), "SQLITE_BUSY_TIMEOUT"),
    (6 | (1 << 8), "SQLITE_LOCKED_SHAREDCACHE"),
    (6 | (2 << 8), "SQLITE_LOCKED_VTAB"),
    (8 | (1 << 8), "SQLITE_READONLY_RECOVERY"),
    (8 | (2 << 8), "SQLITE_READONLY_CANTLOCK"),
    (8 | (3 << 8), "SQLITE_READONLY_ROLLBACK"),
    (8 | (4 << 8), "SQLITE_READONLY_DBMOVED"),
    (8 | (5 << 8), "SQLITE_READONLY_CANTINIT"),
    (8 | (6 << 8), "SQLITE_READONLY_DIRECTORY"),
    (10 | (1 << 8), "SQLITE_IOERR_READ"),
    (10 | (2 << 8), "SQLITE_IOERR_SHORT_READ"),
    (10 | (3 << 8), "SQLITE_IOERR_WRITE"),
    (10 | (4 << 8), "SQLITE_IOERR_FSYNC"),
    (10 | (5 << 8), "SQLITE_IOERR_DIR_FSYNC"),
    (10 | (6 << 8), "SQLITE_IOERR_TRUNCATE"),
    (10 | (7 << 8), "SQLITE_IOERR_FSTAT"),
    (10 | (8 << 8), "SQLITE_IOERR_UNLOCK"),
    (10 | (9 << 8), "SQLITE_IOERR_RDLOCK"),
    (10 | (10 << 8), "SQLITE_IOERR_DELETE"),
    (10 | (11 << 8), "SQLITE_IOERR_BLOCKED"),
    (10 | (12 << 8), "SQLITE_IOERR_NOMEM"),
    (10 | (13 << 8), "SQLITE_IOERR_ACCESS"),
    (10 | (14 << 8), "SQLITE_IOERR_CHECKRESERVEDLOCK"),
    (10 | (15 << 8), "SQLITE_IOERR_LOCK"),
    (10 | (16 << 8), "SQLITE_IOERR_CLOSE"),
    (10 | (17 << 8), "SQLITE_IOERR_DIR_CLOSE"),
    (10 | (18 << 8), "SQLITE_IOERR_SHMOPEN"),
    (10 | (19 << 8), "SQLITE_IOERR_SHMSIZE"),
    (10 | (20 << 8), "SQLITE_IOERR_SHMLOCK"),
    (10 | (21 << 8), "SQLITE_IOERR_SHMMAP"),
    (10 | (22 << 8), "SQLITE_IOERR_SEEK"),
    (10 | (23 << 8), "SQLITE_IOERR_DELETE_NOENT"),
    (10 | (24 << 8), "SQLITE_IOERR_MMAP"),
    (10 | (25 << 8), "SQLITE_IOERR_GETTEMPPATH"),
    (10 | (26 << 8), "SQLITE_IOERR_CONVPATH"),
    (10 | (27 << 8), "SQLITE_IOERR_VNODE"),
    (10 | (28 << 8), "SQLITE_IOERR_AUTH"),
    (10 | (29 << 8), "SQLITE_IOERR_BEGIN_ATOMIC"),
    (10 | (30 << 8), "SQLITE_IOERR_COMMIT_ATOMIC"),
    (10 | (31 << 8), "SQLITE_IOERR_ROLLBACK_ATOMIC"),
    (10 | (32 << 8), "SQLITE_IOERR_DATA"),
    (10 | (33 << 8), "SQLITE_IOERR_CORRUPTFS"),
    (10 | (34 << 8), "SQLITE_IOERR_IN_PAGE"),
    (10 | (35 << 8), "SQLITE_IOERR_BADKEY"),
    (10 | (36 << 8), "SQLITE_IOERR_CODEC"),
    (11 | (1 << 8), "SQLITE_CORRUPT_VTAB"),
    (11 | (2 << 8), "SQLITE_CORRUPT_SEQUENCE"),
    (11 | (3 << 8), "SQLITE_CORRUPT_INDEX"),
    (14 | (1 << 8), "SQLITE_CANTOPEN_NOTEMPDIR"),
    (14 | (2 << 8), "SQLITE_CANTOPEN_ISDIR"),
    (14 | (3 << 8), "SQLITE_CANTOPEN_FULLPATH"),
    (14 | (4 << 8), "SQLITE_CANTOPEN_CONVPATH"),
    (14 | (5 << 8), "SQLITE_CANTOPEN_DIRTYWAL"),
    (14 | (6 << 8), "SQLITE_CANTOPEN_SYMLINK"),
    (19 | (1 << 8), "SQLITE_CONSTRAINT_CHECK"),
    (19 | (2 << 8), "SQLITE_CONSTRAINT_COMMITHOOK"),
    (19 | (3 << 8), "SQLITE_CONSTRAINT_FOREIGNKEY"),
    (19 | (4 << 8), "SQLITE_CONSTRAINT_FUNCTION"),
    (19 | (5 << 8), "SQLITE_CONSTRAINT_NOTNULL"),
    (19 | (6 << 8), "SQLITE_CONSTRAINT_PRIMARYKEY"),
    (19 | (7 << 8), "SQLITE_CONSTRAINT_TRIGGER"),
    (19 | (8 << 8), "SQLITE_CONSTRAINT_UNIQUE"),
    (19 | (9 << 8), "SQLITE_CONSTRAINT_VTAB"),
    (19 | (10 << 8), "SQLITE_CONSTRAINT_ROWID"),
    (19 | (11 << 8), "SQLITE_CONSTRAINT_PINNED"),
    (19 | (12 << 8), "SQLITE_CONSTRAINT_DATATYPE"),
    (23 | (1 << 8), "SQLITE_AUTH_USER"),
    (27 | (1 << 8), "SQLITE_NOTICE_RECOVER_WAL"),
    (27 | (2 << 8), "SQLITE_NOTICE_RECOVER_ROLLBACK"),
    (27 | (3 << 8), "SQLITE_NOTICE_RBU"),
    (28 | (1 << 8), "SQLITE_WARNING_AUTOINDEX"),
    (extended::EDGELITE_MISUSE_CLOSED, "EDGELITE_MISUSE_CLOSED"),
    (extended::EDGELITE_MISUSE_NO_STATEMENT, "EDGELITE_MISUSE_NO_STATEMENT"),
    (extended::EDGELITE_MISUSE_MANY_STATEMENTS, "EDGELITE_MISUSE_MANY_STATEMENTS"),
    (extended::EDGELITE_RANGE_PARAMETER, "EDGELITE_RANGE_PARAMETER"),
    (extended::EDGELITE_REMOTE_CONNECT, "EDGELITE_REMOTE_CONNECT"),
    (extended::EDGELITE_REMOTE_TIMEOUT, "EDGELITE_REMOTE_TIMEOUT"),
    (extended::EDGELITE_REMOTE_TRANSACTION_LOST, "EDGELITE_REMOTE_TRANSACTION_LOST"),
    (extended::EDGELITE_REMOTE_SERVER, "EDGELITE_REMOTE_SERVER"),
    (extended::EDGELITE_REMOTE_NAMESPACE, "EDGELITE_REMOTE_NAMESPACE"),
    (extended::EDGELITE_AUTH_FORBIDDEN, "EDGELITE_AUTH_FORBIDDEN"),
    (extended::EDGELITE_SYNC_GENERATION, "EDGELITE_SYNC_GENERATION"),
    (extended::EDGELITE_SYNC_NOT_A_REPLICA, "EDGELITE_SYNC_NOT_A_REPLICA"),
];

/// The name of an extended (or primary) code: `2067` → `"SQLITE_CONSTRAINT_UNIQUE"`,
/// `19` → `"SQLITE_CONSTRAINT"`. Unknown extended codes fall back to their primary's name.
pub fn code_name(extended_code: i32) -> &'static str {
    EXTENDED_NAMES
        .iter()
        .find(|(code, _)| *code == extended_code)
        .map(|(_, name)| *name)
        .unwrap_or_else(|| ErrorCode::from_raw(extended_code).name())
}

/// The extended code for a name, the inverse of [`code_name`]; accepts primary names too.
pub fn code_from_name(name: &str) -> Option<i32> {
    EXTENDED_NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(code, _)| *code)
        .or_else(|| ErrorCode::ALL.iter().find(|c| c.name() == name).map(|c| c.raw()))
}

/// Every extended code with its name (SQLite's and edgelite's), for binding tests that check
/// their mapping table covers all of them.
pub fn all_extended_codes() -> &'static [(i32, &'static str)] {
    EXTENDED_NAMES
}

/// An error from any edgelite operation.
///
/// ```
/// # use edgelite::{Database, ErrorCode};
/// let conn = Database::open(":memory:")?.connect()?;
/// conn.execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE)")?;
/// conn.execute("INSERT INTO t(v) VALUES ('a')", ())?;
/// let err = conn.execute("INSERT INTO t(v) VALUES ('a')", ()).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::Constraint);
/// assert_eq!(err.name(), "SQLITE_CONSTRAINT_UNIQUE");
/// # Ok::<(), edgelite::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    // Boxed: results are on every hot path, and a pointer-sized error keeps them small.
    inner: Box<ErrorInner>,
}

#[derive(Clone, Debug, PartialEq)]
struct ErrorInner {
    extended_code: i32,
    message: String,
    statement_index: Option<usize>,
}

impl Error {
    /// An error with an explicit extended (or primary) code and message.
    pub fn new(extended_code: i32, message: impl Into<String>) -> Error {
        Error { inner: Box::new(ErrorInner { extended_code, message: message.into(), statement_index: None }) }
    }

    /// An error with a primary code and message; its extended code is the primary code.
    pub fn with_code(code: ErrorCode, message: impl Into<String>) -> Error {
        Error::new(code.raw(), message)
    }

    pub(crate) fn misuse(message: impl Into<String>) -> Error {
        Error::with_code(ErrorCode::Misuse, message)
    }

    pub(crate) fn closed(what: &str) -> Error {
        Error::new(extended::EDGELITE_MISUSE_CLOSED, format!("{what} is closed"))
    }

    pub(crate) fn parameter(message: impl Into<String>) -> Error {
        Error::new(extended::EDGELITE_RANGE_PARAMETER, message)
    }

    pub(crate) fn mismatch(message: impl Into<String>) -> Error {
        Error::with_code(ErrorCode::TypeMismatch, message)
    }

    pub(crate) fn unsupported(message: impl Into<String>) -> Error {
        Error::with_code(ErrorCode::Unsupported, message)
    }

    /// The primary code.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::from_raw(self.inner.extended_code)
    }

    /// The extended code (SQLite's extended result code, e.g. 2067 for
    /// `SQLITE_CONSTRAINT_UNIQUE`), or the primary code when there is no finer one.
    pub fn extended_code(&self) -> i32 {
        self.inner.extended_code
    }

    /// The name of the extended code, e.g. `"SQLITE_CONSTRAINT_UNIQUE"` or `"SQLITE_BUSY"`.
    pub fn name(&self) -> &'static str {
        code_name(self.inner.extended_code)
    }

    /// The human-readable message (from SQLite, the server, or edgelite).
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// For errors from [`Connection::batch`](crate::Connection::batch): the zero-based index of
    /// the statement that failed.
    pub fn statement_index(&self) -> Option<usize> {
        self.inner.statement_index
    }

    pub(crate) fn at_statement(mut self, index: usize) -> Error {
        self.inner.statement_index = Some(index);
        self
    }

    /// Whether retrying the same call, unchanged, may succeed: lock contention, a stale schema,
    /// or a transient network failure. A lost transaction is not retryable by itself (the
    /// whole transaction must be run again), nor is a missing namespace.
    pub fn is_retryable(&self) -> bool {
        self.code().is_retryable()
            && !matches!(
                self.inner.extended_code,
                extended::EDGELITE_REMOTE_TRANSACTION_LOST | extended::EDGELITE_REMOTE_NAMESPACE
            )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.inner.message)?;
        if let Some(index) = self.inner.statement_index {
            write!(f, " (statement {index})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extended_code_belongs_to_its_primary() {
        for (code, name) in all_extended_codes() {
            let primary = ErrorCode::from_raw(*code);
            assert!(!matches!(primary, ErrorCode::Unknown(_)), "{name}");
            let stem = |n: &'static str| n.trim_start_matches("SQLITE_").trim_start_matches("EDGELITE_");
            assert!(stem(name).starts_with(stem(primary.name())), "{name} is not under {}", primary.name());
            assert_eq!(code_from_name(name), Some(*code));
        }
    }

    #[test]
    fn primary_codes_round_trip() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_raw(code.raw()), *code);
            assert_eq!(code_name(code.raw()), code.name());
            assert!(code.raw() < 256);
        }
        assert_eq!(ErrorCode::from_raw(2067), ErrorCode::Constraint);
        assert_eq!(ErrorCode::from_raw(77), ErrorCode::Unknown(77));
    }

    #[test]
    fn retryable() {
        assert!(Error::with_code(ErrorCode::Busy, "x").is_retryable());
        assert!(Error::new(extended::EDGELITE_REMOTE_CONNECT, "x").is_retryable());
        assert!(!Error::new(extended::EDGELITE_REMOTE_TRANSACTION_LOST, "x").is_retryable());
        assert!(!Error::with_code(ErrorCode::Constraint, "x").is_retryable());
    }
}
