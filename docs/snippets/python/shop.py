"""The shop's endpoint for PayWay's pushbacks (the URL given as return_url),
a WSGI application any framework can mount: it reads the body (at most
MAX_BODY bytes, whatever Content-Length says), checks its
X-PayWay-HMAC-SHA512 header, then confirms the payment with
check_transaction before fulfilling (a valid header is evidence, not proof
of payment), and answers 2xx. `received` collects what it saw.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List, Optional

import paysign
from paysign import PaySignError, PayWay

#: The most a handler reads: pushbacks are a few hundred bytes.
MAX_BODY = 1 << 20


class BadBody(Exception):
    """A request body the handler does not read; status is the answer."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def read_body(content_length: Optional[str], read: Callable[[int], bytes]) -> bytes:
    """The body, read with read(n) once its Content-Length is known to be sane:
    BadBody 400 for a length absent or not plain digits ("-1", "abc", "1e3"),
    413 over MAX_BODY (digits counted first: int() refuses over 4300)."""
    text = (content_length or "").strip()
    if not (text.isascii() and text.isdigit()):
        raise BadBody("400 Bad Request", "a Content-Length of digits is required")
    if len(text) > len(str(MAX_BODY)) or int(text) > MAX_BODY:
        raise BadBody("413 Content Too Large", f"a pushback is at most {MAX_BODY} bytes")
    return read(int(text))


def make_app(payway: PayWay, received: List[Dict[str, str]]) -> Callable[..., Iterable[bytes]]:
    def app(environ: Dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [("Allow", "POST")])
            return [b""]
        try:
            body = read_body(environ.get("CONTENT_LENGTH"), environ["wsgi.input"].read)
        except BadBody as bad:
            start_response(bad.status, [("Content-Type", "text/plain")])
            return [f"{bad.reason}\n".encode()]
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
