"""PayWay.send(), prepare(), verify_callback() and sign_callback() end to
end, against the real `paysign mock` (paysign.testing's payway_mock
fixture: started once, reset before each test), a pushback endpoint served
by http.server on 127.0.0.1 and raw socket servers: the loop an integrator
lives in, PayWay's refusals as PayWayError, which requests are repeated and
which never are, what an error says to do next, timeouts and connection
failures. Expected codes come from the mock's documented answers
(docs/mock.md) and the rules of docs/envelope.md (payway.send_step), not
from paysign's own output. test_send_conformance.py runs the shared send
scenarios."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import urllib.request
from typing import Any, Callable, Iterator, List

import pytest

import paysign
from paysign import PaySignError, PayWay, PayWayError, PayWayResponse
from paysign.testing import PayWayMock
from conftest import REPOSITORY
from receiver import Receiver, free_port_url

FAST = {"retry_backoff": 0.01}


def tran_id(prefix: str) -> str:
    """A tran_id of at most 20 characters, new for each call."""
    return f"{prefix}-{secrets.token_hex(4)}"


def payway_error(fn: Callable[[], Any]) -> PayWayError:
    with pytest.raises(PayWayError) as caught:
        fn()
    return caught.value


def paysign_error(fn: Callable[[], Any]) -> PaySignError:
    with pytest.raises(PaySignError) as caught:
        fn()
    assert not isinstance(caught.value, PayWayError), repr(caught.value)
    return caught.value


def unknown_outcome(fn: Callable[[], Any]) -> PaySignError:
    """The error of a send that moves money and got no verdict of PayWay's."""
    e = paysign_error(fn)
    assert (e.code, e.next) == ("outcome_unknown", "confirm_first"), repr(e)
    assert "confirm with check_transaction before sending it again" in e.message
    return e


def assert_payment_status(status: str, answer: PayWayResponse) -> None:
    assert (answer.ok, answer.code, answer.category) == (True, "00", "success")
    assert answer.payment_status is not None, answer
    assert answer.payment_status.status == status


@pytest.fixture
def receiver(payway_mock: PayWayMock) -> Iterator[Receiver]:
    with Receiver(payway_mock.payway()) as receiver:
        yield receiver


