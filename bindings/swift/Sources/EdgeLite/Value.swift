import Foundation

/// One SQLite value: the five storage classes (docs/types.md). 64-bit integers are exact.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): v.debugDescription
        case .blob(let v): "x'" + v.map { String(format: "%02x", $0) }.joined() + "'"
        }
    }
}

// MARK: - Parameters: Swift → SQLite

/// A Swift value that binds as a statement parameter (docs/types.md, "Parameters"): `Int64`,
/// `Int`, `Int32`, `Bool` (as 1/0) → INTEGER; `Double`, `Float` → REAL (NaN binds as NULL);
/// `String` → TEXT; `Data`, `[UInt8]` → BLOB; `Date` → ISO-8601 UTC TEXT; `nil` and
/// `Value.null` → NULL. Other types do not conform, so they do not compile as parameters.
public protocol SQLBindable: Sendable {
    /// The value this binds as.
    var sqlValue: Value { get }
}

extension Value: SQLBindable { public var sqlValue: Value { self } }
extension Int64: SQLBindable { public var sqlValue: Value { .integer(self) } }
extension Int: SQLBindable { public var sqlValue: Value { .integer(Int64(self)) } }
extension Int32: SQLBindable { public var sqlValue: Value { .integer(Int64(self)) } }
extension Bool: SQLBindable { public var sqlValue: Value { .integer(self ? 1 : 0) } }
extension Double: SQLBindable { public var sqlValue: Value { .real(self) } }
extension Float: SQLBindable { public var sqlValue: Value { .real(Double(self)) } }
extension String: SQLBindable { public var sqlValue: Value { .text(self) } }
extension Data: SQLBindable { public var sqlValue: Value { .blob(self) } }
extension Array: SQLBindable where Element == UInt8 { public var sqlValue: Value { .blob(Data(self)) } }
extension Date: SQLBindable { public var sqlValue: Value { .text(SQLDate.format(self)) } }

/// Statement parameters: by position or by name.
public enum Parameters: Sendable, ExpressibleByArrayLiteral {
    case positional([Value])
    /// Names may carry their prefix (`:x`, `@x`, `$x`) or not.
    case named([(String, Value)])

    public static let none = Parameters.positional([])

    public init(_ values: [(any SQLBindable)?]) {
        // A plain loop: `map { $0?.sqlValue ?? .null }` costs several times more per value.
        var converted: [Value] = []
        converted.reserveCapacity(values.count)
        for value in values {
            if let value { converted.append(value.sqlValue) } else { converted.append(.null) }
        }
        self = .positional(converted)
    }

    public init(arrayLiteral elements: (any SQLBindable)?...) { self.init(elements) }

    public init(named values: [String: (any SQLBindable)?]) {
        self = .named(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value?.sqlValue ?? .null) })
    }

    /// The parameters in the native library's buffer layout.
    var encoded: Data { Wire.encode(self) }
}

// MARK: - Results: SQLite → Swift

/// A Swift type a result value converts to (docs/types.md, "Results"). Conversions never lose
/// information: INTEGER reads as `Double`, but REAL does not read as an integer, nor TEXT as a
/// number, nor a number as `String` (each is an `EdgeLiteError.typeMismatch`). NULL reads only
/// as an optional.
public protocol SQLReadable {
    init(sqlValue: Value) throws
}

func mismatch(_ value: Value, _ type: Any.Type) -> EdgeLiteError {
    let kind = switch value {
    case .null: "NULL"
    case .integer: "INTEGER"
    case .real: "REAL"
    case .text: "TEXT"
    case .blob: "BLOB"
    }
    return .mismatch("cannot read \(kind) as \(type)")
}

extension Value: SQLReadable {
    public init(sqlValue: Value) { self = sqlValue }
}

extension Int64: SQLReadable {
    public init(sqlValue: Value) throws {
        guard case .integer(let v) = sqlValue else { throw mismatch(sqlValue, Int64.self) }
        self = v
    }
}

extension Int: SQLReadable {
    public init(sqlValue: Value) throws {
        guard case .integer(let v) = sqlValue, let exact = Int(exactly: v) else { throw mismatch(sqlValue, Int.self) }
        self = exact
    }
}

extension Int32: SQLReadable {
    public init(sqlValue: Value) throws {
        guard case .integer(let v) = sqlValue else { throw mismatch(sqlValue, Int32.self) }
        guard let exact = Int32(exactly: v) else { throw EdgeLiteError.mismatch("INTEGER \(v) does not fit in Int32") }
        self = exact
    }
}

extension Bool: SQLReadable {
    /// INTEGER: non-zero is true.
    public init(sqlValue: Value) throws {
        guard case .integer(let v) = sqlValue else { throw mismatch(sqlValue, Bool.self) }
        self = v != 0
    }
}

extension Double: SQLReadable {
    public init(sqlValue: Value) throws {
        switch sqlValue {
        case .real(let v): self = v
        case .integer(let v): self = Double(v)
        default: throw mismatch(sqlValue, Double.self)
        }
    }
}

extension Float: SQLReadable {
    public init(sqlValue: Value) throws {
        self = Float(try Double(sqlValue: sqlValue))
    }
}

extension String: SQLReadable {
    public init(sqlValue: Value) throws {
        guard case .text(let v) = sqlValue else { throw mismatch(sqlValue, String.self) }
        self = v
    }
}

extension Data: SQLReadable {
    public init(sqlValue: Value) throws {
        guard case .blob(let v) = sqlValue else { throw mismatch(sqlValue, Data.self) }
        self = v
    }
}

extension Array: SQLReadable where Element == UInt8 {
    public init(sqlValue: Value) throws {
        self = [UInt8](try Data(sqlValue: sqlValue))
    }
}

extension Date: SQLReadable {
    /// TEXT in ISO-8601 (`2024-05-01T12:30:00Z`, with or without a fraction; SQLite's
    /// `2024-05-01 12:30:00` is read as UTC). Only when asked: text is never sniffed.
    public init(sqlValue: Value) throws {
        guard case .text(let text) = sqlValue, let date = SQLDate.parse(text) else {
            throw mismatch(sqlValue, Date.self)
        }
        self = date
    }
}

extension Optional: SQLReadable where Wrapped: SQLReadable {
    public init(sqlValue: Value) throws {
        if case .null = sqlValue { self = nil } else { self = try Wrapped(sqlValue: sqlValue) }
    }
}

/// Dates as text: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` in UTC (docs/types.md, decision 9).
enum SQLDate {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        formatter.formatOptions = whole ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.count >= 19, text[text.index(text.startIndex, offsetBy: 10)] == " " {
            text.replaceSubrange(text.index(text.startIndex, offsetBy: 10)...text.index(text.startIndex, offsetBy: 10), with: "T")
        }
        if !text.hasSuffix("Z"), !text.contains("+"), text.count <= 26 { text += "Z" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
