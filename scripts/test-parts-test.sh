#!/usr/bin/env bash
# Tests scripts/test-parts.sh, make test's runner, on a Makefile of its own:
# one line per part and no part's output on the terminal; each output in
# build/logs/<part>.log; an install announced on the terminal; a failed
# part's log path, the lines naming the failure and its last lines; the parts after a failure still
# run; the summary; exit status 1.   (make check-test-parts, in make check)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
{
  printf 'first:\n\t@echo output-of-first\n'
  printf 'installs:\n\t@%s/scripts/announce.sh apt some-package\n\t@echo output-of-installs\n' "$root"
  printf 'broken:\n\t@echo not ok 7 - the thing broke; for i in $$(seq 1 60); do echo broken-line-$$i; done; exit 3\n'
  printf 'last:\n\t@echo output-of-last\n'
} > "$dir/Makefile"
out=""
fail() { echo "test-parts-test: $*"; echo "--- output:"; echo "$out"; exit 1; }
cd "$dir"
status=0
out="$(MAKE=make TEST_LOG_TAIL=5 "$root/scripts/test-parts.sh" first installs broken last 2>&1)" || status=$?
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"
for part in first installs last; do
  grep -qE "^  ok    $part +[0-9]+\.[0-9] s$" <<< "$out" || fail "no ok line for $part"
  grep -qx "output-of-$part" "build/logs/$part.log" || fail "build/logs/$part.log lacks the part's output"
done
grep -qE "^  FAIL  broken +[0-9]+\.[0-9] s   \(exit 2; build/logs/broken.log\)$" <<< "$out" || fail "no FAIL line for broken"
grep -qx "        ! 1:not ok 7 - the thing broke" <<< "$out" || fail "the line naming the failure is not shown"
grep -qx "        | broken-line-60" <<< "$out" || fail "the failed part's last line is not shown"
if grep -q "broken-line-55" <<< "$out"; then fail "more than TEST_LOG_TAIL lines shown"; fi
grep -qx "broken-line-1" build/logs/broken.log || fail "build/logs/broken.log is not whole"
if grep -q "output-of-" <<< "$out"; then fail "a part's output reached the terminal"; fi
grep -qx "        install (apt): some-package" <<< "$out" || fail "the install was not announced on the terminal"
[ "$(tail -n1 <<< "$out")" = "test: 3 passed, 1 failed" ] || fail "the last line is not the summary"
grep -qE "^make test: 4 parts in [0-9]+m[0-9]{2}s; failed: broken \(logs: build/logs/\)$" <<< "$out" \
  || fail "no line with the total duration and the failed parts"
echo "test-parts-test: ok (a line a part, whole logs, the announcement, a failure's tail, the summary, exit 1)"
