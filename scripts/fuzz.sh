#!/usr/bin/env bash
# Runs every Go fuzz target in the repository for the given time each
# (default 10m) and prints the executions of each. Fails on the first
# finding; go test keeps the crasher under testdata/fuzz as a regression seed.
set -euo pipefail
fuzztime=${1:-10m}
cd "$(dirname "$0")/.."
targets=0
for file in $(grep -rl --include='*_test.go' '^func Fuzz' core cmd testvectors wasm 2>/dev/null | sort); do
  pkg=./$(dirname "$file")
  for target in $(grep -oE '^func Fuzz[A-Za-z0-9_]+' "$file" | awk '{print $2}'); do
    log=$(mktemp)
    if ! go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg" >"$log" 2>&1; then
      cat "$log"; rm -f "$log"
      echo "fuzz: $pkg $target found a failure"; exit 1
    fi
    execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    rm -f "$log"
    printf 'fuzz: %-28s %-22s %8s %12s execs\n' "$pkg" "$target" "$fuzztime" "${execs:-?}"
    targets=$((targets + 1))
  done
done
echo "fuzz: $targets passed, 0 failed"
