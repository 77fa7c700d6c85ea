#!/bin/sh
# Says what is about to be installed, before it is installed:
#   scripts/announce.sh KIND WHAT...     (KIND: apt, pip, npm, go)
# Under `make test` (scripts/test-parts.sh) a part's output goes to its log,
# so the line also goes to the descriptor the runner names in
# PAYSIGN_ANNOUNCE_FD: the terminal.
kind="$1"
shift
line="install ($kind): $*"
echo "$line" >&2
if [ -n "${PAYSIGN_ANNOUNCE_FD:-}" ]; then
  # The descriptor may be closed (a part run by hand inherits the variable): ignore that.
  { echo "        $line" >&"$PAYSIGN_ANNOUNCE_FD"; } 2>/dev/null || true
fi
