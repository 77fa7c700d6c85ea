#!/usr/bin/env bash
# Packs bindings/js with `npm pack`, installs the tarball offline into an
# empty project and checks that it works there (Node) and type-checks (tsc).
# Usage: test/pack/npm-pack-test.sh OUT_DIR   (make test-npm-pack)
set -euo pipefail
js_dir="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
rm -f "$out"/paysign-*.tgz
tarball="$out/$(cd "$js_dir" && npm pack --silent --pack-destination "$out" | tail -n1)"
echo "packed $(basename "$tarball"): $(tar -tzf "$tarball" | wc -l) files, $(du -k "$tarball" | cut -f1) KiB"
tar -tzf "$tarball" | grep -qx 'package/dist/paysign.wasm' || { echo "dist/paysign.wasm is not in the tarball" >&2; exit 1; }
if tar -tzf "$tarball" | grep -E '^package/(test|node_modules|scripts)/'; then echo "test files leaked into the tarball" >&2; exit 1; fi

project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
cd "$project"
printf '{"name":"paysign-pack-consumer","private":true,"type":"module"}\n' > package.json
npm install --offline --no-audit --no-fund --silent "$tarball"
cp "$js_dir/test/pack/consumer.mjs" "$js_dir/test/pack/consumer.ts" .
env -u PAYSIGN_WASM node consumer.mjs
node "$js_dir/node_modules/typescript/bin/tsc" --noEmit --strict --target es2022 --lib es2022,dom \
  --module nodenext --moduleResolution nodenext consumer.ts
echo "npm pack: the installed package type-checks"
