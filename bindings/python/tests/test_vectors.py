"""Every vector file, through the ctypes binding."""

from __future__ import annotations

import pytest

from conftest import VECTORS
from paysign._library import invoke
from vector_runner import Case, load_cases, run_case

CASES = load_cases(VECTORS)


def test_vector_files_found() -> None:
    assert CASES, f"no vector file in {VECTORS}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_vector(case: Case) -> None:
    run_case(invoke, case)
