#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest

@testable import EdgeLite

/// A fresh temporary directory per test, removed afterwards.
func makeTempDir(_ test: XCTestCase) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edgelite-swift-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
}

/// The repository root (this file is bindings/swift/Tests/EdgeLiteTests/Support.swift).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A real `edgelite serve` on 127.0.0.1 with a port of its own; stopped at the end of the test.
final class Server {
    let process = Process()
    let url: String
    let dataDir: URL

    /// `EDGELITE_BIN` (set by ci/test-swift), else `$CARGO_TARGET_DIR/debug/edgelite`, else
    /// `<repo>/target/debug/edgelite`.
    static var binary: String {
        let env = ProcessInfo.processInfo.environment
        if let bin = env["EDGELITE_BIN"] { return bin }
        let target = env["CARGO_TARGET_DIR"] ?? repoRoot.appendingPathComponent("target").path
        return target + "/debug/edgelite"
    }

    init(_ test: XCTestCase, extraArguments: [String] = []) throws {
        dataDir = try makeTempDir(test)
        process.executableURL = URL(fileURLWithPath: Server.binary)
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--db-path", dataDir.appendingPathComponent("db").path]
            + extraArguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first stdout line is "edgelite <version> listening on http://127.0.0.1:PORT".
        var line = Data()
        let handle = out.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://") else {
            kill(process.processIdentifier, SIGKILL)
            throw ServerStartError(output: text)
        }
        url = String(text[range.lowerBound...])
        let process = self.process
        test.addTeardownBlock {
            // SIGKILL: on SIGTERM the server waits for its open connections to finish, and
            // the core keeps idle HTTP connections in its pool.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var wsURL: String { "ws://" + url.dropFirst("http://".count) }
}

struct ServerStartError: Error { let output: String }

/// Asserts that `body` throws an `EdgeLiteError` with `code` (and `name`, if given).
func assertThrows<T>(
    _ code: EdgeLiteError.Code, name: String? = nil, file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> T
) {
    do {
        _ = try body()
        XCTFail("expected \(code), nothing was thrown", file: file, line: line)
    } catch let error as EdgeLiteError {
        XCTAssertEqual(error.code, code, "\(error)", file: file, line: line)
        if let name { XCTAssertEqual(error.name, name, "\(error)", file: file, line: line) }
    } catch {
        XCTFail("expected EdgeLiteError \(code), got \(error)", file: file, line: line)
    }
}
