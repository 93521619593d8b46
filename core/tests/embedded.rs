//! The core's embedded mode through its public API. Cross-binding behaviour lives in the
//! conformance suite; these tests cover what only Rust can reach (threads, guards, raw files).

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use edgelite::{named_params, params, Builder, Database, ErrorCode, Params, TransactionBehavior, Value};

fn memory() -> edgelite::Connection {
    Database::open(":memory:").unwrap().connect().unwrap()
}

#[test]
fn compiled_with_the_features_users_expect() {
    let conn = memory();
    let mut rows = conn.query("PRAGMA compile_options", ()).unwrap();
    let mut options = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        options.push(row.get::<String>(0).unwrap());
    }
    for wanted in [
        "ENABLE_DBPAGE_VTAB",
        "ENABLE_FTS5",
        "ENABLE_RTREE",
        "ENABLE_MATH_FUNCTIONS",
        "THREADSAFE=1",
        "DEFAULT_CACHE_SIZE=-16000",
        "DEFAULT_MEMSTATUS=0",
    ] {
        assert!(options.iter().any(|o| o == wanted), "{wanted} missing from {options:?}");
    }
    // JSON is built in; math, FTS5 and R*Tree work.
    let v: f64 = conn.query_row("SELECT json_extract('{\"a\":2.5}', '$.a') * pow(2, 1)", (), |r| r.get(0)).unwrap();
    assert_eq!(v, 5.0);
    conn.execute_batch("CREATE VIRTUAL TABLE f USING fts5(body); CREATE VIRTUAL TABLE r USING rtree(id, x0, x1);")
        .unwrap();
    // SQLite's own default: foreign keys are off until enabled.
    assert_eq!(conn.query_row("PRAGMA foreign_keys", (), |r| r.get::<i64>(0)).unwrap(), 0);
    assert!(edgelite::sqlite_version().starts_with("3."));
}

#[test]
fn values_round_trip_exactly() {
    let conn = memory();
    conn.execute_batch("CREATE TABLE t(v)").unwrap();
    let long = "x".repeat(1 << 20);
    let values = vec![
        Value::Integer(i64::MIN),
        Value::Integer(i64::MAX),
        Value::Integer((1 << 53) + 1),
        Value::Real(-0.0),
        Value::Real(f64::INFINITY),
        Value::Real(f64::NEG_INFINITY),
        Value::Real(1.5e-300),
        Value::Text(String::new()),
        Value::Text("héllo 🌍 \u{0}inside".into()),
        Value::Text(long.clone()),
        Value::Blob(Vec::new()),
        Value::Blob(vec![0, 1, 255]),
        Value::Null,
    ];
    for v in &values {
        conn.execute("INSERT INTO t VALUES (?)", [v]).unwrap();
    }
    let mut rows = conn.query("SELECT v, typeof(v) FROM t ORDER BY rowid", ()).unwrap();
    for expected in &values {
        let row = rows.next().unwrap().unwrap();
        assert_eq!(&row.get_value(0).unwrap(), expected);
        assert_eq!(row.get::<String>(1).unwrap(), expected.value_type().as_str());
    }
    assert!(rows.next().unwrap().is_none());
    // NaN binds as NULL, as in SQLite itself.
    let nan: Value = conn.query_row("SELECT ?", [f64::NAN], |r| r.get(0)).unwrap();
    assert_eq!(nan, Value::Null);
    // Invalid UTF-8 in TEXT reads with replacement characters.
    let text: Value = conn.query_row("SELECT CAST(x'61ff62' AS TEXT)", (), |r| r.get(0)).unwrap();
    assert_eq!(text, Value::Text("a\u{FFFD}b".into()));
}

#[test]
fn out_of_range_integers_are_errors_not_reals() {
    let conn = memory();
    let err = conn.execute("SELECT ?", [u64::MAX]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Range);
    let err = conn.query_row("SELECT 300", (), |r| r.get::<u8>(0)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TypeMismatch);
    let err = conn.query_row("SELECT 'a'", (), |r| r.get::<i64>(0)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TypeMismatch);
}

