#!/usr/bin/env bash
# Fails when git tracks a build output: an object file, a library, a module,
# a package, an executable (by its first bytes: ELF, Mach-O, PE, WebAssembly)
# or any file over 2 MiB. Build outputs belong in build/ (git-ignored).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
bad=()
while IFS= read -r -d '' f; do
	[ -f "$f" ] || continue
	case "$f" in
	*.o | *.a | *.so | *.so.* | *.dylib | *.dll | *.exe | *.wasm | *.whl | *.tgz | *.pyc)
		bad+=("$f (a build output)")
		continue
		;;
	esac
	case "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" in
	7f454c46 | cffaedfe | cefaedfe | feedfacf | feedface | 0061736d) bad+=("$f (an executable or module)"); continue ;;
	esac
	case "$(head -c 2 "$f")" in MZ) bad+=("$f (a Windows executable)"); continue ;; esac
	if [ "$(stat -c %s "$f")" -gt 2097152 ]; then bad+=("$f (over 2 MiB)"); fi
	if [ ! -s "$f" ] && [[ "$(basename "$f")" == -* ]]; then bad+=("$f (an empty file named like an option: a stray shell redirect)"); fi
done < <(git ls-files -z)
if [ ${#bad[@]} -gt 0 ]; then
	printf 'tracked by git but built (remove with git rm --cached, and ignore):\n' >&2
	printf '  %s\n' "${bad[@]}" >&2
	exit 1
fi
