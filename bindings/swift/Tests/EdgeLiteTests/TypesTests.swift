import Foundation
import XCTest

@testable import EdgeLite

/// docs/types.md, row by row: parameters (Swift → SQLite), results (SQLite → Swift), the
/// getters' conversion rules, and the numbered decisions.
final class TypesTests: XCTestCase {
    var conn: Connection!

    override func setUpWithError() throws {
        conn = try Database(path: ":memory:").connect()
    }

    /// Binds `value` and reads back `(value, typeof(value))`.
    func roundTrip(_ value: (any SQLBindable)?) throws -> (Value, String) {
        let row = try conn.query("SELECT ?1, typeof(?1)", value)[0]
        return (row[0], try row.get(1))
    }

    // MARK: Parameters

    func testNilAndNullBindAsNull() throws {
        XCTAssertEqual(try roundTrip(nil).1, "null")
        XCTAssertEqual(try roundTrip(Value.null).1, "null")
        let missing: String? = nil
        XCTAssertEqual(try roundTrip(missing).1, "null")
    }

    func testIntegerTypesBindAsInteger() throws {
        XCTAssertEqual(try roundTrip(Int64.max).0, .integer(Int64.max))
        XCTAssertEqual(try roundTrip(Int64.min).0, .integer(Int64.min))
        XCTAssertEqual(try roundTrip(Int(42)).0, .integer(42))
        XCTAssertEqual(try roundTrip(Int32.min).0, .integer(Int64(Int32.min)))
        XCTAssertEqual(try roundTrip(Int64(1)).1, "integer")
    }

    func testBoolBindsAsOneAndZero() throws {
        XCTAssertEqual(try roundTrip(true).0, .integer(1))
        XCTAssertEqual(try roundTrip(false).0, .integer(0))
        XCTAssertEqual(try roundTrip(true).1, "integer")
    }

    func testDoubleAndFloatBindAsReal() throws {
        XCTAssertEqual(try roundTrip(2.5).0, .real(2.5))
        XCTAssertEqual(try roundTrip(Float(0.25)).0, .real(0.25))
        XCTAssertEqual(try roundTrip(1.0).1, "real")
    }

    func testStringBindsAsText() throws {
        XCTAssertEqual(try roundTrip("héllo 🌍").0, .text("héllo 🌍"))
        XCTAssertEqual(try roundTrip("x").1, "text")
    }

    func testDataAndByteArraysBindAsBlob() throws {
        XCTAssertEqual(try roundTrip(Data([0, 1, 255])).0, .blob(Data([0, 1, 255])))
        XCTAssertEqual(try roundTrip([UInt8]([7, 8])).0, .blob(Data([7, 8])))
        XCTAssertEqual(try roundTrip(Data([1])).1, "blob")
    }

    func testDateBindsAsISO8601TextInUTC() throws {
        XCTAssertEqual(try roundTrip(Date(timeIntervalSince1970: 0)).0, .text("1970-01-01T00:00:00Z"))
        XCTAssertEqual(try roundTrip(Date(timeIntervalSince1970: 1.5)).0, .text("1970-01-01T00:00:01.500Z"))
        // SQLite's date functions read it.
        let day = try conn.query("SELECT date(?)", Date(timeIntervalSince1970: 86_400 * 365))[0]
        XCTAssertEqual(try day.get(0, as: String.self), "1971-01-01")
    }

    // MARK: Results

    func testResultsReadAsTheirSwiftTypes() throws {
        let row = try conn.query("SELECT NULL, 9223372036854775807, 0.5, 'text', x'beef'")[0]
        XCTAssertNil(try row.get(0, as: Int64?.self))
        XCTAssertEqual(try row.get(1, as: Int64.self), Int64.max)
        XCTAssertEqual(try row.get(2, as: Double.self), 0.5)
        XCTAssertEqual(try row.get(3, as: String.self), "text")
        XCTAssertEqual(try row.get(4, as: Data.self), Data([0xBE, 0xEF]))
        XCTAssertEqual(try row.get(4, as: [UInt8].self), [0xBE, 0xEF])
        XCTAssertEqual(row.values, [.null, .integer(Int64.max), .real(0.5), .text("text"), .blob(Data([0xBE, 0xEF]))])
    }

