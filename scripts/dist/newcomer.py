#!/usr/bin/env python3
"""Follows one language section of README.md as a newcomer would, in an empty project.

    newcomer.py SECTION PROJECT      SECTION: Go, "Command line", Python, PHP or JavaScript

Run by scripts/dist/dist-check.sh (make dist-check-quick, part of make test)
as the user it makes up: an empty HOME whose npm, pip, Composer and Go
configuration name the local registries serving make dist's artifacts, and
a PATH without Go or a C compiler (Go's own section excepted). It reads
README.md itself and takes the section's blocks in order:

- a file block (`<!-- file: docs/snippets/... -->`, then the file's name in
  backquotes and the file whole) is written under that name in PROJECT;
- a ```sh block runs in bash, in PROJECT, in one shell for the whole
  section (its exports and background jobs stay, as in a terminal), with
  `set -e -o pipefail`: every command must succeed;
- any other block in a language section is an error: a reader could not
  run it as written.

The one change made to a block: 127.0.0.1:4010, the mock's port in the
README, becomes a free port, so that sections can run side by side.

Checks, besides every command succeeding: each `# → TEXT` comment of a
shell line (` → ` separates several) names a line the block prints
(compared with runs of white space made one space), and one of them says
`00 success` (the sign-and-send); the section holds the
install lines of the registries and starts the mock with its package's
launcher (REQUIRED); no output shows the mock's TEST-ONLY API key; and,
but for Go's section, neither Go nor a C compiler is on PATH. At the end
every process the section left running (the mock) is stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
VERSION = (ROOT / "VERSION").read_text().strip()
README_PORT = "127.0.0.1:4010"
MOCK_API_KEY = "TEST_ONLY_paysign_mock_api_key"
TIMEOUT = 300

# What each section must hold: the registries' install lines, and the mock
# started by the launcher of the package the section installs.
REQUIRED = {
    "Go": [f"go get github.com/paysign/paysign@v{VERSION}",
           f"go run github.com/paysign/paysign/cmd/paysign@v{VERSION} mock --listen {README_PORT}"],
    "Command line": [f"https://github.com/paysign/paysign/releases/download/v{VERSION}/paysign-{VERSION}-linux-amd64",
                     f"paysign mock --listen {README_PORT}"],
    "Python": ['pip install "paysign[mock]"', f"python -m paysign_mock mock --listen {README_PORT}"],
    "PHP": ["composer require paysign/paysign", "composer require --dev paysign/mock",
            f"vendor/bin/paysign mock --listen {README_PORT}"],
    "JavaScript": ["npm install paysign", "npm install -D @paysign/mock", f"npx paysign mock --listen {README_PORT}"],
}


class Block(NamedTuple):
    kind: str  # "file" or "sh"
    name: str  # the file's name (a file block)
    text: str


class Failure(Exception):
    """The section does not run as written; the message says where."""


def section(readme: str, heading: str) -> str:
    """The text of the ## section named heading, up to the next ## heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    if match is None:
        raise Failure(f"README.md has no section '## {heading}'")
    return match.group(1)


def blocks(text: str) -> List[Block]:
    """The file and shell blocks of a section, in order."""
    out: List[Block] = []
    fence = re.compile(r"^```(\S*)\n(.*?)^```\n", re.S | re.M)
    marker = re.compile(r"<!-- file: (\S+) -->\n`([^`\n]+)`\n\n```\S*\n(.*?)^```\n<!-- /file -->", re.S | re.M)
    position = 0
    while True:
        shown, code = marker.search(text, position), fence.search(text, position)
        if code is None:
            return out
        if shown is not None and shown.start() < code.start():
            out.append(Block("file", shown.group(2), shown.group(3)))
            position = shown.end()
        elif code.group(1) == "sh":
            out.append(Block("sh", "", code.group(2)))
            position = code.end()
        else:
            line = text.count("\n", 0, code.start()) + 1
            raise Failure(f"a ```{code.group(1)} block (line {line} of the section) is neither a file of "
                          "docs/snippets/ nor a shell block: a reader could not run it as written")


