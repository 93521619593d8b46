// The Swift conformance runner (conformance/PROTOCOL.md): reads one JSON request per line on
// stdin, performs it only through EdgeLite's public API, and answers one JSON line on stdout.
// The harness runs it inside the Swift chroot through bindings/swift/conformance/runner.sh.
import Dispatch
import EdgeLite
import Foundation

// MARK: - JSON out (hand-written so reals keep their shortest round-trip form)

indirect enum JSON {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return JSON.quote(s)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.map { JSON.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

struct ProtocolError: Error { let message: String }

func encode(_ value: Value) -> JSON {
    switch value {
    case .null: return .null
    case .integer(let v): return .object([("int", .string(String(v)))])
    case .real(let v):
        if v.isNaN { return .object([("real", .string("NaN"))]) }
        if v == .infinity { return .object([("real", .string("Infinity"))]) }
        if v == -.infinity { return .object([("real", .string("-Infinity"))]) }
        if v == 0 && v.sign == .minus { return .object([("real", .string("-0.0"))]) }
        // Swift's description is the shortest string that reads back as the same double.
        return .object([("real", .number(v.description))])
    case .text(let v): return .object([("text", .string(v))])
    case .blob(let v): return .object([("blob", .string(v.base64EncodedString()))])
    }
}

func decode(_ json: Any) throws -> Value {
    if json is NSNull { return .null }
    guard let object = json as? [String: Any], object.count == 1, let (kind, payload) = object.first else {
        throw ProtocolError(message: "bad typed value \(json)")
    }
    switch kind {
    case "int":
        guard let s = payload as? String, let v = Int64(s) else {
            // Out of Int64's range: bind as the text the harness sent would be wrong, so
            // refuse as the binding would (Swift has no wider integer parameter type).
            throw ProtocolError(message: "integer \(payload) is outside Int64")
        }
        return .integer(v)
    case "real":
        if let s = payload as? String {
            switch s {
            case "NaN": return .real(.nan)
            case "Infinity": return .real(.infinity)
            case "-Infinity": return .real(-.infinity)
            case "-0.0": return .real(-0.0)
            default: throw ProtocolError(message: "bad real \(s)")
            }
        }
        guard let n = payload as? NSNumber else { throw ProtocolError(message: "bad real \(payload)") }
        return .real(n.doubleValue)
    case "text":
        guard let s = payload as? String else { throw ProtocolError(message: "bad text") }
        return .text(s)
    case "blob":
        guard let s = payload as? String, let d = Data(base64Encoded: s) else { throw ProtocolError(message: "bad blob") }
        return .blob(d)
    default:
        throw ProtocolError(message: "unknown value kind \(kind)")
    }
}

func parameters(_ json: Any?) throws -> Parameters {
    guard let json, !(json is NSNull) else { return .none }
    if let list = json as? [Any] { return .positional(try list.map(decode)) }
    if let map = json as? [String: Any] {
        return .named(try map.keys.sorted().map { ($0, try decode(map[$0]!)) })
    }
    throw ProtocolError(message: "bad params")
}

func encodeError(_ error: EdgeLiteError) -> JSON {
    var fields: [(String, JSON)] = [
        ("code", .string(error.code.name)),
        ("name", .string(error.name)),
        ("extended_code", .number(String(error.extendedCode))),
        ("message", .string(error.message)),
    ]
    if let index = error.statementIndex { fields.append(("statement_index", .number(String(index)))) }
    return .object(fields)
}

func encodeRows(_ rows: Rows) -> [(String, JSON)] {
    [
        ("columns", .array(rows.columns.map { .string($0.name) })),
        ("decltypes", .array(rows.columns.map { $0.declaredType.map(JSON.string) ?? .null })),
        ("rows", .array(rows.map { row in .array(row.values.map(encode)) })),
    ]
}

// MARK: - State and requests

var databases: [String: Database] = [:]
var connections: [String: Connection] = [:]

func string(_ request: [String: Any], _ key: String) throws -> String {
    guard let s = request[key] as? String else { throw ProtocolError(message: "missing string field \(key)") }
    return s
}

func transactionKind(_ request: [String: Any]) throws -> TransactionKind {
    switch request["mode"] as? String ?? "deferred" {
    case "deferred": return .deferred
    case "immediate": return .immediate
    case "exclusive": return .exclusive
    case "read_only": return .readOnly
    case let other: throw ProtocolError(message: "unknown transaction mode \(other)")
    }
}

func open(_ request: [String: Any]) throws -> [(String, JSON)] {
    let dbName = try string(request, "db")
    let connName = try string(request, "conn")
    if databases[dbName] == nil {
        guard let target = request["target"] as? [String: Any] else { throw ProtocolError(message: "missing target") }
        let options = request["options"] as? [String: Any] ?? [:]
        let readOnly = options["read_only"] as? Bool ?? false
        let create = options["create_if_missing"] as? Bool ?? true
        let busy = (options["busy_timeout_ms"] as? NSNumber).map { Duration.milliseconds($0.int64Value) }
        let db: Database
        switch try string(target, "mode") {
        case "embedded":
            db = try Database(path: try string(target, "path"), readOnly: readOnly, createIfMissing: create, busyTimeout: busy)
        case "remote":
            guard options.isEmpty else { throw ProtocolError(message: "local open options in remote mode") }
            db = try Database(
                url: try string(target, "url"), authToken: target["auth_token"] as? String,
                namespace: target["namespace"] as? String)
        case "replica":
            guard options.isEmpty else { throw ProtocolError(message: "local open options in replica mode") }
            db = try Database(
                path: try string(target, "path"), syncURL: try string(target, "sync_url"),
                authToken: target["auth_token"] as? String, namespace: target["namespace"] as? String)
        case let mode:
            throw ProtocolError(message: "unknown mode \(mode)")
        }
        databases[dbName] = db
    }
    connections[connName] = try databases[dbName]!.connect()
    return []
}

func handle(_ request: [String: Any]) throws -> [(String, JSON)] {
    let op = try string(request, "op")
    switch op {
    case "hello":
        return [
            ("runner", .string("swift")), ("version", .string(EdgeLite.version)),
            ("modes", .array(["embedded", "remote", "replica"].map(JSON.string))),
            ("capabilities", .array(["interrupt", "read_only_transaction", "savepoints"].map(JSON.string))),
        ]
    case "reset":
        connections.removeAll()
        databases.removeAll()
        return []
    case "open":
        return try open(request)
    case "sync":
        let name = request["db"] as? String ?? "main"
        guard let db = databases[name] else { throw ProtocolError(message: "no database named \(name)") }
        let s = try db.sync()
        return [
            ("generation", .number(String(s.generation))), ("frame", .number(String(s.frame))),
            ("frames_applied", .number(String(s.framesApplied))),
        ]
    default:
        let name = request["conn"] as? String ?? "main"
        guard let conn = connections[name] else { throw ProtocolError(message: "no connection named \(name)") }
        return try onConnection(conn, op, request)
    }
}

func onConnection(_ conn: Connection, _ op: String, _ request: [String: Any]) throws -> [(String, JSON)] {
    switch op {
    case "close":
        try conn.close()
        return []
    case "execute":
        let r = try conn.execute(try string(request, "sql"), try parameters(request["params"]))
        return [("changes", .number(String(r.changes))), ("last_insert_rowid", encode(.integer(r.lastInsertRowID)))]
    case "query":
        return encodeRows(try conn.query(try string(request, "sql"), try parameters(request["params"])))
    case "interrupt_query":
        let sql = try string(request, "sql")
        let params = try parameters(request["params"])
        let after = (request["after_ms"] as? NSNumber)?.intValue ?? 100
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(after)) {
            conn.interrupt()
            done.signal()
        }
        defer { done.wait() }
        return encodeRows(try conn.query(sql, params))
    case "prepare":
        let stmt = try conn.prepare(try string(request, "sql"))
        let columns = try stmt.columns
        return [
            ("columns", .array(columns.map { .string($0.name) })),
            ("decltypes", .array(columns.map { $0.declaredType.map(JSON.string) ?? .null })),
            ("param_count", .number(String(try stmt.parameterCount))),
            ("param_names", .array(try stmt.parameterNames.map { $0.map(JSON.string) ?? .null })),
        ]
    case "execute_batch":
        try conn.executeBatch(try string(request, "sql"))
        return []
    case "batch":
        guard let stmts = request["stmts"] as? [[String: Any]] else { throw ProtocolError(message: "batch needs stmts") }
        let statements = try stmts.map { BatchStatement(try string($0, "sql"), try parameters($0["params"])) }
        let results = try conn.batch(statements, kind: try transactionKind(request))
        return [(
            "results",
            .array(results.map { r in
                .object(encodeRows(r.rows) + [
                    ("changes", .number(String(r.changes))),
                    ("last_insert_rowid", encode(.integer(r.lastInsertRowID))),
                ])
            })
        )]
    case "begin":
        try conn.begin(try transactionKind(request))
        return []
    case "commit":
        try conn.commit()
        return []
    case "rollback":
        try conn.rollback()
        return []
    case "savepoint":
        try conn.savepoint(try string(request, "name"))
        return []
    case "release":
        try conn.releaseSavepoint(try string(request, "name"))
        return []
    case "rollback_to":
        try conn.rollbackToSavepoint(try string(request, "name"))
        return []
    case "autocommit":
        return [("value", .bool(try conn.isAutocommit))]
    case "last_insert_rowid":
        return [("value", encode(.integer(try conn.lastInsertRowID)))]
    case "changes":
        return [("value", .number(String(try conn.changes)))]
    case "busy_timeout":
        try conn.setBusyTimeout(.milliseconds((request["ms"] as? NSNumber)?.int64Value ?? 0))
        return []
    default:
        throw ProtocolError(message: "unknown op \(op)")
    }
}

// MARK: - Main loop

while let line = readLine(strippingNewline: true) {
    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
    var answer: JSON
    do {
        guard let request = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw ProtocolError(message: "a request must be a JSON object")
        }
        answer = .object([("ok", .bool(true))] + (try handle(request)))
    } catch let error as EdgeLiteError {
        answer = .object([("ok", .bool(false)), ("error", encodeError(error))])
    } catch let error as ProtocolError {
        answer = .object([("ok", .bool(false)), ("protocol_error", .string(error.message))])
    } catch {
        answer = .object([("ok", .bool(false)), ("protocol_error", .string("\(error)"))])
    }
    FileHandle.standardOutput.write(Data((answer.text + "\n").utf8))
}
