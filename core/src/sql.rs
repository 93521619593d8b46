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
