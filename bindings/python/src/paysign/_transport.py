"""Posting a PreparedRequest with urllib.request, as Go's paywayhttp.Client
does: TLS verified (ssl.create_default_context()), redirects never followed
(link_card answers 302: that answer is returned), at most 8 MiB of answer
read, one deadline for the whole attempt (connection, sending, the answer).

Failures are PaySignError, worded for what they mean to a payment:
- not_sent: nothing reached the server (no connection, DNS, TLS, the
  request not written in full): PayWay did not receive the request;
- timeout: no complete answer within the timeout after the request went
  out: whether PayWay processed it is unknown;
- transport_failed: the connection broke after the request went out, or
  the answer was too large: unknown as well.

Imported on the first send() only: urllib.request, http.client and ssl
cost about 20 ms to import.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from ._version import __version__
from .errors import PaySignError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, List, Optional, Tuple, Type

    from .responses import PreparedRequest

#: The largest answer read (Go's client reads as much; the hosted checkout page is the largest PayWay sends).
MAX_RESPONSE = 8 << 20

_CHUNK = 64 << 10
_USER_AGENT = f"paysign-python/{__version__}"
_context: Optional[ssl.SSLContext] = None


def _tls() -> ssl.SSLContext:
    """One default context for the process: loading the CA store costs milliseconds."""
    global _context
    if _context is None:
        _context = ssl.create_default_context()
    return _context


class _Attempt:
    """One attempt's deadline, and the socket its connection opened (kept:
    http.client lets go of it once the response owns it)."""

    __slots__ = ("deadline", "sock")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sock: Any = None

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("timed out")
        return left

    def bound(self, sock: Any) -> None:
        """Gives the socket what is left of the deadline for its next operation."""
        if sock is not None:
            sock.settimeout(self.left())


class _HTTPConnection(http.client.HTTPConnection):
    """A connection held to its attempt's deadline (connecting, and waiting
    for the answer); _HTTPSConnection inherits both methods."""

    attempt: _Attempt

    def connect(self) -> None:
        self.timeout = self.attempt.left()
        super().connect()
        self.attempt.sock = self.sock

    def getresponse(self) -> http.client.HTTPResponse:
        self.attempt.bound(self.sock)
        return super().getresponse()


class _HTTPSConnection(_HTTPConnection, http.client.HTTPSConnection):
    pass


def _connector(cls: Type[_HTTPConnection], attempt: _Attempt) -> Callable[..., _HTTPConnection]:
    """The connection factory urllib's do_open calls: a connection of cls
    held to attempt's deadline."""
    def connect(host: str, **kw: Any) -> _HTTPConnection:
        connection = cls(host, **kw)
        connection.attempt = attempt
        return connection
    return connect


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, attempt: _Attempt) -> None:
        super().__init__()
        self._connection = _connector(_HTTPConnection, attempt)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, attempt: _Attempt) -> None:
        super().__init__(context=_tls())
        self._connection = _connector(_HTTPSConnection, attempt)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=_tls())


class _EveryStatus(urllib.request.BaseHandler):
    """Hands every answer back as it is: no HTTPError, and so no redirect
    ever followed (urllib follows them from its error handlers)."""

    handler_order = 1000

    def http_response(self, request: urllib.request.Request, response: Any) -> Any:
        return response

    https_response = http_response


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    return host == "localhost" or host.endswith(".localhost") or host == "::1" or host.startswith("127.")


def _opener(url: str, attempt: _Attempt) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    parts = urlsplit(url)
    # The environment's proxies (http_proxy, https_proxy, no_proxy), as Go's
    # clients; never a proxy to a loopback host (paysign mock).
    proxies = urllib.request.ProxyHandler({} if is_loopback(parts.hostname or "") else None)
    handlers: List[urllib.request.BaseHandler] = [proxies, _HTTPHandler(attempt), _EveryStatus(),
                                                  urllib.request.UnknownHandler()]
    if parts.scheme == "https":  # loading the CA store costs: only when TLS is needed
        handlers.append(_HTTPSHandler(attempt))
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def _seconds(timeout: float) -> str:
    return f"{timeout:.3f}".rstrip("0").rstrip(".") + " s"


def _why(error: BaseException) -> str:
    """A short description of a socket or TLS error (never a request value)."""
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, socket.timeout):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return f"name resolution failed: {error.strerror or error}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed: {error.verify_message or error.reason}"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed: {error.reason or type(error).__name__}"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[:1].lower() + error.strerror[1:]
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def post(prepared: PreparedRequest, timeout: float, query: bool) -> Tuple[int, bytes, http.client.HTTPMessage]:
    """Sends prepared and returns the HTTP status, the raw answer and its
    headers."""
    operation = prepared.operation
    after = ("a query changes nothing, so sending it again is safe" if query else
             "whether PayWay processed it is unknown: confirm with check_transaction before sending it again")
    attempt = _Attempt(time.monotonic() + timeout)
    headers = dict(prepared.headers)
    headers.setdefault("User-Agent", _USER_AGENT)
    request = urllib.request.Request(prepared.url, data=prepared.body, headers=headers, method=prepared.method)
    try:
        response = _opener(prepared.url, attempt).open(request, timeout=timeout)
    except urllib.error.URLError as error:
        # urllib raises URLError for what fails before the request is
        # written in full (connecting, TLS, sending): PayWay cannot have
        # processed a request it did not receive whole.
        raise PaySignError("not_sent", f"paysign: payway {operation}: the request was not sent ({_why(error)}): "
                                       "PayWay did not receive it, so sending it again is safe") from None
    except socket.timeout:
        raise PaySignError("timeout", f"paysign: payway {operation}: no answer within {_seconds(timeout)}; "
                                      f"{after}") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise PaySignError("transport_failed", f"paysign: payway {operation}: the connection failed after the "
                                               f"request was sent ({_why(error)}); {after}") from None
    try:
        status = int(response.status)
        length = response.headers.get("Content-Length")
        if length is not None and length.strip().isdigit() and int(length) > MAX_RESPONSE:
            raise _TooLarge()
        chunks: List[bytes] = []
        size = 0
        while not response.isclosed():  # http.client closes it (and its socket) at the end of the answer
            attempt.bound(attempt.sock)
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_RESPONSE:
                raise _TooLarge()
            chunks.append(chunk)
    except _TooLarge:
        raise PaySignError("transport_failed", f"paysign: payway {operation}: HTTP {status}: the answer is larger "
                                               f"than {MAX_RESPONSE >> 20} MiB and was not read; {after}") from None
    except socket.timeout:
        raise PaySignError("timeout", f"paysign: payway {operation}: HTTP {status}: the answer did not arrive in "
                                      f"full within {_seconds(timeout)}; {after}") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise PaySignError("transport_failed", f"paysign: payway {operation}: HTTP {status}: the connection "
                                               f"failed while reading the answer ({_why(error)}); {after}") from None
    finally:
        response.close()
    return status, b"".join(chunks), response.headers


class _TooLarge(Exception):
    pass