def expectations(shell: str) -> List[str]:
    """The texts named by the `# → TEXT` comments of a shell block."""
    found: List[str] = []
    for line in shell.splitlines():
        _, arrow, said = line.partition("# →")
        if arrow:
            found += [" ".join(text.split()) for text in said.split("→") if text.strip()]
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(project: Path, steps: List[Block], log: Path, timeout: float) -> int:
    """Runs the section's blocks in one bash, in project; returns its exit
    status (-1: timed out). Every process it leaves is stopped."""
    staging = Path(tempfile.mkdtemp(prefix="newcomer-files-"))
    script = ["set -e -o pipefail"]
    for index, step in enumerate(steps):
        script.append(f"printf '\\n::newcomer block {index}\\n'")
        if step.kind == "file":
            (staging / str(index)).write_text(step.text, encoding="utf-8")
            script.append(f"mkdir -p \"$(dirname '{step.name}')\" && cp '{staging / str(index)}' '{step.name}'")
        else:
            script.append(step.text)
    script.append("printf '\\n::newcomer end\\n'")
    (staging / "section.sh").write_text("\n".join(script) + "\n", encoding="utf-8")
    with log.open("wb") as out:
        # A session of its own: the background jobs (the mock) are stopped with it. Output to a file, not a pipe
        # that a background job would keep open.
        shell = subprocess.Popen(["bash", str(staging / "section.sh")], cwd=project, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            status = shell.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            status = -1
        finally:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(shell.pid, sig)
                except ProcessLookupError:
                    break
                time.sleep(0.5)
            shell.wait()
    shutil.rmtree(staging)
    return status


def follow(readme: str, heading: str, project: Path, required: List[str], timeout: float = TIMEOUT) -> str:
    """Follows the section heading of readme in project (an empty folder);
    returns a summary, or raises Failure."""
    if project.exists() and any(project.iterdir()):
        raise Failure(f"{project} is not empty")
    project.mkdir(parents=True, exist_ok=True)
    steps = blocks(section(readme, heading))
    shell_text = "\n".join(step.text for step in steps if step.kind == "sh")
    for line in required:
        if line not in shell_text:
            raise Failure(f"no shell block runs `{line}`")
    wanted = [expectations(step.text) if step.kind == "sh" else [] for step in steps]
    every = [text for texts in wanted for text in texts]
    if not any("00 success" in text for text in every):
        raise Failure("no `# →` comment promises `00 success` (the sign-and-send)")
    port = str(free_port())
    steps = [step._replace(text=step.text.replace(README_PORT, f"127.0.0.1:{port}")) for step in steps]

    log = project.parent / f"{project.name}.log"
    started = time.monotonic()
    status = run(project, steps, log, timeout)
    took = time.monotonic() - started
    output = log.read_text(encoding="utf-8", errors="replace")
    parts = re.split(r"^::newcomer block (\d+)\n", output, flags=re.M)
    printed = {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}

    def failure(problem: str) -> Failure:
        mock_log = project / "mock.log"
        tail = "\n".join(output.splitlines()[-60:])
        extra = f"\n--- {mock_log} (last 20 lines) ---\n" + "\n".join(
            mock_log.read_text(errors="replace").splitlines()[-20:]) if mock_log.is_file() else ""
        return Failure(f"{problem}\n--- the section's output (last 60 lines; all of it in {log}) ---\n{tail}{extra}")

    if status != 0 or "\n::newcomer end\n" not in output:
        last = max(printed) if printed else 0
        what = steps[last].text if steps[last].kind == "sh" else f"writing {steps[last].name}"
        raise failure(f"block {last} failed (exit status {status}{', timed out' if status == -1 else ''}):\n{what}")
    if MOCK_API_KEY in output:
        raise failure("the output shows the mock's API key")
    for index, texts in enumerate(wanted):
        lines = [" ".join(line.split()) for line in printed.get(index, "").splitlines()]
        for expected in texts:
            if not any(expected in line for line in lines):
                raise failure(f"block {index} does not print `{expected}`:\n{steps[index].text}")
    files = [step.name for step in steps if step.kind == "file"]
    return (f"README.md '## {heading}': {len(steps) - len(files)} shell blocks and {len(files)} files "
            f"({', '.join(files) or 'none'}) in an empty project, the mock on port {port} instead of 4010; "
            f"every command succeeded and printed what its `# →` comments say ({'; '.join(every)}) in {took:.0f} s")


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    heading, project = sys.argv[1], Path(sys.argv[2]).resolve()
    try:
        if heading not in REQUIRED:
            raise Failure(f"no such language section; known: {', '.join(REQUIRED)}")
        if heading != "Go":
            for compiler in ("go", "gcc", "cc", "clang"):
                if shutil.which(compiler):
                    raise Failure(f"{compiler} is on PATH: the section must work without it")
        print("newcomer:", follow((ROOT / "README.md").read_text(encoding="utf-8"), heading, project, REQUIRED[heading]))
    except Failure as failure:
        sys.exit(f"newcomer ({heading}): {failure}")


if __name__ == "__main__":
    main()
