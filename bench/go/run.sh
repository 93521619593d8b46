#!/usr/bin/env bash
# Builds the release C ABI library, then runs the Go benchmark: edgelite vs mattn/go-sqlite3.
# Both bundle SQLite, so each driver is its own build of the program.
#
#   bench/go/run.sh [-rows N] [-rounds N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../bindings/go/build-lib.sh"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cd "$here"
go build -o "$bin/bench-mattn" -tags mattn .
go build -o "$bin/bench-edgelite" .
"$bin/bench-edgelite" -against "$bin/bench-mattn" "$@"
