"""Bad input gets a typed error (never a crash, a hang or a silent misreading), in every mode."""

from __future__ import annotations

import pytest

import edgelite


@pytest.mark.parametrize(
    "call,error,name",
    [
        (lambda c: c.execute("SELECT 1\x00; DROP TABLE x"), edgelite.ProgrammingError, "SQLITE_MISUSE"),
        (lambda c: c.executescript("SELECT 1;\x00"), edgelite.ProgrammingError, "SQLITE_MISUSE"),
        (lambda c: c.executemany("SELECT 1\x00", []), edgelite.ProgrammingError, "SQLITE_MISUSE"),
        (lambda c: c.execute("SELECT ?", 5), edgelite.ProgrammingError, "SQLITE_MISUSE"),
        (lambda c: c.execute("SELECT ?", "a"), edgelite.ProgrammingError, "SQLITE_MISUSE"),
        (lambda c: c.execute(""), edgelite.ProgrammingError, "EDGELITE_MISUSE_NO_STATEMENT"),
        (lambda c: c.execute("-- only a comment"), edgelite.ProgrammingError, "EDGELITE_MISUSE_NO_STATEMENT"),
        (lambda c: c.executemany("SELECT ?", [(1,)]), edgelite.ProgrammingError, "SQLITE_MISUSE"),
        (lambda c: c.begin("sometimes"), edgelite.ProgrammingError, "SQLITE_MISUSE"),
        (lambda c: c.set_busy_timeout(-1), edgelite.ProgrammingError, "SQLITE_MISUSE"),
    ],
    ids=["nul", "nul-script", "nul-many", "int-params", "str-params", "empty", "comment", "many-select", "begin", "timeout"],
)
def test_typed_errors(target, call, error, name):
    c = target.connect()
    with pytest.raises(edgelite.Error) as e:
        call(c)
    assert type(e.value) is error
    assert e.value.sqlite_errorname == name
    # The connection stays usable.
    assert c.execute("SELECT 1").fetchone() == (1,)
    c.close()


def test_missing_named_parameter(target):
    c = target.connect()
    with pytest.raises(edgelite.ProgrammingError):
        c.execute("SELECT :a", {"b": 1})
    c.close()


def test_python_type_errors():
    c = edgelite.connect(":memory:")
    with pytest.raises(TypeError):
        c.execute(None)
    with pytest.raises(TypeError):
        c.execute(b"SELECT 1")
    with pytest.raises(OverflowError):
        c.cursor().arraysize = -1
    with pytest.raises(UnicodeEncodeError):
        c.execute("SELECT ?", ("\ud800",))
    with pytest.raises(TypeError):
        c.batch([5])
    with pytest.raises(TypeError):
        edgelite.Row(c.cursor(), "not a tuple")
    with pytest.raises(TypeError):
        edgelite.connect(123)
    c.close()


@pytest.mark.parametrize(
    "kwargs,error,name",
    [
        ({"database": "http://"}, edgelite.ProgrammingError, "SQLITE_MISUSE"),
        ({"database": ":memory:", "timeout": float("nan")}, edgelite.ProgrammingError, "SQLITE_MISUSE"),
        ({"database": "x.db", "sync_url": "http://127.0.0.1:9", "sync_interval": float("inf")}, edgelite.ProgrammingError, "SQLITE_MISUSE"),
    ],
    ids=["empty-host", "nan-timeout", "inf-interval"],
)
def test_bad_connect_arguments(tmp_path, monkeypatch, kwargs, error, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(edgelite.Error) as e:
        edgelite.connect(**kwargs)
    assert type(e.value) is error
    assert e.value.sqlite_errorname == name
