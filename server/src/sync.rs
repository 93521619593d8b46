//! The sync endpoints replicas pull from, as libSQL's sync protocol defines them (the official
//! `libsql` crate's embedded replicas use them when `GET /info` answers):
//!
//! - `GET /info` → `{"current_generation": N, …}` (edgelite adds `log_id` and positions);
//! - `GET /export/{generation}` → the database file as that generation began;
//! - `GET /sync/{generation}/{start}/{end}` → frames `start..end` (1-based, end exclusive) of
//!   the generation as raw SQLite WAL frames (24-byte header + 4096-byte page each). "Nothing
//!   more in this generation" is HTTP 400 with `{"generation": <newest>}`; a generation that is
//!   no longer kept is 410, and the replica starts over from an export.
//!
//! Beyond libSQL: `?wait_ms=N` on `/sync` holds a caught-up request until new frames exist
//! (long poll), so a following replica lags by milliseconds; every `/sync` answer carries the
//! primary's newest position in `x-edgelite-latest: generation:frame`.
//!
//! The same authentication and namespaces apply as everywhere; reading is enough.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use edgelite::wal::{FrameLog, ReadFrames};
use serde_json::json;

use crate::error::ApiError;
use crate::AppState;

/// The most a single `/sync` answer carries.
const MAX_SYNC_RESPONSE_BYTES: usize = 16 << 20;
/// The longest a long poll may wait.
const MAX_WAIT: Duration = Duration::from_secs(60);

fn frame_log(state: &AppState, headers: &HeaderMap) -> Result<Arc<FrameLog>, ApiError> {
    let client = state.client(headers)?;
    client.namespace.database().frame_log().cloned().ok_or(ApiError::NotFound)
}

/// `GET /info`.
pub async fn info(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Result<Response, ApiError> {
    let log = frame_log(&state, &headers)?;
    let info = log.info();
    if info.current_generation == 0 {
        return Err(ApiError::Unavailable("the first generation is still being written".into()));
    }
    let mut body = serde_json::to_value(&info).map_err(|e| ApiError::Internal(e.to_string()))?;
    body["page_size"] = json!(edgelite::wal::frame::PAGE_SIZE);
    if let Some(error) = log.last_error() {
        body["capture_error"] = json!(error);
    }
    Ok(axum::Json(body).into_response())
}

/// `GET /export/{generation}`.
pub async fn export(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(generation): Path<u32>,
) -> Result<Response, ApiError> {
    let log = frame_log(&state, &headers)?;
    let Some((path, len)) = log.export(generation) else {
        return Ok(json_status(
            StatusCode::NOT_FOUND,
            json!({
                "error": format!("generation {generation} has no export"),
                "generation": log.current_generation(),
            }),
        ));
    };
    // Opened now: if the generation is dropped meanwhile, the open file still reads.
    let file = tokio::fs::File::open(&path).await.map_err(|e| ApiError::Internal(e.to_string()))?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream")),
            (header::CONTENT_LENGTH, len.into()),
        ],
        body,
    )
        .into_response())
}

/// `GET /sync/{generation}/{start}/{end}[?wait_ms=N]`.
pub async fn pull(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((generation, start, end)): Path<(u32, u64, u64)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let log = frame_log(&state, &headers)?;
    let wait = query
        .get("wait_ms")
        .map(|ms| ms.parse::<u64>().map_err(|_| ApiError::Protocol("wait_ms must be a number of milliseconds".into())))
        .transpose()?
        .map(|ms| Duration::from_millis(ms).min(MAX_WAIT));
    let mut changes = log.subscribe();
    let deadline = wait.map(|w| tokio::time::Instant::now() + w);
    loop {
        let reader = log.clone();
        let read = tokio::task::spawn_blocking(move || reader.read(generation, start, end, MAX_SYNC_RESPONSE_BYTES))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(format!("reading the frame log: {e}")))?;
        let waiting = matches!(read, ReadFrames::End { latest } if latest == generation);
        if let (true, Some(deadline)) = (waiting, deadline) {
            let arrived = changes.wait_for(|p| p.generation > generation || p.frame >= start);
            if tokio::time::timeout_at(deadline, arrived).await.is_ok_and(|r| r.is_ok()) {
                continue;
            }
        }
        let position = log.position();
        let latest = HeaderValue::from_str(&format!("{}:{}", position.generation, position.frame))
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let mut response = match read {
            ReadFrames::Frames(frames) => {
                ([(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"))], frames).into_response()
            }
            ReadFrames::End { latest } => json_status(StatusCode::BAD_REQUEST, json!({ "generation": latest })),
            ReadFrames::Gone { current } => json_status(
                StatusCode::GONE,
                json!({
                    "error": format!("generation {generation} is not kept; start again from the export of generation {current}"),
                    "generation": current,
                }),
            ),
        };
        response.headers_mut().insert(edgelite::LATEST_HEADER, latest);
        return Ok(response);
    }
}

fn json_status(status: StatusCode, body: serde_json::Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}
