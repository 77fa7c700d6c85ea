#!/usr/bin/env python3
"""Lays out make dist-check's local registries as static files.

    layout.py pypi OUT FILE...
        a PEP 503 simple index: OUT/simple/index.html, OUT/simple/<project>/index.html
        linking OUT/files/<file>#sha256=... for every wheel and sdist given
        (the project is the file name's, normalized: paysign_mock -> paysign-mock).
    layout.py composer OUT URL ZIP...
        a Composer repository ("type": "composer"): OUT/packages.json listing
        each archive's composer.json with "dist" {zip, URL/dist/<zip>, sha1},
        the archives copied to OUT/dist/.

Both are served over http on 127.0.0.1 by `python3 -m http.server`, as
PyPI and Packagist serve theirs over https.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path


def project(file: str) -> str:
    """PEP 503's normalized project name of a wheel or sdist file name."""
    name = file.split("-")[0] if file.endswith(".whl") else re.sub(r"-\d[^-]*\.tar\.gz$", "", file)
    return re.sub(r"[-_.]+", "-", name).lower()


def pypi(out: Path, files: list[Path]) -> None:
    projects: dict[str, list[Path]] = {}
    (out / "files").mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file, out / "files" / file.name)
        projects.setdefault(project(file.name), []).append(file)
    page = "<!DOCTYPE html>\n<html><body>\n{}\n</body></html>\n"
    for name, found in projects.items():
        (out / "simple" / name).mkdir(parents=True, exist_ok=True)
        links = [f'<a href="../../files/{html.escape(f.name)}#sha256={hashlib.sha256(f.read_bytes()).hexdigest()}" '
                 f'data-requires-python="&gt;=3.9">{html.escape(f.name)}</a><br>' for f in sorted(found)]
        (out / "simple" / name / "index.html").write_text(page.format("\n".join(links)))
    (out / "simple" / "index.html").write_text(page.format("\n".join(
        f'<a href="{name}/">{name}</a><br>' for name in sorted(projects))))
    print(f"pypi index: {', '.join(f'{n} ({len(f)} files)' for n, f in sorted(projects.items()))}")


def composer(out: Path, url: str, archives: list[Path]) -> None:
    packages: dict[str, dict[str, object]] = {}
    (out / "dist").mkdir(parents=True, exist_ok=True)
    for archive in archives:
        with zipfile.ZipFile(archive) as z:
            manifest = json.loads(z.read("composer.json"))
        shutil.copyfile(archive, out / "dist" / archive.name)
        manifest["dist"] = {"type": "zip", "url": f"{url.rstrip('/')}/dist/{archive.name}",
                            "shasum": hashlib.sha1(archive.read_bytes()).hexdigest()}
        packages.setdefault(manifest["name"], {})[manifest["version"]] = manifest
    (out / "packages.json").write_text(json.dumps({"packages": packages}, indent=1))
    listed = [f"{name} {' '.join(versions)}" for name, versions in sorted(packages.items())]
    print(f"composer repository: {', '.join(listed)}")


if __name__ == "__main__":
    if sys.argv[1] == "pypi":
        pypi(Path(sys.argv[2]), [Path(f) for f in sys.argv[3:]])
    elif sys.argv[1] == "composer":
        composer(Path(sys.argv[2]), sys.argv[3], [Path(f) for f in sys.argv[4:]])
    else:
        sys.exit(__doc__)
