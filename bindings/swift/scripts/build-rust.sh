#!/usr/bin/env bash
# Builds the Rust library (crate edgelite-uniffi) and stages its static library where
# Package.swift links it from: bindings/swift/RustLib/libedgelite_uniffi.a. Only the .a is
# staged (with a .so beside it the linker would pick the .so, and the program would need it at
# run time).
#
#   scripts/build-rust.sh            debug build (what the tests use)
#   scripts/build-rust.sh --release  release build (what an app should link)
set -euo pipefail
pkg=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$pkg/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
profile=debug
args=()
if [[ ${1:-} == --release ]]; then
  profile=release
  args=(--release)
fi
# -p alone, so no other package's features (uniffi's `cli`) unify into this library.
(cd "$root" && cargo build --locked -q -p edgelite-uniffi "${args[@]}")
lib=$target/$profile/libedgelite_uniffi.a
mkdir -p "$pkg/RustLib"
staged=$pkg/RustLib/libedgelite_uniffi.a
if ! cmp -s "$lib" "$staged"; then
  cp "$lib" "$staged.tmp" && mv "$staged.tmp" "$staged"
  # SwiftPM does not track the .a: drop what linked the old one so it is linked again.
  rm -rf "$pkg"/.build/*/debug/EdgeLitePackageTests.xctest "$pkg"/.build/*/debug/EdgeLiteConformanceRunner \
    "$pkg"/.build/*/release/EdgeLiteConformanceRunner
  echo "build-rust.sh: staged $profile libedgelite_uniffi.a"
fi
