#!/usr/bin/env python3
"""Checks a built wheel (make dist runs it on each).

    check_wheel.py WHEEL MEMBER LIBRARY
        the wheel holds the package, MEMBER (paysign/_lib/<file>) byte for byte
        equal to LIBRARY and no other library, is not purelib, and its WHEEL
        tags are py3-none-<each platform of the file name>.
    check_wheel.py --auditwheel AUDITWHEEL WHEEL PLATFORM
        `auditwheel show` finds the wheel consistent with a manylinux tag no
        newer than the one in its name (glibc 2.17): the build fails otherwise.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path


def contents(wheel: Path, member: str, library: Path) -> None:
    name = wheel.name
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for required in ("paysign/__init__.py", "paysign/_version.py", "paysign/py.typed", "paysign/LICENSE", member):
            if required not in names:
                sys.exit(f"{name}: {required} is missing")
        libraries = [n for n in names if n.startswith("paysign/_lib/")]
        if libraries != [member]:
            sys.exit(f"{name}: expected only {member} under paysign/_lib/, found {libraries}")
        if archive.read(member) != library.read_bytes():
            sys.exit(f"{name}: {member} differs from {library}")
        info = archive.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
    if "Root-Is-Purelib: false" not in info:
        sys.exit(f"{name}: Root-Is-Purelib is not false")
    platforms = re.fullmatch(r"paysign-[^-]+-py3-none-(.+)\.whl", name).group(1).split(".")
    tags = sorted(re.findall(r"^Tag: (.+)$", info, re.M))
    if tags != sorted(f"py3-none-{p}" for p in platforms):
        sys.exit(f"{name}: WHEEL tags {tags} do not match the file name")
    print(f"check-wheel {name}: ok ({wheel.stat().st_size} bytes; {member}; tags {', '.join(tags)})")


def audit(auditwheel: str, wheel: Path, platform: str) -> None:
    result = subprocess.run([auditwheel, "show", str(wheel)], capture_output=True, text=True)
    text = " ".join((result.stdout + result.stderr).split())
    if result.returncode != 0:
        sys.exit(f"auditwheel show {wheel.name} failed:\n{result.stdout}{result.stderr}")
    found = re.search(r'is consistent with the following platform tag: "manylinux_(\d+)_(\d+)_(\w+)"', text)
    wanted = re.match(r"manylinux_(\d+)_(\d+)_(\w+)", platform)
    if not found or not wanted:
        sys.exit(f"auditwheel show {wheel.name}: not consistent with a manylinux tag:\n{result.stdout}{result.stderr}")
    glibc, arch = (int(found.group(1)), int(found.group(2))), found.group(3)
    if glibc > (int(wanted.group(1)), int(wanted.group(2))) or arch != wanted.group(3):
        sys.exit(f"auditwheel show {wheel.name}: needs manylinux_{glibc[0]}_{glibc[1]}_{arch}, "
                 f"more than the {platform} it is tagged with:\n{result.stdout}")
    print(f"auditwheel {wheel.name}: consistent with manylinux_{glibc[0]}_{glibc[1]}_{arch} (tagged {platform})")


if __name__ == "__main__":
    if sys.argv[1] == "--auditwheel":
        audit(sys.argv[2], Path(sys.argv[3]), sys.argv[4])
    else:
        contents(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
