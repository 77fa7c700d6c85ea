"""PayWay's answers and pushbacks as typed objects: PayWayResponse (the
payway.decode_response op), PaymentStatus, VerifiedCallback, and
PreparedRequest (a signed request as bytes, for any HTTP client).

Plain classes with __slots__, not dataclasses: importing dataclasses (and
inspect) would double the package's import time. Numbers with a fraction
or an exponent in PayWay's answers decode to decimal.Decimal, never to a
float, so an amount read from an answer can go back into a request.
"""

from __future__ import annotations

from ._codec import make_scan, quote, value_of
from ._library import call_bytes
from .errors import PayWayError, PaySignError

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


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


class PaymentStatus:
    """The payment status check_transaction and transaction_detail report
    (data.payment_status_code): code "0" APPROVED (or PRE-AUTH), "2"
    PENDING, "3" DECLINED, "4" REFUNDED, "7" CANCELLED; status is PayWay's
    name for it, category "success", "pending", "declined", ..."""

    __slots__ = ("code", "status", "meaning", "category")

    def __init__(self, code: str, status: str, meaning: str, category: str) -> None:
        self.code, self.status, self.meaning, self.category = code, status, meaning, category

    def __repr__(self) -> str:
        return (f"PaymentStatus(code={self.code!r}, status={self.status!r}, meaning={self.meaning!r}, "
                f"category={self.category!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PaymentStatus):
            return NotImplemented
        return (self.code, self.status, self.meaning, self.category) == \
            (other.code, other.status, other.meaning, other.category)

    __hash__ = None  # type: ignore[assignment]

    def as_dict(self) -> Dict[str, str]:
        return {"code": self.code, "status": self.status, "meaning": self.meaning, "category": self.category}


class PayWayResponse:
    """PayWay's answer, decoded by the core (payway.decode_response).

    ok: the HTTP status is 2xx or 3xx and the code, if any, means success.
    code: PayWay's code as sent, as text ("00", "PTL37", "4"; "" when the
    answer has none). message: PayWay's own message, else meaning.
    meaning: what the code means for this operation ("" for a code the
    table does not list). category: "success", "wrong_hash",
    "invalid_request", "not_found", "duplicate", "declined",
    "not_permitted", "rate_limited", "concurrent_request",
    "gateway_error" or "unknown". retryable: sending the same request again
    is safe. http_status. payment_status: check_transaction and
    transaction_detail only, else None. value: the body as JSON (numbers
    with a fraction as Decimal), or its text when it is not JSON (the
    hosted checkout page). location: a 3xx answer's target (link_card),
    else None.
    """

    __slots__ = ("operation", "ok", "code", "message", "meaning", "category", "retryable", "http_status",
                 "payment_status", "value", "location")

    def __init__(self, *, operation: str, ok: bool, code: str, message: str, meaning: str, category: str,
                 retryable: bool, http_status: int, payment_status: Optional[PaymentStatus] = None,
                 value: Any = None, location: Optional[str] = None) -> None:
        self.operation = operation
        self.ok = ok
        self.code = code
        self.message = message
        self.meaning = meaning
        self.category = category
        self.retryable = retryable
        self.http_status = http_status
        self.payment_status = payment_status
        self.value = value
        self.location = location

    @classmethod
    def decode(cls, operation: str, status: int, body: Union[bytes, bytearray, str],
               headers: Optional[Headers] = None) -> PayWayResponse:
        """paysign.decode_response(operation, status, body, headers)."""
        return decode_response(operation, status, body, headers)

    def raise_for_error(self) -> PayWayResponse:
        """Raises PayWayError when PayWay refused the request (ok is
        false); returns the response otherwise."""
        if not self.ok:
            raise PayWayError(self)
        return self

    def as_dict(self) -> Dict[str, Any]:
        """The answer as the payway.decode_response op gives it (with
        operation, and location when there is one): for logs and JSON."""
        out: Dict[str, Any] = {"operation": self.operation, "ok": self.ok, "code": self.code, "message": self.message,
                               "meaning": self.meaning, "category": self.category, "retryable": self.retryable,
                               "http_status": self.http_status}
        if self.payment_status is not None:
            out["payment_status"] = self.payment_status.as_dict()
        out["value"] = self.value
        if self.location is not None:
            out["location"] = self.location
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PayWayResponse):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        extra = f", payment_status={self.payment_status.status!r}" if self.payment_status is not None else ""
        extra += f", location={self.location!r}" if self.location is not None else ""
        return (f"PayWayResponse(operation={self.operation!r}, ok={self.ok!r}, code={self.code!r}, "
                f"category={self.category!r}, http_status={self.http_status!r}{extra}, value={_short(self.value)})")


