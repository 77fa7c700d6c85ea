"""The send conformance vectors (testvectors/send/payway_send.json), read as
strictly as Go's testvectors.Send() reads them, and the scripted server
(build/scriptserver) they run against.

The loader refuses what it does not understand instead of skipping it: an
unknown member at any depth, a member of the wrong JSON type, another
schema, a test count that is not number_of_tests, ids out of order, a flag
without a note, an operation without parameters, an action that is not
exactly one thing.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

SCHEMA = "paysign-send-v1"

# Each object of the file: its members and their JSON types (as Go's
# structs declare them; a Go map is any member names).
_STR, _INT, _BOOL, _OBJ, _LIST = str, int, bool, dict, list
_FILE = {"schema": _STR, "description": _STR, "credentials": _OBJ, "params": _OBJ, "notes": _OBJ,
         "expect_members": _OBJ, "number_of_tests": _INT, "tests": _LIST}
_TEST = {"id": _INT, "comment": _STR, "flags": _LIST, "operation": _STR, "policy": _OBJ, "sends": _INT,
         "pause_ms": _INT, "target": _STR, "script": _LIST, "expect": _OBJ}
_POLICY = {"timeout_ms": _INT, "query_retries": _INT, "retry_backoff_ms": _INT}
_ACTION = {"answer": _OBJ, "drop": _STR, "stall": _BOOL, "drip": _OBJ}
_ANSWER = {"status": _INT, "headers": _OBJ, "body": _STR, "body_repeat": _OBJ, "close_after_ms": _INT}
_REPEAT = {"text": _STR, "count": _INT}
_DRIP = {"status": _INT, "body": _STR, "interval_ms": _INT}
_EXPECT = {"outcome": _STR, "code": _STR, "location": _STR, "category": _STR, "next": _STR, "connections": _INT,
           "requests": _INT, "redirected": _INT}


class VectorError(ValueError):
    """The file is not one this runner understands."""


def _members(where: str, value: Any, members: Mapping[str, type]) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise VectorError(f"{where}: not an object")
    for name, member in value.items():
        if name not in members:
            raise VectorError(f"{where}: unknown member {name!r}")
        kind = members[name]
        if not isinstance(member, kind) or (kind is int and isinstance(member, bool)):
            raise VectorError(f"{where}.{name}: not a JSON {kind.__name__}")
    return value


def _strings(where: str, value: Any) -> None:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise VectorError(f"{where}: not an object of strings")


def load(path: Path) -> Dict[str, Any]:
    """The send vectors of path, checked; VectorError for anything else
    (OSError and ValueError when the file cannot be read or is not JSON)."""
    document = _members("file", json.loads(path.read_text(encoding="utf-8")), _FILE)
    if document.get("schema") != SCHEMA:
        raise VectorError(f"schema {document.get('schema')!r}, want {SCHEMA}")
    for name in ("credentials", "notes", "expect_members"):
        _strings(name, document.get(name, {}))
    params = document.get("params", {})
    tests = document.get("tests", [])
    if document.get("number_of_tests", 0) == 0 or len(tests) != document["number_of_tests"]:
        raise VectorError(f"{len(tests)} tests, number_of_tests says {document.get('number_of_tests')}")
    for index, test in enumerate(tests):
        where = f"test #{index + 1}"
        _members(where, test, _TEST)
        if test.get("id") != index + 1 or test.get("sends", 0) < 1 or test.get("target") not in ("url", "closed_url") \
                or not test.get("script"):
            raise VectorError(f"{where} is malformed")
        if test.get("operation") not in params:
            raise VectorError(f"{where}: no params for {test.get('operation')!r}")
        for flag in test.get("flags", []):
            if flag not in document.get("notes", {}):
                raise VectorError(f"{where}: flag {flag!r} has no note")
        _members(f"{where}.policy", test.get("policy"), _POLICY)
        _members(f"{where}.expect", test.get("expect"), _EXPECT)
        for number, action in enumerate(test["script"]):
            at = f"{where}.script[{number}]"
            _members(at, action, _ACTION)
            if len(action) != 1:
                raise VectorError(f"{at}: exactly one of answer, drop, stall, drip")
            if "answer" in action:
                answer = _members(f"{at}.answer", action["answer"], _ANSWER)
                _strings(f"{at}.answer.headers", answer.get("headers", {}))
                if "body_repeat" in answer:
                    _members(f"{at}.answer.body_repeat", answer["body_repeat"], _REPEAT)
            if "drip" in action:
                _members(f"{at}.drip", action["drip"], _DRIP)
    return document


def expected(test: Mapping[str, Any], url: str) -> Tuple[Dict[str, str], Dict[str, int]]:
    """What every send of test to the server at url must come to, and the server's counts."""
    expect = test["expect"]
    outcome = {"outcome": expect["outcome"], "code": expect["code"]}  # code "": a success without one
    outcome.update({name: expect[name] for name in ("category", "next") if expect.get(name)})
    if "location" in expect:
        outcome["location"] = expect["location"].replace("{url}", url)
    counts = {name: expect[name] for name in ("connections", "requests", "redirected")}
    return outcome, counts


class ScriptServer:
    """build/scriptserver, started with a pipe on its stdin: it prints
    {"url", "closed_url", "control_url"} and serves until the pipe closes."""

    def __init__(self, program: Path) -> None:
        self._process = subprocess.Popen([str(program)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError(f"{program} printed nothing (status {self._process.returncode})")
        hello = json.loads(line)
        self.url: str = hello["url"]
        self.closed_url: str = hello["closed_url"]
        self._control: str = hello["control_url"]
        # The control requests go to 127.0.0.1 directly, whatever the environment's proxies.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def load(self, actions: List[Dict[str, Any]]) -> None:
        """Replaces the script and resets the counts."""
        request = urllib.request.Request(self._control + "/script", data=json.dumps({"actions": actions}).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        with self._opener.open(request, timeout=10) as response:
            response.read()

    def counts(self) -> Dict[str, int]:
        with self._opener.open(self._control + "/counts", timeout=10) as response:
            counts: Dict[str, int] = json.loads(response.read())
        return counts

    def stop(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(10)
        if self._process.stdout is not None:
            self._process.stdout.close()