#[test]
fn parameter_styles_and_their_errors() {
    let conn = memory();
    let sum = |sql: &str, p: &dyn Params| conn.query_row(sql, p, |r| r.get::<i64>(0));
    assert_eq!(sum("SELECT ? + ?", &[1, 2]).unwrap(), 3);
    assert_eq!(sum("SELECT ?2 - ?1", &[1, 10]).unwrap(), 9);
    assert_eq!(sum("SELECT :a + @b + $c", &named_params! {":a": 1, "@b": 2, "$c": 3}).unwrap(), 6);
    assert_eq!(sum("SELECT :a + @b + $c", &named_params! {"a": 1, "b": 2, "c": 3}).unwrap(), 6);
    // Extra names are ignored; positional values fill named parameters in order.
    assert_eq!(sum("SELECT :a", &named_params! {"a": 1, "unused": 2}).unwrap(), 1);
    assert_eq!(sum("SELECT :a + :b", &[5, 6]).unwrap(), 11);
    let stmt = conn.prepare("SELECT ?, :name, ?5").unwrap();
    assert_eq!(stmt.parameter_count(), 5);
    assert_eq!(stmt.parameter_names()[..2], [None, Some(":name".to_owned())]);
    assert_eq!(stmt.parameter_name(5).as_deref(), Some("?5"));

    for (sql, p) in [
        ("SELECT ?", &Vec::<i64>::new() as &dyn Params),
        ("SELECT ?", &[1, 2]),
        ("SELECT :a + :b", &named_params! {"a": 1}),
        ("SELECT ?", &named_params! {"a": 1}),
        ("SELECT 1", &[1]),
    ] {
        let err = conn.query_row(sql, p, |r| r.get::<Value>(0)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Range, "{sql}: {err}");
        assert_eq!(err.name(), "EDGELITE_RANGE_PARAMETER");
    }
    // The connection is fine after binding errors.
    assert_eq!(sum("SELECT ?", &[7]).unwrap(), 7);
}

#[test]
fn sqlite_errors_carry_extended_codes() {
    let conn = memory();
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         CREATE TABLE p(id INTEGER PRIMARY KEY);
         CREATE TABLE c(id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id), v TEXT NOT NULL UNIQUE CHECK (v <> 'bad'));
         INSERT INTO p VALUES (1);
         INSERT INTO c VALUES (1, 1, 'a');",
    )
    .unwrap();
    let cases = [
        ("SELEC 1", "SQLITE_ERROR"),
        ("SELECT * FROM missing", "SQLITE_ERROR"),
        ("INSERT INTO c VALUES (2, 1, 'a')", "SQLITE_CONSTRAINT_UNIQUE"),
        ("INSERT INTO c VALUES (1, 1, 'b')", "SQLITE_CONSTRAINT_PRIMARYKEY"),
        ("INSERT INTO c VALUES (2, 1, NULL)", "SQLITE_CONSTRAINT_NOTNULL"),
        ("INSERT INTO c VALUES (2, 1, 'bad')", "SQLITE_CONSTRAINT_CHECK"),
        ("INSERT INTO c VALUES (2, 9, 'b')", "SQLITE_CONSTRAINT_FOREIGNKEY"),
    ];
    for (sql, name) in cases {
        let err = conn.execute(sql, ()).unwrap_err();
        assert_eq!(err.name(), name, "{sql}: {err}");
        assert!(!err.message().is_empty());
        assert!(!err.is_retryable());
    }
}

