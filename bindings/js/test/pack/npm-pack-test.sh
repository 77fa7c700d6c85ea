#!/usr/bin/env bash
# Packs bindings/js with `npm pack`, installs the tarball offline into an
# empty project and checks that it works there (Node: import and require) and
# type-checks (tsc --strict: ESM, CommonJS, the README's ```ts snippets).
# Usage: test/pack/npm-pack-test.sh OUT_DIR   (make test-npm-pack)
set -euo pipefail
js_dir="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
rm -f "$out"/paysign-*.tgz
tarball="$out/$(cd "$js_dir" && npm pack --silent --pack-destination "$out" | tail -n1)"
echo "packed $(basename "$tarball"): $(tar -tzf "$tarball" | wc -l) files, $(du -k "$tarball" | cut -f1) KiB"
listing="$(tar -tzf "$tarball")"
for f in dist/paysign.wasm dist/paysign.js; do
  grep -qx "package/$f" <<<"$listing" || { echo "$f is not in the tarball" >&2; exit 1; }
done
if tar -tzf "$tarball" | grep -E '^package/(test|node_modules|scripts)/'; then echo "test files leaked into the tarball" >&2; exit 1; fi

project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
cd "$project"
printf '{"name":"paysign-pack-consumer","private":true,"type":"module"}\n' > package.json
npm install --offline --no-audit --no-fund --silent "$tarball"
cp "$js_dir/test/pack/consumer.mjs" "$js_dir/test/pack/consumer.cjs" "$js_dir/test/pack/consumer.ts" "$js_dir/test/pack/consumer.cts" .
env -u PAYSIGN_WASM node consumer.mjs
# The bundled entry exports exactly what src/index.js does.
node --input-type=module -e "
  const bundled = Object.keys(await import('paysign')).sort().join(' ');
  const source = Object.keys(await import('$js_dir/src/index.js')).sort().join(' ');
  if (bundled !== source) { console.error('dist/paysign.js exports ' + bundled + ', src/index.js ' + source); process.exit(1); }
  console.log('npm pack: dist/paysign.js exports what src/index.js does (' + bundled + ')');"
env -u PAYSIGN_WASM node consumer.cjs
# Every ```ts block of the README, each as its own module.
awk -v dir="$project" '/^```ts$/ {n++; f=sprintf("%s/readme-%d.ts", dir, n); next} /^```/ {f=""} f {print > f}' "$js_dir/README.md"
snippets=(readme-*.ts)
[ -e "${snippets[0]}" ] || { echo "README.md has no \`\`\`ts block" >&2; exit 1; }
node "$js_dir/node_modules/typescript/bin/tsc" --noEmit --strict --target es2022 --lib es2022,dom \
  --module nodenext --moduleResolution nodenext --types node --typeRoots "$js_dir/node_modules/@types" \
  consumer.ts consumer.cts "${snippets[@]}"
# A browser project: no @types/node; es2022 and esnext (Symbol.dispose declared by TypeScript itself).
cp "$js_dir/test/pack/consumer-browser.ts" .
for lib in es2022,dom esnext,dom; do
  node "$js_dir/node_modules/typescript/bin/tsc" --noEmit --strict --target es2022 --lib "$lib" \
    --module nodenext --moduleResolution nodenext consumer-browser.ts
done
echo "npm pack: the installed package type-checks (ESM, CommonJS, ${#snippets[@]} README snippet(s), a browser project without @types/node; tsc --strict)"
