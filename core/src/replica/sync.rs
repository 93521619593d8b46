//! Pulling from the primary and applying: the replica's sync loop, its saved position, and
//! its status.
//!
//! The saved position (`<db>-replica.json`) is written after each applied transaction. The
//! applier commits with `synchronous=FULL`, so the file is never ahead of the database; after a
//! crash it may be one transaction behind, and applying that transaction again rewrites the
//! same pages. Network requests run without holding the applier, so a background long poll
//! never blocks a `sync()` call; a result is applied only if the position it was asked for is
//! still the replica's position.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use super::apply::{sync_error, Applier};
use super::client::{Pull, SyncClient};
use super::pending::{PendingTransaction, SPILL_BYTES};
use crate::error::{extended, Error, ErrorCode, Result};
use crate::remote::runtime;
use crate::wal::frame::{FrameHeader, FRAME_SIZE, PAGE_SIZE};
use crate::wal::Position;

/// Frames asked for per request (about 4 MiB).
const PULL_BATCH: u64 = 1024;

/// What one [`Database::sync`](crate::Database::sync) did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synced {
    /// The generation the replica is in now.
    pub generation: u32,
    /// The last frame of that generation the replica has applied.
    pub frame: u64,
    /// Frames applied by this call.
    pub frames_applied: u64,
    /// Primary transactions applied by this call.
    pub transactions_applied: u64,
    /// Whether this call (re)built the replica from the primary's snapshot.
    pub bootstrapped: bool,
}

/// Which part of a sync is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncPhase {
    /// Downloading and applying the primary's snapshot (first sync, or after falling too far
    /// behind); progress counts bytes.
    Bootstrap,
    /// Applying transactions; progress counts frames.
    Frames,
}

/// How far a running sync has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub done: u64,
    /// The total, when known.
    pub total: Option<u64>,
}

/// The state of a replica's syncing, from [`Database::sync_status`](crate::Database::sync_status).
#[derive(Clone, Debug, Default)]
pub struct SyncStatus {
    /// What the replica has applied (`None` before the first sync).
    pub position: Option<Position>,
    /// The primary's newest position, as last seen.
    pub primary_position: Option<Position>,
    /// Frames the replica is behind the primary, as last seen (`None` when unknown or when the
    /// primary is in a newer generation).
    pub lag_frames: Option<u64>,
    /// When a sync last completed (caught up, or pulled everything it was asked for).
    pub last_sync: Option<SystemTime>,
    /// When the replica was last known to be caught up with the primary.
    pub caught_up_at: Option<SystemTime>,
    /// The error of the last sync, if it failed (cleared by the next success).
    pub last_error: Option<Error>,
    /// Syncs completed since the database was opened.
    pub syncs: u64,
    /// Frames applied since the database was opened.
    pub frames_applied: u64,
    /// The sync in progress, if any.
    pub progress: Option<SyncProgress>,
}

/// A callback told of sync progress (long first syncs).
pub type ProgressCallback = Arc<dyn Fn(&SyncProgress) + Send + Sync>;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct SavedPosition {
    version: u32,
    /// The primary's log id; a different one means another primary (or a recreated one).
    log_id: Option<String>,
    generation: u32,
    frame: u64,
    /// A snapshot was being applied: redo it.
    bootstrapping: bool,
}

struct ApplyState {
    applier: Applier,
    saved: Option<SavedPosition>,
    /// Frames of a transaction whose commit frame has not arrived yet.
    pending: PendingTransaction,
    /// The log id was compared with the primary's since opening.
    verified: bool,
}

impl ApplyState {
    /// The next frame to ask for.
    fn next(&self) -> Option<(u32, u64)> {
        let saved = self.saved.as_ref().filter(|s| !s.bootstrapping)?;
        Some((saved.generation, saved.frame + self.pending.frames() + 1))
    }
}

