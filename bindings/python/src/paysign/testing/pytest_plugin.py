"""pytest fixtures for testing an integration against `paysign mock`.

In your conftest.py (the root one):

    pytest_plugins = ["paysign.testing.pytest_plugin"]

then:

    def test_checkout(payway_mock):
        payway = payway_mock.payway()
        payway.send("purchase", tran_id="ORDER-1", amount="10.00", currency="USD")
        payway_mock.approve("ORDER-1")
        assert payway.send("check_transaction", tran_id="ORDER-1").payment_status.status == "APPROVED"

payway_mock is a paysign.testing.PayWayMock, started once per session (the
paysign program: $PAYSIGN_CLI, else `paysign` on PATH) and reset before
each test: every test starts with no transaction, request or fault. It is
stopped at the end of the session. The fixture payway_mock_session is the
same mock without the reset.
"""

from __future__ import annotations

from typing import Iterator

# Typed where pytest is installed; the ignores only keep mypy quiet where it is not.
import pytest  # type: ignore[import-not-found, unused-ignore]

from . import PayWayMock

__all__ = ["payway_mock", "payway_mock_session"]


@pytest.fixture(scope="session")  # type: ignore[untyped-decorator, unused-ignore]
def payway_mock_session() -> Iterator[PayWayMock]:
    """One paysign mock for the session, stopped at its end."""
    mock = PayWayMock()
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture  # type: ignore[untyped-decorator, unused-ignore]
def payway_mock(payway_mock_session: PayWayMock) -> Iterator[PayWayMock]:
    """The session's paysign mock, reset (no transaction, request or fault)."""
    payway_mock_session.reset()
    yield payway_mock_session
