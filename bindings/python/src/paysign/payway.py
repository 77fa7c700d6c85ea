"""ABA PayWay, the idiomatic way: sign, send, decode, check pushbacks."""

from __future__ import annotations

import _thread
import os

from ._call import call, call_value
from ._codec import dump, quote, surrogate_error_in
from ._generated import QUERY_OPERATIONS, PayWayTyped
from ._library import _Loaded, call_bytes, forked_error, loaded_here
from .errors import PaySignError, PayWayError
from .responses import CALLBACK_HEADER, PreparedRequest, VerifiedCallback, call_decimal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:  # the typed signatures cost nothing at run time
    from collections.abc import Mapping, Sequence
    from types import TracebackType
    from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Type, Union

    from . import operations
    from .responses import PayWayResponse

    Fields = Union[Mapping[str, str], Sequence[Sequence[str]]]

__all__ = ["PayWay"]

_SIGN = b"payway.sign"
_CLOSE = b"paysign.close_credentials"
_OPEN = b"paysign.open_credentials"
_VERIFY_CALLBACK = b"payway.verify_callback"
_SIGN_CALLBACK = b"payway.sign_callback"

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


class _Secret(bytes):
    """Request bytes that hold a credential: repr() (a debugger, a
    traceback's captured locals, a log of arguments) never shows them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} bytes holding credentials, not shown>"

    __str__ = __repr__


def _credentials_request(payway: Any) -> Optional[_Secret]:
    """The paysign.open_credentials request of a PayWay, or None when a
    credential has no UTF-8 form (the UnicodeEncodeError, which would hold
    the text, ends here)."""
    try:
        return _Secret(('{"credentials":{"merchant_id":%s,"api_key":%s%s}}' % (
            quote(payway._merchant_id), quote(payway._api_key),
            "" if payway._rsa_public_key is None else ',"rsa_public_key":' + quote(payway._rsa_public_key),
        )).encode("utf-8"))
    except UnicodeEncodeError:
        return None


def _number(value: Any, name: str, low: float, high: float, low_included: bool, default: str) -> float:
    """A number of seconds for an option, checked."""
    if type(value) not in (int, float) or not (value >= low if low_included else value > low) or value > high:
        bound = f"from {low:g}" if low_included else f"above {low:g}"
        raise PaySignError("malformed_request", f"paysign: {name} is a number of seconds {bound} to {high:g} "
                                                f"(default {default}), not {_shown(value)}", name)
    return float(value)


def _retries(value: Any, name: str = "query_retries") -> int:
    if type(value) is not int or not 0 <= value <= 10:
        raise PaySignError("malformed_request", f"paysign: {name} is an int from 0 to 10 (default 2), "
                                                f"not {_shown(value)}", name)
    return value


def _shown(value: Any) -> str:
    """An option's value in a message: numbers as they are, else only the type."""
    return repr(value) if type(value) in (int, float) else type(value).__name__


class _Opened:
    """An open credentials handle: the process that opened it, its number,
    the finalizer that closes it, and the request text that stands for it
    (with the environment) in front of each operation's parameters."""

    __slots__ = ("pid", "handle", "finalizer", "base", "prefixes", "library")

    def __init__(self, pid: int, handle: int, finalizer: Callable[[], Any], base: str, library: _Loaded) -> None:
        self.pid, self.handle, self.finalizer, self.base, self.library = pid, handle, finalizer, base, library
        self.prefixes: Dict[str, str] = {}


