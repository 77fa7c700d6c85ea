#!/usr/bin/env bash
# Fails when cshared/include/paysign.h drifts from the header cgo generates
# for the library, or when PHP's FFI declarations drift from the public
# header. Usage: scripts/native-check-header.sh BUILD_DIR (holding libpaysign.h).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
public=cshared/include/paysign.h
generated=$build/libpaysign.h
ffi=bindings/php/src/paysign.ffi.h
cc=${CC:-cc}

# 1. Same prototypes: both headers in one translation unit, as C and as C++-free C11.
"$cc" -std=c11 -Wall -Wextra -Werror -fsyntax-only -Icshared/include -I"$build" cshared/testdata/header_check.c

# 2. Same set of functions (a function missing from one header compiles fine).
exported() { grep -oE '\b(paysign_[a-z_]+)\(' "$1" | tr -d '(' | sort -u; }
if ! diff <(exported "$generated") <(sed -n '/paysign:ffi-begin/,/paysign:ffi-end/p' "$public" | exported /dev/stdin); then
  echo "check-header: $public and $generated declare different functions" >&2
  exit 1
fi

# 3. PHP's FFI::cdef text is the public header's macro-free block, verbatim.
if ! diff <(sed -n '/paysign:ffi-begin/,/paysign:ffi-end/{//!p}' "$public") "$ffi"; then
  echo "check-header: $ffi differs from the paysign:ffi block of $public" >&2
  exit 1
fi
if grep -n '^[[:space:]]*#' "$ffi"; then
  echo "check-header: $ffi must hold no preprocessor lines (FFI::cdef cannot read them)" >&2
  exit 1
fi
echo "check-header: ok ($public matches $generated and $ffi)"
