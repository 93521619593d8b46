"""DB-API 2.0 behaviour and the sqlite3-compatible surface, in every mode."""

from __future__ import annotations

import sqlite3

import pytest

import edgelite


def test_module_attributes():
    assert edgelite.apilevel == "2.0"
    assert edgelite.threadsafety == 2
    assert edgelite.paramstyle == "qmark"
    assert edgelite.sqlite_version == ".".join(map(str, edgelite.sqlite_version_info))
    assert edgelite.sqlite_version_info >= (3, 40, 0)
    assert edgelite.PARSE_DECLTYPES == sqlite3.PARSE_DECLTYPES
    assert edgelite.PARSE_COLNAMES == sqlite3.PARSE_COLNAMES
    assert edgelite.Binary(b"ab") == memoryview(b"ab")
    assert edgelite.Date(2024, 1, 2).year == 2024
    assert edgelite.TimestampFromTicks(0).year in (1969, 1970)
    assert edgelite.DateFromTicks(0).year in (1969, 1970)
    assert edgelite.TimeFromTicks(0).second == 0


def test_exception_hierarchy_is_pep249():
    E = edgelite
    assert issubclass(E.Warning, Exception) and not issubclass(E.Warning, E.Error)
    assert issubclass(E.Error, Exception)
    assert issubclass(E.InterfaceError, E.Error)
    assert issubclass(E.DatabaseError, E.Error)
    for cls in (E.DataError, E.OperationalError, E.IntegrityError, E.InternalError, E.ProgrammingError, E.NotSupportedError):
        assert issubclass(cls, E.DatabaseError)
    c = edgelite.connect(":memory:")
    # PEP 249's optional extension: the classes as connection attributes.
    assert c.IntegrityError is E.IntegrityError and c.Error is E.Error
    c.close()


def test_execute_fetch_and_description(conn, target):
    t = target.table
    cur = conn.cursor()
    assert cur.description is None
    assert cur.rowcount == -1
    assert cur.arraysize == 1
    cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(i, f"v{i}") for i in range(10)])
    assert cur.rowcount == 10
    conn.commit()
    cur.execute(f"SELECT x, y AS why FROM {t} ORDER BY x")
    assert [d[0] for d in cur.description] == ["x", "why"]
    assert all(len(d) == 7 for d in cur.description)
    assert cur.fetchone() == (0, "v0")
    assert cur.fetchmany() == [(1, "v1")]
    cur.arraysize = 3
    assert cur.fetchmany() == [(2, "v2"), (3, "v3"), (4, "v4")]
    assert cur.fetchmany(2) == [(5, "v5"), (6, "v6")]
    assert cur.fetchall() == [(7, "v7"), (8, "v8"), (9, "v9")]
    assert cur.fetchone() is None
    assert cur.fetchall() == []
    # Iteration, and execute returning the cursor.
    assert [r[0] for r in cur.execute(f"SELECT x FROM {t} WHERE x < 3 ORDER BY x")] == [0, 1, 2]
    assert cur.connection is conn


def test_rowcount_and_lastrowid(conn, target):
    t = target.table
    cur = conn.execute(f"INSERT INTO {t} VALUES (1, 'a')")
    assert cur.rowcount == 1
    first = cur.lastrowid
    assert isinstance(first, int)
    cur.execute(f"INSERT INTO {t} VALUES (2, 'b')")
    assert cur.lastrowid == first + 1
    cur.execute(f"UPDATE {t} SET y = 'z'")
    assert cur.rowcount == 2  # per execution, never accumulated
    cur.execute(f"DELETE FROM {t} WHERE x = 1")
    assert cur.rowcount == 1
    cur.execute(f"SELECT * FROM {t}")
    assert cur.rowcount == -1
    conn.commit()


def test_qmark_and_named_parameters(conn, target):
    t = target.table
    conn.execute(f"INSERT INTO {t} VALUES (?, ?)", (1, "one"))
    conn.execute(f"INSERT INTO {t} VALUES (:x, :y)", {"x": 2, "y": "two"})
    conn.execute(f"INSERT INTO {t} VALUES (@x, $y)", {"x": 3, "y": "three"})
    conn.commit()
    assert conn.execute(f"SELECT y FROM {t} WHERE x = :x", {"x": 2}).fetchone() == ("two",)
    assert conn.execute(f"SELECT count(*) FROM {t}").fetchone() == (3,)
    # Wrong parameter counts are ProgrammingError, as in sqlite3.
    with pytest.raises(edgelite.ProgrammingError):
        conn.execute(f"SELECT * FROM {t} WHERE x = ?", (1, 2))
    with pytest.raises(edgelite.ProgrammingError):
        conn.execute(f"SELECT * FROM {t} WHERE x = ?", ())


