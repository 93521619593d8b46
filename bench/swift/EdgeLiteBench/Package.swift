// swift-tools-version:6.0
// EdgeLite vs the SQLite C API used directly from Swift (what GRDB and SQLite.swift wrap), in
// embedded mode. Run with bench/swift/run.sh.
import PackageDescription

let package = Package(
    name: "EdgeLiteBench",
    dependencies: [.package(path: "../../../bindings/swift")],
    targets: [
        .systemLibrary(name: "SQLite3C", path: "Sources/SQLite3C"),
        .executableTarget(
            name: "Bench",
            dependencies: [.product(name: "EdgeLite", package: "swift"), "SQLite3C"],
            path: "Sources/Bench",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
    ]
)
