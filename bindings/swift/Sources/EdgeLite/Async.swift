import Dispatch
import Foundation

/// The core's API is blocking (network I/O runs on the core's own runtime). These `async`
/// variants run the blocking call on a Dispatch worker, so the calling task's thread (the
/// main actor, a cooperative-pool thread) is never blocked.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}

extension Database {
    /// Opens an embedded database without blocking the caller.
    public static func open(path: String, readOnly: Bool = false) async throws -> Database {
        try await offload { try Database(path: path, readOnly: readOnly) }
    }

    /// Opens a remote database without blocking the caller.
    public static func open(url: String, authToken: String? = nil, namespace: String? = nil) async throws -> Database {
        try await offload { try Database(url: url, authToken: authToken, namespace: namespace) }
    }

    /// Opens an embedded replica without blocking the caller.
    public static func open(
        path: String, syncURL: String, authToken: String? = nil, syncInterval: Duration? = nil,
        readYourWrites: Bool = true, namespace: String? = nil
    ) async throws -> Database {
        try await offload {
            try Database(
                path: path, syncURL: syncURL, authToken: authToken, syncInterval: syncInterval,
                readYourWrites: readYourWrites, namespace: namespace)
        }
    }

    public func connect() async throws -> Connection {
        try await offload { try self.connect() }
    }

    @discardableResult
    public func sync() async throws -> SyncResult {
        try await offload { try self.sync() }
    }
}

extension Connection {
    @discardableResult
    public func execute(_ sql: String, _ parameters: (any SQLBindable)?...) async throws -> ExecuteResult {
        let parameters = Parameters(parameters)
        return try await offload { try self.execute(sql, parameters) }
    }

    @discardableResult
    public func execute(_ sql: String, parameters: [(any SQLBindable)?]) async throws -> ExecuteResult {
        let parameters = Parameters(parameters)
        return try await offload { try self.execute(sql, parameters) }
    }

    @discardableResult
    public func execute(_ sql: String, named: [String: (any SQLBindable)?]) async throws -> ExecuteResult {
        let parameters = Parameters(named: named)
        return try await offload { try self.execute(sql, parameters) }
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: Parameters) async throws -> ExecuteResult {
        try await offload { try self.execute(sql, parameters) }
    }

    public func query(_ sql: String, _ parameters: (any SQLBindable)?...) async throws -> Rows {
        let parameters = Parameters(parameters)
        return try await offload { try self.query(sql, parameters) }
    }

    public func query(_ sql: String, parameters: [(any SQLBindable)?]) async throws -> Rows {
        let parameters = Parameters(parameters)
        return try await offload { try self.query(sql, parameters) }
    }

    public func query(_ sql: String, named: [String: (any SQLBindable)?]) async throws -> Rows {
        let parameters = Parameters(named: named)
        return try await offload { try self.query(sql, parameters) }
    }

    public func query(_ sql: String, _ parameters: Parameters) async throws -> Rows {
        try await offload { try self.query(sql, parameters) }
    }

    public func query<T: Decodable>(_ type: T.Type, _ sql: String, _ parameters: (any SQLBindable)?...) async throws
        -> [T]
    {
        let parameters = Parameters(parameters)
        let rows = try await offload { try self.query(sql, parameters) }
        return try rows.decode(type)
    }

    public func prepare(_ sql: String) async throws -> Statement {
        try await offload { try self.prepare(sql) }
    }

    public func executeBatch(_ sql: String) async throws {
        try await offload { try self.executeBatch(sql) }
    }

    @discardableResult
    public func batch(_ statements: [BatchStatement], kind: TransactionKind = .deferred) async throws -> [BatchResult] {
        try await offload { try self.batch(statements, kind: kind) }
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    /// Other tasks using this connection meanwhile run inside the transaction too: give a
    /// transaction its own connection when tasks share one.
    @discardableResult
    public func transaction<T: Sendable>(
        _ kind: TransactionKind = .deferred, _ body: @Sendable (Connection) async throws -> T
    ) async throws -> T {
        try await offload { try self.begin(kind) }
        let result: T
        do {
            result = try await body(self)
        } catch {
            await offloadIgnoringErrors { self.rollbackAfterFailure() }
            throw error
        }
        try await offload { try self.commit() }
        return result
    }

    public func close() async throws {
        try await offload { try self.close() }
    }
}

extension Statement {
    @discardableResult
    public func execute(_ parameters: (any SQLBindable)?...) async throws -> ExecuteResult {
        let parameters = Parameters(parameters)
        return try await offload { try self.execute(parameters) }
    }

    @discardableResult
    public func execute(_ parameters: Parameters) async throws -> ExecuteResult {
        try await offload { try self.execute(parameters) }
    }

    public func query(_ parameters: (any SQLBindable)?...) async throws -> Rows {
        let parameters = Parameters(parameters)
        return try await offload { try self.query(parameters) }
    }

    public func query(_ parameters: Parameters) async throws -> Rows {
        try await offload { try self.query(parameters) }
    }
}

func offloadIgnoringErrors(_ work: @escaping @Sendable () -> Void) async {
    _ = try? await offload { work() }
}
