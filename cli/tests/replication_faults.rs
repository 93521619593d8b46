//! Replication under faults, with real `edgelite` processes where one must die:
//!
//! - the primary killed with SIGKILL under a write load, again and again: no acknowledged row
//!   is lost, replicas are never ahead of the restarted primary, and they converge on it;
//! - a replica process killed with SIGKILL while it applies a backlog (and while it bootstraps):
//!   it resumes from its saved position and ends identical to the primary;
//! - the link between replica and primary refused, black-holed and slowed down by a TCP proxy
//!   in the test: syncs fail with a typed error in bounded time and converge once it is back;
//! - a replica so far behind that its generation was dropped re-bootstraps from an export.
//!
//! "Identical" is checked by the shared helpers in `server/tests/replcheck`: integrity_check,
//! the logical digest, and every page through `sqlite_dbpage` (page 1's counters masked), the
//! primary's side read over Hrana.

#[path = "../../server/tests/replcheck/mod.rs"]
mod replcheck;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use edgelite::error::extended;
use edgelite::{Builder, Connection, Database, TransactionBehavior};
use replcheck::{assert_replica_matches, compare_pages, digest, pages, Rng};

const BIN: &str = env!("CARGO_BIN_EXE_edgelite");

/// A running `edgelite serve`, killed when dropped.
struct Serve {
    child: Child,
    url: String,
    addr: SocketAddr,
}

