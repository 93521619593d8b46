// Workload (the same for each driver, on a fresh file database in a temp directory):
//   insert - N rows in one transaction through one prepared statement
//   select - N point selects by primary key through one prepared statement
//   scan   - a full scan of the N rows into Swift values
// After a warm-up round, runs REPEAT rounds of both drivers, alternating which goes first, and
// prints per driver and workload the median and the fastest round, and their ratios
// edgelite/sqlite3 (below 1.0 means edgelite is faster).
//
// "sqlite3" is the C API called directly from Swift, the floor every Swift SQLite driver (GRDB,
// SQLite.swift) builds on. Both drivers end up running the same SQLite code: the static
// edgelite library bundles SQLite and its sqlite3_* symbols are the ones the linker picks, so
// the ratio measures what EdgeLite's layers cost (uniffi calls, value conversion, the core).
//
//   Bench [rows] [repeat]
import EdgeLite
import Foundation
import SQLite3C

let args = CommandLine.arguments
let rows = args.count > 1 ? Int(args[1])! : 20_000
let repeatCount = args.count > 2 ? Int(args[2])! : 3

func tempPath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edgelite-bench-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("bench.db").path
}

/// Deletes a round's database with its directory, so that many rounds leave nothing behind.
func removeDatabase(_ path: String) {
    try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
}

func time(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

protocol Driver {
    var name: String { get }
    func run() throws -> [String: Double]
}

struct EdgeLiteDriver: Driver {
    let name = "edgelite"
    func run() throws -> [String: Double] {
        let path = tempPath()
        defer { removeDatabase(path) }
        let conn = try Database(path: path).connect()
        try conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)")
        var out: [String: Double] = [:]
        out["insert"] = try time {
            try conn.transaction { tx in
                let insert = try tx.prepare("INSERT INTO t VALUES (?, ?, ?, ?)")
                for i in 0..<rows { try insert.execute(i, "name \(i)", Double(i) * 0.5, Data([UInt8(i & 0xFF)])) }
            }
        }
        out["select"] = try time {
            let select = try conn.prepare("SELECT name FROM t WHERE id = ?")
            for i in 0..<rows { _ = try select.query(i)[0].get(0, as: String.self) }
        }
        out["scan"] = try time {
            let all = try conn.query("SELECT id, name, score, data FROM t")
            var sum: Int64 = 0
            for row in all { sum &+= try row.get(0, as: Int64.self) }
            precondition(sum == Int64(rows * (rows - 1) / 2))
        }
        return out
    }
}

struct SQLiteDriver: Driver {
    let name = "sqlite3"
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    func check(_ rc: Int32, _ db: OpaquePointer?) {
        if rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW { fatalError(String(cString: sqlite3_errmsg(db))) }
    }
    func run() throws -> [String: Double] {
        let path = tempPath()
        defer { removeDatabase(path) }
        var db: OpaquePointer?
        check(sqlite3_open(path, &db), db)
        check(sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)", nil, nil, nil), db)
        var out: [String: Double] = [:]
        out["insert"] = time {
            check(sqlite3_exec(db, "BEGIN", nil, nil, nil), db)
            var stmt: OpaquePointer?
            check(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?, ?)", -1, &stmt, nil), db)
            for i in 0..<rows {
                sqlite3_bind_int64(stmt, 1, Int64(i))
                sqlite3_bind_text(stmt, 2, "name \(i)", -1, transient)
                sqlite3_bind_double(stmt, 3, Double(i) * 0.5)
                var byte = UInt8(i & 0xFF)
                sqlite3_bind_blob(stmt, 4, &byte, 1, transient)
                check(sqlite3_step(stmt), db)
                sqlite3_reset(stmt)
            }
            sqlite3_finalize(stmt)
            check(sqlite3_exec(db, "COMMIT", nil, nil, nil), db)
        }
        out["select"] = time {
            var stmt: OpaquePointer?
            check(sqlite3_prepare_v2(db, "SELECT name FROM t WHERE id = ?", -1, &stmt, nil), db)
            for i in 0..<rows {
                sqlite3_bind_int64(stmt, 1, Int64(i))
                check(sqlite3_step(stmt), db)
                _ = String(cString: sqlite3_column_text(stmt, 0))
                sqlite3_reset(stmt)
            }
            sqlite3_finalize(stmt)
        }
        out["scan"] = time {
            var stmt: OpaquePointer?
            check(sqlite3_prepare_v2(db, "SELECT id, name, score, data FROM t", -1, &stmt, nil), db)
            var sum: Int64 = 0
            var values: [(Int64, String, Double, Data)] = []
            while sqlite3_step(stmt) == SQLITE_ROW {
                let id = sqlite3_column_int64(stmt, 0)
                let name = String(cString: sqlite3_column_text(stmt, 1))
                let score = sqlite3_column_double(stmt, 2)
                let data = Data(bytes: sqlite3_column_blob(stmt, 3), count: Int(sqlite3_column_bytes(stmt, 3)))
                values.append((id, name, score, data))
                sum &+= id
            }
            sqlite3_finalize(stmt)
            precondition(sum == Int64(rows * (rows - 1) / 2))
        }
        sqlite3_close(db)
        return out
    }
}

let drivers: [any Driver] = [EdgeLiteDriver(), SQLiteDriver()]
// One warm-up round (not counted), then REPEAT rounds in which both drivers run, taking turns
// at going first, so that a change in the machine's load falls on both alike.
for driver in drivers { _ = try driver.run() }
var samples: [String: [String: [Double]]] = [:]
for round in 0..<repeatCount {
    for driver in round % 2 == 0 ? drivers : drivers.reversed() {
        for (k, v) in try driver.run() { samples[driver.name, default: [:]][k, default: []].append(v) }
    }
}
let medians = samples.mapValues { $0.mapValues { $0.sorted()[$0.count / 2] } }
// The fastest round too: on a shared machine it is the least disturbed one.
let minimums = samples.mapValues { $0.mapValues { $0.min()! } }
print("rows=\(rows) repeat=\(repeatCount); ms, median (fastest) (SQLite \(EdgeLite.sqliteVersion) in edgelite, \(String(cString: sqlite3_libversion())) system)")
for workload in ["insert", "select", "scan"] {
    let e = medians["edgelite"]![workload]!, s = medians["sqlite3"]![workload]!
    let eMin = minimums["edgelite"]![workload]!, sMin = minimums["sqlite3"]![workload]!
    print(String(
        format: "  %-7@ edgelite %7.1f (%7.1f)   sqlite3 %7.1f (%7.1f)   edgelite/sqlite3 %.2f (%.2f)",
        workload, e, eMin, s, sMin, e / s, eMin / sMin))
}
