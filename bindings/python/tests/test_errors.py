"""The error-mapping table (docs/errors.md, the Python column): every entry, and real errors
per code in every mode, each carrying sqlite_errorcode and sqlite_errorname."""

from __future__ import annotations

import pathlib
import re
import threading

import pytest

import edgelite
from edgelite import _edgelite

DOCS = pathlib.Path(__file__).resolve().parents[3] / "docs" / "errors.md"


def documented_table() -> dict:
    """Primary code name -> Python exception class name, from docs/errors.md."""
    table = {}
    for line in DOCS.read_text().splitlines():
        m = re.match(r"\|\s*`((?:SQLITE|EDGELITE)_[A-Z]+)`\s*\|\s*`(\w+)`\s*\|", line)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def test_the_table_is_the_documented_one():
    documented = documented_table()
    primary = dict((name, code) for code, name in _edgelite.all_primary_codes())
    assert set(documented) == set(primary), "docs/errors.md and the core list different primary codes"
    assert len(documented) == len(edgelite._EXCEPTION_BY_PRIMARY_CODE)
    for name, cls_name in documented.items():
        assert edgelite._EXCEPTION_BY_PRIMARY_CODE[primary[name]].__name__ == cls_name, name


@pytest.mark.parametrize("code,name", _edgelite.all_extended_codes())
def test_every_extended_code_maps_through_the_table(code, name):
    exc = edgelite._make_error(code, name, "message", None, False)
    documented = documented_table()
    primary_name = _edgelite.code_name(code & 0xFF)
    assert type(exc).__name__ == documented[primary_name]
    assert isinstance(exc, (edgelite.Error, edgelite.Warning))
    assert exc.sqlite_errorcode == code
    assert exc.sqlite_errorname == name == _edgelite.code_name(code)
    assert str(exc) == "message"


def check(excinfo, cls, name):
    assert type(excinfo.value) is cls, (type(excinfo.value), str(excinfo.value))
    assert excinfo.value.sqlite_errorname == name, (excinfo.value.sqlite_errorname, str(excinfo.value))
    assert _edgelite.code_name(excinfo.value.sqlite_errorcode) == name


def test_sql_error(target):
    c = target.connect()
    with pytest.raises(edgelite.Error) as e:
        c.execute("SELEKT 1")
    check(e, edgelite.OperationalError, "SQLITE_ERROR")
    with pytest.raises(edgelite.Error) as e:
        c.execute("SELECT * FROM no_such_table")
    check(e, edgelite.OperationalError, "SQLITE_ERROR")
    c.close()


CONSTRAINTS = [
    ("CREATE TABLE {t}(a UNIQUE)", "INSERT INTO {t} VALUES (1), (1)", "SQLITE_CONSTRAINT_UNIQUE"),
    ("CREATE TABLE {t}(a INTEGER PRIMARY KEY)", "INSERT INTO {t} VALUES (1), (1)", "SQLITE_CONSTRAINT_PRIMARYKEY"),
    ("CREATE TABLE {t}(a NOT NULL)", "INSERT INTO {t} VALUES (NULL)", "SQLITE_CONSTRAINT_NOTNULL"),
    ("CREATE TABLE {t}(a CHECK (a > 0))", "INSERT INTO {t} VALUES (0)", "SQLITE_CONSTRAINT_CHECK"),
]


@pytest.mark.parametrize("create,insert,name", CONSTRAINTS, ids=[c[2] for c in CONSTRAINTS])
def test_constraint_errors(target, create, insert, name):
    t = target.table
    c = target.connect(autocommit=True)
    c.execute(create.format(t=t))
    with pytest.raises(edgelite.Error) as e:
        c.execute(insert.format(t=t))
    check(e, edgelite.IntegrityError, name)
    c.execute(f"DROP TABLE {t}")
    c.close()


def test_foreign_key_error(target):
    t = target.table
    c = target.connect(autocommit=True)
    # One script, so that in replica mode the pragma runs where the writes run (the primary).
    c.executescript(
        f"PRAGMA foreign_keys = ON; CREATE TABLE {t}_p(id INTEGER PRIMARY KEY); CREATE TABLE {t}_c(p REFERENCES {t}_p(id));"
    )
    with pytest.raises(edgelite.Error) as e:
        c.execute(f"INSERT INTO {t}_c VALUES (7)")
    check(e, edgelite.IntegrityError, "SQLITE_CONSTRAINT_FOREIGNKEY")
    c.execute(f"DROP TABLE {t}_c")
    c.execute(f"DROP TABLE {t}_p")
    c.close()


