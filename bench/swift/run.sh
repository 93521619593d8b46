#!/usr/bin/env bash
# Builds and runs the Swift benchmark (EdgeLite vs the SQLite C API) in release mode, in the
# Swift chroot (bindings/swift/scripts/trixie.sh), against the release Rust library
# (EDGELITE_BENCH_PROFILE=debug: against the debug one, which ci/test-swift already built).
#
#   bench/swift/run.sh [rows] [repeat]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/bindings/swift/scripts/trixie.sh"
trixie_ensure
[[ -f $SWIFT_ROOT/usr/include/sqlite3.h ]] ||
  trixie_run / sh -c 'apt-get install -y -qq --no-install-recommends libsqlite3-dev >/dev/null'
if [[ ${EDGELITE_BENCH_PROFILE:-release} == release ]]; then
  "$root/bindings/swift/scripts/build-rust.sh" --release
else
  "$root/bindings/swift/scripts/build-rust.sh"
fi
rm -f "$here"/EdgeLiteBench/.build/*/release/Bench
TRIXIE_BIND=$root trixie_run "$here/EdgeLiteBench" sh -c \
  "swift build -c release -Xlinker -L$root/bindings/swift/RustLib 2>&1 | tail -n 1 && .build/release/Bench $*"
