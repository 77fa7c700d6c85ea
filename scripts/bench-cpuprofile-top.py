#!/usr/bin/env python3
"""Summarises a V8 .cpuprofile (node --cpu-prof): self time per function,
and per group (wasm Go package, JS file), top N. Usage: bench-cpuprofile-top.py FILE [N]"""
import collections
import json
import re
import sys

prof = json.load(open(sys.argv[1]))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
nodes = {n["id"]: n for n in prof["nodes"]}
dt = collections.Counter()
for sid, delta in zip(prof["samples"], prof["timeDeltas"]):
    dt[sid] += delta
total = sum(dt.values()) or 1
fn, grp = collections.Counter(), collections.Counter()
for nid, t in dt.items():
    cf = nodes[nid]["callFrame"]
    name = cf["functionName"] or "(anonymous)"
    url = cf.get("url", "")
    key = f"{name}  [{url.rsplit('/', 1)[-1]}]" if url else name
    fn[key] += t
    if url.startswith("wasm://") or re.match(r"^[\w.$]+\.[\w$]", name) and not url:
        g = re.sub(r"\.[^.]*$", "", name.split("$")[-1]) if "." in name else "wasm:" + name
        grp["wasm " + g.replace("_", "/")] += t
    else:
        grp[(url.rsplit("/", 1)[-1] or name)] += t
print(f"total {total / 1000:.0f} ms")
print("-- by function (self)")
for k, t in fn.most_common(top):
    print(f"{100 * t / total:6.1f}%  {k}")
print("-- by group (self)")
for k, t in grp.most_common(top):
    print(f"{100 * t / total:6.1f}%  {k}")
