"""The Python client of probe.py: PayWay.send() through the public API."""

import json
import os

from paysign import PayWay


def outcome(base_url: str, operation: str, **params: str) -> str:
    payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_probe_key", base_url=base_url, query_retries=2, retry_backoff=0,
                    rsa_public_key=open(os.environ["PROBE_KEY"], encoding="utf-8").read())
    try:
        payway.send(operation, **params)
        return "accepted"
    except Exception:  # noqa: BLE001 (any refusal counts)
        return "rejected"


print(json.dumps({
    "refund_empty_200": outcome(os.environ["PROBE_EMPTY"], "refund", tran_id="PROBE-1", refund_amount="1.50"),
    "refund_503": outcome(os.environ["PROBE_REFUND_503"], "refund", tran_id="PROBE-1", refund_amount="1.50"),
    "check_503": outcome(os.environ["PROBE_CHECK_503"], "check_transaction", tran_id="PROBE-1"),
    "purchase_page": outcome(os.environ["PROBE_PAGE"], "purchase", tran_id="PROBE-2", amount="1.00", currency="USD"),
}))
