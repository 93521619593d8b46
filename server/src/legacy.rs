//! sqld's older HTTP APIs: `POST /` (the "v0" query API), `POST /v1/execute` and
//! `POST /v1/batch` (Hrana 1 semantics, a fresh stream per request), and `GET /dump`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use edgelite::authorizer::{action, AuthDecision, AuthRequest};
use edgelite::hrana::proto::{Batch, Error, Stmt};
use edgelite::{Parameters, Value};
use serde::Deserialize;
use serde_json::{json, Value as Json};
use tokio::sync::mpsc;

use crate::auth::Access;
use crate::error::{ApiError, Encoding};
use crate::hrana::exec::{self, Context, ExecError};
use crate::{AppState, Client};

/// Runs `work` on a fresh connection of the client's namespace, off the executor.
async fn with_connection<T: Send + 'static>(
    client: Client,
    work: impl FnOnce(&edgelite::Connection, Access) -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || {
        let conn = client.namespace.connect().map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(work(&conn, client.access))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
}

fn v1_error(err: ExecError) -> ApiError {
    match err {
        ExecError::Forbidden(message) => ApiError::Forbidden(message),
        ExecError::Protocol(message) => ApiError::Protocol(message),
        ExecError::Stmt(error) => {
            let status = match error.code.as_deref() {
                Some("ARGS_BOTH_POSITIONAL_AND_NAMED") => StatusCode::NOT_IMPLEMENTED,
                Some(
                    "SQL_NO_STATEMENT"
                    | "SQL_MANY_STATEMENTS"
                    | "ARGS_INVALID"
                    | "SQL_NOT_FOUND"
                    | "RESPONSE_TOO_LARGE",
                ) => StatusCode::BAD_REQUEST,
                _ if exec::is_busy(&error) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            ApiError::Hrana(status, error, Encoding::Json)
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::Protocol(format!("Could not parse the request body: {e}")))
}

#[derive(Deserialize)]
struct ExecuteBody {
    stmt: Stmt,
}

#[derive(Deserialize)]
struct BatchBody {
    batch: Batch,
}

/// `POST /v1/execute`: `{"stmt": Stmt}` → `{"result": StmtResult}`.
pub async fn v1_execute(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let client = state.client(&headers)?;
    let body: ExecuteBody = parse(&body)?;
    let max = state.config.max_response_bytes;
    let result = with_connection(client, move |conn, access| {
        exec::execute_stmt(&Context { conn, access, max_response_bytes: max, version: 1 }, body.stmt)
    })
    .await?
    .map_err(v1_error)?;
    Ok(axum::Json(json!({ "result": result })).into_response())
}

/// `POST /v1/batch`: `{"batch": Batch}` → `{"result": BatchResult}`.
pub async fn v1_batch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let client = state.client(&headers)?;
    let body: BatchBody = parse(&body)?;
    let max = state.config.max_response_bytes;
    let result = with_connection(client, move |conn, access| {
        exec::execute_batch(&Context { conn, access, max_response_bytes: max, version: 1 }, body.batch)
    })
    .await?
    .map_err(v1_error)?;
    Ok(axum::Json(json!({ "result": result })).into_response())
}

/// A v0 value: plain JSON (`null`, numbers, strings, booleans) or `{"base64": "..."}`.
fn v0_value(json: &Json) -> Result<Value, String> {
    Ok(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or("number out of range")?),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(map) => match map.get("base64").and_then(Json::as_str) {
            Some(b64) => Value::Blob(
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(b64.trim_end_matches('='))
                    .map_err(|e| format!("invalid base64: {e}"))?,
            ),
            None => return Err(format!("unsupported value {json}")),
        },
        Json::Array(_) => return Err(format!("unsupported value {json}")),
    })
}

fn v0_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => json!(i),
        Value::Real(f) => json!(f),
        Value::Text(s) => json!(s),
        Value::Blob(b) => json!({ "base64": STANDARD.encode(b) }),
    }
}

fn v0_statement(json: &Json) -> Result<(String, Parameters), String> {
    match json {
        Json::String(sql) => Ok((sql.clone(), Parameters::None)),
        Json::Object(map) => {
            let sql = map.get("q").and_then(Json::as_str).ok_or("a statement needs \"q\"")?.to_owned();
            let params = match map.get("params") {
                None | Some(Json::Null) => Parameters::None,
                Some(Json::Array(values)) => {
                    Parameters::Positional(values.iter().map(v0_value).collect::<Result<_, _>>()?)
                }
                Some(Json::Object(named)) => Parameters::Named(
                    named.iter().map(|(k, v)| Ok((k.clone(), v0_value(v)?))).collect::<Result<_, String>>()?,
                ),
                Some(other) => return Err(format!("invalid params {other}")),
            };
            Ok((sql, params))
        }
        other => Err(format!("invalid statement {other}")),
    }
}

