"""The GIL is released while a call blocks, so other threads make progress; connections may be
shared between threads."""

from __future__ import annotations

import threading
import time

import pytest

import edgelite
from conftest import Target

SLOW = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000000) SELECT count(*) FROM r"


def ticks_during(call) -> tuple:
    """Runs `call` in a thread while this thread counts how often it gets the GIL."""
    done = threading.Event()
    result = []

    def run():
        try:
            result.append(call())
        finally:
            done.set()

    t = threading.Thread(target=run)
    ticks = 0
    start = time.perf_counter()
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    return ticks, time.perf_counter() - start, result


@pytest.mark.parametrize("mode", ["file", "remote-http", "remote-ws", "replica"])
def test_blocking_calls_release_the_gil(server, tmp_path, mode):
    c = Target(mode, server, tmp_path).connect()
    ticks, elapsed, result = ticks_during(lambda: c.execute(SLOW).fetchone())
    assert result == [(3000000,)]
    # With the GIL held the main thread could not tick at all while the query ran.
    assert elapsed > 0.05 and ticks >= 10, (ticks, elapsed)
    c.close()


def test_sync_releases_the_gil(server, tmp_path):
    primary = edgelite.connect(server.http, autocommit=True)
    primary.execute("CREATE TABLE IF NOT EXISTS gil_sync(x)")
    r = edgelite.connect(str(tmp_path / "gil.db"), sync_url=server.http)
    ticks, _, result = ticks_during(r.sync)
    assert isinstance(result[0], edgelite.Synced)
    assert ticks >= 1
    r.close()
    primary.close()


def test_lock_waits_release_the_gil(tmp_path):
    path = str(tmp_path / "lock.db")
    a = edgelite.connect(path)
    b = edgelite.connect(path, timeout=5)
    a.execute("CREATE TABLE t(x)")
    a.commit()
    a.execute("INSERT INTO t VALUES (1)")
    assert a.in_transaction  # and holds the write lock
    # b waits for a's write lock; a commits from this thread meanwhile (needs the GIL).
    threading.Timer(0.3, a.commit).start()

    def write():
        b.execute("INSERT INTO t VALUES (2)")
        b.commit()

    ticks, elapsed, result = ticks_during(write)
    assert elapsed >= 0.25 and ticks >= 10
    assert b.execute("SELECT count(*) FROM t").fetchone() == (2,)
    a.close()
    b.close()


def test_one_connection_shared_by_threads(tmp_path):
    c = edgelite.connect(str(tmp_path / "shared.db"), isolation_level=None)
    c.execute("CREATE TABLE t(x)")
    errors = []

    def work(k):
        try:
            for i in range(200):
                c.execute("INSERT INTO t VALUES (?)", (k * 1000 + i,))
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert c.execute("SELECT count(*), count(DISTINCT x) FROM t").fetchone() == (800, 800)
    c.close()


def test_check_same_thread(tmp_path):
    c = edgelite.connect(str(tmp_path / "own.db"), check_same_thread=True)
    errors = []

    def other():
        try:
            c.execute("SELECT 1")
        except edgelite.ProgrammingError as e:
            errors.append(e)

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert len(errors) == 1
    assert c.execute("SELECT 1").fetchone() == (1,)
    c.close()
