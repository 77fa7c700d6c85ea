#!/usr/bin/env python3
"""The send-path probe of make mutation: what every binding's send() must
do with answers that are not PayWay's, checked from outside the binding
through its public API (the bindings' own suites are being ported to the
core's send loop).

It serves three local answers, each on its own 127.0.0.1:0 server: an empty
HTTP 200 (not PayWay's: a money-moving request's outcome is unknown), an
HTTP 503 (a gateway error: a refund is never sent again, a query is), and
an HTML page with HTTP 200 (purchase's documented success, the hosted
checkout). It runs the language's client (probe.mjs, probe_client.py,
probe.php) with their URLs, and checks what the client reports and how
many requests each server received:

    refund_empty_200  refund   -> empty 200: rejected, sent once
    refund_503        refund   -> 503:       rejected, sent once
    check_503         check_transaction -> 503: rejected after 1 + 2 retries (query_retries 2, no pause)
    purchase_page     purchase -> HTML 200:  accepted, sent once

The client prints {"refund_empty_200": "accepted"|"rejected", ...}.

    python3 probe.py js|python|php        (from the repository root or a copy of it)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

ROOT = Path(os.environ.get("MUTATION_ROOT") or Path(__file__).resolve().parents[3])
HERE = Path(__file__).resolve().parent


def server(status: int, body: bytes, content_type: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.server.requests += 1  # type: ignore[attr-defined]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    s = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    s.requests = 0  # type: ignore[attr-defined]
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s


def main() -> int:
    lang = sys.argv[1] if len(sys.argv) > 1 else ""
    servers = {"empty": server(200, b"", "text/plain"), "refund_503": server(503, b"Service Unavailable", "text/plain"),
               "check_503": server(503, b"Service Unavailable", "text/plain"),
               "page": server(200, b"<html><body>ABA PayWay checkout</body></html>", "text/html")}
    env = dict(os.environ, PAYSIGN_LIB=str(ROOT / "build/libpaysign.so"), PAYSIGN_WASM=str(ROOT / "build/paysign.wasm"),
               PYTHONPATH=str(ROOT / "bindings/python/src"), PROBE_ROOT=str(ROOT),
               PROBE_KEY=str(ROOT / "internal/testkeys/rsa1024_TEST_ONLY_public.pem"),
               **{f"PROBE_{k.upper()}": f"http://127.0.0.1:{s.server_address[1]}" for k, s in servers.items()})
    command = {"js": ["node", str(HERE / "probe.mjs")], "python": [sys.executable, str(HERE / "probe_client.py")],
               "php": ["php", str(HERE / "probe.php")]}.get(lang)
    if command is None:
        print("usage: probe.py js|python|php", file=sys.stderr)
        return 2
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    try:
        got: Dict[str, str] = json.loads(done.stdout)
    except ValueError:
        print(f"{lang} client: no JSON report\n{done.stdout}\n{done.stderr}", file=sys.stderr)
        return 1
    failures: List[str] = []

    def expect(name: str, outcome: str, server_name: str, requests: int) -> None:
        if got.get(name) != outcome:
            failures.append(f"{name}: want {outcome}, got {got.get(name)!r}")
        counted = servers[server_name].requests  # type: ignore[attr-defined]
        if counted != requests:
            failures.append(f"{name}: want {requests} request(s) to the {server_name} server, got {counted}")

    expect("refund_empty_200", "rejected", "empty", 1)
    expect("refund_503", "rejected", "refund_503", 1)
    expect("check_503", "rejected", "check_503", 3)
    expect("purchase_page", "accepted", "page", 1)
    for f in failures:
        print(f"{lang} probe: {f}", file=sys.stderr)
    print(f"{lang} probe: {'ok' if not failures else 'FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