impl Serve {
    fn start(data: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--db-path"])
            .arg(data)
            .args(extra)
            .env("EDGELITE_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let url = line.trim().rsplit(' ').next().unwrap_or_default().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "unexpected first line from edgelite serve: {line:?}");
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let addr = url.trim_start_matches("http://").parse().unwrap();
        Serve { child, url, addr }
    }

    /// SIGKILL, and reap.
    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// `GET {url}{path}` with a plain HTTP/1.1 request: the status and the JSON body.
fn get_json(url: &str, path: &str) -> (u16, serde_json::Value) {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, serde_json::from_str(body).unwrap_or(serde_json::Value::Null))
}

/// The primary's newest position and oldest kept generation, from `GET /info`.
fn primary_info(url: &str) -> ((u32, u64), u32) {
    let info = info_json(url);
    let n = |k: &str| info[k].as_u64().unwrap_or_else(|| panic!("/info lacks {k}: {info}"));
    ((n("latest_generation") as u32, n("latest_frame")), n("oldest_generation") as u32)
}

fn info_json(url: &str) -> serde_json::Value {
    let (status, info) = get_json(url, "/info");
    assert_eq!(status, 200, "/info: {info}");
    info
}

fn remote(url: &str) -> Connection {
    Builder::remote(url).request_timeout(Duration::from_secs(30)).build().unwrap().connect().unwrap()
}

fn ids(conn: &Connection) -> BTreeSet<i64> {
    conn.query("SELECT id FROM t", ())
        .unwrap()
        .collect_values()
        .unwrap()
        .into_iter()
        .map(|row| row[0].get::<i64>().unwrap())
        .collect()
}

/// Waits (up to `limit`) until `replica` matches `primary` (content and pages), then checks
/// everything once more, integrity included.
fn converge(primary: &Connection, replica: &Database, what: &str, limit: Duration) {
    let conn = replica.connect().unwrap();
    let deadline = Instant::now() + limit;
    loop {
        let same = digest(&conn).ok() == digest(primary).ok()
            && matches!((pages(primary), pages(&conn)), (Ok(p), Ok(r)) if compare_pages(&p, &r).is_ok());
        if same {
            assert_replica_matches(primary, &conn, what);
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the replica did not converge on the primary within {limit:?}; status {:?}",
            replica.sync_status().unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `f` on a thread and fails the test (rather than hanging it) if it takes over `limit`.
fn bounded<T: Send + 'static>(what: &str, limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        Err(_) => panic!("{what}: still running after {limit:?} (hung)"),
    }
}

// ---------------------------------------------------------------------------------------------
// A TCP proxy that can slow the link down, refuse it, or black-hole it.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// Connections are forwarded (after the configured latency per chunk).
    Up,
    /// Connections are accepted and closed at once.
    Refused,
    /// Nothing gets through any more, and nothing is closed: new connections are accepted and
    /// never answered, open ones stall (a dead route, a hung middlebox).
    BlackHole,
}

struct ProxyShared {
    target: Mutex<SocketAddr>,
    link: Mutex<Link>,
    latency: Mutex<Duration>,
    /// Every socket the proxy holds, so a cut also breaks established (pooled) connections.
    open: Mutex<Vec<TcpStream>>,
    stop: AtomicBool,
}

struct Proxy {
    addr: SocketAddr,
    shared: Arc<ProxyShared>,
    accept: Option<JoinHandle<()>>,
}

impl Proxy {
    fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(ProxyShared {
            target: Mutex::new(target),
            link: Mutex::new(Link::Up),
            latency: Mutex::new(Duration::ZERO),
            open: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let state = shared.clone();
        let accept = std::thread::spawn(move || {
            for client in listener.incoming() {
                if state.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = client else { continue };
                let link = *state.link.lock().unwrap();
                match link {
                    Link::Refused => drop(client),
                    Link::BlackHole => state.open.lock().unwrap().push(client),
                    Link::Up => {
                        let target = *state.target.lock().unwrap();
                        let Ok(server) = TcpStream::connect_timeout(&target, Duration::from_secs(2)) else {
                            continue; // the primary is down: the client sees the connection close
                        };
                        let _ = client.set_nodelay(true);
                        let _ = server.set_nodelay(true);
                        {
                            let mut open = state.open.lock().unwrap();
                            open.push(client.try_clone().unwrap());
                            open.push(server.try_clone().unwrap());
                        }
                        for (from, to) in [(client.try_clone().unwrap(), server.try_clone().unwrap()), (server, client)]
                        {
                            let state = state.clone();
                            std::thread::spawn(move || pump(from, to, &state));
                        }
                    }
                }
            }
        });
        Proxy { addr, shared, accept: Some(accept) }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn set_target(&self, target: SocketAddr) {
        *self.shared.target.lock().unwrap() = target;
    }

    fn set_latency(&self, latency: Duration) {
        *self.shared.latency.lock().unwrap() = latency;
    }

    /// Sets the link's state; `Refused` also breaks every connection already open.
    fn set_link(&self, link: Link) {
        *self.shared.link.lock().unwrap() = link;
        if link == Link::Refused {
            for stream in self.shared.open.lock().unwrap().drain(..) {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream, state: &ProxyShared) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let latency = *state.latency.lock().unwrap();
        if !latency.is_zero() {
            std::thread::sleep(latency);
        }
        while *state.link.lock().unwrap() == Link::BlackHole && !state.stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(10));
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        self.set_link(Link::Refused);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn primary_killed_under_write_load_loses_nothing_and_replicas_converge() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("primary");
    // Frequent checkpoints and generation rollovers, so kills land around them too.
    let args = ["--checkpoint-frames", "20", "--generation-min-mib", "0"];
    let mut server = Serve::start(&data, &args);
    let proxy = Proxy::start(server.addr);
    remote(&server.url)
        .execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, k INT, v BLOB); CREATE INDEX t_k ON t(k);
             CREATE TABLE churn(id INTEGER PRIMARY KEY, v BLOB);
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000)
             INSERT INTO churn(v) SELECT randomblob(300) FROM c;",
        )
        .unwrap();
    let syncing = Arc::new(
        Builder::replica(dir.path().join("syncing.db"), proxy.url())
            .request_timeout(Duration::from_secs(5))
            .build()
            .unwrap(),
    );
    syncing.sync().unwrap();
    let following = Builder::replica(dir.path().join("following.db"), proxy.url())
        .follow(true)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    // EDGELITE_FAULT_SEED replays another run.
    let seed = std::env::var("EDGELITE_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let mut rng = Rng::new(seed);
    let acked: Arc<Mutex<BTreeSet<i64>>> = Arc::default();
    let mut next_id = 1i64;
    let mut rebootstraps = 0;
    let rounds: u32 = std::env::var("EDGELITE_FAULT_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(8);
    for round in 0..rounds {
        let what = format!("seed {seed} round {round}");
        let stop = Arc::new(AtomicBool::new(false));
        // The writer: each statement it gets an answer for is recorded as acknowledged.
        let writer = {
            let (url, acked, stop) = (server.url.clone(), acked.clone(), stop.clone());
            let mut rng = Rng::new(rng.next_u64());
            let first = next_id;
            std::thread::spawn(move || {
                let conn = remote(&url);
                let mut id = first;
                while !stop.load(Ordering::SeqCst) {
                    // Besides the recorded inserts, big transactions (rewriting a tenth of
                    // another table, or VACUUM) so that kills also land in long commits,
                    // checkpoints and generation rollovers.
                    let churn = match rng.below(100) {
                        0..=7 => {
                            Some(format!("UPDATE churn SET v = randomblob(300) WHERE id % 10 = {}", rng.below(10)))
                        }
                        8..=9 => Some("VACUUM".to_owned()),
                        _ => None,
                    };
                    if let Some(sql) = churn {
                        if conn.execute(&sql, ()).is_err() {
                            break;
                        }
                        continue;
                    }
                    let rows = if rng.chance(15) { 20 } else { 1 };
                    let size = rng.range(10, 3000);
                    let sql = format!(
                        "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < {}) \
                         INSERT INTO t(id, k, v) SELECT {id} + i, abs(random()) % 100000, randomblob({size}) FROM c",
                        rows - 1
                    );
                    if conn.execute(&sql, ()).is_err() {
                        break; // the server died (the write may or may not have committed)
                    }
                    acked.lock().unwrap().extend(id..id + rows);
                    id += rows;
                }
            })
        };
        let syncer = {
            let (syncing, stop) = (syncing.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    if syncing.sync().is_err() {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                }
            })
        };
        // Let some writes through, then kill at a random moment.
        let before = acked.lock().unwrap().len();
        let deadline = Instant::now() + Duration::from_secs(60);
        while acked.lock().unwrap().len() < before + 30 {
            assert!(Instant::now() < deadline, "{what}: the writer made no progress");
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(rng.range(0, 300)));
        server.kill9();
        stop.store(true, Ordering::SeqCst);
        bounded(&format!("{what}: the writer after the kill"), Duration::from_secs(60), move || writer.join().unwrap());
        syncer.join().unwrap();
        let acked_now = acked.lock().unwrap().clone();

        // Restart on the same data directory (a new port; the proxy follows it).
        server = Serve::start(&data, &args);
        proxy.set_target(server.addr);
        let primary = remote(&server.url);
        let on_primary = ids(&primary);
        // Unacknowledged writes may have committed too: go on after the last row there.
        next_id = on_primary.last().map_or(1, |id| id + 1);
        let lost: Vec<&i64> = acked_now.difference(&on_primary).collect();
        assert!(
            lost.is_empty(),
            "{what}: {} acknowledged rows lost by the crash: {:?}",
            lost.len(),
            &lost[..lost.len().min(20)]
        );

        // The syncing replica is not ahead of the restarted primary: by position, and by rows.
        let ((latest_gen, latest_frame), oldest) = primary_info(&server.url);
        let position = syncing.sync_status().unwrap().position.expect("synced before");
        assert!(
            (position.generation, position.frame) <= (latest_gen, latest_frame),
            "{what}: the replica ({position:?}) is ahead of the restarted primary ({latest_gen}:{latest_frame})"
        );
        let on_replica = ids(&syncing.connect().unwrap());
        let extra: Vec<&i64> = on_replica.difference(&on_primary).collect();
        assert!(
            extra.is_empty(),
            "{what}: the replica has rows the primary does not: {:?}",
            &extra[..extra.len().min(20)]
        );

        // It catches up, re-bootstrapping only if its generation is no longer kept.
        let synced = syncing.sync().unwrap_or_else(|e| panic!("{what}: sync after the restart: {e}"));
        if synced.bootstrapped {
            assert!(
                position.generation < oldest,
                "{what}: re-bootstrapped although its generation {} is still kept (oldest {oldest}): {synced:?}",
                position.generation
            );
            rebootstraps += 1;
        }
        assert_replica_matches(&primary, &syncing.connect().unwrap(), &format!("{what}: syncing replica"));
        converge(&primary, &following, &format!("{what}: following replica"), Duration::from_secs(60));
    }
    let total = acked.lock().unwrap().len();
    let ((generations, _), _) = primary_info(&server.url);
    eprintln!(
        "seed {seed}: {rounds} SIGKILLs of the primary, {total} acknowledged rows all kept, {generations} generations, \
         {rebootstraps} re-bootstraps, {:?}",
        started.elapsed()
    );
    assert!(generations > 1, "the primary rolled over to new generations under the load");
}

/// The replica's saved position: (generation, frame, bootstrapping).
fn saved_position(replica: &Path) -> Option<(u32, u64, bool)> {
    let mut path = replica.as_os_str().to_owned();
    path.push("-replica.json");
    let text = std::fs::read(path).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&text).ok()?;
    Some((json["generation"].as_u64()? as u32, json["frame"].as_u64()?, json["bootstrapping"].as_bool()?))
}

/// `edgelite shell REPLICA --sync-url URL .sync`: an embedded replica process that syncs.
fn spawn_replica_shell(replica: &Path, url: &str) -> Child {
    Command::new(BIN)
        .arg("shell")
        .arg(replica)
        .args(["--sync-url", url, ".sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Kills `child` with SIGKILL as soon as `ready` holds; false if it exited first.
fn kill_when(child: &mut Child, what: &str, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if ready() {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
            assert!(status.success(), "{what}: the replica process failed: {status}: {stderr}");
            return false;
        }
        assert!(Instant::now() < deadline, "{what}: nothing happened in 120 s");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn replica_killed_mid_apply_resumes_from_its_saved_position() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("primary");
    // First with generations rolling over, so that the snapshot a new replica downloads holds
    // the data (a generation that began after it).
    let mut server = Serve::start(&data, &["--checkpoint-frames", "100", "--generation-min-mib", "0"]);
    let primary = remote(&server.url);
    primary
        .execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, k INT, v TEXT); CREATE INDEX t_k ON t(k);
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 40000)
             INSERT INTO t(k, v) SELECT abs(random()) % 1000000, hex(randomblob(40)) FROM c;",
        )
        .unwrap();
    let ((after_data, _), _) = primary_info(&server.url);
    let deadline = Instant::now() + Duration::from_secs(60);
    while info_json(&server.url)["current_generation"].as_u64().unwrap() <= u64::from(after_data) {
        assert!(Instant::now() < deadline, "no new generation after the data");
        primary.execute("UPDATE t SET v = hex(randomblob(40)) WHERE id % 8 = 0", ()).unwrap();
    }
    let replica = dir.path().join("replica.db");

    // 1. Killed during its first sync, 30 ms into applying the snapshot (one local transaction).
    let mut shell = spawn_replica_shell(&replica, &server.url);
    let mut bootstrapping_since = None;
    kill_when(&mut shell, "bootstrap", || {
        saved_position(&replica).is_some_and(|p| p.2)
            && bootstrapping_since.get_or_insert_with(Instant::now).elapsed() >= Duration::from_millis(30)
    });
    let interrupted = saved_position(&replica).is_some_and(|p| p.2);
    {
        let db = Builder::replica(&replica, &server.url).build().unwrap();
        let conn = db.connect().unwrap();
        // The snapshot is applied as one local transaction: the file is consistent wherever
        // the kill landed.
        assert_eq!(replcheck::integrity(&conn).unwrap(), "ok");
        let synced = db.sync().unwrap();
        assert_eq!(synced.bootstrapped, interrupted, "only an interrupted bootstrap is redone: {synced:?}");
        assert_replica_matches(&primary, &conn, "after a kill during the bootstrap");
    }

    // Then with the default generation size, so that the backlog below stays in one generation
    // and is applied frame by frame.
    drop(primary);
    server.kill9();
    server = Serve::start(&data, &[]);
    let primary = remote(&server.url);

    // 2. A backlog of many transactions, each dirtying pages all over the index.
    let (start_gen, start_frame, _) = saved_position(&replica).unwrap();
    for _ in 0..120 {
        primary
            .execute(
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 60)
                 INSERT INTO t(k, v) SELECT abs(random()) % 1000000, hex(randomblob(40)) FROM c",
                (),
            )
            .unwrap();
    }
    let ((latest_gen, latest_frame), _) = primary_info(&server.url);
    assert_eq!(latest_gen, start_gen, "the backlog stays in one generation (no rollover at the default size)");
    let backlog = latest_frame - start_frame;
    assert!(backlog > 2000, "a backlog of {backlog} frames");

