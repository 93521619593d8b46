//! The official libSQL Rust crate as an embedded replica of `edgelite serve`:
//! `libsql::Builder::new_remote_replica(path, url, token)`, unchanged, against a real server
//! started by each test on a free loopback port.
//!
//! The crate probes `GET /info`; since it answers, it uses libSQL's sync protocol: the database
//! file from `GET /export/{generation}`, then raw WAL frames from
//! `GET /sync/{generation}/{start}/{end}` inserted into its local WAL, and at the end of a
//! generation (HTTP 400 `{"generation": newest}`) a local checkpoint and frame 1 of the next
//! one. Reads run on the local file; writes go to the server over Hrana 3 HTTP, after which
//! the crate pulls again so the connection reads its own writes.
//!
//! The tests prove that such a replica syncs, reads locally what was written through the
//! server, writes through itself and reads those writes back at once, follows the primary
//! across generations with data identical to the server's, and syncs again, with the files it
//! has, after the primary dropped the generation it was in.

mod common;

use std::path::Path;

use common::{connect_remote, count, rows, Keys, Serve};
use libsql::{params, Connection, Database, Value};
use serde_json::{json, Value as Json};

/// An embedded replica of `url` in the file `path`, built as an application would; the only
/// addition is hyper's plain HTTP connector, since the crate's `tls` feature (which would
/// provide a connector) is off.
async fn open_replica(path: &Path, url: &str) -> Database {
    // With an empty token the crate sends `Authorization: Bearer `; a server without auth
    // ignores it.
    try_open_replica(path, url, "").await.expect("an embedded replica")
}

async fn try_open_replica(path: &Path, url: &str, token: &str) -> libsql::Result<Database> {
    libsql::Builder::new_remote_replica(path, url.to_owned(), token.to_owned())
        .connector(hyper_014::client::HttpConnector::new())
        .build()
        .await
}

/// The crate's own record of where its replica stands (`<path>-info`, written after every
/// pulled transaction): its generation and last frame.
fn replica_position(path: &Path) -> (u64, u64) {
    let info_path = format!("{}-info", path.display());
    let text = std::fs::read_to_string(&info_path).unwrap_or_else(|e| panic!("{info_path}: {e}"));
    let info: Json = serde_json::from_str(&text).unwrap();
    (info["generation"].as_u64().unwrap(), info["durable_frame_num"].as_u64().unwrap())
}

/// The server's `/info`: its current generation, and the latest generation with its frame count.
async fn server_position(server: &Serve) -> (u64, u64, u64) {
    let (status, info) = server.get_json("/info").await;
    assert_eq!(status, 200, "{info}");
    let field = |name: &str| info[name].as_u64().unwrap_or_else(|| panic!("no {name} in {info}"));
    (field("current_generation"), field("latest_generation"), field("latest_frame"))
}

const ALL_NOTES: &str = "SELECT id, body, data FROM notes ORDER BY id";

