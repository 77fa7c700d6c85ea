from __future__ import annotations

import base64
import hashlib
import hmac
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
SOURCE = REPOSITORY / "bindings" / "python" / "src"
# The README's pushback handler (shop.py, tested in test_pushback_handler.py); the tests' own
# pushback endpoint reads bodies with its read_body.
SNIPPETS = REPOSITORY / "docs" / "snippets" / "python"
sys.path.insert(0, str(SNIPPETS))
VECTORS = Path(os.environ.get("PAYSIGN_TESTVECTORS") or REPOSITORY / "testvectors")
PUBLIC_KEY = (REPOSITORY / "internal" / "testkeys" / "rsa1024_TEST_ONLY_public.pem").read_text()


def error_of(fn: Callable[[], Any]) -> Any:
    """The PaySignError fn raises (paysign is imported by the tests, not here)."""
    import paysign

    with pytest.raises(paysign.PaySignError) as caught:
        fn()
    return caught.value


def hmac_b64(text: str, key: str) -> str:
    """base64 HMAC-SHA512, computed with the standard library."""
    return base64.b64encode(hmac.new(key.encode(), text.encode(), hashlib.sha512).digest()).decode()

# The paysign program for paysign.testing.PayWayMock (`make test-python` sets
# PAYSIGN_CLI; by hand, the repository's build/paysign). No program: the
# tests that need the mock fail with mock_not_found, they are not skipped.
if not os.environ.get("PAYSIGN_CLI") and (REPOSITORY / "build" / "paysign").is_file():
    os.environ["PAYSIGN_CLI"] = str(REPOSITORY / "build" / "paysign")

# The payway_mock fixture (one mock per session, reset before each test),
# as an integrator's conftest.py would use it.
pytest_plugins = ["paysign.testing.pytest_plugin"]


def run_python(code: str, timeout: float = 60, env: Optional[Mapping[str, str]] = None,
               python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    """Runs code in a fresh interpreter (a process that has not loaded the
    library yet) with this checkout's package on the path. A hang fails the
    test through subprocess.TimeoutExpired."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(SOURCE)
    full_env.update(env or {})
    return subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=timeout, env=full_env)


@pytest.fixture(scope="session")
def script_server() -> Any:
    """build/scriptserver, the scripted server of the send conformance
    vectors (`make test-python` builds it and names it in
    PAYSIGN_SCRIPTSERVER); missing, the tests that need it fail."""
    from send_runner import ScriptServer

    program = Path(os.environ.get("PAYSIGN_SCRIPTSERVER") or REPOSITORY / "build" / "scriptserver")
    if not program.is_file():
        pytest.fail(f"{program} does not exist: `make build/scriptserver` (make test-python builds it)")
    scripted = ScriptServer(program)
    yield scripted
    scripted.stop()


@pytest.fixture(scope="session")
def demo_requests() -> list:
    import json
    return json.loads((REPOSITORY / "testvectors" / "demo" / "requests.json").read_text())["requests"]
