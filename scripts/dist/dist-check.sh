#!/usr/bin/env bash
# Installs the release artifacts as a user meets them, through registries,
# and signs (and sends, to the mock of the mock packages) with them.
#   scripts/dist/dist-check.sh quick|full DIST_DIR      (make dist-check-quick / dist-check)
#   scripts/dist/dist-check.sh published                (make dist-check-published)
#
# The artifacts are served by local registries on 127.0.0.1, each started
# here on a port the system picks and stopped at the end:
#   npm:      verdaccio (scripts/dist/registry/verdaccio.mjs), every .tgz published to it;
#   PyPI:     a PEP 503 simple index of the wheels and the sdist, and the
#             wheels of pytest (make dist-check-deps downloads them);
#   Composer: a "composer" repository (packages.json) of the two archives;
#   Go:       make dist's module proxy directory (GOPROXY=file://...), the
#             module's dependencies from the Go proxy as for any module.
# Each registry is set in the user's own configuration (~/.npmrc, pip.conf,
# Composer's config.json, go env), so that the commands are exactly the
# README's: `npm install paysign`, `pip install paysign`, `composer require
# paysign/paysign`, `go get github.com/paysign/paysign@vVERSION`; and for
# tests `npm install --save-dev @paysign/mock`, `pip install "paysign[mock]"`,
# `composer require --dev paysign/mock`.
#
# Every install happens in an empty project under a fresh temporary folder
# (outside the repository), with a PATH of symlinks to python3, node, npm,
# php and composer and a few shell tools only: no Go (but for go get), no C
# compiler, and no PAYSIGN_* or other inherited variables (env -i). In each
# language: a PayWay refund (RSA merchant_auth) that round-trips through
# payway.verify with the TEST-ONLY private key, a purchase whose hash is
# recomputed with that language's own HMAC-SHA512; with the mock package, a
# purchase sent to the mock it carries, approved, then checked.
#   quick: Linux x86_64 (part of make test): the four registries, the mock in each.
#   full:  quick, plus the sdist built with Go and refused clearly without it;
#          the aarch64 library and CLI under qemu-user; the x86_64 CLI; every
#          other artifact's type; the SHA256SUMS.
#   published: after a release (RELEASING.md): the same installs as quick from
#          the public registries (npm, PyPI, Packagist, the Go proxy with the
#          checksum database), with no local registry and no user configuration.
set -euo pipefail
mode="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ "$mode" = published ] || dist="$(cd "$2" && pwd)"
version="$(cat "$root/VERSION")"
here="$root/scripts/dist/consumer"
registry_tools="$root/scripts/dist/registry"
api_key_marker="TEST_ONLY_dist_check_api_key"
work="$(mktemp -d "${TMPDIR:-/tmp}/paysign-dist-check.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM
started=$SECONDS

step() { printf '=== %s\n' "$*"; }
fail() { echo "dist-check: $*" >&2; exit 1; }

# --- a PATH without Go or a C compiler -------------------------------------------
mkdir -p "$work/bin" "$work/gobin" "$work/home"
for tool in python3 node npm npx php composer sh bash env cat ls mkdir rm cp mv ln chmod uname unzip sed grep tr head tail sort dirname basename readlink mktemp sleep; do
  found="$(command -v "$tool")" || fail "$tool is not installed"
  ln -s "$found" "$work/bin/$tool"
done
ln -s "$(command -v go)" "$work/gobin/go"
cp "$root/internal/testkeys/rsa1024_TEST_ONLY_public.pem" "$root/internal/testkeys/rsa1024_TEST_ONLY_private.pem" "$work/"
user_env=(env -i "HOME=$work/home" "PATH=$work/bin" LANG=C.UTF-8 "EXPECT_VERSION=$version"
  "RSA_PUBLIC=$work/rsa1024_TEST_ONLY_public.pem" "RSA_PRIVATE=$work/rsa1024_TEST_ONLY_private.pem"
  "COMPOSER_HOME=$work/home/composer" COMPOSER_NO_INTERACTION=1 "npm_config_cache=$work/home/npm")
