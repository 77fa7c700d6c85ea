"""The parts of sending that need no server: decoding answers
(paysign.decode_response, PayWayResponse, PayWayError), the bytes
prepare() hands over (multipart included, parsed here with the email
package), and the pushback callbacks against PayWay's documented PHP
check (computed here with hmac, not by paysign)."""

from __future__ import annotations

import base64
import email.message
import email.parser
import hashlib
import hmac
import http
import json
import re
from typing import Any, Dict

import pytest

import paysign
from paysign import PaymentStatus, PaySignError, PayWay, PayWayError, PayWayResponse
from conftest import PUBLIC_KEY, REPOSITORY, error_of

API_KEY = "TEST_ONLY_callbacks_api_key"



def payway_hmac(body: str, key: str = API_KEY) -> str:
    """PayWay's documented PHP check: json_decode, ksort the members,
    concatenate their values, base64 HMAC-SHA512 with the API key."""
    values = json.loads(body)
    text = "".join(v if isinstance(v, str) else json.dumps(v) for _, v in sorted(values.items()))
    return base64.b64encode(hmac.new(key.encode(), text.encode(), hashlib.sha512).digest()).decode()


# --- decode_response ---------------------------------------------------------------


def test_a_check_with_its_payment_status_and_exact_amounts() -> None:
    body = (b'{"data":{"payment_status_code":0,"total_amount":10.5,"payment_amount":1E+1,"refund_amount":0,'
            b'"payment_status":"APPROVED","apv":123456,"big":1234567890123456,"rate":4100.25},'
            b'"status":{"code":"00","message":"Success!","tran_id":"T1"}}')
    answer = paysign.decode_response("check_transaction", 200, body)
    assert (answer.operation, answer.ok, answer.code, answer.message, answer.category, answer.retryable,
            answer.http_status, answer.location) == ("check_transaction", True, "00", "Success!", "success", False, 200,
                                                     None)
    assert isinstance(answer.payment_status, PaymentStatus)
    assert (answer.payment_status.code, answer.payment_status.status, answer.payment_status.category) == \
        ("0", "APPROVED", "success")
    data = answer.value["data"]
    # docs/envelope.md, "Numbers in answers": never a float or a Decimal. The amounts PayWay documents for
    # check_transaction are their exact text, whole ones too; another integer of at most 15 digits is an int,
    # and every other number (a longer integer, a fraction) the str of its text.
    assert (data["total_amount"], data["payment_amount"], data["refund_amount"]) == ("10.5", "1E+1", "0")
    assert (data["payment_status_code"], data["apv"], data["big"], data["rate"]) == (0, 123456, "1234567890123456",
                                                                                    "4100.25")
    assert type(data["payment_status_code"]) is int and type(data["apv"]) is int
    assert answer.raise_for_error() is answer
    assert answer == paysign.decode_response("check_transaction", 200, body.decode())
    assert answer == paysign.decode_response("check_transaction", http.HTTPStatus.OK, bytearray(body))
    assert answer.as_dict()["payment_status"] == {"code": "0", "status": "APPROVED", "meaning": answer.payment_status.meaning,
                                                  "category": "success"}
    assert "payment_status='APPROVED'" in repr(answer)


def test_refusals_decode_with_ok_false_and_raise_as_payway_error() -> None:
    body = b'{"status":{"code":"PTL37","message":"Refund amount is greater than original amount."}}'
    answer = paysign.decode_response("refund", 403, body)
    assert (answer.ok, answer.code, answer.category, answer.retryable, answer.http_status) == \
        (False, "PTL37", "declined", False, 403)
    assert answer.message == "Refund amount is greater than original amount." and answer.meaning != ""
    with pytest.raises(PayWayError) as caught:
        answer.raise_for_error()
    e = caught.value
    assert isinstance(e, PaySignError) and e.response is answer
    assert (e.code, e.operation, e.category, e.http_status, e.retryable, e.field) == \
        ("PTL37", "refund", "declined", 403, False, None)
    assert str(e) == f"payway refund: PTL37: {answer.meaning} (declined)"
    assert repr(e) == ("PayWayError(operation='refund', code='PTL37', category='declined', http_status=403, "
                       "retryable=False)")
    # a rate limit: HTTP 403 with status.code 429, retryable (PayWay did not process it)
    limited = paysign.decode_response("refund", 403, b'{"status":{"code":429,"message":"Too Many Attempts."}}')
    assert (limited.ok, limited.code, limited.category, limited.retryable) == (False, "429", "rate_limited", True)
    # the legacy {"status": 6} of checkout v1: a number, as text
    legacy = paysign.decode_response("check_transaction", 200, b'{"status":6,"description":"not found"}')
    assert (legacy.ok, legacy.code, legacy.category) == (False, "6", "not_found")


