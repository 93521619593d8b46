"""The asyncio interface of edgelite.

Every call that touches the database runs off the event loop, on a worker thread owned by the
connection (one per connection, so its calls run in the order they were awaited); the native
calls release the GIL, so the loop and other threads keep running meanwhile.

    import edgelite.aio

    async with edgelite.aio.connect("app.db") as conn:      # or: conn = await connect(...)
        await conn.execute("CREATE TABLE IF NOT EXISTS t(x)")
        await conn.execute("INSERT INTO t VALUES (?)", (1,))
        await conn.commit()
        async for row in await conn.execute("SELECT x FROM t"):
            print(row)

``connect`` takes the same arguments as ``edgelite.connect`` (all three modes). Leaving
``async with`` commits (or rolls back if the block raised) and closes the connection.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from typing import Any, AsyncIterator, Callable, Generator, Iterable, Optional, TypeVar

import edgelite

__all__ = ["Connection", "Cursor", "connect"]

T = TypeVar("T")


class Connection:
    """An asyncio connection: ``edgelite.Connection``'s methods as coroutines."""

    def __init__(self, conn: edgelite.Connection, executor: concurrent.futures.ThreadPoolExecutor) -> None:
        self._conn = conn
        self._executor = executor

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._executor is None:
            raise edgelite._error(edgelite._CLOSED, "Cannot operate on a closed database.")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args))

    @property
    def sync_connection(self) -> edgelite.Connection:
        """The underlying DB-API connection (its calls block: use them off the loop)."""
        return self._conn

    # -- statements

    async def cursor(self) -> "Cursor":
        """A new cursor."""
        return Cursor(self, await self._run(self._conn.cursor))

    async def execute(self, sql: str, parameters: Any = ()) -> "Cursor":
        """Runs one statement; returns its cursor (``await cursor.fetchall()``, ``async for``)."""
        return Cursor(self, await self._run(self._conn.execute, sql, parameters))

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> "Cursor":
        """Runs ``sql`` once per parameter set."""
        return Cursor(self, await self._run(self._conn.executemany, sql, parameters))

    async def executescript(self, sql_script: str) -> "Cursor":
        """Runs a script of statements."""
        return Cursor(self, await self._run(self._conn.executescript, sql_script))

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list:
        """Runs one statement and returns all its rows in one trip off the loop."""

        def run() -> list:
            return self._conn.execute(sql, parameters).fetchall()

        return await self._run(run)

    async def batch(self, statements: Iterable[Any], behavior: str = "deferred") -> list:
        """``edgelite.Connection.batch``: statements run atomically."""
        return await self._run(self._conn.batch, list(statements), behavior)

    # -- transactions and state

    async def commit(self) -> None:
        await self._run(self._conn.commit)

    async def rollback(self) -> None:
        await self._run(self._conn.rollback)

    async def begin(self, behavior: str = "deferred") -> None:
        await self._run(self._conn.begin, behavior)

    async def sync(self) -> edgelite.Synced:
        """Pulls the primary's new transactions (embedded replicas only)."""
        return await self._run(self._conn.sync)

    async def backup(self, target: "Connection", **kwargs: Any) -> None:
        """``edgelite.Connection.backup`` into another asyncio connection."""
        await self._run(functools.partial(self._conn.backup, target._conn, **kwargs))

    async def create_function(self, name: str, narg: int, func: Optional[Callable[..., Any]], **kwargs: Any) -> None:
        await self._run(functools.partial(self._conn.create_function, name, narg, func, **kwargs))

    async def create_aggregate(self, name: str, n_arg: int, aggregate_class: Optional[Callable[[], Any]]) -> None:
        await self._run(self._conn.create_aggregate, name, n_arg, aggregate_class)

    def interrupt(self) -> None:
        """Makes the running statement fail with ``OperationalError`` (does not block)."""
        self._conn.interrupt()

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    @property
    def total_changes(self) -> int:
        return self._conn.total_changes

    @property
    def mode(self) -> str:
        return self._conn.mode

    @property
    def row_factory(self) -> Any:
        return self._conn.row_factory

    @row_factory.setter
    def row_factory(self, value: Any) -> None:
        self._conn.row_factory = value

    @property
    def isolation_level(self) -> Optional[str]:
        return self._conn.isolation_level

    @property
    def autocommit(self) -> Any:
        return self._conn.autocommit

    async def close(self) -> None:
        """Closes the connection (rolling back an open transaction) and its worker thread."""
        executor = self._executor
        if executor is None:
            return
        try:
            await self._run(self._conn.close)
        finally:
            self._executor = None  # type: ignore[assignment]
            executor.shutdown(wait=False)

    async def __aenter__(self) -> "Connection":
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._executor is None:
            return
        try:
            await self._run(self._conn.__exit__, exc_type, exc, tb)
        finally:
            await self.close()


