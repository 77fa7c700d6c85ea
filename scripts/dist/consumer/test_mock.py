"""dist-check: pytest in a fresh venv after `pip install "paysign[mock]"` from
the local index: the mock comes from the paysign-mock wheel, found through
paysign_mock.executable(), with no PAYSIGN_CLI and no paysign on PATH; and
`python -m paysign_mock` runs it."""

import os
import shutil
import signal
import subprocess
import sys
import urllib.request

import paysign
import paysign_mock
from paysign.testing import PayWayMock


def test_the_bundled_mock_answers_what_paysign_sends() -> None:
    program = paysign_mock.executable()
    assert "/site-packages/paysign_mock/bin/" in program and os.access(program, os.X_OK), program
    assert "PAYSIGN_CLI" not in os.environ and shutil.which("paysign") is None
    with PayWayMock(program) as mock:
        payway = mock.payway()
        payway.send("purchase", tran_id="ORDER-1", amount="10.00", currency="USD")
        mock.approve("ORDER-1")
        assert payway.send("check_transaction", tran_id="ORDER-1").payment_status.status == "APPROVED"


def test_python_m_paysign_mock_runs_the_program_in_its_place() -> None:
    """`python -m paysign_mock ARGS` is the program with ARGS: its output,
    its exit status, its stdin, and the signals sent to the launcher."""
    launcher = [sys.executable, "-m", "paysign_mock"]
    version = subprocess.run([*launcher, "version"], capture_output=True, text=True, timeout=30)
    assert (version.returncode, version.stdout) == (0, f"paysign {paysign.__version__} (ABI 1)\n"), version
    wrong = subprocess.run([*launcher, "mock", "--no-such-flag"], capture_output=True, text=True, timeout=30)
    assert wrong.returncode == 2 and "flag provided but not defined: -no-such-flag" in wrong.stderr, wrong

    for stop in ("SIGTERM", "stdin closed"):
        mock = subprocess.Popen([*launcher, "mock", "--listen", "127.0.0.1:0", "--quiet", "--exit-on-stdin-close"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert mock.stdout is not None and mock.stdin is not None
            url = mock.stdout.readline().split(" listening on ")[1].strip()
            with urllib.request.urlopen(f"{url}/__mock/transactions", timeout=10) as answer:
                assert answer.status == 200
            if stop == "SIGTERM":
                mock.send_signal(signal.SIGTERM)
            else:
                mock.stdin.close()
            assert mock.wait(timeout=10) == 0, stop
            assert mock.stderr is not None and "paysign mock: stopping" in mock.stderr.read(), stop
        finally:
            mock.kill()
            mock.wait()
