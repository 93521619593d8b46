//! Compatibility with the official libSQL Rust client (`libsql` from crates.io) in remote mode,
//! against a real `edgelite serve` started by each test on a free loopback port.
//!
//! In remote mode the crate speaks Hrana 3 over HTTP in JSON: `execute` is a pipeline of
//! `batch`, `get_autocommit` and `close` on `/v3/pipeline`; `query` describes the statement on
//! `/v3/pipeline` and then runs it through `/v3/cursor`; transactions keep the stream open with
//! batons, and decide whether to close it from `get_autocommit`.
//!
//! Without its `tls` feature the crate needs a connector, so the tests give it hyper's plain
//! HTTP one (no CA certificates needed).

mod common;

use common::{connect_remote as connect, count, open_remote as open, rows, Keys, Serve};
use libsql::{named_params, params, TransactionBehavior, Value};
use serde_json::json;

/// The text of a failed call's error, checking that it came from the server over Hrana.
fn hrana_error(result: Result<impl std::fmt::Debug, libsql::Error>) -> String {
    match result {
        Err(err @ libsql::Error::Hrana(_)) => err.to_string(),
        other => panic!("expected a Hrana error from the server, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execute_and_query() {
    let server = Serve::start();
    let (_db, conn) = connect(&server.url, "").await;

    let created = conn
        .execute("CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, photo BLOB)", ())
        .await
        .unwrap();
    assert_eq!(created, 0);
    let inserted = conn
        .execute(
            "INSERT INTO people(name, score, photo) VALUES (?1, ?2, ?3)",
            params!["ada", 9.5, vec![0u8, 1, 254, 255]],
        )
        .await
        .unwrap();
    assert_eq!(inserted, 1);
    assert_eq!(conn.last_insert_rowid(), 1);
    conn.execute(
        "INSERT INTO people(name, score, photo) VALUES (:name, :score, :photo)",
        named_params! { ":name": "grace ✓", ":score": 7.25, ":photo": Value::Null },
    )
    .await
    .unwrap();
    assert_eq!(conn.last_insert_rowid(), 2);
    assert_eq!(conn.changes(), 1);
    assert!(conn.is_autocommit());

    // query: describe on /v3/pipeline, then the rows through /v3/cursor.
    let mut result =
        conn.query("SELECT id, name, score, photo FROM people WHERE id >= ?1 ORDER BY id", [1]).await.unwrap();
    assert_eq!(result.column_count(), 4);
    assert_eq!(
        (0..4).map(|i| result.column_name(i).unwrap().to_owned()).collect::<Vec<_>>(),
        ["id", "name", "score", "photo"]
    );
    let first = result.next().await.unwrap().expect("a first row");
    assert_eq!(first.get::<i64>(0).unwrap(), 1);
    assert_eq!(first.get::<String>(1).unwrap(), "ada");
    assert_eq!(first.get::<f64>(2).unwrap(), 9.5);
    assert_eq!(first.get_value(3).unwrap(), Value::Blob(vec![0, 1, 254, 255]));
    let second = result.next().await.unwrap().expect("a second row");
    assert_eq!(second.get::<String>(1).unwrap(), "grace ✓");
    assert_eq!(second.get_value(3).unwrap(), Value::Null);
    assert!(result.next().await.unwrap().is_none());
    drop(result);

    // A prepared statement: its columns come from the server's describe.
    let stmt = conn.prepare("SELECT ?1 + ?2 AS sum, :third AS third").await.unwrap();
    assert_eq!(stmt.column_count(), 2);
    assert_eq!(stmt.columns().iter().map(|c| c.name().to_owned()).collect::<Vec<_>>(), ["sum", "third"]);
    let row = stmt.query(params![40, 2, "x"]).await.unwrap().next().await.unwrap().unwrap();
    assert_eq!(row.get::<i64>(0).unwrap(), 42);
    assert_eq!(row.get::<String>(1).unwrap(), "x");

    // A bigger result through the cursor.
    conn.execute(
        "CREATE TABLE nums AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) \
         SELECT x, 'n' || x AS label FROM c",
        (),
    )
    .await
    .unwrap();
    let all = rows(&conn, "SELECT x, label FROM nums ORDER BY x", ()).await;
    assert_eq!(all.len(), 5000);
    for (i, row) in all.iter().enumerate() {
        let x = i as i64 + 1;
        assert_eq!(row, &vec![Value::Integer(x), Value::Text(format!("n{x}"))]);
    }

    // execute_batch: a script, split by the client into conditional batch steps.
    conn.execute_batch(
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); \
         INSERT INTO notes(body) VALUES ('one'); INSERT INTO notes(body) VALUES ('two');",
    )
    .await
    .unwrap();
    assert_eq!(
        rows(&conn, "SELECT body FROM notes ORDER BY id", ()).await,
        vec![vec![Value::Text("one".into())], vec![Value::Text("two".into())]]
    );
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_bit_integers() {
    let server = Serve::start();
    let (_db, conn) = connect(&server.url, "").await;
    conn.execute("CREATE TABLE ints(v INTEGER)", ()).await.unwrap();
    let values = [9_007_199_254_740_993i64, i64::MAX, i64::MIN, -9_007_199_254_740_993, 0, -1];
    for v in values {
        assert_eq!(conn.execute("INSERT INTO ints(v) VALUES (?1)", [v]).await.unwrap(), 1);
    }
    let got = rows(&conn, "SELECT v, typeof(v) FROM ints ORDER BY rowid", ()).await;
    let expected: Vec<Vec<Value>> =
        values.iter().map(|v| vec![Value::Integer(*v), Value::Text("integer".into())]).collect();
    assert_eq!(got, expected);
    assert_eq!(
        rows(&conn, "SELECT 9007199254740993 + 1, ?1 = 9007199254740993", [9_007_199_254_740_993i64]).await,
        vec![vec![Value::Integer(9_007_199_254_740_994), Value::Integer(1)]]
    );
    conn.execute("INSERT INTO ints(rowid, v) VALUES (?1, 1)", [9_007_199_254_740_993i64]).await.unwrap();
    assert_eq!(conn.last_insert_rowid(), 9_007_199_254_740_993);
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactions_commit_and_rollback() {
    let server = Serve::start();
    let (_db, conn) = connect(&server.url, "").await;
    let (_db2, other) = connect(&server.url, "").await;
    conn.execute_batch(
        "CREATE TABLE accounts(owner TEXT PRIMARY KEY, balance INTEGER NOT NULL); \
         INSERT INTO accounts VALUES ('a', 100); INSERT INTO accounts VALUES ('b', 50);",
    )
    .await
    .unwrap();

    // Commit: uncommitted work is visible inside the transaction only.
    let tx = conn.transaction().await.unwrap();
    assert!(!tx.is_autocommit());
    assert_eq!(tx.execute("UPDATE accounts SET balance = balance - 30 WHERE owner = 'a'", ()).await.unwrap(), 1);
    assert_eq!(tx.execute("INSERT INTO accounts VALUES (?1, ?2)", params!["c", 30]).await.unwrap(), 1);
    assert_eq!(count(&tx, "accounts").await, 3);
    assert_eq!(count(&other, "accounts").await, 2);
    tx.commit().await.unwrap();
    assert!(conn.is_autocommit());
    assert_eq!(
        rows(&other, "SELECT owner, balance FROM accounts ORDER BY owner", ()).await,
        vec![
            vec![Value::Text("a".into()), Value::Integer(70)],
            vec![Value::Text("b".into()), Value::Integer(50)],
            vec![Value::Text("c".into()), Value::Integer(30)],
        ]
    );

    // Rollback.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).await.unwrap();
    tx.execute("DELETE FROM accounts", ()).await.unwrap();
    assert_eq!(count(&tx, "accounts").await, 0);
    // A failed statement inside the transaction leaves it open.
    let err = hrana_error(tx.execute("INSERT INTO accounts VALUES ('x', NULL)", ()).await);
    assert!(err.contains("SQLITE_CONSTRAINT") && err.contains("NOT NULL constraint failed"), "{err}");
    assert!(!tx.is_autocommit());
    tx.rollback().await.unwrap();
    assert!(conn.is_autocommit());
    assert_eq!(count(&conn, "accounts").await, 3);

    // libSQL's read-only transaction (`BEGIN READONLY`): reads work, writes are refused.
    let tx = conn.transaction_with_behavior(TransactionBehavior::ReadOnly).await.unwrap();
    assert_eq!(count(&tx, "accounts").await, 3);
    let err = hrana_error(tx.execute("DELETE FROM accounts", ()).await);
    assert!(err.contains("SQLITE_READONLY"), "{err}");
    tx.rollback().await.unwrap();
    assert_eq!(count(&other, "accounts").await, 3);

    // A transactional batch is all or nothing.
    conn.execute_transactional_batch("INSERT INTO accounts VALUES ('d', 1); UPDATE accounts SET balance = 0;")
        .await
        .unwrap();
    assert_eq!(
        rows(&other, "SELECT sum(balance), count(*) FROM accounts", ()).await[0],
        [Value::Integer(0), Value::Integer(4)]
    );
    let failed = conn
        .execute_transactional_batch("INSERT INTO accounts VALUES ('e', 1); INSERT INTO accounts VALUES ('a', 1);")
        .await;
    assert!(failed.is_err(), "a transactional batch with a failing statement must fail");
    assert_eq!(count(&other, "accounts").await, 4);
    assert!(conn.is_autocommit());
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_carry_their_codes() {
    let server = Serve::start();
    let (_db, conn) = connect(&server.url, "").await;
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT UNIQUE)", ()).await.unwrap();
    conn.execute("INSERT INTO t(name) VALUES ('x')", ()).await.unwrap();

    let err = hrana_error(conn.execute("INSERT INTO t(name) VALUES ('x')", ()).await);
    assert!(err.contains(r#"code: "SQLITE_CONSTRAINT""#), "{err}");
    assert!(err.contains("UNIQUE constraint failed: t.name"), "{err}");

    // An error while preparing (the describe of a query).
    let err = hrana_error(conn.query("SELECT * FROM missing_table", ()).await);
    assert!(err.contains("SQLITE_ERROR") && err.contains("no such table: missing_table"), "{err}");

    // An error while the cursor runs the statement.
    let err = match conn.query("SELECT abs(-9223372036854775807 - 1)", ()).await {
        Ok(mut rows) => hrana_error(rows.next().await),
        Err(err) => hrana_error(Err::<(), _>(err)),
    };
    assert!(err.contains("SQLITE_ERROR") && err.contains("integer overflow"), "{err}");

    // The connection is still usable.
    assert_eq!(count(&conn, "t").await, 1);
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwt_auth() {
    let keys = Keys::generate();
    // The public key in sqld's other format, raw and URL-safe base64 (server/tests/compat_js.rs
    // uses PEM).
    let server = Serve::start_with(&[&format!("--auth-jwt-key={}", keys.public_base64())]);
    let url = server.url.clone();
    let (_rw_db, rw) = connect(&url, &keys.token(json!({ "a": "rw" }))).await;
    let ro_db = open(&url, &keys.token(json!({ "a": "ro" }))).await;
    let ro = ro_db.connect().unwrap();

    rw.execute("CREATE TABLE t(x INTEGER)", ()).await.unwrap();
    rw.execute("INSERT INTO t VALUES (1), (2)", ()).await.unwrap();
    let tx = rw.transaction().await.unwrap();
    tx.execute("INSERT INTO t VALUES (3)", ()).await.unwrap();
    tx.commit().await.unwrap();

    // Read-only: reads (also in a transaction), and a 403 for anything that writes.
    assert_eq!(rows(&ro, "SELECT sum(x) FROM t", ()).await, vec![vec![Value::Integer(6)]]);
    let tx = ro.transaction_with_behavior(TransactionBehavior::ReadOnly).await.unwrap();
    assert_eq!(count(&tx, "t").await, 3);
    tx.commit().await.unwrap();
    // A refused request closes its stream (as in sqld), so each attempt gets a connection of its
    // own: the client would keep sending the dead stream's baton.
    for sql in ["INSERT INTO t VALUES (4)", "DELETE FROM t", "DROP TABLE t", "CREATE TABLE u(y)"] {
        let err = hrana_error(ro_db.connect().unwrap().execute(sql, ()).await);
        assert!(err.contains("403") && err.contains("read-only"), "{sql}: {err}");
    }
    assert_eq!(count(&rw, "t").await, 3);

    // Refused tokens: another key's, an expired one, none.
    let foreign = Keys::generate().token(json!({ "a": "rw" }));
    let expired = keys.token(json!({ "a": "rw", "exp": Keys::now() - 3600 }));
    for (what, token) in [("foreign key", foreign.as_str()), ("expired", expired.as_str()), ("no token", "")] {
        let (_db, conn) = connect(&url, token).await;
        let err = hrana_error(conn.execute("SELECT 1", ()).await);
        assert!(err.contains("401"), "{what}: {err}");
    }
    server.stop();
}
