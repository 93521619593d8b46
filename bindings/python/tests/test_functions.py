"""create_function, create_aggregate, backup and interrupt."""

from __future__ import annotations

import pytest

import edgelite


def test_create_function(tmp_path):
    c = edgelite.connect(str(tmp_path / "f.db"))
    c.create_function("add2", 2, lambda a, b: a + b, deterministic=True)
    c.create_function("blobby", 0, lambda: b"\x00\x01")
    c.create_function("nada", 0, lambda: None)
    c.create_function("big", 0, lambda: 2**62)
    assert c.execute("SELECT add2(1, 2), add2('a', 'b'), blobby(), nada(), big()").fetchone() == (
        3,
        "ab",
        b"\x00\x01",
        None,
        2**62,
    )
    c.create_function("boom", 0, lambda: 1 / 0)
    with pytest.raises(edgelite.OperationalError) as e:
        c.execute("SELECT boom()")
    assert "ZeroDivisionError" in str(e.value)
    c.create_function("bad", 0, lambda: object())
    with pytest.raises(edgelite.OperationalError):
        c.execute("SELECT bad()")
    c.create_function("add2", 2, None)  # removes it
    with pytest.raises(edgelite.OperationalError):
        c.execute("SELECT add2(1, 2)")
    c.close()


def test_create_aggregate():
    class Concat:
        def __init__(self):
            self.parts = []

        def step(self, value):
            self.parts.append(str(value))

        def finalize(self):
            return ",".join(self.parts)

    c = edgelite.connect(":memory:")
    c.create_aggregate("concat", 1, Concat)
    c.execute("CREATE TABLE t(g, v)")
    c.executemany("INSERT INTO t VALUES (?, ?)", [(1, "a"), (1, "b"), (2, "c")])
    assert c.execute("SELECT g, concat(v) FROM t GROUP BY g ORDER BY g").fetchall() == [(1, "a,b"), (2, "c")]

    class Broken:
        def step(self, v):
            raise ValueError("nope")

        def finalize(self):
            return 0

    c.create_aggregate("broken", 1, Broken)
    with pytest.raises(edgelite.OperationalError) as e:
        c.execute("SELECT broken(v) FROM t")
    assert "step" in str(e.value)
    c.close()


def test_functions_are_not_available_remotely(server):
    c = edgelite.connect(server.http)
    with pytest.raises(edgelite.NotSupportedError):
        c.create_function("f", 0, lambda: 1)
    c.close()


def test_backup(tmp_path):
    src = edgelite.connect(str(tmp_path / "src.db"))
    src.execute("CREATE TABLE t(x)")
    src.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)])
    src.commit()
    dst = edgelite.connect(str(tmp_path / "dst.db"))
    calls = []
    src.backup(dst, pages=1, progress=lambda status, remaining, total: calls.append((status, remaining, total)))
    assert dst.execute("SELECT count(*) FROM t").fetchone() == (1000,)
    assert calls and calls[-1][1] == 0
    mem = edgelite.connect(":memory:")
    src.backup(mem)
    assert mem.execute("SELECT sum(x) FROM t").fetchone() == (499500,)
    with pytest.raises(ValueError):
        src.backup(src)
    with pytest.raises(TypeError):
        src.backup("not a connection")

    def failing(status, remaining, total):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        src.backup(edgelite.connect(":memory:"), pages=1, progress=failing)
    for c in (src, dst, mem):
        c.close()


def test_backup_of_a_remote_database_is_not_supported(server):
    c = edgelite.connect(server.http)
    with pytest.raises(edgelite.NotSupportedError):
        c.backup(edgelite.connect(":memory:"))
    c.close()
