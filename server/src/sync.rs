//! The sync endpoints replicas pull from, as libSQL's sync protocol defines them (the official
//! `libsql` crate's embedded replicas use them when `GET /info` answers):
//!
//! - `GET /info` → `{"current_generation": N, …}` (edgelite adds `log_id` and positions);
//! - `GET /export/{generation}` → the database file as that generation began;
//! - `GET /sync/{generation}/{start}/{end}` → frames `start..end` (1-based, end exclusive) of
//!   the generation as raw SQLite WAL frames (24-byte header + 4096-byte page each). "Nothing
//!   more in this generation" is HTTP 400 with `{"generation": <newest>}`, after which the
//!   replica asks for frame 1 of the next generation.
//!
//! A replica in a generation the primary no longer keeps (see `serve --keep-generations`) is
//! brought forward with those same two answers, since the official `libsql` crate's replicas
//! understand nothing else: moved on to the next generation where it is between transactions,
//! or sent, as frames of its own generation, the whole database as the oldest kept generation
//! begins (filler frames first, so that the snapshot lies past the generation's real frames and
//! is recognised when the replica asks beyond it). Either answer carries `x-edgelite-gone:
//! <generation>` when the replica's data does not lead into the next generation: replicas that
//! can start over from an export (edgelite's) do so instead. A generation the primary knows
//! nothing about is 410 Gone with `{"generation": <newest with an export>}`.
//!
//! Beyond libSQL: `?wait_ms=N` on `/sync` holds a caught-up request until new frames exist
//! (long poll), so a following replica lags by milliseconds; every `/sync` answer carries the
//! primary's newest position in `x-edgelite-latest: generation:frame`.
//!
//! The same authentication and namespaces apply as everywhere; reading is enough.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use edgelite::wal::frame::{FRAME_HEADER_SIZE, FRAME_SIZE, LOCK_BYTE_PAGE, PAGE_SIZE};
use edgelite::wal::{CatchUp, FrameLog, ReadFrames, GONE_HEADER};
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
            ReadFrames::Gone { .. } => {
                let reader = log.clone();
                let catch_up = tokio::task::spawn_blocking(move || reader.catch_up(generation, start))
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                catch_up_response(generation, catch_up, log.current_generation())
            }
        };
        response.headers_mut().insert(edgelite::LATEST_HEADER, latest);
        return Ok(response);
    }
}

/// The answer to a replica whose generation is no longer kept (see the module docs).
fn catch_up_response(generation: u32, catch_up: CatchUp, current: u32) -> Response {
    let gone = (HeaderName::from_static(GONE_HEADER), HeaderValue::from(current));
    match catch_up {
        CatchUp::NextGeneration { latest, leads_in } => {
            let mut response = json_status(StatusCode::BAD_REQUEST, json!({ "generation": latest }));
            if !leads_in {
                response.headers_mut().insert(gone.0, gone.1);
            }
            response
        }
        CatchUp::Snapshot { fillers, export, export_len } => {
            let pages = export_len / PAGE_SIZE as u64;
            let frames = fillers + pages - u64::from(pages >= u64::from(LOCK_BYTE_PAGE));
            let body_len = frames * FRAME_SIZE as u64;
            let (sender, receiver) = tokio::sync::mpsc::channel(4);
            tokio::task::spawn_blocking(move || {
                if let Err(e) = write_snapshot_frames(fillers, &export, pages, &sender) {
                    // The client sees a body shorter than its length: a failed request.
                    let _ = sender.blocking_send(Err(e));
                }
            });
            let chunks = futures_util::stream::unfold(receiver, |mut receiver| async move {
                receiver.recv().await.map(|chunk| (chunk, receiver))
            });
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream")),
                    (header::CONTENT_LENGTH, HeaderValue::from(body_len)),
                    gone,
                ],
                Body::from_stream(chunks),
            )
                .into_response()
        }
        CatchUp::Gone { current } => json_status(
            StatusCode::GONE,
            json!({
                "error": format!("generation {generation} is not kept; start again from the export of generation {current}"),
                "generation": current,
            }),
        ),
    }
}

/// How many frames go in one piece of a snapshot's body.
const SNAPSHOT_CHUNK_FRAMES: u64 = 64;

/// Sends [`CatchUp::Snapshot`]'s frames: `fillers` frames of page 1 (overwritten later in the
/// same transaction, so their content does not matter), then pages `1..=pages` of `export`
/// (without the lock-byte page, which SQLite never writes), the last one a commit frame with
/// the database size. Stops early if the client went away.
fn write_snapshot_frames(
    fillers: u64,
    export: &std::fs::File,
    pages: u64,
    sender: &tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let frame = |page_number: u64, commit_size: u64, page: &[u8], out: &mut Vec<u8>| {
        out.extend_from_slice(&(page_number as u32).to_be_bytes());
        out.extend_from_slice(&(commit_size as u32).to_be_bytes());
        // Salts and checksums: a replica inserting frames into its own WAL computes its own.
        out.extend_from_slice(&[0; FRAME_HEADER_SIZE - 8]);
        out.extend_from_slice(page);
    };
    let send = |chunk: Vec<u8>| sender.blocking_send(Ok(Bytes::from(chunk))).is_ok();
    let mut page = vec![0; PAGE_SIZE];
    export.read_exact_at(&mut page, 0)?;
    let mut sent = 0;
    while sent < fillers {
        let count = (fillers - sent).min(SNAPSHOT_CHUNK_FRAMES);
        let mut chunk = Vec::with_capacity(count as usize * FRAME_SIZE);
        for _ in 0..count {
            frame(1, 0, &page, &mut chunk);
        }
        if !send(chunk) {
            return Ok(());
        }
        sent += count;
    }
    let mut page_number = 1;
    while page_number <= pages {
        let mut chunk = Vec::with_capacity(SNAPSHOT_CHUNK_FRAMES as usize * FRAME_SIZE);
        for _ in 0..SNAPSHOT_CHUNK_FRAMES {
            if page_number > pages {
                break;
            }
            if page_number != u64::from(LOCK_BYTE_PAGE) {
                export.read_exact_at(&mut page, (page_number - 1) * PAGE_SIZE as u64)?;
                let commit_size = if page_number == pages { pages } else { 0 };
                frame(page_number, commit_size, &page, &mut chunk);
            }
            page_number += 1;
        }
        if !send(chunk) {
            return Ok(());
        }
    }
    Ok(())
}

fn json_status(status: StatusCode, body: serde_json::Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}
