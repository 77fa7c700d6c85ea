"""The exceptions of paysign: PaySignError, and PayWayError for PayWay's refusals."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple

    from .responses import PayWayResponse


class PaySignError(Exception):
    """An error from paysign, as structured data.

    code is stable and machine-readable: one of the core's closed set
    (for example "PTL04" required field missing, "malformed_request",
    "float_not_allowed", "invalid_key", "unknown_handle", "internal" for a
    recovered bug) or one of the binding's own: "closed", "forked",
    "library_not_found", "load_failed", "abi_mismatch", "already_loaded",
    "misuse", and for PayWay.send() "not_sent", "timeout",
    "transport_failed". message is for people and never holds key
    material; field names the offending request field, if any (for
    example "params.tran_id").

    PayWay's own refusals of a request that send() delivered are the
    subclass PayWayError, whose code is PayWay's code.
    """

    def __init__(self, code: str, message: str, field: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        where = f" (field {self.field})" if self.field else ""
        return f"[{self.code}] {self.message}{where}"

    def __repr__(self) -> str:
        return f"PaySignError(code={self.code!r}, message={self.message!r}, field={self.field!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        # pickle (multiprocessing, concurrent.futures) rebuilds it from its three members.
        return (type(self), (self.code, self.message, self.field))


class PayWayError(PaySignError):
    """PayWay refused a request that PayWay.send() delivered: its answer
    carries a code other than success, or an error HTTP status.

        try:
            payway.send("refund", tran_id="T1", refund_amount="20.00")
        except PayWayError as e:
            e.code        # "PTL37": PayWay's code as sent ("" when the answer has none: a bare 5xx)
            e.category    # "declined": one of docs/envelope.md's closed set
            e.retryable   # False: sending the same request again is not safe

    A PaySignError that is not a PayWayError is paysign refusing to sign,
    or the request never getting an answer (not_sent, timeout,
    transport_failed). code is PayWay's code, so it shares PaySignError's
    code space the way the core's own validation codes do: "PTL02" is a
    wrong hash whether the core or PayWay found it. Numeric codes depend
    on the operation ("5" is "not found" for a refund's family but a wrong
    hash from check_transaction): category says what a code means.

    Refunds, purchases, payouts and every other operation that moves money
    are never retried by send(); after a gateway error (5xx) their outcome
    is unknown: confirm with check_transaction before sending them again.
    """

    def __init__(self, response: PayWayResponse) -> None:
        operation = response.operation
        code = response.code if response.code != "" else f"HTTP {response.http_status}"
        text = response.meaning if response.meaning != "" else response.message
        message = f"payway {operation}: {code}: {text} ({response.category})"
        if response.category == "gateway_error" and not response.retryable:
            message += ("; whether PayWay processed the request is unknown: "
                        "confirm with check_transaction before sending it again")
        super().__init__(response.code, message)
        self.response = response

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
        not_permitted, rate_limited, concurrent_request, gateway_error or
        unknown (docs/envelope.md, "Categories")."""
        return self.response.category

    @property
    def retryable(self) -> bool:
        """Whether sending the same request again is safe: a rate limit or a
        concurrent request (PayWay did not process it), or a gateway error
        on a query. send() itself repeats only queries."""
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
        return (type(self), (self.response,))
