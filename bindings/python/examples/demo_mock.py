"""make demo-mock-python: the loop an integrator lives in, through the Python
package against `paysign mock` (started here on 127.0.0.1, a free port, and
stopped at the end), with a pushback endpoint (the README's shop.py under
wsgiref): purchase, the payer approves, the signed pushback verified by
the handler, check, refunds, close, a wrong API key, a 5xx on a refund (not
repeated: its outcome is unknown, confirm first) and on a query (repeated). Prints each step, never a key; exits 1
when any answer is not the documented one.

Usage: python demo_mock.py [PATH/TO/paysign]   (default: $PAYSIGN_CLI, else paysign on PATH)
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any, Dict, List, Optional
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

# The README's pushback handler: docs/snippets/python/shop.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "docs", "snippets", "python"))

from paysign import PaySignError, PayWay, PayWayError  # noqa: E402
from paysign.testing import PayWayMock  # noqa: E402
from shop import make_app  # noqa: E402


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def main(cli: Optional[str]) -> int:
    with PayWayMock(cli) as mock:
        payway = mock.payway(retry_backoff=0.05)
        received: List[Dict[str, str]] = []
        server: WSGIServer = make_server("127.0.0.1", 0, make_app(mock.payway(), received), handler_class=_Quiet)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            return loop(mock, payway, f"http://127.0.0.1:{server.server_port}/payway/pushback", received)
        finally:
            server.shutdown()
            server.server_close()


def loop(mock: PayWayMock, payway: PayWay, pushback_url: str, received: List[Dict[str, str]]) -> int:
    print(f"=== Python: the mock loop: paysign mock on {mock.url}, TEST-ONLY merchant {mock.merchant_id}")
    failed = 0

    def step(want: str, operation: str, client: Optional[PayWay] = None, **params: Any) -> None:
        """Sends one request and prints what came back; want is "code[ STATUS]", "!code" for a PayWayError,
        or "PaySignError code" for a send without PayWay's verdict."""
        nonlocal failed
        shown = ", ".join(f"{name}={json.dumps(value)}" for name, value in params.items())
        print(f'payway.send("{operation}"{", " if shown else ""}{shown})')
        try:
            answer = (client or payway).send(operation, **params)
            status = answer.payment_status.status if answer.payment_status is not None else None
            got = answer.code + (f" {status}" if status else "")
            line = f"  HTTP {answer.http_status}  code {answer.code}  {answer.category}" + \
                (f"  payment status {status}" if status else "")
        except PayWayError as e:
            got = "!" + e.code
            line = (f"  PayWayError: HTTP {e.http_status}  code {e.code or '(none)'}  {e.category}  ({e.meaning})"
                    + ("  retryable" if e.retryable else ""))
        except PaySignError as e:  # next: what to do about it (send_again, confirm_first)
            got = f"PaySignError {e.code}"
            line = f"  {got} (next: {e.next}): {e.message}"
        if got != want:
            line += f"  FAILED: want {want}"
            failed += 1
        print(line)

    step("00", "purchase", tran_id="DEMO-PY-1001", amount="10.00", currency="USD",
         items=[{"name": "Iced latte", "quantity": 4, "price": "2.50"}], return_url=pushback_url,
         return_params="order=1001")
    step("00 PENDING", "check_transaction", tran_id="DEMO-PY-1001")

    print(f"POST {mock.url}/__mock/transactions/DEMO-PY-1001/approve        (the payer pays in the ABA app)")
    approved = mock.approve("DEMO-PY-1001")
    if approved.get("pushback_delivered") and len(received) == 1:
        p = received[0]
        print(f"  pushback received at {pushback_url}: tran_id={p['tran_id']} status={p['status']} apv={p['apv']}; "
              f"verify_callback accepts its X-PayWay-HMAC-SHA512; check_transaction in the handler: {p['confirmed']}")
        if p["confirmed"] != "APPROVED":
            print("  FAILED: the handler could not confirm the payment")
            failed += 1
    else:
        print(f"  FAILED: no verified pushback: {json.dumps(approved.get('pushback'))}")
        failed += 1
    # A pushback that was not signed with the merchant's key for this body is refused.
    header = payway.sign_callback('{"tran_id":"DEMO-PY-1001","apv":"000000","status":"0","return_params":"",'
                                  '"merchant_ref":""}')
    try:
        payway.verify_callback('{"tran_id":"DEMO-PY-1001","apv":"999999","status":"0","return_params":"",'
                               '"merchant_ref":""}', header)
        print("  FAILED: a forged pushback verified")
        failed += 1
    except PaySignError as e:
        print(f"payway.verify_callback(a pushback whose apv was changed, its old header)\n  PaySignError: {e.code}")

    step("00 APPROVED", "check_transaction", tran_id="DEMO-PY-1001")
    step("00", "refund", tran_id="DEMO-PY-1001", refund_amount="4.00")
    step("!PTL37", "refund", tran_id="DEMO-PY-1001", refund_amount="6.01")
    step("00 REFUNDED", "check_transaction", tran_id="DEMO-PY-1001")
    step("00", "purchase", tran_id="DEMO-PY-1002", amount="3.00", currency="USD")
    step("00", "close_transaction", tran_id="DEMO-PY-1002")
    step("00 CANCELLED", "check_transaction", tran_id="DEMO-PY-1002")
    print("with the API key 'TEST_ONLY_not_the_merchants_key':")
    step("!5", "check_transaction", mock.payway(api_key="TEST_ONLY_not_the_merchants_key"), tran_id="DEMO-PY-1001")

    print(f'POST {mock.url}/__mock/faults {{"operation":"refund","kind":"server_error","count":3}}')
    mock.fault("refund", "server_error", 3)
    seq = mock.last_seq()
    step("PaySignError outcome_unknown", "refund", tran_id="DEMO-PY-1001", refund_amount="1.00")
    sent = len(mock.requests("refund", after=seq))
    print(f"  sent {'once' if sent == 1 else f'{sent} times'}: a refund is never repeated; "
          "check_transaction decides what happened")
    failed += 0 if sent == 1 else 1
    mock.clear_faults()
    print(f'POST {mock.url}/__mock/faults {{"operation":"check_transaction","kind":"server_error","count":2,"status":503}}')
    mock.fault("check_transaction", "server_error", 2, status=503)
    seq = mock.last_seq()
    step("00 REFUNDED", "check_transaction", tran_id="DEMO-PY-1001")
    sent = len(mock.requests("check_transaction", after=seq))
    print(f"  sent {sent} times: a query is repeated after a retryable answer (query_retries 2)")
    failed += 0 if sent == 3 else 1

    if failed:
        print(f"Python mock loop: {failed} steps failed")
        return 1
    print("Python mock loop: every answer as PayWay documents it; the mock and the pushback endpoint stop now")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
