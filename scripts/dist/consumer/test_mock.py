"""dist-check: pytest in a fresh venv after `pip install "paysign[mock]"` from
the local index: the mock comes from the paysign-mock wheel, found through
paysign_mock.executable(), with no PAYSIGN_CLI and no paysign on PATH."""

import os
import shutil

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
