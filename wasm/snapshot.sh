#!/usr/bin/env bash
# Makes the module paysign ships (build/paysign.wasm) from the plain one Go
# builds: binaryen's wasm-opt -Oz, then a wizer snapshot taken after
# _initialize (the Go runtime started and every package initialized at build
# time, so a fresh instance skips both). See wasm/README.md for what the
# snapshot fixes at build time.
#
# Usage: wasm/snapshot.sh PLAIN.wasm OUT.wasm TOOLS_DIR
#
# The tools are npm packages pinned in wasm/tools/package-lock.json,
# installed into TOOLS_DIR (build/wasm-tools). Where they cannot be
# installed or run, OUT is a copy of PLAIN and the script says so: the
# binding loads either module.
set -euo pipefail
plain="$1" out="$2" tools="$3"
here="$(cd "$(dirname "$0")" && pwd)"
opt_level="${WASM_OPT_LEVEL:--Oz}"

fallback() {
  echo "paysign.wasm: NOT pre-initialized ($1); shipping the plain module $plain" >&2
  cp "$plain" "$out"
  exit 0
}

if [ "${PAYSIGN_WASM_SNAPSHOT:-1}" = 0 ]; then fallback "PAYSIGN_WASM_SNAPSHOT=0"; fi

# Install the pinned tools once (again when the lockfile changes).
mkdir -p "$tools"
if ! cmp -s "$here/tools/package-lock.json" "$tools/package-lock.json" || [ ! -d "$tools/node_modules" ]; then
  echo "wasm tools: npm ci (wizer, binaryen; wasm/tools/package-lock.json) into $tools"
  cp "$here/tools/package.json" "$here/tools/package-lock.json" "$tools/"
  rm -rf "$tools/node_modules"
  (cd "$tools" && npm ci --no-audit --no-fund --silent) || fallback "npm ci of wasm/tools failed"
fi
wasm_opt="$tools/node_modules/.bin/wasm-opt"
wizer="$tools/node_modules/.bin/wizer"
"$wasm_opt" --version >/dev/null 2>&1 || fallback "wasm-opt does not run here"
"$wizer" --version >/dev/null 2>&1 || fallback "wizer does not run on this platform"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
# Go's wasm uses these proposals (and no others); binaryen must be told.
"$wasm_opt" "$opt_level" --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
  --enable-mutable-globals "$plain" -o "$tmp/opt.wasm" || fallback "wasm-opt failed"
# No environment and no files: the snapshot sees what the binding's WASI
# shim gives (no GOGC, no GODEBUG), and _initialize is dropped from its
# exports (the binding initializes only a module that has it).
"$wizer" --allow-wasi --inherit-env false --inherit-stdio true --init-func _initialize \
  "$tmp/opt.wasm" -o "$tmp/snapshot.wasm" || fallback "wizer failed"
mv "$tmp/snapshot.wasm" "$out"
echo "paysign.wasm: pre-initialized (wasm-opt $opt_level + wizer, $((SECONDS - start)) s): $(wc -c <"$plain") -> $(wc -c <"$out") bytes"
