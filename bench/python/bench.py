"""edgelite vs the standard sqlite3 module vs the PyPI libsql package, embedded mode.

Workload (the same for each driver, on a fresh file database in a temp directory):
  insert  - 100k rows in one transaction with executemany
  select  - 100k point selects by primary key (cursor.execute + fetchone)
  scan    - a full scan of the 100k rows into tuples (fetchall)

Prints the median of --repeat runs per driver and workload, and the ratios edgelite/sqlite3 and
edgelite/libsql (below 1.0 means edgelite is faster).

    python bench/python/bench.py [--rows 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

DRIVERS = {}

import edgelite  # noqa: E402

DRIVERS["edgelite"] = edgelite
DRIVERS["sqlite3"] = sqlite3
try:
    import libsql  # type: ignore  # noqa: E402

    DRIVERS["libsql"] = libsql
except ImportError as e:  # reported below
    LIBSQL_MISSING = str(e)
else:
    LIBSQL_MISSING = ""


def rows(n):
    return [(i, f"name-{i}", i * 0.5) for i in range(n)]


def setup(module, path):
    conn = module.connect(path)
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)")
    conn.commit()
    return conn


def bench_insert(module, path, n, data):
    conn = setup(module, path)
    start = time.perf_counter()
    conn.executemany("INSERT INTO t(id, name, score) VALUES (?, ?, ?)", data)
    conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def bench_select(module, path, n):
    conn = module.connect(path)
    cur = conn.cursor()
    sql = "SELECT id, name, score FROM t WHERE id = ?"
    start = time.perf_counter()
    for i in range(n):
        cur.execute(sql, (i,))
        cur.fetchone()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def bench_scan(module, path, n):
    conn = module.connect(path)
    cur = conn.cursor()
    start = time.perf_counter()
    cur.execute("SELECT id, name, score FROM t")
    got = cur.fetchall()
    elapsed = time.perf_counter() - start
    assert len(got) == n and isinstance(got[0], tuple), (len(got), type(got[0]))
    conn.close()
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.rows
    data = rows(n)
    results = {}
    tmp = tempfile.mkdtemp(prefix="edgelite-pybench-")
    try:
        for rep in range(args.repeat):
            for name, module in DRIVERS.items():
                path = os.path.join(tmp, f"{name}-{rep}.db")
                gc.collect()
                t_insert = bench_insert(module, path, n, data)
                gc.collect()
                t_select = bench_select(module, path, n)
                gc.collect()
                t_scan = bench_scan(module, path, n)
                for work, t in (("insert", t_insert), ("select", t_select), ("scan", t_scan)):
                    results.setdefault((name, work), []).append(t)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"python {sys.version.split()[0]}, {n} rows, median of {args.repeat}")
    if LIBSQL_MISSING:
        print(f"libsql: not measured ({LIBSQL_MISSING})")
    header = f"{'workload':<8}" + "".join(f"{name:>12}" for name in DRIVERS) + f"{'el/sqlite3':>12}"
    if "libsql" in DRIVERS:
        header += f"{'el/libsql':>12}"
    print(header)
    for work in ("insert", "select", "scan"):
        med = {name: statistics.median(results[(name, work)]) for name in DRIVERS}
        line = f"{work:<8}" + "".join(f"{med[name] * 1000:>10.1f}ms" for name in DRIVERS)
        line += f"{med['edgelite'] / med['sqlite3']:>12.3f}"
        if "libsql" in DRIVERS:
            line += f"{med['edgelite'] / med['libsql']:>12.3f}"
        print(line)


if __name__ == "__main__":
    main()
