"""Fixtures: a real `edgelite serve` per test session, and a `connect` per mode.

The server binary is `$EDGELITE_BIN`, else `$CARGO_TARGET_DIR/debug/edgelite`, else
`<repo>/target/debug/edgelite` (build it with `cargo build -p edgelite-cli`).
"""

from __future__ import annotations

import itertools
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import threading

import pytest

import edgelite

REPO = pathlib.Path(__file__).resolve().parents[3]


def server_binary() -> str:
    if os.environ.get("EDGELITE_BIN"):
        return os.environ["EDGELITE_BIN"]
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    path = target / "debug" / "edgelite"
    if not path.exists():
        raise RuntimeError(f"{path} not found: run `cargo build -p edgelite-cli` first (or set EDGELITE_BIN)")
    return str(path)


class Server:
    """A running `edgelite serve` on a free port, with its own database directory."""

    def __init__(self, *extra_args: str) -> None:
        self.dir = tempfile.mkdtemp(prefix="edgelite-pytest-server-")
        self.proc = subprocess.Popen(
            [server_binary(), "serve", "--listen", "127.0.0.1:0", "--db-path", os.path.join(self.dir, "db"), *extra_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.search(r"listening on http://([0-9.]+:[0-9]+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"unexpected first line from edgelite serve: {line!r}")
        self.addr = match.group(1)
        # Drain the rest of stdout so the server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()  # type: ignore[union-attr]

    @property
    def http(self) -> str:
        return f"http://{self.addr}"

    @property
    def ws(self) -> str:
        return f"ws://{self.addr}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


_names = itertools.count()

MODES = ["file", "memory", "remote-http", "remote-ws", "replica"]


class Target:
    """How to open one database in one mode; `connect(**kw)` opens another connection to it."""

    def __init__(self, mode: str, server: Server, tmp: pathlib.Path) -> None:
        self.mode = mode
        self.server = server
        self.tmp = tmp
        n = next(_names)
        self.table = f"t{n}"  # remote databases are shared by the session: unique table names
        self.database: edgelite.Database | None = None
        self.shared = False
        if mode == "file":
            self.args = (str(tmp / "test.db"),)
            self.kwargs: dict = {}
        elif mode == "memory":
            # One Database, so every connection of the test sees the same in-memory database.
            self.args, self.kwargs = (":memory:",), {}
            self.shared = True
        elif mode == "remote-http":
            self.args, self.kwargs = (server.http,), {}
        elif mode == "remote-ws":
            self.args, self.kwargs = (server.ws,), {}
        elif mode == "replica":
            # One Database per replica file (it owns the file's sync state).
            self.args, self.kwargs = (str(tmp / f"replica{n}.db"),), {"sync_url": server.http}
            self.shared = True
        else:
            raise ValueError(mode)

    @property
    def embedded(self) -> bool:
        return self.mode in ("file", "memory")

    def connect(self, **kw) -> edgelite.Connection:
        if self.shared and self.database is None:
            self.database = edgelite.Database(*self.args, **self.kwargs)
        if self.database is not None:
            return self.database.connect(**kw)
        return edgelite.connect(*self.args, **self.kwargs, **kw)


@pytest.fixture(params=MODES)
def target(request, server, tmp_path):
    return Target(request.param, server, tmp_path)


@pytest.fixture
def conn(target):
    """A connection in each mode, with an empty table `target.table` (x, y)."""
    c = target.connect()
    c.execute(f"DROP TABLE IF EXISTS {target.table}")
    c.execute(f"CREATE TABLE {target.table}(x, y)")
    c.commit()
    yield c
    c.close()
