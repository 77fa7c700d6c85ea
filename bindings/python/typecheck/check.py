"""make typecheck-python: mypy --strict over the package and example.py must
pass; over negative.py it must report exactly the marked errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src"


def mypy(*targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--show-error-codes",
                           *targets],
                          capture_output=True, text=True, cwd=HERE, env={"MYPYPATH": str(SOURCE), "PATH": ""})


def main() -> int:
    good = mypy(str(SOURCE / "paysign"), str(HERE / "example.py"))
    if good.returncode != 0:
        print(good.stdout + good.stderr)
        print("mypy --strict: the package or example.py has errors", file=sys.stderr)
        return 1
    print("mypy --strict: paysign and typecheck/example.py pass")
    negative = HERE / "negative.py"
    expected = {n: m.group(1) for n, line in enumerate(negative.read_text().splitlines(), 1)
                if (m := re.search(r"# error: (.+)$", line))}
    bad = mypy(str(negative))
    found: dict[int, list[str]] = {}
    for m in re.finditer(r"^[^:\n]*negative\.py:(\d+): error: (.+)$", bad.stdout, re.M):
        found.setdefault(int(m.group(1)), []).append(m.group(2))
    problems = [f"line {n}: expected an error containing {text!r}, got {found.get(n)}"
                for n, text in expected.items() if not any(text in e for e in found.get(n, []))]
    problems += [f"line {n}: unexpected error {errors}" for n, errors in found.items() if n not in expected]
    if bad.returncode == 0 or problems:
        print(bad.stdout + bad.stderr)
        print("\n".join(problems) or "mypy passed negative.py", file=sys.stderr)
        return 1
    print(f"mypy --strict: typecheck/negative.py fails with the {len(expected)} expected errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
