#!/usr/bin/env bash
# Starts the Swift conformance runner for the harness (conformance/tests/conformance.rs,
# binding "swift"). The runner is a program built by the trixie Swift toolchain, so it runs
# inside that chroot (scripts/trixie.sh); the harness's temp directories are under /tmp (bound
# into the chroot at the same path) and its servers listen on 127.0.0.1 (shared: the chroot
# has no network namespace of its own). Everything below `exec`s, so the process the harness
# holds is the runner itself. Build it first: ci/test-swift does, or
#   source scripts/trixie.sh && trixie_run "$PWD" swift build --product EdgeLiteConformanceRunner
set -euo pipefail
pkg=$(cd "$(dirname "$0")/.." && pwd)
source "$pkg/scripts/trixie.sh"
runner=$pkg/.build/debug/EdgeLiteConformanceRunner
if [[ ! -f $SWIFT_ROOT/$TRIXIE_MARKER || ! -e $runner ]]; then
  echo "runner.sh: build the Swift package first (ci/test-swift): need $SWIFT_ROOT and $runner" >&2
  exit 1
fi
TRIXIE_EXEC=1 TRIXIE_BIND=${TMPDIR:-} trixie_run "$pkg" "$runner"
