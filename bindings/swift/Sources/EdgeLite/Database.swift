import Foundation
internal import EdgeLiteNative

/// The version of this package (and of the edgelite workspace it is built from).
public enum EdgeLite {
    public static let version = "0.1.0"

    /// The version of the edgelite core linked in.
    public static var coreVersion: String { nativeVersion() }

    /// The version of the bundled SQLite.
    public static var sqliteVersion: String { nativeSqliteVersion() }
}

/// How a database is reached.
public enum Mode: String, Sendable {
    /// SQLite in this process, on a local file or in memory.
    case embedded
    /// A server, over Hrana (HTTP or WebSocket).
    case remote
    /// A local copy synced from a primary: reads are local, writes go to the primary.
    case replica
}

/// What one `sync()` did.
public struct SyncResult: Sendable, Equatable {
    /// The primary's generation the replica is in now.
    public let generation: UInt32
    /// The last frame of that generation the replica has applied.
    public let frame: UInt64
    /// Frames applied by this call.
    public let framesApplied: UInt64
    /// Primary transactions applied by this call.
    public let transactionsApplied: UInt64
    /// Whether this call (re)built the replica from the primary's snapshot.
    public let bootstrapped: Bool
}

/// A database in one of three modes. Open connections with `connect()`.
///
/// ```swift
/// let local = try Database(path: "app.db")                                   // embedded
/// let remote = try Database(url: "https://db.example.com", authToken: token) // remote
/// let replica = try Database(path: "replica.db", syncURL: "https://db.example.com",
///                            authToken: token, syncInterval: .seconds(60))   // replica
/// ```
public final class Database: Sendable {
    let handle: NativeDatabase

    /// The mode this database was opened in.
    public let mode: Mode

    init(target: NativeTarget, options: NativeOptions) throws {
        handle = try native { try NativeDatabase.open(target: target, options: options) }
        mode = Mode(rawValue: handle.mode()) ?? .embedded
    }

    /// An embedded database: a file path (created if missing unless `createIfMissing` is
    /// false), a `file:` URI, or `":memory:"`.
    public convenience init(
        path: String, readOnly: Bool = false, createIfMissing: Bool = true, busyTimeout: Duration? = nil
    ) throws {
        try self.init(
            target: .local(path: path),
            options: NativeOptions(
                readOnly: readOnly, createIfMissing: createIfMissing, busyTimeoutMs: busyTimeout.map(milliseconds)))
    }

    /// A remote database: an `http(s)://`, `ws(s)://` or `libsql://` (= https) server URL.
    /// Opening does not contact the server; the first statement does.
    public convenience init(
        url: String, authToken: String? = nil, namespace: String? = nil, requestTimeout: Duration? = nil
    ) throws {
        try self.init(
            target: .remote(url: url),
            options: NativeOptions(
                authToken: authToken, namespace: namespace, requestTimeoutMs: requestTimeout.map(milliseconds)))
    }

    /// An embedded replica: a local file kept in sync with the primary at `syncURL`. Reads
    /// are served locally; writes go to the primary, and with `readYourWrites` (the default)
    /// a write returns only once the replica has pulled it. With `syncInterval`, the replica
    /// also syncs in the background; `sync()` pulls on demand.
    public convenience init(
        path: String, syncURL: String, authToken: String? = nil, syncInterval: Duration? = nil,
        readYourWrites: Bool = true, namespace: String? = nil
    ) throws {
        try self.init(
            target: .replica(path: path, syncUrl: syncURL),
            options: NativeOptions(
                authToken: authToken, namespace: namespace, syncIntervalMs: syncInterval.map(milliseconds),
                readYourWrites: readYourWrites))
    }

    /// Opens a new connection.
    public func connect() throws -> Connection {
        Connection(handle: try native { try handle.connect() })
    }

    /// Replicas: pulls what the primary committed since the last sync. In other modes an
    /// `EdgeLiteError.unsupported`.
    @discardableResult
    public func sync() throws -> SyncResult {
        let s = try native { try handle.sync() }
        return SyncResult(
            generation: s.generation, frame: s.frame, framesApplied: s.framesApplied,
            transactionsApplied: s.transactionsApplied, bootstrapped: s.bootstrapped)
    }
}

func milliseconds(_ duration: Duration) -> UInt64 {
    let (seconds, attoseconds) = duration.components
    let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return UInt64(max(0, ms))
}
