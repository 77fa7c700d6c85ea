"""Hostile sizes and secrets through the ctypes binding (issue 7): a 10 MB
request or op name gets its structured error at once and the library keeps
working; no error, str/repr, traceback or log line holds the API key or
private-key material; a recovered panic's message holds no request data."""

from __future__ import annotations

import io
import json
import logging
import secrets
import time
import traceback


import paysign
from conftest import PUBLIC_KEY, REPOSITORY, error_of, run_python
from paysign._library import invoke

PRIVATE_KEY = (REPOSITORY / "internal" / "testkeys" / "rsa1024_TEST_ONLY_private.pem").read_text()
TEN_MB = 10 << 20



def test_ten_megabyte_tran_id_and_op_name() -> None:
    payway = paysign.PayWay(merchant_id="ec000002", api_key="TEST_ONLY_k", rsa_public_key=PUBLIC_KEY)
    expected = payway.sign("check_transaction", request_time="20261121093403", tran_id="T1001")

    start = time.monotonic()
    error = error_of(lambda: payway.sign("check_transaction", tran_id="T" * TEN_MB))
    sign_seconds = time.monotonic() - start
    assert error.code == "request_too_large"
    assert len(str(error)) < 200, "the message does not echo the request"

    start = time.monotonic()
    status, response = invoke("payway.sign", b'{"tran_id":"' + b"T" * TEN_MB + b'"}')
    assert (status, json.loads(response)["error"]["code"]) == (1, "request_too_large")
    error = error_of(lambda: paysign.call("payway.sign" + "x" * TEN_MB, {}))
    assert error.code == "unknown_op" and len(error.message) < 200
    raw_seconds = time.monotonic() - start
    print(f"python: 10 MB tran_id -> request_too_large in {sign_seconds * 1000:.0f} ms (with json.dumps); "
          f"raw 10 MB request and 10 MB op {raw_seconds * 1000:.0f} ms")
    assert sign_seconds < 3 and raw_seconds < 3

    again = payway.sign("check_transaction", request_time="20261121093403", tran_id="T1001")
    assert again["hash"] == expected["hash"]


def _collect_outputs(marker: str) -> "tuple[dict[str, str], list[str]]":
    """Runs failing requests whose API key is marker and returns their codes
    and every text they produce."""
    texts: "list[str]" = []
    codes: "dict[str, str]" = {}
    log_stream = io.StringIO()
    logger = logging.getLogger(f"paysign-hardening-{marker[-6:]}")
    logger.propagate = False
    logger.addHandler(logging.StreamHandler(log_stream))
    client = paysign.PayWay(merchant_id="ec000002", api_key=marker, rsa_public_key=PUBLIC_KEY)
    signed = client.sign("refund", tran_id="T1", refund_amount="1.50")
    credentials = {"merchant_id": "ec000002", "api_key": marker}

    def sign_with(rsa_public_key: str) -> None:
        paysign.call("payway.sign", {"operation": "refund", "credentials": {**credentials, "rsa_public_key": rsa_public_key},
                                     "params": {"tran_id": "T1", "refund_amount": "1.50"}})

    scenarios = {
        "private_key_as_public": lambda: sign_with(PRIVATE_KEY),
        "garbage_public_key": lambda: sign_with(f"-----BEGIN PUBLIC KEY-----\n{marker}\n-----END PUBLIC KEY-----\n"),
        "marker_as_bare_key": lambda: sign_with(marker),
        "missing_tran_id": lambda: client.sign("refund", refund_amount="1.50"),
        "bad_amount": lambda: client.sign("refund", tran_id="T1", refund_amount="1.5.0"),
        "unknown_member_value": lambda: paysign.call("payway.sign", {"operation": "refund", "credentials": credentials,
                                                                     "unexpected": marker}),
        "hash_mismatch": lambda: paysign.PayWay(merchant_id="ec000002", api_key=marker + "x").verify(
            "refund", signed["fields"], rsa_private_key=PRIVATE_KEY),
        "public_key_as_private": lambda: client.verify("refund", signed["fields"], rsa_private_key=PUBLIC_KEY),
        "garbage_private_key": lambda: client.verify(
            "refund", signed["fields"], rsa_private_key=f"-----BEGIN PRIVATE KEY-----\n{marker}\n-----END PRIVATE KEY-----\n"),
        "panic": lambda: paysign.call("test.panic", {"api_key": marker, "rsa_private_key": PRIVATE_KEY}),
        "unencodable": lambda: paysign.call("payway.sign", {"credentials": credentials, "x": {marker}}),
    }
    for name, scenario in scenarios.items():
        try:
            scenario()
            codes[name] = "ok"
        except paysign.PaySignError as error:
            codes[name] = error.code
            texts += [str(error), repr(error), error.message, str(error.field), str(error.args),
                      "".join(traceback.format_exception(error))]
            logger.exception("paysign failed: %s", error)
    for op, request in [("payway.sign", {"operation": "refund", "credentials": {**credentials, "rsa_public_key": PRIVATE_KEY},
                                         "params": {"tran_id": "T1", "refund_amount": "1.50"}}),
                        ("test.panic", {"api_key": marker})]:
        texts.append(invoke(op, json.dumps(request).encode())[1].decode())
    server = paysign.PayWay(merchant_id="ec000002", api_key=marker, rsa_public_key=PUBLIC_KEY)
    texts += [repr(client), str(client), repr(server), f"{server!r} {server}"]
    texts.append(log_stream.getvalue())
    return codes, texts


