#!/usr/bin/env python3
"""Tests of scripts/dist/newcomer.py on small made-up READMEs (make check-newcomer).

Each README has one section, `## Lang`, run in an empty temporary project:
the harness passes what runs as written and fails, naming the block, on a
command that fails, a `# →` promise the output does not keep, a block a
reader could not run, a missing install line, and the mock's API key in
the output; it writes files before the blocks after them, gives the mock's
README port a free one, and stops what a section leaves running.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newcomer  # noqa: E402

FENCE = "```"


def readme(*parts: str) -> str:
    return "# x\n\n## Lang\n\n" + "\n".join(parts) + "\n## Reference\n\n" + FENCE + "sh\nexit 1\n" + FENCE + "\n"


def sh(text: str) -> str:
    return f"{FENCE}sh\n{text}\n{FENCE}\n"


def shown(name: str, text: str) -> str:
    return f"<!-- file: docs/snippets/lang/{name} -->\n`{name}`\n\n{FENCE}python\n{text}\n{FENCE}\n<!-- /file -->\n"


class FollowTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.project = Path(self.dir.name) / "project"

    def tearDown(self) -> None:
        self.dir.cleanup()

    def follow(self, text: str, required: tuple[str, ...] = ()) -> str:
        return newcomer.follow(text, "Lang", self.project, list(required), timeout=30)

    def fails(self, text: str, *, saying: str, required: tuple[str, ...] = ()) -> None:
        with self.assertRaises(newcomer.Failure) as caught:
            self.follow(text, required)
        self.assertIn(saying, str(caught.exception))

    def test_blocks_run_in_order_in_one_shell_with_the_files_between(self) -> None:
        summary = self.follow(readme(
            sh("export GREETING=00; touch before"),
            shown("say.py", "print('success')"),
            sh("test ! -e later.txt && echo \"$GREETING $(cat say.py | tr -dc a-z | head -c 0)success\"   # → 00 success"),
            shown("sub/later.txt", "x"),
            sh("cat sub/later.txt; ls   # → x → say.py")))
        self.assertIn("3 shell blocks and 2 files (say.py, sub/later.txt)", summary)
        self.assertTrue((self.project / "before").is_file())

    def test_white_space_runs_compare_as_one_space(self) -> None:
        self.follow(readme(sh("printf 'HTTP 200  code 00\\tsuccess\\n'   # → HTTP 200 code 00 success")))

    def test_a_promise_the_output_does_not_keep_fails(self) -> None:
        self.fails(readme(sh("echo 00 success   # → 00 success"), sh("echo PTL37 declined   # → 00 success")),
                   saying="block 1 does not print `00 success`")

    def test_a_failing_command_fails_even_mid_block(self) -> None:
        self.fails(readme(sh("false\necho 00 success   # → 00 success")), saying="block 0 failed (exit status 1)")
        self.project = Path(self.dir.name) / "again"
        self.fails(readme(sh("false | true\necho 00 success   # → 00 success")), saying="block 0 failed")

    def test_a_section_must_promise_00_success(self) -> None:
        self.fails(readme(sh("echo hi   # → hi")), saying="no `# →` comment promises `00 success`")

    def test_a_block_that_is_neither_a_file_nor_shell_fails(self) -> None:
        self.fails(readme(sh("echo 00 success   # → 00 success"), f"{FENCE}python\nprint(1)\n{FENCE}\n"),
                   saying="a ```python block")

    def test_the_install_lines_must_be_there(self) -> None:
        self.fails(readme(sh("echo 00 success   # → 00 success")), saying="no shell block runs `pip install x`",
                   required=("pip install x",))

    def test_the_readme_port_becomes_a_free_one(self) -> None:
        summary = self.follow(readme(sh("echo 127.0.0.1:4010 > port; echo 00 success   # → 00 success")))
        port = (self.project / "port").read_text().strip()
        self.assertNotEqual(port, "127.0.0.1:4010")
        self.assertIn(f"on port {port.split(':')[1]} instead of 4010", summary)

    def test_the_mocks_api_key_in_the_output_fails(self) -> None:
        self.fails(readme(sh("echo TEST_ONLY_paysign_mock_api_key_ec000002; echo 00 success   # → 00 success")),
                   saying="the output shows the mock's API key")

    def test_what_a_section_leaves_running_is_stopped(self) -> None:
        self.follow(readme(sh("sleep 300 > /dev/null 2>&1 &\necho $! > pid; echo 00 success   # → 00 success")))
        pid = int((self.project / "pid").read_text())
        for _ in range(50):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        self.fail(f"the background job {pid} still runs")

    def test_a_project_that_is_not_empty_is_refused(self) -> None:
        self.project.mkdir()
        (self.project / "x").touch()
        self.fails(readme(sh("echo 00 success   # → 00 success")), saying="is not empty")

    def test_the_readme_holds_every_language_section(self) -> None:
        text = (newcomer.ROOT / "README.md").read_text(encoding="utf-8")
        for heading, required in newcomer.REQUIRED.items():
            steps = newcomer.blocks(newcomer.section(text, heading))
            shell = "\n".join(step.text for step in steps if step.kind == "sh")
            for line in required:
                self.assertIn(line, shell, heading)


if __name__ == "__main__":
    unittest.main()
