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

Prose and code kept together in a Markdown file are copied by section,
everything of the named ## section up to its next heading (relative links
made relative to the README):

    <!-- snippet: docs/snippets/NAME.md#anchor -->
    ...copied text...
    <!-- /snippet -->

    readme-snippets.py          rewrite the copies (make readme)
    readme-snippets.py --check  fail when a copy differs from its file (make check-readme)
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READMES = ["README.md", "bindings/python/README.md", "bindings/php/README.md", "bindings/js/README.md"]
MARKER = re.compile(r"(<!-- file: (?P<file>\S+) -->\n)(?P<body>.*?)(<!-- /file -->)", re.S)
SECTION = re.compile(
    r"(<!-- snippet: (?P<file>[^#\s]+)#(?P<anchor>[\w-]+) -->\n)(?P<body>.*?)(<!-- /snippet -->)", re.S)
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


def slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", "")).replace(" ", "-")


def section(path: Path, anchor: str) -> str:
    """The text of the section of path whose anchor is anchor, up to the next heading."""
    out, inside, fenced, found = [], False, False, False
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"#{1,6}\s+(.*)", line)
        if heading:
            if inside:
                break
            inside = slug(heading.group(1)) == anchor
            found = found or inside
            continue
        if inside:
            out.append(line)
    if not found:
        sys.exit(f"readme-snippets: {path.relative_to(ROOT)} has no section #{anchor}")
    return "".join(out).strip("\n") + "\n"


def relink(text: str, source: Path, readme: Path) -> str:
    """Relative links of source's text, made relative to the README."""

    def move(m: re.Match[str]) -> str:
        target = m.group(2)
        if re.match(r"[a-z]+:|#", target):
            return m.group(0)
        path, _, fragment = target.partition("#")
        moved = os.path.relpath((source.parent / path).resolve(), readme.parent)
        return f"{m.group(1)}({moved}{'#' + fragment if fragment else ''})"

    return re.sub(r"(\[[^\]]*\])\(([^)\s]+)\)", move, text)


def render(text: str, readme: Path) -> str:
    text = MARKER.sub(lambda m: f"{m.group(1)}{block(m.group('file'))}{m.group(4)}", text)

    def copy(m: re.Match[str]) -> str:
        source = ROOT / m.group("file")
        return f"{m.group(1)}{relink(section(source, m.group('anchor')), source, readme)}{m.group(5)}"

    return SECTION.sub(copy, text)


def main() -> None:
    check = "--check" in sys.argv[1:]
    stale = []
    for name in READMES:
        readme = ROOT / name
        current = readme.read_text(encoding="utf-8")
        wanted = render(current, readme)
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
