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

# The members of a file, a test and a test's "then", as testvectors.go
# declares them: anything else is a file this runner does not understand.
_FILE = {"schema", "op", "description", "notes", "number_of_tests", "tests"}
_TEST = {"id", "comment", "flags", "op", "input", "input_raw", "input_b64", "result", "output", "randomized", "then",
         "encrypted", "error_code", "error_field"}
_THEN = {"op", "input", "output"}


class VectorError(ValueError):
    """A vector file this runner cannot run as the README says."""


@dataclass(frozen=True)
class Case:
    name: str
    op: str
    test: "dict[str, Any]"


def _strict(where: str, value: Any, members: "set[str]") -> "dict[str, Any]":
    if not isinstance(value, dict):
        raise VectorError(f"{where}: not an object")
    unknown = sorted(set(value) - members)
    if unknown:
        raise VectorError(f"{where}: unknown member {unknown[0]!r}")
    return value


def load_file(path: Path) -> List[Case]:
    """The cases of one vector file; VectorError (or OSError, ValueError)
    for a file that cannot be read, is not JSON, is of another schema, has
    a member the runner does not know, or whose number_of_tests is not its
    count of tests."""
    document = _strict(path.name, json.loads(path.read_text(encoding="utf-8")), _FILE)
    if document.get("schema") != SCHEMA:
        raise VectorError(f"{path.name}: schema {document.get('schema')!r}, this runner knows {SCHEMA}")
    tests = document.get("tests")
    if not isinstance(tests, list) or document.get("number_of_tests") != len(tests) or not tests:
        raise VectorError(f"{path.name}: number_of_tests {document.get('number_of_tests')!r} but "
                          f"{len(tests) if isinstance(tests, list) else 'no'} tests")
    cases, ids = [], set()
    for test in tests:
        _strict(f"{path.name} test", test, _TEST)
        if "then" in test:
            _strict(f"{path.name} #{test.get('id')} then", test["then"], _THEN)
        if test.get("id") in ids or sum(k in test for k in ("input", "input_raw", "input_b64")) != 1 \
                or test.get("result") not in ("valid", "invalid"):
            raise VectorError(f"{path.name} #{test.get('id')}: malformed test")
        ids.add(test["id"])
        op = test.get("op") or document.get("op")
        if not isinstance(op, str) or not op:
            raise VectorError(f"{path.name} #{test['id']}: no op")
        cases.append(Case(f"{path.name} #{test['id']} {test.get('comment', '')}", op, test))
    return cases


def load_cases(directory: Path) -> List[Case]:
    """Every case of every *.json file of directory (testvectors/; the send
    vectors, in send/, have their own runner). Nothing is skipped: a file
    the runner cannot run fails the load, and so does a directory with no
    file."""
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise VectorError(f"no vector file in {directory}")
    return [case for path in paths for case in load_file(path)]


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
        # What is fixed about the ciphertext: its length (the block count) and the hash input around it.
        encrypted = test["encrypted"]
        text = next(v for n, v in value["fields"] if n == encrypted["field"])
        assert len(text) == encrypted["base64_length"], f"encrypted: {len(text)} base64 characters"
        if "hash_input" in encrypted:
            before, after = encrypted["hash_input"]
            assert value["hash_input"] == before + text + after, "encrypted: the hash input around the ciphertext"
    else:
        assert json_equal(value, test["output"]), f"got {value!r}"
    then = test.get("then")
    if then is not None:
        second = envelope_of(invoke, then["op"], encode({**then["input"], "fields": value["fields"]}))
        assert second["ok"] is True, second.get("error")
        assert json_equal(second["value"], then["output"]), f"then: got {second['value']!r}"
