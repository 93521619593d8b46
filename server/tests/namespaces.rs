//! Namespaces: selection by header and Host, the admin API, isolation between namespaces.

mod common;

use base64::Engine;
use common::*;
use serde_json::json;

async fn admin(server: &TestServer, method: reqwest::Method, path: &str, key: Option<&str>) -> (u16, String) {
    let mut request = server.http.request(method, format!("{}{}", server.admin_url.as_ref().unwrap(), path));
    if let Some(key) = key {
        request = request.header("authorization", format!("basic {key}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn namespaces_are_selected_and_isolated() {
    let server = TestServer::start_with(|c| {
        c.enable_namespaces = true;
        c.admin_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    use reqwest::Method;
    assert_eq!(admin(&server, Method::POST, "/v1/namespaces/one/create", None).await.0, 200);
    assert_eq!(admin(&server, Method::POST, "/v1/namespaces/two/create", None).await.0, 200);
    let (status, body) = admin(&server, Method::POST, "/v1/namespaces/one/create", None).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("already exists"));
    assert_eq!(admin(&server, Method::POST, "/v1/namespaces/bad%20name/create", None).await.0, 400);
    let (status, list) = admin(&server, Method::GET, "/v1/namespaces", None).await;
    assert_eq!(
        (status, serde_json::from_str::<serde_json::Value>(&list).unwrap()),
        (200, json!({"namespaces": ["default", "one", "two"]}))
    );

    let run = |headers: Vec<(&'static str, String)>, sql: &'static str| {
        let server = &server;
        async move {
            let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            server
                .post(
                    "/v3/pipeline",
                    json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": sql}}, {"type": "close"}]}),
                    &h,
                )
                .await
        }
    };
    // Each namespace is its own database; the three ways of naming one.
    let (status, _) = run(vec![("x-namespace", "one".into())], "CREATE TABLE only_one(x)").await;
    assert_eq!(status, 200);
    let bin = base64::engine::general_purpose::STANDARD_NO_PAD.encode("one");
    let (_, body) = run(vec![("x-namespace-bin", bin)], "SELECT count(*) FROM only_one").await;
    assert_eq!(body["results"][0]["type"], "ok", "{body}");
    let (_, body) = run(vec![("host", "one.example.com".into())], "SELECT count(*) FROM only_one").await;
    assert_eq!(body["results"][0]["type"], "ok", "{body}");
    let (_, body) = run(vec![("x-namespace", "two".into())], "SELECT count(*) FROM only_one").await;
    assert_eq!(body["results"][0]["error"]["code"], "SQLITE_ERROR", "two cannot see one's table: {body}");
    // A host without a dot, or an IP address (unlike sqld, which reads 127.0.0.1 as the
    // namespace "127"), means default.
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
        let (status, body) = run(vec![("host", host.into())], "SELECT count(*) FROM only_one").await;
        assert_eq!(status, 200, "{host}: {body}");
        assert_eq!(body["results"][0]["error"]["code"], "SQLITE_ERROR", "{host} should be default: {body}");
    }
    // Missing namespaces are 404 with sqld's message.
    let (status, body) = run(vec![("x-namespace", "nope".into())], "SELECT 1").await;
    assert_eq!((status, body), (404, json!({"error": "Namespace `nope` doesn't exist"})));
    let (status, _) = run(vec![("host", "nope.example.com".into())], "SELECT 1").await;
    assert_eq!(status, 404);
    // A baton from one namespace cannot be used with another.
    let (_, body) = server
        .post(
            "/v3/pipeline",
            json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "SELECT 1"}}]}),
            &[("x-namespace", "one")],
        )
        .await;
    let (status, _) =
        server.post("/v3/pipeline", json!({"baton": body["baton"], "requests": []}), &[("x-namespace", "two")]).await;
    assert_eq!(status, 400);
    // WebSocket connections pick their namespace at the upgrade.
    let mut ws = Ws::connect(&server.ws_url(), &["hrana3"], &[("x-namespace", "one")]).await.unwrap();
    ws.hello(None).await;
    ws.request(1, json!({"type": "open_stream", "stream_id": 1})).await;
    let r = ws
        .request(2, json!({"type": "execute", "stream_id": 1, "stmt": {"sql": "SELECT count(*) FROM only_one"}}))
        .await;
    assert_eq!(r["type"], "response_ok", "{r}");
    let mut missing = Ws::connect(&server.ws_url(), &["hrana3"], &[("x-namespace", "nope")]).await.unwrap();
    assert_eq!(missing.hello(None).await["error"]["code"], "NAMESPACE_DOESNT_EXIST");

    // Deleting a namespace removes it, and its open streams fail.
    assert_eq!(admin(&server, Method::DELETE, "/v1/namespaces/one", None).await.0, 200);
    assert_eq!(admin(&server, Method::DELETE, "/v1/namespaces/one", None).await.0, 404);
    let (status, _) = run(vec![("x-namespace", "one".into())], "SELECT 1").await;
    assert_eq!(status, 404);
    ws.request(3, json!({"type": "open_stream", "stream_id": 2})).await;
    let r = ws.request(4, json!({"type": "execute", "stream_id": 2, "stmt": {"sql": "SELECT 1"}})).await;
    assert_eq!(r["type"], "response_error", "{r}");
    let (_, list) = admin(&server, Method::GET, "/v1/namespaces", None).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&list).unwrap(), json!({"namespaces": ["default", "two"]}));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_key_and_disabled_namespaces() {
    let server = TestServer::start_with(|c| {
        c.enable_namespaces = true;
        c.admin_listen = Some("127.0.0.1:0".parse().unwrap());
        c.admin_key = Some("k3y".into());
    })
    .await;
    use reqwest::Method;
    assert_eq!(admin(&server, Method::POST, "/v1/namespaces/a/create", None).await, (401, String::new()));
    assert_eq!(admin(&server, Method::POST, "/v1/namespaces/a/create", Some("wrong")).await, (401, String::new()));
    assert_eq!(admin(&server, Method::POST, "/v1/namespaces/a/create", Some("k3y")).await.0, 200);
    assert_eq!(admin(&server, Method::GET, "/v1/namespaces", None).await.0, 401);
    server.stop().await;

    // With namespaces off, every request uses the default database whatever it names.
    let plain = TestServer::start_with(|c| c.admin_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let (status, _) = plain
        .post(
            "/v3/pipeline",
            json!({"baton": null, "requests": [{"type": "execute", "stmt": {"sql": "SELECT 1"}}]}),
            &[("x-namespace", "whatever")],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(admin(&plain, Method::POST, "/v1/namespaces/a/create", None).await.0, 400);
    plain.stop().await;
}
