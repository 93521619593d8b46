//! Authentication and authorization: JWTs (legacy and fine-grained claims), read-only tokens,
//! HTTP basic, over HTTP and WebSocket, with sqld's response shapes.

mod common;

use common::*;
use edgelite_server::Auth;
use serde_json::{json, Value};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[tokio::test(flavor = "multi_thread")]
async fn jwt_over_http() {
    let keys = Keys::new(7);
    let server = TestServer::start_with(|c| c.auth = keys.auth()).await;
    let rw = keys.token(json!({"a": "rw"}));
    let no_claims = keys.token(json!({}));
    let ro = keys.token(json!({"a": "ro", "exp": now() + 3600}));
    let expired = keys.token(json!({"exp": now() - 3600}));
    let within_leeway = keys.token(json!({"exp": now() - 10}));
    let forged = Keys::new(8).token(json!({"a": "rw"}));
    let body = json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "CREATE TABLE IF NOT EXISTS t(x)"}}, {"type": "close"}]});

    let unauthorized = |status: u16, body: &Value, reason: &str| {
        assert_eq!(status, 401, "{body}");
        assert_eq!(body, &json!({"error": format!("Unauthorized: `{reason}`")}));
    };
    let (status, b) = server.post("/v3/pipeline", body.clone(), &[]).await;
    unauthorized(status, &b, "The Authorization HTTP header is missing");
    let (status, b) = server.post("/v3/pipeline", body.clone(), &[("authorization", "Bearer ")]).await;
    unauthorized(status, &b, "The JWT is missing");
    let (status, b) = server.post("/v3/pipeline", body.clone(), &[("authorization", &bearer(&forged))]).await;
    unauthorized(status, &b, "The JWT is invalid");
    let (status, b) = server.post("/v3/pipeline", body.clone(), &[("authorization", &bearer(&expired))]).await;
    unauthorized(status, &b, "The JWT has expired");
    let (status, b) = server.post("/v3/pipeline", body.clone(), &[("authorization", "Token abc")]).await;
    unauthorized(status, &b, "The Authorization HTTP header uses an unsupported scheme");
    let (status, b) = server.post("/v3/pipeline", body.clone(), &[("authorization", "Basic dTpw")]).await;
    unauthorized(status, &b, "Authentication using Basic is not allowed");
    let tampered = format!("{}x", &rw[..rw.len() - 1]);
    let (status, _) = server.post("/v3/pipeline", body.clone(), &[("authorization", &bearer(&tampered))]).await;
    assert_eq!(status, 401);

    for token in [&rw, &no_claims, &within_leeway] {
        let (status, b) = server.post("/v3/pipeline", body.clone(), &[("authorization", &bearer(token))]).await;
        assert_eq!(status, 200, "{b}");
    }
    // A read-only token reads, and starts read transactions...
    let read = json!({"baton": null, "requests": [
        {"type": "execute", "stmt": {"sql": "BEGIN"}},
        {"type": "execute", "stmt": {"sql": "SELECT count(*) FROM t"}},
        {"type": "execute", "stmt": {"sql": "COMMIT"}}, {"type": "close"}]});
    let (status, b) = server.post("/v3/pipeline", read, &[("authorization", &bearer(&ro))]).await;
    assert_eq!(status, 200, "{b}");
    assert!(b["results"].as_array().unwrap().iter().all(|r| r["type"] == "ok"), "{b}");
    // ...but any write fails the whole HTTP request with 403, wherever it hides, before anything
    // in the request has run.
    let mixed = json!({"baton": null, "requests": [
        {"type": "execute", "stmt": {"sql": "SELECT 1"}},
        {"type": "batch", "batch": {"steps": [{"stmt": {"sql": "CREATE TABLE side_effect(x)"}}]}}]});
    assert_eq!(server.post("/v3/pipeline", mixed, &[("authorization", &bearer(&rw))]).await.0, 200);
    let mixed_ro = json!({"baton": null, "requests": [
        {"type": "execute", "stmt": {"sql": "CREATE TABLE IF NOT EXISTS never(x)"}},
        {"type": "execute", "stmt": {"sql": "INSERT INTO t VALUES (1)"}}]});
    assert_eq!(server.post("/v3/pipeline", mixed_ro, &[("authorization", &bearer(&ro))]).await.0, 403);
    for request in [
        json!({"type": "execute", "stmt": {"sql": "INSERT INTO t VALUES (1)"}}),
        json!({"type": "batch", "batch": {"steps": [{"stmt": {"sql": "SELECT 1"}}, {"stmt": {"sql": "DELETE FROM t"}}]}}),
        json!({"type": "sequence", "sql": "SELECT 1; CREATE TABLE u(y)"}),
    ] {
        let (status, b) = server
            .post("/v3/pipeline", json!({"baton": null, "requests": [request]}), &[("authorization", &bearer(&ro))])
            .await;
        assert_eq!(status, 403, "{b}");
        assert!(b["error"].as_str().unwrap().starts_with("Authorization forbidden: "), "{b}");
    }
    // Inside an open transaction too.
    let (_, b) = server
        .post(
            "/v3/pipeline",
            json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "BEGIN"}}]}),
            &[("authorization", &bearer(&ro))],
        )
        .await;
    let (status, _) = server
        .post("/v3/pipeline", json!({"baton": b["baton"], "requests": [{"type": "execute", "stmt": {"sql": "INSERT INTO t VALUES (1)"}}]}), &[("authorization", &bearer(&ro))])
        .await;
    assert_eq!(status, 403);
    // The cursor endpoint and the legacy APIs check too.
    let cursor = json!({"baton": null, "batch": {"steps": [{"stmt": {"sql": "SELECT 1"}}, {"stmt": {"sql": "INSERT INTO t VALUES (1)"}}]}});
    assert_eq!(server.post("/v3/cursor", cursor, &[("authorization", &bearer(&ro))]).await.0, 403);
    assert_eq!(
        server
            .post(
                "/v1/execute",
                json!({"stmt": {"sql": "INSERT INTO t VALUES (1)"}}),
                &[("authorization", &bearer(&ro))]
            )
            .await
            .0,
        403
    );
    assert_eq!(
        server.post("/", json!({"statements": ["DELETE FROM t"]}), &[("authorization", &bearer(&ro))]).await.0,
        403
    );
    assert_eq!(server.get("/dump").await.0, 401);
    let rows_now = server
        .post(
            "/v3/pipeline",
            json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "SELECT count(*) FROM t"}}]}),
            &[("authorization", &bearer(&rw))],
        )
        .await
        .1;
    assert_eq!(rows(&rows_now["results"][0]["response"]["result"]), vec![vec![int(0)]], "nothing was written");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn jwt_over_websocket() {
    let keys = Keys::new(3);
    let server = TestServer::start_with(|c| c.auth = keys.auth()).await;
    // A bad token gets hello_error, then the socket closes.
    let mut ws = Ws::connect(&server.ws_url(), &["hrana3"], &[]).await.unwrap();
    let reply = ws.hello(Some(&Keys::new(4).token(json!({})))).await;
    assert_eq!(reply["type"], "hello_error");
    assert_eq!(reply["error"]["code"], "AUTH_JWT_INVALID");
    assert_eq!(ws.recv().await.unwrap()["type"], "__close");
    let mut ws = Ws::connect(&server.ws_url(), &["hrana3"], &[]).await.unwrap();
    assert_eq!(ws.hello(None).await["error"]["code"], "AUTH_HTTP_HEADER_MISSING");

    // The upgrade request's Authorization header counts when hello carries no token.
    let rw = keys.token(json!({"a": "rw"}));
    let mut ws = Ws::connect(&server.ws_url(), &["hrana3"], &[("authorization", &bearer(&rw))]).await.unwrap();
    assert_eq!(ws.hello(None).await["type"], "hello_ok");

    let ro = keys.token(json!({"a": "ro"}));
    let mut ws = Ws::connect(&server.ws_url(), &["hrana2"], &[]).await.unwrap();
    assert_eq!(ws.hello(Some(&ro)).await["type"], "hello_ok");
    ws.request(1, json!({"type": "open_stream", "stream_id": 1})).await;
    let r = ws.request(2, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "CREATE TABLE t(x)"}})).await;
    assert_eq!(r["error"]["code"], "AUTH_FORBIDDEN");
    let r = ws.request(3, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "SELECT 1"}})).await;
    assert_eq!(r["type"], "response_ok");
    // Re-authenticating (hrana2+) with a read-write token lifts the restriction.
    assert_eq!(ws.hello(Some(&rw)).await["type"], "hello_ok");
    let r = ws.request(4, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "CREATE TABLE t(x)"}})).await;
    assert_eq!(r["type"], "response_ok", "{r}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pem_keys_and_basic_auth() {
    // A PEM key file with two keys: tokens signed by either are accepted.
    let (a, b) = (Keys::new(11), Keys::new(12));
    let pem = |k: &Keys| {
        use ed25519_dalek::pkcs8::EncodePublicKey;
        let verifying = ed25519_dalek::VerifyingKey::from_bytes(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, k.public_base64())
                .unwrap()
                .try_into()
                .unwrap(),
        )
        .unwrap();
        verifying.to_public_key_pem(Default::default()).unwrap()
    };
    let keys = Auth::parse_jwt_keys(&format!("{}\n{}", pem(&a), pem(&b))).unwrap();
    assert_eq!(keys.len(), 2);
    assert!(Auth::parse_jwt_keys("not a key").is_err());
    assert!(Auth::parse_jwt_keys("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err());
    let credentials = edgelite_server::auth::basic_credentials("admin", "s3cret");
    let server =
        TestServer::start_with(|c| c.auth = Auth::default().with_jwt_keys(keys).with_basic(credentials.clone())).await;
    let body = json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "SELECT 1"}}]});
    for token in [a.token(json!({})), b.token(json!({}))] {
        assert_eq!(server.post("/v3/pipeline", body.clone(), &[("authorization", &bearer(&token))]).await.0, 200);
    }
    assert_eq!(
        server.post("/v3/pipeline", body.clone(), &[("authorization", &format!("basic {credentials}"))]).await.0,
        200
    );
    let wrong = edgelite_server::auth::basic_credentials("admin", "guess");
    let (status, b2) = server.post("/v3/pipeline", body.clone(), &[("authorization", &format!("Basic {wrong}"))]).await;
    assert_eq!((status, b2), (401, json!({"error": "Unauthorized: `Authentication using Basic was rejected`"})));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_are_scoped_to_namespaces() {
    let keys = Keys::new(21);
    let server = TestServer::start_with(|c| {
        c.auth = keys.auth();
        c.enable_namespaces = true;
        c.admin_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let admin = server.admin_url.clone().unwrap();
    for ns in ["alpha", "beta"] {
        let r = server.http.post(format!("{admin}/v1/namespaces/{ns}/create")).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    let select = json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "SELECT 1"}}]});
    let write = json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "CREATE TABLE t(x)"}}]});
    let call = |token: String, ns: &'static str, body: Value| {
        let server = &server;
        async move { server.post("/v3/pipeline", body, &[("authorization", &bearer(&token)), ("x-namespace", ns)]).await.0 }
    };
    // Legacy claims: `id` names the one namespace.
    let alpha_only = keys.token(json!({"id": "alpha"}));
    assert_eq!(call(alpha_only.clone(), "alpha", select.clone()).await, 200);
    assert_eq!(call(alpha_only, "beta", select.clone()).await, 403);
    // Fine-grained claims: read-write on alpha, read-only on beta; `p` wins over `a`.
    let fine = keys.token(json!({"a": "ro", "p": {"rw": {"ns": ["alpha"]}, "ro": {"ns": ["beta"]}}}));
    assert_eq!(call(fine.clone(), "alpha", write.clone()).await, 200);
    assert_eq!(call(fine.clone(), "beta", select.clone()).await, 200);
    assert_eq!(call(fine.clone(), "beta", write.clone()).await, 403);
    assert_eq!(call(fine, "default", select.clone()).await, 403);
    // Unauthenticated requests learn nothing about which namespaces exist.
    assert_eq!(server.post("/v3/pipeline", select.clone(), &[("x-namespace", "missing")]).await.0, 401);
    server.stop().await;
}
