//! The primary's side of replication: every committed WAL frame goes into the frame log, and
//! the WAL is checkpointed only once everything it holds is in the log.
//!
//! How it stays correct (the rules come from `reference/replication.md`):
//! - Every connection the primary opens has auto-checkpoints off, no checkpoint on close, and
//!   our WAL hook, which copies newly committed frames into the log right after each commit.
//!   A commit that skips the hook (an autocommit statement finished by `reset`) is found by the
//!   maintainer's poll a few milliseconds later.
//! - Committed frames are read straight from the `-wal` file up to the WAL's `mxFrame`, and
//!   each one's checksum is verified against the chain before it is logged.
//! - Only this module checkpoints, with the database's write lock held (so no commit can slip
//!   between "captured up to M" and "checkpointed up to M"), and only after the log is fsynced.
//!   A WAL restart (new salts) is therefore always preceded by a complete checkpoint of frames we
//!   logged; a restart we did not cause (another process checkpointed) means frames may be lost,
//!   and the log starts a new generation from a snapshot.
//! - Durability: the primary runs with `synchronous=FULL`, so a commit is on disk in the WAL
//!   before it is acknowledged, and frames are shipped only after they are committed. A crash
//!   loses no acknowledged write, and a replica can never be ahead of the primary: on restart,
//!   committed frames that the log lacks are logged again from the WAL.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::time::Duration;

use rusqlite::ffi;

use super::frame::{verify_frame, FrameHeader, WalHeader, FRAME_SIZE, PAGE_SIZE, WAL_HEADER_SIZE};
use super::log::{Checkpoint, FrameLog};
use crate::error::{Error, ErrorCode, Result};
use crate::local::RawConnection;

/// Frames read, verified and appended at a time (4 MiB).
const CAPTURE_CHUNK_FRAMES: u32 = 1024;

/// How a primary keeps its frame log.
#[derive(Clone, Debug)]
pub struct PrimaryOptions {
    /// Checkpoint the WAL once this many frames were logged since the last checkpoint.
    pub checkpoint_frames: u32,
    /// Start a new generation when the latest one holds more frame bytes than the database
    /// file, but never below this size.
    pub generation_min_bytes: u64,
    /// How many generations (the current one included) are kept for replicas part-way through.
    pub keep_generations: u32,
    /// How often the maintainer looks for commits the WAL hook did not see, and for work.
    pub poll_interval: Duration,
}

impl Default for PrimaryOptions {
    fn default() -> Self {
        PrimaryOptions {
            checkpoint_frames: 1000,
            generation_min_bytes: 64 << 20,
            keep_generations: 2,
            poll_interval: Duration::from_millis(50),
        }
    }
}

/// The WAL segment (one run of the WAL between restarts) being followed.
#[derive(Clone, Copy, Debug)]
struct Segment {
    salts: [u32; 2],
    big_endian: bool,
    /// Frames of this segment already accounted for: in the log, or in an export.
    frames: u32,
    /// The running checksum after `frames`; read from the WAL when unknown.
    checksum: Option<[u32; 2]>,
}

struct State {
    segment: Option<Segment>,
    /// The segment and frame count of our last complete checkpoint: a WAL restart is ours
    /// only if it follows one.
    last_complete: Option<(Option<[u32; 2]>, u32)>,
    /// Frames may have been lost (or nothing is logged yet): stop logging and start a new
    /// generation from a snapshot at the next complete checkpoint. That generation supersedes
    /// the older ones: their frames do not lead into it.
    needs_snapshot: bool,
    frames_since_checkpoint: u64,
}

/// The frame capture of one primary database.
pub(crate) struct Capture {
    db_path: PathBuf,
    wal_path: PathBuf,
    log: Arc<FrameLog>,
    options: PrimaryOptions,
    state: Mutex<State>,
    /// Reads the WAL's committed frame count (NOOP checkpoints) and runs our checkpoints.
    probe: Arc<RawConnection>,
    /// Holds the write lock while we checkpoint.
    pin: Arc<RawConnection>,
    /// Wakes the maintainer thread; apart from the capture, which that thread holds only while
    /// it works.
    wake: Arc<Wake>,
    /// The running maintainer thread's number (`None` when stopped); held while it works.
    maintaining: Mutex<Option<u64>>,
    /// How many `Database`s use this capture (one per file in the process, shared).
    users: Mutex<usize>,
}

