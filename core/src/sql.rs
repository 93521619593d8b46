//! SQL text helpers that need SQLite's tokenizer.

use std::ffi::CString;

use rusqlite::ffi;

/// Whether `sql` ends with a complete statement: a `;` outside strings, comments and trigger
/// bodies (SQLite's `sqlite3_complete`). Text containing a NUL byte is never complete.
pub fn is_complete(sql: &str) -> bool {
    let Ok(c) = CString::new(sql) else { return false };
    // SAFETY: `c` is NUL-terminated; sqlite3_complete only reads it.
    unsafe { ffi::sqlite3_complete(c.as_ptr()) != 0 }
}

/// Splits a script into its statements, each including its `;`. A trailing statement without
/// `;` is returned as is; text that is only whitespace is dropped.
///
/// ```
/// let parts = edgelite::sql::split_statements("SELECT ';'; CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END; SELECT 2");
/// assert_eq!(parts, ["SELECT ';';", "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;", "SELECT 2"]);
/// ```
pub fn split_statements(sql: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in sql.match_indices(';') {
        let candidate = &sql[start..=i];
        if is_complete(candidate) {
            if !candidate.trim().trim_end_matches(';').trim().is_empty() {
                out.push(candidate.trim());
            }
            start = i + 1;
        }
    }
    let rest = sql[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// If `sql` starts with libSQL's read-only `BEGIN` — `BEGIN [DEFERRED] [TRANSACTION] READONLY`,
/// which SQLite itself would reject or read as a transaction *named* READONLY — the length of
/// that statement (with its `;`, if any).
pub fn read_only_begin_len(sql: &str) -> Option<usize> {
    let mut rest = sql;
    let take_word = |rest: &mut &str| -> Option<String> {
        *rest = skip_space_and_comments(rest);
        let end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        let word = rest[..end].to_ascii_uppercase();
        *rest = &rest[end..];
        Some(word)
    };
    if take_word(&mut rest)? != "BEGIN" {
        return None;
    }
    let mut word = take_word(&mut rest)?;
    if word == "DEFERRED" {
        word = take_word(&mut rest)?;
    }
    if word == "TRANSACTION" {
        word = take_word(&mut rest)?;
    }
    if word != "READONLY" {
        return None;
    }
    let after = skip_space_and_comments(rest);
    let end = match after.strip_prefix(';') {
        Some(_) => sql.len() - after.len() + 1,
        None if after.is_empty() => sql.len(),
        None => return None,
    };
    Some(end)
}

/// What a statement does to transactions, from its first keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionControl {
    /// `BEGIN …`; `read_only` for libSQL's `BEGIN … READONLY`.
    Begin { read_only: bool },
    /// `SAVEPOINT name` (which starts a transaction outside one).
    Savepoint,
    /// `RELEASE [SAVEPOINT] name` or `ROLLBACK [TRANSACTION] TO [SAVEPOINT] name`.
    SavepointEnd,
    /// `COMMIT`, `END` or `ROLLBACK`.
    End,
    /// Not a transaction statement.
    None,
}

/// Classifies `sql` by its first keywords (the rest is not checked).
///
/// ```
/// use edgelite::sql::{transaction_control, TransactionControl};
/// assert_eq!(transaction_control("begin immediate"), TransactionControl::Begin { read_only: false });
/// assert_eq!(transaction_control("BEGIN TRANSACTION READONLY"), TransactionControl::Begin { read_only: true });
/// assert_eq!(transaction_control("rollback to sp"), TransactionControl::SavepointEnd);
/// assert_eq!(transaction_control("ROLLBACK"), TransactionControl::End);
/// assert_eq!(transaction_control("SELECT 1"), TransactionControl::None);
/// ```
pub fn transaction_control(sql: &str) -> TransactionControl {
    let mut rest = sql;
    let mut next_word = || {
        rest = skip_space_and_comments(rest);
        let end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let word = rest[..end].to_ascii_uppercase();
        rest = &rest[end..];
        word
    };
    match next_word().as_str() {
        "BEGIN" => TransactionControl::Begin { read_only: read_only_begin_len(sql).is_some() },
        "SAVEPOINT" => TransactionControl::Savepoint,
        "RELEASE" => TransactionControl::SavepointEnd,
        "COMMIT" | "END" => TransactionControl::End,
        "ROLLBACK" => {
            let mut word = next_word();
            if word == "TRANSACTION" {
                word = next_word();
            }
            if word == "TO" {
                TransactionControl::SavepointEnd
            } else {
                TransactionControl::End
            }
        }
        _ => TransactionControl::None,
    }
}

fn skip_space_and_comments(mut s: &str) -> &str {
    loop {
        let trimmed = s.trim_start();
        if let Some(rest) = trimmed.strip_prefix("--") {
            s = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if let Some(rest) = trimmed.strip_prefix("/*") {
            s = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else {
            return trimmed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_begin_forms() {
        for sql in [
            "BEGIN READONLY",
            "begin transaction readonly;",
            " /* c */ BEGIN DEFERRED TRANSACTION READONLY ; ",
            "BEGIN TRANSACTION READONLY -- x",
        ] {
            assert!(read_only_begin_len(sql).is_some(), "{sql}");
        }
        assert_eq!(read_only_begin_len("BEGIN READONLY; SELECT 1"), Some(15));
        for sql in [
            "BEGIN",
            "BEGIN IMMEDIATE",
            "BEGIN TRANSACTION",
            "BEGIN READONLYX",
            "SELECT 'BEGIN READONLY'",
            "BEGIN READONLY SELECT",
        ] {
            assert_eq!(read_only_begin_len(sql), None, "{sql}");
        }
    }
}

/// Whether `sql` is certainly a read (it starts with `SELECT`, `VALUES` or `EXPLAIN`), so
/// running it twice changes nothing; used to decide what may be retried after a connection
/// died with the request in flight.
pub fn is_read_only_sql(sql: &str) -> bool {
    let rest = skip_space_and_comments(sql);
    let end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
    matches!(rest[..end].to_ascii_uppercase().as_str(), "SELECT" | "VALUES" | "EXPLAIN")
}

#[cfg(test)]
mod read_only_tests {
    #[test]
    fn reads() {
        for sql in ["SELECT 1", " -- c\n select x from t", "VALUES (1)", "EXPLAIN DELETE FROM t"] {
            assert!(super::is_read_only_sql(sql), "{sql}");
        }
        for sql in ["INSERT INTO t VALUES (1)", "WITH x AS (SELECT 1) DELETE FROM t", "PRAGMA foo = 1", "", "SELECTx"] {
            assert!(!super::is_read_only_sql(sql), "{sql}");
        }
    }
}

/// The pragmas that set a property of one connection (not of the database file) and change what
/// later statements do. A remote connection replays them on every new server stream, and a
/// replica applies them on both its local file and the primary.
const CONNECTION_SETTINGS: &[&str] = &[
    "automatic_index",
    "busy_timeout",
    "case_sensitive_like",
    "cell_size_check",
    "foreign_keys",
    "ignore_check_constraints",
    "legacy_alter_table",
    "query_only",
    "recursive_triggers",
    "reverse_unordered_selects",
    "trusted_schema",
];

/// If `sql` is one statement assigning a connection setting (`PRAGMA foreign_keys = ON`,
/// `PRAGMA main.recursive_triggers(1)`), the setting's lowercase name.
///
/// ```
/// use edgelite::sql::connection_setting;
/// assert_eq!(connection_setting("PRAGMA foreign_keys = ON;").as_deref(), Some("foreign_keys"));
/// assert_eq!(connection_setting("pragma main.Busy_Timeout(100)").as_deref(), Some("busy_timeout"));
/// assert_eq!(connection_setting("PRAGMA foreign_keys"), None); // a query, not an assignment
/// assert_eq!(connection_setting("PRAGMA journal_mode = WAL"), None); // a property of the file
/// assert_eq!(connection_setting("PRAGMA foreign_keys = ON; DELETE FROM t"), None);
/// ```
pub fn connection_setting(sql: &str) -> Option<String> {
    if split_statements(sql).len() != 1 {
        return None;
    }
    let rest = skip_space_and_comments(sql);
    let keyword = rest.get(..6)?;
    if !keyword.eq_ignore_ascii_case("PRAGMA") {
        return None;
    }
    let rest = skip_space_and_comments(&rest[6..]);
    let name_end = |s: &str| s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    let mut end = name_end(rest);
    let mut name = &rest[..end];
    let mut after = skip_space_and_comments(&rest[end..]);
    if let Some(qualified) = after.strip_prefix('.') {
        let qualified = skip_space_and_comments(qualified);
        end = name_end(qualified);
        name = &qualified[..end];
        after = skip_space_and_comments(&qualified[end..]);
    }
    let name = name.to_ascii_lowercase();
    let assigns = after.starts_with('=') || after.starts_with('(');
    (assigns && CONNECTION_SETTINGS.contains(&name.as_str())).then_some(name)
}
