//! SQL text dumps of a database, like the `sqlite3` shell's `.dump`: running the output on an
//! empty database recreates the schema and the data.

use std::io::Write;

use crate::connection::{quote_identifier, Connection};
use crate::error::{Error, ErrorCode, Result};
use crate::value::ValueRef;

/// How to dump.
#[derive(Clone, Copy, Debug, Default)]
pub struct DumpOptions {
    /// Also write each row's `rowid` (for rowid tables without an `INTEGER PRIMARY KEY`, whose
    /// rowids would otherwise be renumbered).
    pub preserve_rowids: bool,
}

/// Writes a dump of `conn`'s main database to `out`, read in one transaction (so it is a
/// consistent snapshot) when the connection is not already in one.
///
/// ```
/// # use edgelite::{dump, Database};
/// let conn = Database::open(":memory:")?.connect()?;
/// conn.execute_batch("CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'it''s');")?;
/// let mut out = Vec::new();
/// dump::dump(&conn, &mut out, dump::DumpOptions::default())?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("INSERT INTO \"t\" VALUES(1,'it''s');"));
/// # Ok::<(), edgelite::Error>(())
/// ```
pub fn dump(conn: &Connection, out: &mut dyn Write, options: DumpOptions) -> Result<()> {
    let own_transaction = conn.is_autocommit()?;
    if own_transaction {
        conn.execute("BEGIN", ())?;
    }
    let result = write_dump(conn, out, options);
    if own_transaction {
        let _ = conn.execute("COMMIT", ());
    }
    result
}

fn io(err: std::io::Error) -> Error {
    Error::with_code(ErrorCode::IoError, format!("writing the dump failed: {err}"))
}

fn write_dump(conn: &Connection, out: &mut dyn Write, options: DumpOptions) -> Result<()> {
    writeln!(out, "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;").map_err(io)?;
    // Shadow tables (the storage of FTS5, R*Tree, ...) are rebuilt by their virtual tables.
    let tables = conn
        .query(
            "SELECT s.name, s.sql, coalesce(l.type, 'table'), coalesce(l.wr, 0) FROM sqlite_schema AS s \
             LEFT JOIN pragma_table_list AS l ON l.name = s.name AND l.schema = 'main' \
             WHERE s.type = 'table' AND s.sql IS NOT NULL AND coalesce(l.type, 'table') <> 'shadow' \
             AND (s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR s.name = 'sqlite_sequence') \
             ORDER BY s.name = 'sqlite_sequence', s.rowid",
            (),
        )?
        .collect_values()?;
    for table in tables {
        let name: String = table[0].get()?;
        let sql: String = table[1].get()?;
        let kind: String = table[2].get()?;
        let without_rowid = table[3].get::<i64>()? != 0;
        if name == "sqlite_sequence" {
            writeln!(out, "DELETE FROM sqlite_sequence;").map_err(io)?;
        } else {
            writeln!(out, "{sql};").map_err(io)?;
        }
        let rowid = options.preserve_rowids && kind == "table" && !without_rowid && name != "sqlite_sequence";
        write_rows(conn, out, &name, rowid)?;
    }
    let others = conn
        .query(
            "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND type IN ('index', 'trigger', 'view') \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
            (),
        )?
        .collect_values()?;
    for row in others {
        writeln!(out, "{};", row[0].get::<String>()?).map_err(io)?;
    }
    writeln!(out, "COMMIT;").map_err(io)
}

fn write_rows(conn: &Connection, out: &mut dyn Write, table: &str, rowid: bool) -> Result<()> {
    let quoted = quote_identifier(table);
    let select = if rowid { format!("SELECT rowid, * FROM {quoted}") } else { format!("SELECT * FROM {quoted}") };
    let mut rows = conn.query(&select, ())?;
    let columns: Vec<String> = rows.columns().iter().map(|c| quote_identifier(c.name())).collect();
    let target = if rowid { format!("{quoted}({})", columns.join(",")) } else { quoted };
    let mut line = String::new();
    while let Some(row) = rows.next()? {
        line.clear();
        line.push_str("INSERT INTO ");
        line.push_str(&target);
        line.push_str(" VALUES(");
        for i in 0..columns.len() {
            if i > 0 {
                line.push(',');
            }
            push_literal(&mut line, row.get_ref(i)?);
        }
        line.push_str(");\n");
        out.write_all(line.as_bytes()).map_err(io)?;
    }
    Ok(())
}

/// Appends `value` as an SQL literal that reads back as exactly the same value.
pub fn push_literal(out: &mut String, value: ValueRef<'_>) {
    use std::fmt::Write as _;
    let hex = |out: &mut String, bytes: &[u8]| {
        for b in bytes {
            let _ = write!(out, "{b:02X}");
        }
    };
    match value {
        ValueRef::Null => out.push_str("NULL"),
        ValueRef::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        ValueRef::Real(f) if f.is_infinite() => out.push_str(if f > 0.0 { "1e999" } else { "-1e999" }),
        // Debug is Rust's shortest round-trip form, and always has a '.' or an exponent.
        ValueRef::Real(f) => {
            let _ = write!(out, "{f:?}");
        }
        ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) if !text.contains('\0') => {
                out.push('\'');
                out.push_str(&text.replace('\'', "''"));
                out.push('\'');
            }
            // Bytes a string literal cannot hold exactly.
            _ => {
                out.push_str("CAST(X'");
                hex(out, bytes);
                out.push_str("' AS TEXT)");
            }
        },
        ValueRef::Blob(bytes) => {
            out.push_str("X'");
            hex(out, bytes);
            out.push('\'');
        }
    }
}
