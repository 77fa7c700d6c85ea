"""The binding's I/O under send() (paysign/_transport.py) where the shared
conformance scenarios do not reach: one deadline over a status line and
headers that trickle in, kept connections shared by threads, the
environment's proxy (CONNECT through it, no_proxy), and close()."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from conftest import run_python
from paysign import PaySignError, PayWay
from receiver import RawServer, Receiver, read_request
from send_runner import ScriptServer
from test_send_conformance import DOCUMENT

SUCCESS = b'{"status":{"code":"00","message":"Success!"},"data":{"payment_status_code":0,"payment_status":"APPROVED"}}'


def test_a_trickling_status_line_and_headers_end_at_the_deadline() -> None:
    """A complete success answer, one byte every 30 ms from its first byte:
    without one deadline over the whole answer (a timeout per receive, as
    before) it arrives, after 5 s, as a success; with it, the attempt
    ends at 0.5 s and the query's outcome is a timeout."""
    answer = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(SUCCESS)
              + SUCCESS)
    assert len(answer) * 0.03 > 5

    def trickle(conn: socket.socket) -> None:
        read_request(conn)
        for byte in answer:
            conn.sendall(bytes([byte]))
            time.sleep(0.03)

    with RawServer(trickle) as raw:
        payway = PayWay("ec000002", "TEST_ONLY_k", base_url=raw.url, timeout=0.5, query_retries=0)
        with pytest.raises(PaySignError) as caught:
            payway.send("check_transaction", tran_id="T1")
        assert (caught.value.code, caught.value.next) == ("timeout", "send_again")


def test_threads_share_one_object_and_its_connections(script_server: ScriptServer) -> None:
    """20 queries from 4 threads through one PayWay: every one done, each
    thread on a connection no other thread is using, and connections
    reused: at most one per thread, never one per send."""
    server = script_server
    server.load([{"answer": {"status": 200, "headers": {"Content-Type": "application/json"},
                             "body": SUCCESS.decode()}}])
    credentials = DOCUMENT["credentials"]
    payway = PayWay(credentials["merchant_id"], credentials["api_key"], base_url=server.url)
    codes: List[str] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(5):
            code = payway.send("check_transaction", tran_id="ORDER-1001").code
            with lock:
                codes.append(code)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert codes == ["00"] * 20
    counts = server.counts()
    assert counts["requests"] == 20 and 1 <= counts["connections"] <= 4, counts
    payway.close()


def test_close_then_a_new_object_opens_a_new_connection(script_server: ScriptServer) -> None:
    server = script_server
    server.load([{"answer": {"status": 200, "headers": {"Content-Type": "application/json"},
                             "body": SUCCESS.decode()}}])
    credentials = DOCUMENT["credentials"]
    for _ in range(2):
        with PayWay(credentials["merchant_id"], credentials["api_key"], base_url=server.url) as payway:
            assert payway.send("check_transaction", tran_id="T1").code == "00"
            assert payway.send("check_transaction", tran_id="T1").code == "00"
    assert server.counts() == {"connections": 2, "requests": 4, "redirected": 0}


class ConnectProxy:
    """An HTTP proxy on 127.0.0.1 that serves CONNECT only, tunnelling every
    target to one local port (so a made-up host name needs no DNS)."""

    def __init__(self, port: int) -> None:
        self.targets: List[str] = []
        self._port = port
        self._raw = RawServer(self._serve)
        self.url = self._raw.url

    def _serve(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                return
            head += chunk
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        self.targets.append(f"{method} {target}")
        if method != "CONNECT":
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        upstream = socket.create_connection(("127.0.0.1", self._port), timeout=10)
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        pipes = [threading.Thread(target=_pipe, args=pair, daemon=True) for pair in ((conn, upstream), (upstream, conn))]
        for pipe in pipes:
            pipe.start()
        for pipe in pipes:
            pipe.join(30)
        upstream.close()

    def stop(self) -> None:
        self._raw.stop()


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[Tuple[Receiver, Path]]:
    """A TLS server on 127.0.0.1 whose certificate names paysign-test.example."""
    import ssl

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=paysign-test.example",
                    "-addext", "subjectAltName=DNS:paysign-test.example"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with Receiver(tls=context) as receiver:
        yield receiver, cert


def test_https_goes_through_the_environments_proxy(tls_server: Tuple[Receiver, Path]) -> None:
    receiver, cert = tls_server
    port = int(receiver.url.rsplit(":", 1)[1])
    proxy = ConnectProxy(port)
    try:
        receiver.answer_next(200, "application/json", b'{"status":{"code":"00","message":"Success!"}}')
        code = ("import os, paysign\n"
                "p = paysign.PayWay('ec000002', 'TEST_ONLY_k', base_url=os.environ['URL'], timeout=10)\n"
                "try:\n"
                "    print(p.send('exchange_rate').code)\n"
                "except paysign.PaySignError as e:\n"
                "    print(e.code, e.message)\n")
        env: Dict[str, str] = {"URL": f"https://paysign-test.example:{port}", "SSL_CERT_FILE": str(cert),
                               "https_proxy": proxy.url, "HTTPS_PROXY": proxy.url, "no_proxy": "", "NO_PROXY": ""}
        result = run_python(code, env=env)
        assert (result.returncode, result.stdout) == (0, "00\n"), result.stdout + result.stderr
        assert proxy.targets == [f"CONNECT paysign-test.example:{port}"]
        assert [r["headers"].get("Host") for r in receiver.requests] == [f"paysign-test.example:{port}"]
        # no_proxy names the host: straight to it, and paysign-test.example does not resolve
        result = run_python(code, env={**env, "no_proxy": "paysign-test.example", "NO_PROXY": "paysign-test.example"})
        assert result.stdout.startswith("not_sent "), result.stdout + result.stderr
        assert len(proxy.targets) == 1
    finally:
        proxy.stop()


def test_a_loopback_host_never_goes_through_a_proxy(script_server: ScriptServer) -> None:
    server = script_server
    server.load([{"answer": {"status": 200, "headers": {"Content-Type": "application/json"},
                             "body": SUCCESS.decode()}}])
    code = ("import os, paysign\n"
            "print(paysign.PayWay('ec000002', 'TEST_ONLY_k', base_url=os.environ['URL'])"
            ".send('check_transaction', tran_id='T1').code)\n")
    result = run_python(code, env={"URL": server.url, "http_proxy": "http://127.0.0.1:9", "HTTP_PROXY":
                                   "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""})
    assert (result.returncode, result.stdout) == (0, "00\n"), result.stderr
