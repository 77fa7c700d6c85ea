"""docs/snippets/python.md (copied into the top-level README) and the first
examples of bindings/python/README.md: identical, at most 15 lines, and
working: each is run against `paysign mock` (a fresh one per test), the
testing snippet under pytest with a pushback endpoint."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from conftest import REPOSITORY, SOURCE, run_python
from paysign import PayWayError
from paysign.testing import PayWayMock
from receiver import free_port_url

SNIPPETS = REPOSITORY / "docs" / "snippets" / "python.md"
README = REPOSITORY / "bindings" / "python" / "README.md"


def sections(path: Path) -> Dict[str, str]:
    """The first ```python block of each ## section."""
    out: Dict[str, str] = {}
    heading = None
    for block in re.split(r"^(## .+)$", path.read_text(encoding="utf-8"), flags=re.M):
        if block.startswith("## "):
            heading = block.strip()
        elif heading is not None and heading not in out:
            match = re.search(r"^```python\n(.*?)^```$", block, re.S | re.M)
            if match:
                out[heading] = match.group(1)
    return out


PAIRS: List[Tuple[str, str]] = [("## Quick start", "## Sign and send"),
                                ("## Testing your integration", "## Testing your integration")]


def test_the_snippets_are_the_readmes_first_examples() -> None:
    readme, snippets = sections(README), sections(SNIPPETS)
    headings = [line for line in SNIPPETS.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert headings == ["# Python snippets", "## Sign and send", "## Testing your integration"]
    for in_readme, in_snippets in PAIRS:
        assert readme[in_readme] == snippets[in_snippets], \
            f"docs/snippets/python.md {in_snippets!r} differs from the README's {in_readme!r}"
        assert snippets[in_snippets].count("\n") <= 15, f"{in_snippets!r} is over 15 lines"


def test_sign_and_send_runs_against_the_mock() -> None:
    code = sections(SNIPPETS)["## Sign and send"]
    with PayWayMock() as mock:  # ORDER-1001 is a fixture of the mock: a paid purchase of 10.00 USD
        env = {"PAYWAY_MERCHANT_ID": mock.merchant_id, "PAYWAY_API_KEY": mock.api_key,
               "PAYWAY_RSA_PUBLIC_KEY": mock.rsa_public_key.replace("\n", "\\n"), "PAYWAY_BASE_URL": mock.url}

        def run(source: str, **changes: str) -> str:
            result = run_python(source, env={**env, **changes})
            assert result.returncode == 0, result.stderr
            return result.stdout

        assert run(code) == "00 success\n"
        assert '"1.50"' in code
        # ... and refused ones: beyond what is left, a wrong key, no gateway listening
        assert run(code.replace('"1.50"', '"9.00"')) == "PTL37 declined\n"
        assert run(code, PAYWAY_API_KEY="TEST_ONLY_wrong") == "PTL02 wrong_hash\n"
        assert run(code, PAYWAY_BASE_URL=free_port_url()) == "not_sent send_again\n"
        # the key from a file, as the mock prints it
        assert run(code, PAYWAY_RSA_PUBLIC_KEY="", PAYWAY_RSA_PUBLIC_KEY_FILE=mock.rsa_public_key_file) == \
            "00 success\n"
        assert [r["code"] for r in mock.requests("refund")] == ["00", "PTL37", "PTL02", "00"]


CONFTEST = '''
import http.server, os, threading
import pytest

@pytest.fixture(scope="session")
def handler_url():
    """The integrator's pushback endpoint: records what it receives."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with open(os.environ["PUSHBACK_LOG"], "ab") as log:
                log.write(body + b"\\n")
            self.send_response(200)
            self.end_headers()
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/payway/pushback"
    server.shutdown()
'''


def test_testing_your_integration_runs_under_pytest(tmp_path: Path) -> None:
    code = sections(SNIPPETS)["## Testing your integration"]
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_checkout.py").write_text(code, encoding="utf-8")
    log = tmp_path / "pushbacks.log"
    env = {key: value for key, value in __import__("os").environ.items() if key != "PYTEST_ADDOPTS"}
    env.update({"PYTHONPATH": str(SOURCE), "PUSHBACK_LOG": str(log)})
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^2 passed", result.stdout, re.M), result.stdout
    [pushback] = log.read_bytes().splitlines()
    assert b'"tran_id":"ORDER-1"' in pushback and b'"status":"0"' in pushback


@pytest.mark.parametrize("heading", ["## Sign and send", "## Testing your integration"])
def test_each_snippet_is_followed_by_a_few_lines_of_prose(heading: str) -> None:
    text = SNIPPETS.read_text(encoding="utf-8")
    after = text.split(heading, 1)[1].split("```", 2)[2].split("\n## ", 1)[0]
    prose = [line for line in after.strip().splitlines() if line.strip()]
    assert 1 <= len(prose) <= 3, prose
