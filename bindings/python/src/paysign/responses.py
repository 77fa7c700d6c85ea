"""PayWay's answers and pushbacks as typed objects: PayWayResponse (the
payway.decode_response op) and PaymentStatus (from errors.py, which an
error carries), VerifiedCallback, and PreparedRequest (a signed request as
bytes, for any HTTP client).

Plain classes with __slots__, not dataclasses: importing dataclasses (and
inspect) would double the package's import time. Numbers in answers and
pushbacks follow docs/envelope.md's "Numbers in answers": an integer of at
most 15 digits is an int, every other number a str of its exact text;
never a float or a Decimal.
"""

from __future__ import annotations

from ._codec import quote, value_of
from ._library import call_bytes
from .errors import PaymentStatus, PaySignError, PayWayResponse

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:
    from collections.abc import Mapping
    from email.message import Message
    from typing import Any, Callable, Dict, List, Optional, Tuple, Union

    #: Response headers: a mapping (dict, requests' and httpx's headers, aiohttp's) or an
    #: email.message.Message (http.client, urllib, http.server).
    Headers = Union[Mapping[str, str], Message]

__all__ = ["CALLBACK_HEADER", "PaymentStatus", "PayWayResponse", "PreparedRequest", "VerifiedCallback",
           "callback_signature", "decode_response"]

#: The header PayWay signs its pushbacks with.
CALLBACK_HEADER = "X-PayWay-HMAC-SHA512"

_DECODE = b"payway.decode_response"


class VerifiedCallback:
    """A pushback whose X-PayWay-HMAC-SHA512 header verified.

    valid is always True (a header that does not verify raises);
    hash_input is what was HMAC'd; tran_id, apv, status, return_params and
    merchant_ref (also a payment link's merchant_ref_no) are the members
    pushbacks carry, as the text they were hashed as (PHP's string
    conversion; "" when absent); values is the whole body, its numbers as
    in answers (an int of at most 15 digits, else the number's exact text
    as a str).

    **A valid header is evidence, not proof of payment**: PayWay documents
    no replay protection. Confirm with check_transaction before fulfilling.
    """

    __slots__ = ("valid", "hash_input", "tran_id", "apv", "status", "return_params", "merchant_ref", "values")

    def __init__(self, verified: Dict[str, Any]) -> None:
        """verified is payway.verify_callback's value."""
        self.valid = True
        self.hash_input: str = verified["hash_input"]
        self.tran_id: str = verified["tran_id"]
        self.apv: str = verified["apv"]
        self.status: str = verified["status"]
        self.return_params: str = verified["return_params"]
        self.merchant_ref: str = verified["merchant_ref"]
        self.values: Dict[str, Any] = verified["values"]

    def __repr__(self) -> str:
        return (f"VerifiedCallback(tran_id={self.tran_id!r}, status={self.status!r}, apv={self.apv!r}, "
                f"merchant_ref={self.merchant_ref!r})")


class PreparedRequest:
    """A signed request ready for any HTTP client (PayWay.prepare()):
    method, url, headers (Content-Type, with the multipart boundary where
    there is one, and Accept) and body (bytes). Send it without following
    redirects, then decode the answer with decode():

        prepared = payway.prepare("refund", tran_id="T1", refund_amount="1.50")
        r = requests.post(prepared.url, data=prepared.body, headers=prepared.headers,
                          allow_redirects=False, timeout=30)
        answer = prepared.decode(r.status_code, r.content, r.headers).raise_for_error()
    """

    __slots__ = ("operation", "method", "url", "headers", "body", "fields")

    def __init__(self, *, operation: str, method: str, url: str, headers: Dict[str, str], body: bytes,
                 fields: List[Tuple[str, str]]) -> None:
        self.operation = operation
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.fields = fields

    def decode(self, status: int, body: Union[bytes, bytearray, str],
               headers: Optional[Headers] = None) -> PayWayResponse:
        """The answer to this request, decoded (see decode_response); a
        relative location is resolved against url."""
        return decode_response(self.operation, status, body, headers, url=self.url)

    def __repr__(self) -> str:
        return (f"PreparedRequest(operation={self.operation!r}, method={self.method!r}, url={self.url!r}, "
                f"headers={self.headers!r}, body=<{len(self.body)} bytes>)")


