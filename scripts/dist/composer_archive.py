#!/usr/bin/env python3
"""Writes the Composer package archive (make dist).

    composer_archive.py OUT.zip lib/<os>-<arch>/<file>=LIBRARY ...

The zip holds bindings/php's composer.json (with its "version", which a
Composer `artifact` repository needs to resolve "^0.2"), src/, preload.php,
README.md, the top-level LICENSE and CHANGELOG.md, and each library under
the given path, which src/Library.php looks up by PHP_OS_FAMILY and
php_uname('m'). Entries are sorted and dated 2020-02-02 so that the archive
is reproducible.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHP = ROOT / "bindings" / "php"
STAMP = (2020, 2, 2, 0, 0, 0)


def main() -> None:
    out = Path(sys.argv[1])
    files: dict[str, Path] = {"composer.json": PHP / "composer.json", "preload.php": PHP / "preload.php",
                              "README.md": PHP / "README.md", "LICENSE": ROOT / "LICENSE",
                              "CHANGELOG.md": ROOT / "CHANGELOG.md"}
    for path in sorted((PHP / "src").rglob("*")):
        if path.is_file():
            files[path.relative_to(PHP).as_posix()] = path
    for spec in sys.argv[2:]:
        name, _, library = spec.partition("=")
        if not name.startswith("lib/") or not Path(library).is_file():
            sys.exit(f"composer_archive: bad library argument {spec!r}")
        files[name] = Path(library)
    manifest = json.loads(files["composer.json"].read_text())
    if manifest.get("version") != (ROOT / "VERSION").read_text().strip():
        sys.exit("composer_archive: composer.json's version is not VERSION; run `make version`")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name].read_bytes())
    libs = [n for n in files if n.startswith("lib/")]
    print(f"composer archive {out.name}: {manifest['name']} {manifest['version']}, {len(files)} files, "
          f"{out.stat().st_size} bytes; {', '.join(sorted(libs))}")


if __name__ == "__main__":
    main()
