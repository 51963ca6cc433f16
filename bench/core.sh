#!/usr/bin/env bash
# Runs the MotCuaCore calendar micro-benchmarks in release and writes bench/CORE-RESULTS.md.
# --quick prints the table without replacing the recorded results (CI runs it so that the bench cannot rot).
# PACKAGE_PATH may point at another package that declares the MotCuaCoreBench target (default: this repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
package="${PACKAGE_PATH:-$here/..}"
output="$here/CORE-RESULTS.md"
[ "${1:-}" = "--quick" ] && output="$(mktemp)"
swift build -c release --package-path "$package" --product MotCuaCoreBench >&2
binary="$(swift build -c release --package-path "$package" --show-bin-path)/MotCuaCoreBench"
"$binary" > "$output"
cat "$output"
