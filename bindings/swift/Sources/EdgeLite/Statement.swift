import Foundation
internal import EdgeLiteNative

/// A prepared statement: run it many times with different parameters.
///
/// ```swift
/// let insert = try conn.prepare("INSERT INTO t(x) VALUES (?)")
/// for x in 1...100 { try insert.execute(x) }
/// ```
public final class Statement: Sendable {
    let handle: NativeStatement
    let connection: NativeConnection
    /// The columns of the last result: the next result with the same columns shares them.
    private let lastColumns = LastColumns()

    init(handle: NativeStatement, connection: NativeConnection) {
        self.handle = handle
        self.connection = connection
    }

    /// The SQL text.
    public var sql: String {
        get throws { try native { try handle.sql() } }
    }

    /// The result columns (empty for statements that return no rows).
    public var columns: [Column] {
        get throws { try native { try handle.columns() }.map(Column.init(native:)) }
    }

    /// The number of parameters (the largest index for `?NNN`).
    public var parameterCount: Int {
        get throws { Int(try native { try handle.parameterCount() }) }
    }

    /// Each parameter's name with its prefix (`":id"`), or `nil` for a positional `?`.
    public var parameterNames: [String?] {
        get throws { try native { try handle.parameterNames() } }
    }

    /// Whether the statement makes no direct changes to the database.
    public var isReadOnly: Bool {
        get throws { try native { try handle.isReadonly() } }
    }

    @discardableResult
    public func execute(_ parameters: (any SQLBindable)?...) throws -> ExecuteResult {
        try Wire.withEncoded(parameters, execute(address:length:))
    }

    @discardableResult
    public func execute(named: [String: (any SQLBindable)?]) throws -> ExecuteResult {
        try execute(Parameters(named: named))
    }

    @discardableResult
    public func execute(_ parameters: Parameters) throws -> ExecuteResult {
        try Wire.withEncoded(parameters, execute(address:length:))
    }

    private func execute(address: UInt64, length: UInt64) throws -> ExecuteResult {
        try native {
            try Wire.executing { try handle.execute(paramsAddress: address, paramsLength: length, rowidAddress: $0) }
        }
    }

    public func query(_ parameters: (any SQLBindable)?...) throws -> Rows {
        try Wire.withEncoded(parameters, query(address:length:))
    }

    public func query(named: [String: (any SQLBindable)?]) throws -> Rows {
        try query(Parameters(named: named))
    }

    public func query(_ parameters: Parameters) throws -> Rows {
        try Wire.withEncoded(parameters, query(address:length:))
    }

    private func query(address: UInt64, length: UInt64) throws -> Rows {
        let encoded = try native { try handle.query(paramsAddress: address, paramsLength: length) }
        let rows = try Wire.decodeRows(encoded, reusing: lastColumns.get())
        lastColumns.set(rows.columnSet)
        return rows
    }

    /// Resets the statement (it is reset before each run anyway).
    public func reset() throws {
        try native { try handle.reset() }
    }
}

/// A statement's last column set, shared by the threads that use the statement.
private final class LastColumns: @unchecked Sendable {
    private let lock = NSLock()
    private var columns: ColumnSet?

    func get() -> ColumnSet? {
        lock.lock()
        defer { lock.unlock() }
        return columns
    }

    func set(_ columns: ColumnSet) {
        lock.lock()
        defer { lock.unlock() }
        self.columns = columns
    }
}
