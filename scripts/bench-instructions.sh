#!/usr/bin/env bash
# Counts instructions per call of payway.Sign and abi.Call for W1-W4 with
# callgrind: unlike timings, the counts do not depend on what else the
# machine is doing. GC is off (Valgrind cannot follow Go's concurrent GC), so
# allocation costs show only as allocator instructions. WORKLOADS="W1_check_transaction
# W3_purchase" limits the run to those rows.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/abi.test
go test -c -tags valgrind -o "$bin" ./core/abi
count() { # benchmark iterations -> total instructions
  GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" -test.run XXX -test.bench "$1" -test.benchtime "${2}x" 2>&1 >/dev/null | grep -oE 'Collected : [0-9]+' | awk '{print $3}'
}
n=500
printf '%-24s %14s %14s %8s %14s %8s\n' workload payway.Sign abi.Call ratio "with handle" ratio
for w in ${WORKLOADS:-W1_check_transaction W2_refund W3_purchase W4_payment_link}; do
  core=$(( ($(count "^BenchmarkCoreSign$/^$w$" $((n + 1))) - $(count "^BenchmarkCoreSign$/^$w$" 1)) / n ))
  abi=$(( ($(count "^BenchmarkABICall$/^$w$" $((n + 1))) - $(count "^BenchmarkABICall$/^$w$" 1)) / n ))
  handle=$(( ($(count "^BenchmarkABICallHandle$/^$w$" $((n + 1))) - $(count "^BenchmarkABICallHandle$/^$w$" 1)) / n ))
  printf '%-24s %14d %14d %7.2fx %14d %7.2fx\n' "$w" "$core" "$abi" "$(awk -v a="$abi" -v c="$core" 'BEGIN{print a/c}')" \
    "$handle" "$(awk -v a="$handle" -v c="$core" 'BEGIN{print a/c}')"
done
