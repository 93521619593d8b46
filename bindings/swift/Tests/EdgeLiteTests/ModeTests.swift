import Foundation
import XCTest

@testable import EdgeLite

/// Each mode against the real thing: embedded (file and :memory:), remote over HTTP and
/// WebSocket against `edgelite serve`, and an embedded replica of that server.
final class ModeTests: XCTestCase {
    /// The same work in every mode: schema, typed values, a transaction, a prepared statement.
    func exercise(_ conn: Connection, file: StaticString = #filePath, line: UInt = #line) throws {
        try conn.execute("CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY, big INTEGER, r, t TEXT, b BLOB)")
        try conn.execute("DELETE FROM items")
        let big: Int64 = 9_007_199_254_740_993
        try conn.execute("INSERT INTO items(big, r, t, b) VALUES (?, ?, ?, ?)", big, -0.0, "héllo", Data([0, 255]))
        try conn.transaction { tx in
            try tx.execute("INSERT INTO items(big) VALUES (?)", 2)
        }
        XCTAssertThrowsError(try conn.transaction { tx in
            try tx.execute("INSERT INTO items(big) VALUES (?)", 3)
            throw EdgeLiteError.make(EdgeLiteError.Code.abort.rawValue, "undo")
        }, file: file, line: line)
        let rows = try conn.query("SELECT big, r, t, b FROM items ORDER BY id")
        XCTAssertEqual(rows.count, 2, file: file, line: line)
        XCTAssertEqual(try rows[0].get("big", as: Int64.self), big, file: file, line: line)
        guard case .real(let r) = rows[0][1] else { return XCTFail("not a real", file: file, line: line) }
        XCTAssertEqual(r.sign, .minus, file: file, line: line)
        XCTAssertEqual(rows[0][2], .text("héllo"), file: file, line: line)
        XCTAssertEqual(rows[0][3], .blob(Data([0, 255])), file: file, line: line)
        XCTAssertEqual(rows[1][0], .integer(2), file: file, line: line)
        let stmt = try conn.prepare("SELECT count(*) FROM items WHERE big > ?")
        XCTAssertEqual(try stmt.query(1)[0][0], .integer(2), file: file, line: line)
        assertThrows(.sqlError, file: file, line: line) { try conn.execute("INSERT INTO nope VALUES (1)") }
    }

    func testEmbeddedInMemory() throws {
        let db = try Database(path: ":memory:")
        XCTAssertEqual(db.mode, .embedded)
        try exercise(db.connect())
    }

    func testEmbeddedFile() throws {
        let path = try makeTempDir(self).appendingPathComponent("e.db").path
        try exercise(Database(path: path).connect())
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testRemoteOverHTTP() throws {
        let server = try Server(self)
        let db = try Database(url: server.url)
        XCTAssertEqual(db.mode, .remote)
        try exercise(db.connect())
        assertThrows(.unsupported) { try db.sync() }
    }

    func testRemoteOverWebSocket() throws {
        let server = try Server(self)
        let db = try Database(url: server.wsURL)
        XCTAssertEqual(db.mode, .remote)
        try exercise(db.connect())
        // What one connection wrote, another sees (the server holds the data).
        let other = try Database(url: server.url).connect()
        XCTAssertEqual(try other.query("SELECT count(*) FROM items")[0][0], .integer(2))
    }

    func testReplicaForwardsWritesReadsItsOwnWritesAndSyncs() throws {
        let server = try Server(self)
        let primary = try Database(url: server.url).connect()
        try primary.execute("CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER)")
        try primary.execute("INSERT INTO kv VALUES ('a', 1)")

        let path = try makeTempDir(self).appendingPathComponent("replica.db").path
        let db = try Database(path: path, syncURL: server.url)
        XCTAssertEqual(db.mode, .replica)
        let first = try db.sync()
        XCTAssertGreaterThan(first.frame, 0)
        let replica = try db.connect()
        XCTAssertEqual(try replica.query("SELECT v FROM kv WHERE k = 'a'")[0][0], .integer(1))

        // A write on the replica goes to the primary, and (read-your-writes) is visible here
        // when the call returns.
        try replica.execute("INSERT INTO kv VALUES ('b', 2)")
        XCTAssertEqual(try replica.query("SELECT v FROM kv WHERE k = 'b'")[0][0], .integer(2))
        XCTAssertEqual(try primary.query("SELECT v FROM kv WHERE k = 'b'")[0][0], .integer(2))

        // A write elsewhere arrives with sync().
        try primary.execute("INSERT INTO kv VALUES ('c', 3)")
        let next = try db.sync()
        XCTAssertGreaterThan(next.framesApplied, 0)
        XCTAssertGreaterThanOrEqual(next.frame, first.frame)
        XCTAssertEqual(try replica.query("SELECT count(*) FROM kv")[0][0], .integer(3))
        try exercise(replica)
    }

    func testReplicaWithoutReadYourWritesAndWithASyncInterval() throws {
        let server = try Server(self)
        let primary = try Database(url: server.url).connect()
        try primary.execute("CREATE TABLE t(x)")
        let path = try makeTempDir(self).appendingPathComponent("interval.db").path
        let db = try Database(
            path: path, syncURL: server.url, authToken: nil, syncInterval: .milliseconds(50), readYourWrites: false)
        let replica = try db.connect()
        try primary.execute("INSERT INTO t VALUES (1)")
        // The background sync brings the row without an explicit sync().
        let deadline = Date().addingTimeInterval(10)
        var seen: Value = .integer(0)
        while Date() < deadline {
            if let count = try? replica.query("SELECT count(*) FROM t")[0][0], count == .integer(1) {
                seen = count
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(seen, .integer(1))
    }
}