def test_gateway_errors_are_retryable_only_for_queries() -> None:
    page = "<html><body>502 Bad Gateway</body></html>"
    refund = paysign.decode_response("refund", 502, page)
    check = paysign.decode_response("check_transaction", 502, page)
    assert (refund.ok, refund.code, refund.category, refund.retryable, refund.value) == \
        (False, "", "gateway_error", False, page)
    assert (check.category, check.retryable) == ("gateway_error", True)
    refused = PayWayError(refund)
    assert refused.code == "" and str(refused).startswith("payway refund: HTTP 502: ")
    assert (refused.next, refused.response) == (None, refund)
    # invalid UTF-8 in a proxy's page is replaced, not refused
    latin = paysign.decode_response("refund", 503, b"<p>Passerelle d\xe9faillante</p>")
    assert latin.value == "<p>Passerelle d\ufffdfaillante</p>"


def test_a_redirect_has_its_location_whatever_the_headers_type() -> None:
    message = email.message.Message()
    message["location"] = "https://checkout.payway.com.kh/add-card/1"
    for headers in ({"Location": "https://checkout.payway.com.kh/add-card/1"},
                    {"location": "https://checkout.payway.com.kh/add-card/1"},
                    {"LOCATION": "https://checkout.payway.com.kh/add-card/1"}, message):
        answer = paysign.decode_response("link_card", 302, b"", headers)
        assert (answer.ok, answer.category, answer.http_status, answer.location) == \
            (True, "success", 302, "https://checkout.payway.com.kh/add-card/1")
    # only a 3xx has one; link_card's 302 without one is not PayWay's documented success
    assert paysign.decode_response("link_card", 200, b'{"status":{"code":"00"}}', {"Location": "x"}).location is None
    bare = paysign.decode_response("link_card", 302, b"")
    assert (bare.ok, bare.category, bare.location) == (False, "outcome_unknown", None)


def test_a_relative_location_is_resolved_against_the_request_url() -> None:
    sent_to = "https://checkout-sandbox.payway.com.kh/api/payment-credential/v3/cof/link-card"
    relative = paysign.decode_response("link_card", 302, b"", {"Location": "/add-card/1?x=2"}, url=sent_to)
    assert relative.location == "https://checkout-sandbox.payway.com.kh/add-card/1?x=2"
    query = paysign.decode_response("link_card", 302, b"", {"Location": "?result=e30="}, url=sent_to)
    assert query.location == sent_to + "?result=e30="
    # without the URL it stays as it came; an absolute one is kept byte for byte
    assert paysign.decode_response("link_card", 302, b"", {"Location": "/add-card/1"}).location == "/add-card/1"
    assert paysign.decode_response("link_card", 302, b"", {"Location": "HTTPS://Pay.Example/a+b="},
                                   url=sent_to).location == "HTTPS://Pay.Example/a+b="
    # a prepared request knows where it goes
    payway = PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PUBLIC_KEY)
    form = payway.prepare("link_card", request_time="20261121093403", ctid="CUST00001", request_id="REQ12345",
                          token_flag="CITR_FIX", currency="USD")
    assert form.decode(302, b"", {"Location": "../add-card/3"}).location == \
        form.url.rsplit("/", 2)[0] + "/add-card/3"
    payway.close()
    assert error_of(lambda: paysign.decode_response("link_card", 302, b"", None, url=1)).field == "url"  # type: ignore[arg-type]


def test_answers_that_are_not_paywasys_are_not_success() -> None:
    """Issue 17: an empty 200, a 204, a login page behind a 302, a proxy's
    HTML page: not PayWay's verdict, so never ok, whatever the status."""
    for operation, status, body, headers in [
            ("refund", 200, b"", {}), ("refund", 204, b"", {}),
            ("payout", 302, b"<html>login</html>", {"Location": "/login", "Content-Type": "text/html"}),
            ("refund", 200, b"<html>Welcome to the guest network</html>", {"Content-Type": "text/html"}),
            ("refund", 200, b'{"result":"ok"}', {"Content-Type": "application/json"}),
            ("refund", 307, b'{"status":{"code":"00"}}', {"Location": "/elsewhere"})]:
        answer = paysign.decode_response(operation, status, body, headers)
        assert (answer.ok, answer.category, answer.retryable) == (False, "outcome_unknown", False), (status, body)
        assert paysign.PayWayError(answer).category == "outcome_unknown"


