"""The I/O of PayWay.send(): one attempt of the core's send loop
(payway.send_step) over kept http.client connections.

The core decides everything about a send: the exact bytes (method, URL,
headers, body), what is success, what is retried and after how long, what
an error is called and what to do next. This module only does what the
core cannot: open or reuse a connection, write those bytes, read the
answer within one deadline, and say what happened as an outcome
(docs/envelope.md, payway.send_step):

- not_sent: no connection (refused, DNS, TLS), or the request not written
  in full; connection_reused when it was a kept connection, which the
  core then retries once on a new one;
- timed_out: the request went out and no complete answer came before the
  deadline;
- broken: the request went out and the connection failed before a
  complete answer;
- answered: the status, Content-Type, Location and body (or too_large).

The deadline covers connecting (TCP, TLS, a proxy's CONNECT), writing and
the whole answer: before every socket operation the socket's timeout is
set to the time left, so an answer that drips one byte a second ends at
the deadline. TLS is verified with ssl.create_default_context(); redirects
are never followed (http.client never does); the environment's proxies
(http_proxy, https_proxy, no_proxy) are used as urllib uses them, never
for a loopback host (paysign mock).

Connections are kept per PayWay object and (scheme, host, port, proxy):
a send takes an idle one, or opens one when there is none (another thread
is using it), and gives it back after a complete answer that leaves it
open; at most _MAX_IDLE wait per host. Before a kept connection is used it
is checked (a zero-timeout select, as urllib3 does): one the server closed
while it was idle is readable (end of file) and is replaced before
anything is written.

Imported on the first send() only: http.client and ssl cost about 15 ms
to import.
"""

from __future__ import annotations

import _thread
import binascii
import http.client
import io
import select
import socket
import ssl
import time
from urllib.parse import unquote, urlsplit

from ._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Dict, List, Optional, Tuple

    #: (scheme, host, port, proxy "host:port" or "")
    Key = Tuple[str, str, int, str]

_USER_AGENT = f"paysign-python/{__version__}"
_CHUNK = 64 << 10
#: Idle connections kept per host: as many as threads sending at once, up to this.
_MAX_IDLE = 4
_context: Optional[ssl.SSLContext] = None


def _tls() -> ssl.SSLContext:
    """One default context for the process: loading the CA store costs milliseconds."""
    global _context
    if _context is None:
        _context = ssl.create_default_context()
    return _context


class _Deadline:
    """The end of one attempt: connecting, sending and the whole answer."""

    __slots__ = ("end",)

    def __init__(self, timeout_ms: int) -> None:
        self.end = time.monotonic() + timeout_ms / 1000 if timeout_ms > 0 else None

    def left(self) -> Optional[float]:
        """The seconds left (None: no deadline); socket.timeout when none are."""
        if self.end is None:
            return None
        left = self.end - time.monotonic()
        if left <= 0:
            raise socket.timeout("timed out")
        return left


class _DeadlineReader(io.RawIOBase):
    """The socket file an HTTPResponse reads through, giving the socket what
    is left of the deadline before each receive: a status line, headers or
    body that trickle in end at the deadline, not a timeout per byte."""

    def __init__(self, raw: Any, sock: socket.socket, deadline: _Deadline) -> None:
        super().__init__()
        self._raw, self._sock, self._deadline = raw, sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> Optional[int]:
        self._sock.settimeout(self._deadline.left())
        count: Optional[int] = self._raw.readinto(buffer)
        return count

    def close(self) -> None:
        if not self.closed:
            self._raw.close()  # the SocketIO: releases its reference to the socket
        super().close()


class _Response(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, deadline: _Deadline, method: Optional[str]) -> None:
        super().__init__(sock, method=method)
        # Detached, not closed: closing the buffered file would close the SocketIO it wraps.
        self.fp = io.BufferedReader(_DeadlineReader(self.fp.detach(), sock, deadline))


class _HTTPConnection(http.client.HTTPConnection):
    """A connection whose every socket operation is held to its current
    deadline; _HTTPSConnection adds TLS (the handshake within the deadline too)."""

    def __init__(self, host: str, port: Optional[int]) -> None:
        super().__init__(host, port)
        self.deadline = _Deadline(0)
        self._create_connection = self._dial
        # http.client makes responses (and reads a proxy's CONNECT answer) with response_class.
        self.response_class = self._response  # type: ignore[assignment]

    def _dial(self, address: Tuple[str, int], timeout: Any = None, source_address: Any = None) -> socket.socket:
        sock = socket.create_connection(address, self.deadline.left(), source_address)
        sock.settimeout(self.deadline.left())  # for the TLS handshake and a proxy's CONNECT
        return sock

    def _response(self, sock: socket.socket, debuglevel: int = 0, method: Optional[str] = None,
                  url: Optional[str] = None) -> http.client.HTTPResponse:
        return _Response(sock, self.deadline, method)

    def send(self, data: Any) -> None:
        if self.sock is not None:
            self.sock.settimeout(self.deadline.left())
        super().send(data)


class _HTTPSConnection(_HTTPConnection, http.client.HTTPSConnection):
    def __init__(self, host: str, port: Optional[int]) -> None:
        http.client.HTTPSConnection.__init__(self, host, port, context=_tls())
        self.deadline = _Deadline(0)
        self._create_connection = self._dial
        self.response_class = self._response  # type: ignore[assignment]


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    return host == "localhost" or host.endswith(".localhost") or host == "::1" or host.startswith("127.")


