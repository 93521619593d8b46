"""edgelite.aio: the asyncio interface, in every mode; calls run off the event loop."""

from __future__ import annotations

import asyncio
import threading

import pytest

import edgelite
import edgelite.aio


def run(coro):
    return asyncio.run(coro)


def test_aio_in_each_mode(target):
    async def main():
        conn = await edgelite.aio.connect(*target.args, **target.kwargs)
        t = target.table
        await conn.execute(f"CREATE TABLE {t}(x, y)")
        cur = await conn.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(i, str(i)) for i in range(1000)])
        assert cur.rowcount == 1000
        assert conn.in_transaction
        await conn.commit()
        assert not conn.in_transaction
        cur = await conn.execute(f"SELECT x, y FROM {t} ORDER BY x")
        assert [d[0] for d in cur.description] == ["x", "y"]
        assert await cur.fetchone() == (0, "0")
        assert await cur.fetchmany(2) == [(1, "1"), (2, "2")]
        seen = [row async for row in cur]
        assert len(seen) == 997 and seen[-1] == (999, "999")
        assert await conn.execute_fetchall(f"SELECT count(*) FROM {t}") == [(1000,)]
        await conn.execute(f"INSERT INTO {t} VALUES (-1, 'x')")
        await conn.rollback()
        assert await (await conn.execute(f"SELECT count(*) FROM {t}")).fetchall() == [(1000,)]
        with pytest.raises(edgelite.IntegrityError):
            await conn.execute(f"CREATE TABLE {t}_u(a UNIQUE)")
            await conn.execute(f"INSERT INTO {t}_u VALUES (1), (1)")
        await conn.rollback()
        await conn.execute(f"DROP TABLE {t}")
        await conn.commit()
        await conn.close()
        await conn.close()  # closing again does nothing
        with pytest.raises(edgelite.ProgrammingError):
            await conn.execute("SELECT 1")

    run(main())


def test_aio_context_manager_commits_and_closes(tmp_path):
    path = str(tmp_path / "a.db")

    async def main():
        async with edgelite.aio.connect(path) as conn:
            await conn.execute("CREATE TABLE t(x)")
            await conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ZeroDivisionError):
            async with edgelite.aio.connect(path) as conn2:
                await conn2.execute("INSERT INTO t VALUES (2)")
                1 / 0
        conn3 = await edgelite.aio.connect(path)
        assert await conn3.execute_fetchall("SELECT x FROM t") == [(1,)]
        conn3.row_factory = edgelite.Row
        row = (await conn3.execute_fetchall("SELECT x FROM t"))[0]
        assert row["x"] == 1
        await conn3.close()
        return conn

    conn = run(main())
    with pytest.raises(edgelite.ProgrammingError):
        conn.sync_connection.execute("SELECT 1")


def test_aio_calls_run_off_the_event_loop(server):
    """A slow query does not block the loop: other tasks keep running meanwhile."""

    async def main():
        conn = await edgelite.aio.connect(server.ws)
        loop_thread = threading.get_ident()
        seen_threads = []
        ticks = 0
        stop = asyncio.Event()

        async def ticker():
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.001)

        task = asyncio.create_task(ticker())

        def slow():
            seen_threads.append(threading.get_ident())
            return conn.sync_connection.execute(
                "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2000000) SELECT count(*) FROM r"
            ).fetchall()

        result = await conn._run(slow)
        stop.set()
        await task
        assert result == [(2000000,)]
        assert seen_threads and seen_threads[0] != loop_thread
        assert ticks >= 10
        await conn.close()

    run(main())


def test_aio_replica_sync(server, tmp_path):
    async def main():
        primary = await edgelite.aio.connect(server.http, autocommit=True)
        await primary.execute("CREATE TABLE IF NOT EXISTS aio_rep(x)")
        await primary.execute("DELETE FROM aio_rep")
        replica = await edgelite.aio.connect(str(tmp_path / "r.db"), sync_url=server.http)
        s = await replica.sync()
        assert isinstance(s, edgelite.Synced)
        await replica.execute("INSERT INTO aio_rep VALUES (1)")
        await replica.commit()
        assert await replica.execute_fetchall("SELECT count(*) FROM aio_rep") == [(1,)]
        assert replica.mode == "replica"
        await replica.close()
        await primary.close()

    run(main())


def test_aio_connect_error_is_raised(tmp_path):
    async def main():
        with pytest.raises(edgelite.OperationalError):
            await edgelite.aio.connect(str(tmp_path / "no" / "such" / "dir.db"))

    run(main())


def test_aio_functions_and_backup(tmp_path):
    async def main():
        a = await edgelite.aio.connect(":memory:")
        await a.create_function("inc", 1, lambda x: x + 1)
        assert await a.execute_fetchall("SELECT inc(1)") == [(2,)]

        class Count:
            def __init__(self):
                self.n = 0

            def step(self, _):
                self.n += 1

            def finalize(self):
                return self.n

        await a.create_aggregate("cnt", 1, Count)
        await a.execute("CREATE TABLE t(x)")
        await a.executemany("INSERT INTO t VALUES (?)", [(1,), (2,)])
        await a.commit()
        assert await a.execute_fetchall("SELECT cnt(x) FROM t") == [(2,)]
        b = await edgelite.aio.connect(str(tmp_path / "b.db"))
        await a.backup(b)
        assert await b.execute_fetchall("SELECT count(*) FROM t") == [(2,)]
        cur = await b.cursor()
        await cur.execute("SELECT x FROM t ORDER BY x")
        assert await cur.fetchall() == [(1,), (2,)]
        await cur.close()
        results = await b.batch(["INSERT INTO t VALUES (3)", "SELECT count(*) FROM t"])
        assert results[1].rows == [(3,)]
        await a.close()
        await b.close()

    run(main())
