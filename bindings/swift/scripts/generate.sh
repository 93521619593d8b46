#!/usr/bin/env bash
# Regenerates the uniffi Swift bindings from the Rust library (library mode) with the in-repo
# bindgen (crate edgelite-uniffi-bindgen, pinned to the library's uniffi version), into
#   Sources/EdgeLiteNative/EdgeLiteNative.swift   the generated Swift (module EdgeLiteNative)
#   Sources/EdgeLiteFFI/EdgeLiteFFI.h             the C declarations
#   Sources/EdgeLiteFFI/module.modulemap          the Clang module for them
# These files are committed.
#
#   scripts/generate.sh           regenerate
#   scripts/generate.sh --check   fail if the committed files differ from fresh ones (CI)
set -euo pipefail
pkg=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$pkg/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
check=false
[[ ${1:-} == --check ]] && check=true

cd "$root"
cargo build --locked -q -p edgelite-uniffi
cargo build --locked -q -p edgelite-uniffi-bindgen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$target/debug/uniffi-bindgen" generate --library "$target/debug/libedgelite_uniffi.so" \
  --language swift --out-dir "$out" --no-format >/dev/null

status=0
stage() { # generated-name destination
  if $check; then
    if ! cmp -s "$out/$1" "$pkg/$2"; then
      echo "generate.sh: $2 is out of date; run bindings/swift/scripts/generate.sh" >&2
      diff -u "$pkg/$2" "$out/$1" | head -n 20 >&2 || true
      status=1
    fi
  else
    cp "$out/$1" "$pkg/$2"
  fi
}
stage EdgeLiteNative.swift Sources/EdgeLiteNative/EdgeLiteNative.swift
stage EdgeLiteFFI.h Sources/EdgeLiteFFI/EdgeLiteFFI.h
stage EdgeLiteFFI.modulemap Sources/EdgeLiteFFI/module.modulemap
$check && ((status == 0)) && echo "generate.sh: the committed bindings are up to date"
exit $status
