#!/usr/bin/env python3
"""Copies the tested example files into the READMEs that show them.

The programs a README shows are whole files under docs/snippets/<language>/,
and make test runs them as a user would (scripts/dist/newcomer.py follows
each language section of README.md in an empty project). A README shows a
file between markers:

    <!-- file: docs/snippets/python/refund.py -->
    `refund.py`

    ```python
    ...the whole file...
    ```
    <!-- /file -->

The line in backquotes is the file's name in the user's project: its path
under docs/snippets/<language>/. Between the markers this script writes
everything; what is there is replaced.

    readme-snippets.py          rewrite the copies (make readme)
    readme-snippets.py --check  fail when a copy differs from its file (make check-readme)
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READMES = ["README.md", "bindings/python/README.md", "bindings/php/README.md", "bindings/js/README.md"]
MARKER = re.compile(r"(<!-- file: (?P<file>\S+) -->\n)(?P<body>.*?)(<!-- /file -->)", re.S)
LANGUAGES = {".go": "go", ".py": "python", ".php": "php", ".mjs": "js", ".cjs": "js", ".js": "js", ".ts": "ts",
             ".sh": "sh"}


def shown_name(path: str) -> str:
    """The file's name in a user's project: its path under docs/snippets/<language>/."""
    parts = Path(path).parts
    return "/".join(parts[3:]) if parts[:2] == ("docs", "snippets") and len(parts) > 3 else Path(path).name


def block(path: str) -> str:
    source = ROOT / path
    if not source.is_file():
        sys.exit(f"readme-snippets: {path} does not exist")
    language = LANGUAGES.get(source.suffix)
    if language is None:
        sys.exit(f"readme-snippets: {path}: no language known for {source.suffix}")
    text = source.read_text(encoding="utf-8")
    if "```" in text:
        sys.exit(f"readme-snippets: {path} holds ``` and cannot be shown in a fenced block")
    return f"`{shown_name(path)}`\n\n```{language}\n{text.rstrip()}\n```\n"


def render(text: str) -> str:
    return MARKER.sub(lambda m: f"{m.group(1)}{block(m.group('file'))}{m.group(4)}", text)


def main() -> None:
    check = "--check" in sys.argv[1:]
    stale = []
    for name in READMES:
        readme = ROOT / name
        current = readme.read_text(encoding="utf-8")
        wanted = render(current)
        if wanted == current:
            continue
        if check:
            stale.append(name)
        else:
            readme.write_text(wanted, encoding="utf-8")
            print(f"wrote {name}")
    if stale:
        sys.exit(f"{', '.join(stale)}: the examples differ from docs/snippets/: run make readme")
    if not MARKER.search((ROOT / "README.md").read_text(encoding="utf-8")):
        sys.exit("readme-snippets: README.md shows no file of docs/snippets/")


if __name__ == "__main__":
    main()
