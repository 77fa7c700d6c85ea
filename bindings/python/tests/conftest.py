from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Mapping, Optional

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
SOURCE = REPOSITORY / "bindings" / "python" / "src"
VECTORS = Path(os.environ.get("PAYSIGN_TESTVECTORS") or REPOSITORY / "testvectors")


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
def demo_requests() -> list:
    import json
    return json.loads((REPOSITORY / "testvectors" / "demo" / "requests.json").read_text())["requests"]