def test_purchase_approve_pushback_check_refunds_and_close(payway_mock: PayWayMock, receiver: Receiver) -> None:
    mock = payway_mock
    payway = mock.payway()
    order = tran_id("ORDER")

    # purchase: multipart/form-data built from the signed fields
    answer = payway.send("purchase", tran_id=order, amount="10.00", currency="USD",
                         items=[{"name": "Iced latte", "quantity": 4, "price": "2.50"}],
                         return_url=receiver.pushback_url, return_params="order=1001")
    assert isinstance(answer, PayWayResponse)
    assert (answer.ok, answer.code, answer.message, answer.category, answer.retryable, answer.http_status) == \
        (True, "00", "Success!", "success", False, 200)
    assert answer.value["status"]["tran_id"] == order
    assert answer.payment_status is None and answer.location is None and answer.operation == "purchase"
    [received] = mock.requests("purchase", order)
    assert received["content_type"].startswith("multipart/form-data; boundary=")
    assert received["verified"] is True
    assert received["params"]["return_url"] == receiver.pushback_url
    assert_payment_status("PENDING", payway.send("check_transaction", tran_id=order))

    # the payer pays; the mock POSTs the signed pushback to return_url, and the
    # handler verifies it and confirms with check_transaction
    approved = mock.approve(order)
    assert approved["pushback_delivered"] is True, approved
    [pushback] = receiver.pushbacks_for(order)
    assert pushback["content_type"].startswith("application/json")
    assert (pushback["verified"], pushback["confirmed"]) == (order, "APPROVED")
    callback = payway.verify_callback(pushback["body"], pushback["signature"])
    assert (callback.valid, callback.tran_id, callback.status, callback.return_params) == (True, order, "0", "order=1001")
    assert re.fullmatch(r"\d{6}", callback.apv) and callback.apv == approved["transaction"]["apv"]
    assert callback.values["tran_id"] == order
    # sign_callback makes the header the mock sent
    assert payway.sign_callback(pushback["body"]) == pushback["signature"]
    # a forged or unsigned pushback is refused
    forged = pushback["body"].replace(b'"status":"0"', b'"status":"3"')
    assert forged != pushback["body"]
    assert paysign_error(lambda: payway.verify_callback(forged, pushback["signature"])).code == "signature_mismatch"
    assert paysign_error(lambda: payway.verify_callback(pushback["body"], None)).code == "signature_missing"
    assert paysign_error(lambda: payway.verify_callback(pushback["body"], "")).code == "signature_missing"
    other = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_another_key")
    assert paysign_error(lambda: other.verify_callback(pushback["body"], pushback["signature"])).code == \
        "signature_mismatch"

    assert_payment_status("APPROVED", payway.send("check_transaction", tran_id=order))

    # a partial refund (JSON), then one beyond what is left
    refund = payway.send("refund", tran_id=order, refund_amount="4.00")
    assert (refund.code, refund.category, refund.http_status) == ("00", "success", 200)
    assert refund.value["transaction_status"] == "REFUNDED"
    assert mock.requests("refund", order)[0]["content_type"] == "application/json"
    e = payway_error(lambda: payway.send("refund", tran_id=order, refund_amount="6.01"))
    assert isinstance(e, PaySignError)
    assert (e.operation, e.code, e.category, e.http_status, e.retryable) == ("refund", "PTL37", "declined", 403, False)
    assert e.meaning != "" and e.payway_message != "" and e.field is None
    assert e.response.value["status"]["code"] == "PTL37" and e.response.ok is False
    assert str(e).startswith("paysign: payway refund: PTL37: ") and str(e).endswith("(declined)")
    assert e.next is None, "a refusal is PayWay's verdict: nothing to confirm"
    assert len(mock.requests("refund", order)) == 2, "a refused refund is not repeated"
    assert_payment_status("REFUNDED", payway.send("check_transaction", tran_id=order))

    # another purchase, closed before it is paid
    second = tran_id("ORDER")
    assert payway.send("purchase", tran_id=second, amount="3.00", currency="USD").code == "00"
    closed = payway.send("close_transaction", tran_id=second)
    assert (closed.code, closed.category) == ("00", "success")
    assert_payment_status("CANCELLED", payway.send("check_transaction", tran_id=second))
    # closing the paid one is refused
    e = payway_error(lambda: payway.send("close_transaction", tran_id=order))
    assert (e.code, e.category, e.http_status) == ("2", "declined", 403)


def test_refusals_by_the_gateways_rules(payway_mock: PayWayMock) -> None:
    payway = payway_mock.payway()
    order = tran_id("REFUSE")
    payway.send("purchase", tran_id=order, amount="5.00", currency="USD")
    # a refund of an unpaid transaction, of an unknown one
    e = payway_error(lambda: payway.send("refund", tran_id=order, refund_amount="1.00"))
    assert (e.code, e.category, e.http_status, e.retryable) == ("PTL57", "declined", 403, False)
    e = payway_error(lambda: payway.send("refund", tran_id=tran_id("NONE"), refund_amount="1.00"))
    assert (e.code, e.category, e.http_status) == ("PTL36", "not_found", 403)
    # the same tran_id twice: checkout code 4
    e = payway_error(lambda: payway.send("purchase", tran_id=order, amount="5.00", currency="USD"))
    assert (e.code, e.category, e.http_status, e.retryable) == ("4", "duplicate", 403, False)
    # a check of a transaction PayWay does not know: code 6 with HTTP 200
    e = payway_error(lambda: payway.send("check_transaction", tran_id=tran_id("NONE")))
    assert (e.code, e.category, e.http_status, e.retryable) == ("6", "not_found", 200, False)


def test_a_wrong_api_key_is_a_wrong_hash(payway_mock: PayWayMock) -> None:
    mock = payway_mock
    order = tran_id("WRONGKEY")
    mock.payway().send("purchase", tran_id=order, amount="1.00", currency="USD")
    wrong = mock.payway(api_key="TEST_ONLY_not_the_merchants_key")
    e = payway_error(lambda: wrong.send("check_transaction", tran_id=order))
    assert (e.code, e.category, e.http_status, e.retryable) == ("5", "wrong_hash", 403, False)
    e = payway_error(lambda: wrong.send("refund", tran_id=order, refund_amount="1.00"))
    assert (e.code, e.category, e.http_status) == ("PTL02", "wrong_hash", 403)
    # one attempt each: a wrong hash is not retryable, even for a query
    [check] = mock.requests("check_transaction", order)
    assert check["verified"] is False and check["outcome"] == "wrong_hash" and check["expected_hash_input"]
    assert "TEST_ONLY_not_the_merchants_key" not in f"{e} {e!r} {e.response!r} {e.response.as_dict()}"


