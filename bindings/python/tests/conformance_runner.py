"""The Python conformance runner (conformance/PROTOCOL.md): performs each request through the
`edgelite` package's public API only, and reports what happened. JSON lines on stdin/stdout.

Connections are opened with ``autocommit=True`` (SQLite's own transaction control, no implicit
BEGIN): the cases test the core's semantics; the DB-API transaction models are tested by the
pytest suite.
"""

from __future__ import annotations

import base64
import json
import math
import sys
import threading

import edgelite


class ProtocolError(Exception):
    pass


def encode_value(v):
    if v is None:
        return None
    if isinstance(v, bool):
        raise ProtocolError("unexpected bool")
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {"real": "NaN"}
        if math.isinf(v):
            return {"real": "Infinity" if v > 0 else "-Infinity"}
        if v == 0.0 and math.copysign(1.0, v) < 0:
            return {"real": "-0.0"}
        return {"real": v}
    if isinstance(v, str):
        return {"text": v}
    if isinstance(v, bytes):
        return {"blob": base64.b64encode(v).decode("ascii")}
    raise ProtocolError(f"unexpected value type {type(v).__name__}")


def decode_value(v):
    if v is None:
        return None
    if not isinstance(v, dict) or len(v) != 1:
        raise ProtocolError(f"bad value {v!r}")
    ((kind, x),) = v.items()
    if kind == "int":
        return int(x)
    if kind == "real":
        if isinstance(x, str):
            return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0.0": -0.0}[x]
        return float(x)
    if kind == "text":
        return x
    if kind == "blob":
        return base64.b64decode(x)
    raise ProtocolError(f"bad value kind {kind!r}")


def decode_params(p):
    if p is None:
        return ()
    if isinstance(p, list):
        return tuple(decode_value(v) for v in p)
    if isinstance(p, dict):
        # Names may carry their prefix; the package (like sqlite3) looks them up without it.
        return {k.lstrip(":@$"): decode_value(v) for k, v in p.items()}
    raise ProtocolError("params must be a list or an object")


def encode_error(e):
    code = e.sqlite_errorcode if e.sqlite_errorcode is not None else 1
    out = {
        "code": edgelite._edgelite.code_name(code & 0xFF),
        "name": e.sqlite_errorname,
        "extended_code": code,
        "message": str(e),
    }
    if e.statement_index is not None:
        out["statement_index"] = e.statement_index
    return out


