"""The runner rules of testvectors/README.md, over any call(op, bytes) ->
(status, envelope bytes)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, List

SCHEMA = "paysign-vectors-v1"
Invoke = Callable[[str, bytes], "tuple[int, bytes]"]


@dataclass(frozen=True)
class Case:
    name: str
    op: str
    test: "dict[str, Any]"


def load_cases(directory: Path) -> List[Case]:
    cases = []
    for path in sorted(directory.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("schema") != SCHEMA:
            continue
        for test in document["tests"]:
            cases.append(Case(f"{path.name} #{test['id']} {test.get('comment', '')}",
                              test.get("op") or document["op"], test))
    return cases


def encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def request_bytes(test: "dict[str, Any]") -> bytes:
    if "input" in test:
        return encode(test["input"])
    if "input_raw" in test:
        return test["input_raw"].encode("utf-8")
    return base64.b64decode(test["input_b64"])


def json_equal(a: Any, b: Any) -> bool:
    """Deep JSON equality: objects unordered, arrays in order, numbers by
    value, and true/false distinct from 1/0 (Python's == is not)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def envelope_of(invoke: Invoke, op: str, request: bytes) -> "dict[str, Any]":
    """Calls op and checks that the status agrees with the envelope."""
    status, response = invoke(op, request)
    envelope = json.loads(response)
    code = (envelope.get("error") or {}).get("code")
    expected_status = 0 if envelope["ok"] else {"internal": 2, "misuse": 3}.get(code, 1)
    assert status == expected_status, f"status {status} disagrees with envelope {envelope}"
    return envelope


def run_case(invoke: Invoke, case: Case) -> None:
    test = case.test
    envelope = envelope_of(invoke, case.op, request_bytes(test))
    if test["result"] == "invalid":
        assert envelope["ok"] is False, f"want error {test['error_code']}, got a value"
        assert envelope["error"]["code"] == test["error_code"], envelope["error"]
        if "error_field" in test:
            assert envelope["error"].get("field") == test["error_field"], envelope["error"]
        return
    assert envelope["ok"] is True, envelope.get("error")
    value = envelope["value"]
    if test.get("randomized"):
        for key, want in test["output"].items():
            # An absent key equals an expected null, as in the Go runners.
            assert json_equal(value.get(key), want), f"value.{key}: got {value.get(key)!r}"
    else:
        assert json_equal(value, test["output"]), f"got {value!r}"
    then = test.get("then")
    if then is not None:
        second = envelope_of(invoke, then["op"], encode({**then["input"], "fields": value["fields"]}))
        assert second["ok"] is True, second.get("error")
        assert json_equal(second["value"], then["output"]), f"then: got {second['value']!r}"
