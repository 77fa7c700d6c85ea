#!/usr/bin/env python3
"""What V8 compiles during Node's PayWay.load() + first sign: runs
bench/node/cold-phases.mjs under `node --trace-wasm-compilation-times` with a
module that has its name section (build it without -s) and prints Liftoff's
total and every TurboFan tier-up by Go function name. On a 2-vCPU machine
the tier-ups compete with the main thread for the CPU.
Usage: tierup.py MODULE_WITH_NAMES.wasm WORKLOADS.json [extra node flags...]"""
import collections
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from wasmsize import parse  # noqa: E402  (bench/wasmsize.py)


def main():
    module, workloads, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(["node", "--trace-wasm-compilation-times", *flags, os.path.join(here, "cold-phases.mjs"), workloads],
                         env=dict(os.environ, PAYSIGN_WASM=os.path.abspath(module)), capture_output=True, text=True, check=True)
    _, nimports, _, names = parse(open(module, "rb").read())
    tiers = collections.defaultdict(list)
    for line in (out.stdout + out.stderr).splitlines():
        m = re.search(r"#(\d+) using (\w+), took (\d+) ms.*bodysize (\d+)", line)
        if m:
            tiers[m.group(2)].append((int(m.group(3)), int(m.group(4)), names.get(int(m.group(1)), "?")))
    phases = [line for line in out.stdout.splitlines() if line.startswith("{")]
    print("phases:", phases[-1] if phases else "?")
    for tier, fns in sorted(tiers.items()):
        print(f"{tier}: {len(fns)} functions, {sum(f[1] for f in fns):,} bytes of wasm, {sum(f[0] for f in fns)} ms compiling")
    print("TurboFan tier-ups (ms, wasm bytes, function):")
    for ms, size, name in sorted(tiers.get("TurboFan", []), reverse=True):
        print(f"  {ms:4d} {size:7,}  {name}")


if __name__ == "__main__":
    main()
