//! Hrana over WebSocket: negotiation, every request type, cursors, concurrency, frame types
//! and close codes, against a real server.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

#[tokio::test(flavor = "multi_thread")]
async fn subprotocol_negotiation() {
    let server = TestServer::start().await;
    let url = server.ws_url();
    let picked = |offered: &'static [&'static str]| {
        let url = url.clone();
        async move { Ws::connect(&url, offered, &[]).await.unwrap().protocol }
    };
    assert_eq!(picked(&["hrana1", "hrana2", "hrana3", "hrana3-protobuf"]).await.as_deref(), Some("hrana3-protobuf"));
    assert_eq!(picked(&["hrana2", "hrana1"]).await.as_deref(), Some("hrana2"));
    assert_eq!(picked(&["HRANA3"]).await.as_deref(), Some("HRANA3"), "matched case-insensitively, echoed as sent");
    assert_eq!(picked(&[]).await, None, "no header means hrana1, answered without a protocol");
    let refused = Ws::connect(&url, &["hrana9"], &[]).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 400),
        other => panic!("expected a 400, got {:?}", other.map(|w| w.protocol)),
    }
    server.stop().await;
}

async fn every_request_type(protocol: &str) {
    let server = TestServer::start().await;
    let mut ws = Ws::connect(&server.ws_url(), &[protocol], &[]).await.unwrap();
    assert_eq!(ws.hello(None).await["type"], "hello_ok");
    let ok = |v: &Value| assert_eq!(v["type"], "response_ok", "{v}");
    ok(&ws.request(1, json!({"type": "open_stream", "stream_id": 1})).await);
    ok(&ws
        .request(
            2,
            json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "CREATE TABLE t(id INTEGER PRIMARY KEY, v)"}}),
        )
        .await);
    let r = ws
        .request(3, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "INSERT INTO t(v) VALUES (?), (?)", "args": [int(i64::MAX), text("é")]}}))
        .await;
    assert_eq!(r["response"]["result"]["affected_row_count"], 2, "{r}");
    assert_eq!(r["response"]["result"]["last_insert_rowid"], "2");
    ok(&ws.request(4, json!({"type": "store_sql", "sql_id": 1, "sql": "SELECT v FROM t WHERE id = ?"})).await);
    // Stored SQL belongs to the connection: another stream can use it.
    ok(&ws.request(5, json!({"type": "open_stream", "stream_id": 2})).await);
    let r = ws.request(6, json!({"type": "execute", "stream_id": 2, "stmt": {"sql_id": 1, "args": [int(1)]}})).await;
    assert_eq!(rows(&r["response"]["result"]), vec![vec![int(i64::MAX)]]);
    let r = ws
        .request(
            7,
            json!({"type": "batch", "stream_id": 1, "batch": {"steps": [
            {"stmt": {"sql": "SELECT nope"}},
            {"condition": {"type": "error", "step": 0}, "stmt": {"sql_id": 1, "args": [int(2)]}},
            {"condition": {"type": "is_autocommit"}, "stmt": {"sql": "SELECT 'auto'"}}]}}),
        )
        .await;
    let result = &r["response"]["result"];
    assert_eq!(result["step_errors"][0]["code"], "SQLITE_ERROR", "{r}");
    assert_eq!(rows(&result["step_results"][1]), vec![vec![text("é")]]);
    assert_eq!(rows(&result["step_results"][2]), vec![vec![text("auto")]]);
    ok(&ws.request(8, json!({"type": "sequence", "stream_id": 1, "sql": "BEGIN; DELETE FROM t WHERE id = 1;"})).await);
    let r = ws.request(9, json!({"type": "get_autocommit", "stream_id": 1})).await;
    assert_eq!(r["response"]["is_autocommit"], false);
    let r = ws.request(10, json!({"type": "describe", "stream_id": 2, "sql_id": 1})).await;
    assert_eq!(r["response"]["result"]["params"], json!([{"name": null}]));
    // Stream 2 does not see stream 1's uncommitted delete.
    let r = ws.request(11, json!({"type": "execute", "stream_id": 2, "stmt": {"sql": "SELECT count(*) FROM t"}})).await;
    assert_eq!(rows(&r["response"]["result"]), vec![vec![int(2)]]);
    // A failed statement is a response_error with its code (on stream 1, which holds the
    // write lock).
    let r = ws
        .request(12, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "INSERT INTO t(id) VALUES (2)"}}))
        .await;
    assert_eq!(r["type"], "response_error");
    assert_eq!(r["error"]["code"], "SQLITE_CONSTRAINT");
    // Closing a stream rolls back its transaction.
    ok(&ws.request(13, json!({"type": "close_stream", "stream_id": 1})).await);
    let r = ws.request(14, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "SELECT 1"}})).await;
    assert_eq!(r["error"]["code"], "STREAM_NOT_OPEN");
    ok(&ws.request(15, json!({"type": "close_sql", "sql_id": 1})).await);
    let r = ws.request(16, json!({"type": "execute", "stream_id": 2, "stmt": {"sql_id": 1, "args": [int(1)]}})).await;
    assert_eq!(r["error"]["code"], "SQL_NOT_FOUND");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let r = ws
            .request(17, json!({"type": "execute", "stream_id": 2, "stmt": {"sql": "DELETE FROM t WHERE id = 2"}}))
            .await;
        if r["type"] == "response_ok" || Instant::now() > deadline {
            ok(&r);
            break;
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_request_type_json() {
    every_request_type("hrana3").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_request_type_protobuf() {
    every_request_type("hrana3-protobuf").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cursors() {
    let server = TestServer::start().await;
    let mut ws = Ws::connect(&server.ws_url(), &["hrana3"], &[]).await.unwrap();
    ws.hello(None).await;
    ws.request(1, json!({"type": "open_stream", "stream_id": 1})).await;
    let batch = json!({"steps": [
        {"stmt": {"sql": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) SELECT i FROM n"}},
        {"stmt": {"sql": "SELECT nope"}},
    ]});
    let r = ws.request(2, json!({"type": "open_cursor", "stream_id": 1, "cursor_id": 7, "batch": batch})).await;
    assert_eq!(r["type"], "response_ok", "{r}");
    let mut entries = Vec::new();
    for request_id in 3.. {
        let r = ws.request(request_id, json!({"type": "fetch_cursor", "cursor_id": 7, "max_count": 1000})).await;
        let batch = r["response"]["entries"].as_array().unwrap().clone();
        assert!(batch.len() <= 1000);
        entries.extend(batch);
        if r["response"]["done"] == true {
            break;
        }
    }
    assert_eq!(entries.iter().filter(|e| e["type"] == "row").count(), 3000);
    assert_eq!(entries.last().unwrap()["type"], "step_error");
    assert_eq!(entries.last().unwrap()["step"], 1);
    let r = ws.request(100, json!({"type": "close_cursor", "cursor_id": 7})).await;
    assert_eq!(r["type"], "response_ok");
    let r = ws.request(101, json!({"type": "fetch_cursor", "cursor_id": 7, "max_count": 10})).await;
    assert_eq!(r["error"]["code"], "CURSOR_NOT_OPEN");
    // After the cursor the stream serves requests again.
    let r = ws.request(102, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "SELECT 5"}})).await;
    assert_eq!(rows(&r["response"]["result"]), vec![vec![int(5)]]);
    // A cursor abandoned midway (closed before it was read) does not wedge the stream.
    let big = json!({"steps": [{"stmt": {"sql": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT i FROM n"}}]});
    ws.request(103, json!({"type": "open_cursor", "stream_id": 1, "cursor_id": 8, "batch": big})).await;
    ws.request(104, json!({"type": "fetch_cursor", "cursor_id": 8, "max_count": 1})).await;
    ws.request(105, json!({"type": "close_cursor", "cursor_id": 8})).await;
    let r = ws.request(106, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "SELECT 6"}})).await;
    assert_eq!(rows(&r["response"]["result"]), vec![vec![int(6)]]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn streams_of_one_connection_run_in_parallel() {
    let server = TestServer::start().await;
    let mut ws = Ws::connect(&server.ws_url(), &["hrana2"], &[]).await.unwrap();
    ws.hello(None).await;
    ws.request(1, json!({"type": "open_stream", "stream_id": 1})).await;
    ws.request(2, json!({"type": "open_stream", "stream_id": 2})).await;
    // A slow query on stream 1, then a quick one on stream 2: the quick answer comes first.
    let slow =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT count(*) FROM n";
    ws.send_msg(json!({"type": "request", "request_id": 10, "request": {"type": "execute", "stream_id": 1, "stmt": {"sql": slow}}})).await;
    ws.send_msg(json!({"type": "request", "request_id": 11, "request": {"type": "execute", "stream_id": 2, "stmt": {"sql": "SELECT 1"}}})).await;
    let first = ws.recv().await.unwrap();
    let second = ws.recv().await.unwrap();
    assert_eq!((first["request_id"].as_i64(), second["request_id"].as_i64()), (Some(11), Some(10)));
    assert_eq!(rows(&second["response"]["result"]), vec![vec![int(3_000_000)]]);
    server.stop().await;
}

/// Sends `messages` after connecting with `protocol`, and returns the close code the server
/// answers with.
async fn close_code(server: &TestServer, protocol: &str, messages: Vec<Message>) -> Option<u16> {
    let mut ws = Ws::connect(&server.ws_url(), &[protocol], &[]).await.unwrap();
    for m in messages {
        ws.send_raw(m).await;
    }
    loop {
        match ws.recv().await {
            Some(v) if v["type"] == "__close" => return v["code"].as_u64().map(|c| c as u16),
            Some(_) => continue,
            None => return None,
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn protocol_violations_close_the_connection() {
    let server = TestServer::start().await;
    let hello = || Message::Text(json!({"type": "hello", "jwt": null}).to_string().into());
    let text = |v: Value| Message::Text(v.to_string().into());
    // Wrong frame type for the encoding: 1003.
    assert_eq!(close_code(&server, "hrana3", vec![hello(), Message::Binary(vec![1, 2, 3].into())]).await, Some(1003));
    assert_eq!(close_code(&server, "hrana3-protobuf", vec![hello()]).await, Some(1003));
    // Undecodable payloads: 1007.
    assert_eq!(close_code(&server, "hrana3", vec![Message::Text("{nope".into())]).await, Some(1007));
    assert_eq!(close_code(&server, "hrana3", vec![text(json!({"type": "teleport"}))]).await, Some(1007));
    assert_eq!(
        close_code(&server, "hrana3-protobuf", vec![Message::Binary(vec![0xff, 0xff].into())]).await,
        Some(1007)
    );
    // Other violations: 1008.
    let request = |id: i32, r: Value| text(json!({"type": "request", "request_id": id, "request": r}));
    assert_eq!(
        close_code(&server, "hrana3", vec![request(1, json!({"type": "open_stream", "stream_id": 1}))]).await,
        Some(1008),
        "request before hello"
    );
    assert_eq!(close_code(&server, "hrana1", vec![hello(), hello()]).await, Some(1008), "a second hello on hrana1");
    let reused = vec![
        hello(),
        request(1, json!({"type": "open_stream", "stream_id": 1})),
        request(2, json!({"type": "open_stream", "stream_id": 1})),
    ];
    assert_eq!(close_code(&server, "hrana3", reused).await, Some(1008), "a stream id in use");
    let v3_only = vec![
        hello(),
        request(1, json!({"type": "open_stream", "stream_id": 1})),
        request(2, json!({"type": "get_autocommit", "stream_id": 1})),
    ];
    assert_eq!(close_code(&server, "hrana2", v3_only).await, Some(1008), "get_autocommit on hrana2");
    let v2_only = vec![hello(), request(1, json!({"type": "store_sql", "sql_id": 1, "sql": "SELECT 1"}))];
    assert_eq!(close_code(&server, "hrana1", v2_only).await, Some(1008), "store_sql on hrana1");
    let dup_sql = vec![
        hello(),
        request(1, json!({"type": "store_sql", "sql_id": 1, "sql": "SELECT 1"})),
        request(2, json!({"type": "store_sql", "sql_id": 1, "sql": "SELECT 2"})),
    ];
    assert_eq!(close_code(&server, "hrana2", dup_sql).await, Some(1008), "a stored SQL id in use");
    // A second hello on hrana2 re-authenticates and the connection goes on.
    let mut ws = Ws::connect(&server.ws_url(), &["hrana2"], &[]).await.unwrap();
    assert_eq!(ws.hello(None).await["type"], "hello_ok");
    assert_eq!(ws.hello(None).await["type"], "hello_ok");
    // The server is unharmed.
    assert_eq!(rows(&server.execute("SELECT 1").await), vec![vec![int(1)]]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_socket_releases_its_streams() {
    let server = TestServer::start().await;
    server.execute("CREATE TABLE t(x)").await;
    {
        let mut ws = Ws::connect(&server.ws_url(), &["hrana3"], &[]).await.unwrap();
        ws.hello(None).await;
        ws.request(1, json!({"type": "open_stream", "stream_id": 1})).await;
        let r = ws.request(2, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "BEGIN IMMEDIATE"}})).await;
        assert_eq!(r["type"], "response_ok");
        ws.request(3, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "INSERT INTO t VALUES (1)"}})).await;
        ws.socket.close(None).await.unwrap();
    }
    // The write lock goes with the socket: another client can write, and the insert is gone.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let body = server
            .pipeline(None, json!([{"type": "execute", "stmt": stmt("INSERT INTO t VALUES (2)")}, {"type": "close"}]))
            .await;
        if body["results"][0]["type"] == "ok" {
            break;
        }
        assert!(Instant::now() < deadline, "the dead socket's transaction still holds the lock: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rows(&server.execute("SELECT x FROM t").await), vec![vec![int(2)]]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_streams_is_an_error_not_a_crash() {
    let server = TestServer::start_with(|c| c.max_ws_streams = 3).await;
    let mut ws = Ws::connect(&server.ws_url(), &["hrana3"], &[]).await.unwrap();
    ws.hello(None).await;
    for id in 0..3 {
        assert_eq!(ws.request(id, json!({"type": "open_stream", "stream_id": id})).await["type"], "response_ok");
    }
    let r = ws.request(9, json!({"type": "open_stream", "stream_id": 9})).await;
    assert_eq!(r["error"]["code"], "TOO_MANY_STREAMS");
    let r = ws.request(10, json!({"type": "execute", "stream_id": 9, "stmt": {"sql": "SELECT 1"}})).await;
    assert_eq!(r["type"], "response_error", "requests on a refused stream fail: {r}");
    ws.request(11, json!({"type": "close_stream", "stream_id": 0})).await;
    ws.request(12, json!({"type": "close_stream", "stream_id": 9})).await;
    assert_eq!(ws.request(13, json!({"type": "open_stream", "stream_id": 5})).await["type"], "response_ok");
    server.stop().await;
}
