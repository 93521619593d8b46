//! A primary's frame log through the public API: what replicas are served must be exactly the
//! frames committed, whatever happened to earlier handles of the same database file.

use edgelite::wal::frame::{FrameHeader, FRAME_SIZE};
use edgelite::wal::{PrimaryOptions, ReadFrames};
use edgelite::Builder;

/// A server creates a namespace (opens the primary, drops it) and opens it again for its first
/// request at once. The dropped handle's maintainer thread used to live on for up to a poll
/// interval and log the new handle's commits a second time into the same frames file, so the
/// log served frames that were not the database's (a replica saw a transaction that never
/// ended).
#[test]
fn a_dropped_primary_no_longer_touches_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let options = PrimaryOptions::default();
    for round in 0..5 {
        drop(Builder::local(&path).primary(options.clone()).build().unwrap());
        let db = Builder::local(&path).primary(options.clone()).build().unwrap();
        let conn = db.connect().unwrap();
        conn.execute_batch(&format!("CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES ({round});")).unwrap();
        // Longer than a poll interval: a maintainer left over from the dropped handle would
        // have run by now (this only gives the bug its chance; the checks follow).
        std::thread::sleep(options.poll_interval * 2);
        db.capture_commits().unwrap();

        let log = db.frame_log().unwrap();
        let info = log.info();
        let frames_file = dir
            .path()
            .join("data.db-replication/generations")
            .join(format!("{:08}", info.latest_generation))
            .join("frames");
        let file_frames = std::fs::metadata(&frames_file).unwrap().len() / FRAME_SIZE as u64;
        assert_eq!(
            file_frames, info.latest_frame,
            "round {round}: the frames file holds frames the log does not count"
        );
        // What replicas get ends with a commit frame, and every page it holds is a real page.
        if info.latest_frame > 0 {
            let ReadFrames::Frames(frames) =
                log.read(info.latest_generation, 1, info.latest_frame + 1, usize::MAX).unwrap()
            else {
                panic!("round {round}: no frames in generation {}", info.latest_generation)
            };
            assert_eq!(frames.len() as u64, info.latest_frame * FRAME_SIZE as u64);
            let headers: Vec<FrameHeader> = frames.chunks(FRAME_SIZE).map(FrameHeader::parse).collect();
            assert!(headers.last().unwrap().is_commit(), "round {round}: {headers:?}");
            assert!(headers.iter().all(|h| h.page_no > 0), "round {round}: {headers:?}");
        }
        drop(conn);
        drop(db);
    }
}

/// Two handles open on one primary file at once share one capture: every commit is logged
/// once, whichever handle made it, and dropping one handle leaves the other's log running.
#[test]
fn handles_on_one_file_share_one_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let options = PrimaryOptions::default();
    let first = Builder::local(&path).primary(options.clone()).build().unwrap();
    let second = Builder::local(&path).primary(options.clone()).build().unwrap();
    let (a, b) = (first.connect().unwrap(), second.connect().unwrap());
    a.execute_batch("CREATE TABLE t(x)").unwrap();
    let before = first.frame_log().unwrap().position();
    a.execute("INSERT INTO t VALUES (1)", ()).unwrap();
    b.execute("INSERT INTO t VALUES (2)", ()).unwrap();
    first.capture_commits().unwrap();
    let after = first.frame_log().unwrap().position();
    assert_eq!(second.frame_log().unwrap().position(), after, "one log for both handles");
    // Each single-row insert into a one-page table rewrites that page once.
    assert_eq!(after.frame - before.frame, 2, "{before:?} -> {after:?}");
    drop(first);
    b.execute("INSERT INTO t VALUES (3)", ()).unwrap();
    second.capture_commits().unwrap();
    assert_eq!(second.frame_log().unwrap().position().frame, after.frame + 1);
}