def test_money_moving_operations_are_never_retried(payway_mock: PayWayMock) -> None:
    mock = payway_mock
    payway = mock.payway(**FAST)
    order = tran_id("NORETRY")
    payway.send("purchase", tran_id=order, amount="10.00", currency="USD")
    mock.approve(order)

    seq = mock.last_seq()
    mock.fault("refund", "server_error", 3, status=503)
    e = unknown_outcome(lambda: payway.send("refund", tran_id=order, refund_amount="1.00"))
    assert e.response is not None, "the answer that came is kept"
    assert (e.response.code, e.response.category, e.response.http_status) == ("", "gateway_error", 503)
    assert isinstance(e.response.value, str), "the proxy's page, as text"
    assert len(mock.requests("refund", after=seq)) == 1, "a refund after a 5xx is never repeated"

    # a rate limit is retryable (PayWay did not process it), but send() still leaves a refund to the caller
    mock.clear_faults()
    mock.fault("refund", "rate_limit", 3)
    e = payway_error(lambda: payway.send("refund", tran_id=order, refund_amount="1.00"))
    assert (e.code, e.category, e.http_status, e.retryable, e.next) == ("429", "rate_limited", 403, True, None)
    assert len(mock.requests("refund", after=seq)) == 2
    mock.clear_faults()

    # purchases neither
    mock.fault("purchase", "server_error", 3)
    other = tran_id("NORETRY")
    unknown_outcome(lambda: payway.send("purchase", tran_id=other, amount="1.00", currency="USD"))
    assert len(mock.requests("purchase", other)) == 1
    mock.clear_faults()
    assert_payment_status("APPROVED", payway.send("check_transaction", tran_id=order))


