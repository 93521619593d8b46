//! Application-defined SQL functions and online backup.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use edgelite::{Aggregate, Database, ErrorCode, FunctionArgs, Value, ValueRef};

fn conn() -> edgelite::Connection {
    Database::open(":memory:").unwrap().connect().unwrap()
}

#[test]
fn scalar_functions_see_typed_arguments_and_return_any_type() {
    let conn = conn();
    conn.create_scalar_function("describe", -1, true, |args| {
        let parts: Vec<String> = (0..args.len())
            .map(|i| match args.get(i) {
                ValueRef::Null => "null".into(),
                ValueRef::Integer(v) => format!("int {v}"),
                ValueRef::Real(v) => format!("real {v}"),
                ValueRef::Text(t) => format!("text {}", String::from_utf8_lossy(t)),
                ValueRef::Blob(b) => format!("blob {}", b.len()),
            })
            .collect();
        Ok(Value::Text(parts.join(", ")))
    })
    .unwrap();
    let described: String =
        conn.query_row("SELECT describe(NULL, 9223372036854775807, 1.5, 'é', x'0102')", (), |r| r.get(0)).unwrap();
    assert_eq!(described, "null, int 9223372036854775807, real 1.5, text é, blob 2");
    conn.create_scalar_function("blobify", 1, true, |args| {
        Ok(Value::Blob(args.to_values().len().to_le_bytes().to_vec()))
    })
    .unwrap();
    assert_eq!(conn.query_row("SELECT length(blobify(1))", (), |r| r.get::<i64>(0)).unwrap(), 8);
}

#[test]
fn errors_and_panics_in_functions_fail_the_statement() {
    let conn = conn();
    conn.create_scalar_function("fail", 0, false, |_| {
        Err(edgelite::Error::with_code(ErrorCode::SqlError, "no thanks"))
    })
    .unwrap();
    let err = conn.query_row("SELECT fail()", (), |r| r.get::<i64>(0)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SqlError);
    assert!(err.message().contains("no thanks"), "{err}");
    conn.create_scalar_function("boom", 0, false, |_| panic!("kaboom")).unwrap();
    let err = conn.query_row("SELECT boom()", (), |r| r.get::<i64>(0)).unwrap_err();
    assert!(err.message().contains("kaboom"), "{err}");
    // The connection is still fine.
    assert_eq!(conn.query_row("SELECT 1", (), |r| r.get::<i64>(0)).unwrap(), 1);
}

#[test]
fn wrong_arity_and_removed_functions_are_errors() {
    let conn = conn();
    conn.create_scalar_function("one", 1, true, |_| Ok(Value::Integer(1))).unwrap();
    assert!(conn.query_row("SELECT one()", (), |r| r.get::<i64>(0)).is_err());
    conn.remove_function("one", 1).unwrap();
    let err = conn.query_row("SELECT one(1)", (), |r| r.get::<i64>(0)).unwrap_err();
    assert!(err.message().contains("no such function"), "{err}");
    assert_eq!(conn.create_scalar_function("x", 200, true, |_| Ok(Value::Null)).unwrap_err().code(), ErrorCode::Misuse);
}

struct Product {
    value: i64,
    rows: Arc<AtomicUsize>,
}

impl Aggregate for Product {
    fn step(&mut self, args: &FunctionArgs<'_>) -> edgelite::Result<()> {
        self.rows.fetch_add(1, Ordering::Relaxed);
        if let ValueRef::Integer(v) = args.get(0) {
            self.value *= v;
        }
        Ok(())
    }

    fn finalize(&mut self) -> edgelite::Result<Value> {
        Ok(Value::Integer(self.value))
    }
}

#[test]
fn aggregates_keep_one_state_per_group() {
    let conn = conn();
    let rows = Arc::new(AtomicUsize::new(0));
    let counter = rows.clone();
    conn.create_aggregate_function("product", 1, true, move || Product { value: 1, rows: counter.clone() }).unwrap();
    conn.execute_batch("CREATE TABLE t(g, v); INSERT INTO t VALUES ('a', 2), ('a', 3), ('b', 5), ('b', 7), ('b', 1);")
        .unwrap();
    let groups = conn.query("SELECT g, product(v) FROM t GROUP BY g ORDER BY g", ()).unwrap().collect_values().unwrap();
    assert_eq!(
        groups,
        vec![vec![Value::Text("a".into()), Value::Integer(6)], vec![Value::Text("b".into()), Value::Integer(35)]]
    );
    assert_eq!(rows.load(Ordering::Relaxed), 5);
    // No rows: one finalize from a fresh state.
    assert_eq!(conn.query_row("SELECT product(v) FROM t WHERE 0", (), |r| r.get::<i64>(0)).unwrap(), 1);
}

#[test]
fn functions_are_refused_on_remote_connections() {
    // No server needed: the error comes before any request.
    let remote = Database::open("http://127.0.0.1:9").unwrap().connect().unwrap();
    let err = remote.create_scalar_function("f", 0, true, |_| Ok(Value::Null)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unsupported);
}

#[test]
fn backup_copies_a_live_database_in_steps() {
    let dir = tempfile::tempdir().unwrap();
    let source = Database::open(dir.path().join("source.db").to_str().unwrap()).unwrap().connect().unwrap();
    source.execute_batch("CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO t SELECT randomblob(100) FROM n;").unwrap();
    let dest = Database::open(dir.path().join("dest.db").to_str().unwrap()).unwrap().connect().unwrap();
    let mut steps = Vec::new();
    source.backup(&dest, 20, Duration::ZERO, &mut |p| steps.push(p)).unwrap();
    assert!(steps.len() > 1, "copied in several steps");
    assert_eq!(steps.last().unwrap().remaining, 0);
    assert_eq!(dest.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 5000);
    // And to a file.
    source.backup_to_file(dir.path().join("copy.db")).unwrap();
    let copy = Database::open(dir.path().join("copy.db").to_str().unwrap()).unwrap().connect().unwrap();
    assert_eq!(copy.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 5000);
    // Into itself: a clear error.
    assert_eq!(source.backup(&source, -1, Duration::ZERO, &mut |_| {}).unwrap_err().code(), ErrorCode::Misuse);
}