    func testGettersConvertOnlyWithoutLoss() throws {
        let row = try conn.query("SELECT 3, 3.5, '3', 3000000000, NULL, 2")[0]
        XCTAssertEqual(try row.get(0, as: Double.self), 3.0)  // INTEGER → Double: converted
        XCTAssertEqual(try row.get(0, as: Float.self), 3.0)
        XCTAssertEqual(try row.get(0, as: Int.self), 3)
        XCTAssertEqual(try row.get(0, as: Int32.self), 3)
        assertThrows(.typeMismatch) { try row.get(1, as: Int64.self) }  // REAL → integer
        assertThrows(.typeMismatch) { try row.get(2, as: Int64.self) }  // TEXT → number
        assertThrows(.typeMismatch) { try row.get(2, as: Double.self) }
        assertThrows(.typeMismatch) { try row.get(0, as: String.self) } // number → String
        assertThrows(.typeMismatch) { try row.get(3, as: Int32.self) }  // does not fit
        assertThrows(.typeMismatch) { try row.get(4, as: Int64.self) }  // NULL → non-optional
        assertThrows(.typeMismatch) { try row.get(2, as: Data.self) }   // TEXT → Data
        XCTAssertEqual(try row.get(5, as: Bool.self), true)           // non-zero is true
        XCTAssertEqual(try row.get(4, as: Bool?.self), nil)
        assertThrows(.typeMismatch) { try row.get(2, as: Date.self) }   // not a date
    }

    // MARK: Decisions

    func testDecision1_64BitIntegersAreExact() throws {
        for v: Int64 in [9_007_199_254_740_993, -9_007_199_254_740_993, Int64.max, Int64.min] {
            XCTAssertEqual(try roundTrip(v).0, .integer(v))
        }
        try conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)")
        XCTAssertEqual(try conn.execute("INSERT INTO t VALUES (?)", Int64.max).lastInsertRowID, Int64.max)
    }

    func testDecision3_NaNBindsAsNull() throws {
        XCTAssertEqual(try roundTrip(Double.nan).1, "null")
    }

    func testDecision4_NegativeZeroKeepsItsSign() throws {
        guard case .real(let z) = try roundTrip(-0.0).0 else { return XCTFail("not a real") }
        XCTAssertEqual(z.sign, .minus)
    }

    func testDecision5_Infinities() throws {
        XCTAssertEqual(try roundTrip(Double.infinity).0, .real(.infinity))
        XCTAssertEqual(try roundTrip(-Double.infinity).0, .real(-.infinity))
    }

    func testDecision6_EmptyIsNotNull() throws {
        XCTAssertEqual(try roundTrip(Data()).0, .blob(Data()))
        XCTAssertEqual(try roundTrip(Data()).1, "blob")
        XCTAssertEqual(try roundTrip("").0, .text(""))
        XCTAssertEqual(try roundTrip("").1, "text")
    }

    func testDecision7_InvalidUTF8ReadsWithReplacementCharacters() throws {
        let row = try conn.query("SELECT CAST(x'61ff62' AS TEXT), CAST(CAST(x'61ff62' AS TEXT) AS BLOB)")[0]
        XCTAssertEqual(row[0], .text("a\u{FFFD}b"))
        XCTAssertEqual(row[1], .blob(Data([0x61, 0xFF, 0x62])))
    }

    func testDecision8_BooleansAreIntegers() throws {
        try conn.execute("CREATE TABLE f(flag)")
        try conn.execute("INSERT INTO f VALUES (?), (?)", true, false)
        XCTAssertEqual(try conn.query("SELECT flag, typeof(flag) FROM f").map { $0[0] }, [.integer(1), .integer(0)])
    }

    func testDecision9_DatesRoundTripThroughTextWhenAsked() throws {
        let when = Date(timeIntervalSince1970: 1_700_000_000.125)
        try conn.execute("CREATE TABLE e(at DATETIME)")
        try conn.execute("INSERT INTO e VALUES (?)", when)
        let row = try conn.query("SELECT at FROM e")[0]
        XCTAssertEqual(row[0], .text("2023-11-14T22:13:20.125Z")) // never sniffed into a Date
        XCTAssertEqual(try row.get(0, as: Date.self).timeIntervalSince1970, when.timeIntervalSince1970, accuracy: 0.0005)
        struct Event: Decodable { let at: Date }
        XCTAssertEqual(try row.decode(Event.self).at.timeIntervalSince1970, when.timeIntervalSince1970, accuracy: 0.0005)
    }
}
