//! The user port's routes. Unknown paths answer 404 with an empty body before any
//! authentication (clients probe), so handlers authenticate themselves.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::CorsLayer;

use crate::hrana::{http, ws};
use crate::{legacy, sync, AppState};

pub fn user_router(state: Arc<AppState>) -> Router {
    let hello = |text: &'static str| get(move || async move { text });
    let v3 = state.config.max_hrana_version >= 3;
    let router = Router::new()
        .route("/", get(ws::upgrade).post(legacy::v0_query))
        .route("/health", get(|| async { StatusCode::OK }))
        .route("/version", get(|| async { format!("edgelite {}", edgelite::VERSION) }))
        .route("/v1", hello("Hello, this is HTTP API v1"))
        .route("/v2", hello("Hello, this is HTTP API v2 (Hrana over HTTP)"))
        .route("/v1/execute", post(legacy::v1_execute))
        .route("/v1/batch", post(legacy::v1_batch))
        .route("/v2/pipeline", post(http::v2_pipeline))
        .route("/dump", get(legacy::dump))
        .route("/info", get(sync::info))
        .route("/export/{generation}", get(sync::export))
        .route("/sync/{generation}/{start}/{end}", get(sync::pull));
    let router = if v3 {
        router
            .route("/v3", hello("Hello, this is HTTP API v3 (Hrana over HTTP)"))
            .route("/v3-protobuf", hello("Hello, this is HTTP API v3 (Hrana over HTTP, protobuf)"))
            .route("/v3/pipeline", post(http::v3_pipeline))
            .route("/v3/cursor", post(http::v3_cursor))
            .route("/v3-protobuf/pipeline", post(http::v3_protobuf_pipeline))
            .route("/v3-protobuf/cursor", post(http::v3_protobuf_cursor))
    } else {
        router
    };
    router
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(DefaultBodyLimit::max(state.config.max_request_bytes))
        .layer(CorsLayer::permissive())
        .with_state(state)
}