def test_queries_are_retried_after_a_retryable_answer(payway_mock: PayWayMock,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    mock = payway_mock
    payway = mock.payway(retry_backoff=0.01)
    order = tran_id("RETRY")
    payway.send("purchase", tran_id=order, amount="2.00", currency="USD")
    pauses: List[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    signed: List[str] = []
    real_sign = PayWay._sign

    def sign(self: PayWay, *args: Any) -> Any:
        signed.append(args[0])
        return real_sign(self, *args)

    monkeypatch.setattr(PayWay, "_sign", sign)

    # two 5xx, then the answer: the default two retries are enough
    mock.fault("check_transaction", "server_error", 2, status=502)
    assert_payment_status("PENDING", payway.send("check_transaction", tran_id=order))
    assert [r["http_status"] for r in mock.requests("check_transaction", order)] == [502, 502, 200]
    assert signed == ["check_transaction"], "signed once: every attempt writes the same bytes, as in every runtime"
    assert pauses == [0.01, 0.02], "the pause doubles"

    # a rate limit too (HTTP 403 with code 429)
    mock.fault("check_transaction", "rate_limit", 2)
    assert_payment_status("PENDING", payway.send("check_transaction", tran_id=order))
    assert [r["http_status"] for r in mock.requests("check_transaction", order)][3:] == [403, 403, 200]

    # more failures than retries: the last answer is raised
    mock.fault("check_transaction", "server_error", 5)
    e = payway_error(lambda: payway.send("check_transaction", tran_id=order, query_retries=1))
    assert (e.category, e.http_status, e.retryable, e.next) == ("gateway_error", 500, True, None)
    assert "confirm with check_transaction" not in str(e)
    assert len(mock.requests("check_transaction", order)) == 8, "6 before, 2 attempts now"
    mock.clear_faults()

    # query_retries 0 (on the object): one attempt
    mock.fault("check_transaction", "server_error", 1)
    payway_error(lambda: mock.payway(query_retries=0).send("check_transaction", tran_id=order))
    assert len(mock.requests("check_transaction", order)) == 9
    # a concurrent request (PTL168, a merchant-portal code) on a query is retried as well; an unknown
    # payment link (PTL132) is not retryable
    mock.fault("payment_link_detail", "concurrent", 1)
    e = payway_error(lambda: payway.send("payment_link_detail", id="404404"))
    assert (e.code, e.category, e.retryable) == ("PTL132", "not_found", False)
    assert [r["code"] for r in mock.requests("payment_link_detail")] == ["PTL168", "PTL132"]


def test_the_queries_are_the_catalogues() -> None:
    catalog = PayWay.catalog()["operations"]
    queries = {op["name"] for op in catalog if op.get("query") is True}
    # docs/envelope.md lists them
    assert queries == {"check_transaction", "transaction_detail", "transaction_list", "exchange_rate",
                       "get_transactions_by_mc_ref", "payment_link_detail", "get_token_details"}
    assert all(PayWay.is_query(name) == (name in queries) for name in (op["name"] for op in catalog))
    assert not PayWay.is_query("no_such_operation")


def test_link_card_redirect_is_returned_not_followed(payway_mock: PayWayMock) -> None:
    mock = payway_mock
    request_id = "REQ" + secrets.token_hex(5).upper()
    answer = mock.payway().send("link_card", ctid="CUST00001", request_id=request_id, token_flag="CITR_FIX",
                                currency="USD")
    assert (answer.ok, answer.http_status, answer.category) == (True, 302, "success")
    assert answer.location is not None and answer.location.startswith(mock.url + "/__mock/add-card/")
    [received] = mock.requests("link_card")
    assert received["content_type"] == "application/x-www-form-urlencoded"
    assert received["verified"] is True
    assert all(r.get("path", "").startswith("/api/") for r in mock.requests()), "the redirect was not followed"


def test_payment_links_are_multipart_and_json(payway_mock: PayWayMock, receiver: Receiver) -> None:
    mock = payway_mock
    payway = mock.payway()
    merchant_ref = "REF-" + secrets.token_hex(3)
    answer = payway.send("create_payment_link", title="Table 4", amount="12.50", currency="USD",
                         expired_date=str(int(time.time()) + 3600), merchant_ref_no=merchant_ref,
                         return_url=receiver.pushback_url)
    assert answer.code == "00"
    link_id = answer.value["data"]["id"]
    assert payway.send("payment_link_detail", id=link_id).value["data"]["status"] == "OPEN"
    [created] = mock.requests("create_payment_link")
    assert created["content_type"].startswith("multipart/form-data") and created["verified"]
    [detail] = mock.requests("payment_link_detail")
    assert detail["content_type"] == "application/json" and detail["verified"]
    # paid through the link: a numeric tran_id, the pushback {"tran_id","status":0,"merchant_ref_no"}
    paid = mock.pay_link(link_id)
    assert paid["pushback"]["delivered"] is True, paid
    link_tran_id = paid["transaction"]["tran_id"]
    [pushback] = receiver.pushbacks_for(link_tran_id)
    assert (pushback["verified"], pushback["confirmed"]) == (link_tran_id, "APPROVED")
    callback = payway.verify_callback(pushback["body"], pushback["signature"])
    assert (callback.status, callback.merchant_ref, callback.values["status"]) == ("0", merchant_ref, 0)
    assert payway.send("exchange_rate").code == "00"


def test_base_url_applies_to_sign_too(payway_mock: PayWayMock) -> None:
    mock = payway_mock
    signed = mock.payway().sign("refund", tran_id="T1", refund_amount="1.00")
    assert signed["url"] == mock.url + "/api/merchant-portal/merchant-access/online-transaction/refund"
    # plain http only to a loopback host: the core decides
    remote = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url="http://payway.example")
    for call in (lambda: remote.sign("check_transaction", tran_id="T1"),
                 lambda: remote.send("check_transaction", tran_id="T1"),
                 lambda: remote.prepare("check_transaction", tran_id="T1")):
        e = paysign_error(call)
        assert (e.code, e.field) == ("PTL05", "base_url")
    e = paysign_error(lambda: PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url=b"http://x"))  # type: ignore[arg-type]
    assert (e.code, e.field) == ("malformed_request", "base_url")
    assert repr(mock.payway()) == f"PayWay(merchant_id='ec000002', environment='sandbox', base_url={mock.url!r})"


