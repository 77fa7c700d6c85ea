"""What a request may hold (issues 11.5, 11.10): one float policy (a float
anywhere is refused with float_not_allowed before anything is signed;
int, str and Decimal are exact and accepted, a Decimal as its exact JSON
number), and no raw Python exception out of paysign.call or PayWay: lone
surrogates, deep nesting, cycles, non-str keys and values JSON has no form
for are all PaySignError with a documented code, never showing the API
key. The raw call also takes the request as JSON text (str or bytes)."""

from __future__ import annotations

import json
import secrets
import sys
import traceback
from decimal import Decimal
from enum import IntEnum
from typing import Any, Callable, Dict, List

import pytest

import paysign
from conftest import PUBLIC_KEY, REPOSITORY, error_of, hmac_b64, run_python
from paysign import _codec

API_KEY = "TEST_ONLY_requests_api_key"
TIME = "20261121093403"
CREDENTIALS = {"merchant_id": "ec000002", "api_key": API_KEY}


def payway() -> paysign.PayWay:
    return paysign.PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PUBLIC_KEY)




def raw_sign(params: Dict[str, Any], operation: str = "transaction_list") -> Dict[str, Any]:
    value: Dict[str, Any] = paysign.call("payway.sign", {"operation": operation, "credentials": CREDENTIALS,
                                                         "params": params, "request_time": TIME})
    return value


# --- floats ------------------------------------------------------------------


class Money(float):
    """A float subclass, as numpy.float64 is."""


@pytest.mark.parametrize("params, field", [
    ({"tran_id": "T1", "refund_amount": 1.5}, "params.refund_amount"),
    ({"tran_id": "T1", "refund_amount": 2.0}, "params.refund_amount"),  # a whole float is still a float
    ({"tran_id": "T1", "refund_amount": float("nan")}, "params.refund_amount"),
    ({"tran_id": "T1", "refund_amount": float("-inf")}, "params.refund_amount"),
    ({"tran_id": "T1", "refund_amount": Money(1.5)}, "params.refund_amount"),
    ({"tran_id": "T1", "refund_amount": "1.50", "extra": {"a": [{"b": (1, 0.1)}]}}, "params.extra.a.0.b.1"),
])
def test_a_float_in_the_params_is_refused_naming_it(params: Dict[str, Any], field: str) -> None:
    error = error_of(lambda: payway().sign("refund", request_time=TIME, **params))
    assert (error.code, error.field) == ("float_not_allowed", field)
    assert '"1.50"' in error.message and "Decimal" in error.message
    error = error_of(lambda: raw_sign(params, "refund"))
    assert (error.code, error.field) == ("float_not_allowed", field)


def test_a_float_in_items_is_refused() -> None:
    items = [{"name": "Latte", "quantity": 1, "price": "2.50"}, {"name": "Tea", "quantity": 1, "price": 2.5}]
    error = error_of(lambda: payway().sign("purchase", tran_id="T1", amount="5.00", items=items))
    assert (error.code, error.field) == ("float_not_allowed", "params.items.1.price")


def test_a_float_anywhere_in_a_raw_request_is_refused() -> None:
    for request, field in [({"operation": "refund", "credentials": {"merchant_id": 2.0, "api_key": API_KEY}},
                            "credentials.merchant_id"),
                           ({"operation": "refund", "request_time": 20261121093403.0}, "request_time"),
                           ({"x": [[[[1.0]]]]}, "x.0.0.0.0")]:
        error = error_of(lambda: paysign.call("payway.sign", request))
        assert (error.code, error.field) == ("float_not_allowed", field)


def test_a_refused_float_never_reaches_the_library() -> None:
    """Refused before anything is signed: in a fresh process the library is
    not even loaded afterwards."""
    result = run_python(
        "import paysign\n"
        "p = paysign.PayWay(merchant_id='ec000002', api_key='TEST_ONLY_k')\n"
        "for f in (lambda: p.sign('refund', tran_id='T1', refund_amount=1.5),\n"
        "          lambda: paysign.call('payway.sign', {'params': {'refund_amount': 1.5}})):\n"
        "    try:\n        f()\n"
        "    except paysign.PaySignError as e:\n        print(e.code)\n"
        "print(paysign.is_loaded())\n")
    assert result.stdout.split() == ["float_not_allowed", "float_not_allowed", "False"], result.stderr


def test_bool_is_not_a_number() -> None:
    """bool is an int subclass in Python, but it is sent as JSON true/false
    (never 1/0) and is not a float: the core refuses it as an amount."""
    error = error_of(lambda: payway().sign("refund", tran_id="T1", refund_amount=True))
    assert error.code == "PTL186" and error.field == "params.refund_amount" and "bool" in error.message
    assert _codec.encode_request({"a": True, "b": False, "c": None, "d": 1}) == b'{"a":true,"b":false,"c":null,"d":1}'


