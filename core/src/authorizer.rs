//! Authorizers: a callback SQLite consults while preparing each statement, to allow, deny or
//! ignore each action it takes (see SQLite's `sqlite3_set_authorizer`).

/// One action SQLite asks about.
#[derive(Clone, Copy, Debug)]
pub struct AuthRequest<'a> {
    /// SQLite's action code (`SQLITE_ATTACH` = 24, `SQLITE_PRAGMA` = 19, …); see [`action`].
    pub action: i32,
    /// The action's first argument (e.g. the file name for `ATTACH`, the pragma name).
    pub arg1: Option<&'a str>,
    /// The action's second argument (e.g. the pragma's value).
    pub arg2: Option<&'a str>,
    /// The schema (`main`, `temp`, …), where it applies.
    pub database: Option<&'a str>,
    /// The innermost trigger or view the access comes from, if any.
    pub accessor: Option<&'a str>,
}

/// What the authorizer decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthDecision {
    /// Allow the action.
    Allow,
    /// Refuse the statement: preparing it fails with `SQLITE_AUTH`.
    Deny,
    /// Allow the statement, but treat this column read as NULL / skip this action.
    Ignore,
}

/// An authorizer callback. It runs on the thread preparing the statement and must not use the
/// connection.
pub type Authorizer = std::sync::Arc<dyn Fn(&AuthRequest<'_>) -> AuthDecision + Send + Sync>;

/// SQLite's authorizer action codes.
pub mod action {
    pub const CREATE_INDEX: i32 = 1;
    pub const CREATE_TABLE: i32 = 2;
    pub const CREATE_TEMP_INDEX: i32 = 3;
    pub const CREATE_TEMP_TABLE: i32 = 4;
    pub const CREATE_TEMP_TRIGGER: i32 = 5;
    pub const CREATE_TEMP_VIEW: i32 = 6;
    pub const DELETE: i32 = 9;
    pub const DROP_TABLE: i32 = 11;
    pub const DROP_TEMP_INDEX: i32 = 12;
    pub const DROP_TEMP_TABLE: i32 = 13;
    pub const DROP_TEMP_TRIGGER: i32 = 14;
    pub const DROP_TEMP_VIEW: i32 = 15;
    pub const INSERT: i32 = 18;
    pub const PRAGMA: i32 = 19;
    pub const READ: i32 = 20;
    pub const SELECT: i32 = 21;
    pub const TRANSACTION: i32 = 22;
    pub const UPDATE: i32 = 23;
    pub const ATTACH: i32 = 24;
    pub const DETACH: i32 = 25;
    pub const ALTER_TABLE: i32 = 26;
    pub const CREATE_VTABLE: i32 = 29;
    pub const DROP_VTABLE: i32 = 30;
    pub const FUNCTION: i32 = 31;
    pub const SAVEPOINT: i32 = 32;
}

/// An authorizer for servers: it refuses `ATTACH` of any file (and so also `VACUUM INTO` a
/// file, which SQLite runs as an internal `ATTACH`), so that clients cannot read or create files
/// on the server. A private temporary database (`ATTACH ''` or `':memory:'`) and plain `VACUUM`
/// stay allowed.
pub fn deny_file_access() -> Authorizer {
    std::sync::Arc::new(|request: &AuthRequest<'_>| match request.action {
        action::ATTACH if !matches!(request.arg1, None | Some("") | Some(":memory:")) => AuthDecision::Deny,
        _ => AuthDecision::Allow,
    })
}

/// The authorizer servers install on every connection: [`deny_file_access`], and the pragmas
/// that would undo a primary's replication and durability settings are kept from taking effect:
/// - `journal_mode = WAL` is allowed (it is a no-op); other journal modes are refused;
/// - `locking_mode = …` is refused (exclusive locking would lock out every other client);
/// - `synchronous = …`, `wal_autocheckpoint = …` and `wal_checkpoint` are ignored: durability
///   and checkpoints are the server's (its frame capture checkpoints only what it has logged).
///
/// Reading these pragmas stays allowed.
pub fn for_servers() -> Authorizer {
    let files = deny_file_access();
    std::sync::Arc::new(move |request: &AuthRequest<'_>| {
        if request.action == action::PRAGMA {
            let name = request.arg1.unwrap_or("").to_ascii_lowercase();
            let value = request.arg2.map(|v| v.trim_matches(|c| c == '\'' || c == '"').to_ascii_lowercase());
            match (name.as_str(), value.as_deref()) {
                ("journal_mode", Some("wal")) => {}
                ("journal_mode" | "locking_mode", Some(_)) => return AuthDecision::Deny,
                ("synchronous" | "wal_autocheckpoint", Some(_)) | ("wal_checkpoint", _) => return AuthDecision::Ignore,
                _ => {}
            }
        }
        files(request)
    })
}
