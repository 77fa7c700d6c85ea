#!/usr/bin/env python3
"""make mutation: small realistic bugs, one at a time, each of which some
suite must catch.

It copies the repository (tracked and untracked, not ignored, files) into
build/mutation/src, builds the CLI, the C library and the WebAssembly
module there once, and runs every suite the selected mutations name on the
unmutated copy: a suite that fails there cannot kill anything and is
reported. Then, for each mutation of scripts/mutation/mutations.json, it
replaces the pattern (which must occur exactly once) in the copy, runs the
mutation's suites in order until one fails (the mutation is killed), and
restores the file. It prints one line per mutation and the survivors, and
exits 1 if a mutation survived, a pattern was not found or a suite failed
without a mutation.

    python3 scripts/mutation/mutate.py [--only ID[,ID...]] [--list] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "mutations.json"


def copy_repository(dest: Path) -> None:
    """Copies the files git would commit (tracked, and new unignored ones)."""
    if dest.exists():
        shutil.rmtree(dest)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True).stdout.split(b"\0")
    for name in (n.decode() for n in listed if n):
        src = REPO / name
        if not src.is_file():
            continue  # deleted in the work tree
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)


def run(command: str, cwd: Path, env: Dict[str, str], timeout: float) -> Tuple[bool, float, str]:
    """Runs command in a shell; returns (passed, seconds, the output's tail)."""
    start = time.monotonic()
    try:
        done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout, start_new_session=True)
        ok, out = done.returncode == 0, done.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        ok, out = False, (e.stdout or b"").decode(errors="replace") + f"\n(timed out after {timeout:.0f} s)"
    return ok, time.monotonic() - start, "\n".join(out.strip().splitlines()[-15:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated mutation ids")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--check", action="store_true",
                        help="only check that each pattern is in its file exactly once (make check), and exit")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per suite run (default 900)")
    args = parser.parse_args()

    data = json.loads(DATA.read_text(encoding="utf-8"))
    suites: Dict[str, dict] = data["suites"]
    mutations: List[dict] = data["mutations"]
    ids = [m["id"] for m in mutations]
    if len(set(ids)) != len(ids):
        print("mutations.json: an id is given twice", file=sys.stderr)
        return 2
    for m in mutations:
        unknown = [s for s in m["suites"] if s not in suites]
        if unknown or not m["suites"]:
            print(f"mutations.json: {m['id']} names no suite or unknown suites {unknown}", file=sys.stderr)
            return 2
    if args.only:
        wanted = set(args.only.split(","))
        missing = wanted - set(ids)
        if missing:
            print(f"no mutation {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
        mutations = [m for m in mutations if m["id"] in wanted]
    if args.check:
        stale = []
        for m in mutations:
            path = REPO / m["file"]
            count = path.read_text(encoding="utf-8").count(m["pattern"]) if path.is_file() else 0
            if count != 1:
                stale.append(f"  {m['id']}: its pattern is {'not in' if count == 0 else f'{count} times in'} {m['file']}")
        if stale:
            print("mutations.json: stale mutations (update their pattern and replacement to the code):\n" + "\n".join(stale),
                  file=sys.stderr)
            return 1
        print(f"check-mutations: {len(mutations)} mutations, each pattern in its file once")
        return 0
    if args.list:
        for m in mutations:
            print(f"{m['id']:28} {m['file']:40} {' '.join(m['suites']):24} {m['what']}")
        return 0

    started = time.monotonic()
    work = REPO / "build" / "mutation"
    root = work / "src"
    print(f"mutation: copying the repository into {root.relative_to(REPO)}", flush=True)
    copy_repository(root)
    env = dict(os.environ, MUTATION_ROOT=str(root), REPO=str(REPO), GOFLAGS=os.environ.get("GOFLAGS", ""))
    print("mutation: building the CLI, the C library and the WebAssembly module in the copy", flush=True)
    ok, seconds, out = run("make -s build/paysign build/libpaysign.so build/paysign.wasm build/scriptserver", root, env, args.timeout)
    if not ok:
        print(f"mutation: the build failed:\n{out}", file=sys.stderr)
        return 1

    needed = [s for s in suites if any(s in m["suites"] for m in mutations)]
    broken: Dict[str, str] = {}
    for name in needed:
        ok, seconds, out = run(suites[name]["run"], root, env, args.timeout)
        print(f"mutation: suite {name} without a mutation: {'passes' if ok else 'FAILS'} ({seconds:.0f} s)", flush=True)
        if not ok:
            broken[name] = out

    results = []
    for m in mutations:
        path = root / m["file"]
        original = path.read_text(encoding="utf-8") if path.is_file() else None
        count = original.count(m["pattern"]) if original is not None else 0
        start = time.monotonic()
        if original is None:
            status, detail = "STALE", f"no file {m['file']}"
        elif count != 1:
            status, detail = "STALE", ("pattern not found" if count == 0 else f"pattern found {count} times") + f" in {m['file']}"
        else:
            path.write_text(original.replace(m["pattern"], m["replacement"]), encoding="utf-8")
            status, detail = "SURVIVED", "every suite passed"
            working = [s for s in m["suites"] if s not in broken]
            if not working:
                status, detail = "BROKEN", "every suite of it fails without a mutation"
            try:
                for s in working:
                    ok, _, out = run(suites[s]["run"], root, env, args.timeout)
                    if not ok:
                        status, detail = "killed", f"by {s}"
                        break
            finally:
                path.write_text(original, encoding="utf-8")
        results.append((m, status, detail, time.monotonic() - start))
        print(f"{status:8} {m['id']:28} {detail:28} {time.monotonic() - start:5.0f} s  {m['what']}", flush=True)

    bad = [r for r in results if r[1] != "killed"]
    print()
    for name, out in broken.items():
        print(f"suite {name} fails without a mutation:\n{out}\n")
    minutes = (time.monotonic() - started) / 60
    print(f"mutation: {len(results)} mutations, {len(results) - len(bad)} killed, "
          f"{sum(r[1] == 'SURVIVED' for r in results)} survived, {sum(r[1] == 'STALE' for r in results)} stale, "
          f"{sum(r[1] == 'BROKEN' for r in results)} without a working suite; {minutes:.1f} min")
    for m, status, detail, _ in bad:
        print(f"  {status} {m['id']}: {m['what']} ({m['file']}: {detail})")
    return 1 if bad or broken else 0


if __name__ == "__main__":
    sys.exit(main())
