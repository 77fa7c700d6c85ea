"""No API key in anything send(), prepare(), the callbacks or the testing
helpers produce: messages, str/repr, args, tracebacks (with every frame's
locals captured, as error trackers do), log lines, decoded answers, the
output of a script that dies of a PayWayError. The key is a random marker;
the asserts never print the texts they search."""

from __future__ import annotations

import io
import logging
import pickle
import secrets
import traceback
from typing import Any, Callable, Dict, List

import pytest

import paysign
from conftest import PUBLIC_KEY, REPOSITORY, run_python
from paysign import PaySignError, PayWay, PayWayError
from paysign.testing import PayWayMock
from receiver import Receiver, free_port_url



def _texts(error: BaseException, logger: logging.Logger) -> List[str]:
    """Every text a program or an error tracker could make of error."""
    texts = [str(error), repr(error), str(error.args), "".join(traceback.format_exception(type(error), error, error.__traceback__))]
    # The locals of every paysign frame the error went through (the test's own frames hold the marker).
    captured = traceback.TracebackException.from_exception(error, capture_locals=True)
    package = str(REPOSITORY / "bindings" / "python" / "src" / "paysign")
    frames = [frame for frame in captured.stack if frame.filename.startswith(package)]
    texts += [f"{frame.filename}:{frame.name} {frame.locals}" for frame in frames]
    if isinstance(error, PaySignError):
        texts += [error.message, str(error.field), repr(pickle.loads(pickle.dumps(error))), repr(error.response)]
    if isinstance(error, PayWayError):
        texts += [repr(error.response), str(error.response.as_dict()), error.payway_message, error.meaning]
    logger.exception("paysign failed: %s", error)
    return texts


def test_no_output_of_sending_holds_the_api_key(payway_mock: PayWayMock) -> None:
    marker = "TEST_ONLY_SECRET_MARKER_" + secrets.token_hex(12)
    stream = io.StringIO()
    logger = logging.getLogger(f"paysign-send-secrets-{marker[-6:]}")
    logger.propagate = False
    logger.addHandler(logging.StreamHandler(stream))
    mock = payway_mock
    order = "SECRET-" + secrets.token_hex(4)
    mock.payway().send("purchase", tran_id=order, amount="5.00", currency="USD")
    client = mock.payway(api_key=marker, timeout=0.3, query_retries=0)

    with Receiver() as server:
        scenarios: Dict[str, Callable[[], Any]] = {
            "bad_timeout_when_made": lambda: PayWay(merchant_id="ec000002", api_key=marker, timeout=-1),
            "bad_key_at_first_send": lambda: PayWay(merchant_id="ec000002", api_key=marker,
                                                    rsa_public_key=f"-----BEGIN PUBLIC KEY-----\n{marker}\n-----END PUBLIC KEY-----\n",
                                                    base_url=mock.url).send("refund", tran_id=order, refund_amount="1.00"),
            "wrong_hash_query": lambda: client.send("check_transaction", tran_id=order),
            "wrong_hash_refund": lambda: client.send("refund", tran_id=order, refund_amount="1.00"),
            "not_sent": lambda: PayWay(merchant_id="ec000002", api_key=marker, rsa_public_key=PUBLIC_KEY,
                                       base_url=free_port_url()).send("refund", tran_id="T1", refund_amount="1.00"),
            "timeout": lambda: (mock.fault("refund", "delay", delay=0.8),
                                client.send("refund", tran_id=order, refund_amount="1.00")),
            "not_paywasys_query": lambda: PayWay(merchant_id="ec000002", api_key=marker, base_url=server.url,
                                                 retry_backoff=0).send("check_transaction", tran_id="T1"),
            "not_paywasys_refund": lambda: PayWay(merchant_id="ec000002", api_key=marker, rsa_public_key=PUBLIC_KEY,
                                                  base_url=server.url).send("refund", tran_id="T1",
                                                                            refund_amount="1.00"),
            "float": lambda: client.send("refund", tran_id=order, refund_amount=1.5),
            "callback_mismatch": lambda: client.verify_callback('{"tran_id":"T1","status":"0"}', "A" * 86 + "=="),
            "callback_body": lambda: client.sign_callback(b'{"tran_id":"\xff"}'),
            "prepared_refusal": lambda: client.prepare("check_transaction", tran_id=order).decode(
                403, b'{"status":{"code":"PTL02","message":"Wrong Hash"}}').raise_for_error(),
        }
        codes: Dict[str, str] = {}
        texts: List[str] = []
        for name, scenario in scenarios.items():
            try:
                scenario()
                codes[name] = "ok"
            except PaySignError as error:
                codes[name] = error.code
                texts += _texts(error, logger)
    assert codes == {"bad_timeout_when_made": "malformed_request", "bad_key_at_first_send": "invalid_key",
                     "wrong_hash_query": "5", "wrong_hash_refund": "PTL02", "not_sent": "not_sent",
                     "timeout": "timeout", "not_paywasys_query": "transport_failed",
                     "not_paywasys_refund": "outcome_unknown", "float": "float_not_allowed",
                     "callback_mismatch": "signature_mismatch", "callback_body": "body_malformed",
                     "prepared_refusal": "PTL02"}
    texts += [repr(client), str(client), repr(client.prepare("check_transaction", tran_id=order)),
              repr(mock.payway(api_key=marker)), stream.getvalue(), str(mock.requests())]
    everything = "\n".join(texts)
    assert len(everything) > 10000, "outputs were collected"
    leaked = marker in everything
    assert not leaked, "an output holds the API key marker (not shown)"


