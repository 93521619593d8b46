import Foundation
internal import EdgeLiteNative

/// The compact byte layout in which parameters and rows cross to the Rust library: one buffer
/// per call instead of one uniffi value per SQLite value. `src/wire.rs` is the other half and
/// documents the layout; the two must agree byte for byte. Integers are little-endian.
enum Wire {
    static let tagNull: UInt8 = 0
    static let tagInteger: UInt8 = 1
    static let tagReal: UInt8 = 2
    static let tagText: UInt8 = 3
    static let tagBlob: UInt8 = 4

    static let paramsPositional: UInt8 = 0
    static let paramsNamed: UInt8 = 1

    // MARK: parameters

    /// Calls `body` with the address and length of the encoded `parameters` (0 and 0 for
    /// none), which stay valid until it returns: the native library reads them during the
    /// call. They are written on the stack when small enough, so a statement's parameters
    /// usually cost no allocation.
    static func withEncoded<R>(_ parameters: Parameters, _ body: (UInt64, UInt64) throws -> R) rethrows -> R {
        switch parameters {
        case .positional(let values):
            return try values.withUnsafeBufferPointer { try withEncoded(positional: $0, body) }
        case .named(let values):
            let size = values.reduce(5) { $0 + 4 + $1.0.utf8.count + self.size(of: $1.1) }
            return try withWritten(size: size, body) { writer in
                writer.byte(paramsNamed)
                writer.count(values.count)
                for (name, value) in values {
                    writer.text(name)
                    writer.value(value)
                }
            }
        }
    }

    /// Like `withEncoded(_:_:)` for positional parameters as the variadic calls receive them,
    /// without building a `Parameters` array first.
    static func withEncoded<R>(_ bindables: [(any SQLBindable)?], _ body: (UInt64, UInt64) throws -> R) rethrows -> R {
        if bindables.isEmpty { return try body(0, 0) }
        return try withUnsafeTemporaryAllocation(of: Value.self, capacity: bindables.count) { values in
            var slot = values.baseAddress!
            for bindable in bindables {
                if let bindable { slot.initialize(to: bindable.sqlValue) } else { slot.initialize(to: .null) }
                slot += 1
            }
            defer { values.baseAddress!.deinitialize(count: bindables.count) }
            return try withEncoded(positional: UnsafeBufferPointer(values), body)
        }
    }

    private static func withEncoded<R>(
        positional values: UnsafeBufferPointer<Value>, _ body: (UInt64, UInt64) throws -> R
    ) rethrows -> R {
        if values.isEmpty { return try body(0, 0) }
        let size = values.reduce(5) { $0 + self.size(of: $1) }
        return try withWritten(size: size, body) { writer in
            writer.byte(paramsPositional)
            writer.count(values.count)
            for value in values { writer.value(value) }
        }
    }

    /// Writes exactly `size` bytes with `write` into temporary memory and passes them to `body`.
    private static func withWritten<R>(
        size: Int, _ body: (UInt64, UInt64) throws -> R, _ write: (inout Writer) -> Void
    ) rethrows -> R {
        try withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { buffer in
            var writer = Writer(out: buffer)
            write(&writer)
            precondition(writer.offset == size, "parameter size miscounted")
            return try body(address(of: buffer), UInt64(size))
        }
    }

    /// The encoded `parameters` as `Data` (for a batch's statements).
    static func encode(_ parameters: Parameters) -> Data {
        withEncoded(parameters) { address, length in
            guard let start = UnsafeRawPointer(bitPattern: UInt(address)) else { return Data() }
            return Data(bytes: start, count: Int(length))
        }
    }

    /// Runs a native `execute`, passing it where to write the last insert rowid.
    static func executing(_ body: (UInt64) throws -> UInt64) throws -> ExecuteResult {
        var rowid: Int64 = 0
        let changes = try withUnsafeMutablePointer(to: &rowid) { try body(UInt64(UInt(bitPattern: $0))) }
        return ExecuteResult(changes: Int(changes), lastInsertRowID: rowid)
    }

    private static func size(of value: Value) -> Int {
        switch value {
        case .null: 1
        case .integer, .real: 9
        case .text(let v): 5 + v.utf8.count
        case .blob(let v): 5 + v.count
        }
    }

    private struct Writer {
        let out: UnsafeMutableRawBufferPointer
        var offset = 0

        mutating func byte(_ b: UInt8) {
            out[offset] = b
            offset += 1
        }

        mutating func word(_ w: UInt64) {
            out.storeBytes(of: w.littleEndian, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }

        mutating func count(_ n: Int) {
            out.storeBytes(of: UInt32(n).littleEndian, toByteOffset: offset, as: UInt32.self)
            offset += 4
        }

        mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
            count(bytes.count)
            if let source = bytes.baseAddress, bytes.count > 0 {
                (out.baseAddress! + offset).copyMemory(from: source, byteCount: bytes.count)
            }
            offset += bytes.count
        }

        mutating func text(_ text: String) {
            var text = text
            text.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
        }

