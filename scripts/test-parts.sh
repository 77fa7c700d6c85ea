#!/usr/bin/env bash
# make test: runs each part (a make target, in the order given) with its whole
# output in build/logs/<part>.log, and prints one line per part with its
# duration, then a summary. What a part installs is announced on the terminal
# as it begins (scripts/announce.sh writes to PAYSIGN_ANNOUNCE_FD). A failed
# part shows where its log is, the log's lines that name a failure (up to
# 15, with their line numbers) and its tail; the parts after it still run,
# and the exit status is 1.
#   MAKE=make scripts/test-parts.sh PART...
set -uo pipefail
make="${MAKE:-make}"
logs=build/logs
tail_lines="${TEST_LOG_TAIL:-20}"
mkdir -p "$logs"
rm -f "$logs"/*.log
exec 9>&1
export PAYSIGN_ANNOUNCE_FD=9

clock() { date +%s%N; }
seconds() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }

echo "make test: $# parts; each part's output in $logs/<part>.log"
passed=0 failed=() started="$(clock)"
for part in "$@"; do
  log="$logs/$part.log"
  begin="$(clock)"
  "$make" --no-print-directory "$part" > "$log" 2>&1 < /dev/null
  status=$?
  took="$(seconds $(( $(clock) - begin )))"
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    printf '  ok    %-18s %7s s\n' "$part" "$took"
  else
    failed+=("$part")
    # The lines that name a failure, wherever they are (node --test, go test,
    # pytest, PHPUnit, make), then the log's tail.
    marks="$(grep -nE '^ *not ok [0-9]|^--- FAIL|^FAIL|FAILED|^FAILURES!|^[0-9]+\) [A-Za-z_\\]+::|^ *Error: |\*\*\* ' "$log" | head -n 15 || true)"
    printf '  FAIL  %-18s %7s s   (exit %d; %s)\n' "$part" "$took" "$status" "$log"
    [ -z "$marks" ] || sed 's/^/        ! /' <<< "$marks"
    echo "        last $tail_lines lines:"
    tail -n "$tail_lines" "$log" | sed 's/^/        | /'
  fi
done
total=$(( ($(clock) - started) / 1000000000 ))
printf 'make test: %d parts in %dm%02ds' "$#" $((total / 60)) $((total % 60))
[ ${#failed[@]} -eq 0 ] && echo || echo "; failed: ${failed[*]} (logs: $logs/)"
echo "test: $passed passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