#[test]
fn prepare_wants_exactly_one_statement() {
    let conn = memory();
    for sql in ["SELECT 1; SELECT 2", "", "  -- only a comment"] {
        let err = conn.prepare(sql).err().unwrap();
        assert_eq!(err.code(), ErrorCode::Misuse, "{sql:?}");
    }
    // Trailing semicolons and comments are fine.
    assert_eq!(conn.query_row("SELECT 1; -- done", (), |r| r.get::<i64>(0)).unwrap(), 1);
}

#[test]
fn closed_connections_and_statements_fail_cleanly() {
    let db = Database::open(":memory:").unwrap();
    let conn = db.connect().unwrap();
    let mut stmt = conn.prepare("SELECT 1").unwrap();
    let mut rows = conn.query("SELECT 1 UNION ALL SELECT 2", ()).unwrap();
    assert!(rows.next().unwrap().is_some());
    conn.close().unwrap();
    conn.close().unwrap();
    assert!(conn.is_closed());
    for err in [
        conn.execute("SELECT 1", ()).unwrap_err(),
        conn.prepare("SELECT 1").err().unwrap(),
        conn.is_autocommit().unwrap_err(),
        stmt.execute(()).unwrap_err(),
        rows.next().err().unwrap(),
    ] {
        assert_eq!(err.code(), ErrorCode::Misuse);
        assert_eq!(err.name(), "EDGELITE_MISUSE_CLOSED");
    }
    conn.interrupt(); // harmless after close
    drop(stmt);
    drop(rows);
    // The database is still usable through new connections.
    assert_eq!(db.connect().unwrap().query_row("SELECT 2", (), |r| r.get::<i64>(0)).unwrap(), 2);
}

#[test]
fn bad_paths_and_files_are_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bad = dir.path().join(std::ffi::OsStr::from_bytes(b"bad-\xff.db"));
        let err = Builder::local(&bad).build().err().unwrap();
        assert_eq!(err.code(), ErrorCode::CannotOpen);
    }
    let err = Database::open(&format!("{}/a\0b.db", dir.path().display())).err().unwrap();
    assert_eq!(err.code(), ErrorCode::CannotOpen);

    let not_db = dir.path().join("notes.txt");
    std::fs::write(&not_db, "this is not a database, just some text that is long enough to matter").unwrap();
    let err = Builder::local(&not_db).build().err().unwrap();
    assert_eq!(err.code(), ErrorCode::NotADatabase, "{err}");

    let err = Database::open(&dir.path().display().to_string()).err().unwrap();
    assert_eq!(err.code(), ErrorCode::CannotOpen, "{err}");

    let missing = dir.path().join("missing.db");
    let err = Builder::local(&missing).create_if_missing(false).build().err().unwrap();
    assert_eq!(err.code(), ErrorCode::CannotOpen);
    assert!(!missing.exists());
}

#[test]
fn read_only_databases_and_transactions_refuse_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    Database::open(path.to_str().unwrap()).unwrap().connect().unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
    let ro = Builder::local(&path).read_only(true).build().unwrap().connect().unwrap();
    assert_eq!(ro.execute("INSERT INTO t VALUES (1)", ()).unwrap_err().code(), ErrorCode::ReadOnly);
    assert_eq!(ro.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 0);

    let conn = memory();
    conn.execute_batch("CREATE TABLE t(x)").unwrap();
    conn.begin(TransactionBehavior::ReadOnly).unwrap();
    assert_eq!(conn.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 0);
    let err = conn.execute("INSERT INTO t VALUES (1)", ()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    conn.commit().unwrap();
    conn.execute("INSERT INTO t VALUES (1)", ()).unwrap();
}

