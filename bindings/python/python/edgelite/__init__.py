"""edgelite: a SQLite-compatible database with a DB-API 2.0 interface in three modes.

- embedded: ``edgelite.connect("app.db")`` or ``edgelite.connect(":memory:")``;
- remote: ``edgelite.connect("http://127.0.0.1:8080", auth_token=...)`` (also ``https://``,
  ``ws://``, ``wss://``, ``libsql://``), statements run on an ``edgelite serve`` (or sqld) server;
- embedded replica: ``edgelite.connect("local.db", sync_url="http://...")``, reads local, writes
  forwarded to the primary and read back at once; ``conn.sync()`` pulls.

The module follows the standard ``sqlite3`` module where it makes sense (PEP 249, ``Row``,
adapters and converters, ``isolation_level`` and 3.12's ``autocommit``). ``edgelite.aio`` is the
asyncio interface.
"""

from __future__ import annotations

import datetime as _datetime
import os
import time as _time
from typing import Any, Callable, Iterable, Literal, NamedTuple, Optional, Sequence, Union

from . import _edgelite
from ._edgelite import Cursor, Row, Statement

__all__ = [
    "Binary",
    "BatchResult",
    "Connection",
    "Cursor",
    "DataError",
    "Database",
    "DatabaseError",
    "Date",
    "DateFromTicks",
    "Error",
    "IntegrityError",
    "InterfaceError",
    "InternalError",
    "LEGACY_TRANSACTION_CONTROL",
    "NotSupportedError",
    "OperationalError",
    "PARSE_COLNAMES",
    "PARSE_DECLTYPES",
    "PrepareProtocol",
    "ProgrammingError",
    "Row",
    "Statement",
    "Synced",
    "Time",
    "TimeFromTicks",
    "Timestamp",
    "TimestampFromTicks",
    "Warning",
    "adapt",
    "adapters",
    "apilevel",
    "connect",
    "converters",
    "paramstyle",
    "register_adapter",
    "register_converter",
    "sqlite_version",
    "sqlite_version_info",
    "threadsafety",
    "version",
]

# --- Module attributes (PEP 249) ----------------------------------------------------------------

apilevel = "2.0"
#: Threads may share the module and connections (the core serializes calls on a connection);
#: a cursor is used by one thread at a time (concurrent use raises ProgrammingError).
threadsafety = 2
paramstyle = "qmark"

version = _edgelite.__version__
sqlite_version: str = _edgelite.sqlite_version
sqlite_version_info = tuple(int(p) for p in sqlite_version.split("."))

PARSE_DECLTYPES = 1
PARSE_COLNAMES = 2
#: ``autocommit`` value for the ``isolation_level``-based transaction control (the default).
LEGACY_TRANSACTION_CONTROL = -1

Date = _datetime.date
Time = _datetime.time
Timestamp = _datetime.datetime
Binary = memoryview