def test_ints_strings_and_decimals_are_exact() -> None:
    """transaction_list hashes its amount filters as given: the hash input
    shows the exact text each form arrives as."""
    class Level(IntEnum):
        TWO = 2

    for amount, text in [("1.50", "1.50"), (Decimal("1.50"), "1.50"), (Decimal("1.5"), "1.5"), (2, "2"),
                         (Level.TWO, "2"), (Decimal("0.01"), "0.01"), (Decimal("1E+2"), "100"),
                         (Decimal("25.00"), "25.00")]:
        signed = payway().sign("transaction_list", request_time=TIME, from_amount=amount, to_amount="900.00")
        want_input = f"{TIME}ec000002{text}900.00"
        assert signed["hash_input"] == want_input, amount
        assert signed["hash"] == hmac_b64(want_input, API_KEY)
        assert dict(signed["fields"])["from_amount"] == text


def test_decimal_reaches_the_core_as_its_json_number_lexeme() -> None:
    encoded = _codec.encode_request({"a": Decimal("1.50"), "b": [Decimal("-0.000001"), Decimal("1E+2"), Decimal("-0")],
                                     "c": {"d": Decimal("123456789012345678901234567890.12")}, "e": "1.50"})
    assert encoded == b'{"a":1.50,"b":[-0.000001,100,-0],"c":{"d":123456789012345678901234567890.12},"e":"1.50"}'
    # An absurd exponent keeps its exponent form instead of a billion digits.
    assert _codec.encode_request({"a": Decimal("1E+999999999")}) == b'{"a":1E+999999999}'
    # The same through the core: a Decimal equals the JSON number 1.50 given as text.
    text = '{"operation":"transaction_list","credentials":{"merchant_id":"ec000002","api_key":"%s"},' \
           '"params":{"from_amount":1.50},"request_time":"%s"}' % (API_KEY, TIME)
    assert paysign.call("payway.sign", text)["hash"] == raw_sign({"from_amount": Decimal("1.50")})["hash"]


def test_decimal_mark_in_a_callers_string_changes_nothing() -> None:
    """Decimals are written through a random mark that is then cut away; a
    caller's string that holds the mark itself (it would have to read it
    from the module) is sent as it is and the Decimal still as a number."""
    _codec.encode_request({"warm": Decimal("1")})
    assert _codec._decimal_encoding is not None
    mark = _codec._decimal_encoding[0]
    tricky = {"amount": Decimal("7.00"), "note": mark + "7.00", "key": {mark + "1": "v"}, "quoted": '"' + mark + "1"}
    encoded = _codec.encode_request(tricky)
    decoded = json.loads(encoded)
    assert decoded["note"] == mark + "7.00" and decoded["key"] == {mark + "1": "v"} and decoded["quoted"] == '"' + mark + "1"
    assert b'"amount":7.00,' in encoded


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_a_non_finite_decimal_is_malformed(value: Decimal) -> None:
    error = error_of(lambda: payway().sign("refund", tran_id="T1", refund_amount=value))
    assert (error.code, error.field) == ("malformed_request", "params.refund_amount")
    assert "NaN or Infinity" in error.message


# --- no raw exceptions ---------------------------------------------------------


