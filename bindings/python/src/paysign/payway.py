"""ABA PayWay, the idiomatic way."""

from __future__ import annotations

import _thread
import os

from ._call import call, call_value
from ._codec import dump, quote, surrogate_error
from ._library import _Loaded, call_bytes, forked_error, loaded_here
from .errors import PaySignError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:  # the typed signatures cost nothing at run time
    from collections.abc import Mapping, Sequence
    from types import TracebackType
    from typing import Any, Callable, Dict, Literal, Optional, Type, Union, overload

    from typing_extensions import Unpack

    from . import operations

    Fields = Union[Mapping[str, str], Sequence[Sequence[str]]]

__all__ = ["PayWay"]

_SIGN = b"payway.sign"
_CLOSE = b"paysign.close_credentials"

_getpid = os.getpid

# Opening (and closing) handles is rare: one lock for every object, which a
# forked child replaces (a lock held by another thread at fork() would be
# held forever in the child).
_open_lock = _thread.allocate_lock()


def _reset_lock_in_child() -> None:
    global _open_lock
    _open_lock = _thread.allocate_lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork()
    os.register_at_fork(after_in_child=_reset_lock_in_child)

# Request prefixes kept per handle: one per operation name used (any str
# may be given, so at most this many).
_MAX_PREFIXES = 64


def _close_handle(handle: int, pid: int, _getpid: Any = os.getpid, _call: Any = call_bytes) -> None:
    """Closes a credentials handle: the finalizer of a helper object and its
    close(). Never raises (it may run from the garbage collector), and does
    nothing in a process forked from the one that opened the handle (a
    child must not touch its parent's library)."""
    try:
        if _getpid() == pid:
            _call(_CLOSE, b'{"handle":%d}' % handle)
    except Exception:  # noqa: BLE001 - a finalizer must not raise
        pass


class _Opened:
    """An open credentials handle: the process that opened it, its number,
    the finalizer that closes it, and the request text that stands for it
    (with the environment) in front of each operation's parameters."""

    __slots__ = ("pid", "handle", "finalizer", "base", "prefixes", "library")

    def __init__(self, pid: int, handle: int, finalizer: Callable[[], Any], base: str, library: _Loaded) -> None:
        self.pid, self.handle, self.finalizer, self.base, self.library = pid, handle, finalizer, base, library
        self.prefixes: Dict[str, str] = {}