class VerifiedCallback:
    """A pushback whose X-PayWay-HMAC-SHA512 header verified.

    valid is always True (a header that does not verify raises);
    hash_input is what was HMAC'd; tran_id, apv, status, return_params and
    merchant_ref (also a payment link's merchant_ref_no) are the members
    pushbacks carry, as the text they were hashed as (PHP's string
    conversion; "" when absent); values is the whole body (numbers with a
    fraction as Decimal).

    **A valid header is evidence, not proof of payment**: PayWay documents
    no replay protection. Confirm with check_transaction before fulfilling.
    """

    __slots__ = ("valid", "hash_input", "tran_id", "apv", "status", "return_params", "merchant_ref", "values")

    def __init__(self, verified: Dict[str, Any], values: Dict[str, Any]) -> None:
        """verified is payway.verify_callback's value, values the body parsed."""
        self.valid = True
        self.hash_input: str = verified["hash_input"]
        self.tran_id: str = verified["tran_id"]
        self.apv: str = verified["apv"]
        self.status: str = verified["status"]
        self.return_params: str = verified["return_params"]
        self.merchant_ref: str = verified["merchant_ref"]
        self.values = values

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
        response = decode_response(self.operation, status, body, headers)
        if response.location is not None and "://" not in response.location:
            from urllib.parse import urljoin

            response.location = urljoin(self.url, response.location)
        return response

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


# The JSON scanner of decoded values: numbers with a fraction or an
# exponent become Decimal (made on first use: importing decimal costs).
_scanner: Optional[Callable[[str, int], Tuple[Any, int]]] = None


def decimal_scanner() -> Callable[[str, int], Tuple[Any, int]]:
    global _scanner
    if _scanner is None:
        from decimal import Decimal

        _scanner = make_scan(Decimal)
    return _scanner


def call_decimal(op: bytes, request: bytes) -> Any:
    """Calls op and returns its value with Decimal numbers, or raises its error."""
    _status, response = call_bytes(op, request)
    return value_of(response, decimal_scanner())


def decode_response(operation: str, status: int, body: Union[bytes, bytearray, str],
                    headers: Optional[Headers] = None) -> PayWayResponse:
    """Decodes PayWay's answer to operation (payway.decode_response): the
    code, what it means for this operation, its category, whether a retry
    is safe, the payment status of a check, the body as JSON.

    status is the HTTP status, body the raw answer (bytes are read as
    UTF-8, invalid sequences replaced), headers the answer's headers (for
    a 3xx answer's Location: link_card). It returns the answer whether or
    not PayWay accepted the request (see ok; raise_for_error() raises
    PayWayError). Raises PaySignError: body_malformed for an answer that
    is not JSON with a 4xx status other than 429, request_too_large for
    one over about 1 MiB, unknown_operation, malformed_request for a
    status outside 100-599.
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
    request = f'{{"operation":{quote(operation)},"http_status":{status},"body":{quote(text)}}}'
    try:
        value = call_decimal(_DECODE, request.encode("utf-8", "replace"))
    except PaySignError as error:
        size = len(body) if not isinstance(body, str) else len(body.encode("utf-8", "replace"))
        why = (f"the answer of {size} bytes is too large for payway.decode_response "
               "(1 MiB with its JSON escapes)" if error.code == "request_too_large" else error.message)
        raise PaySignError(error.code, f"paysign: payway {operation}: HTTP {status}: {why}", error.field) from None
    location = header(headers, "Location") if 300 <= status < 400 else None
    return response_of(operation, value, location)


def response_of(operation: str, value: Dict[str, Any], location: Optional[str]) -> PayWayResponse:
    payment = value.get("payment_status")
    return PayWayResponse(
        operation=operation, ok=value["ok"] is True, code=str(value["code"]), message=str(value["message"]),
        meaning=str(value["meaning"]), category=str(value["category"]), retryable=value["retryable"] is True,
        http_status=int(value["http_status"]),
        payment_status=None if not isinstance(payment, dict) else PaymentStatus(
            str(payment.get("code", "")), str(payment.get("status", "")), str(payment.get("meaning", "")),
            str(payment.get("category", ""))),
        value=value.get("value"), location=location)
