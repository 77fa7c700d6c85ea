"""paysign.call, PaySignError, PayWay, recovered panics and the loader."""

from __future__ import annotations

import json
import sys

import pytest

import paysign
from conftest import PUBLIC_KEY, REPOSITORY, run_python

API_KEY = "TEST_ONLY_sandbox_api_key_not_a_real_secret"
PRIVATE_KEY = (REPOSITORY / "internal" / "testkeys" / "rsa1024_TEST_ONLY_private.pem").read_text()


def payway() -> paysign.PayWay:
    return paysign.PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PUBLIC_KEY)


def test_version() -> None:
    value = paysign.call("paysign.version", {})
    assert value["abi_version"] == paysign.ABI_VERSION
    assert "payway.sign" in value["ops"]


def test_error_is_structured() -> None:
    with pytest.raises(paysign.PaySignError) as caught:
        paysign.call("payway.sign", {"operation": "refund",
                                     "credentials": {"merchant_id": "ec000002", "api_key": API_KEY,
                                                     "rsa_public_key": PUBLIC_KEY},
                                     "params": {"refund_amount": "1.50"}, "request_time": "20261121093403"})
    error = caught.value
    assert (error.code, error.field) == ("PTL04", "params.tran_id")
    assert API_KEY not in str(error) and API_KEY not in repr(error)


def test_unknown_op() -> None:
    with pytest.raises(paysign.PaySignError) as caught:
        paysign.call("payway.nope", {})
    assert caught.value.code == "unknown_op"


def test_unencodable_request_is_a_structured_error() -> None:
    with pytest.raises(paysign.PaySignError) as caught:
        paysign.call("paysign.version", {"x": object()})
    assert caught.value.code == "malformed_request"


def test_recovered_panic_then_keeps_working() -> None:
    for _ in range(3):
        with pytest.raises(paysign.PaySignError) as caught:
            paysign.call("test.panic", {})
        assert caught.value.code == "internal"
        assert paysign.call("paysign.version", {})["abi_version"] == 1


def test_panic_status_is_2() -> None:
    from paysign._library import STATUS_PANIC, invoke
    status, response = invoke("test.panic", b"{}")
    assert status == STATUS_PANIC
    assert json.loads(response)["error"]["code"] == "internal"


def test_payway_sign_matches_raw_call() -> None:
    signed = payway().sign("refund", tran_id="T1001", refund_amount="1.50", request_time="20261121093403")
    assert signed["operation"] == "refund"
    assert signed["url"].startswith("https://checkout-sandbox.payway.com.kh/")
    assert signed["merchant_auth_json"] == '{"mc_id":"ec000002","tran_id":"T1001","refund_amount":1.5}'
    raw = paysign.call("payway.sign", {"operation": "refund",
                                       "credentials": {"merchant_id": "ec000002", "api_key": API_KEY,
                                                       "rsa_public_key": PUBLIC_KEY},
                                       "params": {"tran_id": "T1001", "refund_amount": "1.50"},
                                       "request_time": "20261121093403"})
    # merchant_auth is RSA ciphertext (random), so compare everything else.
    assert raw["merchant_auth_json"] == signed["merchant_auth_json"]
    assert [name for name, _ in raw["fields"]] == [name for name, _ in signed["fields"]]
    assert raw["fields"][0] == signed["fields"][0] == ["request_time", "20261121093403"]


def test_payway_verify_round_trip_and_tamper() -> None:
    signed = payway().sign("refund", tran_id="T1001", refund_amount="1.50")
    verified = payway().verify("refund", signed["fields"], rsa_private_key=PRIVATE_KEY)
    assert verified["merchant_id"] == "ec000002"
    tampered = [[name, "ec000003" if name == "merchant_id" else value] for name, value in signed["fields"]]
    with pytest.raises(paysign.PaySignError) as caught:
        payway().verify("refund", tampered, rsa_private_key=PRIVATE_KEY)
    assert caught.value.code == "PTL02"


@pytest.mark.parametrize("method", ["sign", "send", "prepare"])
def test_payway_methods_are_named_as_called(method: str) -> None:
    # Parameters are keywords; a dict passed as a second argument gets
    # Python's own error, which (3.10 and later) names the method the
    # caller called.
    function = getattr(paysign.PayWay, method)
    assert (function.__name__, function.__qualname__) == (method, f"PayWay.{method}")
    with pytest.raises(TypeError) as caught:
        getattr(payway(), method)("check_transaction", {"tran_id": "T1"})
    if sys.version_info >= (3, 10):
        assert str(caught.value).startswith(f"PayWay.{method}() takes 2 positional arguments")


def test_payway_catalog() -> None:
    names = {op["name"] for op in paysign.PayWay.catalog()["operations"]}
    assert {"purchase", "refund", "payout"} <= names


def test_payway_repr_hides_the_api_key() -> None:
    assert API_KEY not in repr(payway())


def test_configure_after_load_cannot_switch_library() -> None:
    paysign.call("paysign.version", {})
    with pytest.raises(paysign.PaySignError) as caught:
        paysign.configure(library="/nonexistent/libpaysign.so")
    assert caught.value.code == "already_loaded"


def test_library_location_order() -> None:
    build = str(REPOSITORY / "build" / "libpaysign.so")
    # 1. configure() wins over $PAYSIGN_LIB.
    result = run_python(
        "import paysign\n"
        f"paysign.configure(library={build!r})\n"
        "print(paysign.library_path())\n",
        env={"PAYSIGN_LIB": "/nonexistent/libpaysign.so"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == build
    # 2. $PAYSIGN_LIB wins over the repository's build/, and must exist.
    result = run_python(
        "import paysign\n"
        "try:\n    paysign.call('paysign.version', {})\n"
        "except paysign.PaySignError as e:\n    print(e.code)\n",
        env={"PAYSIGN_LIB": "/nonexistent/libpaysign.so"})
    assert result.stdout.strip() == "library_not_found", result.stderr
    # 3. Without either, a checkout uses build/libpaysign.so.
    result = run_python("import paysign\nprint(paysign.library_path())\n", env={"PAYSIGN_LIB": ""})
    assert result.stdout.strip() == build, result.stderr


def test_loads_lazily() -> None:
    result = run_python("import paysign\nprint(paysign.is_loaded())\n"
                        "paysign.call('paysign.version', {})\nprint(paysign.is_loaded())\n")
    assert result.stdout.split() == ["False", "True"], result.stderr
