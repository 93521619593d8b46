import Foundation
import XCTest

@testable import EdgeLite

final class APITests: XCTestCase {
    func connection() throws -> Connection {
        try Database(path: ":memory:").connect()
    }

    func testVersionMatchesTheCoreAndTheWorkspace() throws {
        XCTAssertEqual(EdgeLite.version, EdgeLite.coreVersion)
        let manifest = try String(contentsOf: repoRoot.appendingPathComponent("Cargo.toml"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("version = \"\(EdgeLite.version)\""), "workspace version differs")
        XCTAssertTrue(EdgeLite.sqliteVersion.hasPrefix("3."))
    }

    func testOpenAFileWriteCloseAndReopen() throws {
        let path = try makeTempDir(self).appendingPathComponent("app.db").path
        do {
            let db = try Database(path: path)
            XCTAssertEqual(db.mode, .embedded)
            let conn = try db.connect()
            try conn.execute("CREATE TABLE t(x)")
            try conn.execute("INSERT INTO t VALUES (?)", 42)
            try conn.close()
            XCTAssertTrue(conn.isClosed)
        }
        let again = try Database(path: path).connect()
        XCTAssertEqual(try again.query("SELECT x FROM t")[0].get(0, as: Int64.self), 42)
    }

    func testExecuteReportsChangesAndLastInsertRowID() throws {
        let conn = try connection()
        try conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
        let one = try conn.execute("INSERT INTO t(v) VALUES (?)", "a")
        XCTAssertEqual(one, ExecuteResult(changes: 1, lastInsertRowID: 1))
        try conn.execute("INSERT INTO t(v) VALUES (?), (?)", "b", "c")
        XCTAssertEqual(try conn.lastInsertRowID, 3)
        let updated = try conn.execute("UPDATE t SET v = upper(v)")
        XCTAssertEqual(updated.changes, 3)
        XCTAssertEqual(try conn.changes, 3)
        XCTAssertEqual(try conn.totalChanges, 6)
    }

    func testQueryTypedAccessByIndexAndName() throws {
        let conn = try connection()
        let rows = try conn.query(
            "SELECT 9007199254740993 AS i, 1.5 AS r, 'héllo' AS t, x'00ff' AS b, NULL AS n")
        XCTAssertEqual(rows.columnNames, ["i", "r", "t", "b", "n"])
        XCTAssertEqual(rows.count, 1)
        let row = rows[0]
        XCTAssertEqual(try row.get(0, as: Int64.self), 9_007_199_254_740_993)
        XCTAssertEqual(try row.get("r", as: Double.self), 1.5)
        XCTAssertEqual(try row.get("t", as: String.self), "héllo")
        XCTAssertEqual(try row.get("b", as: Data.self), Data([0x00, 0xFF]))
        XCTAssertNil(try row.get("n", as: String?.self))
        XCTAssertEqual(try row.get("t", as: String?.self), "héllo")
        let typed: Int64 = try row.get("i")
        XCTAssertEqual(typed, 9_007_199_254_740_993)
        XCTAssertEqual(row["n"], .null)
        XCTAssertNil(row["nope"])
        XCTAssertEqual(row[2], .text("héllo"))
        XCTAssertEqual(Array(row), [.integer(9_007_199_254_740_993), .real(1.5), .text("héllo"), .blob(Data([0, 255])), .null])
        assertThrows(.range) { try row.get(5, as: Int64.self) }
        assertThrows(.range) { try row.get("missing", as: Int64.self) }
    }

    func testColumnsCarryDeclaredTypes() throws {
        let conn = try connection()
        try conn.execute("CREATE TABLE t(a INTEGER, b VARCHAR(10))")
        let rows = try conn.query("SELECT a, b, a + 1 AS c FROM t")
        XCTAssertEqual(rows.columns.map(\.declaredType), ["INTEGER", "VARCHAR(10)", nil])
        XCTAssertTrue(rows.isEmpty)
    }

    struct User: Decodable, Equatable {
        enum Role: String, Decodable { case admin, member }
        let id: Int64
        let name: String
        let score: Double
        let avatar: Data?
        let email: String?
        let active: Bool
        let role: Role
        let joined: Date
    }

    func testDecodableRows() throws {
        let conn = try connection()
        try conn.executeBatch("""
            CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, score REAL, avatar BLOB, email TEXT,
                               active INTEGER, role TEXT, joined TEXT);
            INSERT INTO users VALUES (1, 'ada', 9.5, x'01', NULL, 1, 'admin', '2024-05-01T12:30:00Z');
            INSERT INTO users VALUES (2, 'bob', 7, NULL, 'b@x', 0, 'member', '2024-05-02 08:00:00.250');
            """)
        let users = try conn.query(User.self, "SELECT * FROM users ORDER BY id")
        XCTAssertEqual(users.count, 2)
        XCTAssertEqual(users[0], User(
            id: 1, name: "ada", score: 9.5, avatar: Data([1]), email: nil, active: true, role: .admin,
            joined: Date(timeIntervalSince1970: 1_714_566_600)))
        XCTAssertEqual(users[1].score, 7) // an INTEGER reads as Double
        XCTAssertEqual(users[1].avatar, nil)
        XCTAssertEqual(users[1].email, "b@x")
        XCTAssertFalse(users[1].active)
        XCTAssertEqual(users[1].joined.timeIntervalSince1970, 1_714_636_800.25, accuracy: 0.001)

        struct Missing: Decodable { let nope: Int64 }
        XCTAssertThrowsError(try conn.query("SELECT 1 AS x")[0].decode(Missing.self)) { error in
            guard case DecodingError.keyNotFound = error else { return XCTFail("\(error)") }
        }
        struct Wrong: Decodable { let x: Int64 }
        XCTAssertThrowsError(try conn.query("SELECT 'one' AS x")[0].decode(Wrong.self)) { error in
            XCTAssertEqual((error as? EdgeLiteError)?.code, .typeMismatch)
        }
        // A single-value type reads the first column.
        XCTAssertEqual(try conn.query("SELECT 7").decode(Int64.self), [7])
    }

    func testPreparedStatements() throws {
        let conn = try connection()
        try conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
        let insert = try conn.prepare("INSERT INTO t(v) VALUES (:v)")
        XCTAssertEqual(try insert.parameterCount, 1)
        XCTAssertEqual(try insert.parameterNames, [":v"])
        XCTAssertEqual(try insert.sql, "INSERT INTO t(v) VALUES (:v)")
        XCTAssertFalse(try insert.isReadOnly)
        for (i, v) in ["a", "b", "c"].enumerated() {
            let r = try insert.execute(named: ["v": v])
            XCTAssertEqual(r.lastInsertRowID, Int64(i + 1))
        }
        let select = try conn.prepare("SELECT id, v FROM t WHERE id > ? ORDER BY id")
        XCTAssertEqual(try select.columns.map(\.name), ["id", "v"])
        XCTAssertTrue(try select.isReadOnly)
        XCTAssertEqual(try select.query(1).map { try $0.get(1, as: String.self) }, ["b", "c"])
        XCTAssertEqual(try select.query(2).count, 1)
        try select.reset()
        XCTAssertEqual(try select.query(Parameters.positional([.integer(0)])).count, 3)
        assertThrows(.range, name: "EDGELITE_RANGE_PARAMETER") { try select.query() }
    }

    func testParameterForms() throws {
        let conn = try connection()
        XCTAssertEqual(try conn.query("SELECT ?1 + ?2", 1, 2)[0][0], .integer(3))
        XCTAssertEqual(try conn.query("SELECT ? || ?", parameters: ["a", nil])[0][0], .null)
        XCTAssertEqual(try conn.query("SELECT :a - @b", named: [":a": 10, "b": 4])[0][0], .integer(6))
        XCTAssertEqual(try conn.query("SELECT $x", Parameters(named: ["x": "named"]))[0][0], .text("named"))
        XCTAssertEqual(try conn.query("SELECT ?", Parameters.positional([.real(2.5)]))[0][0], .real(2.5))
        assertThrows(.range, name: "EDGELITE_RANGE_PARAMETER") { try conn.query("SELECT ?, ?", 1) }
    }

    func testTransactionCommitsOrRollsBack() throws {
        let conn = try connection()
        try conn.execute("CREATE TABLE t(x)")
        let returned = try conn.transaction { tx -> Int in
            XCTAssertFalse(try tx.isAutocommit)
            try tx.execute("INSERT INTO t VALUES (1)")
            return 7
        }
        XCTAssertEqual(returned, 7)
        XCTAssertTrue(try conn.isAutocommit)

        struct Oops: Error {}
        XCTAssertThrowsError(try conn.transaction(.immediate) { tx in
            try tx.execute("INSERT INTO t VALUES (2)")
            throw Oops()
        }) { XCTAssertTrue($0 is Oops) }
        XCTAssertTrue(try conn.isAutocommit)
        XCTAssertEqual(try conn.query("SELECT count(*) FROM t")[0][0], .integer(1))

        // A failing statement inside rolls back everything, and its error comes out.
        XCTAssertThrowsError(try conn.transaction { tx in
            try tx.execute("INSERT INTO t VALUES (3)")
            try tx.execute("INSERT INTO nope VALUES (4)")
        }) { XCTAssertEqual(($0 as? EdgeLiteError)?.code, .sqlError) }
        XCTAssertEqual(try conn.query("SELECT count(*) FROM t")[0][0], .integer(1))

        // Read-only transactions refuse writes.
        XCTAssertThrowsError(try conn.transaction(.readOnly) { tx in
            try tx.execute("INSERT INTO t VALUES (5)")
        }) { XCTAssertEqual(($0 as? EdgeLiteError)?.code, .readOnly) }
        XCTAssertTrue(try conn.isAutocommit)
    }

    func testSavepointsNest() throws {
        let conn = try connection()
        try conn.execute("CREATE TABLE t(x)")
        try conn.transaction { tx in
            try tx.execute("INSERT INTO t VALUES (1)")
            struct Undo: Error {}
            _ = try? tx.savepoint("inner") { sp in
                try sp.execute("INSERT INTO t VALUES (2)")
                throw Undo()
            }
            try tx.savepoint("kept") { sp in try sp.execute("INSERT INTO t VALUES (3)") }
        }
        XCTAssertEqual(try conn.query("SELECT x FROM t ORDER BY x").map { $0[0] }, [.integer(1), .integer(3)])
        try conn.savepoint("manual")
        try conn.execute("INSERT INTO t VALUES (4)")
        try conn.rollbackToSavepoint("manual")
        try conn.releaseSavepoint("manual")
        XCTAssertEqual(try conn.query("SELECT count(*) FROM t")[0][0], .integer(2))
    }

    func testExplicitBeginCommitRollback() throws {
        let conn = try connection()
        try conn.execute("CREATE TABLE t(x)")
        try conn.begin()
        try conn.execute("INSERT INTO t VALUES (1)")
        try conn.rollback()
        try conn.begin(.exclusive)
        try conn.execute("INSERT INTO t VALUES (2)")
        try conn.commit()
        XCTAssertEqual(try conn.query("SELECT x FROM t")[0][0], .integer(2))
        assertThrows(.sqlError) { try conn.commit() }
    }

    func testBatchIsAtomic() throws {
        let conn = try connection()
        try conn.execute("CREATE TABLE t(x UNIQUE)")
        let results = try conn.batch([
            BatchStatement("INSERT INTO t VALUES (?)", [1]),
            BatchStatement("INSERT INTO t VALUES (?)", [2]),
            BatchStatement("SELECT x FROM t ORDER BY x"),
        ])
        XCTAssertEqual(results.map(\.changes), [1, 1, 0])
        XCTAssertEqual(results[1].lastInsertRowID, 2)
        XCTAssertEqual(results[2].rows.map { $0[0] }, [.integer(1), .integer(2)])
        do {
            try conn.batch([BatchStatement("INSERT INTO t VALUES (3)"), BatchStatement("INSERT INTO t VALUES (1)")])
            XCTFail("the batch should fail")
        } catch let error as EdgeLiteError {
            XCTAssertEqual(error.code, .constraint)
            XCTAssertEqual(error.statementIndex, 1)
        }
        XCTAssertEqual(try conn.query("SELECT count(*) FROM t")[0][0], .integer(2))
    }

    func testExecuteBatchRunsAScript() throws {
        let conn = try connection()
        try conn.executeBatch("CREATE TABLE a(x); CREATE TABLE b(y); INSERT INTO a VALUES (1); -- done")
        XCTAssertEqual(try conn.query("SELECT count(*) FROM sqlite_schema")[0][0], .integer(2))
        assertThrows(.misuse, name: "EDGELITE_MISUSE_MANY_STATEMENTS") { try conn.execute("SELECT 1; SELECT 2") }
    }

    func testInterruptStopsALongQuery() throws {
        let conn = try connection()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { conn.interrupt() }
        assertThrows(.interrupted) {
            try conn.query("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c")
        }
        XCTAssertEqual(try conn.query("SELECT 1")[0][0], .integer(1))
    }

    func testBusyTimeoutAndBusyError() throws {
        let path = try makeTempDir(self).appendingPathComponent("busy.db").path
        let db = try Database(path: path, busyTimeout: .milliseconds(50))
        let a = try db.connect()
        try a.execute("CREATE TABLE t(x)")
        let b = try db.connect()
        try b.setBusyTimeout(.milliseconds(20))
        try a.begin(.immediate)
        try a.execute("INSERT INTO t VALUES (1)")
        assertThrows(.busy) { try b.execute("INSERT INTO t VALUES (2)") }
        try a.commit()
        try b.execute("INSERT INTO t VALUES (2)")
        XCTAssertEqual(try b.query("SELECT count(*) FROM t")[0][0], .integer(2))
    }

    func testClosedConnectionIsAMisuse() throws {
        let conn = try connection()
        let stmt = try conn.prepare("SELECT 1")
        try conn.close()
        assertThrows(.misuse, name: "EDGELITE_MISUSE_CLOSED") { try conn.query("SELECT 1") }
        assertThrows(.misuse, name: "EDGELITE_MISUSE_CLOSED") { try stmt.query() }
    }

    func testReadOnlyAndCreateIfMissing() throws {
        let dir = try makeTempDir(self)
        let path = dir.appendingPathComponent("ro.db").path
        try Database(path: path).connect().execute("CREATE TABLE t(x)")
        let ro = try Database(path: path, readOnly: true).connect()
        assertThrows(.readOnly) { try ro.execute("INSERT INTO t VALUES (1)") }
        assertThrows(.cannotOpen) {
            try Database(path: dir.appendingPathComponent("missing.db").path, createIfMissing: false).connect()
        }
    }

    func testConnectionsAreUsableFromManyThreads() throws {
        let path = try makeTempDir(self).appendingPathComponent("threads.db").path
        let db = try Database(path: path)
        let conn = try db.connect()
        try conn.execute("CREATE TABLE t(x)")
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            do { try conn.execute("INSERT INTO t VALUES (?)", i) } catch { XCTFail("\(error)") }
        }
        XCTAssertEqual(try conn.query("SELECT count(*) FROM t")[0][0], .integer(8))
    }
}