    // 3. Killed at several points of applying it; each restart resumes where it stopped.
    let mut kills = 0;
    let mut last = start_frame;
    for percent in [5, 25, 45, 65, 85] {
        let target = start_frame + backlog * percent / 100;
        let what = format!("kill at {percent}% of the backlog");
        let mut shell = spawn_replica_shell(&replica, &server.url);
        let killed = kill_when(&mut shell, &what, || saved_position(&replica).is_some_and(|p| p.1 >= target));
        assert!(killed, "{what}: the sync finished before the kill");
        let (generation, frame, bootstrapping) = saved_position(&replica).unwrap();
        assert!(!bootstrapping && generation == start_gen, "{what}: saved {generation}:{frame}");
        assert!(frame >= last, "{what}: the saved position went back from {last} to {frame}");
        assert!(frame < latest_frame, "{what}: killed mid-apply, at frame {frame} of {latest_frame}");
        last = frame;
        kills += 1;
        // The file is consistent at whatever point it stopped.
        let db = Builder::replica(&replica, &server.url).build().unwrap();
        assert_eq!(replcheck::integrity(&db.connect().unwrap()).unwrap(), "ok", "{what}");
    }

    // 4. The last run finishes; the replica is identical to the primary and up to date.
    let mut shell = spawn_replica_shell(&replica, &server.url);
    assert!(!kill_when(&mut shell, "the final sync", || false));
    assert_eq!(saved_position(&replica).map(|p| p.1), Some(latest_frame));
    let db = Builder::replica(&replica, &server.url).build().unwrap();
    let synced = db.sync().unwrap();
    assert!(!synced.bootstrapped && synced.transactions_applied == 0, "already caught up: {synced:?}");
    assert_replica_matches(&primary, &db.connect().unwrap(), "after the kills");
    eprintln!(
        "replica killed {kills} times mid-apply (+{}) over a {backlog}-frame backlog, {:?}",
        if interrupted { "1 while bootstrapping" } else { "bootstrap finished before its kill" },
        started.elapsed()
    );
}