def test_a_script_dying_of_a_payway_error_prints_no_key(payway_mock: PayWayMock) -> None:
    marker = "TEST_ONLY_SECRET_MARKER_" + secrets.token_hex(12)
    result = run_python(
        "import os, logging, paysign\n"
        "logging.basicConfig()\n"
        "p = paysign.PayWay('ec000002', os.environ['PAYSIGN_TEST_API_KEY'], base_url=os.environ['MOCK_URL'])\n"
        "print(p, repr(p))\n"
        "try:\n"
        "    p.send('check_transaction', tran_id='T1')\n"
        "except paysign.PayWayError as e:\n"
        "    logging.exception('send failed: %r %r', e, e.response)\n"
        "p.send('close_transaction', tran_id='T1')\n",
        env={"PAYSIGN_TEST_API_KEY": marker, "MOCK_URL": payway_mock.url})
    assert result.returncode == 1 and "PayWayError" in result.stderr and "wrong_hash" in result.stderr
    output = result.stdout + result.stderr
    assert marker not in output, "the API key marker is in the process output (not shown)"


def test_pickled_errors_keep_their_members() -> None:
    error = PaySignError("timeout", "paysign: payway refund: no answer within 1 s", None)
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.code, again.message, again.field) == (PaySignError, "timeout", error.message, None)
    page = paysign.decode_response("refund", 502, b"<html>Bad Gateway</html>")
    error = PaySignError("outcome_unknown", "paysign: payway refund: outcome unknown", None, "confirm_first", page)
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, again.next, again.response) == ("outcome_unknown", "confirm_first", page)
    check = paysign.decode_response("check_transaction", 200, b'{"data":{"payment_status_code":0,"payment_status":'
                                                             b'"APPROVED","total_amount":1.5},"status":{"code":"00"}}')
    link = paysign.decode_response("link_card", 302, b"", {"Location": "https://checkout.payway.com.kh/add-card/1"})
    for response in (check, link):
        assert pickle.loads(pickle.dumps(response)) == response and response.ok
    assert pickle.loads(pickle.dumps(check)).payment_status == check.payment_status is not None
    response = paysign.decode_response("refund", 403, b'{"status":{"code":"PTL37","message":"Too much"}}')
    refused = PayWayError(response)
    again = pickle.loads(pickle.dumps(refused))
    assert isinstance(again, PayWayError)
    assert (again.code, again.category, again.http_status, str(again)) == ("PTL37", "declined", 403, str(refused))
    with pytest.raises(PayWayError):
        raise again


@pytest.mark.parametrize("make", [
    lambda marker: PayWay(merchant_id="ec000002", api_key=marker),
    lambda marker: PayWay.from_env({"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": marker}),
], ids=["PayWay", "PayWay.from_env"])
def test_objects_holding_the_api_key_refuse_pickling(make: Callable[[str], PayWay]) -> None:
    """pickle.dumps(PayWay(...)) used to hold the key in clear (issue 17):
    now it raises, as does copying, with a message that says what to do
    and holds no key; so do the request bytes that carry credentials."""
    import copy

    from paysign.payway import _credentials_request

    marker = "TEST_ONLY_SECRET_MARKER_" + secrets.token_hex(12)
    payway = make(marker)
    payway.sign("check_transaction", tran_id="T1")  # opened: the handle and a connection-less object
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError) as caught:
            pickle.dumps(payway, protocol)
        assert "not picklable" in str(caught.value) and marker not in str(caught.value)
    for duplicate in (copy.copy, copy.deepcopy):
        with pytest.raises(TypeError):
            duplicate(payway)
    with pytest.raises(TypeError) as caught:
        pickle.dumps(_credentials_request(payway))
    assert marker not in str(caught.value)
    payway.close()
    with pytest.raises(TypeError):
        pickle.dumps(payway)  # closed, it still holds the key


def test_the_mock_helper_refuses_pickling(payway_mock: PayWayMock) -> None:
    with pytest.raises(TypeError) as caught:
        pickle.dumps(payway_mock)
    assert payway_mock.api_key not in str(caught.value)
