import Foundation
internal import EdgeLiteNative

/// What a write did.
public struct ExecuteResult: Sendable, Equatable {
    /// Rows inserted, updated or deleted by the statement (0 for other statements).
    public let changes: Int
    /// The connection's last insert rowid after the statement.
    public let lastInsertRowID: Int64
}

/// How a transaction takes its locks.
public enum TransactionKind: Sendable {
    /// Locks are taken by the first read or write (SQLite's default).
    case deferred
    /// The write lock is taken at once.
    case immediate
    /// Like immediate; in rollback-journal mode readers are locked out too.
    case exclusive
    /// Every statement that would write fails with `EdgeLiteError.readOnly`.
    case readOnly

    var native: NativeTransactionKind {
        switch self {
        case .deferred: .deferred
        case .immediate: .immediate
        case .exclusive: .exclusive
        case .readOnly: .readOnly
        }
    }
}

/// One statement of a `batch`.
public struct BatchStatement: Sendable {
    public let sql: String
    public let parameters: Parameters

    public init(_ sql: String, _ parameters: Parameters = .none) {
        self.sql = sql
        self.parameters = parameters
    }
}

/// What one statement of a batch produced.
public struct BatchResult: Sendable {
    public let rows: Rows
    public let changes: Int
    public let lastInsertRowID: Int64
}

/// A connection to a database. Calls from several threads or tasks are serialized; for
/// parallel reads open one connection each. `interrupt()` may be called from anywhere.
///
/// Parameters are given inline (`execute(sql, 1, "a")`), as an array (`parameters: [...]`),
/// by name (`named: [":id": 1]`), or as `Parameters`.
public final class Connection: Sendable {
    let handle: NativeConnection

    init(handle: NativeConnection) {
        self.handle = handle
    }

    // MARK: execute

    /// Runs one statement.
    @discardableResult
    public func execute(_ sql: String, _ parameters: (any SQLBindable)?...) throws -> ExecuteResult {
        try Wire.withEncoded(parameters) { try execute(sql, address: $0, length: $1) }
    }

    @discardableResult
    public func execute(_ sql: String, parameters: [(any SQLBindable)?]) throws -> ExecuteResult {
        try Wire.withEncoded(parameters) { try execute(sql, address: $0, length: $1) }
    }

    @discardableResult
    public func execute(_ sql: String, named: [String: (any SQLBindable)?]) throws -> ExecuteResult {
        try execute(sql, Parameters(named: named))
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: Parameters) throws -> ExecuteResult {
        try Wire.withEncoded(parameters) { try execute(sql, address: $0, length: $1) }
    }

    private func execute(_ sql: String, address: UInt64, length: UInt64) throws -> ExecuteResult {
        try native {
            try Wire.executing {
                try handle.execute(sql: sql, paramsAddress: address, paramsLength: length, rowidAddress: $0)
            }
        }
    }

    // MARK: query

    /// Runs a query and returns all its rows.
    public func query(_ sql: String, _ parameters: (any SQLBindable)?...) throws -> Rows {
        try Wire.withEncoded(parameters) { try query(sql, address: $0, length: $1) }
    }

    public func query(_ sql: String, parameters: [(any SQLBindable)?]) throws -> Rows {
        try Wire.withEncoded(parameters) { try query(sql, address: $0, length: $1) }
    }

    public func query(_ sql: String, named: [String: (any SQLBindable)?]) throws -> Rows {
        try query(sql, Parameters(named: named))
    }

    public func query(_ sql: String, _ parameters: Parameters) throws -> Rows {
        try Wire.withEncoded(parameters) { try query(sql, address: $0, length: $1) }
    }

    private func query(_ sql: String, address: UInt64, length: UInt64) throws -> Rows {
        try Wire.decodeRows(native { try handle.query(sql: sql, paramsAddress: address, paramsLength: length) })
    }

    /// Runs a query and decodes each row into `T` (coding keys match column names).
    public func query<T: Decodable>(
        _ type: T.Type, _ sql: String, _ parameters: (any SQLBindable)?...
    ) throws -> [T] {
        try query(sql, Parameters(parameters)).decode(type)
    }

    // MARK: statements, scripts, batches