#[test]
fn a_cut_or_slow_link_fails_syncs_cleanly_and_converges_when_back() {
    let dir = tempfile::tempdir().unwrap();
    // Generations roll over once the frames outgrow the database, so that a new replica's
    // snapshot ends up large (see the end).
    let server =
        Serve::start(&dir.path().join("primary"), &["--checkpoint-frames", "100", "--generation-min-mib", "0"]);
    let primary = remote(&server.url);
    primary
        .execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB); INSERT INTO t(v) VALUES (randomblob(50));")
        .unwrap();
    let proxy = Proxy::start(server.addr);
    let replica = Arc::new(
        Builder::replica(dir.path().join("replica.db"), proxy.url())
            .request_timeout(Duration::from_secs(2))
            .build()
            .unwrap(),
    );
    replica.sync().unwrap();
    assert_replica_matches(&primary, &replica.connect().unwrap(), "link up");

    let write = |n: i64| {
        primary.execute(&format!("INSERT INTO t(v) SELECT randomblob(100 * {n})"), ()).unwrap();
    };
    let sync_bounded = |what: &str| {
        let replica = replica.clone();
        bounded(what, Duration::from_secs(60), move || replica.sync())
    };

    // Refused: the sync fails fast with a connection error, and the status says so.
    proxy.set_link(Link::Refused);
    write(1);
    let error = sync_bounded("sync over a refused link").expect_err("a sync over a refused link fails");
    assert_eq!(error.extended_code(), extended::EDGELITE_REMOTE_CONNECT, "{error}");
    let status = replica.sync_status().unwrap();
    assert_eq!(status.last_error.as_ref().map(|e| e.extended_code()), Some(extended::EDGELITE_REMOTE_CONNECT));

    // Black-holed: the request times out (request_timeout) instead of hanging.
    proxy.set_link(Link::BlackHole);
    write(2);
    let error = sync_bounded("sync over a black-holed link").expect_err("a sync over a black hole fails");
    assert_eq!(error.extended_code(), extended::EDGELITE_REMOTE_TIMEOUT, "{error}");
    assert!(replica.sync_status().unwrap().last_error.is_some());

    // Back: it converges, and the error is cleared.
    proxy.set_link(Link::Up);
    let synced = sync_bounded("sync once the link is back").unwrap();
    assert!(!synced.bootstrapped && synced.transactions_applied == 2, "{synced:?}");
    assert!(replica.sync_status().unwrap().last_error.is_none());
    assert_replica_matches(&primary, &replica.connect().unwrap(), "link back");

    // A following replica through a slow link (40 ms per chunk each way) converges, also after
    // the link is cut for a while under it.
    proxy.set_latency(Duration::from_millis(40));
    let following = Builder::replica(dir.path().join("following.db"), proxy.url())
        .follow(true)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    for n in 0..20 {
        write(n);
    }
    converge(&primary, &following, "following over a slow link", Duration::from_secs(120));
    proxy.set_link(Link::Refused);
    for n in 0..10 {
        write(n);
    }
    std::thread::sleep(Duration::from_millis(300));
    let status = following.sync_status().unwrap();
    assert!(status.last_error.is_some() || status.syncs > 0, "{status:?}");
    proxy.set_link(Link::Up);
    converge(&primary, &following, "following after the link came back", Duration::from_secs(120));
    drop(following);

    // A first sync whose snapshot download is cut, then stalls, part-way: each attempt fails
    // (connection error, then timeout), nothing of the partial snapshot becomes visible, and
    // the next attempt bootstraps completely. The snapshot must hold a big table: wait for a
    // generation that started after it was written.
    primary
        .execute_batch(
            "CREATE TABLE big(v BLOB);
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 4000)
             INSERT INTO big SELECT randomblob(1000) FROM c;",
        )
        .unwrap();
    let ((after_big, _), _) = primary_info(&server.url);
    let deadline = Instant::now() + Duration::from_secs(60);
    while info_json(&server.url)["current_generation"].as_u64().unwrap() <= u64::from(after_big) {
        assert!(Instant::now() < deadline, "no new generation after the big table");
        primary.execute("UPDATE big SET v = randomblob(1000) WHERE rowid % 4 = 0", ()).unwrap();
    }
    let fresh = Arc::new(
        Builder::replica(dir.path().join("fresh.db"), proxy.url())
            .request_timeout(Duration::from_secs(2))
            .build()
            .unwrap(),
    );
    for (fault, code) in
        [(Link::Refused, extended::EDGELITE_REMOTE_CONNECT), (Link::BlackHole, extended::EDGELITE_REMOTE_TIMEOUT)]
    {
        let what = format!("snapshot download with the link {fault:?} part-way");
        proxy.set_link(Link::Up);
        proxy.set_latency(Duration::from_millis(40));
        let syncing = {
            let fresh = fresh.clone();
            std::thread::spawn(move || fresh.sync())
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let progress = fresh.sync_status().unwrap().progress;
            let mid_download = |p: edgelite::SyncProgress| {
                p.phase == edgelite::SyncPhase::Bootstrap && p.done > 0 && p.total.is_some_and(|t| p.done < t / 2)
            };
            if progress.is_some_and(mid_download) {
                break;
            }
            if syncing.is_finished() {
                panic!("{what}: the sync ended before the download was under way: {:?}", syncing.join().unwrap());
            }
            assert!(Instant::now() < deadline, "{what}: the download did not start");
            std::thread::sleep(Duration::from_millis(2));
        }
        proxy.set_link(fault);
        let error = bounded(&what, Duration::from_secs(60), move || syncing.join().unwrap())
            .expect_err("a sync whose download breaks fails");
        assert_eq!(error.extended_code(), code, "{what}: {error}");
        let tables: i64 =
            fresh.connect().unwrap().query_row("SELECT count(*) FROM sqlite_schema", (), |r| r.get(0)).unwrap();
        assert_eq!(tables, 0, "{what}: part of the snapshot is visible");
    }
    proxy.set_link(Link::Up);
    proxy.set_latency(Duration::ZERO);
    let synced = bounded("bootstrap once the link is back", Duration::from_secs(60), {
        let fresh = fresh.clone();
        move || fresh.sync()
    })
    .unwrap();
    assert!(synced.bootstrapped, "{synced:?}");
    assert_replica_matches(&primary, &fresh.connect().unwrap(), "bootstrap after the broken downloads");
}

