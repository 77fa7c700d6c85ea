"""A typed use of paysign: `make typecheck-python` runs mypy --strict over it
(and over the package); it must pass."""

from __future__ import annotations

from decimal import Decimal

import paysign
from paysign import PaymentStatus, PaySignError, PayWay, PayWayError, PayWayResponse, PreparedRequest, VerifiedCallback
from paysign.testing import PayWayMock
from paysign.operations import PurchaseParams, RefundParams, RequestToSend, SignedRequest


def refund(payway: PayWay, tran_id: str, amount: Decimal) -> str:
    signed: SignedRequest = payway.sign("refund", tran_id=tran_id, refund_amount=amount)
    return signed["hash"]


def purchase(payway: PayWay) -> SignedRequest:
    params: PurchaseParams = {"tran_id": "T1002", "amount": "2.50", "currency": "USD",
                              "items": [{"name": "Latte", "quantity": 1, "price": "2.50"}]}
    return payway.sign("purchase", request_time="20261121093403", **params)


def to_send(payway: PayWay) -> RequestToSend:
    sent = payway.sign("check_transaction", tran_id="T1", output="send")
    print(sent["url"], sent["fields"][-1], sent.get("body"))
    return sent


def with_block() -> str:
    with PayWay(merchant_id="ec000002", api_key="TEST_ONLY_api_key") as payway:
        signed = payway.sign("check_transaction", tran_id="T1")
    assert payway.closed
    return signed["hash_input"]


def raw_calls() -> None:
    handle: int = paysign.call("paysign.open_credentials", {"credentials": {"api_key": "TEST_ONLY_api_key"}})["handle"]
    paysign.call("payway.hash", '{"operation":"check_transaction","credentials":{"handle":%d},"fields":{}}' % handle)
    paysign.call("paysign.close_credentials", b'{"handle":%d}' % handle)


def send(payway: PayWay, tran_id: str) -> str:
    try:
        answer: PayWayResponse = payway.send("refund", tran_id=tran_id, refund_amount=Decimal("1.50"), timeout=5)
        checked = payway.send("check_transaction", tran_id=tran_id, query_retries=0)
        status: PaymentStatus | None = checked.payment_status
        return f"{answer.code} {answer.meaning} {status.status if status is not None else ''} {answer.value!r}"
    except PayWayError as refused:
        response: PayWayResponse = refused.response
        return f"{refused.code} {refused.category} {refused.retryable} {refused.http_status} {response.as_dict()}"
    except PaySignError as error:  # next: "send_again", "confirm_first" or None; response: an answer that came
        unverified: PayWayResponse | None = error.response
        next_step: str | None = error.next
        return f"{error.code} {next_step} {unverified.http_status if unverified is not None else ''}"


def from_env() -> PayWay:
    return PayWay.from_env({"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": "TEST_ONLY_api_key"}, timeout=2.5)


def prepared(payway: PayWay) -> bool:
    request: PreparedRequest = payway.prepare("purchase", tran_id="T1", amount="1.00", currency="USD")
    body: bytes = request.body
    answer = request.decode(200, b'{"status":{"code":"00"}}', {"Content-Type": "application/json"})
    decoded = paysign.decode_response("refund", 403, body, None).ok
    return answer.raise_for_error().ok and not decoded


def callback(payway: PayWay, environ: dict[str, str], body: bytes) -> str:
    verified: VerifiedCallback = payway.verify_callback(body, paysign.callback_signature(environ))
    header: str = payway.sign_callback(body)
    return verified.tran_id + header


def with_mock() -> str:
    with PayWayMock(flags=["--sandbox"]) as mock:
        mock.fault("refund", "delay", delay=0.5)
        approved = mock.approve("T1")["pushback_delivered"]
        return f"{mock.url} {approved} {len(mock.requests('refund', after=mock.last_seq()))} {mock.payway(timeout=1)}"


def main() -> None:
    payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_api_key", rsa_public_key=None)
    params: RefundParams = {"tran_id": "T1001", "refund_amount": 150}
    try:
        signed = payway.sign("refund", **params)
        print(signed["url"], signed["fields"][0][0], signed.get("body", ""))
        payway.sign("check_transaction", tran_id="T1")
        payway.sign("exchange_rate")
        payway.sign("transaction_list", from_date="2026-01-01 00:00:00", page=1)
    except PaySignError as error:
        print(error.code, error.field)
    print(paysign.__version__, refund(payway, "T1", Decimal("1.50")), purchase(payway)["hash_input"])
    payway.close()
    print(with_block())
    raw_calls()