class PayWay:
    """Signs PayWay requests for one merchant.

        with PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PEM) as payway:
            signed = payway.sign("refund", tran_id="T1001", refund_amount="1.50")
        signed["url"], signed["fields"], signed["body"]

    Parameters use PayWay's own field names and plain values (a URL as a URL,
    items as a list of dicts, amounts as decimal strings or Decimal, never
    float); paysign applies PayWay's encodings, field order, hash and RSA
    encryption.

    On first use (not when made: the library is never loaded before a
    fork) the object hands its credentials to the library once
    (paysign.open_credentials) and from then on sends only the handle, so
    the key is parsed once and never encoded again. close(), the end of a
    with block, or the garbage collector closes the handle; using the
    object after close() raises PaySignError code "closed", and using one
    whose handle was opened before os.fork() in the child raises code
    "forked". One object may be shared by any number of threads. The
    object holds the API key, so its repr() does not show it.
    """

    def __init__(self, merchant_id: str, api_key: str, rsa_public_key: Optional[str] = None,
                 environment: str = "sandbox") -> None:
        self._merchant_id = merchant_id
        self._environment = environment
        self._api_key = api_key
        self._rsa_public_key = rsa_public_key
        self._opened: Optional[_Opened] = None
        self._closed = False

    @property
    def merchant_id(self) -> str:
        """The merchant these credentials belong to."""
        return self._merchant_id

    @property
    def environment(self) -> str:
        """"sandbox" or "production"."""
        return self._environment

    def __repr__(self) -> str:
        state = ", closed=True" if self._closed else ""
        return f"PayWay(merchant_id={self._merchant_id!r}, environment={self._environment!r}{state})"

    def __enter__(self) -> PayWay:
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        """Closes the credentials handle (the library forgets the keys).
        Using the object afterwards raises PaySignError code "closed";
        closing again does nothing. A sign() running in another thread at
        that moment may fail with code "unknown_handle"."""
        with _open_lock:
            opened, self._opened, self._closed = self._opened, None, True
        if opened is not None:
            opened.finalizer()  # runs _close_handle once, at most

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._closed

    def _open(self) -> _Opened:
        """The open handle, opened now on first use; raises "closed" after
        close() and "forked" in a child of the process that opened it."""
        with _open_lock:
            if self._closed:
                raise _closed_error()
            opened = self._opened
            if opened is not None:
                if opened.pid != os.getpid():
                    raise forked_error(opened.pid)
                return opened
            try:
                environment = quote(self._environment)
            except TypeError:
                raise PaySignError("malformed_request",
                                   f"paysign: environment must be a str (\"sandbox\" or \"production\"), "
                                   f"not {type(self._environment).__name__}", "environment") from None
            credentials: Dict[str, Any] = {"merchant_id": self._merchant_id, "api_key": self._api_key}
            if self._rsa_public_key is not None:
                credentials["rsa_public_key"] = self._rsa_public_key
            handle = int(call("paysign.open_credentials", {"credentials": credentials})["handle"])
            import weakref

            pid = os.getpid()
            finalizer = weakref.finalize(self, _close_handle, handle, pid)
            finalizer.atexit = False  # at exit the process ends, and the handles with it
            base = '{"credentials":{"handle":%d},"environment":%s,"operation":' % (handle, environment)
            opened = self._opened = _Opened(pid, handle, finalizer, base, loaded_here())
            return opened

    def _prefix(self, opened: _Opened, operation: Any) -> str:
        if not isinstance(operation, str):
            raise PaySignError("malformed_request", f"paysign: operation must be a str such as \"refund\", "
                                                    f"not {type(operation).__name__}", "operation")
        prefix = opened.base + quote(operation) + ',"params":'
        if len(opened.prefixes) < _MAX_PREFIXES:
            opened.prefixes[operation] = prefix
        return prefix

    if TYPE_CHECKING:
        # One overload per operation, so that type checkers know each one's
        # parameters (paysign.operations); `make types` writes them.
        # generated overloads: begin
        @overload
        def sign(self, operation: Literal["purchase"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.PurchaseParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["purchase"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.PurchaseParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["subscription"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.SubscriptionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["subscription"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.SubscriptionParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["check_transaction"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.CheckTransactionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["check_transaction"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.CheckTransactionParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["transaction_detail"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.TransactionDetailParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["transaction_detail"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.TransactionDetailParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["close_transaction"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.CloseTransactionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["close_transaction"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.CloseTransactionParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["transaction_list"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.TransactionListParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["transaction_list"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.TransactionListParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["exchange_rate"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.ExchangeRateParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["exchange_rate"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.ExchangeRateParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["refund"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.RefundParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["refund"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.RefundParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["generate_qr"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.GenerateQrParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["generate_qr"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.GenerateQrParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["request_qr"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.RequestQrParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["request_qr"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.RequestQrParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["get_transactions_by_mc_ref"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.GetTransactionsByMcRefParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["get_transactions_by_mc_ref"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.GetTransactionsByMcRefParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["create_payment_link"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.CreatePaymentLinkParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["create_payment_link"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.CreatePaymentLinkParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["payment_link_detail"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.PaymentLinkDetailParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["payment_link_detail"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.PaymentLinkDetailParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["void_payment_link"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.VoidPaymentLinkParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["void_payment_link"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.VoidPaymentLinkParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["pre_auth_completion"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.PreAuthCompletionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["pre_auth_completion"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.PreAuthCompletionParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["pre_auth_cancellation"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.PreAuthCancellationParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["pre_auth_cancellation"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.PreAuthCancellationParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["payout"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.PayoutParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["payout"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.PayoutParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["add_beneficiary"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.AddBeneficiaryParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["add_beneficiary"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.AddBeneficiaryParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["update_beneficiary_status"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.UpdateBeneficiaryStatusParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["update_beneficiary_status"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.UpdateBeneficiaryStatusParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["link_account"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.LinkAccountParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["link_account"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.LinkAccountParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["link_card"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.LinkCardParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["link_card"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.LinkCardParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["purchase_with_token"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.PurchaseWithTokenParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["purchase_with_token"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.PurchaseWithTokenParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["renew_token"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.RenewTokenParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["renew_token"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.RenewTokenParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["get_token_details"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.GetTokenDetailsParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["get_token_details"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.GetTokenDetailsParams]) -> operations.RequestToSend: ...
        @overload
        def sign(self, operation: Literal["remove_token"], *, request_time: Optional[str] = None, output: None = None,
                 **params: Unpack[operations.RemoveTokenParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["remove_token"], *, request_time: Optional[str] = None, output: Literal["send"],
                 **params: Unpack[operations.RemoveTokenParams]) -> operations.RequestToSend: ...
        # generated overloads: end

    def sign(self, operation: str, *, request_time: Optional[str] = None, output: Optional[str] = None,
             **params: Any) -> Union[operations.SignedRequest, operations.RequestToSend]:
        """Signs one operation (a catalogue name such as "purchase" or
        "refund") and returns the request to send: method, url,
        content_type, fields in send order, body, hash, hash_input, ...

        request_time defaults to now (UTC, YYYYMMDDHHmmss). output="send"
        returns only what is sent (method, url, content_type, headers,
        fields with the hash last, body): less to decode, for a caller that
        sends the request at once. A float among the parameters, at any
        depth, raises PaySignError code "float_not_allowed" before anything
        is signed."""
        # The parameters first: a refused request never reaches the library
        # (nor loads it).
        body = dump(params, 2, "params")
        opened = self._opened
        if opened is None or opened.pid != _getpid():
            opened = self._open()
        prefix = opened.prefixes.get(operation) if type(operation) is str else None
        if prefix is None:
            prefix = self._prefix(opened, operation)
        # The request is one string: the handle's prefix (credentials,
        # environment, operation), the parameters, the request time, the output.
        if request_time is None:
            tail = ""
        elif isinstance(request_time, str):
            tail = f',"request_time":{quote(request_time)}'
        else:
            raise PaySignError("malformed_request", "paysign: request_time must be a str (UTC YYYYMMDDHHmmss), "
                                                    f"not {type(request_time).__name__}", "request_time")
        if output is not None:
            if not isinstance(output, str):
                raise PaySignError("malformed_request", f"paysign: output must be \"send\" or None, "
                                                        f"not {type(output).__name__}", "output")
            tail += f',"output":{quote(output)}'
        try:
            data = f"{prefix}{body}{tail}}}".encode("utf-8")
        except UnicodeEncodeError:
            raise _surrogate({"operation": operation, "request_time": request_time, "output": output,
                              "params": params}) from None
        # opened.pid is this process, so the library was loaded here: no
        # second fork check.
        result: Union[operations.SignedRequest, operations.RequestToSend] = call_value(opened.library, _SIGN, data)
        return result

    def verify(self, operation: str, fields: Fields, *, rsa_private_key: Optional[str] = None) -> Dict[str, Any]:
        """Checks received fields as PayWay would (hash, and merchant_auth
        when rsa_private_key is given) and returns what it decoded. Meant
        for test doubles of the gateway. Raises PaySignError (code "PTL02"
        for a wrong hash)."""
        credentials: Dict[str, Any]
        if rsa_private_key is None:
            opened = self._opened
            if opened is None or opened.pid != _getpid():
                opened = self._open()
            credentials = {"handle": opened.handle}
        else:  # the private key is not in the handle: this call carries it (and the API key)
            if self._closed:
                raise _closed_error()
            credentials = {"api_key": self._api_key, "rsa_private_key": rsa_private_key}
        from collections.abc import Mapping

        if isinstance(fields, Mapping):
            sent: Any = dict(fields)
        else:
            sent = [list(pair) for pair in fields]
        result: Dict[str, Any] = call("payway.verify", {"operation": operation, "credentials": credentials,
                                                         "fields": sent})
        return result

    @staticmethod
    def catalog() -> Dict[str, Any]:
        """Returns PayWay's operation catalogue as data: environments and,
        per operation, its URL path, fields, hash order and encodings."""
        result: Dict[str, Any] = call("payway.catalog", {})
        return result


def _closed_error() -> PaySignError:
    return PaySignError("closed", "paysign: this PayWay object is closed (close() or the end of its with block); "
                                  "make a new one")


def _surrogate(request: Dict[str, Any]) -> PaySignError:
    from ._codec import _find_surrogate

    path = _find_surrogate(request, [])
    return surrogate_error(".".join(path) if path else None)
