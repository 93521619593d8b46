"""What is particular to each mode: embedded files and :memory:, remote over HTTP and WebSocket,
embedded replicas (writes forwarded, read-your-writes, sync, sync_interval), auth tokens."""

from __future__ import annotations

import os
import time

import pytest

import edgelite
from conftest import Server


def test_file_database_persists(tmp_path):
    path = tmp_path / "app.db"
    with edgelite.connect(path) as c:  # a PathLike works
        c.execute("CREATE TABLE t(x)")
        c.execute("INSERT INTO t VALUES (42)")
    c.close()
    assert path.exists()
    c = edgelite.connect(str(path))
    assert c.execute("SELECT x FROM t").fetchall() == [(42,)]
    c.close()


def test_memory_databases_are_private_per_connect():
    a = edgelite.connect(":memory:")
    b = edgelite.connect(":memory:")
    a.execute("CREATE TABLE t(x)")
    with pytest.raises(edgelite.OperationalError):
        b.execute("SELECT * FROM t")
    a.close()
    b.close()


@pytest.mark.parametrize("scheme", ["http", "ws"])
def test_remote_sees_other_connections_writes(server, scheme):
    url = server.http if scheme == "http" else server.ws
    a = edgelite.connect(url, autocommit=True)
    b = edgelite.connect(url)
    assert a.mode == "remote"
    a.execute("DROP TABLE IF EXISTS remote_shared")
    a.execute("CREATE TABLE remote_shared(x)")
    a.execute("INSERT INTO remote_shared VALUES (1)")
    assert b.execute("SELECT x FROM remote_shared").fetchall() == [(1,)]
    # A transaction held open on the server across calls.
    b.execute("INSERT INTO remote_shared VALUES (2)")
    assert b.in_transaction
    assert a.execute("SELECT count(*) FROM remote_shared").fetchone() == (1,)
    b.commit()
    assert a.execute("SELECT count(*) FROM remote_shared").fetchone() == (2,)
    a.execute("DROP TABLE remote_shared")
    a.close()
    b.close()


def test_remote_large_result_streams(server):
    c = edgelite.connect(server.ws)
    rows = c.execute(
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 20000) SELECT i, 'x' || i FROM r"
    )
    n = 0
    for i, s in rows:
        n += 1
        assert s == f"x{i}"
    assert n == 20000
    c.close()


def test_replica_forwards_writes_and_reads_them(server, tmp_path):
    primary = edgelite.connect(server.http, autocommit=True)
    primary.execute("DROP TABLE IF EXISTS rep")
    primary.execute("CREATE TABLE rep(x)")
    primary.execute("INSERT INTO rep VALUES (1)")
    r = edgelite.connect(str(tmp_path / "replica.db"), sync_url=server.http)
    assert r.mode == "replica"
    s = r.sync()
    assert isinstance(s, edgelite.Synced) and s.frame > 0
    assert r.execute("SELECT x FROM rep").fetchall() == [(1,)]
    # A write goes to the primary; read-your-writes makes it visible at once.
    r.execute("INSERT INTO rep VALUES (2)")
    r.commit()
    assert r.execute("SELECT x FROM rep ORDER BY x").fetchall() == [(1,), (2,)]
    assert primary.execute("SELECT count(*) FROM rep").fetchone() == (2,)
    # Another client's write arrives with sync().
    primary.execute("INSERT INTO rep VALUES (3)")
    assert r.execute("SELECT count(*) FROM rep").fetchone() == (2,)
    r.sync()
    assert r.execute("SELECT count(*) FROM rep").fetchone() == (3,)
    # A transaction on a replica runs on the primary: its own uncommitted writes are visible.
    r.execute("INSERT INTO rep VALUES (4)")
    assert r.in_transaction
    assert r.execute("SELECT count(*) FROM rep").fetchone() == (4,)
    r.rollback()
    assert not r.in_transaction
    assert r.execute("SELECT count(*) FROM rep").fetchone() == (3,)
    r.close()
    # The replica file keeps its data offline.
    assert os.path.exists(tmp_path / "replica.db")
    primary.execute("DROP TABLE rep")
    primary.close()


def test_replica_without_read_your_writes(server, tmp_path):
    primary = edgelite.connect(server.http, autocommit=True)
    primary.execute("DROP TABLE IF EXISTS rep_lag")
    primary.execute("CREATE TABLE rep_lag(x)")
    r = edgelite.connect(str(tmp_path / "lag.db"), sync_url=server.http, read_your_writes=False, autocommit=True)
    r.sync()
    r.execute("INSERT INTO rep_lag VALUES (1)")
    assert r.execute("SELECT count(*) FROM rep_lag").fetchone() == (0,)  # not pulled yet
    r.sync()
    assert r.execute("SELECT count(*) FROM rep_lag").fetchone() == (1,)
    r.close()
    primary.execute("DROP TABLE rep_lag")
    primary.close()


