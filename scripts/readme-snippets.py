#!/usr/bin/env python3
"""Keeps the README's examples identical to the tested snippets.

The examples of README.md live in docs/snippets/<language>.md, where each
language's own tests run them (the PHP and Python suites against paysign
mock, the JavaScript suite with node --test, Go's runnable examples). The
README holds copies between markers:

    <!-- snippet: docs/snippets/php.md#sign-and-send -->
    ...copied text...
    <!-- /snippet -->

The copy is everything of the named section up to its next heading: the
code block and the lines that explain it.

    readme-snippets.py          rewrite the copies in README.md
    readme-snippets.py --check  fail when a copy differs from its snippet
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = re.compile(
    r"(<!-- snippet: (?P<file>[^#\s]+)#(?P<anchor>[\w-]+) -->\n)(?P<body>.*?)(<!-- /snippet -->)",
    re.S,
)


def slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", "")).replace(" ", "-")


def section(path: Path, anchor: str) -> str:
    """The text of the ## section of path whose anchor is anchor."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, inside, fenced, found = [], False, False, False
    for line in lines:
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


def relink(text: str, source: Path) -> str:
    """Relative links of source's text, made relative to the README."""

    def move(m: re.Match[str]) -> str:
        target = m.group(2)
        if re.match(r"[a-z]+:|#", target):
            return m.group(0)
        path, _, fragment = target.partition("#")
        moved = os.path.relpath((source.parent / path).resolve(), ROOT)
        return f"{m.group(1)}({moved}{'#' + fragment if fragment else ''})"

    return re.sub(r"(\[[^\]]*\])\(([^)\s]+)\)", move, text)


def render(text: str) -> str:
    def copy(m: re.Match[str]) -> str:
        source = ROOT / m.group("file")
        body = relink(section(source, m.group("anchor")), source)
        return f"{m.group(1)}{body}{m.group(5)}"

    return MARKER.sub(copy, text)


def main() -> None:
    current = README.read_text(encoding="utf-8")
    if not MARKER.search(current):
        sys.exit("readme-snippets: README.md has no snippet markers")
    wanted = render(current)
    if "--check" in sys.argv[1:]:
        if wanted != current:
            sys.exit("README.md's examples differ from docs/snippets/*.md: run make readme")
        return
    README.write_text(wanted, encoding="utf-8")


if __name__ == "__main__":
    main()