fn note(id: i64, body: &str, data: Option<&[u8]>) -> Vec<Value> {
    vec![Value::Integer(id), Value::Text(body.into()), data.map_or(Value::Null, |d| Value::Blob(d.to_vec()))]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedded_replica_syncs_reads_and_writes() {
    let server = Serve::start();
    let (_remote_db, remote) = connect_remote(&server.url, "").await;
    remote
        .execute_batch(
            "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL, data BLOB); \
             INSERT INTO notes(body, data) VALUES ('one', x'00ff'), ('two ✓', NULL), ('three', x'');",
        )
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replica.db");
    let db = open_replica(&path, &server.url).await;
    db.sync().await.expect("the first sync");
    // It took the sync protocol (not the legacy one, which edgelite does not serve): its
    // metadata says it is at the server's newest frame of the server's generation.
    let (generation, _, latest_frame) = server_position(&server).await;
    assert_eq!(replica_position(&path), (generation, latest_frame));
    assert!(latest_frame > 0, "the rows came as frames");

    let conn = db.connect().unwrap();
    let mut expected = vec![note(1, "one", Some(&[0, 255])), note(2, "two ✓", None), note(3, "three", Some(&[]))];
    assert_eq!(rows(&conn, ALL_NOTES, ()).await, expected);

    // A write through the replica goes to the server; the same connection reads it back at once
    // (read-your-writes is the crate's default: it pulls after each write).
    assert_eq!(
        conn.execute("INSERT INTO notes(body, data) VALUES (?1, ?2)", params!["from the replica", vec![7u8; 3]])
            .await
            .unwrap(),
        1
    );
    assert_eq!(conn.last_insert_rowid(), 4);
    expected.push(note(4, "from the replica", Some(&[7, 7, 7])));
    assert_eq!(rows(&conn, ALL_NOTES, ()).await, expected);
    assert_eq!(rows(&remote, ALL_NOTES, ()).await, expected, "the server has the replica's write");
    // A script through the replica: executed remotely as a batch, then pulled.
    conn.execute_batch("INSERT INTO notes(body) VALUES ('batch a'); INSERT INTO notes(body) VALUES ('batch b');")
        .await
        .unwrap();
    expected.push(note(5, "batch a", None));
    expected.push(note(6, "batch b", None));
    assert_eq!(rows(&conn, ALL_NOTES, ()).await, expected);

    // Writes made directly on the server arrive with the next sync, not before: reads are local.
    remote.execute("INSERT INTO notes(body) VALUES ('direct 1'), ('direct 2')", ()).await.unwrap();
    remote.execute("UPDATE notes SET body = 'ONE' WHERE id = 1", ()).await.unwrap();
    assert_eq!(rows(&conn, ALL_NOTES, ()).await, expected);
    db.sync().await.expect("the second sync");
    expected[0] = note(1, "ONE", Some(&[0, 255]));
    expected.push(note(7, "direct 1", None));
    expected.push(note(8, "direct 2", None));
    assert_eq!(rows(&conn, ALL_NOTES, ()).await, expected);
    let (generation, _, latest_frame) = server_position(&server).await;
    assert_eq!(replica_position(&path), (generation, latest_frame));

    // Schema changes travel too.
    remote.execute("CREATE INDEX notes_body ON notes(body)", ()).await.unwrap();
    db.sync().await.unwrap();
    assert_eq!(
        rows(&conn, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'notes'", ()).await,
        vec![vec![Value::Text("notes_body".into())]]
    );

    // Without the server the replica still reads its local copy.
    server.stop();
    assert_eq!(rows(&conn, ALL_NOTES, ()).await, expected);
}

/// Every row of the generations test's tables, in order: equal on the server and a replica.
async fn snapshot(conn: &Connection) -> Vec<Vec<Value>> {
    let mut all = rows(conn, "SELECT 'g', id, round, data FROM g ORDER BY id", ()).await;
    all.extend(rows(conn, "SELECT 'r', id, round, NULL FROM from_replica ORDER BY id", ()).await);
    all
}

/// The tables the generation tests write: `g` holds about 60 pages, so rewriting every row is a
/// transaction of about as many frames as the database has pages.
const GENERATIONS_SCHEMA: &str = "CREATE TABLE g(id INTEGER PRIMARY KEY, round INTEGER NOT NULL, data BLOB NOT NULL); \
     CREATE TABLE from_replica(id INTEGER PRIMARY KEY, round INTEGER NOT NULL); \
     INSERT INTO g(round, data) \
       WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 60) \
       SELECT 0, randomblob(3000) FROM c;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedded_replica_follows_the_primary_across_generations() {
    // A primary that checkpoints every 10 frames and starts a new generation as soon as a
    // generation's frames outweigh the database file.
    let server = Serve::start_with(&["--checkpoint-frames", "10", "--generation-min-mib", "0"]);
    let (_remote_db, remote) = connect_remote(&server.url, "").await;
    // Each round's rewrite soon fills a generation (see GENERATIONS_SCHEMA).
    remote.execute_batch(GENERATIONS_SCHEMA).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replica.db");
    let db = open_replica(&path, &server.url).await;
    db.sync().await.unwrap();
    let conn = db.connect().unwrap();
    assert_eq!(snapshot(&conn).await, snapshot(&remote).await);
    let (first_generation, _) = replica_position(&path);

    // Rounds of writes on the server, and through the replica, until the primary has moved on
    // by three generations; the replica syncs after each round and must match the server.
    let mut round = 0;
    let mut generations_seen = vec![first_generation];
    while server.current_generation().await < first_generation + 3 {
        round += 1;
        assert!(round <= 100, "the primary never moved past generation {}", server.current_generation().await);
        remote.execute("UPDATE g SET round = ?1, data = randomblob(3000)", [round]).await.unwrap();
        // Through the replica: its pull after the write may itself cross a generation.
        conn.execute("INSERT INTO from_replica(round) VALUES (?1)", [round]).await.unwrap();
        assert_eq!(count(&conn, "from_replica").await, round, "the replica reads its own write at once");
        db.sync().await.unwrap_or_else(|e| panic!("sync after round {round}: {e}"));
        assert_eq!(snapshot(&conn).await, snapshot(&remote).await, "after round {round}");
        let (generation, _) = replica_position(&path);
        if generations_seen.last() != Some(&generation) {
            generations_seen.push(generation);
        }
    }
    // The replica followed generation after generation (it never downloads a second export:
    // each end of generation is a local checkpoint and frame 1 of the next).
    db.sync().await.unwrap();
    let (current, latest, latest_frame) = server_position(&server).await;
    assert!(current >= first_generation + 3);
    assert_eq!(replica_position(&path), (latest, latest_frame));
    assert!(generations_seen.len() >= 4, "generations the replica was at: {generations_seen:?}");
    assert!(generations_seen.windows(2).all(|w| w[1] > w[0]), "{generations_seen:?}");

    // A new replica starts from the export of a later generation, then frames.
    let late_path = dir.path().join("late.db");
    let late = open_replica(&late_path, &server.url).await;
    late.sync().await.unwrap();
    let late_conn = late.connect().unwrap();
    assert!(replica_position(&late_path).0 > first_generation);
    assert_eq!(snapshot(&late_conn).await, snapshot(&remote).await);

    // Both replica files are sound SQLite databases with the server's data, opened by the
    // crate as plain local databases.
    let expected = snapshot(&remote).await;
    server.stop();
    drop((conn, db, late_conn, late));
    for path in [&path, &late_path] {
        let local = libsql::Builder::new_local(path).build().await.unwrap().connect().unwrap();
        assert_eq!(rows(&local, "PRAGMA integrity_check", ()).await, vec![vec![Value::Text("ok".into())]]);
        assert_eq!(snapshot(&local).await, expected, "{}", path.display());
    }
}

/// The oldest generation the server still keeps, from `GET /info`.
async fn oldest_generation(server: &Serve) -> u64 {
    let (status, info) = server.get_json("/info").await;
    assert_eq!(status, 200, "{info}");
    info["oldest_generation"].as_u64().unwrap_or_else(|| panic!("no oldest_generation in {info}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedded_replica_catches_up_after_the_primary_dropped_its_generation() {
    // A primary that keeps only its newest generation and rolls over about once per round of
    // writes below.
    let server =
        Serve::start_with(&["--checkpoint-frames", "10", "--generation-min-mib", "0", "--keep-generations", "1"]);
    let (_remote_db, remote) = connect_remote(&server.url, "").await;
    remote.execute_batch(GENERATIONS_SCHEMA).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replica.db");
    let db = open_replica(&path, &server.url).await;
    db.sync().await.unwrap();
    let conn = db.connect().unwrap();
    assert_eq!(snapshot(&conn).await, snapshot(&remote).await);

    let mut round = 0;
    // Until the primary is `behind` generations past the replica's (0: only the replica's is
    // dropped), writing on the server only; then the replica syncs, with the files it has.
    for behind in [3, 0, 1] {
        let (stuck_at, _) = replica_position(&path);
        // A write inside the replica's generation first, so that the replica is part-way
        // through it when it is dropped.
        remote.execute("UPDATE g SET round = -1 WHERE id = 1", ()).await.unwrap();
        while oldest_generation(&server).await <= stuck_at + behind {
            round += 1;
            assert!(round <= 200, "the primary never dropped generation {stuck_at}");
            remote.execute("UPDATE g SET round = ?1, data = randomblob(3000)", [round]).await.unwrap();
        }
        db.sync().await.unwrap_or_else(|e| panic!("sync from generation {stuck_at}, dropped {behind} ago: {e}"));
        // It reads the primary's latest rows, and stands where the primary stands.
        assert_eq!(snapshot(&conn).await, snapshot(&remote).await, "caught up from generation {stuck_at}");
        let (_, latest, latest_frame) = server_position(&server).await;
        assert_eq!(replica_position(&path), (latest, latest_frame));
        // It goes on as a replica: it writes through the server and reads its write back.
        conn.execute("INSERT INTO from_replica(round) VALUES (?1)", [round]).await.unwrap();
        assert_eq!(snapshot(&conn).await, snapshot(&remote).await, "a write after catching up");
    }

    let expected = snapshot(&remote).await;
    server.stop();
    drop((conn, db));
    let local = libsql::Builder::new_local(&path).build().await.unwrap().connect().unwrap();
    assert_eq!(rows(&local, "PRAGMA integrity_check", ()).await, vec![vec![Value::Text("ok".into())]]);
    assert_eq!(snapshot(&local).await, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedded_replica_presents_its_token() {
    let keys = Keys::generate();
    let server = Serve::start_with(&[&format!("--auth-jwt-key={}", keys.public_base64())]);
    let rw_token = keys.token(json!({ "a": "rw" }));
    let (_remote_db, remote) = connect_remote(&server.url, &rw_token).await;
    remote.execute_batch("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1);").await.unwrap();
    let dir = tempfile::tempdir().unwrap();

    // A read-write token: the replica syncs, writes and reads its write.
    let path = dir.path().join("rw.db");
    let db = try_open_replica(&path, &server.url, &rw_token).await.unwrap();
    db.sync().await.unwrap();
    let conn = db.connect().unwrap();
    assert_eq!(count(&conn, "t").await, 1);
    conn.execute("INSERT INTO t VALUES (2)", ()).await.unwrap();
    assert_eq!(count(&conn, "t").await, 2);
    assert_eq!(count(&remote, "t").await, 2);

    // A read-only token: syncing is reading, so it works; writes are refused by the server.
    let path = dir.path().join("ro.db");
    let db = try_open_replica(&path, &server.url, &keys.token(json!({ "a": "ro" }))).await.unwrap();
    db.sync().await.unwrap();
    let conn = db.connect().unwrap();
    assert_eq!(count(&conn, "t").await, 2);
    let err = conn.execute("INSERT INTO t VALUES (3)", ()).await.expect_err("a read-only token cannot write");
    assert!(err.to_string().contains("403"), "{err}");
    assert_eq!(count(&remote, "t").await, 2);

    // A token the server does not accept: the crate's probe of /info gets 401 and says so.
    let foreign = Keys::generate().token(json!({ "a": "rw" }));
    for (what, token) in [("foreign key", foreign.as_str()), ("no token", "")] {
        let err = try_open_replica(&dir.path().join("refused.db"), &server.url, token)
            .await
            .err()
            .unwrap_or_else(|| panic!("{what}: the replica was built"));
        assert!(matches!(err, libsql::Error::Sync(_)) && err.to_string().contains("Unauthorized"), "{what}: {err}");
    }
    server.stop();
}