def deep_dict(depth: int) -> Dict[str, Any]:
    value: Dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def deep_list(depth: int) -> List[Any]:
    value: List[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def cyclic() -> Dict[str, Any]:
    value: Dict[str, Any] = {"x": 1}
    value["self"] = value
    return value


MALFORMED_PARAMS = {
    "lone surrogate": ({"tran_id": "T\ud800"}, "params.tran_id"),
    "lone low surrogate in a nested value": ({"tran_id": "T1", "custom_fields": {"note": ["ok", "\udfff"]}},
                                             "params.custom_fields.note.1"),
    "lone surrogate in a key": ({"tran_id": "T1", "custom_fields": {"\ud83d": "x"}}, "params.custom_fields"),
    "100 000-deep dict": ({"tran_id": "T1", "custom_fields": deep_dict(100_000)}, None),
    "100 000-deep list": ({"tran_id": "T1", "items": deep_list(100_000)}, None),
    "a dict that holds itself": ({"tran_id": "T1", "custom_fields": cyclic()}, None),
    "int key": ({"tran_id": "T1", "custom_fields": {1: "a"}}, "params.custom_fields"),
    "tuple key": ({"tran_id": "T1", "custom_fields": {(1, 2): "a"}}, "params.custom_fields"),
    "None key": ({"tran_id": "T1", "custom_fields": {None: "a"}}, "params.custom_fields"),
    "set": ({"tran_id": "T1", "custom_fields": {"a": {"x"}}}, "params.custom_fields.a"),
    "frozenset": ({"tran_id": frozenset()}, "params.tran_id"),
    "bytes": ({"tran_id": b"T1"}, "params.tran_id"),
    "bytearray": ({"tran_id": bytearray(b"T1")}, "params.tran_id"),
    "object": ({"tran_id": object()}, "params.tran_id"),
    "function": ({"tran_id": len}, "params.tran_id"),
    "complex": ({"tran_id": "T1", "refund_amount": 1j}, "params.refund_amount"),
}
if hasattr(sys, "get_int_max_str_digits"):  # CPython's int-to-str limit (3.9.14+, 3.10.7+): ValueError
    MALFORMED_PARAMS["int beyond str conversion"] = ({"tran_id": "T1", "refund_amount": 10 ** 5000}, None)


@pytest.mark.parametrize("name", list(MALFORMED_PARAMS))
def test_malformed_params_are_a_structured_error(name: str) -> None:
    params, field = MALFORMED_PARAMS[name]
    for fn in (lambda: payway().sign("refund", request_time=TIME, **params),
               lambda: raw_sign(params, "refund")):
        error = error_of(fn)
        assert error.code == "malformed_request", (name, error)
        if field is not None:
            assert error.field == field, (name, error)


def test_deep_nesting_at_the_core_limit() -> None:
    """The walk stops at the core's 512 levels (the request object is
    level 1), so the core, not Python's recursion limit, draws the line."""
    ok = {"operation": "refund", "x": deep_dict(510)}  # 511 objects + the request: 512
    assert _codec.encode_request(ok).count(b"{") == 512
    error = error_of(lambda: _codec.encode_request({"operation": "refund", "x": deep_dict(511)}))
    assert error.code == "malformed_request" and "512" in error.message


def test_recursion_limit_near_the_callers_stack_is_malformed_request() -> None:
    """A caller already deep in its stack, or with a low recursion limit,
    gets malformed_request, not RecursionError."""
    result = run_python(
        "import sys, paysign\n"
        "value = {}\n"
        "for _ in range(300):\n    value = {'a': value}\n"
        "sys.setrecursionlimit(120)\n"
        "try:\n    paysign.call('payway.sign', {'params': value})\n"
        "except paysign.PaySignError as e:\n    print(e.code)\n")
    assert result.stdout.split() == ["malformed_request"], result.stderr


@pytest.mark.parametrize("op", [None, 42, b"payway.sign", ["payway.sign"], "payway.sign\ud800"])
def test_op_of_the_wrong_type_is_malformed_request(op: Any) -> None:
    error = error_of(lambda: paysign.call(op, {}))
    assert error.code == "malformed_request"


def test_op_with_nul_is_misuse() -> None:
    assert error_of(lambda: paysign.call("payway.sign\0x", {})).code == "misuse"


@pytest.mark.parametrize("request_value", [None, 42, 1.5, ["a"], {"a"}, object()])
def test_request_of_the_wrong_type_is_malformed_request(request_value: Any) -> None:
    assert error_of(lambda: paysign.call("paysign.version", request_value)).code == "malformed_request"


def test_operation_and_request_time_of_the_wrong_type() -> None:
    p = payway()
    error = error_of(lambda: p.sign(None, tran_id="T1"))  # type: ignore[call-overload]
    assert (error.code, error.field) == ("malformed_request", "operation")
    error = error_of(lambda: p.sign("check_transaction", request_time=20261121093403, tran_id="T1"))  # type: ignore[call-overload]
    assert (error.code, error.field) == ("malformed_request", "request_time")
    error = error_of(lambda: p.sign("check_transaction\ud800", tran_id="T1"))  # type: ignore[call-overload]
    assert (error.code, error.field) == ("malformed_request", "operation")
    error = error_of(lambda: paysign.PayWay(merchant_id="ec000002", api_key="k", environment=None).sign(  # type: ignore[arg-type]
        "check_transaction", tran_id="T1"))
    assert (error.code, error.field) == ("malformed_request", "environment")


def test_no_error_shows_the_api_key() -> None:
    marker = "TEST_ONLY_SECRET_MARKER_" + secrets.token_hex(12)
    client = paysign.PayWay(merchant_id="ec000002", api_key=marker, rsa_public_key=PUBLIC_KEY)
    credentials = {"merchant_id": "ec000002", "api_key": marker}
    texts: List[str] = []
    cases: List[Callable[[], Any]] = [
        lambda: client.sign("refund", tran_id="T1", refund_amount=1.5),
        lambda: client.sign("refund", tran_id="T\ud800", refund_amount="1.50"),
        lambda: client.sign("refund", tran_id="T1", custom_fields=deep_dict(100_000)),
        lambda: client.sign("refund", tran_id={marker}),
        lambda: client.sign("refund", tran_id=marker.encode()),
        lambda: paysign.call("payway.sign", {"credentials": credentials, "params": {"a": {"b": 1.5}}}),
        lambda: paysign.call("payway.sign", {"credentials": {**credentials, "api_key": marker + "\ud800"}}),
        lambda: paysign.call("payway.sign", {"credentials": credentials, "x": {(marker,): 1}}),
        lambda: paysign.call("payway.sign", {"credentials": credentials, "x": cyclic()}),
        lambda: paysign.call(None, {"credentials": credentials}),  # type: ignore[arg-type]
        lambda: paysign.call("payway.sign", json.dumps({"credentials": credentials}) + "\ud800"),
        lambda: paysign.call("payway.sign", {"credentials": credentials, "params": {"a": Decimal("NaN")}}),
    ]
    for case in cases:
        error = error_of(case)
        assert error.code in ("malformed_request", "float_not_allowed"), error.code
        texts += [str(error), repr(error), error.message, str(error.field), str(error.args),
                  "".join(traceback.format_exception(type(error), error, error.__traceback__))]
    everything = "\n".join(texts)
    assert len(everything) > 2000, "outputs were collected"
    leaked = marker in everything
    assert not leaked, "an error output holds the API key marker (not shown)"


# --- JSON text requests --------------------------------------------------------------


def test_raw_call_takes_json_text_as_str_and_bytes() -> None:
    request = {"operation": "check_transaction", "credentials": CREDENTIALS, "params": {"tran_id": "T1001"},
               "request_time": TIME}
    want = hmac_b64(f"{TIME}ec000002T1001", API_KEY)
    text = json.dumps(request)
    for form in (request, text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        assert paysign.call("payway.sign", form)["hash"] == want
    # Non-ASCII text goes as UTF-8; a JSON string keeps it as given.
    khmer = "ស្វាគមន៍"
    purchase = {"operation": "purchase", "credentials": CREDENTIALS, "request_time": TIME,
                "params": {"tran_id": "T1001", "amount": "1.00", "currency": "USD", "firstname": khmer}}
    text = json.dumps(purchase, ensure_ascii=False)
    assert khmer in text
    value = paysign.call("payway.sign", text)
    assert khmer in value["hash_input"]
    assert value["hash"] == hmac_b64(value["hash_input"], API_KEY)
    assert value == paysign.call("payway.sign", text.encode())


def test_json_text_errors_are_the_cores() -> None:
    assert error_of(lambda: paysign.call("payway.sign", "{not json")).code == "malformed_request"
    assert error_of(lambda: paysign.call("payway.sign", b"\xff\xfe")).code == "malformed_request"
    error = error_of(lambda: paysign.call("payway.sign", '{"params":{"tran_id":"\ud800"}}'))
    assert error.code == "malformed_request" and "surrogate" in error.message


# --- output="send" -------------------------------------------------------------------


def test_output_send_returns_only_what_is_sent() -> None:
    p = payway()
    full = p.sign("check_transaction", request_time=TIME, tran_id="T1001")
    sent = p.sign("check_transaction", request_time=TIME, tran_id="T1001", output="send")
    assert set(sent) == {"operation", "method", "url", "content_type", "headers", "fields", "body", "policy"}
    assert {k: sent[k] for k in sent if k != "policy"} == {k: full[k] for k in sent if k != "policy"}  # type: ignore[literal-required]
    assert sent["fields"][-1] == ["hash", hmac_b64(f"{TIME}ec000002T1001", API_KEY)]
    # the send policy: a query may be attempted 1 + query_retries times (docs/envelope.md's defaults)
    assert sent["policy"] == {"timeout_ms": 30000, "query_retries": 2, "retry_backoff_ms": 500, "attempts": 3,  # type: ignore[typeddict-item]
                              "max_answer_bytes": 655360}
    purchase = p.sign("purchase", tran_id="T1", amount="5.00", output="send")
    # multipart too: the exact body, its boundary in Content-Type
    assert set(purchase) == {"operation", "method", "url", "content_type", "headers", "fields", "body", "policy"}
    assert purchase["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    assert purchase["policy"]["attempts"] == 1  # type: ignore[typeddict-item]
    error = error_of(lambda: p.sign("check_transaction", tran_id="T1", output="all"))  # type: ignore[call-overload]
    assert (error.code, error.field) == ("PTL05", "output")
    error = error_of(lambda: p.sign("check_transaction", tran_id="T1", output=1))  # type: ignore[call-overload]
    assert (error.code, error.field) == ("malformed_request", "output")
    p.close()