def DateFromTicks(ticks: float) -> _datetime.date:
    return Date(*_time.localtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> _datetime.time:
    return Time(*_time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> _datetime.datetime:
    return Timestamp(*_time.localtime(ticks)[:6])


# --- Exceptions (PEP 249) -----------------------------------------------------------------------


class Warning(Exception):  # noqa: A001 - the PEP 249 name
    """SQLITE_NOTICE and SQLITE_WARNING (a subclass of Exception, as PEP 249 says)."""

    sqlite_errorcode: Optional[int] = None
    sqlite_errorname: Optional[str] = None
    statement_index: Optional[int] = None
    retryable: bool = False


class Error(Exception):
    """Base class of every error edgelite raises.

    ``sqlite_errorcode`` is the extended code (e.g. 2067) and ``sqlite_errorname`` its name
    (``"SQLITE_CONSTRAINT_UNIQUE"``), as in the ``sqlite3`` module (docs/errors.md lists them);
    ``statement_index`` tells which statement of a ``batch`` failed; ``retryable`` whether the
    same call may succeed later (busy, locked, a network failure).
    """

    sqlite_errorcode: Optional[int] = None
    sqlite_errorname: Optional[str] = None
    statement_index: Optional[int] = None
    retryable: bool = False


class InterfaceError(Error):
    pass


class DatabaseError(Error):
    pass


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass


#: THE table: primary code -> exception class (docs/errors.md, the Python column).
_EXCEPTION_BY_PRIMARY_CODE: dict = {
    1: OperationalError,  # SQLITE_ERROR
    2: InternalError,  # SQLITE_INTERNAL
    3: OperationalError,  # SQLITE_PERM
    4: OperationalError,  # SQLITE_ABORT
    5: OperationalError,  # SQLITE_BUSY
    6: OperationalError,  # SQLITE_LOCKED
    7: OperationalError,  # SQLITE_NOMEM
    8: OperationalError,  # SQLITE_READONLY
    9: OperationalError,  # SQLITE_INTERRUPT
    10: OperationalError,  # SQLITE_IOERR
    11: DatabaseError,  # SQLITE_CORRUPT
    12: InternalError,  # SQLITE_NOTFOUND
    13: OperationalError,  # SQLITE_FULL
    14: OperationalError,  # SQLITE_CANTOPEN
    15: OperationalError,  # SQLITE_PROTOCOL
    16: OperationalError,  # SQLITE_EMPTY
    17: OperationalError,  # SQLITE_SCHEMA
    18: DataError,  # SQLITE_TOOBIG
    19: IntegrityError,  # SQLITE_CONSTRAINT
    20: IntegrityError,  # SQLITE_MISMATCH
    21: ProgrammingError,  # SQLITE_MISUSE
    22: DatabaseError,  # SQLITE_NOLFS
    23: DatabaseError,  # SQLITE_AUTH
    24: DatabaseError,  # SQLITE_FORMAT
    25: ProgrammingError,  # SQLITE_RANGE
    26: DatabaseError,  # SQLITE_NOTADB
    27: Warning,  # SQLITE_NOTICE
    28: Warning,  # SQLITE_WARNING
    192: OperationalError,  # EDGELITE_REMOTE
    193: OperationalError,  # EDGELITE_AUTH
    194: InterfaceError,  # EDGELITE_PROTOCOL
    195: OperationalError,  # EDGELITE_SYNC
    196: NotSupportedError,  # EDGELITE_UNSUPPORTED
}


def _exception_class(code: int) -> type:
    return _EXCEPTION_BY_PRIMARY_CODE.get(code & 0xFF, DatabaseError)


def _make_error(
    code: int, name: str, message: str, statement_index: Optional[int] = None, retryable: bool = False
) -> BaseException:
    """Builds the exception for a core error (called by the native module)."""
    exc = _exception_class(code)(message)
    exc.sqlite_errorcode = code
    exc.sqlite_errorname = name
    exc.statement_index = statement_index
    exc.retryable = retryable
    return exc


def _error(code: int, message: str) -> BaseException:
    return _make_error(code, _edgelite.code_name(code), message)


_CLOSED = 21 | (64 << 8)  # EDGELITE_MISUSE_CLOSED
_MISUSE = 21  # SQLITE_MISUSE

# --- Adapters and converters (as in sqlite3) ----------------------------------------------------


class PrepareProtocol:
    """The protocol adapters are registered for (``register_adapter``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass


#: ``(type, PrepareProtocol) -> adapter``
adapters: dict = {}
#: ``TYPENAME (upper case) -> converter``
converters: dict = {}


def register_adapter(type: type, adapter: Callable[[Any], Any], /) -> None:  # noqa: A002
    """Binds values of ``type`` as ``adapter(value)`` (which returns a supported type)."""
    adapters[(type, PrepareProtocol)] = adapter


def register_converter(typename: str, converter: Callable[[bytes], Any], /) -> None:
    """Reads columns declared (``PARSE_DECLTYPES``) or named (``PARSE_COLNAMES``) as
    ``typename`` through ``converter(bytes)``."""
    converters[typename.upper()] = converter


_MISSING: Any = object()


def adapt(obj: Any, proto: Any = PrepareProtocol, alt: Any = _MISSING, /) -> Any:
    """Adapts ``obj`` as the binding would."""
    adapter = adapters.get((type(obj), proto))
    if adapter is not None:
        return adapter(obj)
    conform = getattr(obj, "__conform__", None)
    if conform is not None:
        adapted = conform(proto)
        if adapted is not None:
            return adapted
    if alt is not _MISSING:
        return alt
    raise ProgrammingError("can't adapt")


_edgelite._init(_make_error, adapters, converters, PrepareProtocol)

# --- Databases and connections ------------------------------------------------------------------


class Synced(NamedTuple):
    """What one ``sync()`` did: where the replica is now and what the call applied."""

    generation: int
    frame: int
    frames_applied: int
    transactions_applied: int
    bootstrapped: bool


class BatchResult(NamedTuple):
    """The result of one statement of ``Connection.batch``."""

    columns: list
    decltypes: list
    rows: list
    changes: int
    last_insert_rowid: int


_ISOLATION_LEVELS = ("", "DEFERRED", "IMMEDIATE", "EXCLUSIVE")


class Database:
    """A database in one of the three modes; ``connect()`` opens connections to it.

    Several connections of one ``Database`` share it: one in-memory database, one replica
    (synced once for all of them).
    """

    def __init__(
        self,
        database: Union[str, "os.PathLike[str]"],
        *,
        auth_token: Optional[str] = None,
        sync_url: Optional[str] = None,
        sync_interval: Optional[float] = None,
        read_your_writes: bool = True,
        timeout: float = 5.0,
        read_only: bool = False,
        create_if_missing: bool = True,
        namespace: Optional[str] = None,
        follow: bool = False,
    ) -> None:
        target = _fspath(database)
        self._timeout = timeout
        self._native = _edgelite.Database(
            target,
            sync_url=sync_url,
            auth_token=auth_token,
            sync_interval=sync_interval,
            read_your_writes=read_your_writes,
            timeout=timeout,
            read_only=read_only,
            create_if_missing=create_if_missing,
            namespace=namespace,
            follow=follow,
        )

    @property
    def mode(self) -> str:
        """``"embedded"``, ``"remote"`` or ``"replica"``."""
        return self._native.mode

    def connect(
        self,
        *,
        isolation_level: Optional[str] = "",
        autocommit: Union[bool, int] = LEGACY_TRANSACTION_CONTROL,
        detect_types: int = 0,
        check_same_thread: bool = False,
        factory: Optional[type] = None,
    ) -> "Connection":
        """Opens a connection (options as in ``edgelite.connect``)."""
        cls = Connection if factory is None else factory
        return cls(
            self,
            isolation_level=isolation_level,
            autocommit=autocommit,
            detect_types=detect_types,
            check_same_thread=check_same_thread,
        )

    def sync(self) -> Synced:
        """Pulls the primary's new transactions and applies them (replicas only; elsewhere
        ``NotSupportedError``)."""
        return Synced(*self._native.sync())


def _fspath(database: Any) -> str:
    if isinstance(database, bytes):
        return os.fsdecode(database)
    return os.fspath(database)


class Connection:
    """A DB-API connection. Created by ``edgelite.connect`` (or ``Database.connect``)."""

    Warning = Warning
    Error = Error
    InterfaceError = InterfaceError
    DatabaseError = DatabaseError
    DataError = DataError
    OperationalError = OperationalError
    IntegrityError = IntegrityError
    InternalError = InternalError
    ProgrammingError = ProgrammingError
    NotSupportedError = NotSupportedError

    def __init__(
        self,
        database: Database,
        *,
        isolation_level: Optional[str] = "",
        autocommit: Union[bool, int] = LEGACY_TRANSACTION_CONTROL,
        detect_types: int = 0,
        check_same_thread: bool = False,
    ) -> None:
        self._database = database
        self._native = database._native.connect(check_same_thread)
        self.row_factory: Optional[Callable[[Cursor, tuple], Any]] = None
        self._text_factory: Any = str
        self._detect_types = 0
        self.detect_types = detect_types
        self._isolation_level: Optional[str] = None
        self._autocommit: Union[bool, int] = LEGACY_TRANSACTION_CONTROL
        self.isolation_level = isolation_level
        self.autocommit = autocommit

    # -- transaction control

    def _apply_transaction_control(self) -> None:
        legacy = self._autocommit == LEGACY_TRANSACTION_CONTROL
        self._native.set_transaction_control(legacy, self._isolation_level if legacy else None)

    @property
    def isolation_level(self) -> Optional[str]:
        """The ``BEGIN`` issued before INSERT/UPDATE/DELETE/REPLACE outside a transaction in
        legacy transaction control: ``""`` (DEFERRED), ``"DEFERRED"``, ``"IMMEDIATE"``,
        ``"EXCLUSIVE"``, or ``None`` for autocommit. Ignored unless ``autocommit`` is
        ``LEGACY_TRANSACTION_CONTROL``."""
        return self._isolation_level

    @isolation_level.setter
    def isolation_level(self, value: Optional[str]) -> None:
        if value is not None:
            if not isinstance(value, str):
                raise TypeError("isolation_level must be str or None")
            if value.upper() not in _ISOLATION_LEVELS:
                raise ValueError(
                    "isolation_level string must be '', 'DEFERRED', 'IMMEDIATE', or 'EXCLUSIVE'"
                )
        elif self._autocommit == LEGACY_TRANSACTION_CONTROL and self._isolation_level is not None:
            # As sqlite3: switching to autocommit commits a pending transaction.
            self._native.commit()
        self._isolation_level = value
        self._apply_transaction_control()

    @property
    def autocommit(self) -> Union[bool, int]:
        """Transaction control, as in Python 3.12's ``sqlite3``:

        - ``LEGACY_TRANSACTION_CONTROL`` (the default): ``isolation_level`` decides;
        - ``False``: a transaction is always open (PEP 249); ``commit()`` and ``rollback()``
          open the next one, ``close()`` rolls back;
        - ``True``: SQLite's autocommit; ``commit()`` and ``rollback()`` do nothing.
        """
        return self._autocommit

    @autocommit.setter
    def autocommit(self, value: Union[bool, int]) -> None:
        if value is True or value is False:
            pass
        elif isinstance(value, int) and not isinstance(value, bool) and value == LEGACY_TRANSACTION_CONTROL:
            value = LEGACY_TRANSACTION_CONTROL
        else:
            raise ValueError("autocommit must be True, False, or sqlite3.LEGACY_TRANSACTION_CONTROL")
        self._autocommit = value
        self._apply_transaction_control()
        if value is True:
            self._native.commit()
        elif value is False and self._native.is_autocommit():
            self._native.begin("deferred")

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        return not self._native.is_autocommit()

    def commit(self) -> None:
        """Commits the open transaction, if any (and, with ``autocommit=False``, opens the next)."""
        if self._autocommit is True:
            self._check_open()
            return
        self._native.commit(self._autocommit is False)

    def rollback(self) -> None:
        """Rolls back the open transaction, if any (and, with ``autocommit=False``, opens the
        next)."""
        if self._autocommit is True:
            self._check_open()
            return
        self._native.rollback(self._autocommit is False)

    def begin(self, behavior: str = "deferred") -> None:
        """Begins a transaction: ``"deferred"``, ``"immediate"``, ``"exclusive"`` or
        ``"read_only"`` (an edgelite extension; SQL ``BEGIN`` works too)."""
        self._native.begin(behavior)

    def close(self) -> None:
        """Closes the connection; an open transaction is rolled back. Closing again does nothing."""
        if self._native.is_closed():
            return
        self._native.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> "Literal[False]":
        """Commits if the block succeeded, rolls back if it raised; does not close."""
        if self._autocommit is True:
            return False
        if exc_type is None:
            try:
                self.commit()
            except BaseException:
                self.rollback()
                raise
        else:
            self.rollback()
        return False

    def _check_open(self) -> None:
        if self._native.is_closed():
            raise _error(_CLOSED, "Cannot operate on a closed database.")

    # -- statements

    def cursor(self, factory: Optional[Callable[["Connection"], Cursor]] = None) -> Cursor:
        """A new cursor (``factory(self)`` if given)."""
        self._check_open()
        if factory is None:
            return Cursor(self)
        cursor = factory(self)
        if not isinstance(cursor, Cursor):
            raise TypeError("factory must return a cursor, not " + type(cursor).__name__)
        return cursor

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        """``self.cursor().execute(sql, parameters)``."""
        return Cursor(self).execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor:
        """``self.cursor().executemany(sql, parameters)``."""
        return Cursor(self).executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> Cursor:
        """``self.cursor().executescript(sql_script)``."""
        return Cursor(self).executescript(sql_script)

    def prepare(self, sql: str) -> Statement:
        """Describes ``sql`` without running it: columns, declared types, parameters
        (an edgelite extension)."""
        return self._native.prepare(sql)

    def batch(self, statements: Iterable[Any], behavior: str = "deferred") -> list:
        """Runs ``(sql, parameters)`` pairs (or plain SQL strings) atomically: all apply or none
        does; a failure's ``statement_index`` says which failed. Returns a ``BatchResult`` per
        statement (an edgelite extension)."""
        return [BatchResult(*r) for r in self._native.batch(list(statements), behavior)]

    # -- state

    @property
    def total_changes(self) -> int:
        """Rows changed by INSERT, UPDATE and DELETE since the connection opened."""
        return self._native.total_changes()

    @property
    def changes(self) -> int:
        """Rows changed by the most recent INSERT, UPDATE or DELETE (an edgelite extension)."""
        return self._native.changes()

    @property
    def last_insert_rowid(self) -> int:
        """The rowid of the most recent successful INSERT (an edgelite extension)."""
        return self._native.last_insert_rowid()

    @property
    def mode(self) -> str:
        """``"embedded"``, ``"remote"`` or ``"replica"`` (an edgelite extension)."""
        return self._native.mode

    @property
    def database(self) -> Database:
        """The ``Database`` this connection belongs to (an edgelite extension)."""
        return self._database

    @property
    def detect_types(self) -> int:
        return self._detect_types

    @detect_types.setter
    def detect_types(self, value: int) -> None:
        if not isinstance(value, int) or value < 0:
            raise ValueError("detect_types must be a non-negative int")
        self._detect_types = value
        self._native.set_detect_types(value)

    @property
    def text_factory(self) -> Any:
        """What TEXT values become: ``str`` (default), ``bytes``, or any callable taking bytes."""
        return self._text_factory

    @text_factory.setter
    def text_factory(self, value: Any) -> None:
        self._text_factory = value
        self._native.set_text_factory(None if value is str else value)

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a statement waits for another connection's lock (an edgelite extension;
        ``connect(timeout=...)`` sets it at open)."""
        self._native.set_busy_timeout(seconds)

    # -- functions, backup, interrupt, sync

    def create_function(
        self, name: str, narg: int, func: Optional[Callable[..., Any]], *, deterministic: bool = False
    ) -> None:
        """Registers a SQL function (embedded mode and replicas' local reads; ``None``
        removes it)."""
        self._native.create_function(name, narg, func, deterministic)

    def create_aggregate(self, name: str, n_arg: int, aggregate_class: Optional[Callable[[], Any]]) -> None:
        """Registers an aggregate: an instance of ``aggregate_class`` per group, with
        ``step(*args)`` and ``finalize()``."""
        self._native.create_aggregate(name, n_arg, aggregate_class, False)

    def backup(
        self,
        target: "Connection",
        *,
        pages: int = -1,
        progress: Optional[Callable[[int, int, int], object]] = None,
        name: str = "main",
        sleep: float = 0.250,
    ) -> None:
        """Copies this database into ``target`` with SQLite's online backup, ``pages`` pages per
        step (≤ 0: all at once), calling ``progress(status, remaining, total)`` after each."""
        if not isinstance(target, Connection):
            raise TypeError("target must be an edgelite.Connection")
        if name != "main":
            raise _error(196, "backup() copies the main database only")
        if target is self:
            raise ValueError("target cannot be the same connection instance")
        self._native.backup(target._native, pages, progress, sleep)

    def interrupt(self) -> None:
        """Makes the running statement fail with ``OperationalError`` (``SQLITE_INTERRUPT``);
        callable from any thread. In remote mode it aborts the request."""
        self._native.interrupt()

    def sync(self) -> Synced:
        """Pulls the primary's new transactions (embedded replicas only)."""
        return self._database.sync()


def connect(
    database: Union[str, "os.PathLike[str]"],
    *,
    auth_token: Optional[str] = None,
    sync_url: Optional[str] = None,
    sync_interval: Optional[float] = None,
    read_your_writes: bool = True,
    timeout: float = 5.0,
    isolation_level: Optional[str] = "",
    autocommit: Union[bool, int] = LEGACY_TRANSACTION_CONTROL,
    detect_types: int = 0,
    check_same_thread: bool = False,
    factory: Optional[type] = None,
    cached_statements: int = 128,
    uri: bool = False,
    read_only: bool = False,
    namespace: Optional[str] = None,
) -> Connection:
    """Opens a connection.

    ``database`` is a file path, a ``file:`` URI, ``":memory:"``, or a server URL
    (``http(s)://``, ``ws(s)://``, ``libsql://``). With ``sync_url``, ``database`` is the local
    file of an embedded replica of that primary (``sync_interval`` seconds between background
    syncs; ``read_your_writes`` makes a write wait until the replica has it). ``timeout`` is the
    busy timeout in seconds. ``isolation_level``, ``autocommit``, ``detect_types`` and
    ``check_same_thread`` are as in ``sqlite3`` (``check_same_thread`` defaults to ``False``:
    connections are thread-safe). ``cached_statements`` and ``uri`` are accepted for
    compatibility (statements are always cached; ``file:`` URIs always work).
    """
    del cached_statements, uri
    db = Database(
        database,
        auth_token=auth_token,
        sync_url=sync_url,
        sync_interval=sync_interval,
        read_your_writes=read_your_writes,
        timeout=timeout,
        read_only=read_only,
        namespace=namespace,
    )
    return db.connect(
        isolation_level=isolation_level,
        autocommit=autocommit,
        detect_types=detect_types,
        check_same_thread=check_same_thread,
        factory=factory,
    )