    /// Prepares one statement for repeated use.
    public func prepare(_ sql: String) throws -> Statement {
        Statement(handle: try native { try handle.prepare(sql: sql) }, connection: handle)
    }

    /// Runs a script of several statements separated by semicolons.
    public func executeBatch(_ sql: String) throws {
        try native { try handle.executeBatch(sql: sql) }
    }

    /// Runs statements atomically in one transaction: all succeed, or the first failure
    /// (its `statementIndex` set) rolls them all back.
    @discardableResult
    public func batch(_ statements: [BatchStatement], kind: TransactionKind = .deferred) throws
        -> [BatchResult]
    {
        let stmts = statements.map { NativeBatchStatement(sql: $0.sql, params: $0.parameters.encoded) }
        let results = try native { try handle.batch(statements: stmts, kind: kind.native) }
        return try results.map {
            BatchResult(
                rows: try Wire.decodeRows($0.rows), changes: Int($0.changes), lastInsertRowID: $0.lastInsertRowid)
        }
    }

    // MARK: transactions

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws (and
    /// rethrows its error).
    ///
    /// ```swift
    /// try conn.transaction { tx in
    ///     try tx.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
    ///     try tx.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2")
    /// }
    /// ```
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: (Connection) throws -> T) throws -> T {
        try begin(kind)
        let result: T
        do {
            result = try body(self)
        } catch {
            rollbackAfterFailure()
            throw error
        }
        try commit()
        return result
    }

    /// Runs `body` inside a savepoint: released when it returns, rolled back to when it
    /// throws. Savepoints nest, inside or outside a transaction.
    @discardableResult
    public func savepoint<T>(_ name: String = "edgelite_sp", _ body: (Connection) throws -> T) throws -> T {
        try native { try handle.savepoint(name: name) }
        let result: T
        do {
            result = try body(self)
        } catch {
            try? native { try handle.rollbackToSavepoint(name: name) }
            try? native { try handle.releaseSavepoint(name: name) }
            throw error
        }
        try native { try handle.releaseSavepoint(name: name) }
        return result
    }

    /// Opens a savepoint explicitly (prefer `savepoint { }`).
    public func savepoint(_ name: String) throws {
        try native { try handle.savepoint(name: name) }
    }

    /// Releases (commits into the enclosing transaction) the savepoint `name`.
    public func releaseSavepoint(_ name: String) throws {
        try native { try handle.releaseSavepoint(name: name) }
    }

    /// Rolls back to the savepoint `name`, which stays open.
    public func rollbackToSavepoint(_ name: String) throws {
        try native { try handle.rollbackToSavepoint(name: name) }
    }

    /// Starts a transaction explicitly (prefer `transaction { }`).
    public func begin(_ kind: TransactionKind = .deferred) throws {
        try native { try handle.begin(kind: kind.native) }
    }

    public func commit() throws {
        try native { try handle.commit() }
    }

    public func rollback() throws {
        try native { try handle.rollback() }
    }

    func rollbackAfterFailure() {
        // The body's error is what the caller needs; a failed rollback (e.g. the transaction
        // is already gone) must not replace it.
        if (try? native({ try handle.isAutocommit() })) == false {
            try? native { try handle.rollback() }
        }
    }

    // MARK: state

    /// Whether no transaction is open.
    public var isAutocommit: Bool {
        get throws { try native { try handle.isAutocommit() } }
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int64 {
        get throws { try native { try handle.lastInsertRowid() } }
    }

    /// Rows changed by the last statement.
    public var changes: Int {
        get throws { Int(try native { try handle.changes() }) }
    }

    /// Rows changed since the connection opened.
    public var totalChanges: Int {
        get throws { Int(try native { try handle.totalChanges() }) }
    }

    /// How long a statement waits for another connection's lock before `.busy`.
    public func setBusyTimeout(_ timeout: Duration) throws {
        try native { try handle.setBusyTimeout(ms: milliseconds(timeout)) }
    }

    /// Interrupts the statement running on this connection; it fails with `.interrupted`.
    public func interrupt() {
        handle.interrupt()
    }

    /// Closes the connection; later calls fail with `.misuse` (`EDGELITE_MISUSE_CLOSED`).
    public func close() throws {
        try native { try handle.close() }
    }

    public var isClosed: Bool { handle.isClosed() }
}