#[test]
fn a_replica_whose_generation_was_dropped_bootstraps_again() {
    let dir = tempfile::tempdir().unwrap();
    // Checkpoint every 10 frames and roll over whenever the frames outgrow the database: many
    // generations; the default keeps 2.
    let server = Serve::start(&dir.path().join("primary"), &["--checkpoint-frames", "10", "--generation-min-mib", "0"]);
    let primary = remote(&server.url);
    primary
        .execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB); INSERT INTO t(v) VALUES (randomblob(1000));")
        .unwrap();
    let replica = Builder::replica(dir.path().join("replica.db"), &server.url).build().unwrap();
    let first = replica.sync().unwrap();
    let conn = replica.connect().unwrap();
    assert_replica_matches(&primary, &conn, "first sync");

    // A local reader keeps its snapshot through the re-bootstrap.
    let reader = replica.connect().unwrap();
    reader.begin(TransactionBehavior::ReadOnly).unwrap();
    let snapshot = digest(&reader).unwrap();

    // The primary moves on by more generations than it keeps.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut n = 0;
    loop {
        n += 1;
        let ddl = if n % 10 == 0 { format!("CREATE TABLE extra{n}(x); ") } else { String::new() };
        primary
            .execute_batch(&format!(
                "{ddl}INSERT INTO t(v) VALUES (randomblob(3000)); UPDATE t SET v = randomblob(500) WHERE id = 1;"
            ))
            .unwrap();
        let ((latest, _), oldest) = primary_info(&server.url);
        if oldest > first.generation && latest > first.generation + 2 {
            break;
        }
        assert!(Instant::now() < deadline, "the primary did not roll over past generation {}", first.generation);
    }
    let synced = replica.sync().unwrap();
    assert!(
        synced.bootstrapped,
        "its generation {} was dropped: it must start over from an export: {synced:?}",
        first.generation
    );
    assert!(synced.generation > first.generation + 2, "{synced:?}");
    assert_replica_matches(&primary, &conn, "after the re-bootstrap");
    assert_eq!(digest(&reader).unwrap(), snapshot, "the reader's snapshot survives the re-bootstrap");
    reader.commit().unwrap();
    assert_eq!(digest(&reader).unwrap(), digest(&primary).unwrap(), "the ended reader sees the latest state");

    // And it follows incrementally from there.
    primary.execute("INSERT INTO t(v) VALUES (randomblob(10))", ()).unwrap();
    let next = replica.sync().unwrap();
    assert!(!next.bootstrapped && next.transactions_applied >= 1, "{next:?}");
    assert_replica_matches(&primary, &conn, "after the re-bootstrap and one more transaction");
}

