#!/usr/bin/env bash
# Makes the virtual environment DIR with the pinned PyPI packages given, after
# saying so (scripts/announce.sh); DIR/.pins records them, so that a changed
# pin makes it anew and an unchanged one does nothing:
#   scripts/ensure-venv.sh DIR PACKAGE==VERSION...
set -euo pipefail
dir="$1"
shift
pins="$*"
[ -f "$dir/.pins" ] && [ "$(cat "$dir/.pins")" = "$pins" ] && exit 0
"$(dirname "$0")/announce.sh" pip "$pins (into $dir)"
rm -rf "$dir"
"${PYTHON:-python3}" -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
echo "$pins" > "$dir/.pins"
