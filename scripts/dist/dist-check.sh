#!/usr/bin/env bash
# Installs the release artifacts as a user meets them and signs with them.
#   scripts/dist/dist-check.sh quick|full DIST_DIR      (make dist-check-quick / dist-check)
#
# Every install happens in an empty project under a fresh temporary folder
# (outside the repository), with a PATH of symlinks to python3, node, npm,
# php and composer and a few shell tools only: no Go, no C compiler, and no
# PAYSIGN_* or other inherited variables (env -i). In each language:
# a PayWay refund (RSA merchant_auth) that round-trips through payway.verify
# with the TEST-ONLY private key, and a purchase whose hash is recomputed with
# that language's own HMAC-SHA512.
#   quick: the manylinux x86_64 wheel in a venv, the npm tarball, the Composer
#          archive through an `artifact` repository.
#   full:  quick, plus the sdist built with Go and refused clearly without it;
#          the aarch64 library and CLI under qemu-user; the x86_64 CLI; every
#          other artifact's type; the SHA256SUMS.
set -euo pipefail
mode="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="$(cd "$2" && pwd)"
version="$(cat "$root/VERSION")"
here="$root/scripts/dist/consumer"
api_key_marker="TEST_ONLY_dist_check_api_key"
work="$(mktemp -d "${TMPDIR:-/tmp}/paysign-dist-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

step() { printf '=== %s\n' "$*"; }
fail() { echo "dist-check: $*" >&2; exit 1; }

# --- a PATH without Go or a C compiler -------------------------------------------
mkdir -p "$work/bin" "$work/home"
for tool in python3 node npm php composer sh bash env cat ls mkdir rm cp mv ln chmod uname unzip sed grep tr head tail sort dirname basename readlink mktemp; do
  found="$(command -v "$tool")" || fail "$tool is not installed"
  ln -s "$found" "$work/bin/$tool"
done
cp "$root/internal/testkeys/rsa1024_TEST_ONLY_public.pem" "$root/internal/testkeys/rsa1024_TEST_ONLY_private.pem" "$work/"
user_env=(env -i "HOME=$work/home" "PATH=$work/bin" LANG=C.UTF-8 "EXPECT_VERSION=$version"
  "RSA_PUBLIC=$work/rsa1024_TEST_ONLY_public.pem" "RSA_PRIVATE=$work/rsa1024_TEST_ONLY_private.pem"
  "COMPOSER_HOME=$work/home/composer" "npm_config_cache=$work/home/npm")
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

# --- Python: the manylinux x86_64 wheel -------------------------------------------
wheel="$(artifact "paysign-$version-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")"
step "python: pip install $(basename "$wheel") into a fresh venv"
mkdir -p "$work/python" && cd "$work/python"
as_user python3 -m venv venv
as_user venv/bin/python -m pip install --quiet --no-index --disable-pip-version-check "$wheel"
cp "$here/check.py" . && as_user venv/bin/python check.py

# --- Node: the npm tarball ---------------------------------------------------------
tarball="$(artifact "paysign-$version.tgz")"
step "node: npm install $(basename "$tarball") into an empty project"
mkdir -p "$work/node" && cd "$work/node"
printf '{"name":"paysign-dist-check","private":true,"type":"module"}\n' > package.json
as_user npm install --offline --no-audit --no-fund --silent "$tarball"
cp "$here/check.mjs" . && as_user node check.mjs

# --- PHP: the Composer archive through an artifact repository ------------------------
archive="$(artifact "paysign-php-$version.zip")"
step "php: composer require paysign/paysign:^${version%.*} from an artifact repository"
mkdir -p "$work/php/artifacts" && cd "$work/php"
cp "$archive" artifacts/
cat > composer.json <<EOF
{
  "name": "paysign/dist-check",
  "require": {"paysign/paysign": "^${version%.*}"},
  "repositories": [{"type": "artifact", "url": "artifacts/"}, {"packagist.org": false}],
  "config": {"allow-plugins": false}
}
EOF
as_user composer install --no-interaction --no-progress --quiet
installed="$("${user_env[@]}" composer show --no-interaction paysign/paysign | sed -n 's/^versions *: *\* *//p')"
[ "$installed" = "$version" ] || fail "composer installed paysign/paysign '$installed', expected $version"
cp "$here/check.php" . && as_user php check.php

if [ "$mode" = quick ]; then
  step "dist-check-quick: ok in $((SECONDS - started)) s"
  exit 0
fi

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
present="$(cd "$dist" && ls | grep -vx SHA256SUMS | sort)"
[ "$listed" = "$present" ] || fail "SHA256SUMS does not list exactly the files in $dist"
echo "SHA256SUMS: $(wc -l < "$dist/SHA256SUMS") files ok"
step "dist-check: ok in $((SECONDS - started)) s"
