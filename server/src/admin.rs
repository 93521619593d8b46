//! The admin API, on its own listener (`--admin-listen`): create, list and delete namespaces.
//!
//! - `POST /v1/namespaces/{name}/create` (JSON body optional, sqld's fields accepted and
//!   ignored) → 200; 400 if it exists or the name is invalid.
//! - `DELETE /v1/namespaces/{name}` → 200; 404 if it does not exist.
//! - `GET /v1/namespaces` → `{"namespaces": ["default", ...]}`.
//!
//! With an admin key configured, every request needs `Authorization: basic <key>` (the key
//! compared as given, as in sqld); otherwise 401 with an empty body.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::json;

use crate::namespaces::NamespaceError;
use crate::AppState;

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/namespaces", get(list))
        .route("/v1/namespaces/{name}/create", post(create))
        .route("/v1/namespaces/{name}", delete(remove))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(state)
}

fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(key) = &state.config.admin_key else { return true };
    let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else { return false };
    match value.split_once(' ') {
        Some((scheme, given)) => scheme.eq_ignore_ascii_case("basic") && given.trim() == key,
        None => false,
    }
}

fn error(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

fn outcome(result: Result<(), NamespaceError>) -> Response {
    match result {
        Ok(()) => StatusCode::OK.into_response(),
        Err(err @ NamespaceError::NotFound(_)) => error(StatusCode::NOT_FOUND, err.to_string()),
        Err(err @ (NamespaceError::AlreadyExists(_) | NamespaceError::InvalidName(_))) => {
            error(StatusCode::BAD_REQUEST, err.to_string())
        }
        Err(err) => error(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()),
    }
}

async fn list(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if !authorized(&state, &headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let names = tokio::task::spawn_blocking(move || state.namespaces.list()).await.unwrap_or_default();
    axum::Json(json!({ "namespaces": names })).into_response()
}

async fn create(State(state): State<Arc<AppState>>, headers: HeaderMap, Path(name): Path<String>) -> Response {
    if !authorized(&state, &headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if !state.config.enable_namespaces {
        return error(
            StatusCode::BAD_REQUEST,
            "Namespaces are disabled (start the server with --enable-namespaces)".into(),
        );
    }
    let result = tokio::task::spawn_blocking(move || state.namespaces.create(&name)).await;
    outcome(result.unwrap_or_else(|e| Err(NamespaceError::Io(e.to_string()))))
}

async fn remove(State(state): State<Arc<AppState>>, headers: HeaderMap, Path(name): Path<String>) -> Response {
    if !authorized(&state, &headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if !state.config.enable_namespaces {
        return error(
            StatusCode::BAD_REQUEST,
            "Namespaces are disabled (start the server with --enable-namespaces)".into(),
        );
    }
    let result = tokio::task::spawn_blocking(move || state.namespaces.delete(&name)).await;
    outcome(result.unwrap_or_else(|e| Err(NamespaceError::Io(e.to_string()))))
}