def test_what_decode_response_refuses() -> None:
    # a 404 page is not an answer of PayWay's: decoded, never success
    page = paysign.decode_response("check_transaction", 404, b"<html>Not Found</html>")
    assert (page.ok, page.category, page.value) == (False, "outcome_unknown", "<html>Not Found</html>")
    assert error_of(lambda: paysign.decode_response("no_such_operation", 200, b"{}")).code == "unknown_operation"
    assert error_of(lambda: paysign.decode_response("refund", 700, b"{}")).code == "malformed_request"
    for bad in (lambda: paysign.decode_response("refund", "200", b"{}"),  # type: ignore[arg-type]
                lambda: paysign.decode_response("refund", 200, {"status": 1}),  # type: ignore[arg-type]
                lambda: paysign.decode_response(3, 200, b"{}")):  # type: ignore[arg-type]
        assert error_of(bad).code == "malformed_request"
    e = error_of(lambda: paysign.decode_response("refund", 200, b"x" * (1 << 20)))
    assert e.code == "request_too_large" and f"the answer of {1 << 20} bytes is too large" in e.message


def test_a_long_value_is_cut_in_repr() -> None:
    answer = paysign.decode_response("purchase", 200, "<html>" + "x" * 100_000 + "</html>")
    assert answer.ok and answer.code == "" and len(answer.value) == 100_013
    assert len(repr(answer)) < 400


# --- the request send() posts ------------------------------------------------------


def test_multipart_body_has_the_fields_in_order() -> None:
    """The core's multipart body, exactly what send() writes: it parses
    (with the email package) into the signed fields in order, and the same
    request gives the same bytes (the boundary comes from the fields)."""
    payway = PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PUBLIC_KEY)
    params: Dict[str, Any] = {"tran_id": "T1", "amount": "2.50", "currency": "USD",
                              "return_url": 'https://shop.example/cb?a=1&b="2"', "firstname": "Sokha \u17a2",
                              "items": [{"name": "Latte", "quantity": 1, "price": "2.50"}]}
    prepared = payway.prepare("purchase", request_time="20261121093403", **params)
    content_type = prepared.headers["Content-Type"]
    match = re.fullmatch(r"multipart/form-data; boundary=(\S+)", content_type)
    assert match and list(prepared.headers)[0] == "Content-Type"
    boundary = match.group(1).encode()
    body = prepared.body
    assert body.startswith(b"--" + boundary + b"\r\n") and body.endswith(b"\r\n--" + boundary + b"--\r\n")
    parsed = email.parser.BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    assert parsed.is_multipart()
    got = [(part.get_param("name", header="content-disposition"), part.get_payload(decode=True).decode())
           for part in parsed.get_payload()]
    assert got == prepared.fields and got[-1][0] == "hash"
    # return_url goes as PayWay wants it: base64
    assert dict(got)["firstname"] == "Sokha \u17a2"
    assert dict(got)["return_url"] == base64.b64encode(params["return_url"].encode()).decode()
    again = payway.prepare("purchase", request_time="20261121093403", **params)
    assert (again.body, again.headers) == (body, prepared.headers)
    payway.close()


def test_prepare_builds_each_content_type_as_signed() -> None:
    payway = PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PUBLIC_KEY)
    signed = payway.sign("check_transaction", request_time="20261121093403", tran_id="T1", output="send")
    prepared = payway.prepare("check_transaction", request_time="20261121093403", tran_id="T1")
    assert (prepared.method, prepared.url, prepared.body) == (signed["method"], signed["url"], signed["body"].encode())
    assert prepared.headers == signed["headers"] == {"Content-Type": "application/json", "Accept": "application/json"}
    assert prepared.fields == [tuple(pair) for pair in signed["fields"]]
    form = payway.prepare("link_card", request_time="20261121093403", ctid="CUST00001", request_id="REQ12345",
                          token_flag="CITR_FIX", currency="USD")
    assert form.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form.body.decode().endswith("&hash=" + form.fields[-1][1].replace("+", "%2B").replace("/", "%2F")
                                       .replace("=", "%3D"))
    purchase = payway.prepare("purchase", tran_id="T1", amount="1.00", currency="USD")
    assert purchase.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert purchase.url == "https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/purchase"
    assert "body=<" in repr(purchase) and API_KEY not in repr(purchase)
    payway.close()


