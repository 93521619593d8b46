#!/usr/bin/env bash
# Builds the release C ABI library, then runs the Go benchmark (edgelite vs mattn/go-sqlite3).
#
#   bench/go/run.sh [-rows N] [-rounds N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../bindings/go/build-lib.sh"
cd "$here"
go run . "$@"