for compiler in go gcc cc clang zig tcc; do
  if "${user_env[@]}" sh -c "command -v $compiler" >/dev/null 2>&1; then fail "$compiler is on the user PATH"; fi
done
# Runs a command as the user; its output must not show the API key.
as_user() {
  local log="$work/log.$RANDOM"
  if ! "${user_env[@]}" "$@" > "$log" 2>&1; then cat "$log"; fail "failed: $*"; fi
  if grep -q "$api_key_marker" "$log"; then fail "the API key appeared in the output of: $*"; fi
  cat "$log"
}

artifact() {
  [ -f "$dist/$1" ] || fail "$dist/$1 is missing; run make dist"
  echo "$dist/$1"
}

# Starts a server in the background, stopped on exit, and sets $served to
# its URL, read from its output with the sed expression given (the servers
# print it once listening). Never called inside $(...): the server's pid must
# reach this shell's list, which the exit trap stops.
served=""
serve() {
  local name="$1" expression="$2" log="$work/$1.log"
  shift 2
  "$@" > "$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    served="$(sed -n "$expression" "$log" | head -n1)"
    [ -z "$served" ] || return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$log" >&2; fail "$name stopped"; }
    sleep 0.1
  done
  cat "$log" >&2
  fail "$name did not start in 30 s"
}

# --- the registries ----------------------------------------------------------------
if [ "$mode" = published ]; then
  step "the public registries: npm, PyPI, Packagist, the Go proxy and checksum database (no user configuration)"