/// Syncs one replica file.
pub(crate) struct Syncer {
    sync_url: String,
    client: Arc<SyncClient>,
    position_path: PathBuf,
    state: Mutex<ApplyState>,
    status: Mutex<SyncStatus>,
    progress: Option<ProgressCallback>,
    /// Held for the syncer's life: one writer per replica file.
    _lock: File,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn path_with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl Syncer {
    pub(crate) fn new(
        path: &Path,
        sync_url: &str,
        client: SyncClient,
        applier: Applier,
        progress: Option<ProgressCallback>,
    ) -> Result<Syncer> {
        let lock_path = path_with_suffix(path, "-replica.lock");
        let lock_file = File::create(&lock_path).map_err(|e| {
            Error::with_code(ErrorCode::CannotOpen, format!("cannot create {}: {e}", lock_path.display()))
        })?;
        if let Err(e) = try_lock_exclusive(&lock_file) {
            return Err(Error::with_code(
                ErrorCode::Busy,
                format!("the replica {} is open in another process or Database ({e})", path.display()),
            ));
        }
        let position_path = path_with_suffix(path, "-replica.json");
        let saved = match std::fs::read(&position_path) {
            Ok(bytes) => Some(serde_json::from_slice::<SavedPosition>(&bytes).map_err(|e| {
                sync_error(format!("{} is damaged ({e}); delete the replica to sync it again", position_path.display()))
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(sync_error(format!("cannot read {}: {e}", position_path.display()))),
        };
        if saved.is_none() && !applier.is_empty()? {
            return Err(Error::new(
                extended::EDGELITE_SYNC_NOT_A_REPLICA,
                format!(
                    "{} holds a database that is not a replica (no {}); use an empty path for a replica",
                    path.display(),
                    position_path.display()
                ),
            ));
        }
        let status = SyncStatus {
            position: saved
                .as_ref()
                .filter(|s| !s.bootstrapping)
                .map(|s| Position { generation: s.generation, frame: s.frame }),
            ..SyncStatus::default()
        };
        Ok(Syncer {
            sync_url: sync_url.to_owned(),
            client: Arc::new(client),
            position_path,
            state: Mutex::new(ApplyState {
                applier,
                saved,
                pending: PendingTransaction::new(path_with_suffix(path, "-replica.pending"), SPILL_BYTES),
                verified: false,
            }),
            status: Mutex::new(status),
            progress,
            _lock: lock_file,
        })
    }

    pub(crate) fn sync_url(&self) -> &str {
        &self.sync_url
    }

    pub(crate) fn status(&self) -> SyncStatus {
        lock(&self.status).clone()
    }

    fn report(&self, progress: Option<SyncProgress>) {
        lock(&self.status).progress = progress;
        if let (Some(callback), Some(progress)) = (&self.progress, progress) {
            callback(&progress);
        }
    }

    fn save(&self, state: &mut ApplyState, saved: SavedPosition) -> Result<()> {
        let bytes = serde_json::to_vec(&saved).map_err(|e| sync_error(e.to_string()))?;
        let tmp = self.position_path.with_extension("tmp");
        let write = || -> std::io::Result<()> {
            let mut file = File::create(&tmp)?;
            file.write_all(&bytes)?;
            std::fs::rename(&tmp, &self.position_path)
        };
        write().map_err(|e| sync_error(format!("cannot save the replica position: {e}")))?;
        if !saved.bootstrapping {
            lock(&self.status).position = Some(Position { generation: saved.generation, frame: saved.frame });
        }
        state.saved = Some(saved);
        Ok(())
    }

    /// Pulls and applies until caught up. With `wait`, a caught-up replica waits (up to that
    /// long) for the primary's next transaction before returning. `abort` receives the handle
    /// of each network request, to cancel it.
    pub(crate) fn sync(&self, wait: Option<Duration>, abort: &dyn Fn(tokio::task::AbortHandle)) -> Result<Synced> {
        let result = self.sync_inner(wait, abort);
        let mut status = lock(&self.status);
        status.progress = None;
        match &result {
            Ok(_) => {
                status.last_error = None;
                status.syncs += 1;
                status.last_sync = Some(SystemTime::now());
            }
            Err(e) => status.last_error = Some(e.clone()),
        }
        result
    }

    fn sync_inner(&self, wait: Option<Duration>, abort: &dyn Fn(tokio::task::AbortHandle)) -> Result<Synced> {
        let mut report = Synced::default();
        {
            let mut state = lock(&self.state);
            if state.next().is_none() || !state.verified {
                let info = self.request(abort, |c| async move { c.info().await })?;
                let same_primary = state.saved.as_ref().is_some_and(|s| s.log_id.is_none() || s.log_id == info.log_id);
                if state.next().is_none() || !same_primary {
                    self.bootstrap(&mut state, info.current_generation, info.log_id.clone(), abort)?;
                    report.bootstrapped = true;
                }
                state.verified = true;
            }
        }
        let mut gone_in_a_row = 0;
        let mut waited = false;
        loop {
            let (generation, start) = lock(&self.state).next().expect("bootstrapped above");
            // Wait only for new frames, not across a backlog; and once per call.
            let wait_now = if waited { None } else { wait };
            let (pull, latest) =
                self.request(
                    abort,
                    move |c| async move { c.pull(generation, start, start + PULL_BATCH, wait_now).await },
                )?;
            waited |= wait_now.is_some() && matches!(pull, Pull::End { .. });
            let mut state = lock(&self.state);
            if state.next() != Some((generation, start)) {
                continue; // another sync moved the replica meanwhile
            }
            if let Some(latest) = latest {
                let mut status = lock(&self.status);
                status.primary_position = Some(latest);
                status.lag_frames = (latest.generation == generation).then(|| latest.frame.saturating_sub(start - 1));
            }
            match pull {
                Pull::Frames(frames) => {
                    gone_in_a_row = 0;
                    let total_behind =
                        latest.filter(|l| l.generation == generation).map(|l| l.frame.saturating_sub(start - 1));
                    for frame in frames.chunks_exact(FRAME_SIZE) {
                        if let Err(e) = state.pending.push(frame) {
                            state.pending.clear();
                            return Err(e);
                        }
                        if !FrameHeader::parse(frame).is_commit() {
                            continue;
                        }
                        let state = &mut *state;
                        let applied_pages = state.applier.apply_transaction(&state.pending);
                        let applied = state.pending.frames();
                        state.pending.clear();
                        applied_pages?;
                        let mut saved = state.saved.clone().expect("bootstrapped");
                        saved.frame += applied;
                        let frame_now = saved.frame;
                        self.save(state, saved)?;
                        report.frames_applied += applied;
                        report.transactions_applied += 1;
                        lock(&self.status).frames_applied += applied;
                        self.report(Some(SyncProgress {
                            phase: SyncPhase::Frames,
                            done: frame_now - (start - 1),
                            total: total_behind,
                        }));
                    }
                }
                Pull::End { latest: latest_generation } => {
                    gone_in_a_row = 0;
                    if !state.pending.is_empty() {
                        state.pending.clear();
                        return Err(sync_error("the primary's log ended inside a transaction"));
                    }
                    if let Some(latest) = latest.filter(|l| l.generation == generation && l.frame < start - 1) {
                        // We are ahead of the primary: it lost frames we applied (or was
                        // restored). Only a fresh snapshot is safe.
                        let _ = latest;
                        drop(state);
                        self.restart_from_snapshot(abort)?;
                        report.bootstrapped = true;
                        continue;
                    }
                    if generation < latest_generation {
                        let mut saved = state.saved.clone().expect("bootstrapped");
                        saved.generation += 1;
                        saved.frame = 0;
                        self.save(&mut state, saved)?;
                        continue;
                    }
                    let mut status = lock(&self.status);
                    status.caught_up_at = Some(SystemTime::now());
                    status.lag_frames = Some(0);
                    break;
                }
                Pull::Gone => {
                    state.pending.clear();
                    drop(state);
                    gone_in_a_row += 1;
                    if gone_in_a_row > 3 {
                        return Err(Error::new(
                            extended::EDGELITE_SYNC_GENERATION,
                            "the primary keeps dropping the generation being synced",
                        ));
                    }
                    self.restart_from_snapshot(abort)?;
                    report.bootstrapped = true;
                }
            }
        }
        let state = lock(&self.state);
        let saved = state.saved.as_ref().expect("bootstrapped");
        report.generation = saved.generation;
        report.frame = saved.frame;
        Ok(report)
    }

    fn restart_from_snapshot(&self, abort: &dyn Fn(tokio::task::AbortHandle)) -> Result<()> {
        let info = self.request(abort, |c| async move { c.info().await })?;
        let mut state = lock(&self.state);
        self.bootstrap(&mut state, info.current_generation, info.log_id, abort)
    }

    /// Runs one request on the core's runtime.
    fn request<T, F>(
        &self,
        abort: &dyn Fn(tokio::task::AbortHandle),
        make: impl FnOnce(Arc<SyncClient>) -> F,
    ) -> Result<T>
    where
        F: std::future::Future<Output = Result<T>> + Send + 'static,
        T: Send + 'static,
    {
        runtime::block_on(make(self.client.clone()), abort)
    }

    /// Replaces the replica's content with the primary's snapshot of `generation`, in one
    /// local transaction.
    fn bootstrap(
        &self,
        state: &mut ApplyState,
        generation: u32,
        log_id: Option<String>,
        abort: &dyn Fn(tokio::task::AbortHandle),
    ) -> Result<()> {
        state.pending.clear();
        let mut saved = SavedPosition { version: 1, log_id, generation, frame: 0, bootstrapping: true };
        self.save(state, saved.clone())?;
        let response = self.request(abort, move |c| async move { c.export(generation).await })?.ok_or_else(|| {
            Error::new(
                extended::EDGELITE_SYNC_GENERATION,
                format!("generation {generation} has no export on the primary"),
            )
        })?;
        let total = response.content_length();
        let idle = self.client.idle_timeout();
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<bytes::Bytes>>(8);
        // The body streams on the runtime; pages are applied here as they arrive.
        let download = runtime::spawn(async move {
            let mut body = response.bytes_stream();
            loop {
                let chunk = match tokio::time::timeout(idle, body.next()).await {
                    Ok(None) => return,
                    Ok(Some(chunk)) => {
                        chunk.map_err(|e| crate::remote::connect_error(format!("downloading the snapshot: {e}")))
                    }
                    Err(_) => Err(Error::new(
                        extended::EDGELITE_REMOTE_TIMEOUT,
                        format!("downloading the snapshot: the primary sent nothing for {idle:?}"),
                    )),
                };
                let failed = chunk.is_err();
                if sender.send(chunk).is_err() || failed {
                    return;
                }
            }
        });
        abort(download.abort_handle());
        let mut writer = state.applier.begin()?;
        let mut buffer: Vec<u8> = Vec::with_capacity(PAGE_SIZE * 16);
        let mut page_no: u32 = 0;
        let mut size: Option<u32> = None;
        let mut done: u64 = 0;
        for chunk in receiver {
            let chunk = chunk?;
            done += chunk.len() as u64;
            buffer.extend_from_slice(&chunk);
            let whole = buffer.len() / PAGE_SIZE * PAGE_SIZE;
            for page in buffer[..whole].chunks_exact(PAGE_SIZE) {
                page_no += 1;
                if page_no == 1 {
                    // The header's page count (bytes 28..32) is the database size.
                    let in_header = u32::from_be_bytes([page[28], page[29], page[30], page[31]]);
                    size = (in_header > 0).then_some(in_header);
                }
                if size.is_none_or(|s| page_no <= s) {
                    writer.write_page(page_no, page)?;
                }
            }
            buffer.drain(..whole);
            self.report(Some(SyncProgress { phase: SyncPhase::Bootstrap, done, total }));
        }
        if !buffer.is_empty() || total.is_some_and(|t| t != done) {
            return Err(crate::remote::connect_error("the snapshot download ended early"));
        }
        let size = size.unwrap_or(page_no).min(page_no);
        if page_no > 0 {
            writer.commit(size)?;
        } else {
            drop(writer);
        }
        saved.bootstrapping = false;
        self.save(state, saved)?;
        lock(&self.status).frames_applied += u64::from(page_no);
        Ok(())
    }
}

/// Takes an exclusive advisory lock on `file` without waiting (`flock`; released when the file
/// is closed, including when the process dies).
fn try_lock_exclusive(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor we own; no memory is passed.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
