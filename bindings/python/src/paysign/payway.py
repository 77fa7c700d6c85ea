"""ABA PayWay, the idiomatic way: sign, send, decode, check pushbacks."""

from __future__ import annotations

import _thread
import os

from ._call import call, call_value
from ._codec import dump, quote, surrogate_error_in
from ._generated import QUERY_OPERATIONS, PayWayTyped
from ._library import _Loaded, call_bytes, forked_error, loaded_here
from .errors import PaySignError, PayWayError, PayWayResponse
from .responses import CALLBACK_HEADER, PreparedRequest, VerifiedCallback, call_exact

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:  # the typed signatures cost nothing at run time
    from collections.abc import Mapping, Sequence
    from types import TracebackType
    from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Type, Union

    from . import operations
    from ._transport import Connections

    Fields = Union[Mapping[str, str], Sequence[Sequence[str]]]

__all__ = ["PayWay"]

_SIGN = b"payway.sign"
_CLOSE = b"paysign.close_credentials"
_OPEN = b"paysign.open_credentials"
_VERIFY_CALLBACK = b"payway.verify_callback"
_SIGN_CALLBACK = b"payway.sign_callback"
_SEND_STEP = b"payway.send_step"

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

    def __reduce__(self) -> Any:
        raise TypeError("paysign: request bytes holding credentials are not picklable")


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


# The send() options: seconds in Python, milliseconds in the core's policy
# (payway.sign's "policy"), which checks their ranges and fills in what is
# not given (docs/envelope.md, payway.send_step).
_OPTIONS = {"timeout": "timeout_ms", "query_retries": "query_retries", "retry_backoff": "retry_backoff_ms"}


def _seconds(value: Any, name: str) -> Optional[float]:
    """A number of seconds for an option (None: the core's default), checked
    enough to be converted: a finite int or float; timeout above 0."""
    if value is None:
        return None
    if type(value) not in (int, float) or value != value or value in (float("inf"), float("-inf")) \
            or value < 0 or (name == "timeout" and value == 0):
        bound = "above 0" if name == "timeout" else "from 0"
        raise PaySignError("malformed_request", f"paysign: {name} is a number of seconds {bound} (or None: "
                                                f"the default), not {_shown(value)}", name)
    return float(value)


def _retries(value: Any) -> Optional[int]:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise PaySignError("malformed_request", "paysign: query_retries is an int from 0 (or None: the default), "
                                                f"not {_shown(value)}", "query_retries")
    return value


