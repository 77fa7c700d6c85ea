#!/usr/bin/env python3
"""Fails on a dead link in the repository's Markdown files.

Every relative link [text](target) of every tracked *.md file must name a
file or folder that exists, and a #fragment must name a heading of its
target, as GitHub derives heading anchors. Absolute links (https:, mailto:)
are not fetched: this machine reaches no web site.
"""

import re
import subprocess
import sys
from pathlib import Path

LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
FENCED = re.compile(r"```.*?```", re.S)


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown file."""
    found, seen = set(), {}
    text = FENCED.sub("", path.read_text(encoding="utf-8"))
    for line in text.splitlines():
        m = re.match(r"#{1,6}\s+(.*)", line.replace("`", ""))
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    for m in re.finditer(r'<a\s+(?:name|id)="([^"]+)"', text):
        found.add(m.group(1))
    return found


def main() -> int:
    root = Path(subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip())
    files = subprocess.check_output(["git", "ls-files", "*.md"], cwd=root, text=True).split()
    dead = []
    for name in files:
        md = root / name
        if not md.exists():
            continue
        text = CODE.sub("", md.read_text(encoding="utf-8"))
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:", target):
                continue
            path_part, _, fragment = target.partition("#")
            dest = (md.parent / path_part).resolve() if path_part else md
            if not dest.exists():
                dead.append(f"{name}: {target} (no such file)")
            elif fragment and dest.suffix == ".md" and fragment not in anchors(dest):
                dead.append(f"{name}: {target} (no heading #{fragment})")
    for d in dead:
        print(f"dead link: {d}")
    print(f"check-links: {len(files)} Markdown files, {len(dead)} dead links")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
