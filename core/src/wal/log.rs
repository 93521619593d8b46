//! The frame log: what a primary keeps for its replicas, on disk next to the database.
//!
//! ```text
//! <db>-replication/
//!   log_id                      random id of this log; a replica that saw another id re-syncs
//!   checkpoint.json             where the log stood at the last full checkpoint (for recovery)
//!   dropped.json                how many frames each recently dropped generation had
//!   generations/00000007/
//!     export.db                 the database file as it was when generation 7 began
//!     frames                    every frame committed since, verbatim WAL frames, numbered from 1
//! ```
//!
//! A generation is a snapshot (`export.db`) plus the frames committed after it. The newest
//! generation is appended to; a new one starts when the frames outgrow the database, so a
//! replica that falls far behind downloads one snapshot instead of every frame since the
//! beginning. The previous generation is kept so that replicas part-way through it can finish.
//!
//! A replica still in a generation that was dropped is brought forward by
//! [`FrameLog::catch_up`]: replicas that can start over from an export do that, and the ones
//! that can only pull frames (the official `libsql` crate's) get the oldest kept export as
//! frames of the generation they are in.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};

use super::frame::{FrameHeader, FRAME_SIZE, PAGE_SIZE};

/// A place in the log: frame `frame` (1-based; 0 = before the first) of `generation`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub generation: u32,
    pub frame: u64,
}

/// What [`FrameLog::read`] found.
#[derive(Debug)]
pub enum ReadFrames {
    /// Whole frames, at least one, starting at the requested frame.
    Frames(Vec<u8>),
    /// Nothing at or after the requested frame in that generation (yet). `latest` is the
    /// newest generation: if it is newer, the requested generation is finished.
    End { latest: u32 },
    /// That generation is not (or no longer) in the log: start again from the export of
    /// `current`, or see [`FrameLog::catch_up`].
    Gone { current: u32 },
}

/// The response header a primary adds when the replica's generation is gone and a replica that
/// can start over from an export should do so now (its value is the newest exported
/// generation). The answer it comes with serves replicas that only pull frames
/// (see [`FrameLog::catch_up`]).
pub const GONE_HEADER: &str = "x-edgelite-gone";

/// How many dropped generations' frame counts the log remembers (a few bytes each).
const REMEMBERED_DROPPED: usize = 1024;

/// How a replica in a generation the log no longer keeps is brought forward with the only
/// answers a frames-only replica (the official `libsql` crate's) understands: frames, and
/// "end of generation" (after which it checkpoints and asks for frame 1 of the next one).
///
/// A dropped generation's real frames are gone, so frames up to its last real number are
/// never served again; positions past it are free. The answer places a complete snapshot there:
/// filler frames up to one past the generation's last frame, then every page of the oldest
/// kept generation's export, the last one committing with the export's size. Applied on any
/// earlier state of the database, that one transaction leaves exactly the export, which is
/// where the oldest kept generation's frames start. A replica asking past the snapshot is
/// sent to the next generation.
#[derive(Debug)]
pub enum CatchUp {
    /// Answer "end of generation" (`latest` is the newest generation). With `leads_in`, the
    /// replica's database is where the next generation starts (it finished the generation
    /// before the oldest kept one, or received the snapshot there); otherwise it is only
    /// moved on, and a later answer brings its data forward.
    NextGeneration { latest: u32, leads_in: bool },
    /// Answer `fillers` filler frames, then every page of `export` as frames, in one response.
    Snapshot {
        fillers: u64,
        /// The export of the oldest kept generation, opened (a drop meanwhile does not
        /// remove it from under the answer), and its length.
        export: File,
        export_len: u64,
    },
    /// Nothing to offer: the replica must start over from the export of `current`.
    Gone { current: u32 },
}

/// A summary of the log, as `GET /info` reports it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LogInfo {
    /// Identifies this log; it changes when the primary's replication state is recreated.
    pub log_id: String,
    /// The newest generation with an export: where a new replica starts.
    pub current_generation: u32,
    /// The generation being appended to (the current one, or the next while its export is
    /// being written).
    pub latest_generation: u32,
    /// The number of frames in the latest generation.
    pub latest_frame: u64,
    /// The oldest generation still kept.
    pub oldest_generation: u32,
}

