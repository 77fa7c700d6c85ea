"""The send conformance vectors (testvectors/send/payway_send.json) through
PayWay.send(), against the scripted server every runtime meets
(build/scriptserver: `make test-python` builds it; PAYSIGN_SCRIPTSERVER
names another). Each scenario: the server's behaviour on each attempt
(answers that are and are not PayWay's, dropped connections, stalls, an
answer that drips past the deadline, a kept connection closed while
idle), the operation sent `sends` times through ONE PayWay object, and
the outcome, code, category or next of every send and the server's counts
(requests read, connections accepted, redirects followed) must be the
file's: the same as Go's paywayhttp, the command line, Node and PHP.

The expected values are the rules of docs/envelope.md written by hand in
the file, not this binding's output; the loader refuses a file it does
not fully understand (test_the_loader_refuses_...)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

from conftest import VECTORS
from paysign import PaySignError, PayWay, PayWayError
from send_runner import ScriptServer, VectorError, expected, load

SEND_VECTORS = VECTORS / "send" / "payway_send.json"
DOCUMENT = load(SEND_VECTORS)  # a file it cannot read or understand fails collection: nothing is skipped
TESTS = DOCUMENT["tests"]


def outcome_of(send: Callable[[], Any]) -> Dict[str, str]:
    """What one send came to, in the file's terms."""
    try:
        response = send()
    except PayWayError as refused:
        return {"outcome": "refused", "code": refused.code, "category": refused.category}
    except PaySignError as failed:
        got = {"outcome": "failed", "code": failed.code}
        if failed.next:
            got["next"] = failed.next
        return got
    if response.location is not None:
        return {"outcome": "done", "code": response.code, "location": response.location}
    return {"outcome": "done", "code": response.code}


@pytest.mark.parametrize("test", TESTS, ids=[f"payway_send.json #{t['id']} {t['comment']}" for t in TESTS])
def test_send_conformance(script_server: ScriptServer, test: Dict[str, Any]) -> None:
    server = script_server
    server.load(test["script"])
    policy = test["policy"]
    credentials = DOCUMENT["credentials"]
    url = server.url if test["target"] == "url" else server.closed_url
    payway = PayWay(credentials["merchant_id"], credentials["api_key"], credentials["rsa_public_key"],
                    base_url=url,
                    timeout=policy["timeout_ms"] / 1000, query_retries=policy["query_retries"],
                    retry_backoff=policy["retry_backoff_ms"] / 1000)
    want, counts = expected(test, url)
    params = DOCUMENT["params"][test["operation"]]
    with payway:
        for number in range(test["sends"]):
            if number > 0:
                time.sleep(test["pause_ms"] / 1000)
            got = outcome_of(lambda: payway.send(test["operation"], **params))
            assert got == want, f"send {number + 1}"
    assert server.counts() == counts, "the server's counts"


def test_every_scenario_is_collected() -> None:
    assert len(TESTS) == DOCUMENT["number_of_tests"] > 0
    assert [t["id"] for t in TESTS] == list(range(1, len(TESTS) + 1))


def _broken(path: Path, change: Callable[[Dict[str, Any]], None]) -> Path:
    document = json.loads(SEND_VECTORS.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, change", [
    ("another schema", lambda d: d.update(schema="paysign-send-v2")),
    ("an unknown top-level member", lambda d: d.update(retries=3)),
    ("an unknown test member", lambda d: d["tests"][0].update(skip=True)),
    ("an unknown action member", lambda d: d["tests"][0]["script"][0]["answer"].update(delay_ms=5)),
    ("an unknown expectation", lambda d: d["tests"][0]["expect"].update(attempts=1)),
    ("an unknown policy member", lambda d: d["tests"][0]["policy"].update(max_answer_bytes=1)),
    ("a count that is not number_of_tests", lambda d: d.update(number_of_tests=d["number_of_tests"] + 1)),
    ("a test dropped", lambda d: d["tests"].pop()),
    ("ids out of order", lambda d: d["tests"][0].update(id=2)),
    ("a flag without a note", lambda d: d["tests"][0]["flags"].append("Unnoted")),
    ("an operation without params", lambda d: d["params"].pop("refund")),
    ("a number given as text", lambda d: d["tests"][0]["expect"].update(requests="1")),
    ("two actions in one", lambda d: d["tests"][0]["script"][0].update(stall=True)),
    ("an unknown target", lambda d: d["tests"][0].update(target="elsewhere")),
])
def test_the_loader_refuses_what_it_does_not_understand(tmp_path: Path, name: str,
                                                         change: Callable[[Dict[str, Any]], None]) -> None:
    with pytest.raises(VectorError):
        load(_broken(tmp_path / "payway_send.json", change))
    # the same file unchanged loads: the failure is the change's
    assert load(_broken(tmp_path / "unchanged.json", lambda d: None)) == DOCUMENT


def test_the_loader_fails_on_a_file_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        load(tmp_path / "missing.json")
    (tmp_path / "truncated.json").write_text(SEND_VECTORS.read_text(encoding="utf-8")[:1000], encoding="utf-8")
    with pytest.raises(ValueError):
        load(tmp_path / "truncated.json")