def test_a_timeout_says_whether_the_outcome_is_known(payway_mock: PayWayMock) -> None:
    mock = payway_mock
    payway = mock.payway(timeout=0.3, query_retries=0)
    order = tran_id("SLOW")
    mock.payway().send("purchase", tran_id=order, amount="5.00", currency="USD")
    mock.approve(order)

    mock.fault("refund", "delay", delay=1.0)
    e = paysign_error(lambda: payway.send("refund", tran_id=order, refund_amount="1.00"))
    assert (e.code, e.next) == ("timeout", "confirm_first")
    assert "no complete answer within 0.3 s" in e.message
    assert "whether PayWay processed it is unknown: confirm with check_transaction" in e.message

    mock.fault("check_transaction", "delay", delay=1.0)
    e = paysign_error(lambda: payway.send("check_transaction", tran_id=order))
    assert (e.code, e.next) == ("timeout", "send_again")
    assert "a query changes nothing, so sending it again is safe" in e.message
    # the per-call timeout wins over the object's
    mock.fault("check_transaction", "delay", delay=0.4)
    assert payway.send("check_transaction", tran_id=order, timeout=5).code == "00"
    # the timed-out refund did reach the gateway: what check_transaction is for
    time.sleep(0.7)
    assert_payment_status("REFUNDED", payway.send("check_transaction", tran_id=order, timeout=5))


def test_nothing_listening_is_not_sent(payway_mock: PayWayMock) -> None:
    payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", rsa_public_key=payway_mock.rsa_public_key,
                    base_url=free_port_url())
    e = paysign_error(lambda: payway.send("refund", tran_id="T1", refund_amount="1.00"))
    assert (e.code, e.next, e.response) == ("not_sent", "send_again", None)
    assert "connection refused" in e.message
    assert "PayWay did not receive it, so sending it again is safe" in e.message
    assert e.__cause__ is None and e.__context__ is None, "no socket error chained into the traceback"


def test_an_answer_that_is_not_paywasys_to_a_query_is_sent_again_then_transport_failed() -> None:
    with Receiver() as server:  # anything but the pushback path: a 404 HTML page
        payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url=server.url, retry_backoff=0)
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1"))
        assert (e.code, e.next) == ("transport_failed", "send_again")
        assert "payway check_transaction: transport failed: HTTP 404 with a body that is not JSON" in e.message
        assert e.response is not None and (e.response.http_status, e.response.category) == (404, "outcome_unknown")
        assert len(server.requests) == 3, "1 + query_retries attempts"


def test_answers_that_are_not_json_large_or_not_utf8() -> None:
    with Receiver() as server:
        payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url=server.url, query_retries=0)
        # a proxy's 502 page in Latin-1: decoded as text (invalid UTF-8 replaced), a gateway error
        server.answer_next(502, "text/html; charset=iso-8859-1", b"<html>Passerelle d\xe9faillante</html>")
        e = payway_error(lambda: payway.send("check_transaction", tran_id="T1"))
        assert (e.category, e.http_status, e.retryable) == ("gateway_error", 502, True)
        assert e.response.value == "<html>Passerelle d\ufffdfaillante</html>"
        # docs/envelope.md: at most max_answer_bytes (640 KiB) of answer is read
        page = b"<html>" + b"x" * (655360 - 13) + b"</html>"
        assert len(page) == 655360
        server.answer_next(200, "text/html", page)
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1"))
        assert e.response is not None and (e.code, e.response.category) == ("transport_failed", "outcome_unknown")
        assert e.response.value == page.decode(), "read whole: not PayWay's answer"
        server.answer_next(200, "text/html", page + b" ")
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1"))
        assert (e.code, e.next, e.response) == ("transport_failed", "send_again", None)
        assert "HTTP 200: an answer over 640 KiB, not read" in e.message
        # far larger, to an operation that changes state: not read, and its outcome unknown
        server.answer_next(200, "text/html", b"x" * (9 << 20))
        e = unknown_outcome(lambda: payway.send("close_transaction", tran_id="T1"))
        assert "an answer over 640 KiB, not read" in e.message
        # what went out: the signed JSON with its headers
        request = server.requests[0]
        assert request["path"] == "/api/payment-gateway/v1/payments/check-transaction-2"
        headers = {k.lower(): v for k, v in request["headers"].items()}
        assert headers["content-type"] == "application/json" and headers["accept"] == "application/json"
        assert headers["user-agent"] == f"paysign-python/{paysign.__version__}"