        mutating func value(_ value: Value) {
            switch value {
            case .null:
                byte(Wire.tagNull)
            case .integer(let v):
                byte(Wire.tagInteger)
                word(UInt64(bitPattern: v))
            case .real(let v):
                byte(Wire.tagReal)
                word(v.bitPattern)
            case .text(let v):
                byte(Wire.tagText)
                text(v)
            case .blob(let v):
                byte(Wire.tagBlob)
                v.withUnsafeBytes { bytes($0) }
            }
        }
    }

    // MARK: rows

    /// Copies rows the native library encoded out of it and decodes them.
    static func decodeRows(_ encoded: NativeEncoded, reusing columns: ColumnSet? = nil) throws -> Rows {
        // A point query's rows fit on the stack: one native call, and no allocation to copy
        // them into.
        var size = 0
        let small = try withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 8) { buffer -> Rows? in
            size = Int(encoded.copyTo(address: address(of: buffer), capacity: UInt64(buffer.count)))
            guard size <= buffer.count else { return nil }
            return try decodeRows(UnsafeRawBufferPointer(rebasing: buffer[..<size]), reusing: columns)
        }
        if let small { return small }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        _ = encoded.copyTo(address: address(of: buffer), capacity: UInt64(size))
        return try decodeRows(UnsafeRawBufferPointer(buffer), reusing: columns)
    }

    private static func address(of buffer: UnsafeMutableRawBufferPointer) -> UInt64 {
        UInt64(UInt(bitPattern: buffer.baseAddress))
    }

    /// Decodes a rows buffer the native library returned as `Data` (a batch's results).
    static func decodeRows(_ data: Data) throws -> Rows {
        try data.withUnsafeBytes { try decodeRows($0, reusing: nil) }
    }

    /// Decodes a rows buffer. `columns` is the column set of an earlier result of the same
    /// statement: when the buffer's columns are the same, its rows share it (no new name
    /// lookup table per point query).
    static func decodeRows(_ raw: UnsafeRawBufferPointer, reusing columns: ColumnSet?) throws -> Rows {
        var reader = Reader(raw: raw)
        let columnSet = try reader.columns(reusing: columns)
        let rowCount = try reader.count()
        let width = columnSet.columns.count
        var rows: [Row] = []
        // Every value takes at least one byte: a corrupt count cannot reserve much.
        rows.reserveCapacity(width == 0 ? 0 : min(rowCount, raw.count / width))
        for _ in 0..<rowCount {
            var values: [Value] = []
            values.reserveCapacity(width)
            for _ in 0..<width { values.append(try reader.value()) }
            rows.append(Row(columnSet: columnSet, values: values))
        }
        guard reader.offset == raw.count else { throw malformed("trailing bytes") }
        return Rows(columnSet: columnSet, rows: rows)
    }

    static func malformed(_ what: String) -> EdgeLiteError {
        EdgeLiteError.make(EdgeLiteError.Code.internal.rawValue, "malformed rows buffer from the native library: \(what)")
    }

    /// Reads a buffer front to back, checking every read against its end.
    private struct Reader {
        let raw: UnsafeRawBufferPointer
        var offset = 0

        mutating func take(_ n: Int) throws -> Int {
            guard n <= raw.count - offset else { throw malformed("truncated") }
            defer { offset += n }
            return offset
        }

        mutating func byte() throws -> UInt8 {
            raw[try take(1)]
        }

        mutating func word() throws -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self))
        }

        mutating func count() throws -> Int {
            Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self)))
        }

        mutating func bytes() throws -> UnsafeRawBufferPointer {
            let n = try count()
            let start = try take(n)
            return UnsafeRawBufferPointer(rebasing: raw[start..<start + n])
        }

        mutating func text() throws -> String {
            // The library sends valid UTF-8 (invalid text arrives as U+FFFD already).
            String(decoding: try bytes(), as: UTF8.self)
        }

        mutating func value() throws -> Value {
            switch try byte() {
            case Wire.tagNull: return .null
            case Wire.tagInteger: return .integer(Int64(bitPattern: try word()))
            case Wire.tagReal: return .real(Double(bitPattern: try word()))
            case Wire.tagText: return .text(try text())
            case Wire.tagBlob: return .blob(Data(try bytes()))
            case let tag: throw malformed("value tag \(tag)")
            }
        }

        mutating func columns(reusing cached: ColumnSet?) throws -> ColumnSet {
            let start = offset
            let count = try count()
            for _ in 0..<count {
                _ = try bytes()
                if try byte() != 0 { _ = try bytes() }
            }
            let encoded = UnsafeRawBufferPointer(rebasing: raw[start..<offset])
            if let cached, cached.encoded.count == encoded.count,
                cached.encoded.withUnsafeBytes({ memcmp($0.baseAddress!, encoded.baseAddress!, encoded.count) == 0 })
            {
                return cached
            }
            var again = Reader(raw: raw, offset: start + 4)
            var columns: [Column] = []
            columns.reserveCapacity(count)
            for _ in 0..<count {
                let name = try again.text()
                let declaredType = try again.byte() == 0 ? nil : try again.text()
                columns.append(Column(name: name, declaredType: declaredType))
            }
            return ColumnSet(columns, encoded: Data(encoded))
        }
    }
}