#[derive(Default)]
struct Wake {
    flag: Mutex<bool>,
    condvar: Condvar,
}

impl Wake {
    fn notify(&self) {
        *self.flag.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.condvar.notify_one();
    }

    /// Waits until notified or `timeout` has passed.
    fn wait(&self, timeout: Duration) {
        let flag = self.flag.lock().unwrap_or_else(|e| e.into_inner());
        let (mut flag, _) =
            self.condvar.wait_timeout_while(flag, timeout, |woken| !*woken).unwrap_or_else(|e| e.into_inner());
        *flag = false;
    }
}

impl Capture {
    /// Starts capturing for the database at `db_path`; `open` opens a plain connection to it.
    /// Recovers the log (logging frames committed but not yet logged) and writes a pending
    /// export. The maintainer thread runs while the capture has users ([`acquire`]).
    ///
    /// [`acquire`]: Capture::acquire
    pub(crate) fn start(
        db_path: &Path,
        options: PrimaryOptions,
        open: impl Fn() -> Result<Arc<RawConnection>>,
    ) -> Result<Arc<Capture>> {
        let probe = open()?;
        let page_size = probe.query_i64("PRAGMA page_size")?;
        if page_size != PAGE_SIZE as i64 {
            return Err(Error::with_code(
                ErrorCode::Unsupported,
                format!("replication needs 4096-byte pages; {} has {page_size}-byte pages", db_path.display()),
            ));
        }
        probe.exec("PRAGMA journal_mode = WAL")?;
        let pin = open()?;
        for conn in [&probe, &pin] {
            conn.set_db_config(ffi::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            conn.exec("PRAGMA wal_autocheckpoint = 0")?;
            conn.set_busy_timeout(Duration::from_millis(200))?;
        }
        let mut dir = db_path.as_os_str().to_owned();
        dir.push("-replication");
        let log = Arc::new(FrameLog::open(Path::new(&dir), options.keep_generations).map_err(io_error)?);
        let mut wal_path = db_path.as_os_str().to_owned();
        wal_path.push("-wal");
        let capture = Arc::new(Capture {
            db_path: db_path.to_owned(),
            wal_path: PathBuf::from(wal_path),
            log,
            options,
            state: Mutex::new(State {
                segment: None,
                last_complete: None,
                needs_snapshot: false,
                frames_since_checkpoint: 0,
            }),
            probe,
            pin,
            wake: Arc::new(Wake::default()),
            maintaining: Mutex::new(None),
            users: Mutex::new(0),
        });
        capture.recover()?;
        Ok(capture)
    }

    /// A `Database` starts using this capture: the maintainer runs while there is one.
    pub(crate) fn acquire(self: &Arc<Self>) -> Result<()> {
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        if *users == 0 {
            static EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
            let epoch = EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            *self.maintaining.lock().unwrap_or_else(|e| e.into_inner()) = Some(epoch);
            let (weak, wake, interval) = (Arc::downgrade(self), self.wake.clone(), self.options.poll_interval);
            std::thread::Builder::new()
                .name("edgelite-wal".into())
                .spawn(move || maintain_loop(weak, wake, interval, epoch))
                .map_err(|e| Error::with_code(ErrorCode::Internal, format!("cannot start the WAL maintainer: {e}")))?;
        }
        *users += 1;
        Ok(())
    }

    /// A `Database` stopped using this capture; the last one stops the maintainer.
    pub(crate) fn release(&self) {
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        *users = users.saturating_sub(1);
        if *users == 0 {
            self.stop();
        }
    }

    /// The frame log.
    pub(crate) fn log(&self) -> &Arc<FrameLog> {
        &self.log
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Rebuilds the capture state from the log and the WAL after a (re)start.
    fn recover(&self) -> Result<()> {
        let mut state = self.lock_state();
        let position = self.log.position();
        let checkpoint = self.log.read_checkpoint();
        let resumable = match &checkpoint {
            Some(cp) if position.generation > 0 && cp.generation == position.generation + 1 => {
                // We crashed between recording a new generation and creating it.
                self.log.start_generation(cp.snapshot).map_err(io_error)?;
                true
            }
            Some(cp) => position.generation > 0 && cp.generation == position.generation,
            None => false,
        };
        if !resumable {
            // A new log, or one whose recovery point is missing: start from a snapshot.
            state.needs_snapshot = true;
            drop(state);
            return self.checkpoint(true, true);
        }
        let checkpoint = checkpoint.unwrap_or_default();
        // Follow the frames logged after the checkpoint: the checkpointed segment continues,
        // and at most one restart (right after that checkpoint) may start a new segment.
        let mut salts = checkpoint.salts;
        let mut frames = checkpoint.wal_frames;
        let mut switched = false;
        let mut consistent = true;
        for header in self.log.latest_headers_from(checkpoint.log_frames + 1).map_err(io_error)? {
            if Some(header.salts) == salts {
                frames += 1;
            } else if !switched && frames == checkpoint.wal_frames {
                salts = Some(header.salts);
                frames = 1;
                switched = true;
            } else {
                consistent = false;
                break;
            }
        }
        state.last_complete = Some((checkpoint.salts, checkpoint.wal_frames));
        state.segment = salts.map(|salts| Segment {
            salts,
            big_endian: self.read_wal_header().map(|h| h.big_endian_checksum).unwrap_or(false),
            frames,
            checksum: None,
        });
        if consistent {
            // The WAL must still hold every frame of the segment we logged.
            if let (Some(segment), Some(header)) = (&state.segment, self.read_wal_header()) {
                if header.salts == segment.salts && self.committed_frames()? < segment.frames {
                    consistent = false;
                }
            }
        }
        if !consistent {
            state.needs_snapshot = true;
        } else if let Err(e) = self.poll_locked(&mut state) {
            self.log.set_error(Some(e.to_string()));
        }
        let pending = self.log.pending_export();
        drop(state);
        if let Some(generation) = pending {
            // The database file has not changed since that generation began: only our
            // checkpoints write it, and none ran since.
            self.log.write_export(generation, &self.db_path).map_err(io_error)?;
        }
        if self.lock_state().needs_snapshot {
            self.checkpoint(true, true)?;
        }
        Ok(())
    }

    /// Called by the WAL hook after every commit on a primary connection.
    pub(crate) fn on_commit(&self) {
        let mut state = self.lock_state();
        if let Err(e) = self.poll_locked(&mut state) {
            self.log.set_error(Some(e.to_string()));
        }
        let due = state.frames_since_checkpoint >= u64::from(self.options.checkpoint_frames);
        drop(state);
        if due {
            self.wake();
        }
    }

    /// Logs whatever was committed since the last look. Servers call this after each request,
    /// so that a response is sent only after its writes are in the log.
    pub(crate) fn poll(&self) -> Result<()> {
        let mut state = self.lock_state();
        self.poll_locked(&mut state)
    }

    fn wake(&self) {
        self.wake.notify();
    }

    /// Stops the maintainer; when this returns, it is not running (and that thread never will
    /// again). A file has one capture in the process (see `LocalDatabase::open`), so no second
    /// capture can append the same frames to its log.
    fn stop(&self) {
        *self.maintaining.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.wake();
    }

    fn read_wal_header(&self) -> Option<WalHeader> {
        let file = File::open(&self.wal_path).ok()?;
        let mut bytes = [0u8; WAL_HEADER_SIZE];
        file.read_exact_at(&mut bytes, 0).ok()?;
        WalHeader::parse(&bytes)
    }

    /// The WAL's committed frame count (its `mxFrame`), without checkpointing.
    fn committed_frames(&self) -> Result<u32> {
        let (log, _) = self.probe.wal_checkpoint(ffi::SQLITE_CHECKPOINT_NOOP)?;
        Ok(log.max(0) as u32)
    }

    /// The WAL header and committed frame count, read so that both belong to the same segment
    /// (the header is read before and after; a restart in between is retried).
    fn wal_snapshot(&self) -> Result<(Option<WalHeader>, u32)> {
        for _ in 0..10 {
            let before = self.read_wal_header();
            let committed = self.committed_frames()?;
            if self.read_wal_header() == before {
                return Ok((before, committed));
            }
        }
        Err(Error::with_code(ErrorCode::Busy, "the WAL kept restarting while it was read"))
    }

    fn poll_locked(&self, state: &mut State) -> Result<()> {
        let (header, committed) = self.wal_snapshot()?;
        let Some(header) = header else {
            if committed > 0 {
                // A WAL being rewritten: look again at the next poll.
                return Ok(());
            }
            if state.segment.is_some() && !self.restart_was_ours(state) {
                state.needs_snapshot = true;
            }
            if state.segment.is_some() {
                state.segment = None;
            }
            return Ok(());
        };
        let same_segment = state.segment.is_some_and(|s| s.salts == header.salts);
        if !same_segment {
            if !self.restart_was_ours(state) {
                state.needs_snapshot = true;
            }
            state.segment = Some(Segment {
                salts: header.salts,
                big_endian: header.big_endian_checksum,
                frames: 0,
                checksum: Some(header.checksum),
            });
        }
        let segment = state.segment.as_mut().expect("set above");
        if committed <= segment.frames {
            // Nothing new, or a restart in progress (the WAL index is reset before the new
            // header is written).
            return Ok(());
        }
        if state.needs_snapshot {
            // Not logging until the snapshot generation starts; it will contain these frames.
            segment.frames = committed;
            segment.checksum = None;
            return Ok(());
        }
        let file = File::open(&self.wal_path).map_err(io_error)?;
        let mut seed = match segment.checksum {
            Some(sum) => sum,
            None if segment.frames == 0 => header.checksum,
            None => {
                let mut frame_header = [0u8; 24];
                file.read_exact_at(&mut frame_header, frame_offset(segment.frames)).map_err(io_error)?;
                FrameHeader::parse(&frame_header).checksum
            }
        };
        // mxFrame always ends a transaction; anything else means we misread the WAL.
        let mut last_header = [0u8; 24];
        file.read_exact_at(&mut last_header, frame_offset(committed)).map_err(io_error)?;
        if !FrameHeader::parse(&last_header).is_commit() {
            return Err(Error::with_code(ErrorCode::Corrupt, "the WAL's last committed frame is not a commit frame"));
        }
        // In chunks, so a huge transaction does not need its size in memory; the state moves
        // with each appended chunk, so a failure part-way resumes where it stopped.
        while segment.frames < committed {
            let count = (committed - segment.frames).min(CAPTURE_CHUNK_FRAMES);
            let mut frames = vec![0u8; count as usize * FRAME_SIZE];
            file.read_exact_at(&mut frames, frame_offset(segment.frames + 1)).map_err(io_error)?;
            for frame in frames.chunks_exact(FRAME_SIZE) {
                seed = verify_frame(segment.big_endian, seed, segment.salts, frame).ok_or_else(|| {
                    Error::with_code(ErrorCode::Corrupt, "a committed WAL frame failed its checksum; retrying")
                })?;
            }
            self.log.append(&frames).map_err(io_error)?;
            segment.frames += count;
            segment.checksum = Some(seed);
            state.frames_since_checkpoint += u64::from(count);
        }
        self.log.set_error(None);
        Ok(())
    }

    /// Whether the segment we followed ended with a complete checkpoint of ours (so the WAL
    /// restart that followed lost nothing).
    fn restart_was_ours(&self, state: &State) -> bool {
        match (&state.segment, &state.last_complete) {
            (None, _) => true,
            (Some(segment), Some((salts, frames))) => *salts == Some(segment.salts) && *frames == segment.frames,
            (Some(_), None) => false,
        }
    }

    /// Whether the log has outgrown the database enough to start a new generation.
    fn generation_is_full(&self) -> bool {
        let db_size = std::fs::metadata(&self.db_path).map(|m| m.len()).unwrap_or(0);
        self.log.latest_bytes() >= db_size.max(self.options.generation_min_bytes)
    }

    /// Checkpoints the WAL with the write lock held: logs up to the WAL's end, fsyncs the log,
    /// checkpoints, and (if `rollover`, or frames were lost) starts a new generation whose
    /// export is the database file as of that checkpoint. `wait` retries while readers keep the
    /// checkpoint from completing (used on open, when there are none).
    fn checkpoint(&self, rollover: bool, wait: bool) -> Result<()> {
        let mut new_generation = None;
        for attempt in 0.. {
            let mut state = self.lock_state();
            if let Err(e) = self.pin.exec("BEGIN IMMEDIATE") {
                if wait && attempt < 100 && e.code() == ErrorCode::Busy {
                    drop(state);
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                return if e.code() == ErrorCode::Busy { Ok(()) } else { Err(e) };
            }
            let result = (|| {
                self.poll_locked(&mut state)?;
                self.log.sync().map_err(io_error)?;
                let (in_wal, checkpointed) = self.probe.wal_checkpoint(ffi::SQLITE_CHECKPOINT_PASSIVE)?;
                if in_wal != checkpointed {
                    return Ok(false);
                }
                let accounted = state.segment.map_or(0, |s| s.frames);
                let salts = state.segment.map(|s| s.salts);
                state.last_complete = Some((salts, accounted));
                state.frames_since_checkpoint = 0;
                let position = self.log.position();
                if rollover || state.needs_snapshot {
                    let next = position.generation + 1;
                    let snapshot = state.needs_snapshot;
                    // Record where the new generation starts before creating it, so that a
                    // crash in between is recoverable.
                    let checkpoint =
                        Checkpoint { generation: next, log_frames: 0, salts, wal_frames: accounted, snapshot };
                    self.log.write_checkpoint(&checkpoint).map_err(io_error)?;
                    self.log.start_generation(snapshot).map_err(io_error)?;
                    if let Some(segment) = state.segment.as_mut() {
                        segment.checksum = None;
                    }
                    state.needs_snapshot = false;
                    new_generation = Some(next);
                } else {
                    let checkpoint = Checkpoint {
                        generation: position.generation,
                        log_frames: position.frame,
                        salts,
                        wal_frames: accounted,
                        snapshot: false,
                    };
                    self.log.write_checkpoint(&checkpoint).map_err(io_error)?;
                }
                Ok(true)
            })();
            let _ = self.pin.exec("ROLLBACK");
            drop(state);
            match result {
                Ok(true) => break,
                Ok(false) if wait && attempt < 100 => std::thread::sleep(Duration::from_millis(20)),
                Ok(false) => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        if let Some(generation) = new_generation {
            // The database file stays as of the checkpoint until our next one, which this
            // thread runs only after the copy.
            self.log.write_export(generation, &self.db_path).map_err(io_error)?;
        }
        Ok(())
    }

    fn maintain(&self) {
        let outcome = (|| {
            self.poll()?;
            if let Some(generation) = self.log.pending_export() {
                self.log.write_export(generation, &self.db_path).map_err(io_error)?;
            }
            let (due, needs_snapshot) = {
                let state = self.lock_state();
                (state.frames_since_checkpoint >= u64::from(self.options.checkpoint_frames), state.needs_snapshot)
            };
            if due || needs_snapshot {
                self.checkpoint(needs_snapshot || self.generation_is_full(), false)?;
            }
            Ok::<(), Error>(())
        })();
        if let Err(e) = outcome {
            self.log.set_error(Some(e.to_string()));
        }
    }
}

fn maintain_loop(capture: Weak<Capture>, wake: Arc<Wake>, interval: Duration, epoch: u64) {
    loop {
        // Waiting without a strong reference: the capture goes away with its last user.
        wake.wait(interval);
        let Some(strong) = capture.upgrade() else { return };
        let maintaining = strong.maintaining.lock().unwrap_or_else(|e| e.into_inner());
        if *maintaining != Some(epoch) {
            return;
        }
        strong.maintain();
        drop(maintaining);
    }
}

fn frame_offset(frame: u32) -> u64 {
    WAL_HEADER_SIZE as u64 + (u64::from(frame) - 1) * FRAME_SIZE as u64
}

fn io_error(e: std::io::Error) -> Error {
    Error::with_code(ErrorCode::IoError, format!("frame log: {e}"))
}
