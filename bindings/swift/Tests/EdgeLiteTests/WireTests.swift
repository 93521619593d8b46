import Foundation
import XCTest

@testable import EdgeLite

/// Values cross to the native library and back as one byte buffer per call (Wire.swift and
/// src/wire.rs). Every kind of value, the edge cases of each, and every path that carries
/// them: positional and named parameters, `Connection` and `Statement` queries, rows of a
/// table, batches, and a remote database.
final class WireTests: XCTestCase {
    var conn: Connection!

    override func setUpWithError() throws {
        conn = try Database(path: ":memory:").connect()
    }

    /// A blob larger than any buffer the library starts with, with every byte value in it.
    static let largeBlob = Data((0..<(1 << 20) + 3).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) })

    static let values: [Value] = [
        .null,
        .integer(0), .integer(-1), .integer(1), .integer(Int64.min), .integer(Int64.max),
        .real(0.5), .real(-0.0), .real(0.0), .real(.infinity), .real(-.infinity),
        .real(.greatestFiniteMagnitude), .real(-.leastNonzeroMagnitude),
        .text(""), .text("a"), .text("héllo 🌍"), .text("nul\u{0}inside"), .text(String(repeating: "long text ", count: 50_000)),
        .blob(Data()), .blob(Data([0])), .blob(Data([0, 255, 128])), .blob(largeBlob),
    ]

    /// A short name for a value in a failure message (a large blob's description is slow).
    func label(_ value: Value) -> String {
        switch value {
        case .text(let v): "TEXT of \(v.utf8.count) bytes"
        case .blob(let v): "BLOB of \(v.count) bytes"
        default: value.description
        }
    }

    /// Equal, and for REAL the same bits (so -0.0 is not 0.0).
    func assertIdentical(
        _ actual: Value, _ expected: Value, _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        if case .real(let a) = actual, case .real(let e) = expected {
            XCTAssertEqual(a.bitPattern, e.bitPattern, "\(what): \(a) is not \(e)", file: file, line: line)
        } else {
            XCTAssertEqual(actual, expected, what, file: file, line: line)
        }
    }

    func testEveryValueCrossesAsAPositionalParameterAndComesBack() throws {
        for value in Self.values {
            let row = try conn.query("SELECT ?", value)[0]
            assertIdentical(row[0], value, "query(\(label(value)))")
        }
    }

    func testEveryValueCrossesAsANamedParameterAndComesBack() throws {
        for value in Self.values {
            let rows = try conn.query("SELECT :v, @w", named: ["v": value, "@w": 7])
            assertIdentical(rows[0][0], value, "named \(label(value))")
            XCTAssertEqual(rows[0][1], .integer(7))
        }
    }

    func testEveryValueCrossesThroughAPreparedStatement() throws {
        let select = try conn.prepare("SELECT ?1, typeof(?1)")
        for value in Self.values {
            let row = try select.query(value)[0]
            assertIdentical(row[0], value, "statement \(label(value))")
            XCTAssertEqual(row.columns.map(\.name), ["?1", "typeof(?1)"])
        }
    }

    func testAllValuesInOneRowAndInManyRows() throws {
        // One row holding every value: a buffer mixing all tags.
        let placeholders = Array(repeating: "?", count: Self.values.count).joined(separator: ", ")
        let wide = try conn.query("SELECT \(placeholders)", Parameters.positional(Self.values))
        XCTAssertEqual(wide.count, 1)
        for (actual, expected) in zip(wide[0], Self.values) { assertIdentical(actual, expected, "wide row") }

        // Many rows of one column with values of every type, in insertion order.
        try conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)")
        let insert = try conn.prepare("INSERT INTO t(v) VALUES (?)")
        for (i, value) in Self.values.enumerated() {
            let result = try insert.execute(value)
            XCTAssertEqual(result, ExecuteResult(changes: 1, lastInsertRowID: Int64(i + 1)))
        }
        let rows = try conn.query("SELECT v FROM t ORDER BY id")
        XCTAssertEqual(rows.count, Self.values.count)
        for (row, expected) in zip(rows, Self.values) { assertIdentical(row[0], expected, "row of t") }
        XCTAssertEqual(try conn.execute("UPDATE t SET v = NULL WHERE id > ?", 2).changes, Self.values.count - 2)
    }

    func testNaNBindsAsNull() throws {
        XCTAssertEqual(try conn.query("SELECT ?1, typeof(?1)", Double.nan)[0].values, [.null, .text("null")])
        XCTAssertEqual(try conn.prepare("SELECT ?").query(Double.nan)[0][0], .null)
    }

    func testInvalidUTF8TextReadsWithReplacementCharacters() throws {
        try conn.execute("CREATE TABLE u(t TEXT)")
        try conn.execute("INSERT INTO u VALUES (CAST(? AS TEXT)), (CAST(? AS TEXT))", Data([0x61, 0xFF, 0x62]), Data([0xC3]))
        let expected: [Value] = [.text("a\u{FFFD}b"), .text("\u{FFFD}")]
        XCTAssertEqual(try conn.query("SELECT t FROM u").map { $0[0] }, expected)
        XCTAssertEqual(try conn.prepare("SELECT t FROM u").query().map { $0[0] }, expected)
        let batch = try conn.batch([BatchStatement("SELECT t FROM u")])
        XCTAssertEqual(batch[0].rows.map { $0[0] }, expected)
        // The bytes themselves are still there as a blob.
        XCTAssertEqual(try conn.query("SELECT CAST(t AS BLOB) FROM u")[0][0], .blob(Data([0x61, 0xFF, 0x62])))
    }

    func testBatchResultsCarryEveryValue() throws {
        let statements = Self.values.map { BatchStatement("SELECT ?1 AS v, typeof(?1) AS kind", [$0]) }
        let results = try conn.batch(statements)
        XCTAssertEqual(results.count, Self.values.count)
        for (result, expected) in zip(results, Self.values) {
            XCTAssertEqual(result.rows.columnNames, ["v", "kind"])
            assertIdentical(result.rows[0][0], expected, "batch")
        }
    }

    func testColumnsCrossWithTheirDeclaredTypesEvenWithoutRows() throws {
        try conn.execute("CREATE TABLE c(id INTEGER PRIMARY KEY, name VARCHAR(10), anything, \"ünïcode\" TEXT)")
        let empty = try conn.query("SELECT id, name, anything, \"ünïcode\", 1 + 1 AS two FROM c")
        XCTAssertEqual(empty.count, 0)
        XCTAssertEqual(empty.columns, [
            Column(name: "id", declaredType: "INTEGER"), Column(name: "name", declaredType: "VARCHAR(10)"),
            Column(name: "anything", declaredType: nil), Column(name: "ünïcode", declaredType: "TEXT"),
            Column(name: "two", declaredType: nil),
        ])
    }

    func testAStatementsResultsKeepTheirOwnColumns() throws {
        try conn.execute("CREATE TABLE p(a, b)")
        try conn.execute("INSERT INTO p VALUES (1, 2)")
        let select = try conn.prepare("SELECT a AS first, b AS second FROM p WHERE a = ?")
        let other = try conn.prepare("SELECT b AS second, a AS first FROM p WHERE a = ?")
        for _ in 0..<3 {
            let row = try select.query(1)[0]
            XCTAssertEqual(try row.get("first", as: Int64.self), 1)
            XCTAssertEqual(try other.query(1)[0].get("first", as: Int64.self), 1)
            XCTAssertEqual(try select.query(2).columnNames, ["first", "second"])
        }
    }

    func testValuesCrossIntactToARemoteDatabase() throws {
        let server = try Server(self)
        let remote = try Database(url: server.url).connect()
        let select = try remote.prepare("SELECT ?1, ?2")
        for value in Self.values {
            let row = try select.query(value, "after")[0]
            assertIdentical(row[0], value, "remote \(label(value))")
            XCTAssertEqual(row[1], .text("after"))
        }
        try remote.execute("CREATE TABLE r(v)")
        XCTAssertEqual(try remote.execute("INSERT INTO r VALUES (?), (?)", Int64.min, Data()).changes, 2)
        XCTAssertEqual(try remote.query("SELECT v FROM r").map { $0[0] }, [.integer(Int64.min), .blob(Data())])
    }
}