/// Where the log stood at the primary's last checkpoint of the whole WAL; recovery on open
/// starts from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Checkpoint {
    pub generation: u32,
    /// Frames of `generation` already in the log at that point.
    pub log_frames: u64,
    /// The WAL segment (its salts) that was checkpointed, if the WAL existed.
    pub salts: Option<[u32; 2]>,
    /// How many frames of that segment were accounted for (logged, or in the export).
    pub wal_frames: u32,
    /// `generation` is being started from a snapshot after frames may have been lost: the
    /// generations before it do not lead into it (see [`FrameLog::start_generation`]).
    #[serde(default)]
    pub snapshot: bool,
}

struct Generation {
    number: u32,
    dir: PathBuf,
    frames_file: File,
    /// Committed frames in `frames_file`; readers never look past it.
    frames: AtomicU64,
    exported: AtomicBool,
    /// Started from a snapshot after frames may have been lost: the generation before it does
    /// not lead into it.
    supersedes: bool,
}

impl Generation {
    fn export_path(&self) -> PathBuf {
        self.dir.join("export.db")
    }
}

struct Generations {
    all: BTreeMap<u32, Arc<Generation>>,
}

/// The frame log of one primary database. Reads are safe from any thread while the primary
/// appends.
pub struct FrameLog {
    dir: PathBuf,
    log_id: String,
    keep_generations: u32,
    generations: RwLock<Generations>,
    /// The appender of the latest generation (apart, so appends do not block readers).
    writer: Mutex<Option<File>>,
    position: tokio::sync::watch::Sender<Position>,
    last_error: Mutex<Option<String>>,
    /// How many frames recently dropped generations had (see [`CatchUp`]).
    dropped: Mutex<BTreeMap<u32, u64>>,
}

/// The marker file of a generation that supersedes the older ones.
const SUPERSEDES: &str = "supersedes";
/// The file of dropped generations' frame counts.
const DROPPED: &str = "dropped.json";

fn generation_dir(root: &Path, number: u32) -> PathBuf {
    root.join("generations").join(format!("{number:08}"))
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Writes `bytes` to `path` atomically and durably (temporary file, fsync, rename, fsync dir).
fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, path)?;
    sync_dir(path.parent().unwrap_or(Path::new(".")))
}

