import Foundation
internal import EdgeLiteNative

/// A result column.
public struct Column: Sendable, Hashable {
    /// The column's name (its alias, if the query gave one).
    public let name: String
    /// The declared type of the table column it comes from (`"INTEGER"`, `"VARCHAR(10)"`), or
    /// `nil` for an expression.
    public let declaredType: String?

    init(name: String, declaredType: String?) {
        self.name = name
        self.declaredType = declaredType
    }

    init(native: NativeColumn) {
        self.init(name: native.name, declaredType: native.decltype)
    }
}

/// The columns of a result, shared by its rows, with a name → index lookup.
final class ColumnSet: Sendable {
    let columns: [Column]
    let indexByName: [String: Int]
    /// The columns as the native library encoded them, to recognize the same columns again.
    let encoded: Data

    init(_ columns: [Column], encoded: Data) {
        self.columns = columns
        self.encoded = encoded
        var index: [String: Int] = [:]
        // The first column with a name wins, as in SQLite's own lookup.
        for (i, column) in columns.enumerated() where index[column.name] == nil { index[column.name] = i }
        indexByName = index
    }

    func index(of name: String) throws -> Int {
        guard let i = indexByName[name] else { throw EdgeLiteError.range("no column named \(name.debugDescription)") }
        return i
    }
}

/// One result row: values by index or by column name, typed reads, and `Decodable` decoding.
///
/// ```swift
/// let row = try conn.query("SELECT id, name, avatar FROM users WHERE id = ?", 1)[0]
/// let id: Int64 = try row.get(0)
/// let name = try row.get("name", as: String.self)
/// let avatar: Data? = try row.get("avatar")
/// let user = try row.decode(User.self)
/// ```
public struct Row: Sendable, RandomAccessCollection {
    let columnSet: ColumnSet
    /// The values, one per column.
    public let values: [Value]

    public var columns: [Column] { columnSet.columns }
    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }

    /// The value at `index`; traps when out of range, like any collection (use `get` to throw).
    public subscript(index: Int) -> Value { values[index] }

    /// The value of the column named `name`, or `nil` if there is no such column.
    public subscript(name: String) -> Value? {
        columnSet.indexByName[name].map { values[$0] }
    }

    /// The value at `index` as `T`; a bad index is `EdgeLiteError.range`, a value `T` cannot
    /// hold is `.typeMismatch`.
    public func get<T: SQLReadable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw EdgeLiteError.range("column index \(index) out of range (the row has \(values.count) columns)")
        }
        return try T(sqlValue: values[index])
    }

    /// The value of the column named `name` as `T`.
    public func get<T: SQLReadable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try get(columnSet.index(of: name), as: type)
    }

    /// Decodes the row into `T`, matching coding keys to column names (docs/types.md: dates
    /// from ISO-8601 text, `Bool` from integers, optionals from NULL).
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try T(from: RowDecoder(row: self))
    }
}

/// The rows of a query, all read.
public struct Rows: Sendable, RandomAccessCollection {
    let columnSet: ColumnSet
    public let rows: [Row]

    public var columns: [Column] { columnSet.columns }
    public var columnNames: [String] { columnSet.columns.map(\.name) }
    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }
    public subscript(index: Int) -> Row { rows[index] }

    /// Decodes every row into `T`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> [T] {
        try rows.map { try $0.decode(type) }
    }

    init(columnSet: ColumnSet, rows: [Row]) {
        self.columnSet = columnSet
        self.rows = rows
    }
}

// MARK: - Decodable

struct RowDecoder: Decoder {
    let row: Row
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(row: row, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Value].self, .init(codingPath: codingPath, debugDescription: "a row decodes as a keyed container"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        // A single-value type (e.g. `Int64` or a RawRepresentable enum) reads the first column.
        guard let first = row.values.first else {
            throw DecodingError.valueNotFound(Value.self, .init(codingPath: codingPath, debugDescription: "empty row"))
        }
        return ValueDecoder(value: first, codingPath: codingPath)
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: Row
    let codingPath: [any CodingKey]

    var allKeys: [Key] { row.columns.compactMap { Key(stringValue: $0.name) } }

    func contains(_ key: Key) -> Bool { row.columnSet.indexByName[key.stringValue] != nil }

    private func value(_ key: Key) throws -> Value {
        guard let value = row[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no column named \(key.stringValue.debugDescription)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder(value: value(key), codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(
            type, .init(codingPath: codingPath + [key], debugDescription: "a column holds a single value"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Value].self, .init(codingPath: codingPath + [key], debugDescription: "a column holds a single value"))
    }

    func superDecoder() throws -> any Decoder { RowDecoder(row: row, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoder(row: row, codingPath: codingPath + [key]) }
}

/// Decodes one column value, by the same rules as `SQLReadable`.
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: Value
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "a column holds a single value"))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Value].self, .init(codingPath: codingPath, debugDescription: "a column holds a single value"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // The types of docs/types.md read by their SQLReadable rules (Data and Date included,
        // which would otherwise decode through their own Codable forms).
        if let readable = type as? any SQLReadable.Type {
            return try readable.init(sqlValue: value) as! T
        }
        return try T(from: self)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try Bool(sqlValue: value) }
    func decode(_ type: String.Type) throws -> String { try String(sqlValue: value) }
    func decode(_ type: Double.Type) throws -> Double { try Double(sqlValue: value) }
    func decode(_ type: Float.Type) throws -> Float { try Float(sqlValue: value) }
    func decode(_ type: Int.Type) throws -> Int { try Int(sqlValue: value) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Int64(sqlValue: value) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Int32(sqlValue: value) }
    func decode(_ type: Int8.Type) throws -> Int8 { try narrow(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try narrow(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try narrow(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try narrow(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try narrow(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try narrow(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try narrow(type) }

    private func narrow<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let wide = try Int64(sqlValue: value)
        guard let exact = T(exactly: wide) else { throw EdgeLiteError.mismatch("INTEGER \(wide) does not fit in \(T.self)") }
        return exact
    }
}
