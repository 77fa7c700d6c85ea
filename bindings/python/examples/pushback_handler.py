"""A PayWay pushback endpoint (the URL return_url or callback_url points at)
as a WSGI application, as an integrator writes one with any framework:
check the X-PayWay-HMAC-SHA512 header, then confirm with check_transaction
before fulfilling (a valid header is evidence, not proof of payment), and
answer 2xx.

    from wsgiref.simple_server import make_server
    make_server("127.0.0.1", 8080, make_app(payway)).serve_forever()

demo_mock.py serves it with wsgiref; `received` collects what it saw.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List

import paysign
from paysign import PaySignError, PayWay

MAX_BODY = 64 << 10  # pushbacks are a few hundred bytes


def make_app(payway: PayWay, received: List[Dict[str, str]]) -> Callable[..., Iterable[bytes]]:
    def app(environ: Dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [("Allow", "POST")])
            return [b""]
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
        body = environ["wsgi.input"].read(length)
        try:
            callback = payway.verify_callback(body, paysign.callback_signature(environ))
        except PaySignError as error:  # signature_missing, signature_mismatch, body_malformed, ...
            start_response("401 Unauthorized", [("Content-Type", "text/plain")])
            return [f"invalid pushback: {error.code}\n".encode()]
        try:
            check = payway.send("check_transaction", tran_id=callback.tran_id)
            status = check.payment_status.status if check.payment_status is not None else ""
        except PaySignError as error:  # PayWayError too: not confirmed now; record it and check again later
            status = f"unconfirmed: {error.code}"
        received.append({"tran_id": callback.tran_id, "status": callback.status, "apv": callback.apv,
                         "return_params": callback.return_params, "confirmed": status})
        # Fulfil the order here when status is APPROVED (once: a pushback may come more than once).
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"OK\n"]

    return app