def test_executemany_and_executescript(conn, target):
    t = target.table
    conn.executemany(f"INSERT INTO {t} VALUES (?, ?)", ((i, None) for i in range(100)))
    conn.commit()
    assert conn.execute(f"SELECT count(*), sum(x) FROM {t}").fetchone() == (100, 4950)
    conn.executescript(
        f"""
        DELETE FROM {t};
        INSERT INTO {t} VALUES (1, 'a');
        INSERT INTO {t} VALUES (2, 'b');
        """
    )
    assert conn.execute(f"SELECT count(*) FROM {t}").fetchone() == (2,)
    with pytest.raises(edgelite.OperationalError):
        conn.executescript("SELECT * FROM no_such_table_anywhere;")


def test_legacy_transactions_commit_and_rollback(conn, target):
    t = target.table
    assert not conn.in_transaction
    conn.execute(f"INSERT INTO {t} VALUES (1, 'a')")
    assert conn.in_transaction  # the implicit BEGIN before DML, as sqlite3
    conn.rollback()
    assert not conn.in_transaction
    assert conn.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,)
    conn.execute(f"INSERT INTO {t} VALUES (1, 'a')")
    conn.commit()
    other = target.connect()
    assert other.execute(f"SELECT count(*) FROM {t}").fetchone() == (1,)
    other.close()
    # SELECT does not open a transaction.
    conn.execute(f"SELECT * FROM {t}").fetchall()
    assert not conn.in_transaction


def test_isolation_level_none_is_autocommit(target):
    c = target.connect(isolation_level=None)
    t = target.table
    c.execute(f"CREATE TABLE {t}(x)")
    c.execute(f"INSERT INTO {t} VALUES (1)")
    assert not c.in_transaction
    c.execute("BEGIN")
    assert c.in_transaction
    c.execute(f"INSERT INTO {t} VALUES (2)")
    c.execute("ROLLBACK")
    assert c.execute(f"SELECT count(*) FROM {t}").fetchone() == (1,)
    with pytest.raises(ValueError):
        c.isolation_level = "SOMETIMES"
    c.isolation_level = "IMMEDIATE"
    c.execute(f"INSERT INTO {t} VALUES (3)")
    assert c.in_transaction
    c.isolation_level = None  # commits, as sqlite3
    assert not c.in_transaction
    assert c.execute(f"SELECT count(*) FROM {t}").fetchone() == (2,)
    c.execute(f"DROP TABLE {t}")
    c.close()


def test_autocommit_false_and_true(target):
    t = target.table
    c = target.connect(autocommit=False)
    assert c.autocommit is False
    assert c.in_transaction  # PEP 249: always in a transaction
    c.execute(f"CREATE TABLE {t}(x)")
    c.execute(f"INSERT INTO {t} VALUES (1)")
    c.commit()
    assert c.in_transaction
    c.execute(f"INSERT INTO {t} VALUES (2)")
    c.rollback()
    assert c.in_transaction
    assert c.execute(f"SELECT count(*) FROM {t}").fetchone() == (1,)
    c.autocommit = True  # commits the open transaction
    assert not c.in_transaction
    c.execute(f"INSERT INTO {t} VALUES (3)")
    assert not c.in_transaction
    c.commit()  # does nothing in autocommit
    c.close()
    d = target.connect(autocommit=True)
    assert d.execute(f"SELECT count(*) FROM {t}").fetchone() == (2,)
    d.execute(f"DROP TABLE {t}")
    with pytest.raises(ValueError):
        d.autocommit = "yes"
    d.close()


def test_context_manager_commits_or_rolls_back(conn, target):
    t = target.table
    with conn:
        conn.execute(f"INSERT INTO {t} VALUES (1, 'a')")
    assert not conn.in_transaction
    with pytest.raises(ZeroDivisionError):
        with conn:
            conn.execute(f"INSERT INTO {t} VALUES (2, 'b')")
            1 / 0
    assert conn.execute(f"SELECT x FROM {t}").fetchall() == [(1,)]
    # The context manager does not close.
    assert conn.execute("SELECT 1").fetchone() == (1,)