def header(headers: Optional[Headers], name: str) -> Optional[str]:
    """The value of a header, whatever the case of its name."""
    if headers is None:
        return None
    value = headers.get(name)
    if value is not None:
        return str(value)
    if isinstance(headers, dict) or not hasattr(headers, "get_all"):  # a mapping: names as given
        wanted = name.lower()
        for key in headers.keys():
            if isinstance(key, str) and key.lower() == wanted:
                return str(headers[key])
    return None


def callback_signature(headers: Any) -> Optional[str]:
    """The X-PayWay-HMAC-SHA512 header of a pushback, or None: from a
    WSGI environ (HTTP_X_PAYWAY_HMAC_SHA512), http.server's self.headers,
    or any mapping of header names (in any case) to values."""
    if headers is None:
        return None
    if hasattr(headers, "get"):
        environ = headers.get("HTTP_X_PAYWAY_HMAC_SHA512")
        if isinstance(environ, str):
            return environ
    return header(headers, CALLBACK_HEADER)


def call_exact(op: bytes, request: bytes) -> Any:
    """Calls op and returns its value, or raises its error. The core writes
    answers under its number rule (an int of at most 15 digits, else the
    number's exact text as a str), so no float is ever made here."""
    _status, response = call_bytes(op, request)
    return value_of(response)


def decode_response(operation: str, status: int, body: Union[bytes, bytearray, str],
                    headers: Optional[Headers] = None, *, url: Optional[str] = None) -> PayWayResponse:
    """Decodes PayWay's answer to operation (payway.decode_response): the
    code, what it means for this operation, its category, whether a retry
    is safe, the payment status of a check, the body as JSON.

    status is the HTTP status, body the raw answer (bytes are read as
    UTF-8, invalid sequences replaced), headers the answer's headers (its
    Content-Type, and a 3xx answer's Location: link_card), url the URL the
    request went to (a relative Location is resolved against it). It returns the
    answer whether or not PayWay accepted the request: ok is true only for
    PayWay's documented success, and an answer that is not PayWay's (empty,
    HTML, a 204, an undocumented redirect) has category "outcome_unknown"
    (raise_for_error() raises PayWayError). Raises PaySignError:
    request_too_large for an answer over about 1 MiB, unknown_operation,
    malformed_request for a status outside 100-599.
    """
    if not isinstance(operation, str):
        raise PaySignError("malformed_request", "paysign: operation must be a str such as \"refund\", "
                                                f"not {type(operation).__name__}", "operation")
    if not isinstance(status, int) or isinstance(status, bool):
        raise PaySignError("malformed_request", f"paysign: status must be the HTTP status as an int, "
                                                f"not {type(status).__name__}", "http_status")
    status = int(status)  # http.HTTPStatus.OK is an int too
    if isinstance(body, (bytes, bytearray, memoryview)):
        text = bytes(body).decode("utf-8", "replace")
    elif isinstance(body, str):
        text = body
    else:
        raise PaySignError("malformed_request", f"paysign: body must be bytes or str, not {type(body).__name__}",
                           "body")
    request = f'{{"operation":{quote(operation)},"http_status":{status},"body":{quote(text)}'
    for member, name in (("content_type", "Content-Type"), ("location", "Location")):
        value = header(headers, name)
        if value is not None:
            request += f',"{member}":{quote(value)}'
    if url is not None:
        if not isinstance(url, str):
            raise PaySignError("malformed_request", f"paysign: url must be a str, not {type(url).__name__}", "url")
        request += f',"url":{quote(url)}'
    try:
        decoded = call_exact(_DECODE, (request + "}").encode("utf-8", "replace"))
    except PaySignError as error:
        size = len(body) if not isinstance(body, str) else len(body.encode("utf-8", "replace"))
        why = (f"the answer of {size} bytes is too large for payway.decode_response "
               "(1 MiB with its JSON escapes)" if error.code == "request_too_large" else error.message)
        raise PaySignError(error.code, f"paysign: payway {operation}: HTTP {status}: {why}", error.field) from None
    return PayWayResponse.of(operation, decoded)