def test_options_are_checked(payway_mock: PayWayMock) -> None:
    payway = payway_mock.payway()
    # what cannot be converted is refused at once, by the object and by send()
    for options, field in [({"timeout": 0}, "timeout"), ({"timeout": "30"}, "timeout"), ({"timeout": True}, "timeout"),
                           ({"timeout": float("nan")}, "timeout"), ({"timeout": float("inf")}, "timeout"),
                           ({"timeout": -1}, "timeout"), ({"query_retries": -1}, "query_retries"),
                           ({"query_retries": 1.0}, "query_retries"), ({"retry_backoff": -0.1}, "retry_backoff")]:
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1", **options))
        assert (e.code, e.field) == ("malformed_request", field), options
        e = paysign_error(lambda: PayWay(merchant_id="ec000002", api_key="k", **options))
        assert (e.code, e.field) == ("malformed_request", field), options
    # the ranges are the core's (docs/envelope.md): checked before anything is sent
    for options, field in [({"timeout": 86400.001}, "timeout"), ({"query_retries": 11}, "query_retries"),
                           ({"retry_backoff": 600.001}, "retry_backoff")]:
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1", **options))
        assert (e.code, e.field) == ("malformed_request", field), options
        assert e.message.startswith(f"paysign: {field} is out of range ("), e.message
        e = paysign_error(lambda: payway_mock.payway(**options).send("check_transaction", tran_id="T1"))
        assert (e.code, e.field) == ("malformed_request", field), options
    assert len(payway_mock.requests()) == 0
    # a float in the parameters is refused before anything is sent
    e = paysign_error(lambda: payway.send("refund", tran_id="T1", refund_amount=1.5))
    assert (e.code, e.field) == ("float_not_allowed", "params.refund_amount")
    e = paysign_error(lambda: payway.prepare("refund", tran_id="T1", refund_amount=1.5))
    assert (e.code, e.field) == ("float_not_allowed", "params.refund_amount")
    assert len(payway_mock.requests()) == 0
    # unset: the core's defaults (None here); what was given, as given
    default = PayWay(merchant_id="ec000002", api_key="k")
    assert (default.base_url, default.timeout, default.query_retries, default.retry_backoff) == (None, None, None, None)
    given = PayWay(merchant_id="ec000002", api_key="k", timeout=2, query_retries=0, retry_backoff=0)
    assert (given.timeout, given.query_retries, given.retry_backoff) == (2.0, 0, 0.0)


def test_prepare_for_another_http_client(payway_mock: PayWayMock) -> None:
    """prepare()'s request sent with urllib directly (as requests or httpx
    would send it), decoded with its decode() and decode_response()."""
    mock = payway_mock
    payway = mock.payway()
    order = tran_id("PREP")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def post(prepared: paysign.PreparedRequest) -> "tuple[int, bytes, Any]":
        request = urllib.request.Request(prepared.url, data=prepared.body, headers=prepared.headers,
                                         method=prepared.method)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:  # urllib raises for 4xx and 5xx
            return error.code, error.read(), error.headers

    prepared = payway.prepare("purchase", tran_id=order, amount="2.00", currency="USD",
                              items=[{"name": "Tea", "quantity": 1, "price": "2.00"}])
    assert (prepared.operation, prepared.method) == ("purchase", "POST")
    assert prepared.url == mock.url + "/api/payment-gateway/v1/payments/purchase"
    assert re.fullmatch(r"multipart/form-data; boundary=\S+", prepared.headers["Content-Type"])
    assert prepared.headers["Accept"] == "application/json"
    assert [name for name, _ in prepared.fields][-1] == "hash"
    answer = prepared.decode(*post(prepared))
    assert (answer.ok, answer.code, answer.value["status"]["tran_id"]) == (True, "00", order)
    assert mock.requests("purchase", order)[0]["verified"] is True

    prepared = payway.prepare("check_transaction", tran_id=order)
    assert prepared.headers == {"Content-Type": "application/json", "Accept": "application/json"}
    status, body, headers = post(prepared)
    assert_payment_status("PENDING", paysign.decode_response("check_transaction", status, body, headers))
    assert_payment_status("PENDING", paysign.decode_response("check_transaction", status, body, headers))

    # a refusal decodes with ok false; raise_for_error() makes it the PayWayError send() raises
    refused = payway.prepare("refund", tran_id=order, refund_amount="1.00")
    answer = refused.decode(*post(refused))
    assert (answer.ok, answer.code, answer.http_status) == (False, "PTL57", 403)
    e = payway_error(answer.raise_for_error)
    assert (e.code, e.category, e.response) == ("PTL57", "declined", answer)
    assert payway.prepare("check_transaction", tran_id=order).decode(200, body).raise_for_error().ok