#[test]
fn transactions_and_savepoints() {
    let conn = memory();
    conn.execute_batch("CREATE TABLE t(x)").unwrap();
    let count = || conn.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap();
    {
        let tx = conn.transaction().unwrap();
        tx.execute("INSERT INTO t VALUES (1)", ()).unwrap();
        assert!(!tx.is_autocommit().unwrap());
        // dropped without commit: rolled back
    }
    assert!(conn.is_autocommit().unwrap());
    assert_eq!(count(), 0);

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
    tx.execute("INSERT INTO t VALUES (1)", ()).unwrap();
    {
        let sp = tx.savepoint("inner \"one\"").unwrap();
        sp.execute("INSERT INTO t VALUES (2)", ()).unwrap();
        sp.rollback().unwrap();
    }
    {
        let sp = tx.savepoint("two").unwrap();
        sp.execute("INSERT INTO t VALUES (3)", ()).unwrap();
        sp.release().unwrap();
    }
    tx.commit().unwrap();
    let values = conn.query("SELECT x FROM t ORDER BY x", ()).unwrap().collect_values().unwrap();
    assert_eq!(values, vec![vec![Value::Integer(1)], vec![Value::Integer(3)]]);

    // Exclusive, and the flat API.
    conn.begin(TransactionBehavior::Exclusive).unwrap();
    conn.execute("DELETE FROM t", ()).unwrap();
    conn.rollback().unwrap();
    assert_eq!(count(), 2);
    assert_eq!(conn.commit().unwrap_err().code(), ErrorCode::SqlError);
}

#[test]
fn batches_are_atomic() {
    let conn = memory();
    conn.execute_batch("CREATE TABLE t(x INTEGER UNIQUE)").unwrap();
    let results = conn
        .batch(&[
            ("INSERT INTO t VALUES (?)", &[1]),
            ("INSERT INTO t VALUES (2) RETURNING x * 10", &()),
            ("SELECT count(*) FROM t", &()),
        ])
        .unwrap();
    assert_eq!(results[0].changes, 1);
    assert_eq!(results[0].last_insert_rowid, 1);
    assert_eq!(results[1].rows, vec![vec![Value::Integer(20)]]);
    assert_eq!(results[2].rows, vec![vec![Value::Integer(2)]]);
    assert_eq!(results[2].changes, 0);

    let err = conn.batch(&[("INSERT INTO t VALUES (3)", &()), ("INSERT INTO t VALUES (1)", &())]).unwrap_err();
    assert_eq!(err.statement_index(), Some(1));
    assert_eq!(err.name(), "SQLITE_CONSTRAINT_UNIQUE");
    assert!(conn.is_autocommit().unwrap());

    // Inside a transaction a failed batch undoes itself only.
    conn.begin(TransactionBehavior::Deferred).unwrap();
    conn.execute("INSERT INTO t VALUES (4)", ()).unwrap();
    assert!(conn.batch(&[("INSERT INTO t VALUES (5)", &() as &dyn Params), ("SELEC", &())]).is_err());
    assert!(!conn.is_autocommit().unwrap());
    conn.commit().unwrap();
    let all = conn.query("SELECT x FROM t ORDER BY x", ()).unwrap().collect_values().unwrap();
    assert_eq!(all.iter().map(|r| r[0].get::<i64>().unwrap()).collect::<Vec<_>>(), [1, 2, 4]);
}

#[test]
fn changes_and_last_insert_rowid() {
    let conn = memory();
    conn.execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, x)").unwrap();
    assert_eq!(conn.execute("INSERT INTO t(x) VALUES (1), (2), (3)", ()).unwrap(), 3);
    assert_eq!(conn.last_insert_rowid().unwrap(), 3);
    assert_eq!(conn.execute("UPDATE t SET x = x + 1 WHERE id > 1", ()).unwrap(), 2);
    assert_eq!(conn.changes().unwrap(), 2);
    // DDL and queries report 0 even though SQLite's changes() still says 2.
    assert_eq!(conn.execute("CREATE INDEX i ON t(x)", ()).unwrap(), 0);
    assert_eq!(conn.execute("SELECT * FROM t", ()).unwrap(), 0);
    assert_eq!(conn.total_changes().unwrap(), 5);
    conn.execute("INSERT INTO t(id, x) VALUES (?, 0)", [i64::MAX]).unwrap();
    assert_eq!(conn.last_insert_rowid().unwrap(), i64::MAX);
}

