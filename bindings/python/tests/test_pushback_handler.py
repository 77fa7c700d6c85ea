"""The pushback handlers of the README and of the tests bound the body
whatever Content-Length says (issue 17): docs/snippets/python/shop.py under
wsgiref, and tests/receiver.py under http.server. Before, Content-Length
"-1" read the body until the client closed the connection, and "abc"
answered 500 with a traceback. Each is driven over a raw socket, so the
header is exactly as given."""

from __future__ import annotations

import socket
import threading
from typing import Any, Callable, Iterator, List, Optional, Tuple
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from paysign import PayWay
from shop import MAX_BODY, BadBody, make_app, read_body
from receiver import PUSHBACK_PATH, Receiver, free_port_url

API_KEY = "TEST_ONLY_pushback_handler_key"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(params=["example", "receiver"])
def endpoint(request: pytest.FixtureRequest) -> Iterator[Tuple[str, int, List[Any]]]:
    """(host, port, what the handler recorded) of a running handler; its
    check_transaction goes nowhere (a closed port: not_sent at once)."""
    payway = PayWay(merchant_id="ec000002", api_key=API_KEY, base_url=free_port_url(), query_retries=0)
    if request.param == "example":
        received: List[Any] = []
        server: WSGIServer = make_server("127.0.0.1", 0, make_app(payway, received), handler_class=_Quiet)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        yield "127.0.0.1", server.server_port, received
        server.shutdown()
        server.server_close()
    else:
        with Receiver(payway) as receiver:
            yield "127.0.0.1", int(receiver.url.rsplit(":", 1)[1]), receiver.pushbacks


def post(host: str, port: int, length: Optional[str], body: bytes, close_write: bool = True) -> Tuple[int, bytes]:
    """POSTs body to the pushback path with the Content-Length header given
    as it is (None: none) and returns the status and the whole answer."""
    with socket.create_connection((host, port), timeout=10) as sock:
        head = f"POST {PUSHBACK_PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        if length is not None:
            head += f"Content-Length: {length}\r\n"
        sock.sendall(head.encode() + b"Connection: close\r\n\r\n" + body)
        if close_write:
            sock.shutdown(socket.SHUT_WR)
        answer = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


@pytest.mark.parametrize("length, body, status", [
    (None, b'{"tran_id":"T1"}', 400),  # absent
    ("-1", b'{"tran_id":"T1"}', 400),  # used to read until the client closed
    ("abc", b'{"tran_id":"T1"}', 400),  # used to answer 500 with a traceback
    ("1e3", b"{}", 400),
    ("+2", b"{}", 400),
    (str(MAX_BODY + 1), b"", 413),  # nothing read
    ("9" * 5000, b"", 413),  # more digits than int() takes
])
def test_a_body_whose_length_is_not_sane_is_not_read(endpoint: Tuple[str, int, List[Any]], length: Optional[str],
                                                      body: bytes, status: int,
                                                      capfd: pytest.CaptureFixture[str]) -> None:
    host, port, received = endpoint
    got, answer = post(host, port, length, body)
    assert got == status, answer
    assert b"Traceback" not in answer and received == []
    assert "Traceback" not in capfd.readouterr().err


def test_a_pushback_is_still_verified(endpoint: Tuple[str, int, List[Any]]) -> None:
    host, port, received = endpoint
    payway = PayWay(merchant_id="ec000002", api_key=API_KEY)
    body = b'{"tran_id":"T1","apv":"123456","status":"0","return_params":"","merchant_ref":""}'
    signature = payway.sign_callback(body)
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(f"POST {PUSHBACK_PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n"
                     f"X-PayWay-HMAC-SHA512: {signature}\r\nConnection: close\r\n\r\n".encode() + body)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1."), answer
    # verified, then not confirmed (check_transaction was not sent): recorded either way
    [record] = received
    assert "T1" in (record.get("tran_id"), record.get("verified"))
    assert "not_sent" in f"{record.get('confirmed')} {record.get('error')}"


def test_read_body_reads_at_most_max_body() -> None:
    asked: List[int] = []

    def read(n: int) -> bytes:
        asked.append(n)
        return b"x" * n

    assert read_body(str(MAX_BODY), read) == b"x" * MAX_BODY and asked == [MAX_BODY]
    assert read_body(" 2 ", read) == b"xx"
    for length in (None, "", "-1", "abc", "\u0661\u0662", str(MAX_BODY + 1), "9" * 5000):
        with pytest.raises(BadBody):
            read_body(length, read)
    assert asked == [MAX_BODY, 2], "nothing read for a length that is not sane"
