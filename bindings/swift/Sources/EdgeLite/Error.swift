internal import EdgeLiteNative

/// An error from edgelite, in any mode: one case per primary code of docs/errors.md, each
/// carrying the core's extended code, its name, the message, and more (`Details`).
///
/// Match a case, or compare `code`:
///
/// ```swift
/// do {
///     try conn.execute("INSERT INTO users(email) VALUES (?)", email)
/// } catch EdgeLiteError.constraint(let details) where details.name == "SQLITE_CONSTRAINT_UNIQUE" {
///     // already registered
/// } catch let error as EdgeLiteError where error.isRetryable {
///     // try again later
/// }
/// ```
public enum EdgeLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What every error carries.
    public struct Details: Sendable, Equatable {
        /// The extended code, e.g. 2067 for `SQLITE_CONSTRAINT_UNIQUE`; the primary code when
        /// there is no finer one. `extendedCode & 0xFF` is the primary code.
        public let extendedCode: Int32
        /// The extended code's name, e.g. `"SQLITE_CONSTRAINT_UNIQUE"`.
        public let name: String
        /// The message from SQLite, the server or edgelite; for people, not for matching.
        public let message: String
        /// For batch errors: the zero-based index of the statement that failed.
        public let statementIndex: Int?
        /// Whether the same call, unchanged, may succeed later (busy, locked, network).
        public let isRetryable: Bool
    }

    /// The primary codes: SQLite's, and edgelite's own (192-196). This enum is the binding's
    /// one error-mapping table (docs/errors.md, column "Swift `code`").
    public enum Code: Int32, Sendable, CaseIterable {
        case sqlError = 1
        case `internal` = 2
        case permissionDenied = 3
        case abort = 4
        case busy = 5
        case locked = 6
        case outOfMemory = 7
        case readOnly = 8
        case interrupted = 9
        case ioError = 10
        case corrupt = 11
        case notFound = 12
        case diskFull = 13
        case cannotOpen = 14
        case fileLockingProtocol = 15
        case empty = 16
        case schemaChanged = 17
        case tooBig = 18
        case constraint = 19
        case typeMismatch = 20
        case misuse = 21
        case noLargeFileSupport = 22
        case authorizationDenied = 23
        case format = 24
        case range = 25
        case notADatabase = 26
        case notice = 27
        case warning = 28
        case remote = 192
        case auth = 193
        case `protocol` = 194
        case sync = 195
        case unsupported = 196

        /// The code's name as the core spells it (`"SQLITE_CONSTRAINT"`, `"EDGELITE_REMOTE"`).
        public var name: String { codeNames[rawValue] ?? "UNKNOWN(\(rawValue))" }
    }

    case sqlError(Details)
    case `internal`(Details)
    case permissionDenied(Details)
    case abort(Details)
    case busy(Details)
    case locked(Details)
    case outOfMemory(Details)
    case readOnly(Details)
    case interrupted(Details)
    case ioError(Details)
    case corrupt(Details)
    case notFound(Details)
    case diskFull(Details)
    case cannotOpen(Details)
    case fileLockingProtocol(Details)
    case empty(Details)
    case schemaChanged(Details)
    case tooBig(Details)
    case constraint(Details)
    case typeMismatch(Details)
    case misuse(Details)
    case noLargeFileSupport(Details)
    case authorizationDenied(Details)
    case format(Details)
    case range(Details)
    case notADatabase(Details)
    case notice(Details)
    case warning(Details)
    case remote(Details)
    case auth(Details)
    case `protocol`(Details)
    case sync(Details)
    case unsupported(Details)

    /// The error for `code` with `details`.
    public init(code: Code, details: Details) {
        switch code {
        case .sqlError: self = .sqlError(details)
        case .internal: self = .internal(details)
        case .permissionDenied: self = .permissionDenied(details)
        case .abort: self = .abort(details)
        case .busy: self = .busy(details)
        case .locked: self = .locked(details)
        case .outOfMemory: self = .outOfMemory(details)
        case .readOnly: self = .readOnly(details)
        case .interrupted: self = .interrupted(details)
        case .ioError: self = .ioError(details)
        case .corrupt: self = .corrupt(details)
        case .notFound: self = .notFound(details)
        case .diskFull: self = .diskFull(details)
        case .cannotOpen: self = .cannotOpen(details)
        case .fileLockingProtocol: self = .fileLockingProtocol(details)
        case .empty: self = .empty(details)
        case .schemaChanged: self = .schemaChanged(details)
        case .tooBig: self = .tooBig(details)
        case .constraint: self = .constraint(details)
        case .typeMismatch: self = .typeMismatch(details)
        case .misuse: self = .misuse(details)
        case .noLargeFileSupport: self = .noLargeFileSupport(details)
        case .authorizationDenied: self = .authorizationDenied(details)
        case .format: self = .format(details)
        case .range: self = .range(details)
        case .notADatabase: self = .notADatabase(details)
        case .notice: self = .notice(details)
        case .warning: self = .warning(details)
        case .remote: self = .remote(details)
        case .auth: self = .auth(details)
        case .protocol: self = .protocol(details)
        case .sync: self = .sync(details)
        case .unsupported: self = .unsupported(details)
        }
    }

    /// The primary code.
    public var code: Code {
        switch self {
        case .sqlError: .sqlError
        case .internal: .internal
        case .permissionDenied: .permissionDenied
        case .abort: .abort
        case .busy: .busy
        case .locked: .locked
        case .outOfMemory: .outOfMemory
        case .readOnly: .readOnly
        case .interrupted: .interrupted
        case .ioError: .ioError
        case .corrupt: .corrupt
        case .notFound: .notFound
        case .diskFull: .diskFull
        case .cannotOpen: .cannotOpen
        case .fileLockingProtocol: .fileLockingProtocol
        case .empty: .empty
        case .schemaChanged: .schemaChanged
        case .tooBig: .tooBig
        case .constraint: .constraint
        case .typeMismatch: .typeMismatch
        case .misuse: .misuse
        case .noLargeFileSupport: .noLargeFileSupport
        case .authorizationDenied: .authorizationDenied
        case .format: .format
        case .range: .range
        case .notADatabase: .notADatabase
        case .notice: .notice
        case .warning: .warning
        case .remote: .remote
        case .auth: .auth
        case .protocol: .protocol
        case .sync: .sync
        case .unsupported: .unsupported
        }
    }

    /// Everything the error carries.
    public var details: Details {
        switch self {
        case .sqlError(let d), .internal(let d), .permissionDenied(let d), .abort(let d), .busy(let d),
             .locked(let d), .outOfMemory(let d), .readOnly(let d), .interrupted(let d), .ioError(let d),
             .corrupt(let d), .notFound(let d), .diskFull(let d), .cannotOpen(let d),
             .fileLockingProtocol(let d), .empty(let d), .schemaChanged(let d), .tooBig(let d),
             .constraint(let d), .typeMismatch(let d), .misuse(let d), .noLargeFileSupport(let d),
             .authorizationDenied(let d), .format(let d), .range(let d), .notADatabase(let d),
             .notice(let d), .warning(let d), .remote(let d), .auth(let d), .protocol(let d),
             .sync(let d), .unsupported(let d):
            d
        }
    }

    public var extendedCode: Int32 { details.extendedCode }
    public var name: String { details.name }
    public var message: String { details.message }
    public var statementIndex: Int? { details.statementIndex }
    public var isRetryable: Bool { details.isRetryable }

    public var description: String {
        var text = "\(name): \(message)"
        if let index = statementIndex { text += " (statement \(index))" }
        return text
    }
}

