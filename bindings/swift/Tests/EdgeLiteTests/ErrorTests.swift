import EdgeLiteNative
import Foundation
import XCTest

@testable import EdgeLite

/// The error-mapping table (`EdgeLiteError.Code`) against docs/errors.md, entry by entry, and
/// real errors from real operations.
final class ErrorTests: XCTestCase {
    struct DocRow { let code: Int32; let name: String; let retryable: Bool; let swiftCode: String }

    /// docs/errors.md: the "Primary codes" table (number, name, retryable) joined with the
    /// "Per-code mapping" table's Swift column.
    func documentedPrimaryCodes() throws -> [DocRow] {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("docs/errors.md"), encoding: .utf8)
        func cells(_ line: Substring) -> [String] {
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        func unquote(_ s: String) -> String { s.replacingOccurrences(of: "`", with: "") }
        var primary: [(Int32, String, Bool)] = []
        var swift: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let c = cells(line)
            if c.count == 5, let code = Int32(c[0]) {
                primary.append((code, unquote(c[1]), c[3].contains("✔")))
            } else if c.count == 6, c[4].hasPrefix("`."), c[0].hasPrefix("`") {
                swift[unquote(c[0])] = String(unquote(c[4]).dropFirst())
            }
        }
        return try primary.map { code, name, retryable in
            let swiftCode = try XCTUnwrap(swift[name], "docs/errors.md has no Swift code for \(name)")
            return DocRow(code: code, name: name, retryable: retryable, swiftCode: swiftCode)
        }
    }

    func testEveryPrimaryCodeMapsAsDocumented() throws {
        let rows = try documentedPrimaryCodes()
        XCTAssertEqual(rows.count, 33)
        XCTAssertEqual(Set(rows.map(\.code)), Set(EdgeLiteError.Code.allCases.map(\.rawValue)))
        for row in rows {
            // The same path as a real failure: the core builds the error, Swift maps it.
            let error = EdgeLiteError.make(row.code, "message \(row.code)")
            XCTAssertEqual(error.code.rawValue, row.code, row.name)
            XCTAssertEqual("\(error.code)", row.swiftCode, row.name)
            XCTAssertEqual(error.code.name, row.name)
            XCTAssertEqual(error.name, row.name)
            XCTAssertEqual(error.extendedCode, row.code, row.name)
            XCTAssertEqual(error.message, "message \(row.code)")
            XCTAssertEqual(error.isRetryable, row.retryable, row.name)
            XCTAssertNil(error.statementIndex)
            XCTAssertEqual(EdgeLiteError(code: error.code, details: error.details), error)
        }
    }

    func testEveryExtendedCodeKeepsItsCodeAndNameAndMapsByPrimary() throws {
        let codes = nativeErrorCodes()
        XCTAssertGreaterThan(codes.count, 33 + 12)
        for entry in codes {
            let error = EdgeLiteError.make(entry.code, "x")
            XCTAssertEqual(error.extendedCode, entry.code, entry.name)
            XCTAssertEqual(error.name, entry.name)
            XCTAssertEqual(error.code.rawValue, entry.code & 0xFF, entry.name)
        }
        // edgelite's own extended codes (docs/errors.md, "Extended codes").
        let documented: [(Int32, String, EdgeLiteError.Code, Bool)] = [
            (16405, "EDGELITE_MISUSE_CLOSED", .misuse, false),
            (16661, "EDGELITE_MISUSE_NO_STATEMENT", .misuse, false),
            (16917, "EDGELITE_MISUSE_MANY_STATEMENTS", .misuse, false),
            (16409, "EDGELITE_RANGE_PARAMETER", .range, false),
            (448, "EDGELITE_REMOTE_CONNECT", .remote, true),
            (704, "EDGELITE_REMOTE_TIMEOUT", .remote, true),
            (960, "EDGELITE_REMOTE_TRANSACTION_LOST", .remote, false),
            (1216, "EDGELITE_REMOTE_SERVER", .remote, true),
            (1472, "EDGELITE_REMOTE_NAMESPACE", .remote, false),
            (449, "EDGELITE_AUTH_FORBIDDEN", .auth, false),
            (451, "EDGELITE_SYNC_GENERATION", .sync, false),
            (707, "EDGELITE_SYNC_NOT_A_REPLICA", .sync, false),
        ]
        for (code, name, primary, retryable) in documented {
            let error = EdgeLiteError.make(code, "x")
            XCTAssertEqual(error.name, name)
            XCTAssertEqual(error.code, primary, name)
            XCTAssertEqual(error.isRetryable, retryable, name)
        }
    }

    func testErrorsCanBeMatchedByCaseAndByCode() throws {
        let conn = try Database(path: ":memory:").connect()
        try conn.execute("CREATE TABLE t(x UNIQUE)")
        try conn.execute("INSERT INTO t VALUES (1)")
        do {
            try conn.execute("INSERT INTO t VALUES (1)")
            XCTFail("expected a constraint error")
        } catch EdgeLiteError.constraint(let details) {
            XCTAssertEqual(details.name, "SQLITE_CONSTRAINT_UNIQUE")
            XCTAssertEqual(details.extendedCode, 2067)
            XCTAssertTrue(details.message.contains("UNIQUE"))
        }
        do {
            try conn.execute("INSERT INTO t VALUES (1)")
            XCTFail("expected a constraint error")
        } catch let error as EdgeLiteError where error.code == .constraint {
            XCTAssertFalse(error.isRetryable)
        }
        let error = EdgeLiteError.make(2067, "m")
        XCTAssertEqual(error.description, "SQLITE_CONSTRAINT_UNIQUE: m")
    }

    func testRealErrorsFromOperations() throws {
        let dir = try makeTempDir(self)
        let conn = try Database(path: ":memory:").connect()
        assertThrows(.sqlError, name: "SQLITE_ERROR") { try conn.execute("SELEC 1") }
        assertThrows(.sqlError) { try conn.query("SELECT * FROM missing") }
        try conn.execute("CREATE TABLE t(x NOT NULL, y INTEGER PRIMARY KEY, z CHECK (z > 0))")
        assertThrows(.constraint, name: "SQLITE_CONSTRAINT_NOTNULL") { try conn.execute("INSERT INTO t(x) VALUES (NULL)") }
        assertThrows(.constraint, name: "SQLITE_CONSTRAINT_CHECK") { try conn.execute("INSERT INTO t VALUES (1, 1, -1)") }
        assertThrows(.typeMismatch, name: "SQLITE_MISMATCH") { try conn.execute("INSERT INTO t(x, y) VALUES (1, 'x')") }
        assertThrows(.misuse, name: "EDGELITE_MISUSE_NO_STATEMENT") { try conn.execute("  -- nothing") }
        assertThrows(.unsupported) { try Database(path: ":memory:").sync() }
        let junk = dir.appendingPathComponent("junk.db")
        try Data(repeating: 0x41, count: 4096).write(to: junk)
        assertThrows(.notADatabase) { try Database(path: junk.path).connect().query("SELECT * FROM sqlite_schema") }
        assertThrows(.cannotOpen) { try Database(path: dir.appendingPathComponent("no/such/dir/x.db").path).connect() }
        assertThrows(.misuse) { try Database(url: "not a url at all").connect().query("SELECT 1") }
    }

    func testRemoteErrors() throws {
        // Nothing listens on port 1.
        let unreachable = try Database(url: "http://127.0.0.1:1").connect()
        assertThrows(.remote, name: "EDGELITE_REMOTE_CONNECT") { try unreachable.query("SELECT 1") }
        do {
            _ = try unreachable.query("SELECT 1")
        } catch let error as EdgeLiteError {
            XCTAssertTrue(error.isRetryable)
        }
        let credentials = Data("user:secret".utf8).base64EncodedString()
        let server = try Server(self, extraArguments: ["--http-auth", "basic:\(credentials)"])
        assertThrows(.auth) { try Database(url: server.url).connect().query("SELECT 1") }
        assertThrows(.auth) { try Database(url: server.url, authToken: "wrong").connect().query("SELECT 1") }
    }
}
