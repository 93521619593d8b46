#!/usr/bin/env bash
# Builds the Rust C ABI library (bindings/go/ffi) and links it where the Go package looks for it:
# lib/<GOOS>_<GOARCH>/libedgelite_ffi.a. `go generate` in bindings/go runs this script.
#
#   ./build-lib.sh            release build (what users and benchmarks want)
#   ./build-lib.sh --debug    debug build (what ci/test-go uses: it shares the workspace build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
profile=release
[[ ${1:-} == --debug ]] && profile=debug
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
args=(build --locked -p edgelite-ffi)
[[ $profile == release ]] && args+=(--release)
(cd "$root" && cargo "${args[@]}")
platform="$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$here/lib/$platform"
# A link, not a copy: the debug archive is large, and the link follows rebuilds.
ln -sf "$CARGO_TARGET_DIR/$profile/libedgelite_ffi.a" "$here/lib/$platform/libedgelite_ffi.a"
echo "linked lib/$platform/libedgelite_ffi.a -> $CARGO_TARGET_DIR/$profile/libedgelite_ffi.a"