def _proxy(scheme: str, host: str) -> Tuple[str, int, Optional[str]]:
    """The environment's proxy for scheme://host as (host, port, the
    Proxy-Authorization value or None); ("", 0, None) for none."""
    if is_loopback(host):
        return "", 0, None
    import urllib.request  # only when a proxy may apply: it costs ~20 ms to import

    url = urllib.request.getproxies().get(scheme)
    if not url or urllib.request.proxy_bypass(host):
        return "", 0, None
    parts = urlsplit(url if "://" in url else "http://" + url)
    authorization = None
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode("utf-8")
        authorization = "Basic " + binascii.b2a_base64(credentials, newline=False).decode("ascii")
    return parts.hostname or "", parts.port or 80, authorization


def _why(error: BaseException) -> str:
    """A short description of a socket, TLS or HTTP error, never request
    data (the core keeps 32 bytes of it for its message)."""
    if isinstance(error, socket.timeout):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "name resolution failed"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "TLS certificate verify failed"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed: {error.reason or type(error).__name__}"
    if isinstance(error, http.client.RemoteDisconnected):
        return "closed without an answer"
    if isinstance(error, http.client.IncompleteRead):
        return "the answer ended early"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[:1].lower() + error.strerror[1:]
    if isinstance(error, http.client.HTTPException):
        return "not an HTTP answer"
    return type(error).__name__


def _idle_and_open(connection: _HTTPConnection) -> bool:
    """Whether a kept connection is still open: an idle one has nothing to
    read, so a readable socket means the server closed it (or broke the
    protocol); either way it is not used again."""
    sock = connection.sock
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


class Connections:
    """The kept connections of one PayWay object (thread-safe)."""

    def __init__(self) -> None:
        self._lock = _thread.allocate_lock()
        self._idle: Dict[Key, List[_HTTPConnection]] = {}
        self._closed = False

    def close(self) -> None:
        """Closes every idle connection; those in use close when their send ends."""
        with self._lock:
            idle, self._idle, self._closed = self._idle, {}, True
        for connections in idle.values():
            for connection in connections:
                connection.close()

    def _take(self, key: Key) -> Optional[_HTTPConnection]:
        """An idle connection to key that is still open, or None."""
        while True:
            with self._lock:
                kept = self._idle.get(key)
                if not kept:
                    return None
                connection = kept.pop()
            if _idle_and_open(connection):
                return connection
            connection.close()  # closed by the server while idle: replaced before anything is written

    def _give_back(self, key: Key, connection: _HTTPConnection) -> None:
        with self._lock:
            kept = self._idle.setdefault(key, [])
            if not self._closed and len(kept) < _MAX_IDLE:
                kept.append(connection)
                return
        connection.close()

    def attempt(self, method: str, url: str, headers: Mapping[str, str], body: bytes, timeout_ms: int,
                max_answer: int, fresh: bool) -> Dict[str, Any]:
        """Sends the request once and returns the outcome for payway.send_step.
        fresh: a new connection, whatever is kept."""
        deadline = _Deadline(timeout_ms)
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname or ""
        port = parts.port or (443 if scheme == "https" else 80)
        proxy_host, proxy_port, authorization = _proxy(scheme, host)
        key: Key = (scheme, host, port, f"{proxy_host}:{proxy_port}" if proxy_host else "")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = dict(headers)
        request_headers.setdefault("User-Agent", _USER_AGENT)
        if proxy_host and scheme == "http":  # a plain request goes to the proxy whole
            target = url
            if authorization is not None:
                request_headers["Proxy-Authorization"] = authorization

        connection = None if fresh else self._take(key)
        reused = connection is not None
        if connection is None:
            if scheme == "https":
                connection = _HTTPSConnection(proxy_host or host, proxy_port or port)
            else:
                connection = _HTTPConnection(proxy_host or host, proxy_port or port)
            if proxy_host and scheme == "https":
                tunnel = {} if authorization is None else {"Proxy-Authorization": authorization}
                connection.set_tunnel(host, port, headers=tunnel)
        connection.deadline = deadline
        try:
            if not reused:
                connection.connect()
            connection.request(method, target, body=body, headers=request_headers)
        except (OSError, http.client.HTTPException, ValueError) as error:
            # Not connected, or the request not written in full: PayWay
            # cannot have processed a request it did not receive whole.
            connection.close()
            return {"sent": "not_sent", "connection_reused": reused, "detail": _why(error)}
        return self._answer(key, connection, reused, deadline, url, max_answer)

    def _answer(self, key: Key, connection: _HTTPConnection, reused: bool, deadline: _Deadline, url: str,
                max_answer: int) -> Dict[str, Any]:
        """Reads the answer (at most max_answer bytes of body) before the deadline."""
        keep = False
        try:
            response = connection.getresponse()
            outcome: Dict[str, Any] = {
                "sent": "answered", "connection_reused": reused, "http_status": response.status,
                "content_type": response.getheader("Content-Type", ""), "location": "",
            }
            location = response.getheader("Location")
            if location is not None:  # as it came: the core resolves it against the request's URL
                outcome["location"] = location
                outcome["url"] = url
            if response.length is not None and response.length > max_answer:
                outcome["too_large"] = True
                return outcome
            chunks: List[bytes] = []
            size = 0
            while True:
                chunk = response.read(min(_CHUNK, max_answer + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > max_answer:
                    outcome["too_large"] = True
                    return outcome
                chunks.append(chunk)
            outcome["body_base64"] = binascii.b2a_base64(b"".join(chunks), newline=False).decode("ascii")
            keep = not response.will_close and connection.sock is not None
            return outcome
        except socket.timeout:  # the core words it: "no complete answer within <timeout>"
            return {"sent": "timed_out", "connection_reused": reused}
        except (OSError, http.client.HTTPException, ValueError) as error:
            return {"sent": "broken", "connection_reused": reused, "detail": _why(error)}
        finally:
            if keep:
                self._give_back(key, connection)
            else:
                connection.close()