extension EdgeLiteError {
    /// Maps the native error by its primary code (`extendedCode & 0xFF`) through `Code`. A
    /// primary code this binding does not know (a newer core) keeps its codes and becomes
    /// `.internal`, so nothing is lost.
    init(native: NativeError) {
        switch native {
        case let .Failure(extendedCode, name, message, statementIndex, retryable):
            let details = Details(
                extendedCode: extendedCode, name: name, message: message,
                statementIndex: statementIndex.map { Int($0) }, isRetryable: retryable)
            self.init(code: Code(rawValue: extendedCode & 0xFF) ?? .internal, details: details)
        }
    }

    /// An error the Swift side detects (a bad index, a value of the wrong type), built by the
    /// core from its code so its name and flags are the core's.
    static func make(_ extendedCode: Int32, _ message: String) -> EdgeLiteError {
        do {
            try nativeFailWith(extendedCode: extendedCode, message: message)
        } catch let error as NativeError {
            return EdgeLiteError(native: error)
        } catch {}
        return .internal(Details(
            extendedCode: 2, name: "SQLITE_INTERNAL", message: message, statementIndex: nil, isRetryable: false))
    }

    static func mismatch(_ message: String) -> EdgeLiteError { make(Code.typeMismatch.rawValue, message) }
    static func range(_ message: String) -> EdgeLiteError { make(Code.range.rawValue, message) }
}

/// The core's names for every code (asked once: the names have one source, the core).
let codeNames: [Int32: String] = Dictionary(
    nativeErrorCodes().map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })

/// Runs a native call, turning its error into `EdgeLiteError`.
@inline(__always)
func native<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as NativeError {
        throw EdgeLiteError(native: error)
    } catch let error as EdgeLiteError {
        throw error
    } catch {
        throw EdgeLiteError.make(EdgeLiteError.Code.internal.rawValue, "unexpected error: \(error)")
    }
}
