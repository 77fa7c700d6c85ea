#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet,
# after saying which (scripts/announce.sh). Runs 'apt-get update' at most once
# per machine boot (it is slow and the package lists rarely matter within one
# boot).
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
"$(dirname "$0")/announce.sh" apt "${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
stamp=/tmp/paysign-apt-updated
if [ ! -f "$stamp" ]; then
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  touch "$stamp"
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
