"""HTTP servers on 127.0.0.1 (a free port) for the sending tests, each in
a thread and stopped by stop() or a with block:

- Receiver: a merchant's pushback endpoint (POST /payway/pushback) that
  records each pushback and, given a PayWay, does what a handler must:
  verify_callback, then confirm with check_transaction. Any other path
  gets the next canned answer (answer_next), else a 404 HTML page.
- raw_server: a socket server whose connections run a given function (an
  answer that never comes, a connection closed after the request).
"""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple

import paysign
from shop import BadBody, read_body

PUSHBACK_PATH = "/payway/pushback"


class Receiver:
    def __init__(self, payway: Optional[paysign.PayWay] = None, tls: Optional[ssl.SSLContext] = None) -> None:
        self.payway = payway
        self.pushbacks: List[Dict[str, Any]] = []
        self.requests: List[Dict[str, Any]] = []
        self.answers: List[Tuple[int, str, bytes]] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                try:  # bounded whatever Content-Length says, as the shipped example handler reads it
                    body = read_body(self.headers.get("Content-Length"), self.rfile.read)
                except BadBody as bad:
                    self._answer(int(bad.status.split()[0]), "text/plain", bad.reason.encode())
                    return
                if self.path.split("?")[0] == PUSHBACK_PATH:
                    status, text = receiver._pushback(body, self.headers)
                    self._answer(status, "text/plain", text.encode())
                    return
                with receiver._lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body})
                    canned = receiver.answers.pop(0) if receiver.answers else None
                if canned is None:
                    self._answer(404, "text/html", b"<html><body><h1>404 Not Found</h1></body></html>")
                else:
                    self._answer(*canned)

            def _answer(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client stopped reading (an answer over 8 MiB)
                    pass
                self.close_connection = True

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:  # the handshake runs in the handler's thread, so a failed one stops nothing
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True, do_handshake_on_connect=False)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.server.server_address[1]}"
        self.pushback_url = self.url + PUSHBACK_PATH
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def _pushback(self, body: bytes, headers: Any) -> Tuple[int, str]:
        """What a merchant's handler does with a pushback."""
        record: Dict[str, Any] = {"body": body, "signature": paysign.callback_signature(headers),
                                  "content_type": headers.get("Content-Type", ""), "verified": None, "confirmed": None}
        status, text = 200, "OK"
        if self.payway is not None:
            try:
                callback = self.payway.verify_callback(body, record["signature"])
                record["verified"] = callback.tran_id
                answer = self.payway.send("check_transaction", tran_id=callback.tran_id)
                record["confirmed"] = answer.payment_status.status if answer.payment_status else ""
            except paysign.PaySignError as error:  # PayWayError too
                record["verified"] = record["verified"] or False
                record["error"] = error.code
                status, text = 401, f"invalid pushback: {error.code}"
        with self._lock:
            self.pushbacks.append(record)
        return status, text

    def answer_next(self, status: int, content_type: str, body: bytes) -> None:
        """The next request other than a pushback gets this answer."""
        with self._lock:
            self.answers.append((status, content_type, body))

    def pushbacks_for(self, tran_id: str) -> List[Dict[str, Any]]:
        with self._lock:
            return [p for p in self.pushbacks if f'"{tran_id}"'.encode() in p["body"]]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(10)

    def __enter__(self) -> Receiver:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class RawServer:
    """A TCP server on 127.0.0.1 whose every connection runs serve(conn)."""

    def __init__(self, serve: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._serve = serve
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        try:
            self._serve(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self._stopped = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self._thread.join(10)

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def read_request(conn: socket.socket) -> bytes:
    """Reads one HTTP request (headers and a Content-Length body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def free_port_url() -> str:
    """The URL of a 127.0.0.1 port nothing listens on (bound, then closed)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"