def test_closed_objects_send_nothing(payway_mock: PayWayMock) -> None:
    payway = payway_mock.payway()
    payway.close()
    for call in (lambda: payway.send("check_transaction", tran_id="T1"),
                 lambda: payway.prepare("check_transaction", tran_id="T1"),
                 lambda: payway.verify_callback("{}", "x"),
                 lambda: payway.sign_callback("{}")):
        assert paysign_error(call).code == "closed"
    assert payway_mock.requests() == []


def test_the_mock_demo_runs(payway_mock: PayWayMock) -> None:
    """make demo-mock-python: the example (and its pushback handler) works
    and prints no key."""
    from conftest import REPOSITORY, run_python

    demo = REPOSITORY / "bindings" / "python" / "examples" / "demo_mock.py"
    result = run_python(f"import runpy, sys; sys.argv = ['demo_mock.py']; runpy.run_path({str(demo)!r}, run_name='__main__')",
                        timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "verify_callback accepts its X-PayWay-HMAC-SHA512; check_transaction in the handler: APPROVED" in output
    assert ('payway.send("refund", tran_id="DEMO-PY-1001", refund_amount="6.01")\n'
            "  PayWayError: HTTP 403  code PTL37  declined") in output
    assert "sent once: a refund is never repeated" in output
    assert "sent 3 times: a query is repeated after a retryable answer" in output
    assert "Python mock loop: every answer as PayWay documents it" in output
    assert payway_mock.api_key not in output, "the demo printed the API key"
    assert "FAILED" not in output


def test_mock_process_lifecycle(tmp_path: Any) -> None:
    from conftest import run_python

    # no program, or one that is not the mock
    for cli in (str(tmp_path / "nowhere" / "paysign"),):
        e = paysign_error(lambda: PayWayMock(cli))
        assert e.code == "mock_not_found" and "not an executable file" in e.message
    script = tmp_path / "fake-paysign"
    script.write_text("#!/bin/sh\necho 'unknown command' >&2\nexit 3\n")
    script.chmod(0o755)
    e = paysign_error(lambda: PayWayMock(str(script)))
    assert e.code == "mock_failed" and "exited with status 3" in e.message and "unknown command" in e.message
    e = paysign_error(lambda: run_mock_without_cli())
    assert e.code == "mock_not_found" and "PAYSIGN_CLI" in e.message

    # a with block stops it; a second stop() does nothing; helpers then say so
    with PayWayMock() as mock:
        assert mock.running and mock.url.startswith("http://127.0.0.1:")
        assert mock.api_key not in repr(mock)
        assert mock.helper("GET", "/__mock/")["merchants"] == [mock.merchant_id]
    assert not mock.running
    mock.stop()
    assert paysign_error(lambda: mock.reset()).code == "mock_failed"
    # a helper's refusal: approving an unknown transaction
    with PayWayMock() as mock:
        e = paysign_error(lambda: mock.approve("NOPE-1"))
        assert e.code == "mock_failed" and "HTTP 404" in e.message

    # a mock nobody stops is stopped at interpreter exit, and one dropped by the garbage collector
    result = run_python(
        "import gc, os, sys\n"
        "from paysign.testing import PayWayMock\n"
        "kept = PayWayMock()\n"
        "dropped = PayWayMock(); pid = dropped._process.pid; del dropped; gc.collect()\n"
        "print(kept._process.pid, pid, os.path.exists(f'/proc/{pid}'))\n",
        timeout=60)
    assert result.returncode == 0, result.stderr
    kept, dropped, dropped_alive = result.stdout.split()
    assert dropped_alive == "False", "the collected mock was stopped and reaped"
    assert not os.path.exists(f"/proc/{kept}"), "the mock left running at exit was stopped"


def run_mock_without_cli() -> PayWayMock:
    """No PAYSIGN_CLI, nothing on PATH, no checkout build/paysign (test_environment.py tests the lookup order)."""
    import paysign.testing

    saved = os.environ.pop("PAYSIGN_CLI", None)
    path = os.environ.get("PATH", "")
    checkout = paysign.testing._CHECKOUT_CLI
    try:
        os.environ["PATH"] = "/nonexistent"
        paysign.testing._CHECKOUT_CLI = "/nonexistent/build/paysign"
        return PayWayMock()
    finally:
        os.environ["PATH"] = path
        paysign.testing._CHECKOUT_CLI = checkout
        if saved is not None:
            os.environ["PAYSIGN_CLI"] = saved


def test_transport_failures_after_the_request_went_out() -> None:
    from receiver import RawServer, read_request

    def hang_up(conn: Any) -> None:  # reads the whole request, then closes without an answer
        read_request(conn)

    def stall(conn: Any) -> None:  # an answer that starts, then never ends
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"status\":")
        time.sleep(1.5)

    def huge(conn: Any) -> None:  # announces more than max_answer_bytes
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (8 << 20))

    with RawServer(hang_up) as server:
        payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url=server.url, query_retries=0)
        e = unknown_outcome(lambda: payway.send("close_transaction", tran_id="T1"))
        assert "the connection failed after the request was sent" in e.message
        assert "(closed without an answer)" in e.message
        assert e.response is None
    with RawServer(stall) as server:
        payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url=server.url, timeout=0.3,
                        retry_backoff=0)
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1"))
        assert (e.code, e.next) == ("timeout", "send_again")
        assert "no complete answer within 0.3 s" in e.message
        # 0.0001 s is still a deadline (1 ms: 0 would be none), never a wait for the stalled answer
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1", timeout=0.0001))
        assert e.code in ("timeout", "not_sent"), repr(e)
    with RawServer(huge) as server:
        payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url=server.url, retry_backoff=0)
        e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1"))
        assert (e.code, e.next) == ("transport_failed", "send_again")
        assert "an answer over 640 KiB, not read" in e.message
        assert "a query changes nothing, so sending it again is safe" in e.message


