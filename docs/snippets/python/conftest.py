import threading
from types import SimpleNamespace
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from shop import make_app

# payway_mock: `paysign mock` (from paysign[mock]) on a free port for the session, reset before each test
pytest_plugins = ["paysign.testing.pytest_plugin"]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # no request log in the test output
        pass


@pytest.fixture
def shop(payway_mock):
    """shop.py on 127.0.0.1 (a free port), confirming payments with the mock: .url, .received"""
    received = []
    server = make_server("127.0.0.1", 0, make_app(payway_mock.payway(), received), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}/payway/pushback", received=received)
    server.shutdown()
    server.server_close()
