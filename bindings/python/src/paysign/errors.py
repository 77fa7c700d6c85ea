"""The errors of paysign and the answer they carry: PaySignError,
PayWayError (PayWay's refusals), PayWayResponse and PaymentStatus.

An error may carry PayWay's answer and an answer can raise its refusal, so
the four classes live in this one module, which imports nothing of
paysign: responses.py (decoding, callbacks, prepared requests) builds on
it, and nothing here builds on responses.py.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Tuple

__all__ = ["PaySignError", "PayWayError", "PayWayResponse", "PaymentStatus"]

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

    ok: PayWay's documented success, and only that: a success code, or the
    operation's documented success without one (purchase's checkout page,
    link_card's redirect). code: PayWay's code as sent, as text ("00",
    "PTL37", "4"; "" when the answer has none). message: PayWay's own
    message, else meaning. meaning: what the code means for this operation
    ("" for a code the table does not list). category: "success",
    "wrong_hash", "invalid_request", "not_found", "duplicate", "declined",
    "not_permitted", "rate_limited", "concurrent_request", "gateway_error",
    "unknown" or "outcome_unknown" (not an answer of PayWay's: an empty
    body, an HTML page, a 204, an undocumented redirect). retryable:
    sending the same request again is safe. http_status. payment_status:
    check_transaction and transaction_detail only, else None. location: a
    3xx answer's target (link_card), else None.

    value: the body as JSON, or its text when it is not JSON (the hosted
    checkout page). Numbers follow one rule in every runtime
    (docs/envelope.md, "Numbers in answers"): an integer of at most 15
    digits is an int; an amount and every other number is a str holding
    its exact text ("1.5", "12.50", "1E+1"), never a float or a Decimal,
    so an amount read from an answer goes back into a request unchanged.
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
    def of(cls, operation: str, value: Dict[str, Any], location: Optional[str] = None) -> PayWayResponse:
        """The response of a payway.decode_response value (also the
        "response" of payway.send_step); location, when given, replaces
        the value's."""
        payment = value.get("payment_status")
        if location is None:
            given = value.get("location")
            location = given if isinstance(given, str) and given != "" else None
        return cls(
            operation=operation, ok=value["ok"] is True, code=str(value["code"]), message=str(value["message"]),
            meaning=str(value["meaning"]), category=str(value["category"]), retryable=value["retryable"] is True,
            http_status=int(value["http_status"]),
            payment_status=None if not isinstance(payment, dict) else PaymentStatus(
                str(payment.get("code", "")), str(payment.get("status", "")), str(payment.get("meaning", "")),
                str(payment.get("category", ""))),
            value=value.get("value"), location=location)

    def raise_for_error(self) -> PayWayResponse:
        """Raises PayWayError when the answer is not PayWay's documented
        success (ok is false); returns the response otherwise. For an
        operation that moves money, a category of gateway_error, unknown or
        outcome_unknown means PayWay's verdict is unknown: confirm with
        check_transaction before sending the request again (send() raises
        PaySignError "outcome_unknown" for these)."""
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

    def __reduce__(self) -> Tuple[Any, ...]:
        # pickle (an error carrying it crosses a process pool) rebuilds it from as_dict(), as of() reads it.
        return (PayWayResponse.of, (self.operation, self.as_dict()))


