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
