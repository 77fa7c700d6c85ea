#!/usr/bin/env python3
"""Fails on a dead link in the repository's Markdown files.

Every relative link [text](target) of every tracked *.md file must name a
file or folder that exists, and a #fragment must name a heading of its
target, as GitHub derives heading anchors. Absolute links (https:, mailto:)
are not fetched: this machine reaches no web site.

The READMEs that registries show (version.PACKAGED_READMES) have no
relative link but to their own headings: npm, PyPI and Packagist would
resolve it against their own pages. Their links into the repository must
name the release's tag (https://github.com/paysign/paysign/blob/vVERSION/PATH,
or tree/), and PATH must be a tracked file or folder, checked as a relative
link is: the release pushes that tag before it publishes (RELEASING.md).
"""

import re
import subprocess
import sys
from pathlib import Path

from version import PACKAGED_READMES, PINNED_LINK, REPOSITORY_URL, VERSION

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
        packaged = name in PACKAGED_READMES
        for target in LINK.findall(text):
            base = md.parent
            if packaged and target.startswith(REPOSITORY_URL + "/"):
                pinned = PINNED_LINK.match(target)
                if not pinned or pinned.group(2) != f"v{VERSION}":
                    dead.append(f"{name}: {target} (a packaged README links to {REPOSITORY_URL}/blob/v{VERSION}/...)")
                    continue
                target, base = target[pinned.end():], root
            elif packaged and not re.match(r"^([a-z]+:|#)", target):
                dead.append(f"{name}: {target} (relative: a registry resolves it against its own page)")
                continue
            if re.match(r"^[a-z]+:", target):
                continue
            path_part, _, fragment = target.partition("#")
            dest = (base / path_part).resolve() if path_part else md
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