def _policy(timeout: Optional[float], query_retries: Optional[int], retry_backoff: Optional[float]) -> str:
    """The members of payway.sign's "policy" that were given, as JSON."""
    members = []
    if timeout is not None:  # at least 1 ms: 0 would mean no deadline at all
        members.append(f'"timeout_ms":{max(1, round(timeout * 1000))}')
    if query_retries is not None:
        members.append(f'"query_retries":{query_retries}')
    if retry_backoff is not None:
        members.append(f'"retry_backoff_ms":{round(retry_backoff * 1000)}')
    return "{" + ",".join(members) + "}"


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
    "forked". One object may be shared by any number of threads; send()
    keeps its connections on it (close() closes them). The object holds
    the API key, so its repr() does not show it and it refuses pickle and
    copy.
    """

    #: The header PayWay signs its pushbacks with.
    CALLBACK_HEADER = CALLBACK_HEADER

    def __init__(self, merchant_id: str, api_key: str, rsa_public_key: Optional[str] = None,
                 environment: str = "sandbox", *, base_url: Optional[str] = None, timeout: Optional[float] = None,
                 query_retries: Optional[int] = None, retry_backoff: Optional[float] = None) -> None:
        self._api_key = api_key
        del api_key  # no frame of a failing check below holds the key as a local
        self._merchant_id = merchant_id
        self._environment = environment
        self._rsa_public_key = rsa_public_key
        self._opened: Optional[_Opened] = None
        self._closed = False
        self._connections: Optional[Connections] = None
        if base_url is not None and not isinstance(base_url, str):
            raise PaySignError("malformed_request", "paysign: base_url is a str such as \"http://127.0.0.1:4010\" "
                                                    f"(or None), not {type(base_url).__name__}", "base_url")
        self._base_url = base_url
        self._timeout = _seconds(timeout, "timeout")
        self._query_retries = _retries(query_retries)
        self._retry_backoff = _seconds(retry_backoff, "retry_backoff")

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, **options: Any) -> PayWay:
        """A PayWay with the credentials the command line reads
        (environ: default os.environ):

        - PAYWAY_MERCHANT_ID and PAYWAY_API_KEY (required);
        - PAYWAY_RSA_PUBLIC_KEY (PayWay's RSA public key, PEM; "\\n"
          escapes are fine) or PAYWAY_RSA_PUBLIC_KEY_FILE (the path of a
          PEM file), not both; needed by the operations with an encrypted
          field (refund, payout, ...);
        - PAYWAY_BASE_URL (optional: paysign mock's URL, for example) and
          PAYWAY_ENVIRONMENT (optional: "sandbox", the default, or
          "production").

        options are the other PayWay arguments (timeout=, query_retries=,
        retry_backoff=). An empty variable counts as unset. Raises
        PaySignError naming the variable, never its value: PTL04 for a
        missing one, malformed_request for both key variables or a key
        file that cannot be read."""
        env = os.environ if environ is None else environ

        def get(name: str) -> Optional[str]:
            value = env.get(name)
            return value if value else None

        for name, field in (("PAYWAY_MERCHANT_ID", "merchant_id"), ("PAYWAY_API_KEY", "api_key")):
            if get(name) is None:
                raise PaySignError("PTL04", f"paysign: {name} is not set: PayWay.from_env() needs the merchant's "
                                            f"{field}", f"credentials.{field}")
        key, key_file = get("PAYWAY_RSA_PUBLIC_KEY"), get("PAYWAY_RSA_PUBLIC_KEY_FILE")
        if key is not None and key_file is not None:
            raise PaySignError("malformed_request", "paysign: both PAYWAY_RSA_PUBLIC_KEY and "
                                                    "PAYWAY_RSA_PUBLIC_KEY_FILE are set: set one",
                               "credentials.rsa_public_key")
        if key_file is not None:
            try:
                with open(key_file, encoding="utf-8") as file:
                    key = file.read()
            except (OSError, UnicodeDecodeError) as error:
                why = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8 text"
                raise PaySignError("malformed_request", f"paysign: the file PAYWAY_RSA_PUBLIC_KEY_FILE names cannot "
                                                        f"be read ({why})", "credentials.rsa_public_key") from None
        return cls(str(get("PAYWAY_MERCHANT_ID")), str(get("PAYWAY_API_KEY")), key,
                   get("PAYWAY_ENVIRONMENT") or "sandbox", base_url=get("PAYWAY_BASE_URL"), **options)

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
    def timeout(self) -> Optional[float]:
        """send(): the seconds each attempt may take, connecting, sending
        and the whole answer; None: the core's default (30 s)."""
        return self._timeout

    @property
    def query_retries(self) -> Optional[int]:
        """send(): how many times a query is sent again after a failed
        attempt or a retryable answer; None: the core's default (2)."""
        return self._query_retries

    @property
    def retry_backoff(self) -> Optional[float]:
        """send(): the seconds before the first repeat of a query, doubled
        for each next one; None: the core's default (0.5 s)."""
        return self._retry_backoff

    def __repr__(self) -> str:
        where = f", base_url={self._base_url!r}" if self._base_url is not None else ""
        state = ", closed=True" if self._closed else ""
        return f"PayWay(merchant_id={self._merchant_id!r}, environment={self._environment!r}{where}{state})"

    def __reduce__(self) -> Any:
        raise TypeError("paysign: a PayWay object holds the merchant's API key and is not picklable (nor copyable): "
                        "make one in each process, for example with PayWay.from_env()")

    def __getstate__(self) -> Any:
        return self.__reduce__()

    def __enter__(self) -> PayWay:
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        """Closes the credentials handle (the library forgets the keys) and
        the kept connections. Using the object afterwards raises
        PaySignError code "closed";
        closing again does nothing. A sign() running in another thread at
        that moment may fail with code "unknown_handle"."""
        with _open_lock:
            opened, self._opened, self._closed = self._opened, None, True
            connections, self._connections = self._connections, None
        if opened is not None:
            opened.finalizer()  # runs _close_handle once, at most
        if connections is not None:
            connections.close()

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
        returns only what is sent (method, url, content_type, headers with
        the multipart boundary, fields with the hash last, body: the exact
        bytes, multipart included) and the send policy (timeout_ms,
        query_retries, retry_backoff_ms, attempts, max_answer_bytes): less
        to decode, for a caller that sends the request at once. A float
        among the parameters, at any
        depth, raises PaySignError code "float_not_allowed" before anything
        is signed."""
        result: Union[operations.SignedRequest, operations.RequestToSend] = self._sign(
            operation, params, request_time, output, None)
        return result

    def _sign(self, operation: Any, params: Dict[str, Any], request_time: Any, output: Any,
              policy: Optional[str]) -> Any:
        """payway.sign's value; policy is the JSON of its "policy" member (send())."""
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
        if policy is not None:
            tail += f',"policy":{policy}'
        try:
            data = f"{prefix}{body}{tail}}}".encode("utf-8")
        except UnicodeEncodeError:
            raise surrogate_error_in({"operation": operation, "request_time": request_time, "output": output,
                                      "params": params}) from None
        # opened.pid is this process, so the library was loaded here: no
        # second fork check.
        return call_value(opened.library, _SIGN, data)

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
        """Signs one operation, sends it to PayWay (or to base_url) and
        returns PayWay's answer when PayWay accepted it.

        The core decides (payway.send_step, the loop every runtime runs):
        the bytes sent (payway.sign's method, url, headers and body,
        multipart included), what is success, what is sent again, what an
        error is called. This method writes those bytes on a kept
        connection, reads the answer within one deadline per attempt and
        reports what happened. TLS is verified; redirects are never
        followed (link_card's 302 is its answer, its target in location).

        Returns the decoded answer for PayWay's documented success only (ok,
        code "00", ..., payment_status for check_transaction; purchase's
        checkout page; link_card's redirect). Raises:

        - PayWayError: PayWay refused the request (code, meaning, category,
          http_status, retryable, response);
        - PaySignError with next (see PaySignError): "not_sent" (send_again:
          PayWay did not receive it), "timeout" (confirm_first; a query:
          send_again), "outcome_unknown" (confirm_first: the connection
          broke after sending, or the answer is not PayWay's verdict: an
          empty body, HTML, a 204, an undocumented redirect, a gateway
          error; response holds that answer), "transport_failed" (a query,
          after its last attempt: send_again);
        - PaySignError without next: not signed (PTL04, PTL05,
          float_not_allowed, ...), closed, forked.

        Nothing that moves money or changes state is sent twice: only
        queries (check_transaction, ...) are sent again, up to
        query_retries times, after pauses of retry_backoff seconds doubling
        each time; any request is sent again, at once, only when its kept
        connection turned out closed before it was written. timeout
        (seconds per attempt), query_retries and retry_backoff default to
        the object's, else to the core's (30 s, 2, 0.5 s)."""
        policy = _policy(self._timeout if timeout is None else _seconds(timeout, "timeout"),
                         self._query_retries if query_retries is None else _retries(query_retries),
                         self._retry_backoff if retry_backoff is None else _seconds(retry_backoff, "retry_backoff"))
        try:
            signed = self._sign(operation, params, request_time, "send", policy)
        except PaySignError as error:
            if error.field is None or not error.field.startswith("policy."):
                raise
            name = next(name for name, member in _OPTIONS.items() if error.field == "policy." + member)
            raise PaySignError(error.code, f"paysign: {name} is out of range ({error.message})", name) from None
        connections = self._connections
        if connections is None:
            from ._transport import Connections

            with _open_lock:
                if self._closed:
                    raise _closed_error()
                connections = self._connections = self._connections or Connections()
        return _send(connections, signed)

    def _prepare_any(self, operation: str, *, request_time: Optional[str] = None, **params: Any) -> PreparedRequest:
        """Signs one operation and returns it ready for another HTTP client
        (requests, httpx, aiohttp, ...): method, url, headers and body as
        bytes, the exact bytes send() writes (the core builds them,
        multipart/form-data with its boundary included). Send it without
        following redirects and decode the answer with its decode() (or
        paysign.decode_response): only ok is PayWay's documented success.
        A query may be sent again; an operation that moves money never
        without confirming first (check_transaction) that it was not done."""
        return prepared_of(self._sign(operation, params, request_time, "send", None))

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
        return VerifiedCallback(call_exact(_VERIFY_CALLBACK, request))

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
        # So that help() and Python's own argument errors say
        # "PayWay.sign() takes 2 positional arguments ...", not _sign_any.
        for _public, _function in (("sign", sign), ("send", send), ("prepare", prepare)):
            _function.__name__, _function.__qualname__ = _public, "PayWay." + _public
        del _public, _function


def _closed_error() -> PaySignError:
    return PaySignError("closed", "paysign: this PayWay object is closed (close() or the end of its with block); "
                                  "make a new one")


def _send(connections: Connections, signed: Dict[str, Any]) -> PayWayResponse:
    """The core's send loop (docs/envelope.md, payway.send_step): write
    signed, report the outcome, do what the core says."""
    operation = signed["operation"]
    policy = signed["policy"]
    body = signed["body"].encode("utf-8")
    # The step request without its outcome: the policy goes back as it came.
    head = f'{{"operation":{quote(operation)},"policy":{dump(policy, 2, "policy")},"attempt":'
    attempt, fresh = 1, False
    while True:
        outcome = connections.attempt(signed["method"], signed["url"], signed["headers"], body,
                                      policy["timeout_ms"], policy["max_answer_bytes"], fresh)
        step = call_exact(_SEND_STEP, f'{head}{attempt},"outcome":{dump(outcome, 2, "outcome")}}}'.encode("utf-8"))
        action = step["action"]
        if action == "retry":
            import time

            time.sleep(step["after_ms"] / 1000)
            attempt, fresh = attempt + 1, step["fresh_connection"] is True
            continue
        answer = step.get("response")
        response = None if answer is None else PayWayResponse.of(operation, answer)
        if action == "done" and response is not None:
            return response
        if action == "refused" and response is not None:
            raise PayWayError(response, step["message"])
        error = step.get("error") or {}
        raise PaySignError(str(error.get("code", "internal")), str(error.get("message", f"paysign: payway.send_step "
                                                                                         f"answered {action!r}")),
                           None, error.get("next"), response)


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


def prepared_of(signed: Mapping[str, Any]) -> PreparedRequest:
    """The request to send for a payway.sign value with "output": "send":
    the core's exact headers and body (multipart included)."""
    return PreparedRequest(operation=signed["operation"], method=signed["method"], url=signed["url"],
                           headers=dict(signed["headers"]), body=str(signed["body"]).encode("utf-8"),
                           fields=[(str(name), str(value)) for name, value in signed["fields"]])