def test_an_unknown_host_is_not_sent() -> None:
    payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url="https://paysign-test.invalid", timeout=5,
                    retry_backoff=0)
    e = paysign_error(lambda: payway.send("check_transaction", tran_id="T1"))
    assert (e.code, e.next) == ("not_sent", "send_again") and "PayWay did not receive it" in e.message
    assert "name resolution failed" in e.message


def test_tls_is_verified(tmp_path: Any) -> None:
    """https to a server whose certificate the system does not trust is
    not_sent; trusted (SSL_CERT_FILE, in a fresh process), it works."""
    import ssl
    import subprocess

    from conftest import run_python

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with Receiver(tls=context) as server:
        server.answer_next(200, "application/json", b'{"status":{"code":"00","message":"Success!"}}')
        assert server.url.startswith("https://127.0.0.1:")
        payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", base_url=server.url, retry_backoff=0)
        e = paysign_error(lambda: payway.send("exchange_rate"))
        assert e.code == "not_sent" and "TLS certificate verify failed" in e.message
        assert server.requests == []
        result = run_python(
            "import os, paysign\n"
            "p = paysign.PayWay('ec000002', 'TEST_ONLY_k', base_url=os.environ['URL'])\n"
            "print(p.send('exchange_rate').code)\n",
            env={"URL": server.url, "SSL_CERT_FILE": str(cert)})
        assert (result.returncode, result.stdout) == (0, "00\n"), result.stderr
        assert [r["path"] for r in server.requests] == ["/api/payment-gateway/v1/exchange-rate"]


def test_the_send_path_hash_is_phps() -> None:
    """testvectors/e2e/payway_e2e.json: each fixed-time request sent through
    send() reaches the mock with the hash PHP computed (the mock verifies
    with the catalogue that signed, so only this sees a wrong hash order)."""
    e2e = json.loads((REPOSITORY / "testvectors" / "e2e" / "payway_e2e.json").read_text(encoding="utf-8"))
    assert e2e["schema"] == "paysign-e2e-v1" and e2e["tests"] and len(e2e["tests"]) == e2e["number_of_tests"]
    with PayWayMock() as mock:
        for case in e2e["tests"]:
            name = f"payway_e2e.json #{case['id']} {case['comment']}"
            assert case["credentials"]["api_key"] == mock.api_key, name
            with PayWay(merchant_id=case["credentials"]["merchant_id"], api_key=case["credentials"]["api_key"],
                        base_url=mock.url) as payway:
                payway.send(case["operation"], request_time=case["request_time"], **case["params"])
            last = mock.requests()[-1]
            assert last["operation"] == case["operation"] and last["verified"] is True, name
            want = case["expected_hash"]
            assert last["fields"]["hash"] == f"{want[:6]}…({len(want)} bytes)", name