def _private_key_lines() -> "list[str]":
    return [line for line in PRIVATE_KEY.splitlines() if len(line) >= 40 and not line.startswith("-----")]


def test_no_output_holds_the_api_key_or_private_key() -> None:
    marker = "TEST_ONLY_SECRET_MARKER_" + secrets.token_hex(12)
    codes, texts = _collect_outputs(marker)
    assert codes == {
        "private_key_as_public": "invalid_key", "garbage_public_key": "invalid_key", "marker_as_bare_key": "invalid_key",
        "missing_tran_id": "PTL04", "bad_amount": "PTL186", "unknown_member_value": "malformed_request",
        "hash_mismatch": "PTL02", "public_key_as_private": "invalid_key", "garbage_private_key": "invalid_key",
        "panic": "internal", "unencodable": "malformed_request",
    }
    everything = "\n".join(texts)
    assert len(everything) > 2000, "outputs were collected"
    # Plain asserts without the text: a failure must not print the secret either.
    leaked = marker in everything
    assert not leaked, "an output holds the API key marker (not shown)"
    leaked_lines = sum(line in everything for line in _private_key_lines())
    assert leaked_lines == 0, f"{leaked_lines} private-key lines appear in an output (not shown)"


def test_uncaught_error_output_of_a_process_holds_no_secret() -> None:
    """What a crashing script prints (traceback on stderr), with the key read
    from the environment as real code does."""
    marker = "TEST_ONLY_SECRET_MARKER_" + secrets.token_hex(12)
    result = run_python(
        "import os, logging, paysign\n"
        "logging.basicConfig()\n"
        "p = paysign.PayWay(merchant_id='ec000002', api_key=os.environ['PAYSIGN_TEST_API_KEY'],\n"
        "                   rsa_public_key=os.environ['PAYSIGN_TEST_PRIVATE_KEY'])\n"
        "print(p, repr(p))\n"
        "try:\n"
        "    p.sign('refund', tran_id='T1', refund_amount='1.50')\n"
        "except paysign.PaySignError:\n"
        "    logging.exception('sign failed')\n"
        "p.verify('refund', [['hash', 'x']], rsa_private_key=os.environ['PAYSIGN_TEST_PRIVATE_KEY'])\n",
        env={"PAYSIGN_TEST_API_KEY": marker, "PAYSIGN_TEST_PRIVATE_KEY": PRIVATE_KEY})
    assert result.returncode == 1 and "PaySignError" in result.stderr and "invalid_key" in result.stderr
    output = result.stdout + result.stderr
    assert marker not in output, "the API key marker is in the process output (not shown)"
    assert not any(line in output for line in _private_key_lines()), "private-key material in the output"


def test_panic_message_holds_no_request_data() -> None:
    error = error_of(lambda: paysign.call("test.panic", {"tran_id": "REQUEST_DATA_9f8e7d", "api_key": "k"}))
    assert error.code == "internal"
    assert "REQUEST_DATA_9f8e7d" not in str(error) and "test.panic" in error.message
