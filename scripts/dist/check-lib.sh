#!/usr/bin/env bash
# Structural checks of one cross-built library (make dist runs it on each):
#   scripts/dist/check-lib.sh PLATFORM FILE
# every platform: the file type and architecture, the three exports
#   paysign_call, paysign_free, paysign_abi_version;
# linux: no symbol version newer than GLIBC_2.17, only libc/libpthread/libdl/libm needed;
# windows: a PE32+ x86-64 DLL importing only Windows system DLLs (KERNEL32, the UCRT
#   api-ms-win-crt-*, ...), nothing from MinGW (libwinpthread, libgcc);
# darwin: Mach-O for the right CPU, LC_BUILD_VERSION macOS 12.0, an (ad-hoc) code
#   signature on arm64 (arm64 macOS refuses unsigned code), every undefined symbol bound to
#   /usr/lib/libSystem.B.dylib (so the link stubs in scripts/dist/macos-stubs
#   provide nothing).
# Needs file, readelf (binutils) and llvm-objdump / llvm-nm (Debian llvm).
set -euo pipefail
platform="$1" lib="$2"
fail() { echo "check-lib $platform: $*" >&2; exit 1; }
exports=(paysign_abi_version paysign_call paysign_free)
description="$(file -b "$lib")"
case "$platform" in
  linux-amd64) expect='ELF 64-bit LSB shared object, x86-64' ;;
  linux-arm64) expect='ELF 64-bit LSB shared object, ARM aarch64' ;;
  windows-amd64) expect='PE32+ executable (DLL) (GUI) x86-64' ;;
  darwin-amd64) expect='Mach-O 64-bit x86_64 dynamically linked shared library' ;;
  darwin-arm64) expect='Mach-O 64-bit arm64 dynamically linked shared library' ;;
  *) fail "unknown platform" ;;
esac
[[ "$description" == "$expect"* ]] || fail "is '$description', expected '$expect'"

case "$platform" in
  linux-*)
    symbols="$(readelf --dyn-syms -W "$lib" | awk '$5 == "GLOBAL" && $7 != "UND" {print $8}')"
    glibc="$(readelf -V -W "$lib" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n1)"
    [ "$(printf '%s\n' "$glibc" GLIBC_2.17 | sort -V | tail -n1)" = GLIBC_2.17 ] || fail "needs $glibc (> GLIBC_2.17)"
    needed="$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')"
    for n in $needed; do
      case "$n" in libc.so.6|libpthread.so.0|libdl.so.2|libm.so.6) ;; *) fail "needs $n" ;; esac
    done
    detail="max $glibc; needs $needed"
    ;;
  windows-*)
    headers="$(llvm-objdump -p "$lib")"
    symbols="$(printf '%s\n' "$headers" | awk '/^Export Table:/{e=1} e && $1 ~ /^[0-9]+$/ && NF == 3 {print $3}')"
    dlls="$(printf '%s\n' "$headers" | sed -n 's/.*DLL Name: //p' | sort -u | tr '\n' ' ')"
    for d in $dlls; do
      case "${d,,}" in kernel32.dll|api-ms-win-*.dll|ucrtbase.dll|msvcrt.dll|ntdll.dll|ws2_32.dll|advapi32.dll|bcrypt.dll|bcryptprimitives.dll|user32.dll|winmm.dll) ;;
        *) fail "imports $d, which a plain Windows does not have" ;; esac
    done
    detail="imports $dlls"
    ;;
  darwin-*)
    headers="$(llvm-objdump --macho --private-headers "$lib")"
    symbols="$(llvm-objdump --macho --exports-trie "$lib" | awk '{print $2}' | sed 's/^_//')"
    minos="$(printf '%s\n' "$headers" | awk '/cmd LC_BUILD_VERSION/{b=1} b && $1 == "minos" {print $2; exit}')"
    [ "$minos" = 12.0 ] || fail "LC_BUILD_VERSION minos is '$minos', expected 12.0 (Go 1.26's minimum)"
    signed=unsigned
    grep -q 'cmd LC_CODE_SIGNATURE' <<< "$headers" && signed=signed
    # arm64 macOS runs only signed code (ad-hoc is enough); x86_64 does not require it.
    [ "$platform" = darwin-amd64 ] || [ "$signed" = signed ] || fail "has no code signature"
    unbound="$(llvm-nm -m -u "$lib" | grep -v '(from libSystem)' || true)"
    [ -z "$unbound" ] || fail "undefined symbols not from libSystem: $unbound"
    dylibs="$(printf '%s\n' "$headers" | awk '/cmd LC_LOAD_DYLIB/{d=1} d && $1 == "name" {print $2; d=0}' | tr '\n' ' ')"
    detail="minos $minos, $signed, loads $dylibs"
    ;;
esac
for e in "${exports[@]}"; do
  grep -qx "$e" <<< "$symbols" || fail "does not export $e"
done
echo "check-lib $platform: ok ($(stat -c %s "$lib") bytes; exports ${exports[*]}; $detail)"