#[test]
fn column_metadata() {
    let conn = memory();
    conn.execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR(10), data BLOB)").unwrap();
    let stmt = conn.prepare("SELECT id, name AS n, data, 1 + 1 FROM t").unwrap();
    assert_eq!(stmt.column_names(), ["id", "n", "data", "1 + 1"]);
    let decl: Vec<_> = stmt.columns().iter().map(|c| c.decl_type()).collect();
    assert_eq!(decl, [Some("INTEGER"), Some("VARCHAR(10)"), Some("BLOB"), None]);
    assert_eq!(stmt.columns()[1].origin_name(), Some("name"));
    assert_eq!(stmt.columns()[1].table_name(), Some("t"));
    assert!(stmt.is_readonly());
    assert_eq!(conn.prepare("INSERT INTO t(name) VALUES (1)").unwrap().column_count(), 0);
    let row_by_name: String = conn.query_row("SELECT 'x' AS Label", (), |r| r.get("label")).unwrap();
    assert_eq!(row_by_name, "x");
    assert_eq!(conn.query_row("SELECT 1", (), |r| r.get::<i64>(3)).unwrap_err().code(), ErrorCode::Range);
    assert_eq!(conn.query_row("SELECT 1", (), |r| r.get::<i64>("nope")).unwrap_err().code(), ErrorCode::Range);
    assert_eq!(conn.query_row("SELECT 1 WHERE 0", (), |r| r.get::<i64>(0)).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn a_thread_holding_a_row_can_run_other_statements() {
    let conn = memory();
    conn.execute_batch("CREATE TABLE src(x); CREATE TABLE dst(x); INSERT INTO src VALUES (1), (2), (3);").unwrap();
    let mut rows = conn.query("SELECT x FROM src", ()).unwrap();
    while let Some(row) = rows.next().unwrap() {
        conn.execute("INSERT INTO dst VALUES (?)", [row.get::<i64>(0).unwrap() * 2]).unwrap();
    }
    assert_eq!(conn.query_row("SELECT sum(x) FROM dst", (), |r| r.get::<i64>(0)).unwrap(), 12);
}

#[test]
fn one_connection_shared_by_threads() {
    let conn = Arc::new(memory());
    conn.execute_batch("CREATE TABLE t(thread, i)").unwrap();
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let conn = conn.clone();
            std::thread::spawn(move || {
                for i in 0..200 {
                    conn.execute("INSERT INTO t VALUES (?, ?)", params![t, i]).unwrap();
                    let n: i64 = conn.query_row("SELECT count(*) FROM t WHERE thread = ?", [t], |r| r.get(0)).unwrap();
                    assert_eq!(n, i + 1);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(conn.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 1600);
}

#[test]
fn interrupt_stops_a_long_query_from_another_thread() {
    let conn = Arc::new(memory());
    let other = conn.clone();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        other.interrupt();
    });
    let err = conn
        .query_row("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", (), |r| {
            r.get::<i64>(0)
        })
        .unwrap_err();
    stopper.join().unwrap();
    assert_eq!(err.code(), ErrorCode::Interrupted);
    // The connection keeps working.
    assert_eq!(conn.query_row("SELECT 1", (), |r| r.get::<i64>(0)).unwrap(), 1);
}

#[test]
fn two_connections_busy_and_wal_isolation() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(dir.path().join("wal.db").to_str().unwrap()).unwrap();
    let writer = db.connect().unwrap();
    let reader = db.connect().unwrap();
    writer.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();

    writer.begin(TransactionBehavior::Immediate).unwrap();
    writer.execute("INSERT INTO t VALUES (2)", ()).unwrap();
    // The reader sees committed data only, and is not blocked.
    assert_eq!(reader.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 1);
    // A second writer is refused once its busy timeout runs out.
    reader.busy_timeout(Duration::ZERO).unwrap();
    let err = reader.execute("INSERT INTO t VALUES (3)", ()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Busy);
    assert!(err.is_retryable());
    writer.commit().unwrap();
    assert_eq!(reader.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 2);
}

#[test]
fn memory_databases_are_shared_by_their_connections() {
    let db = Database::open(":memory:").unwrap();
    db.connect().unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (42);").unwrap();
    let other = db.connect().unwrap();
    assert_eq!(other.query_row("SELECT x FROM t", (), |r| r.get::<i64>(0)).unwrap(), 42);
    // ...and not with other databases.
    let separate = Database::open(":memory:").unwrap().connect().unwrap();
    assert_eq!(separate.execute("SELECT * FROM t", ()).unwrap_err().code(), ErrorCode::SqlError);
}

#[test]
fn sync_is_a_typed_error_outside_replicas() {
    let db = Database::open(":memory:").unwrap();
    assert_eq!(db.sync().unwrap_err().code(), ErrorCode::Unsupported);
    assert_eq!(db.mode(), edgelite::Mode::Embedded);
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (ci/setup installs it)"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn files_are_plain_sqlite_files_both_ways() {
    let dir = tempfile::tempdir().unwrap();

    // sqlite3 shell → edgelite
    let from_shell = dir.path().join("shell.db");
    run(Command::new("sqlite3").arg(&from_shell).arg(
        "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v); INSERT INTO t(v) VALUES (9223372036854775807), ('text'), (x'00ff'), (1.5);",
    ));
    // Python's sqlite3 → edgelite
    let from_python = dir.path().join("python.db");
    run(Command::new("python3").arg("-c").arg(
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE t(id INTEGER PRIMARY KEY, v)'); \
         c.executemany('INSERT INTO t(v) VALUES (?)', [(9223372036854775807,), ('text',), (b'\\x00\\xff',), (1.5,)]); c.commit()",
    ).arg(&from_python));
    let expected =
        vec![Value::Integer(i64::MAX), Value::Text("text".into()), Value::Blob(vec![0, 255]), Value::Real(1.5)];
    for path in [&from_shell, &from_python] {
        let conn = Builder::local(path).build().unwrap().connect().unwrap();
        let rows = conn.query("SELECT v FROM t ORDER BY id", ()).unwrap().collect_values().unwrap();
        assert_eq!(rows.into_iter().map(|mut r| r.remove(0)).collect::<Vec<_>>(), expected, "{path:?}");
    }

    // edgelite → sqlite3 shell and Python
    let ours = dir.path().join("ours.db");
    {
        let conn = Builder::local(&ours).build().unwrap().connect().unwrap();
        conn.execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, v); CREATE INDEX iv ON t(v);").unwrap();
        let tx = conn.transaction().unwrap();
        for v in &expected {
            tx.execute("INSERT INTO t(v) VALUES (?)", [v]).unwrap();
        }
        tx.commit().unwrap();
    }
    let shell =
        run(Command::new("sqlite3").arg(&ours).arg("PRAGMA integrity_check; SELECT quote(v) FROM t ORDER BY id;"));
    assert_eq!(shell, "ok\n9223372036854775807\n'text'\nX'00FF'\n1.5\n");
    let python = run(Command::new("python3").arg("-c").arg(
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('SELECT v FROM t ORDER BY id').fetchall())",
    ).arg(&ours));
    assert_eq!(python.trim(), "[(9223372036854775807,), ('text',), (b'\\x00\\xff',), (1.5,)]");
}