/// `POST /`: `{"statements": [...]}` run in one transaction (rolled back if any fails);
/// transaction control inside is refused. Answers one entry per statement: `{"results": ...}`,
/// `{"error": ...}` for the one that failed, `null` for those after it.
pub async fn v0_query(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let client = state.client(&headers)?;
    let body: Json = parse(&body)?;
    let statements = body
        .get("statements")
        .and_then(Json::as_array)
        .ok_or_else(|| ApiError::Protocol("the body needs a \"statements\" list".into()))?
        .iter()
        .map(v0_statement)
        .collect::<Result<Vec<_>, String>>()
        .map_err(ApiError::Protocol)?;
    let max = state.config.max_response_bytes;
    let outcome = with_connection(client, move |conn, access| -> Result<Vec<Json>, ExecError> {
        conn.begin(edgelite::TransactionBehavior::Deferred)?;
        // Inside, transaction control would break the all-or-nothing promise.
        let files = edgelite::authorizer::for_servers();
        conn.set_authorizer(Some(Arc::new(move |r: &AuthRequest<'_>| match r.action {
            action::TRANSACTION | action::SAVEPOINT => AuthDecision::Deny,
            _ => files(r),
        })))?;
        let ctx = Context { conn, access, max_response_bytes: max, version: 1 };
        let mut answers = Vec::with_capacity(statements.len());
        let mut failed = false;
        for (sql, params) in statements {
            if failed {
                answers.push(Json::Null);
                continue;
            }
            let stmt = stmt_from(sql, params);
            match exec::execute_stmt(&ctx, stmt) {
                Ok(result) => {
                    let columns: Vec<Json> = result.cols.iter().map(|c| json!(c.name)).collect();
                    let rows: Vec<Json> =
                        result.rows.iter().map(|r| Json::Array(r.iter().map(v0_json).collect())).collect();
                    answers.push(json!({ "results": {
                        "columns": columns, "rows": rows, "rows_read": result.rows_read,
                        "rows_written": result.rows_written, "query_duration_ms": result.query_duration_ms,
                    }}));
                }
                Err(ExecError::Stmt(Error { message, .. })) => {
                    failed = true;
                    answers.push(json!({ "error": { "message": message } }));
                }
                Err(other) => {
                    let _ = conn.rollback();
                    return Err(other);
                }
            }
        }
        conn.set_authorizer(Some(edgelite::authorizer::for_servers()))?;
        if failed {
            let _ = conn.rollback();
        } else {
            conn.commit()?;
        }
        Ok(answers)
    })
    .await?
    .map_err(v1_error)?;
    Ok(axum::Json(Json::Array(outcome)).into_response())
}

fn stmt_from(sql: String, params: Parameters) -> Stmt {
    let mut stmt = Stmt { sql: Some(sql), want_rows: Some(true), ..Default::default() };
    match params {
        Parameters::None => {}
        Parameters::Positional(values) => stmt.args = values,
        Parameters::Named(values) => {
            stmt.named_args =
                values.into_iter().map(|(name, value)| edgelite::hrana::proto::NamedArg { name, value }).collect()
        }
    }
    stmt
}

/// A `Write` that streams into an HTTP response body.
struct ChannelWriter(mpsc::Sender<Result<Bytes, std::io::Error>>);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `GET /dump[?preserve_row_ids=true]`: the namespace's database as SQL text, streamed.
pub async fn dump(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let client = state.client(&headers)?;
    let preserve_rowids = query.get("preserve_row_ids").is_some_and(|v| v == "true" || v == "1");
    let conn = {
        let ns = client.namespace.clone();
        tokio::task::spawn_blocking(move || ns.connect())
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(e.to_string()))?
    };
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    tokio::task::spawn_blocking(move || {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, ChannelWriter(tx.clone()));
        let options = edgelite::dump::DumpOptions { preserve_rowids };
        if let Err(err) = edgelite::dump::dump(&conn, &mut out, options) {
            let _ = tx.blocking_send(Err(std::io::Error::other(err.to_string())));
        }
        let _ = std::io::Write::flush(&mut out);
    });
    let body = Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response())
}
