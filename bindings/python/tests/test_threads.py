"""Eight threads signing at once get the answers one thread gets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import paysign


def test_eight_threads_agree(demo_requests: list) -> None:
    expected = {r["name"]: paysign.call(r["op"], r["request"]) for r in demo_requests}

    def work(worker: int) -> int:
        checked = 0
        for i in range(150):
            request = demo_requests[(worker + i) % len(demo_requests)]
            value = paysign.call(request["op"], request["request"])
            want = expected[request["name"]]
            # RSA ciphertext differs per call; the hash over fixed inputs must not,
            # unless the operation encrypts (then its hash input holds the ciphertext).
            assert value["operation"] == want["operation"] and value["url"] == want["url"]
            if not want.get("merchant_auth_json"):
                assert value["hash"] == want["hash"]
            else:
                assert value["merchant_auth_json"] == want["merchant_auth_json"]
            checked += 1
        return checked

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sum(pool.map(work, range(8))) == 8 * 150


def test_eight_threads_mixed_operations_checked() -> None:
    """Eight threads, each running every vector file (all ops: sign, verify,
    callbacks, BBMSL, ClearSettle, errors, recovered panics) in its own order,
    interleaved with refunds signed and then verified by payway.verify and
    check_transaction hashes recomputed with hmac."""
    import base64
    import hashlib
    import hmac
    import json
    import random

    from conftest import REPOSITORY, VECTORS
    from paysign._library import invoke
    from vector_runner import load_cases, run_case

    cases = load_cases(VECTORS)
    public_key = (REPOSITORY / "internal" / "testkeys" / "rsa1024_TEST_ONLY_public.pem").read_text()
    private_key = (REPOSITORY / "internal" / "testkeys" / "rsa1024_TEST_ONLY_private.pem").read_text()
    api_key = "TEST_ONLY_thread_api_key"
    payway = paysign.PayWay(merchant_id="ec000002", api_key=api_key, rsa_public_key=public_key)

    def work(worker: int) -> "tuple[int, int, int]":
        order = list(cases)
        random.Random(worker).shuffle(order)
        refunds = checks = 0
        for i, case in enumerate(order):
            run_case(invoke, case)
            if i % 4 == 0:
                params = {"tran_id": f"W{worker}-{i}", "refund_amount": f"{i}.25"}
                signed = payway.sign("refund", request_time="20261121093403", **params)
                verified = payway.verify("refund", signed["fields"], rsa_private_key=private_key)
                # inside merchant_auth the amount is a JSON number (json_encode((float)$amount))
                assert json.loads(verified["merchant_auth_json"]) == {"mc_id": "ec000002", **params,
                                                                       "refund_amount": float(params["refund_amount"])}
                refunds += 1
            elif i % 4 == 2:
                signed = payway.sign("check_transaction", request_time="20261121093403", tran_id=f"W{worker}-{i}")
                assert signed["hash_input"] == f"20261121093403ec000002W{worker}-{i}"
                want = base64.b64encode(hmac.new(api_key.encode(), signed["hash_input"].encode(),
                                                 hashlib.sha512).digest()).decode()
                assert signed["hash"] == want
                checks += 1
        return len(order), refunds, checks

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert results == [results[0]] * 8
    assert results[0][0] == len(cases) and results[0][1] > 50 and results[0][2] > 50