impl FrameLog {
    /// Opens (or creates) the log in `dir`. Frames after the last commit frame of the newest
    /// generation (a torn append) are cut off.
    pub(crate) fn open(dir: &Path, keep_generations: u32) -> io::Result<FrameLog> {
        fs::create_dir_all(dir.join("generations"))?;
        let id_path = dir.join("log_id");
        let log_id = match fs::read_to_string(&id_path) {
            Ok(id) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => {
                let id = random_id();
                write_durably(&id_path, id.as_bytes())?;
                id
            }
        };
        let mut all = BTreeMap::new();
        for entry in fs::read_dir(dir.join("generations"))? {
            let entry = entry?;
            let Some(number) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
            let gen_dir = entry.path();
            let frames_path = gen_dir.join("frames");
            let frames_file =
                OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&frames_path)?;
            let exported = gen_dir.join("export.db").exists();
            all.insert(number, (gen_dir, frames_file, exported));
        }
        // A generation started from a snapshot after lost frames supersedes every older one;
        // finish dropping them if a crash interrupted it.
        let floor = all.iter().rev().find(|(_, (gen_dir, _, _))| gen_dir.join(SUPERSEDES).exists()).map(|(n, _)| *n);
        if let Some(floor) = floor {
            for (_, (gen_dir, _, _)) in all.range(..floor) {
                fs::remove_dir_all(gen_dir)?;
            }
            all.retain(|number, _| *number >= floor);
        }
        let latest = all.keys().next_back().copied();
        let mut generations = BTreeMap::new();
        let mut writer = None;
        for (number, (gen_dir, file, exported)) in all {
            let frames = if Some(number) == latest {
                trim_to_last_commit(&file)?
            } else {
                file.metadata()?.len() / FRAME_SIZE as u64
            };
            if Some(number) == latest {
                writer = Some(OpenOptions::new().append(true).open(gen_dir.join("frames"))?);
            }
            let supersedes = gen_dir.join(SUPERSEDES).exists();
            generations.insert(
                number,
                Arc::new(Generation {
                    number,
                    dir: gen_dir,
                    frames_file: file,
                    frames: AtomicU64::new(frames),
                    exported: AtomicBool::new(exported),
                    supersedes,
                }),
            );
        }
        let position = latest
            .map(|g| Position { generation: g, frame: generations[&g].frames.load(Ordering::Relaxed) })
            .unwrap_or_default();
        // Lost or unreadable, it only means that replicas in those generations start over.
        let dropped = fs::read(dir.join(DROPPED)).ok().and_then(|text| serde_json::from_slice(&text).ok());
        Ok(FrameLog {
            dir: dir.to_owned(),
            log_id,
            keep_generations: keep_generations.max(1),
            generations: RwLock::new(Generations { all: generations }),
            writer: Mutex::new(writer),
            position: tokio::sync::watch::channel(position).0,
            last_error: Mutex::new(None),
            dropped: Mutex::new(dropped.unwrap_or_default()),
        })
    }

    fn read_generations(&self) -> std::sync::RwLockReadGuard<'_, Generations> {
        self.generations.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write_generations(&self) -> std::sync::RwLockWriteGuard<'_, Generations> {
        self.generations.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The id of this log.
    pub fn log_id(&self) -> &str {
        &self.log_id
    }

    /// The newest generation and how many frames it holds.
    pub fn position(&self) -> Position {
        *self.position.borrow()
    }

    /// A receiver that sees every new [`position`](FrameLog::position): for long polls.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<Position> {
        self.position.subscribe()
    }

    /// The summary `GET /info` reports.
    pub fn info(&self) -> LogInfo {
        let generations = self.read_generations();
        let latest = generations.all.values().next_back();
        LogInfo {
            log_id: self.log_id.clone(),
            current_generation: generations
                .all
                .values()
                .rev()
                .find(|g| g.exported.load(Ordering::Acquire))
                .map_or(0, |g| g.number),
            latest_generation: latest.map_or(0, |g| g.number),
            latest_frame: latest.map_or(0, |g| g.frames.load(Ordering::Acquire)),
            oldest_generation: generations.all.keys().next().copied().unwrap_or(0),
        }
    }

    /// The newest generation that has an export (0 if none yet).
    pub fn current_generation(&self) -> u32 {
        self.info().current_generation
    }

    /// Frames `start..end` (1-based, end exclusive) of `generation`, at most `max_bytes` of them
    /// (but always at least one frame when there is one).
    pub fn read(&self, generation: u32, start: u64, end: u64, max_bytes: usize) -> io::Result<ReadFrames> {
        let (gen, latest, current) = {
            let generations = self.read_generations();
            let latest = generations.all.keys().next_back().copied().unwrap_or(0);
            let current =
                generations.all.values().rev().find(|g| g.exported.load(Ordering::Acquire)).map_or(0, |g| g.number);
            (generations.all.get(&generation).cloned(), latest, current)
        };
        let Some(gen) = gen else { return Ok(ReadFrames::Gone { current }) };
        if start == 0 {
            return Ok(ReadFrames::Gone { current });
        }
        let available = gen.frames.load(Ordering::Acquire);
        if start > available || end <= start {
            return Ok(ReadFrames::End { latest });
        }
        let last = (end - 1).min(available);
        let count = (last - start + 1).min((max_bytes / FRAME_SIZE).max(1) as u64);
        let mut buf = vec![0; count as usize * FRAME_SIZE];
        gen.frames_file.read_exact_at(&mut buf, (start - 1) * FRAME_SIZE as u64)?;
        Ok(ReadFrames::Frames(buf))
    }

    /// The export of `generation`: its path and size, if it is still kept.
    pub fn export(&self, generation: u32) -> Option<(PathBuf, u64)> {
        let generations = self.read_generations();
        let gen = generations.all.get(&generation)?;
        if !gen.exported.load(Ordering::Acquire) {
            return None;
        }
        let path = gen.export_path();
        let len = fs::metadata(&path).ok()?.len();
        Some((path, len))
    }

    /// The last error the primary's capture ran into, if any (it keeps retrying).
    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn set_error(&self, error: Option<String>) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = error;
    }

    /// Bytes of frames in the latest generation.
    pub(crate) fn latest_bytes(&self) -> u64 {
        self.position().frame * FRAME_SIZE as u64
    }

    /// Appends committed frames (whole transactions) to the latest generation and tells
    /// waiting readers.
    pub(crate) fn append(&self, frames: &[u8]) -> io::Result<()> {
        debug_assert_eq!(frames.len() % FRAME_SIZE, 0);
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let latest = self.read_generations().all.values().next_back().cloned();
        let (Some(latest), Some(file)) = (latest, writer.as_mut()) else {
            return Err(io::Error::other("the frame log has no generation to append to"));
        };
        file.write_all(frames)?;
        let added = (frames.len() / FRAME_SIZE) as u64;
        let total = latest.frames.fetch_add(added, Ordering::AcqRel) + added;
        self.position.send_replace(Position { generation: latest.number, frame: total });
        Ok(())
    }

    /// Makes the latest generation's frames durable.
    pub(crate) fn sync(&self) -> io::Result<()> {
        match &*self.writer.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(writer) => writer.sync_data(),
            None => Ok(()),
        }
    }

    /// Starts a new, empty generation and returns its number; its export is written later
    /// with [`write_export`](FrameLog::write_export).
    ///
    /// With `supersede` (the primary may have lost frames, so the older generations' frames do
    /// not lead into this one's export), every older generation is dropped in the same step
    /// as the new one appears: a replica must never go from the end of an older generation
    /// straight into this one's frames. Until the export is written, replicas in an older
    /// generation are told it is gone and `/info` has no generation to offer.
    pub(crate) fn start_generation(&self, supersede: bool) -> io::Result<u32> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut generations = self.write_generations();
        let number = generations.all.keys().next_back().map_or(1, |g| g + 1);
        let dir = generation_dir(&self.dir, number);
        fs::create_dir_all(&dir)?;
        let frames_path = dir.join("frames");
        let frames_file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&frames_path)?;
        frames_file.sync_all()?;
        if supersede {
            // Durable before the new generation exists on disk: a restart drops the older ones
            // even if this process dies before it does.
            File::create(dir.join(SUPERSEDES))?.sync_all()?;
        }
        sync_dir(&dir)?;
        sync_dir(&self.dir.join("generations"))?;
        *writer = Some(OpenOptions::new().append(true).open(&frames_path)?);
        let superseded: Vec<Arc<Generation>> =
            if supersede { std::mem::take(&mut generations.all).into_values().collect() } else { Vec::new() };
        generations.all.insert(
            number,
            Arc::new(Generation {
                number,
                dir,
                frames_file,
                frames: AtomicU64::new(0),
                exported: AtomicBool::new(false),
                supersedes: supersede,
            }),
        );
        drop(generations);
        self.remember_dropped(&superseded);
        self.position.send_replace(Position { generation: number, frame: 0 });
        drop(writer);
        for gen in superseded {
            // Readers holding the files keep reading them; the names go now.
            fs::remove_dir_all(&gen.dir)?;
        }
        Ok(number)
    }

    /// The newest generation whose export has not been written yet, if any.
    pub(crate) fn pending_export(&self) -> Option<u32> {
        let generations = self.read_generations();
        let latest = generations.all.values().next_back()?;
        (!latest.exported.load(Ordering::Acquire)).then_some(latest.number)
    }

    /// Copies the database file `db` (as it stands at the start of `generation`) to be that
    /// generation's export, then drops generations older than the ones kept.
    pub(crate) fn write_export(&self, generation: u32, db: &Path) -> io::Result<()> {
        let gen = self
            .read_generations()
            .all
            .get(&generation)
            .cloned()
            .ok_or_else(|| io::Error::other(format!("generation {generation} does not exist")))?;
        let path = gen.export_path();
        let tmp = path.with_extension("tmp");
        fs::copy(db, &tmp)?;
        File::open(&tmp)?.sync_all()?;
        fs::rename(&tmp, &path)?;
        sync_dir(&gen.dir)?;
        gen.exported.store(true, Ordering::Release);
        self.drop_old_generations(generation)
    }

    fn drop_old_generations(&self, exported: u32) -> io::Result<()> {
        self.drop_before(exported.saturating_sub(self.keep_generations - 1))
    }

    /// Drops every generation older than `keep_from`; replicas still in one start over from
    /// an export.
    pub(crate) fn drop_before(&self, keep_from: u32) -> io::Result<()> {
        let mut generations = self.write_generations();
        let old: Vec<u32> = generations.all.range(..keep_from).map(|(n, _)| *n).collect();
        let old: Vec<Arc<Generation>> = old.iter().filter_map(|number| generations.all.remove(number)).collect();
        self.remember_dropped(&old);
        for gen in old {
            // Readers holding the files keep reading them; the names go now.
            fs::remove_dir_all(&gen.dir)?;
        }
        Ok(())
    }

    /// Records how many frames `dropped` generations had, for [`catch_up`](FrameLog::catch_up).
    fn remember_dropped(&self, dropped: &[Arc<Generation>]) {
        if dropped.is_empty() {
            return;
        }
        let mut remembered = self.dropped.lock().unwrap_or_else(|e| e.into_inner());
        for gen in dropped {
            remembered.insert(gen.number, gen.frames.load(Ordering::Acquire));
        }
        while remembered.len() > REMEMBERED_DROPPED {
            remembered.pop_first();
        }
        // Best effort: without the file, replicas in these generations start over after a
        // restart, as they would without this record at all.
        if let Ok(text) = serde_json::to_vec(&*remembered) {
            let _ = write_durably(&self.dir.join(DROPPED), &text);
        }
    }

    /// What to answer a replica asking for frame `start` of `generation` when
    /// [`read`](FrameLog::read) says the generation is gone (see [`CatchUp`]).
    pub fn catch_up(&self, generation: u32, start: u64) -> CatchUp {
        let generations = self.read_generations();
        let current =
            generations.all.values().rev().find(|g| g.exported.load(Ordering::Acquire)).map_or(0, |g| g.number);
        let latest = generations.all.keys().next_back().copied().unwrap_or(0);
        let gone = CatchUp::Gone { current };
        let Some(oldest) = generations.all.values().next() else { return gone };
        let frames = self.dropped.lock().unwrap_or_else(|e| e.into_inner()).get(&generation).copied();
        let Some(frames) = frames.filter(|_| generation < oldest.number && start > 0) else { return gone };
        if !oldest.exported.load(Ordering::Acquire) {
            return gone; // only until the export is written
        }
        let before_oldest = generation + 1 == oldest.number;
        let past_end = start > frames + 1;
        let at_end = start == frames + 1;
        // Frame 1 and one past the last frame are between transactions, so the replica may be
        // moved on there. In the generation right before the oldest kept one, only a replica
        // that finished it (a non-empty one that leads into the next) is: a replica arriving at
        // frame 1 from older dropped generations has older data and needs the snapshot.
        let finished_before_oldest = before_oldest && at_end && frames > 0 && !oldest.supersedes;
        if past_end || finished_before_oldest {
            // Past the snapshot (or past the generation's end): between transactions.
            return CatchUp::NextGeneration { latest, leads_in: before_oldest && (past_end || !oldest.supersedes) };
        }
        if !before_oldest && (start == 1 || at_end) {
            return CatchUp::NextGeneration { latest, leads_in: false };
        }
        let Ok(export) = File::open(oldest.export_path()) else { return gone };
        match export.metadata().map(|m| m.len()) {
            Ok(export_len) if export_len > 0 && export_len % PAGE_SIZE as u64 == 0 => {
                CatchUp::Snapshot { fillers: frames + 2 - start, export, export_len }
            }
            _ => gone,
        }
    }

    pub(crate) fn read_checkpoint(&self) -> Option<Checkpoint> {
        let text = fs::read(self.dir.join("checkpoint.json")).ok()?;
        serde_json::from_slice(&text).ok()
    }

    pub(crate) fn write_checkpoint(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        let text = serde_json::to_vec(checkpoint).map_err(io::Error::other)?;
        write_durably(&self.dir.join("checkpoint.json"), &text)
    }

    /// The headers of frames `from..` (1-based) of the latest generation, for recovery.
    pub(crate) fn latest_headers_from(&self, from: u64) -> io::Result<Vec<FrameHeader>> {
        let generations = self.read_generations();
        let Some(latest) = generations.all.values().next_back() else { return Ok(Vec::new()) };
        let count = latest.frames.load(Ordering::Acquire);
        let mut headers = Vec::new();
        let mut header = [0u8; 24];
        for frame in from.max(1)..=count {
            latest.frames_file.read_exact_at(&mut header, (frame - 1) * FRAME_SIZE as u64)?;
            headers.push(FrameHeader::parse(&header));
        }
        Ok(headers)
    }
}