def test_total_changes(conn, target):
    t = target.table
    before = conn.total_changes
    conn.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(1, 1), (2, 2), (3, 3)])
    conn.execute(f"UPDATE {t} SET y = 0")
    conn.commit()
    assert conn.total_changes - before == 6


def test_row_factory_and_row(conn, target):
    t = target.table
    conn.execute(f"INSERT INTO {t} VALUES (1, 'a')")
    conn.commit()
    conn.row_factory = edgelite.Row
    row = conn.execute(f"SELECT x, y AS Name FROM {t}").fetchone()
    assert isinstance(row, edgelite.Row)
    assert row[0] == 1 and row["x"] == 1 and row["name"] == "a" and row["NAME"] == "a"
    assert row[-1] == "a" and row[0:2] == (1, "a")
    assert row.keys() == ["x", "Name"]
    assert tuple(row) == (1, "a") and len(row) == 2
    assert row == conn.execute(f"SELECT x, y AS Name FROM {t}").fetchone()
    assert hash(row) == hash(conn.execute(f"SELECT x, y AS Name FROM {t}").fetchone())
    with pytest.raises(IndexError):
        row["missing"]
    with pytest.raises(IndexError):
        row[5]
    assert dict(zip(row.keys(), row)) == {"x": 1, "Name": "a"}
    # Any callable works, as in sqlite3; the cursor's factory can differ from the connection's.
    conn.row_factory = lambda cursor, r: {d[0]: v for d, v in zip(cursor.description, r)}
    assert conn.execute(f"SELECT x, y FROM {t}").fetchone() == {"x": 1, "y": "a"}
    cur = conn.cursor()
    cur.row_factory = None
    assert cur.execute(f"SELECT x FROM {t}").fetchone() == (1,)
    conn.row_factory = None


def test_closed_cursor_and_connection(target):
    c = target.connect()
    cur = c.cursor()
    cur.close()
    with pytest.raises(edgelite.ProgrammingError) as e:
        cur.execute("SELECT 1")
    assert e.value.sqlite_errorname == "EDGELITE_MISUSE_CLOSED"
    c.close()
    c.close()  # closing again does nothing
    for call in (lambda: c.execute("SELECT 1"), c.cursor, c.commit):
        with pytest.raises(edgelite.ProgrammingError):
            call()


def test_close_rolls_back(target):
    t = target.table
    c = target.connect()
    c.execute(f"CREATE TABLE {t}(x)")
    c.commit()
    c.execute(f"INSERT INTO {t} VALUES (1)")
    c.close()
    d = target.connect()
    assert d.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,)
    d.execute(f"DROP TABLE {t}")
    d.commit()
    d.close()


def test_several_statements_in_execute_is_programming_error(conn):
    with pytest.raises(edgelite.ProgrammingError):
        conn.execute("SELECT 1; SELECT 2")


def test_cursor_factory_and_setters(conn):
    class MyCursor(edgelite.Cursor):
        pass

    assert isinstance(conn.cursor(MyCursor), MyCursor)
    with pytest.raises(TypeError):
        conn.cursor(lambda c: 42)
    cur = conn.cursor()
    cur.setinputsizes([1])
    cur.setoutputsize(10)
    assert cur.execute("SELECT 1").fetchall() == [(1,)]


def test_prepare_and_batch(conn, target):
    t = target.table
    stmt = conn.prepare(f"SELECT x, y FROM {t} WHERE x = :x")
    assert stmt.columns == ["x", "y"]
    assert stmt.parameter_count == 1 and stmt.parameter_names == [":x"]
    results = conn.batch([(f"INSERT INTO {t} VALUES (?, ?)", (1, "a")), f"SELECT count(*) FROM {t}"])
    assert results[0].changes == 1
    assert results[1].rows == [(1,)]
    with pytest.raises(edgelite.OperationalError) as e:
        conn.batch([f"INSERT INTO {t} VALUES (2, 'b')", "SELECT * FROM no_such_table"])
    assert e.value.statement_index == 1
    assert conn.execute(f"SELECT count(*) FROM {t}").fetchone() == (1,)  # atomic


def test_interrupt_outside_a_statement_is_harmless(conn):
    conn.interrupt()
    assert conn.execute("SELECT 1").fetchone() == (1,)


def test_mode_names(target):
    c = target.connect()
    expected = {"file": "embedded", "memory": "embedded", "remote-http": "remote", "remote-ws": "remote", "replica": "replica"}
    assert c.mode == expected[target.mode]
    c.close()
