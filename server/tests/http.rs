//! Hrana over HTTP, the probes, the legacy APIs and `/dump`, against a real server.

mod common;

use std::time::Duration;

use common::*;
use edgelite::hrana::proto::{
    CursorEntry, CursorRespBody, PipelineReqBody, PipelineRespBody, StreamRequest, StreamResult,
};
use edgelite::hrana::protobuf;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn probes_and_unknown_paths() {
    let server = TestServer::start_with(|c| c.auth = Keys::new(1).auth()).await;
    assert_eq!(server.get("/health").await, (200, String::new()));
    let (status, version) = server.get("/version").await;
    assert_eq!(status, 200);
    assert!(version.starts_with("edgelite "), "{version}");
    for probe in ["/v1", "/v2", "/v3", "/v3-protobuf"] {
        assert_eq!(server.get(probe).await.0, 200, "{probe}");
    }
    // Unknown paths are 404 with an empty body even though auth is on and we sent no token:
    // clients probe.
    for path in ["/nope", "/v4/pipeline", "/export", "/sync/1/1"] {
        assert_eq!(server.get(path).await, (404, String::new()), "{path}");
    }
    // The sync endpoints exist, so without a token they are 401 (the libsql crate's replica
    // probes /info and reports Unauthorized).
    assert_eq!(server.get("/info").await.0, 401);
    // A plain GET / (no upgrade) is 404 too; a wrong method on a known path is 405.
    assert_eq!(server.get("/").await.0, 404);
    assert_eq!(server.get("/v2/pipeline").await.0, 405);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pipeline_requests_and_batons() {
    let server = TestServer::start().await;
    let body = server
        .pipeline(
            None,
            json!([
                {"type": "execute", "stmt": {"sql": "CREATE TABLE t(id INTEGER PRIMARY KEY, v)"}},
                {"type": "execute", "stmt": {"sql": "INSERT INTO t(v) VALUES (?), (?)", "args": [int(9007199254740993), text("x")]}},
                {"type": "execute", "stmt": {"sql": "SELECT v FROM t WHERE id = :id", "named_args": [{"name": "id", "value": int(1)}]}},
                {"type": "execute", "stmt": {"sql": "SELECT * FROM t", "want_rows": false}},
                {"type": "get_autocommit"},
            ]),
        )
        .await;
    let results = body["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["type"] == "ok"), "{body}");
    let insert = &results[1]["response"]["result"];
    assert_eq!(insert["affected_row_count"], 2);
    assert_eq!(insert["last_insert_rowid"], "2");
    assert_eq!(rows(&results[2]["response"]["result"]), vec![vec![int(9007199254740993)]]);
    let cols = &results[2]["response"]["result"]["cols"];
    assert_eq!(cols, &json!([{"name": "v", "decltype": null}]));
    assert_eq!(rows(&results[3]["response"]["result"]), Vec::<Vec<Value>>::new());
    assert_eq!(results[4]["response"], json!({"type": "get_autocommit", "is_autocommit": true}));

    // The baton ties the stream together; each response carries a new one.
    let baton1 = body["baton"].as_str().unwrap().to_owned();
    let body2 = server.pipeline(Some(&baton1), json!([{"type": "execute", "stmt": stmt("BEGIN")}])).await;
    let baton2 = body2["baton"].as_str().unwrap().to_owned();
    assert_ne!(baton1, baton2);
    let body3 = server
        .pipeline(
            Some(&baton2),
            json!([{"type": "execute", "stmt": stmt("DELETE FROM t")}, {"type": "get_autocommit"}]),
        )
        .await;
    assert_eq!(body3["results"][1]["response"]["is_autocommit"], false);
    // The old baton is refused (a replay), as is a forged one.
    for bad in [
        baton1.as_str(),
        baton2.as_str(),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "not a baton",
    ] {
        let (status, body) = server.post("/v3/pipeline", json!({"baton": bad, "requests": []}), &[]).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.as_str().unwrap().contains("invalid baton"), "{body}");
    }
    // Closing ends the stream: no baton, and later requests in the pipeline fail.
    let baton3 = body3["baton"].as_str().unwrap();
    let body4 = server
        .pipeline(
            Some(baton3),
            json!([{"type": "execute", "stmt": stmt("ROLLBACK")}, {"type": "close"}, {"type": "get_autocommit"}]),
        )
        .await;
    assert_eq!(body4["baton"], Value::Null);
    assert_eq!(body4["results"][2]["type"], "error");
    assert_eq!(body4["results"][2]["error"]["code"], "STREAM_CLOSED");
    let count = server.execute("SELECT count(*) FROM t").await;
    assert_eq!(rows(&count), vec![vec![int(2)]], "the rolled-back DELETE left both rows");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn batch_conditions() {
    let server = TestServer::start().await;
    server.execute("CREATE TABLE t(x UNIQUE)").await;
    let batch = json!({"steps": [
        {"stmt": stmt("INSERT INTO t VALUES (1)")},
        {"stmt": stmt("INSERT INTO t VALUES (1)")},
        {"condition": {"type": "ok", "step": 0}, "stmt": stmt("SELECT 'ok0'")},
        {"condition": {"type": "ok", "step": 1}, "stmt": stmt("SELECT 'ok1'")},
        {"condition": {"type": "error", "step": 1}, "stmt": stmt("SELECT 'err1'")},
        {"condition": {"type": "not", "cond": {"type": "error", "step": 0}}, "stmt": stmt("SELECT 'not'")},
        {"condition": {"type": "and", "conds": [{"type": "ok", "step": 0}, {"type": "error", "step": 1}]}, "stmt": stmt("SELECT 'and'")},
        {"condition": {"type": "or", "conds": [{"type": "ok", "step": 1}, {"type": "ok", "step": 3}]}, "stmt": stmt("SELECT 'or'")},
        {"condition": {"type": "is_autocommit"}, "stmt": stmt("SELECT 'auto'")},
        {"condition": {"type": "ok", "step": 3}, "stmt": stmt("SELECT 'skipped-ref'")},
    ]});
    let body = server.pipeline(None, json!([{"type": "batch", "batch": batch}, {"type": "close"}])).await;
    let result = &body["results"][0]["response"]["result"];
    let ran: Vec<bool> = (0..10).map(|i| !result["step_results"][i].is_null()).collect();
    assert_eq!(ran, [true, false, true, false, true, true, true, false, true, false], "{result}");
    assert_eq!(result["step_errors"][1]["code"], "SQLITE_CONSTRAINT");
    assert_eq!(result["step_errors"][1]["extended_code"], 2067);
    assert!(result["step_errors"].as_array().unwrap().iter().enumerate().all(|(i, e)| e.is_null() == (i != 1)));

    // A condition on a later step is a protocol error; is_autocommit needs Hrana 3.
    let bad = json!({"steps": [{"condition": {"type": "ok", "step": 1}, "stmt": stmt("SELECT 1")}, {"stmt": stmt("SELECT 2")}]});
    let (status, _) =
        server.post("/v3/pipeline", json!({"baton": null, "requests": [{"type": "batch", "batch": bad}]}), &[]).await;
    assert_eq!(status, 400);
    let v2 = json!({"steps": [{"condition": {"type": "is_autocommit"}, "stmt": stmt("SELECT 1")}]});
    let (status, _) =
        server.post("/v2/pipeline", json!({"baton": null, "requests": [{"type": "batch", "batch": v2}]}), &[]).await;
    assert_eq!(status, 400);
    let (status, _) =
        server.post("/v2/pipeline", json!({"baton": null, "requests": [{"type": "get_autocommit"}]}), &[]).await;
    assert_eq!(status, 400);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sequence_describe_and_stored_sql() {
    let server = TestServer::start_with(|c| c.max_stored_sql = 2).await;
    let body = server
        .pipeline(
            None,
            json!([
                {"type": "sequence", "sql": "CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'); -- done"},
                {"type": "store_sql", "sql_id": 5, "sql": "SELECT b FROM t WHERE a = ?"},
                {"type": "execute", "stmt": {"sql_id": 5, "args": [int(1)]}},
                {"type": "describe", "sql_id": 5},
                {"type": "describe", "sql": "EXPLAIN SELECT :x, @y"},
                {"type": "store_sql", "sql_id": 6, "sql": "SELECT 1"},
                {"type": "store_sql", "sql_id": 7, "sql": "SELECT 2"},
                {"type": "close_sql", "sql_id": 5},
                {"type": "execute", "stmt": {"sql_id": 5}},
                {"type": "sequence", "sql": "INSERT INTO t VALUES (2, 'y'); SELEC; INSERT INTO t VALUES (3, 'z')"},
            ]),
        )
        .await;
    let r = body["results"].as_array().unwrap();
    assert_eq!(r[0]["response"]["type"], "sequence");
    assert_eq!(rows(&r[2]["response"]["result"]), vec![vec![text("x")]]);
    assert_eq!(
        r[3]["response"]["result"],
        json!({"params": [{"name": null}], "cols": [{"name": "b", "decltype": "TEXT"}], "is_explain": false, "is_readonly": true})
    );
    assert_eq!(r[4]["response"]["result"]["is_explain"], true);
    assert_eq!(r[4]["response"]["result"]["params"], json!([{"name": ":x"}, {"name": "@y"}]));
    assert_eq!(r[6]["error"]["code"], "SQL_STORE_TOO_MANY", "{}", r[6]);
    assert_eq!(r[8]["error"]["code"], "SQL_NOT_FOUND");
    assert_eq!(r[9]["type"], "error", "a sequence stops at its first error");
    let remaining = server.execute("SELECT a FROM t ORDER BY a").await;
    assert_eq!(rows(&remaining), vec![vec![int(1)], vec![int(2)]]);
    // Reusing a stored SQL id is a protocol error.
    let (status, _) = server
        .post(
            "/v3/pipeline",
            json!({"baton": null, "requests": [{"type": "store_sql", "sql_id": 1, "sql": "SELECT 1"}, {"type": "store_sql", "sql_id": 1, "sql": "SELECT 2"}]}),
            &[],
        )
        .await;
    assert_eq!(status, 400);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn statement_errors_have_codes() {
    let server = TestServer::start_with(|c| c.max_response_bytes = 4096).await;
    server.execute("CREATE TABLE t(x UNIQUE)").await;
    let body = server
        .pipeline(
            None,
            json!([
                {"type": "execute", "stmt": stmt("SELEC 1")},
                {"type": "execute", "stmt": stmt("")},
                {"type": "execute", "stmt": stmt("SELECT 1; SELECT 2")},
                {"type": "execute", "stmt": {"sql": "SELECT ?", "args": [int(1)], "named_args": [{"name": "a", "value": int(1)}]}},
                {"type": "execute", "stmt": {"sql": "SELECT ?, ?", "args": [int(1)]}},
                {"type": "execute", "stmt": stmt("INSERT INTO t VALUES (1)")},
                {"type": "execute", "stmt": stmt("INSERT INTO t VALUES (1)")},
                {"type": "execute", "stmt": stmt("SELECT zeroblob(10000)")},
                {"type": "execute", "stmt": stmt("SELECT 'still fine'")},
            ]),
        )
        .await;
    let codes: Vec<&str> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| if r["type"] == "ok" { "ok" } else { r["error"]["code"].as_str().unwrap() })
        .collect();
    assert_eq!(
        codes,
        [
            "SQLITE_ERROR",
            "SQL_NO_STATEMENT",
            "SQL_MANY_STATEMENTS",
            "ARGS_BOTH_POSITIONAL_AND_NAMED",
            "ARGS_INVALID",
            "ok",
            "SQLITE_CONSTRAINT",
            "RESPONSE_TOO_LARGE",
            "ok"
        ],
        "{body}"
    );
    assert!(body["results"][6]["error"]["message"].as_str().unwrap().contains("UNIQUE constraint failed"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_requests_are_400_not_crashes() {
    let server = TestServer::start_with(|c| c.max_request_bytes = 64 * 1024).await;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("/v3/pipeline", b"{not json".to_vec()),
        ("/v3/pipeline", br#"{"baton":null,"requests":[{"type":"teleport"}]}"#.to_vec()),
        ("/v3/pipeline", br#"{"baton":null,"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":"nope"}]}}]}"#.to_vec()),
        ("/v3/pipeline", br#"{"baton":null,"requests":[{"type":"execute","stmt":{"args":[]}}]}"#.to_vec()),
        ("/v2/pipeline", br#"[]"#.to_vec()),
        ("/v3/cursor", b"\x00\x01garbage".to_vec()),
        ("/v3-protobuf/pipeline", vec![0xff, 0xff, 0xff, 0xff]),
        ("/v3-protobuf/cursor", vec![0x12, 0x05, 0x01]),
        ("/v1/execute", b"{}".to_vec()),
        ("/", b"{\"statements\": 5}".to_vec()),
    ];
    for (path, body) in cases {
        let (status, _, text) = server.post_raw(path, body.clone(), &[]).await;
        assert_eq!(status, 400, "{path} {:?} -> {}", String::from_utf8_lossy(&body), String::from_utf8_lossy(&text));
    }
    let (status, _, _) = server.post_raw("/v3/pipeline", vec![b' '; 100 * 1024], &[]).await;
    assert_eq!(status, 413, "an oversized body is refused");
    // The server is still healthy, and no stream leaked.
    assert_eq!(rows(&server.execute("SELECT 1").await), vec![vec![int(1)]]);
    assert_eq!(server.server.as_ref().unwrap().state().streams.open_count(), 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_streams_expire_and_roll_back() {
    let server = TestServer::start_with(|c| c.stream_idle_timeout = Duration::from_millis(300)).await;
    server.execute("CREATE TABLE t(x)").await;
    let body = server.pipeline(None, json!([{"type": "execute", "stmt": stmt("BEGIN")}, {"type": "execute", "stmt": stmt("INSERT INTO t VALUES (1)")}])).await;
    let baton = body["baton"].as_str().unwrap().to_owned();
    // Protobuf stream too, to check the expiry error's encoding.
    let pb_request = PipelineReqBody { baton: None, requests: vec![StreamRequest::GetAutocommit] };
    let (status, _, bytes) = server.post_raw("/v3-protobuf/pipeline", protobuf::encode(pb_request), &[]).await;
    assert_eq!(status, 200);
    let pb_baton = protobuf::decode::<PipelineRespBody>(&bytes).unwrap().baton.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (status, content_type, bytes) = server
        .post_raw("/v3/pipeline", serde_json::to_vec(&json!({"baton": baton, "requests": []})).unwrap(), &[])
        .await;
    assert_eq!((status, content_type.as_str()), (400, "application/json"));
    let error: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(error, json!({"message": "The stream has expired due to inactivity", "code": "STREAM_EXPIRED"}));
    let (status, content_type, bytes) = server
        .post_raw(
            "/v3-protobuf/pipeline",
            protobuf::encode(PipelineReqBody { baton: Some(pb_baton), requests: vec![] }),
            &[],
        )
        .await;
    assert_eq!((status, content_type.as_str()), (400, "application/x-protobuf"));
    let error: edgelite::hrana::proto::Error = protobuf::decode(&bytes).unwrap();
    assert_eq!(error.code.as_deref(), Some("STREAM_EXPIRED"));
    // The expired stream's transaction was rolled back, and its lock released.
    assert_eq!(rows(&server.execute("SELECT count(*) FROM t").await), vec![vec![int(0)]]);
    server.execute("INSERT INTO t VALUES (2)").await;
    assert_eq!(server.server.as_ref().unwrap().state().streams.open_count(), 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cursor_streams_entries_in_both_encodings() {
    let server = TestServer::start().await;
    server.execute("CREATE TABLE t(x UNIQUE)").await;
    let batch = json!({"steps": [
        {"stmt": stmt("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT i FROM n")},
        {"stmt": stmt("INSERT INTO t VALUES (1)")},
        {"stmt": stmt("INSERT INTO t VALUES (1)")},
        {"condition": {"type": "ok", "step": 2}, "stmt": stmt("SELECT 'skipped'")},
        {"stmt": {"sql": "SELECT 1", "want_rows": false}},
    ]});
    let (status, content_type, bytes) =
        server.post_raw("/v3/cursor", serde_json::to_vec(&json!({"baton": null, "batch": batch})).unwrap(), &[]).await;
    assert_eq!((status, content_type.as_str()), (200, "text/plain"));
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let head: CursorRespBody = serde_json::from_str(lines.next().unwrap()).unwrap();
    let entries: Vec<CursorEntry> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    let check = |entries: &[CursorEntry]| {
        let rows = entries.iter().filter(|e| matches!(e, CursorEntry::Row { .. })).count();
        assert_eq!(rows, 5000);
        assert!(
            matches!(&entries[0], CursorEntry::StepBegin { step: 0, cols } if cols[0].name.as_deref() == Some("i"))
        );
        assert!(matches!(&entries[5001], CursorEntry::StepEnd { .. }));
        assert!(matches!(&entries[5002], CursorEntry::StepBegin { step: 1, .. }));
        assert!(matches!(&entries[5003], CursorEntry::StepEnd { affected_row_count: 1, last_insert_rowid: Some(1) }));
        assert!(
            matches!(&entries[5004], CursorEntry::StepError { step: 2, error } if error.code.as_deref() == Some("SQLITE_CONSTRAINT"))
        );
        assert!(
            matches!(&entries[5005], CursorEntry::StepBegin { step: 4, .. }),
            "step 3 was skipped: {:?}",
            &entries[5005]
        );
        assert!(matches!(&entries[5006], CursorEntry::StepEnd { .. }), "want_rows false sends no rows");
        assert_eq!(entries.len(), 5007);
    };
    check(&entries);
    // The cursor's baton continues the stream.
    let after = server
        .pipeline(head.baton.as_deref(), json!([{"type": "execute", "stmt": stmt("SELECT count(*) FROM t")}]))
        .await;
    assert_eq!(rows(&after["results"][0]["response"]["result"]), vec![vec![int(1)]]);

    server.execute("DELETE FROM t").await;
    let pb_batch: edgelite::hrana::proto::Batch = serde_json::from_value(batch).unwrap();
    let request = edgelite::hrana::proto::CursorReqBody { baton: None, batch: pb_batch };
    let (status, content_type, bytes) = server.post_raw("/v3-protobuf/cursor", protobuf::encode(request), &[]).await;
    assert_eq!((status, content_type.as_str()), (200, "application/octet-stream"));
    let mut slice = bytes.as_slice();
    let _head: CursorRespBody = protobuf::decode_length_delimited(&mut slice).unwrap();
    let mut pb_entries = Vec::new();
    while !slice.is_empty() {
        pb_entries.push(protobuf::decode_length_delimited::<CursorEntry>(&mut slice).unwrap());
    }
    check(&pb_entries);
    server.stop().await;
}

/// A client may send its next request as soon as it has read a cursor's last entry, without
/// waiting for the end of the body (the official `libsql` crate does): the baton the cursor
/// handed out must already work then.
#[tokio::test(flavor = "multi_thread")]
async fn a_cursor_baton_works_as_soon_as_the_last_entry_arrived() {
    let server = TestServer::start().await;
    // The race this guards against was narrow (the stream was given back just after the last
    // bytes were sent): it is tried many times, on several streams at once so that the server's
    // threads get preempted.
    let streams = (0..8).map(|stream| {
        let (http, url) = (server.http.clone(), server.url.clone());
        tokio::spawn(async move {
            let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) SELECT i FROM n";
            let mut baton: Option<String> = None;
            for attempt in 0..150 {
                let body = json!({"baton": baton, "batch": {"steps": [{"stmt": stmt(sql)}]}});
                let mut response = http.post(format!("{url}/v3/cursor")).body(body.to_string()).send().await.unwrap();
                assert_eq!(response.status(), 200);
                let mut text = String::new();
                while !text.lines().any(|l| l.contains(r#""type":"step_end""#)) {
                    let chunk = response.chunk().await.unwrap().expect("the cursor ends with step_end");
                    text.push_str(std::str::from_utf8(&chunk).unwrap());
                }
                let head: CursorRespBody = serde_json::from_str(text.lines().next().unwrap()).unwrap();
                // At once, with the rest of the body (if any) unread.
                let next = json!({"baton": head.baton, "requests": [{"type": "execute", "stmt": stmt("SELECT 1")}]});
                let answer = http.post(format!("{url}/v3/pipeline")).body(next.to_string()).send().await.unwrap();
                let status = answer.status();
                let answer = answer.text().await.unwrap();
                assert_eq!(status, 200, "stream {stream}, attempt {attempt}: {answer}");
                let answer: Value = serde_json::from_str(&answer).unwrap();
                baton = answer["baton"].as_str().map(str::to_owned);
                assert!(baton.is_some(), "{answer}");
            }
        })
    });
    for stream in futures_util::future::join_all(streams.collect::<Vec<_>>()).await {
        stream.unwrap();
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn protobuf_pipeline_round_trip() {
    let server = TestServer::start().await;
    let stmt: edgelite::hrana::proto::Stmt = serde_json::from_value(json!({"sql": "SELECT ?, ?, ?", "args": [
        int(i64::MIN), {"type": "blob", "base64": ""}, {"type": "float", "value": 0.1}
    ]}))
    .unwrap();
    let mut stmt_inf = edgelite::hrana::proto::Stmt { sql: Some("SELECT ?, typeof(?)".into()), ..Default::default() };
    stmt_inf.args = vec![edgelite::Value::Real(f64::INFINITY), edgelite::Value::Real(-0.0)];
    let request = PipelineReqBody {
        baton: None,
        requests: vec![
            StreamRequest::Execute { stmt },
            StreamRequest::Execute { stmt: stmt_inf },
            StreamRequest::Close,
        ],
    };
    let (status, content_type, bytes) = server.post_raw("/v3-protobuf/pipeline", protobuf::encode(request), &[]).await;
    assert_eq!((status, content_type.as_str()), (200, "application/x-protobuf"));
    let response: PipelineRespBody = protobuf::decode(&bytes).unwrap();
    let results: Vec<_> = response
        .results
        .into_iter()
        .map(|r| match r {
            StreamResult::Ok { response: edgelite::hrana::proto::StreamResponse::Execute { result } } => result.rows,
            StreamResult::Ok { .. } => vec![],
            StreamResult::Error { error } => panic!("{error:?}"),
        })
        .collect();
    use edgelite::Value::*;
    assert_eq!(results[0], vec![vec![Integer(i64::MIN), Blob(vec![]), Real(0.1)]]);
    assert_eq!(
        results[1],
        vec![vec![Real(f64::INFINITY), Text("real".into())]],
        "infinities travel exactly in protobuf"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn readers_are_not_blocked_by_a_writer_and_streams_run_concurrently() {
    let server = TestServer::start().await;
    server.execute("CREATE TABLE t(x)").await;
    server.execute("INSERT INTO t VALUES (1)").await;
    // A write transaction held open on one stream...
    let w = server.pipeline(None, json!([{"type": "execute", "stmt": stmt("BEGIN IMMEDIATE")}, {"type": "execute", "stmt": stmt("INSERT INTO t VALUES (2)")}])).await;
    // ...does not block readers on other streams (WAL), which see committed data only.
    let started = std::time::Instant::now();
    assert_eq!(rows(&server.execute("SELECT count(*) FROM t").await), vec![vec![int(1)]]);
    assert!(started.elapsed() < Duration::from_secs(2), "the reader waited for the writer");
    server.pipeline(w["baton"].as_str(), json!([{"type": "execute", "stmt": stmt("COMMIT")}, {"type": "close"}])).await;
    // Many streams at once, each writing: all succeed (writes serialize in SQLite).
    let mut tasks = Vec::new();
    for i in 0..24 {
        let url = server.url.clone();
        let http = server.http.clone();
        tasks.push(tokio::spawn(async move {
            let body = json!({"baton": null, "requests": [
                {"type": "execute", "stmt": {"sql": "INSERT INTO t VALUES (?)", "args": [int(100 + i)]}},
                {"type": "execute", "stmt": stmt("SELECT count(*) FROM t")}, {"type": "close"}]});
            let response = http.post(format!("{url}/v3/pipeline")).body(body.to_string()).send().await.unwrap();
            let value: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            assert_eq!(value["results"][0]["type"], "ok", "{value}");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(rows(&server.execute("SELECT count(*) FROM t").await), vec![vec![int(26)]]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn clients_cannot_reach_files_outside_the_database() {
    let server = TestServer::start().await;
    let target = std::env::temp_dir().join(format!("edgelite-escape-{}.db", std::process::id()));
    for sql in [format!("ATTACH '{}' AS x", target.display()), format!("VACUUM INTO '{}'", target.display())] {
        let body = server.pipeline(None, json!([{"type": "execute", "stmt": {"sql": sql}}])).await;
        assert_eq!(body["results"][0]["error"]["code"], "SQLITE_AUTH", "{body}");
    }
    assert!(!target.exists());
    server.execute("VACUUM").await;
    // Defensive mode: the schema cannot be written directly.
    let body = server
        .pipeline(
            None,
            json!([{"type": "sequence", "sql": "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'x'"}]),
        )
        .await;
    assert_eq!(body["results"][0]["type"], "error", "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn legacy_v1_and_v0_apis() {
    let server = TestServer::start().await;
    let (status, body) = server
        .post(
            "/v1/execute",
            json!({"stmt": {"sql": "CREATE TABLE t(id INTEGER PRIMARY KEY, v UNIQUE)", "want_rows": true}}),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = server
        .post(
            "/v1/batch",
            json!({"batch": {"steps": [
            {"stmt": {"sql": "INSERT INTO t(v) VALUES (?)", "args": [text("a")], "want_rows": true}},
            {"condition": {"type": "ok", "step": 0}, "stmt": {"sql": "SELECT v FROM t", "want_rows": true}}]}}),
            &[],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(rows(&body["result"]["step_results"][1]), vec![vec![text("a")]]);
    let (status, body) =
        server.post("/v1/execute", json!({"stmt": {"sql": "INSERT INTO t(v) VALUES ('a')"}}), &[]).await;
    assert_eq!((status, body["code"].as_str()), (500, Some("SQLITE_CONSTRAINT")), "{body}");
    let (status, body) = server
        .post(
            "/v1/execute",
            json!({"stmt": {"sql": "SELECT ?", "args": [int(1)], "named_args": [{"name": "a", "value": int(1)}]}}),
            &[],
        )
        .await;
    assert_eq!(status, 501, "{body}");

    // v0: plain JSON values, one transaction, results per statement.
    let (status, body) = server
        .post(
            "/",
            json!({"statements": ["SELECT 1 AS one", {"q": "INSERT INTO t(v) VALUES (?)", "params": [42]},
            {"q": "SELECT v, :b AS b FROM t ORDER BY id", "params": {":b": {"base64": "AP8="}}}]}),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["results"]["columns"], json!(["one"]));
    assert_eq!(body[0]["results"]["rows"], json!([[1]]));
    assert_eq!(body[2]["results"]["rows"], json!([["a", {"base64": "AP8="}], [42, {"base64": "AP8="}]]));
    // A failure rolls back the whole request; statements after it do not run.
    let (_, body) = server
        .post(
            "/",
            json!({"statements": ["INSERT INTO t(v) VALUES ('new')", "INSERT INTO t(v) VALUES ('a')", "SELECT 1"]}),
            &[],
        )
        .await;
    assert!(body[0]["results"].is_object() && body[1]["error"]["message"].is_string() && body[2].is_null(), "{body}");
    assert_eq!(rows(&server.execute("SELECT count(*) FROM t WHERE v = 'new'").await), vec![vec![int(0)]]);
    // Transaction control is refused inside.
    let (_, body) = server.post("/", json!({"statements": ["BEGIN", "SELECT 1"]}), &[]).await;
    assert!(body[0]["error"]["message"].as_str().unwrap().contains("not authorized"), "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dump_recreates_the_database() {
    let server = TestServer::start().await;
    server
        .pipeline(None, json!([{"type": "sequence", "sql": "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'x'), (9223372036854775807, x'00ff');"}]))
        .await;
    let (status, text) = server.get("/dump").await;
    assert_eq!(status, 200);
    assert!(text.starts_with("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(a, b);"), "{text}");
    assert!(text.contains("INSERT INTO \"t\" VALUES(9223372036854775807,X'00FF');"), "{text}");
    let copy = edgelite::Database::open(":memory:").unwrap().connect().unwrap();
    copy.execute_batch(&text).unwrap();
    assert_eq!(copy.query_row("SELECT count(*) FROM t", (), |r| r.get::<i64>(0)).unwrap(), 2);
    let (_, with_rowids) = server.get("/dump?preserve_row_ids=true").await;
    assert!(with_rowids.contains("INSERT INTO \"t\"(\"rowid\",\"a\",\"b\") VALUES(1,1,'x');"), "{with_rowids}");
    server.stop().await;
}

/// A closed stream's connection serves the next stream (its schema and page cache stay warm),
/// but only when nothing it ran can show through: a transaction left open, a pragma set, a
/// temporary table or an attached database each close the connection instead.
#[tokio::test(flavor = "multi_thread")]
async fn closed_streams_pass_clean_connections_on() {
    let server = TestServer::start().await;
    let ns = server.server.as_ref().unwrap().state().namespaces.get("default").unwrap();
    server.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)").await;
    let idle_after_setup = ns.idle_connections();
    assert_eq!(idle_after_setup, 1, "the first stream's connection is kept");
    // Stream after stream reuses the one connection; an insert's rowid does not carry over.
    let insert = server.execute("INSERT INTO t(v) VALUES ('a')").await;
    assert_eq!(insert["last_insert_rowid"], "1");
    let select = server.execute("SELECT count(*) FROM t").await;
    assert_eq!(select["last_insert_rowid"], "0", "{select}");
    assert_eq!(ns.idle_connections(), 1);

    let stream_then_close = |requests: Value| {
        let server = &server;
        async move {
            let body = server.pipeline(None, requests).await;
            assert!(body["results"].as_array().unwrap().iter().all(|r| r["type"] == "ok"), "{body}");
            let baton = body["baton"].as_str().unwrap().to_owned();
            let closed = server.pipeline(Some(&baton), json!([{"type": "close"}])).await;
            assert_eq!(closed["results"][0]["type"], "ok", "{closed}");
        }
    };
    for (what, sql) in [
        ("a pragma set", "PRAGMA foreign_keys = ON"),
        ("a temporary table", "CREATE TEMP TABLE scratch(x)"),
        ("an attached database", "ATTACH ':memory:' AS side"),
        ("an open transaction", "BEGIN; INSERT INTO t(v) VALUES ('uncommitted')"),
    ] {
        // Two streams at once: the second opens a new connection, used for `sql`.
        let first = server.pipeline(None, json!([{"type": "execute", "stmt": stmt("SELECT 1")}])).await;
        let requests: Vec<Value> = sql.split("; ").map(|s| json!({"type": "execute", "stmt": stmt(s)})).collect();
        stream_then_close(json!(requests)).await;
        assert_eq!(ns.idle_connections(), 0, "{what}: that connection is closed, not kept");
        let first_baton = first["baton"].as_str().unwrap().to_owned();
        server.pipeline(Some(&first_baton), json!([{"type": "close"}])).await;
        assert_eq!(ns.idle_connections(), 1, "{what}: the clean one is kept");
        // The next stream (on the kept connection) sees none of it.
        let fresh = server
            .pipeline(
                None,
                json!([
                    {"type": "execute", "stmt": stmt("PRAGMA foreign_keys")},
                    {"type": "execute", "stmt": stmt("SELECT count(*) FROM sqlite_temp_schema")},
                    {"type": "execute", "stmt": stmt("SELECT count(*) FROM pragma_database_list")},
                    {"type": "execute", "stmt": stmt("SELECT count(*) FROM t WHERE v = 'uncommitted'")},
                    {"type": "get_autocommit"},
                    {"type": "close"},
                ]),
            )
            .await;
        let results = &fresh["results"];
        assert_eq!(rows(&results[0]["response"]["result"]), vec![vec![int(0)]], "{what}");
        assert_eq!(rows(&results[1]["response"]["result"]), vec![vec![int(0)]], "{what}");
        // main and temp.
        assert_eq!(rows(&results[2]["response"]["result"]), vec![vec![int(2)]], "{what}");
        assert_eq!(rows(&results[3]["response"]["result"]), vec![vec![int(0)]], "{what}");
        assert_eq!(results[4]["response"]["is_autocommit"], true, "{what}");
    }
    server.stop().await;
}