class Cursor:
    """An asyncio cursor; ``async for row in cursor`` fetches rows off the loop in chunks."""

    def __init__(self, conn: Connection, cursor: edgelite.Cursor) -> None:
        self._conn = conn
        self._cursor = cursor
        self._chunk: list = []

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> Optional[int]:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    @property
    def connection(self) -> Connection:
        return self._conn

    async def execute(self, sql: str, parameters: Any = ()) -> "Cursor":
        self._chunk = []
        await self._conn._run(self._cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> "Cursor":
        self._chunk = []
        await self._conn._run(self._cursor.executemany, sql, parameters)
        return self

    async def executescript(self, sql_script: str) -> "Cursor":
        self._chunk = []
        await self._conn._run(self._cursor.executescript, sql_script)
        return self

    async def fetchone(self) -> Any:
        if self._chunk:
            return self._chunk.pop(0)
        return await self._conn._run(self._cursor.fetchone)

    async def fetchmany(self, size: Optional[int] = None) -> list:
        n = self._cursor.arraysize if size is None else size
        rows, self._chunk = self._chunk[:n], self._chunk[n:]
        if len(rows) < n:
            rows += await self._conn._run(self._cursor.fetchmany, n - len(rows))
        return rows

    async def fetchall(self) -> list:
        rows, self._chunk = self._chunk, []
        return rows + await self._conn._run(self._cursor.fetchall)

    async def close(self) -> None:
        self._chunk = []
        await self._conn._run(self._cursor.close)

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Any]:
        chunk_size = max(self._cursor.arraysize, 256)
        while True:
            if not self._chunk:
                self._chunk = await self._conn._run(self._cursor.fetchmany, chunk_size)
                if not self._chunk:
                    return
            rows, self._chunk = self._chunk, []
            for row in rows:
                yield row


class _Connecting:
    """What ``connect()`` returns: awaitable (``conn = await connect(...)``) and an async
    context manager (``async with connect(...) as conn``)."""

    def __init__(self, database: Any, kwargs: dict) -> None:
        self._database = database
        self._kwargs = kwargs
        self._conn: Optional[Connection] = None

    async def _open(self) -> Connection:
        executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="edgelite-aio")
        loop = asyncio.get_running_loop()
        try:
            conn = await loop.run_in_executor(
                executor, functools.partial(edgelite.connect, self._database, **self._kwargs)
            )
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return Connection(conn, executor)

    def __await__(self) -> Generator[Any, None, Connection]:
        return self._open().__await__()

    async def __aenter__(self) -> Connection:
        self._conn = await self._open()
        return self._conn

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        assert self._conn is not None
        await self._conn.__aexit__(exc_type, exc, tb)


def connect(database: Any, **kwargs: Any) -> _Connecting:
    """Opens a connection off the event loop: ``await connect(...)`` or ``async with
    connect(...) as conn``. Arguments as ``edgelite.connect``."""
    return _Connecting(database, kwargs)