# --- callbacks ---------------------------------------------------------------------


def test_sign_callback_is_paywayss_documented_hash() -> None:
    body = '{"tran_id":"T1","status":"0","apv":"123456","return_params":"order=7","merchant_ref":""}'
    payway = PayWay(merchant_id="ec000002", api_key=API_KEY)
    assert payway.sign_callback(body) == payway_hmac(body)
    assert payway.sign_callback(body.encode()) == payway_hmac(body)
    callback = payway.verify_callback(body, payway_hmac(body))
    assert (callback.valid, callback.tran_id, callback.apv, callback.status, callback.return_params,
            callback.merchant_ref) == (True, "T1", "123456", "0", "order=7", "")
    values = json.loads(body)
    assert callback.hash_input == "".join(v for _, v in sorted(values.items()))
    assert callback.values == values
    # a payment link's pushback: status a number, merchant_ref_no
    link = '{"tran_id":"123456789","status":0,"merchant_ref_no":"REF-1"}'
    callback = payway.verify_callback(link.encode(), payway_hmac(link))
    assert (callback.tran_id, callback.status, callback.merchant_ref, callback.apv) == ("123456789", "0", "REF-1", "")
    # a QR pushback's apv is a number; its numbers follow the rule of answers: exact text, never a float
    qr = '{"tran_id":"Q1","apv":123456,"status":"00","merchant_ref_no":"","amount":1.50,"ref":12345678901234567}'
    callback = payway.verify_callback(qr, payway_hmac(qr))
    assert (callback.apv, callback.status) == ("123456", "00")
    assert (callback.values["amount"], callback.values["apv"], callback.values["ref"]) == ("1.50", 123456,
                                                                                           "12345678901234567")
    assert payway.sign_callback(qr) == payway_hmac(qr)
    assert "T1" not in repr(callback) and "Q1" in repr(callback)


def test_callback_errors() -> None:
    payway = PayWay(merchant_id="ec000002", api_key=API_KEY)
    body = '{"tran_id":"T1","status":"0"}'
    good = payway.sign_callback(body)
    cases: Dict[str, Any] = {
        "signature_missing": [(body, ""), (body, None)],
        "signature_malformed": [(body, "not base64!"), (body, good[:-4]), (body, "\u00e9" * 88), (body, b"\xff")],
        "signature_mismatch": [(body, base64.b64encode(b"\x00" * 64).decode()), (body.replace("0", "3"), good)],
        "body_malformed": [("not json", good), ("[1,2]", good), (b'{"tran_id":"\xff"}', good)],
    }
    for code, calls in cases.items():
        for raw, header in calls:
            assert error_of(lambda: payway.verify_callback(raw, header)).code == code, (code, raw, header)
    assert payway.verify_callback(body, good.encode()).tran_id == "T1"  # type: ignore[arg-type]
    e = error_of(lambda: payway.verify_callback(b'{"tran_id":"\xff"}', good))
    assert (e.code, e.field) == ("body_malformed", "body")
    e = error_of(lambda: payway.sign_callback(b'{"tran_id":"\xff"}'))
    assert (e.code, e.field) == ("body_malformed", "body")
    assert error_of(lambda: payway.sign_callback("[1,2]")).code == "body_malformed"
    assert error_of(lambda: payway.verify_callback(body, 42)).code == "malformed_request"  # type: ignore[arg-type]
    assert error_of(lambda: payway.verify_callback(None, good)).code == "malformed_request"  # type: ignore[arg-type]


def test_callback_signature_from_wsgi_http_server_and_mappings() -> None:
    assert PayWay.CALLBACK_HEADER == paysign.CALLBACK_HEADER == "X-PayWay-HMAC-SHA512"
    assert paysign.callback_signature({"HTTP_X_PAYWAY_HMAC_SHA512": "abc=", "CONTENT_LENGTH": "2"}) == "abc="
    message = email.message.Message()
    message["x-payway-hmac-sha512"] = "def="
    assert paysign.callback_signature(message) == "def="
    assert paysign.callback_signature({"x-PayWay-hmac-SHA512": "ghi="}) == "ghi="
    assert paysign.callback_signature({"Content-Type": "application/json"}) is None
    assert paysign.callback_signature({}) is None and paysign.callback_signature(None) is None