def test_replica_sync_interval(server, tmp_path):
    primary = edgelite.connect(server.http, autocommit=True)
    primary.execute("DROP TABLE IF EXISTS rep_bg")
    primary.execute("CREATE TABLE rep_bg(x)")
    r = edgelite.connect(str(tmp_path / "bg.db"), sync_url=server.http, sync_interval=0.1)
    primary.execute("INSERT INTO rep_bg VALUES (1)")
    deadline = time.monotonic() + 10
    while True:
        try:
            if r.execute("SELECT count(*) FROM rep_bg").fetchone() == (1,):
                break
        except edgelite.OperationalError:
            pass  # the table itself has not arrived yet
        assert time.monotonic() < deadline, "the background sync never pulled the write"
        time.sleep(0.05)
    r.close()
    primary.execute("DROP TABLE rep_bg")
    primary.close()


def test_replica_local_functions(server, tmp_path):
    r = edgelite.connect(str(tmp_path / "fn.db"), sync_url=server.http)
    r.create_function("double", 1, lambda x: x * 2)
    assert r.execute("SELECT double(21)").fetchone() == (42,)
    r.close()


def test_sync_on_a_remote_connection_is_not_supported(server):
    c = edgelite.connect(server.http)
    with pytest.raises(edgelite.NotSupportedError):
        c.sync()
    c.close()


# --- Auth tokens: a server that checks Ed25519-signed JWTs -------------------------------------

# RFC 8032 Ed25519 signing (the tests' only need for it is to mint a token).
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % _P
    bb = (y1 + x1) * (y2 + x2) % _P
    c = 2 * t1 * t2 * _D % _P
    d = 2 * z1 * z2 % _P
    e, f, g, h = bb - aa, d - c, d + c, bb + aa
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s, p):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _base():
    y = 4 * pow(5, _P - 2, _P) % _P
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * pow(2, (_P - 1) // 4, _P) % _P
    if x & 1:
        x = _P - x
    return (x, y, 1, x * y % _P)


def _encode(p):
    zi = pow(p[2], _P - 2, _P)
    x, y = p[0] * zi % _P, p[1] * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _ed25519(secret: bytes, message: bytes) -> tuple:
    import hashlib

    h = hashlib.sha512(secret).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    B = _base()
    public = _encode(_mul(a, B))
    r = int.from_bytes(hashlib.sha512(h[32:] + message).digest(), "little") % _L
    R = _encode(_mul(r, B))
    k = int.from_bytes(hashlib.sha512(R + public + message).digest(), "little") % _L
    s = (r + k * a) % _L
    return public, R + s.to_bytes(32, "little")


def _b64(b: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def _token(secret: bytes) -> tuple:
    import json

    header = _b64(json.dumps({"alg": "EdDSA", "typ": "JWT"}).encode())
    payload = _b64(json.dumps({"a": "rw"}).encode())
    public, signature = _ed25519(secret, f"{header}.{payload}".encode())
    return _b64(public), f"{header}.{payload}.{_b64(signature)}"


@pytest.fixture(scope="module")
def auth_server():
    public, token = _token(b"\x07" * 32)
    s = Server("--auth-jwt-key", public)
    yield s, token
    s.stop()


@pytest.mark.parametrize("scheme", ["http", "ws"])
def test_auth_token(auth_server, scheme, tmp_path):
    server, token = auth_server
    url = server.http if scheme == "http" else server.ws
    c = edgelite.connect(url, auth_token=token)
    assert c.execute("SELECT 1").fetchone() == (1,)
    c.close()
    for bad in (None, "not-a-jwt"):
        c = edgelite.connect(url, auth_token=bad)
        with pytest.raises(edgelite.OperationalError) as e:
            c.execute("SELECT 1")
        assert e.value.sqlite_errorname.startswith("EDGELITE_AUTH")
    r = edgelite.connect(str(tmp_path / f"auth-{scheme}.db"), sync_url=url, auth_token=token)
    r.execute("CREATE TABLE IF NOT EXISTS authed(x)")
    r.commit()
    assert r.execute("SELECT count(*) FROM authed").fetchone() == (0,)
    r.close()
