#!/usr/bin/env bash
# Runs the MotCuaCore calendar micro-benchmarks in release and writes bench/CORE-RESULTS.md.
# --quick prints the table from the debug build without replacing the recorded results (CI runs it so that the bench
# cannot rot; its times mean nothing).
# PACKAGE_PATH may point at another package that declares the MotCuaCoreBench target (default: this repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
package="${PACKAGE_PATH:-$here/..}"
output="$here/CORE-RESULTS.md"
configuration=release
# The quick form only keeps the bench from rotting, so it runs the debug build that the tests have already made: a
# release build of the core compiles swift-crypto and its BoringSSL in release, minutes on two cores.
if [ "${1:-}" = "--quick" ]; then output="$(mktemp)"; configuration=debug; fi
swift build -c "$configuration" --package-path "$package" --product MotCuaCoreBench >&2
binary="$(swift build -c "$configuration" --package-path "$package" --show-bin-path)/MotCuaCoreBench"
"$binary" > "$output"
cat "$output"
