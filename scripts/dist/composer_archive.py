#!/usr/bin/env python3
"""Writes a Composer package archive (make dist).

    composer_archive.py PACKAGE_DIR OUT.zip PATH=FILE ...

PACKAGE_DIR is bindings/php (paysign/paysign) or packaging/mock/php
(paysign/mock). The zip holds its composer.json (with its "version", which
Composer needs to resolve "^0.2" from an archive), src/, preload.php and
README.md when present, bin/ when present (launchers, executable), the
top-level LICENSE and CHANGELOG.md, and each FILE at PATH: the libraries
under lib/<platform>/ (src/Library.php looks them up by platform) or the
programs under bin/<platform>/ (executable, for src/Binary.php). Entries
are sorted and dated 2020-02-02 so that the archive is reproducible.
"""

from __future__ import annotations

import json
import stat
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAMP = (2020, 2, 2, 0, 0, 0)


def main() -> None:
    package, out = (ROOT / sys.argv[1]).resolve(), Path(sys.argv[2])
    files: dict[str, Path] = {"composer.json": package / "composer.json", "LICENSE": ROOT / "LICENSE",
                              "CHANGELOG.md": ROOT / "CHANGELOG.md"}
    for name in ("preload.php", "README.md"):
        if (package / name).is_file():
            files[name] = package / name
    # src/, and bin/ where a package has launchers of its own (paysign/mock's bin/paysign).
    for path in sorted([*(package / "src").rglob("*"), *(package / "bin").rglob("*")]):
        if path.is_file():
            files[path.relative_to(package).as_posix()] = path
    for spec in sys.argv[3:]:
        name, _, file = spec.partition("=")
        if not name.startswith(("lib/", "bin/")) or not Path(file).is_file():
            sys.exit(f"composer_archive: bad argument {spec!r}")
        files[name] = Path(file)
    manifest = json.loads(files["composer.json"].read_text())
    if manifest.get("version") != (ROOT / "VERSION").read_text().strip():
        sys.exit(f"composer_archive: {package.name}/composer.json's version is not VERSION; run `make version`")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | (0o755 if name.startswith("bin/") else 0o644)) << 16
            archive.writestr(info, files[name].read_bytes())
    binaries = [n for n in files if n.startswith(("lib/", "bin/"))]
    print(f"composer archive {out.name}: {manifest['name']} {manifest['version']}, {len(files)} files, "
          f"{out.stat().st_size} bytes; {', '.join(sorted(binaries))}")


if __name__ == "__main__":
    main()