#[test]
fn keep_generations_sets_how_many_generations_the_primary_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--checkpoint-frames", "10", "--generation-min-mib", "0", "--keep-generations", "4"];
    let server = Serve::start(&dir.path().join("primary"), &args);
    let primary = remote(&server.url);
    primary
        .execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB); INSERT INTO t(v) VALUES (randomblob(1000));")
        .unwrap();
    let ((start, _), _) = primary_info(&server.url);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut widest = 0;
    loop {
        primary
            .execute_batch("INSERT INTO t(v) VALUES (randomblob(3000)); UPDATE t SET v = randomblob(500) WHERE id = 1;")
            .unwrap();
        let ((latest, _), oldest) = primary_info(&server.url);
        widest = widest.max(latest - oldest + 1);
        if latest >= start + 8 {
            // Generations were dropped, but never down to fewer than four.
            assert!(oldest > start, "nothing was dropped: oldest {oldest}, latest {latest}");
            break;
        }
        assert!(Instant::now() < deadline, "the primary did not roll over 8 times past generation {start}");
    }
    // The default keeps 2 (a_replica_whose_generation_was_dropped_bootstraps_again).
    assert!(widest >= 4, "at most {widest} generations were kept at once");
}

#[test]
fn keep_generations_must_be_at_least_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_edgelite"))
        .args(["serve", "--listen", "127.0.0.1:0", "--keep-generations", "0", "--db-path"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--keep-generations"), "{out:?}");
}