else
  step "registries on 127.0.0.1: npm (verdaccio), a PyPI simple index, a Composer repository; a Go module proxy (file://)"
  [ -d "$dist/goproxy/github.com/paysign/paysign/@v" ] || fail "$dist/goproxy is missing; run make dist"
  serve npm 's#^npm registry listening on \(http://127\.0\.0\.1:[0-9]*/\)$#\1#p' \
    node "$registry_tools/verdaccio.mjs" "$work/verdaccio"
  npm_url="$served"
  mkdir -p "$work/www"
  serve http 's#^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\) .*#http://127.0.0.1:\1#p' \
    python3 -u -m http.server --bind 127.0.0.1 --directory "$work/www" 0
  http_url="$served"

  # npm: the platform packages before @paysign/mock, which names them.
  printf '//%s:_authToken=dist-check\n' "${npm_url#http://}" > "$work/publisher.npmrc"
  main_mock="$(artifact "paysign-mock-$version.tgz")"
  publish() { npm publish "$1" --registry "$npm_url" --userconfig "$work/publisher.npmrc" --access public --loglevel=error > /dev/null; }
  for tarball in "$dist"/*.tgz; do
    [ "$tarball" = "$main_mock" ] || publish "$tarball"
  done
  publish "$main_mock"
  echo "npm registry $npm_url: published $(cd "$dist" && ls -- *.tgz | tr '\n' ' ')"
  python_files=("$dist"/*.whl)
  [ -f "$dist/paysign-$version.tar.gz" ] && python_files+=("$dist/paysign-$version.tar.gz")
  python3 "$registry_tools/layout.py" pypi "$work/www/pypi" "${python_files[@]}" "$root"/build/dist-registry/pypi/*.whl
  python3 "$registry_tools/layout.py" composer "$work/www/composer" "$http_url/composer" "$dist"/paysign-*php-"$version".zip

  # Each registry in the user's own configuration.
  printf 'registry=%s\nfund=false\naudit=false\nupdate-notifier=false\n' "$npm_url" > "$work/home/.npmrc"
  mkdir -p "$work/home/.config/pip" "$work/home/composer" "$work/home/.config/go"
  printf '[global]\nindex-url = %s/pypi/simple/\ndisable-pip-version-check = true\n' "$http_url" > "$work/home/.config/pip/pip.conf"
  printf '{"config": {"secure-http": false},\n "repositories": [{"type": "composer", "url": "%s/composer"}, {"packagist.org": false}]}\n' \
    "$http_url" > "$work/home/composer/config.json"
  # The module from the proxy directory, its dependencies from the Go proxy;
  # the checksum database cannot know a version that is not published yet.
  printf 'GOPROXY=file://%s,https://proxy.golang.org\nGONOSUMDB=github.com/paysign/paysign\nGOTOOLCHAIN=local\n' \
    "$dist/goproxy" > "$work/home/.config/go/env"
fi

# README.md's language sections, each followed as written in an empty project
# (scripts/dist/newcomer.py), by the user of the registries above; after each
# language's own checks, whose caches (pip, npm, Composer, Go modules) they reuse.
# The release's CLI is fetched with curl from its GitHub release URL: here a
# curl that answers those URLs (and no other) from the artifacts.
mkdir -p "$work/newcomer" "$work/newcomer-bin"
if [ "$mode" = published ]; then
  ln -s "$(command -v curl)" "$work/newcomer-bin/curl"
else
  cat > "$work/newcomer-bin/curl" <<EOF
#!/bin/bash
# curl for make dist-check: the GitHub release URLs of v$version, from $dist.
out="" url=""
while [ \$# -gt 0 ]; do
  case "\$1" in
    -o | -[a-zA-Z]*o) out="\$2"; shift ;;
    https://*) url="\$1" ;;
  esac
  shift
done
prefix=https://github.com/paysign/paysign/releases/download/v$version/
case "\$url" in "\$prefix"?*) ;; *) echo "curl (dist-check): only \${prefix}FILE is served here, not '\$url'" >&2; exit 6 ;; esac
file="$dist/\${url#"\$prefix"}"
[ -f "\$file" ] || { echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; }
if [ -n "\$out" ]; then cp "\$file" "\$out"; else cat "\$file"; fi
EOF
  chmod +x "$work/newcomer-bin/curl"
fi
newcomer() {
  local name="$1" dir
  shift
  dir="$work/newcomer/$(tr 'A-Z ' 'a-z-' <<< "$name")"
  step "README.md '## $name', block by block, in an empty project ($dir)"
  as_user "$@" python3 "$root/scripts/dist/newcomer.py" "$name" "$dir"
}
readme_path=(env "PATH=$work/newcomer-bin:$work/bin")

# --- Python ----------------------------------------------------------------------------
step "python: pip install paysign (in a fresh venv)"
mkdir -p "$work/python" && cd "$work/python"
as_user python3 -m venv venv
venv=(env "PATH=$work/python/venv/bin:$work/bin")
as_user "${venv[@]}" pip install --quiet paysign
as_user "${venv[@]}" python -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("paysign_mock") is not None)' \
  || fail "pip install paysign installed the mock too"
cp "$here/check.py" . && as_user "${venv[@]}" python check.py
step "python: pip install \"paysign[mock]\" pytest; pytest starts the mock through paysign_mock.executable()"
as_user "${venv[@]}" pip install --quiet "paysign[mock]" pytest
cp "$here/test_mock.py" . && as_user "${venv[@]}" python -m pytest -q -p no:cacheprovider test_mock.py
newcomer Python "${readme_path[@]}"

# --- Node ------------------------------------------------------------------------------------
step "node: npm install paysign (in an empty project)"
mkdir -p "$work/node" && cd "$work/node"
printf '{"name":"paysign-dist-check","private":true,"type":"module"}\n' > package.json
as_user npm install --silent paysign
[ ! -e node_modules/@paysign ] || fail "npm install paysign installed @paysign/* too"
cp "$here/check.mjs" . && as_user node check.mjs
step "node: npm install --save-dev @paysign/mock; node --test starts the mock through executablePath()"
as_user npm install --silent --save-dev @paysign/mock
installed="$(ls node_modules/@paysign | tr '\n' ' ')"
[ "$installed" = "mock mock-linux-x64 " ] || fail "npm installed @paysign/{$installed}, expected mock and mock-linux-x64 only"
cp "$here/mock.test.mjs" . && as_user node --test mock.test.mjs
newcomer JavaScript "${readme_path[@]}"

# --- PHP ---------------------------------------------------------------------------------------
step "php: composer require paysign/paysign (in an empty folder)"
mkdir -p "$work/php" && cd "$work/php"
as_user composer require --quiet paysign/paysign
installed="$("${user_env[@]}" composer show paysign/paysign | sed -n 's/^versions *: *\* *//p')"
[ "$installed" = "$version" ] || fail "composer installed paysign/paysign '$installed', expected $version"
cp "$here/check.php" . && as_user php check.php
step "php: composer require --dev paysign/mock; the mock from PaySign\\Mock\\Binary::path()"
as_user composer require --quiet --dev paysign/mock
as_user php check.php mock
newcomer PHP "${readme_path[@]}"

