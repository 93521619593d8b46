import Foundation
import XCTest

@testable import EdgeLite

/// The async variants: each runs the blocking call off the caller's thread.
final class AsyncTests: XCTestCase {
    func testAsyncEmbeddedRoundTrip() async throws {
        let db = try await Database.open(path: ":memory:")
        let conn = try await db.connect()
        try await conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
        let r = try await conn.execute("INSERT INTO t(v) VALUES (?)", "a")
        XCTAssertEqual(r.lastInsertRowID, 1)
        try await conn.execute("INSERT INTO t(v) VALUES (?)", parameters: ["b"])
        try await conn.execute("INSERT INTO t(v) VALUES (:v)", named: [":v": "c"])
        let rows = try await conn.query("SELECT v FROM t WHERE id > ? ORDER BY id", 1)
        XCTAssertEqual(try rows.map { try $0.get(0, as: String.self) }, ["b", "c"])
        struct T: Decodable { let id: Int64; let v: String }
        let decoded = try await conn.query(T.self, "SELECT id, v FROM t ORDER BY id")
        XCTAssertEqual(decoded.map(\.v), ["a", "b", "c"])
        let stmt = try await conn.prepare("SELECT count(*) FROM t WHERE v >= ?")
        let got1 = try await stmt.query("b")[0][0]
        XCTAssertEqual(got1, .integer(2))
        try await conn.executeBatch("CREATE TABLE u(x); INSERT INTO u VALUES (1)")
        let results = try await conn.batch([BatchStatement("SELECT x FROM u")])
        XCTAssertEqual(results[0].rows[0][0], .integer(1))
        try await conn.close()
    }

    func testAsyncTransactionCommitsAndRollsBack() async throws {
        let conn = try await Database.open(path: ":memory:").connect()
        try await conn.execute("CREATE TABLE t(x)")
        let n = try await conn.transaction { tx in
            try await tx.execute("INSERT INTO t VALUES (1)")
            return try await tx.query("SELECT count(*) FROM t")[0].get(0, as: Int64.self)
        }
        XCTAssertEqual(n, 1)
        struct Oops: Error {}
        do {
            _ = try await conn.transaction(.immediate) { tx in
                try await tx.execute("INSERT INTO t VALUES (2)")
                throw Oops()
            }
            XCTFail("should throw")
        } catch is Oops {}
        let got2 = try await conn.query("SELECT count(*) FROM t")[0][0]
        XCTAssertEqual(got2, .integer(1))
    }

    func testAsyncErrorsAreEdgeLiteErrors() async throws {
        let conn = try await Database.open(path: ":memory:").connect()
        do {
            try await conn.execute("NOT SQL")
            XCTFail("should throw")
        } catch let error as EdgeLiteError {
            XCTAssertEqual(error.code, .sqlError)
        }
        do {
            try await Database.open(path: ":memory:").sync()
            XCTFail("should throw")
        } catch EdgeLiteError.unsupported {}
    }

    func testManyConcurrentTasks() async throws {
        let path = try makeTempDir(self).appendingPathComponent("tasks.db").path
        let db = try await Database.open(path: path)
        let setup = try await db.connect()
        try await setup.execute("CREATE TABLE t(x)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask {
                    let conn = try await db.connect()
                    try await conn.execute("INSERT INTO t VALUES (?)", i)
                }
            }
            try await group.waitForAll()
        }
        let got3 = try await setup.query("SELECT count(*), sum(x) FROM t")[0].values
        XCTAssertEqual(got3, [.integer(20), .integer(190)])
    }

    func testAsyncRemoteAndReplica() async throws {
        let server = try Server(self)
        let remote = try await Database.open(url: server.url).connect()
        try await remote.execute("CREATE TABLE t(x)")
        try await remote.execute("INSERT INTO t VALUES (?)", 1)
        let path = try makeTempDir(self).appendingPathComponent("replica.db").path
        let replicaDB = try await Database.open(path: path, syncURL: server.url)
        let synced = try await replicaDB.sync()
        XCTAssertGreaterThan(synced.frame, 0)
        let replica = try await replicaDB.connect()
        let got4 = try await replica.query("SELECT x FROM t")[0][0]
        XCTAssertEqual(got4, .integer(1))
        try await replica.execute("INSERT INTO t VALUES (2)")
        let got5 = try await replica.query("SELECT count(*) FROM t")[0][0]
        XCTAssertEqual(got5, .integer(2))
    }
}
