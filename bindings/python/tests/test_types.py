"""The type-mapping table (docs/types.md, the Python column), each entry in each mode, and the
sqlite3-style adapters and converters."""

from __future__ import annotations

import datetime
import decimal
import math

import pytest

import edgelite

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


# Parameters: Python -> SQLite, and results: SQLite -> Python (one row per table entry).
PARAMETERS = [
    # (python value, expected typeof, expected value read back)
    (None, "null", None),
    (0, "integer", 0),
    (2**31, "integer", 2**31),  # never through i32
    (2**53 + 1, "integer", 2**53 + 1),  # never through f64
    (INT64_MAX, "integer", INT64_MAX),
    (INT64_MIN, "integer", INT64_MIN),
    (True, "integer", 1),
    (False, "integer", 0),
    (1.5, "real", 1.5),
    (-0.0, "real", -0.0),
    (math.inf, "real", math.inf),
    (-math.inf, "real", -math.inf),
    ("héllo ✓", "text", "héllo ✓"),
    ("", "text", ""),  # empty is not NULL
    (b"\x00\x01\xff", "blob", b"\x00\x01\xff"),
    (b"", "blob", b""),  # empty is not NULL
    (bytearray(b"ab"), "blob", b"ab"),
    (memoryview(b"cd"), "blob", b"cd"),
]


@pytest.mark.parametrize("value,typeof,expected", PARAMETERS, ids=[repr(p[0])[:20] for p in PARAMETERS])
def test_parameter_and_result_mapping(target, value, typeof, expected):
    c = target.connect()
    got = c.execute("SELECT typeof(?1), ?1", (value,)).fetchone()
    assert got[0] == typeof
    assert type(got[1]) is type(expected)
    assert got[1] == expected
    if isinstance(expected, float) and expected == 0.0:
        assert math.copysign(1.0, got[1]) == math.copysign(1.0, expected)
    c.close()


def test_values_round_trip_through_a_table(conn, target):
    t = target.table
    rows = [(i, v) for i, (v, _, _) in enumerate(PARAMETERS)]
    conn.executemany(f"INSERT INTO {t} VALUES (?, ?)", rows)
    conn.commit()
    got = conn.execute(f"SELECT y FROM {t} ORDER BY x").fetchall()
    assert [g[0] for g in got] == [e for _, _, e in PARAMETERS]


def test_out_of_range_ints_are_errors(target):
    c = target.connect()
    for big in (INT64_MAX + 1, INT64_MIN - 1, 2**100):
        with pytest.raises(edgelite.ProgrammingError) as e:
            c.execute("SELECT ?", (big,))
        assert "64-bit" in str(e.value)
    c.close()


def test_unsupported_type_is_an_error(target):
    c = target.connect()
    # docs/types.md: SQLITE_MISMATCH (IntegrityError by the error table), naming the type.
    with pytest.raises(edgelite.IntegrityError) as e:
        c.execute("SELECT ?", (object(),))
    assert "'object'" in str(e.value) and e.value.sqlite_errorname == "SQLITE_MISMATCH"
    with pytest.raises(edgelite.IntegrityError):
        c.execute("SELECT ?", (decimal.Decimal("1.5"),))
    c.close()


def test_nan_reads_as_null(target):
    c = target.connect()
    # SQLite stores a NaN REAL as NULL.
    assert c.execute("SELECT ?", (math.nan,)).fetchone() == (None,)
    c.close()


def test_large_ints_from_sql(target):
    c = target.connect()
    assert c.execute("SELECT 9223372036854775807, -9223372036854775808").fetchone() == (INT64_MAX, INT64_MIN)
    assert c.execute("SELECT 9223372036854775808").fetchone() == (9.223372036854776e18,)
    c.close()


def test_text_factory(target):
    c = target.connect()
    c.text_factory = bytes
    assert c.execute("SELECT 'abc'").fetchone() == (b"abc",)
    c.text_factory = lambda b: b.decode().upper()
    assert c.execute("SELECT 'abc'").fetchone() == ("ABC",)
    c.text_factory = str
    assert c.execute("SELECT 'abc'").fetchone() == ("abc",)
    c.close()


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)


@pytest.fixture
def point_registry():
    edgelite.register_adapter(Point, lambda p: f"{p.x};{p.y}")
    edgelite.register_converter("point", lambda b: Point(*map(float, b.split(b";"))))
    yield
    del edgelite.adapters[(Point, edgelite.PrepareProtocol)]
    del edgelite.converters["POINT"]


def test_adapters_and_decltype_converters(target, point_registry):
    t = target.table
    c = target.connect(detect_types=edgelite.PARSE_DECLTYPES)
    c.execute(f"CREATE TABLE {t}(p point, q TEXT)")
    c.execute(f"INSERT INTO {t} VALUES (?, ?)", (Point(1, 2), "plain"))
    c.commit()
    p, q = c.execute(f"SELECT p, q FROM {t}").fetchone()
    assert p == Point(1.0, 2.0) and q == "plain"
    # Without detect_types: the stored text.
    c.detect_types = 0
    assert c.execute(f"SELECT p FROM {t}").fetchone() == ("1;2",)
    c.execute(f"DROP TABLE {t}")
    c.commit()
    c.close()


def test_colname_converters(target, point_registry):
    c = target.connect(detect_types=edgelite.PARSE_COLNAMES)
    cur = c.execute("SELECT '3;4' AS \"p [point]\"")
    assert cur.fetchone() == (Point(3.0, 4.0),)
    assert cur.description[0][0] == "p"
    c.close()


def test_conform_protocol_and_adapt():
    class Celsius:
        def __init__(self, v):
            self.v = v

        def __conform__(self, protocol):
            if protocol is edgelite.PrepareProtocol:
                return f"{self.v}C"

    c = edgelite.connect(":memory:")
    assert c.execute("SELECT ?", (Celsius(21),)).fetchone() == ("21C",)
    assert edgelite.adapt(Celsius(3)) == "3C"
    with pytest.raises(edgelite.ProgrammingError):
        edgelite.adapt(object())
    assert edgelite.adapt(object(), edgelite.PrepareProtocol, "alt") == "alt"
    c.close()


def test_dates_have_no_default_adapter_but_can_be_registered():
    c = edgelite.connect(":memory:", detect_types=edgelite.PARSE_DECLTYPES)
    with pytest.raises(edgelite.IntegrityError):
        c.execute("SELECT ?", (datetime.date(2024, 1, 2),))
    edgelite.register_adapter(datetime.date, lambda d: d.isoformat())
    edgelite.register_converter("date", lambda b: datetime.date.fromisoformat(b.decode()))
    try:
        c.execute("CREATE TABLE d(day DATE)")
        c.execute("INSERT INTO d VALUES (?)", (datetime.date(2024, 1, 2),))
        assert c.execute("SELECT day FROM d").fetchone() == (datetime.date(2024, 1, 2),)
    finally:
        del edgelite.adapters[(datetime.date, edgelite.PrepareProtocol)]
        del edgelite.converters["DATE"]
    c.close()


def test_decltypes_in_description_metadata(conn, target):
    t = target.table
    c = target.connect()
    c.execute(f"CREATE TABLE {t}_d(a VARCHAR(10), b INTEGER)")
    cur = c.execute(f"SELECT a, b, 1 + 1 FROM {t}_d")
    assert cur.decltypes == ["VARCHAR(10)", "INTEGER", None]
    c.execute(f"DROP TABLE {t}_d")
    c.commit()
    c.close()