/// Cuts a torn tail (a partial frame, or frames after the last commit frame) off a frames file
/// and returns the number of frames kept.
fn trim_to_last_commit(file: &File) -> io::Result<u64> {
    let mut frames = file.metadata()?.len() / FRAME_SIZE as u64;
    let mut header = [0u8; 24];
    while frames > 0 {
        file.read_exact_at(&mut header, (frames - 1) * FRAME_SIZE as u64)?;
        if FrameHeader::parse(&header).is_commit() {
            break;
        }
        frames -= 1;
    }
    if file.metadata()?.len() != frames * FRAME_SIZE as u64 {
        file.set_len(frames * FRAME_SIZE as u64)?;
        file.sync_all()?;
    }
    Ok(frames)
}

/// 128 random bits as hex, from the OS.
fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if File::open("/dev/urandom").and_then(|mut f| io::Read::read_exact(&mut f, &mut bytes)).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        bytes[..16].copy_from_slice(&nanos.as_nanos().to_le_bytes());
        bytes[12..16].copy_from_slice(&std::process::id().to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` frames of one transaction (the last one commits).
    fn transaction(count: usize) -> Vec<u8> {
        let mut frames = vec![0; count * FRAME_SIZE];
        for (i, frame) in frames.chunks_mut(FRAME_SIZE).enumerate() {
            frame[..4].copy_from_slice(&1u32.to_be_bytes());
            if i + 1 == count {
                frame[4..8].copy_from_slice(&3u32.to_be_bytes());
            }
        }
        frames
    }

    /// A log whose generations 1..=3 had 5, 0 and 4 frames, of which only 4 is kept.
    fn log_with_dropped_generations(dir: &Path, supersede_last: bool) -> FrameLog {
        let db = dir.join("db");
        fs::write(&db, vec![7u8; 3 * PAGE_SIZE]).unwrap();
        let log = FrameLog::open(&dir.join("log"), 1).unwrap();
        for (number, frames) in [(1, 5), (2, 0), (3, 4)] {
            assert_eq!(log.start_generation(false).unwrap(), number);
            log.write_export(number, &db).unwrap();
            if frames > 0 {
                log.append(&transaction(frames)).unwrap();
            }
        }
        assert_eq!(log.start_generation(supersede_last).unwrap(), 4);
        log.write_export(4, &db).unwrap();
        assert_eq!(log.info().oldest_generation, 4);
        log
    }

    /// The decision, without the export file.
    fn decide(log: &FrameLog, generation: u32, start: u64) -> String {
        match log.catch_up(generation, start) {
            CatchUp::NextGeneration { latest, leads_in } => format!("next {latest} leads_in={leads_in}"),
            CatchUp::Snapshot { fillers, export_len, .. } => format!("snapshot fillers={fillers} len={export_len}"),
            CatchUp::Gone { current } => format!("gone {current}"),
        }
    }

    #[test]
    fn a_replica_in_a_dropped_generation_is_brought_to_the_oldest_kept_one() {
        let dir = tempfile::tempdir().unwrap();
        let log = log_with_dropped_generations(dir.path(), false);
        let len = 3 * PAGE_SIZE;
        // Generation 3 (4 frames) leads into 4: a replica that finished it goes on; one part-way
        // gets fillers up to frame 5, then the snapshot from frame 6; past it, it goes on.
        assert_eq!(decide(&log, 3, 5), "next 4 leads_in=true");
        assert_eq!(decide(&log, 3, 1), format!("snapshot fillers=5 len={len}"));
        assert_eq!(decide(&log, 3, 4), format!("snapshot fillers=2 len={len}"));
        assert_eq!(decide(&log, 3, 6 + 3), "next 4 leads_in=true");
        // Older generations: between transactions (frame 1, one past the end, past a snapshot)
        // the replica is moved on, with data that does not lead in; part-way, it gets the
        // snapshot (it may be inside a transaction, where "end of generation" is not allowed).
        assert_eq!(decide(&log, 1, 1), "next 4 leads_in=false");
        assert_eq!(decide(&log, 1, 6), "next 4 leads_in=false");
        assert_eq!(decide(&log, 1, 3), format!("snapshot fillers=4 len={len}"));
        assert_eq!(decide(&log, 1, 6 + 3), "next 4 leads_in=false");
        assert_eq!(decide(&log, 2, 1), "next 4 leads_in=false");
        // Unknown generations, and frame 0, have nothing but the export.
        assert_eq!(decide(&log, 0, 1), "gone 4");
        assert_eq!(decide(&log, 9, 1), "gone 4");
        assert_eq!(decide(&log, 3, 0), "gone 4");

        // The frame counts survive a restart.
        drop(log);
        let log = FrameLog::open(&dir.path().join("log"), 1).unwrap();
        assert_eq!(decide(&log, 3, 5), "next 4 leads_in=true");
        assert_eq!(decide(&log, 1, 3), format!("snapshot fillers=4 len={len}"));
    }

    #[test]
    fn a_generation_that_supersedes_is_reached_only_through_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let log = log_with_dropped_generations(dir.path(), true);
        // Generation 3 does not lead into 4: finishing it is not enough.
        assert_eq!(decide(&log, 3, 5), format!("snapshot fillers=1 len={}", 3 * PAGE_SIZE));
        assert_eq!(decide(&log, 3, 6 + 3), "next 4 leads_in=true");
        assert_eq!(decide(&log, 2, 1), "next 4 leads_in=false");
    }

    #[test]
    fn an_empty_generation_before_the_oldest_kept_one_is_not_finished_at_frame_1() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        fs::write(&db, vec![7u8; PAGE_SIZE]).unwrap();
        let log = FrameLog::open(&dir.path().join("log"), 1).unwrap();
        for number in 1..=3 {
            assert_eq!(log.start_generation(false).unwrap(), number);
            log.write_export(number, &db).unwrap();
            if number == 1 {
                log.append(&transaction(2)).unwrap();
            }
        }
        // A replica moved on from generation 1 arrives at frame 1 of the empty generation 2 with
        // generation 1's data: it needs the snapshot, as does one that finished generation 2.
        assert_eq!(decide(&log, 2, 1), format!("snapshot fillers=1 len={PAGE_SIZE}"));
        assert_eq!(decide(&log, 2, 2 + 1), "next 3 leads_in=true");
    }
}
