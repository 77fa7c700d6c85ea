#!/bin/sh
# make bench-profile: CPU profiles behind the bench misses, summarised as text
# in OUT (default build/bench/profiles):
#   go-*.txt      pprof -top -cum of payway.Sign / abi.Call / bbmsl.Sign (bench/go -cpuprofile)
#   node-*.txt    node --cpu-prof of bindings/js over an UNSTRIPPED module (wasm function names),
#                 with host crypto (node-W*.txt) and without (node-go-W*.txt)
#   node-cold.txt load() phases: import, read, compile, instantiate, _initialize, first call
#   node-tierup.txt  what V8 compiles during load() + first sign (Liftoff, TurboFan tier-ups by Go function)
#   wasm-size.txt code bytes per Go package (bench/wasmsize.py) and who calls encoding/json, fmt
#   python-import.txt  python -X importtime of `import paysign`
set -eu
OUT=${1:-build/bench/profiles}
PY=${BENCH_PY:-build/venv-bench/bin/python}
mkdir -p "$OUT"
WL=build/bench/workloads.json
go run ./bench/go -emit-workloads "$WL"
go build -o "$OUT/bench-go" ./bench/go

for p in W1_check_transaction:go.core W1_check_transaction:go.abi W2_refund:go.core W2_refund:go.abi W3_purchase:go.abi W5_bbmsl_refund:go.core; do
	name=go-$(echo "$p" | tr : -)
	"$OUT/bench-go" -cpuprofile "$OUT/$name.pprof" -profile "$p" -profile-seconds 4
	go tool pprof -top -cum -nodecount=45 "$OUT/bench-go" "$OUT/$name.pprof" > "$OUT/$name.txt" 2>/dev/null
	echo "$OUT/$name.txt"
done

# Node: the same module with its name section (no -s) so wasm frames have Go names.
SYM=$OUT/paysign-sym.wasm
GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -o "$SYM" ./wasm
for spec in W1_check_transaction:20000 W2_refund:5000 W3_purchase:10000 W4_payment_link:2000 W5_bbmsl_refund:200; do
	w=${spec%%:*}; n=${spec##*:}
	for path in host go; do
		name=node-$w; [ "$path" = go ] && name=node-go-$w
		rm -rf "${OUT:?}/$name"
		PAYSIGN_WASM=$SYM node --cpu-prof --cpu-prof-dir="$OUT/$name" bench/node/bench.mjs loop "$WL" "$w" "$n" "$path"
		python3 scripts/bench-cpuprofile-top.py "$OUT/$name"/*.cpuprofile 30 > "$OUT/$name.txt"
		echo "$OUT/$name.txt"
	done
done
: > "$OUT/node-cold.txt"
for i in 1 2 3; do PAYSIGN_WASM=$(pwd)/build/paysign.wasm node bench/node/cold-phases.mjs "$WL" >> "$OUT/node-cold.txt"; done
for i in 1 2 3; do PAYSIGN_WASM=$(pwd)/build/paysign.wasm node --liftoff-only bench/node/cold-phases.mjs "$WL" | sed 's/^/liftoff-only /' >> "$OUT/node-cold.txt"; done
echo "$OUT/node-cold.txt"
python3 bench/node/tierup.py "$SYM" "$WL" > "$OUT/node-tierup.txt"
echo "$OUT/node-tierup.txt"

{
	python3 bench/wasmsize.py "$SYM" 40
	echo
	echo "first calls into encoding/json, fmt, reflect, time, math/big from paysign and the standard library (go build -ldflags=-dumpdep;"
	echo "the linker prints one edge per symbol it reaches, so only the first caller of each symbol shows):"
	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags=-dumpdep -o "$OUT/dumpdep.wasm" ./wasm 2>&1 |
		grep -E '^[^ ]+ -> (encoding/json|fmt|reflect|time|math/big)\.[A-Za-z(]' | grep -vE '^(encoding/json|fmt|reflect|time|math/big|internal/fmtsort)[./]' |
		grep -vE '\.(arginfo[0-9]|stkobj|opendefer|wrapinfo|args_stackmap)$' | sort -u
	echo
	echo "packages of the wasm build that import them (go list -deps):"
	GOOS=wasip1 GOARCH=wasm go list -f '{{.ImportPath}}:{{range .Imports}} {{.}}{{end}}' -deps ./wasm |
		awk -F: '{n=split($2,a," "); o=""; for(i=1;i<=n;i++) if (a[i] ~ /^(encoding\/json|fmt|reflect|time|math\/big)$/) o=o" "a[i]; if (o!="") print "  " $1 " ->" o}'
	echo
	echo "imports of those packages in paysign's non-test Go files:"
	for f in $(git ls-files 'core/*.go' 'wasm/*.go' | grep -v _test.go); do
		grep -lqE '^\s*(\w+ )?"(encoding/json|fmt|reflect|time|math/big)"' "$f" &&
			grep -oE '\b(json|fmt|reflect|time|big)\.[A-Z]\w*' "$f" | sort | uniq -c | awk -v f="$f" '{printf "  %-36s %s x%d\n", f, $2, $1}'
	done
} > "$OUT/wasm-size.txt"
echo "$OUT/wasm-size.txt"

PYTHONPATH=bindings/python/src PAYSIGN_LIB=$(pwd)/build/libpaysign.so "$PY" -X importtime -c 'import paysign' 2> "$OUT/python-import.raw" || true
sort -t'|' -k2 -n "$OUT/python-import.raw" | tail -25 > "$OUT/python-import.txt"
echo "$OUT/python-import.txt"