def test_mismatch(target):
    t = target.table
    c = target.connect(autocommit=True)
    c.execute(f"CREATE TABLE {t}(id INTEGER PRIMARY KEY)")
    with pytest.raises(edgelite.Error) as e:
        c.execute(f"INSERT INTO {t} VALUES ('not an int')")
    check(e, edgelite.IntegrityError, "SQLITE_MISMATCH")
    c.execute(f"DROP TABLE {t}")
    c.close()


def test_too_big(target):
    c = target.connect()
    with pytest.raises(edgelite.Error) as e:
        c.execute("SELECT zeroblob(2000000000)")
    check(e, edgelite.DataError, "SQLITE_TOOBIG")
    c.close()


def test_range_and_misuse(target):
    c = target.connect()
    with pytest.raises(edgelite.ProgrammingError) as e:
        c.execute("SELECT ?", (1, 2))
    assert e.value.sqlite_errorcode & 0xFF == 25  # SQLITE_RANGE
    c.close()
    with pytest.raises(edgelite.Error) as e:
        c.execute("SELECT 1")
    check(e, edgelite.ProgrammingError, "EDGELITE_MISUSE_CLOSED")


def test_embedded_only_errors(tmp_path):
    with pytest.raises(edgelite.Error) as e:
        edgelite.connect(str(tmp_path / "missing" / "dir" / "x.db"))
    check(e, edgelite.OperationalError, "SQLITE_CANTOPEN")
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(edgelite.Error) as e:
        edgelite.connect(str(bad)).execute("SELECT * FROM sqlite_master")
    check(e, edgelite.DatabaseError, "SQLITE_NOTADB")
    path = str(tmp_path / "ro.db")
    edgelite.connect(path).close()
    ro = edgelite.connect(path, read_only=True)
    with pytest.raises(edgelite.Error) as e:
        ro.execute("CREATE TABLE t(x)")
    check(e, edgelite.OperationalError, "SQLITE_READONLY")
    ro.close()
    with pytest.raises(edgelite.Error) as e:
        edgelite.connect(":memory:").sync()
    check(e, edgelite.NotSupportedError, "EDGELITE_UNSUPPORTED")


def test_busy(tmp_path):
    path = str(tmp_path / "busy.db")
    a = edgelite.connect(path, timeout=0)
    b = edgelite.connect(path, timeout=0)
    a.execute("CREATE TABLE t(x)")
    a.commit()
    a.execute("BEGIN IMMEDIATE")
    with pytest.raises(edgelite.Error) as e:
        b.execute("BEGIN IMMEDIATE")
    check(e, edgelite.OperationalError, "SQLITE_BUSY")
    assert e.value.retryable
    a.rollback()
    a.close()
    b.close()


def test_interrupt(target):
    c = target.connect()
    timer = threading.Timer(0.2, c.interrupt)
    timer.start()
    with pytest.raises(edgelite.Error) as e:
        c.execute(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"
        ).fetchall()
    timer.join()
    assert type(e.value) is edgelite.OperationalError
    assert e.value.sqlite_errorcode & 0xFF == 9 or e.value.sqlite_errorname.startswith("EDGELITE_REMOTE")
    # The connection is usable afterwards.
    assert c.execute("SELECT 1").fetchone() == (1,)
    c.close()


def test_remote_errors(tmp_path):
    # Nothing listens on port 9 of localhost: a network failure, retryable.
    c = edgelite.connect("http://127.0.0.1:9")
    with pytest.raises(edgelite.Error) as e:
        c.execute("SELECT 1")
    assert type(e.value) is edgelite.OperationalError
    assert e.value.sqlite_errorname.startswith("EDGELITE_REMOTE")
    with pytest.raises(edgelite.Error) as e:
        edgelite.connect("http://127.0.0.1:9", sync_interval=-1)
    check(e, edgelite.ProgrammingError, "SQLITE_MISUSE")
