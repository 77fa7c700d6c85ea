#!/usr/bin/env python3
"""Where the bytes of a Go wasm module go: section sizes and code bytes per
Go package, read from the module's name section (so build it without -s:
`GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -o x.wasm ./wasm`).
`go tool nm` does not read wasm. Usage: wasmsize.py MODULE.wasm [TOP]"""
import collections
import re
import sys

SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export",
            9: "elem", 10: "code", 11: "data"}


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def parse(b):
    i, secs, nimports, bodies, names = 8, [], 0, [], {}
    while i < len(b):
        sid = b[i]
        size, i = leb(b, i + 1)
        end = i + size
        label = SECTIONS.get(sid, str(sid))
        if sid == 0:
            nl, j = leb(b, i)
            label = "custom " + b[j:j + nl].decode()
            if label == "custom name":
                k = j + nl
                while k < end:
                    sub = b[k]
                    sl, k = leb(b, k + 1)
                    if sub == 1:
                        cnt, m = leb(b, k)
                        for _ in range(cnt):
                            idx, m = leb(b, m)
                            ln, m = leb(b, m)
                            names[idx] = b[m:m + ln].decode("utf8", "replace")
                            m += ln
                    k += sl
        elif sid == 2:
            cnt, j = leb(b, i)
            for _ in range(cnt):
                for _ in range(2):
                    ln, j = leb(b, j)
                    j += ln
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    nimports += 1
                elif kind == 1:
                    j += 1
                    flags = b[j]
                    _, j = leb(b, j + 1)
                    if flags & 1:
                        _, j = leb(b, j)
                elif kind == 2:
                    flags = b[j]
                    _, j = leb(b, j + 1)
                    if flags & 1:
                        _, j = leb(b, j)
                else:
                    j += 2
        elif sid == 10:
            cnt, j = leb(b, i)
            for _ in range(cnt):
                ln, j = leb(b, j)
                bodies.append(ln)
                j += ln
        secs.append((label, size))
        i = end
    return secs, nimports, bodies, names


def package(name):
    # Go's wasm names: "github.com_paysign_paysign_core_payway.Sign", "crypto_internal_fips140_sha512.block",
    # "runtime.mallocgc", "(*T).M" forms appear as "pkg.__T_.M".
    pkg = name.split(".")[0] if not name.startswith("github.com_") and not name.startswith("golang.org_") \
        else ".".join(name.split(".")[:2])
    return pkg.replace("github.com_", "github.com/").replace("golang.org_", "golang.org/").replace("_", "/")


def main():
    b = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    secs, nimports, bodies, names = parse(b)
    print(f"{sys.argv[1]}: {len(b):,} bytes")
    for label, size in sorted(secs, key=lambda s: -s[1]):
        print(f"  {size:>10,}  section {label}")
    if not names:
        print("  (no name section: build without -ldflags=-s to see packages)")
        return
    agg = collections.Counter()
    for k, size in enumerate(bodies):
        agg[package(names.get(k + nimports, "?"))] += size
    total = sum(bodies)
    print(f"code bytes per package ({len(bodies)} functions, {total:,} bytes):")
    for p, s in agg.most_common(top):
        print(f"  {s:>10,}  {100 * s / total:5.1f}%  {p}")


if __name__ == "__main__":
    main()