# --- Go --------------------------------------------------------------------------------------------
step "go: go get github.com/paysign/paysign@v$version (in an empty module; GOPROXY=file://...)"
mkdir -p "$work/go" && cd "$work/go"
# The build cache only saves time (compiling the standard library again would
# take minutes); the module cache is the user's own, empty.
gopath=(env "PATH=$work/gobin:$work/bin" "GOCACHE=$(go env GOCACHE)")
as_user "${gopath[@]}" go mod init example.com/shop
as_user "${gopath[@]}" go get "github.com/paysign/paysign@v$version"
cp "$here"/testdata/go/*.go . && as_user "${gopath[@]}" go mod tidy
grep -q "^github.com/paysign/paysign v$version h1:" go.sum || fail "go.sum has no hash of the module's zip"
as_user "${gopath[@]}" go run .
as_user "${gopath[@]}" go test -count=1 .
newcomer Go env "PATH=$work/newcomer-bin:$work/gobin:$work/bin" "GOCACHE=$(go env GOCACHE)"
newcomer "Command line" "${readme_path[@]}"

if [ "$mode" != full ]; then
  step "dist-check ($mode): ok in $((SECONDS - started)) s"
  exit 0
fi
wheel="$(artifact "paysign-$version-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")"
archive="$(artifact "paysign-php-$version.zip")"

# --- the sdist: built with Go and a C compiler; refused clearly without ----------------
sdist="$(artifact "paysign-$version.tar.gz")"
step "python: pip install $(basename "$sdist") without Go on PATH must fail clearly"
mkdir -p "$work/sdist" && cd "$work/sdist"
as_user python3 -m venv nogo
if "${user_env[@]}" nogo/bin/python -m pip install --quiet --disable-pip-version-check "$sdist" > nogo.log 2>&1; then
  fail "the sdist installed without Go"
fi
grep -q 'building the library from source needs Go, and `go` is not on PATH. Install Go' nogo.log \
  || { cat nogo.log; fail "the sdist failed without naming Go"; }
echo "refused: $(grep -o 'paysign: building the library from source needs Go[^.]*' nogo.log | head -n1)"
step "python: pip install $(basename "$sdist") with Go and cc on PATH builds the library"
go_path="$(dirname "$(command -v go)"):$(dirname "$(command -v cc)")"
as_user python3 -m venv withgo
as_user env "PATH=$go_path:$work/bin" "GOPATH=$work/home/go" "GOCACHE=$work/home/go-cache" GOFLAGS=-mod=vendor \
  GOPROXY=off withgo/bin/python -m pip install --quiet --disable-pip-version-check "$sdist"
cp "$here/check.py" . && as_user withgo/bin/python check.py

# --- aarch64 under qemu-user --------------------------------------------------------------
step "linux-arm64: the manylinux aarch64 wheel's library under qemu-aarch64"
mkdir -p "$work/arm64" && cd "$work/arm64"
arm_wheel="$(artifact "paysign-$version-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl")"
unzip -q -o "$arm_wheel" paysign/_lib/libpaysign.so -d .
zig="$root/build/dist-tools/bin/python -m ziglang"
mkdir -p lib-aarch64-linux-gnu.2.17 lib-x86_64-linux-gnu.2.17
cp paysign/_lib/libpaysign.so lib-aarch64-linux-gnu.2.17/
unzip -q -o -j "$wheel" paysign/_lib/libpaysign.so -d lib-x86_64-linux-gnu.2.17
for target in aarch64-linux-gnu.2.17 x86_64-linux-gnu.2.17; do
  $zig cc -target "$target" -std=c11 -O2 -Wall -Werror -I"$root/cshared/include" "$here/smoke.c" \
    -L"lib-$target" -lpaysign -Wl,-rpath,'$ORIGIN/lib-'"$target" -o "smoke-$target"
done
grep -q 'ARM aarch64' <<< "$(file -b smoke-aarch64-linux-gnu.2.17)" || fail "the smoke test is not an aarch64 program"
qemu-aarch64 -L /usr/aarch64-linux-gnu ./smoke-aarch64-linux-gnu.2.17 > arm64.json
./smoke-x86_64-linux-gnu.2.17 > amd64.json
cmp -s arm64.json amd64.json || fail "the aarch64 and x86_64 libraries answer differently"
python3 - "$api_key_marker" arm64.json <<'EOF'
import base64, hashlib, hmac, json, sys
value = json.load(open(sys.argv[2]))["value"]
expected = base64.b64encode(hmac.new(sys.argv[1].encode(), value["hash_input"].encode(), hashlib.sha512).digest()).decode()
assert value["hash"] == expected, "the aarch64 library's purchase hash is not HMAC-SHA512 of its hash_input"
print("aarch64 library under qemu-aarch64: purchase envelope = the x86_64 library's byte for byte; hash = hmac.new(sha512)")
EOF

# --- the command-line tools ----------------------------------------------------------------
step "CLI"
cli="$(artifact "paysign-$version-linux-amd64")"
grep -q '"abi_version":1' <<< "$("${user_env[@]}" "$cli" call paysign.version < /dev/null)" || fail "$cli call paysign.version"
grep -q '"abi_version":1' <<< "$(qemu-aarch64 "$(artifact "paysign-$version-linux-arm64")" call paysign.version < /dev/null)" \
  || fail "linux-arm64 CLI under qemu-aarch64"
echo "linux-amd64 CLI and linux-arm64 CLI (qemu-aarch64): call paysign.version ok"
declare -A kind=([linux-amd64]='ELF 64-bit LSB executable, x86-64' [linux-arm64]='ELF 64-bit LSB executable, ARM aarch64'
  [darwin-amd64]='Mach-O 64-bit x86_64 executable' [darwin-arm64]='Mach-O 64-bit arm64 executable'
  [windows-amd64.exe]='PE32+ executable (console) x86-64' [windows-arm64.exe]='PE32+ executable (console) Aarch64')
for name in "${!kind[@]}"; do
  description="$(file -b "$(artifact "paysign-$version-$name")")"
  [[ "$description" == "${kind[$name]}"* ]] || fail "paysign-$version-$name is '$description'"
done
echo "CLI types: ok (${!kind[*]})"
# The paysign-mock wheels are tagged musllinux too: the Linux programs must need no libc.
for name in linux-amd64 linux-arm64; do
  [[ "$(file -b "$(artifact "paysign-$version-$name")")" == *"statically linked"* ]] || fail "paysign-$version-$name is not static"
done

# --- every library in the archive and the wheels is the checked one --------------------------
step "libraries: structure (scripts/dist/check-lib.sh) of the copies users get"
mkdir -p "$work/libs" && cd "$work/libs"
unzip -q -o "$archive" 'lib/*'
for entry in linux-amd64:linux-x86_64/libpaysign.so linux-arm64:linux-aarch64/libpaysign.so \
  darwin-amd64:darwin-x86_64/libpaysign.dylib darwin-arm64:darwin-arm64/libpaysign.dylib windows-amd64:windows-x86_64/paysign.dll; do
  "$root/scripts/dist/check-lib.sh" "${entry%%:*}" "lib/${entry#*:}"
done
for tag in macosx_12_0_arm64 macosx_12_0_x86_64 win_amd64; do
  artifact "paysign-$version-py3-none-$tag.whl" > /dev/null
done

step "SHA256SUMS"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
listed="$(cut -d' ' -f3- "$dist/SHA256SUMS" | sort)"
present="$(cd "$dist" && find . -maxdepth 1 -type f -printf '%P\n' | grep -vx SHA256SUMS | sort)"
[ "$listed" = "$present" ] || fail "SHA256SUMS does not list exactly the files in $dist"
echo "SHA256SUMS: $(wc -l < "$dist/SHA256SUMS") files ok"
step "dist-check: ok in $((SECONDS - started)) s"
