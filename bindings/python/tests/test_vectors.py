"""Every vector file, through the ctypes binding. The loader cannot skip:
a file it cannot read, of another schema, with an unknown member or a
wrong number_of_tests fails, and so does a case whose op the library
lacks (test_the_loader_refuses_...)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import paysign
from conftest import VECTORS
from paysign._library import invoke
from vector_runner import Case, VectorError, load_cases, load_file, run_case

CASES = load_cases(VECTORS)


def test_every_file_runs_its_number_of_tests() -> None:
    per_file = Counter(case.name.split(" #", 1)[0] for case in CASES)
    files = sorted(path.name for path in VECTORS.glob("*.json"))
    assert sorted(per_file) == files and files
    for name in files:
        assert per_file[name] == json.loads((VECTORS / name).read_text(encoding="utf-8"))["number_of_tests"], name


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_vector(case: Case) -> None:
    run_case(invoke, case)


def _copy(tmp_path: Path, change: Callable[[Dict[str, Any]], None]) -> Path:
    document = json.loads((VECTORS / "abi.json").read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "abi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, change", [
    ("another schema", lambda d: d.update(schema="paysign-vectors-v2")),
    ("no schema", lambda d: d.pop("schema")),
    ("an unknown file member", lambda d: d.update(skip=["x"])),
    ("an unknown test member", lambda d: d["tests"][0].update(expected_output={})),
    ("number_of_tests too high", lambda d: d.update(number_of_tests=d["number_of_tests"] + 1)),
    ("a test dropped", lambda d: d["tests"].pop()),
    ("two inputs", lambda d: d["tests"][0].update(input_raw="{}")),
    ("a repeated id", lambda d: d["tests"][1].update(id=d["tests"][0]["id"])),
])
def test_the_loader_refuses_what_it_does_not_understand(tmp_path: Path, name: str,
                                                         change: Callable[[Dict[str, Any]], None]) -> None:
    with pytest.raises(VectorError):
        load_file(_copy(tmp_path, change))
    assert len(load_file(_copy(tmp_path, lambda d: None))) == len([c for c in CASES if c.name.startswith("abi.json")])


def test_the_loader_fails_on_a_file_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"schema": "paysign-vectors-v1", "tests": [', encoding="utf-8")
    with pytest.raises(ValueError):
        load_cases(tmp_path)
    with pytest.raises(VectorError):
        load_cases(tmp_path / "empty")


def test_a_missing_op_fails_instead_of_skipping() -> None:
    missing = Case("x.json #1 an op the library lacks", "payway.nope", {"result": "valid", "input": {}, "output": {}})
    with pytest.raises(AssertionError):
        run_case(invoke, missing)
    run_case(invoke, Case("x.json #2", "payway.nope", {"result": "invalid", "input": {}, "error_code": "unknown_op"}))