class PayWay(PayWayTyped):
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

    #: The header PayWay signs its pushbacks with.
    CALLBACK_HEADER = CALLBACK_HEADER

    def __init__(self, merchant_id: str, api_key: str, rsa_public_key: Optional[str] = None,
                 environment: str = "sandbox", *, base_url: Optional[str] = None, timeout: float = 30.0,
                 query_retries: int = 2, retry_backoff: float = 0.5) -> None:
        self._api_key = api_key
        del api_key  # no frame of a failing check below holds the key as a local
        self._merchant_id = merchant_id
        self._environment = environment
        self._rsa_public_key = rsa_public_key
        self._opened: Optional[_Opened] = None
        self._closed = False
        if base_url is not None and not isinstance(base_url, str):
            raise PaySignError("malformed_request", "paysign: base_url is a str such as \"http://127.0.0.1:4010\" "
                                                    f"(or None), not {type(base_url).__name__}", "base_url")
        self._base_url = base_url
        self._timeout = _number(timeout, "timeout", 0, 86400, False, "30")
        self._query_retries = _retries(query_retries)
        self._retry_backoff = _number(retry_backoff, "retry_backoff", 0, 60, True, "0.5")

    @property
    def merchant_id(self) -> str:
        """The merchant these credentials belong to."""
        return self._merchant_id

    @property
    def environment(self) -> str:
        """"sandbox" or "production"."""
        return self._environment

    @property
    def base_url(self) -> Optional[str]:
        """The host that replaces the environment's (paysign mock's URL), or None."""
        return self._base_url

    @property
    def timeout(self) -> float:
        """send(): the seconds each attempt may take, connection included."""
        return self._timeout

    @property
    def query_retries(self) -> int:
        """send(): how many times a query is repeated after a retryable answer."""
        return self._query_retries

    @property
    def retry_backoff(self) -> float:
        """send(): the seconds before the first repeat of a query, doubled for each next one."""
        return self._retry_backoff

    def __repr__(self) -> str:
        where = f", base_url={self._base_url!r}" if self._base_url is not None else ""
        state = ", closed=True" if self._closed else ""
        return f"PayWay(merchant_id={self._merchant_id!r}, environment={self._environment!r}{where}{state})"

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
            base_url = ""
            if self._base_url is not None:
                base_url = f',"base_url":{quote(self._base_url)}'  # a str: checked when made
            handle = self._open_handle()
            import weakref

            pid = os.getpid()
            finalizer = weakref.finalize(self, _close_handle, handle, pid)
            finalizer.atexit = False  # at exit the process ends, and the handles with it
            base = '{"credentials":{"handle":%d},"environment":%s%s,"operation":' % (handle, environment, base_url)
            opened = self._opened = _Opened(pid, handle, finalizer, base, loaded_here())
            return opened

    def _open_handle(self) -> int:
        """paysign.open_credentials with this object's credentials. No
        local of this frame or of any frame a failure goes through holds
        the API key in a form repr() shows (a traceback's captured locals,
        a debugger): the request is made in one expression and is _Secret."""
        for name in ("merchant_id", "api_key", "rsa_public_key"):
            kind = type(getattr(self, "_" + name))
            if kind is not str and not (name == "rsa_public_key" and kind is type(None)):
                raise PaySignError("float_not_allowed" if kind is float else "malformed_request",
                                   f"paysign: {name} must be a str, not {kind.__name__}", f"credentials.{name}")
        request = _credentials_request(self)
        if request is None:
            raise PaySignError("malformed_request", "paysign: a credential holds a lone surrogate (U+D800 to U+DFFF), "
                                                    "which has no UTF-8 form", "credentials")
        return int(call_value(loaded_here(), _OPEN, request)["handle"])

    def _prefix(self, opened: _Opened, operation: Any) -> str:
        if not isinstance(operation, str):
            raise PaySignError("malformed_request", f"paysign: operation must be a str such as \"refund\", "
                                                    f"not {type(operation).__name__}", "operation")
        prefix = opened.base + quote(operation) + ',"params":'
        if len(opened.prefixes) < _MAX_PREFIXES:
            opened.prefixes[operation] = prefix
        return prefix

    def _sign_any(self, operation: str, *, request_time: Optional[str] = None, output: Optional[str] = None,
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
            raise surrogate_error_in({"operation": operation, "request_time": request_time, "output": output,
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
    def is_query(operation: str) -> bool:
        """Whether operation only reads (the catalogue's "query" flag:
        check_transaction, transaction_detail, ...), so that repeating it
        is always safe. send() repeats only these."""
        return operation in QUERY_OPERATIONS

    def _send_any(self, operation: str, *, request_time: Optional[str] = None, timeout: Optional[float] = None,
             query_retries: Optional[int] = None, retry_backoff: Optional[float] = None,
             **params: Any) -> PayWayResponse:
        """Signs one operation, posts it to PayWay (or to base_url) and
        decodes the answer (payway.decode_response).

        The body is what the endpoint takes, exactly as the signed request
        says: multipart/form-data built from the signed fields in order
        (purchase, subscription, create_payment_link), the signed form
        (link_card) or the signed JSON. TLS is verified; redirects are
        never followed (link_card answers 302: that answer is returned, its
        target in location); at most 8 MiB of answer is read.

        Returns the decoded answer when PayWay accepted the request (ok,
        code "00", ..., payment_status for check_transaction). Raises
        PayWayError when PayWay refused it (its code, meaning, category,
        http_status, retryable, response), and PaySignError for the
        signing's codes (PTL04, PTL05, float_not_allowed, ...), not_sent
        (PayWay did not receive the request: sending it again is safe),
        timeout and transport_failed (whether PayWay processed it is
        unknown: confirm with check_transaction), body_malformed (an answer
        that is not JSON with a 4xx status), closed and forked.

        Nothing that moves money is sent twice: only queries (is_query) are
        repeated, signed anew, after an answer whose retryable is true (a
        rate limit, PTL168, a 5xx), up to query_retries times, after pauses
        of retry_backoff seconds doubling each time. timeout (seconds for
        each attempt, connection included), query_retries and retry_backoff
        default to the object's."""
        seconds = self._timeout if timeout is None else _number(timeout, "timeout", 0, 86400, False, "30")
        retries = self._query_retries if query_retries is None else _retries(query_retries)
        backoff = self._retry_backoff if retry_backoff is None else _number(
            retry_backoff, "retry_backoff", 0, 60, True, "0.5")
        query = isinstance(operation, str) and self.is_query(operation)
        from ._transport import post

        attempt = 0
        while True:
            prepared = self._prepare(operation, params, request_time)
            status, answer, headers = post(prepared, seconds, query)
            try:
                response = prepared.decode(status, answer, headers)
            except PaySignError as error:
                if error.code != "request_too_large":
                    raise
                # Read, but too large to decode: as unknown an outcome as a broken connection.
                raise PaySignError("transport_failed", f"{error.message}: whether PayWay processed the request "
                                                       "is unknown", error.field) from None
            if response.ok:
                return response
            if not (query and response.retryable and attempt < retries):
                raise PayWayError(response)
            import time

            time.sleep(backoff * (2 ** attempt))
            attempt += 1

    def _prepare_any(self, operation: str, *, request_time: Optional[str] = None, **params: Any) -> PreparedRequest:
        """Signs one operation and returns it ready for another HTTP client
        (requests, httpx, aiohttp, ...): method, url, headers and body as
        bytes, built exactly as send() builds them (multipart/form-data for
        purchase, subscription and create_payment_link). Send it without
        following redirects and decode the answer with its decode() (or
        paysign.decode_response). A query may be sent again after a
        retryable answer, signed anew by another prepare(); nothing else."""
        return self._prepare(operation, params, request_time)

    def _prepare(self, operation: Any, params: Dict[str, Any], request_time: Any) -> PreparedRequest:
        # sign() is the one hot path; a retried query is signed anew through it.
        return prepared_of(self._sign_any(operation, request_time=request_time, output="send", **params))

    def verify_callback(self, body: Union[bytes, bytearray, str], signature: Optional[str]) -> VerifiedCallback:
        """Checks the X-PayWay-HMAC-SHA512 header of a pushback PayWay sent
        to your return_url or callback_url (payway.verify_callback:
        PayWay's documented PHP check, with this object's API key).

            callback = payway.verify_callback(raw_body, paysign.callback_signature(headers))
            paid = payway.send("check_transaction", tran_id=callback.tran_id).payment_status

        body is the raw body exactly as received; signature the header's
        value (None or "": missing). Returns the verified callback (tran_id,
        status, apv, return_params, merchant_ref as text, values: the body).
        Raises PaySignError signature_missing, signature_malformed,
        body_malformed or signature_mismatch (answer 401 then); closed,
        forked.

        A valid header is evidence, not proof of payment (PayWay documents
        no replay protection): confirm with check_transaction before
        fulfilling, and fulfil once."""
        text = _callback_body(body)
        if signature is None:
            signature = ""
        elif not isinstance(signature, str):
            if isinstance(signature, (bytes, bytearray)):
                try:
                    signature = bytes(signature).decode("ascii")
                except UnicodeDecodeError:
                    raise PaySignError("signature_malformed", f"paysign: the {CALLBACK_HEADER} header is not base64 "
                                                              "text", "signature") from None
            else:
                raise PaySignError("malformed_request", f"paysign: signature is the {CALLBACK_HEADER} header as a "
                                                        f"str (or None), not {type(signature).__name__}", "signature")
        try:
            quoted = quote(signature)
            request = f"{self._handle_prefix()},\"body\":{quote(text)},\"signature\":{quoted}}}".encode("utf-8")
        except UnicodeEncodeError:
            raise PaySignError("signature_malformed", f"paysign: the {CALLBACK_HEADER} header is not base64 text",
                               "signature") from None
        result = call_decimal(_VERIFY_CALLBACK, request)
        return VerifiedCallback(result, _decimal_values(text))

    def sign_callback(self, body: Union[bytes, bytearray, str]) -> str:
        """The X-PayWay-HMAC-SHA512 value PayWay would send with a pushback
        of body (payway.sign_callback), to test your own callback handler:
        POST body to it with that header. Raises PaySignError
        body_malformed (not a JSON object); closed, forked."""
        text = _callback_body(body)
        request = f"{self._handle_prefix()},\"body\":{quote(text)}}}".encode("utf-8")
        signature = call_value(loaded_here(), _SIGN_CALLBACK, request).get("signature")
        if not isinstance(signature, str):
            raise PaySignError("internal", "paysign: payway.sign_callback returned no signature")
        return signature

    def _handle_prefix(self) -> str:
        """'{"credentials":{"handle":N}' for the ops that take only credentials."""
        opened = self._opened
        if opened is None or opened.pid != _getpid():
            opened = self._open()
        return '{"credentials":{"handle":%d}' % opened.handle

    @staticmethod
    def catalog() -> Dict[str, Any]:
        """Returns PayWay's operation catalogue as data: environments and,
        per operation, its URL path, fields, hash order and encodings."""
        result: Dict[str, Any] = call("payway.catalog", {})
        return result

    if not TYPE_CHECKING:
        # The public names of the three: type checkers see PayWayTyped's
        # (generated: one overload per operation); the bodies above are
        # checked under these names.
        sign, send, prepare = _sign_any, _send_any, _prepare_any


def _closed_error() -> PaySignError:
    return PaySignError("closed", "paysign: this PayWay object is closed (close() or the end of its with block); "
                                  "make a new one")


def _callback_body(body: Any) -> str:
    """A pushback body as text: bytes must be UTF-8 (PayWay sends JSON)."""
    if isinstance(body, str):
        return body
    if isinstance(body, (bytes, bytearray, memoryview)):
        try:
            return bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            raise PaySignError("body_malformed", "paysign: the pushback body is not UTF-8 text, so not the JSON "
                                                 "PayWay sends", "body") from None
    raise PaySignError("malformed_request", f"paysign: body is the raw pushback body as bytes or str, "
                                            f"not {type(body).__name__}", "body")


def _decimal_values(text: str) -> Dict[str, Any]:
    from .responses import decimal_scanner

    try:
        values = decimal_scanner()(text.lstrip(" \t\r\n"), 0)[0]
    except (ValueError, StopIteration):  # pragma: no cover - the core verified it is a JSON object
        return {}
    return values if isinstance(values, dict) else {}


def prepared_of(signed: Mapping[str, Any]) -> PreparedRequest:
    """The request to send for a payway.sign value with "output": "send"."""
    fields = [(str(name), str(value)) for name, value in signed["fields"]]
    if signed["content_type"] == "multipart/form-data":
        body, content_type = multipart(fields)
        headers = {"Content-Type": content_type}
    else:
        body = str(signed.get("body", "")).encode("utf-8")
        headers = dict(signed.get("headers") or {"Content-Type": signed["content_type"]})
    headers["Accept"] = "application/json"
    return PreparedRequest(operation=signed["operation"], method=signed["method"], url=signed["url"],
                           headers=headers, body=body, fields=fields)


def multipart(fields: Sequence[Tuple[str, str]]) -> Tuple[bytes, str]:
    """A multipart/form-data body of the fields in order, as Go's
    multipart.Writer writes it; returns it and its Content-Type."""
    encoded = [(name.replace("\\", "\\\\").replace('"', '\\"').encode("utf-8"), value.encode("utf-8"))
               for name, value in fields]
    while True:
        boundary = os.urandom(30).hex().encode("ascii")
        if not any(boundary in value for _, value in encoded):
            break
    parts = [b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value)
             for name, value in encoded]
    parts.append(b"--%s--\r\n" % boundary)
    return b"".join(parts), "multipart/form-data; boundary=" + boundary.decode("ascii")
