// swift-tools-version:6.0
// The EdgeLite Swift package: hand-written Swift (Sources/EdgeLite) over uniffi-generated
// bindings (Sources/EdgeLiteNative, Sources/EdgeLiteFFI; committed, drift-checked in CI) to
// the Rust library `libedgelite_uniffi.a` (crate edgelite-uniffi, this directory's Cargo.toml).
//
// Build the Rust library and stage it first: `scripts/build-rust.sh` puts the static library
// in RustLib/ (or set EDGELITE_RUST_LIB_DIR to a directory holding libedgelite_uniffi.a).
import Foundation
import PackageDescription

let rustLibDir = ProcessInfo.processInfo.environment["EDGELITE_RUST_LIB_DIR"]
    ?? Context.packageDirectory + "/RustLib"

let package = Package(
    name: "EdgeLite",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "EdgeLite", targets: ["EdgeLite"]),
    ],
    targets: [
        // The C declarations of the Rust library's exported functions (generated).
        .systemLibrary(name: "EdgeLiteFFI", path: "Sources/EdgeLiteFFI"),
        // The generated Swift side of uniffi; imported `internal`ly by EdgeLite.
        .target(
            name: "EdgeLiteNative",
            dependencies: ["EdgeLiteFFI"],
            path: "Sources/EdgeLiteNative",
            linkerSettings: [
                .linkedLibrary("edgelite_uniffi"),
                // An absolute path: the linker's working directory varies.
                .unsafeFlags(["-L", rustLibDir]),
            ]
        ),
        .target(name: "EdgeLite", dependencies: ["EdgeLiteNative"], path: "Sources/EdgeLite"),
        // The conformance runner (conformance/PROTOCOL.md), driven by conformance/tests.
        .executableTarget(
            name: "EdgeLiteConformanceRunner",
            dependencies: ["EdgeLite"],
            path: "Sources/EdgeLiteConformanceRunner",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "EdgeLiteTests",
            dependencies: ["EdgeLite", "EdgeLiteNative"],
            path: "Tests/EdgeLiteTests",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
    ]
)