/// docs/errors.md is the table bindings follow: every code in it must be the core's.
#[test]
fn errors_doc_matches_the_codes() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md")).unwrap();
    for code in ErrorCode::ALL {
        let row = format!("| {} | `{}` |", code.raw(), code.name());
        assert!(doc.contains(&row), "docs/errors.md lacks the row {row}");
    }
    let edgelite_extended: Vec<_> =
        edgelite::error::all_extended_codes().iter().filter(|(_, name)| name.starts_with("EDGELITE_")).collect();
    assert!(!edgelite_extended.is_empty());
    for (code, name) in edgelite_extended {
        let row = format!("| {code} | `{name}` |");
        assert!(doc.contains(&row), "docs/errors.md lacks the row {row}");
    }
}

#[test]
fn dump_recreates_schema_and_data_exactly() {
    let source = memory();
    source
        .execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v, note TEXT);
             CREATE INDEX t_v ON t(v);
             CREATE TABLE plain(x);
             CREATE VIEW big AS SELECT * FROM t WHERE id > 1;
             CREATE TRIGGER tr AFTER DELETE ON t BEGIN INSERT INTO plain VALUES (old.id); END;
             CREATE VIRTUAL TABLE docs USING fts5(body);
             INSERT INTO docs VALUES ('full text search');
             INSERT INTO plain VALUES (1), (2), (3); DELETE FROM plain WHERE x = 2;",
        )
        .unwrap();
    let values = [
        Value::Integer(i64::MIN),
        Value::Real(0.1),
        Value::Real(-0.0),
        Value::Real(f64::INFINITY),
        Value::Real(1e300),
        Value::Text("it's \n multi\u{0}line".into()),
        Value::Blob(vec![0, 255]),
        Value::Null,
    ];
    for v in &values {
        source.execute("INSERT INTO t(v, note) VALUES (?, 'x')", [v]).unwrap();
    }
    let mut text = Vec::new();
    edgelite::dump::dump(&source, &mut text, edgelite::dump::DumpOptions { preserve_rowids: true }).unwrap();
    let text = String::from_utf8(text).unwrap();

    let copy = memory();
    copy.execute_batch(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let read = |c: &edgelite::Connection, sql: &str| c.query(sql, ()).unwrap().collect_values().unwrap();
    for sql in [
        "SELECT id, v, typeof(v), note FROM t ORDER BY id",
        "SELECT rowid, x FROM plain ORDER BY rowid",
        "SELECT * FROM big",
        "SELECT body FROM docs WHERE docs MATCH 'search'",
        "SELECT seq FROM sqlite_sequence",
        "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'docs_%' ORDER BY name",
    ] {
        assert_eq!(read(&copy, sql), read(&source, sql), "{sql}\n{text}");
    }
    // The dump is also valid for the sqlite3 shell.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("restored.db");
    let mut child = Command::new("sqlite3")
        .arg(&path)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn file_access_authorizer_blocks_attach_and_vacuum_into() {
    let dir = tempfile::tempdir().unwrap();
    // A file database: VACUUM INTO writes through the main database's VFS.
    let conn = Builder::local(dir.path().join("main.db")).build().unwrap().connect().unwrap();
    conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    conn.set_authorizer(Some(edgelite::authorizer::deny_file_access())).unwrap();
    let target = dir.path().join("stolen.db");
    for sql in [format!("ATTACH '{}' AS x", target.display()), format!("VACUUM INTO '{}'", target.display())] {
        let err = conn.execute(&sql, ()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::AuthorizationDenied, "{sql}: {err}");
    }
    assert!(!target.exists());
    conn.execute("VACUUM", ()).unwrap();
    conn.execute("ATTACH ':memory:' AS scratch", ()).unwrap();
    conn.set_authorizer(None).unwrap();
    conn.execute(&format!("VACUUM INTO '{}'", target.display()), ()).unwrap();
    assert!(target.exists());
    // A panicking authorizer denies instead of unwinding into SQLite.
    conn.set_authorizer(Some(std::sync::Arc::new(|_: &edgelite::authorizer::AuthRequest<'_>| panic!("boom")))).unwrap();
    assert_eq!(conn.execute("SELECT 1", ()).unwrap_err().code(), ErrorCode::AuthorizationDenied);
}