class Runner:
    def __init__(self):
        self.databases = {}
        self.connections = {}

    def handle(self, req):
        op = req.get("op")
        if op == "hello":
            return {
                "runner": "python",
                "version": edgelite.version,
                "modes": ["embedded", "remote", "replica"],
                "capabilities": ["interrupt", "read_only_transaction", "savepoints"],
            }
        if op == "reset":
            for conn in self.connections.values():
                try:
                    conn.close()
                except edgelite.Error:
                    pass
            self.connections.clear()
            self.databases.clear()
            return {}
        if op == "open":
            return self.open(req)
        if op == "sync":
            db = self.databases.get(req.get("db", "main"))
            if db is None:
                raise ProtocolError("no such database")
            s = db.sync()
            return {"generation": s.generation, "frame": s.frame, "frames_applied": s.frames_applied}
        name = req.get("conn", "main")
        conn = self.connections.get(name)
        if conn is None:
            raise ProtocolError(f"no connection named {name!r}")
        return self.on_connection(conn, op, req)

    def open(self, req):
        db_name, conn_name = req["db"], req["conn"]
        if db_name not in self.databases:
            target, options = req["target"], req.get("options") or {}
            kw = {}
            if "read_only" in options:
                kw["read_only"] = options["read_only"]
            if "create_if_missing" in options:
                kw["create_if_missing"] = options["create_if_missing"]
            if "busy_timeout_ms" in options:
                kw["timeout"] = options["busy_timeout_ms"] / 1000
            mode = target["mode"]
            if mode == "embedded":
                db = edgelite.Database(target["path"], **kw)
            elif mode in ("remote", "replica"):
                for key in ("auth_token", "namespace"):
                    if target.get(key) is not None:
                        kw[key] = target[key]
                if mode == "remote":
                    db = edgelite.Database(target["url"], **kw)
                else:
                    db = edgelite.Database(target["path"], sync_url=target["sync_url"], **kw)
            else:
                raise ProtocolError(f"mode {mode} is not supported by this runner")
            self.databases[db_name] = db
        self.connections[conn_name] = self.databases[db_name].connect(autocommit=True)
        return {}

    def on_connection(self, conn, op, req):
        if op == "close":
            conn.close()
            return {}
        if op == "execute":
            cur = conn.execute(req["sql"], decode_params(req.get("params")))
            if cur.description is not None:
                cur.fetchall()  # run it to completion, as the core's execute does
            changes = cur.rowcount if cur.rowcount >= 0 else 0
            return {"changes": changes, "last_insert_rowid": encode_value(cur.lastrowid)}
        if op == "query":
            return encode_rows(conn.execute(req["sql"], decode_params(req.get("params"))))
        if op == "interrupt_query":
            timer = threading.Timer(req.get("after_ms", 100) / 1000, conn.interrupt)
            timer.start()
            try:
                return encode_rows(conn.execute(req["sql"], decode_params(req.get("params"))))
            finally:
                timer.cancel()
                timer.join()
        if op == "prepare":
            stmt = conn.prepare(req["sql"])
            return {
                "columns": stmt.columns,
                "decltypes": stmt.decltypes,
                "param_count": stmt.parameter_count,
                "param_names": stmt.parameter_names,
            }
        if op == "execute_batch":
            conn.executescript(req["sql"])
            return {}
        if op == "batch":
            stmts = [(s["sql"], decode_params(s.get("params"))) for s in req["stmts"]]
            results = conn.batch(stmts, req.get("mode", "deferred"))
            return {
                "results": [
                    {
                        "columns": r.columns,
                        "decltypes": r.decltypes,
                        "rows": [[encode_value(v) for v in row] for row in r.rows],
                        "changes": r.changes,
                        "last_insert_rowid": encode_value(r.last_insert_rowid),
                    }
                    for r in results
                ]
            }
        if op == "begin":
            conn.begin(req.get("mode", "deferred"))
            return {}
        if op == "commit":
            conn.execute("COMMIT")
            return {}
        if op == "rollback":
            conn.execute("ROLLBACK")
            return {}
        if op in ("savepoint", "release", "rollback_to"):
            quoted = '"' + req["name"].replace('"', '""') + '"'
            verb = {"savepoint": "SAVEPOINT", "release": "RELEASE", "rollback_to": "ROLLBACK TO"}[op]
            conn.execute(f"{verb} {quoted}")
            return {}
        if op == "autocommit":
            return {"value": not conn.in_transaction}
        if op == "last_insert_rowid":
            return {"value": encode_value(conn.last_insert_rowid)}
        if op == "changes":
            return {"value": conn.changes}
        if op == "busy_timeout":
            conn.set_busy_timeout(req.get("ms", 0) / 1000)
            return {}
        raise ProtocolError(f"unknown op {op!r}")


def encode_rows(cur):
    description = cur.description or ()
    columns = [d[0] for d in description]
    decltypes = cur.decltypes or []
    rows = [[encode_value(v) for v in row] for row in cur.fetchall()]
    return {"columns": columns, "decltypes": decltypes, "rows": rows}


def main():
    runner = Runner()
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            answer = runner.handle(req)
            answer["ok"] = True
        except (edgelite.Error, edgelite.Warning) as e:
            answer = {"ok": False, "error": encode_error(e)}
        except ProtocolError as e:
            answer = {"ok": False, "protocol_error": str(e)}
        except Exception as e:  # a bug in the runner or the package: visible, never hidden
            answer = {"ok": False, "protocol_error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