class PaySignError(Exception):
    """An error from paysign, as structured data.

    code is stable and machine-readable: one of the core's closed set
    (for example "PTL04" required field missing, "malformed_request",
    "float_not_allowed", "invalid_key", "unknown_handle", "internal" for a
    recovered bug) or one of the binding's own: "closed", "forked",
    "library_not_found", "load_failed", "abi_mismatch", "already_loaded",
    "misuse". message is for people and never holds key material; field
    names the offending request field, if any (for example
    "params.tran_id").

    PayWay.send() decides with the core (payway.send_step) and fails with
    one of four codes when no verdict of PayWay's came back; next says
    what to do about it:

    - "not_sent", next "send_again": PayWay did not receive the request;
    - "timeout": no complete answer within the timeout; next
      "confirm_first" (a query: "send_again");
    - "outcome_unknown", next "confirm_first": an operation that moves
      money or changes state went out and no verdict came back (the
      connection broke, an answer that is not PayWay's, a gateway error);
      response is that answer when one came;
    - "transport_failed", next "send_again": a query, after its last
      attempt.

    "confirm_first" means: look the transaction up (check_transaction)
    before sending the request again; sending it again blindly could
    refund or pay twice. next is None for every other error (the request
    was not signed, nothing was sent).

    PayWay's own refusals are the subclass PayWayError, whose code is
    PayWay's code.
    """

    def __init__(self, code: str, message: str, field: Optional[str] = None, next: Optional[str] = None,
                 response: Optional[PayWayResponse] = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.next = next
        self.response = response

    def __str__(self) -> str:
        where = f" (field {self.field})" if self.field else ""
        return f"[{self.code}] {self.message}{where}"

    def __repr__(self) -> str:
        extra = f", next={self.next!r}" if self.next is not None else ""
        return f"PaySignError(code={self.code!r}, message={self.message!r}, field={self.field!r}{extra})"

    def __reduce__(self) -> Tuple[Any, ...]:
        # pickle (multiprocessing, concurrent.futures) rebuilds it from its members.
        return (type(self), (self.code, self.message, self.field, self.next, self.response))


class PayWayError(PaySignError):
    """PayWay refused a request that PayWay.send() delivered: one of its
    documented codes other than success, or a rate limit.

        try:
            payway.send("refund", tran_id="T1", refund_amount="20.00")
        except PayWayError as e:
            e.code        # "PTL37": PayWay's code as sent ("" when the answer has none)
            e.category    # "declined": one of docs/envelope.md's closed set
            e.retryable   # False: sending the same request again will not succeed

    A PaySignError that is not a PayWayError is paysign refusing to sign,
    or the request never getting PayWay's verdict (not_sent, timeout,
    outcome_unknown, transport_failed: see PaySignError.next). code is
    PayWay's code, so it shares PaySignError's code space the way the
    core's own validation codes do: "PTL02" is a wrong hash whether the
    core or PayWay found it. Numeric codes depend on the operation ("5" is
    "not found" for a refund's family but a wrong hash from
    check_transaction): category says what a code means.
    """

    def __init__(self, response: PayWayResponse, message: Optional[str] = None) -> None:
        """message is the core's wording (payway.send_step); without it
        (raise_for_error) the refusal is worded from the response."""
        if message is None:
            code = response.code if response.code != "" else f"HTTP {response.http_status}"
            text = response.meaning if response.meaning != "" else response.message
            message = f"payway {response.operation}: {code}: {text} ({response.category})"
        super().__init__(response.code, message, None, None, response)
        self.response: PayWayResponse = response

    @property
    def operation(self) -> str:
        """The operation that was sent ("refund")."""
        return self.response.operation

    @property
    def payway_message(self) -> str:
        """PayWay's own message ("Refund amount is greater than ..."), else the code's meaning."""
        return self.response.message

    @property
    def meaning(self) -> str:
        """What the code means for this operation, from paysign's table; "" for a code it does not list."""
        return self.response.meaning

    @property
    def category(self) -> str:
        """wrong_hash, invalid_request, not_found, duplicate, declined,
        not_permitted, rate_limited, concurrent_request, gateway_error,
        unknown or outcome_unknown (docs/envelope.md, "Categories")."""
        return self.response.category

    @property
    def retryable(self) -> bool:
        """Whether the same request may succeed when sent again: a rate
        limit or a concurrent request (PayWay did not process it), or a
        gateway error on a query."""
        return self.response.retryable

    @property
    def http_status(self) -> int:
        """The HTTP status of the answer."""
        return self.response.http_status

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (f"PayWayError(operation={self.operation!r}, code={self.code!r}, category={self.category!r}, "
                f"http_status={self.http_status!r}, retryable={self.retryable!r})")

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.response, self.message))
