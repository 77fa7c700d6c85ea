"""What the binding takes from its surroundings: PayWay.from_env() reads
the credentials as the command line does (issue 18 item 5), the mock
helper finds the paysign program in its documented order (issue 18 item
6) and reads the mock's banner whatever other lines it prints, and the
core's suggestions reach the caller unchanged (issue 19 item 4)."""

from __future__ import annotations

import os
import secrets
import stat
import sys
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

import paysign
from conftest import PUBLIC_KEY, REPOSITORY, error_of
from paysign import PaySignError, PayWay
from paysign.testing import PayWayMock, find_cli

TIME = "20261121093403"
BASE = {"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": "TEST_ONLY_from_env_key"}


# --- PayWay.from_env ------------------------------------------------------------


def test_from_env_signs_as_the_constructor_does(tmp_path: Path) -> None:
    key_file = tmp_path / "aba_rsa_public.pem"
    key_file.write_text(PUBLIC_KEY)
    escaped = PUBLIC_KEY.replace("\n", "\\n")  # as a one-line environment variable holds it
    expected = PayWay("ec000002", BASE["PAYWAY_API_KEY"], PUBLIC_KEY).sign("check_transaction", request_time=TIME,
                                                                          tran_id="T1")
    for extra in ({"PAYWAY_RSA_PUBLIC_KEY": PUBLIC_KEY}, {"PAYWAY_RSA_PUBLIC_KEY": escaped},
                  {"PAYWAY_RSA_PUBLIC_KEY_FILE": str(key_file)}, {"PAYWAY_RSA_PUBLIC_KEY_FILE": str(key_file),
                                                                  "PAYWAY_RSA_PUBLIC_KEY": ""}):
        payway = PayWay.from_env({**BASE, **extra})
        assert payway.sign("check_transaction", request_time=TIME, tran_id="T1")["hash"] == expected["hash"]
        # the key reaches the core: an operation with an encrypted field signs
        assert payway.sign("refund", tran_id="T1", refund_amount="1.50")["merchant_auth_json"]
        assert (payway.merchant_id, payway.environment, payway.base_url) == ("ec000002", "sandbox", None)
        payway.close()


def test_from_env_base_url_environment_and_options() -> None:
    payway = PayWay.from_env({**BASE, "PAYWAY_BASE_URL": "http://127.0.0.1:4010"}, timeout=2, query_retries=0)
    assert (payway.base_url, payway.timeout, payway.query_retries) == ("http://127.0.0.1:4010", 2.0, 0)
    assert payway.sign("check_transaction", tran_id="T1")["url"].startswith("http://127.0.0.1:4010/api/")
    production = PayWay.from_env({"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": "from-env-production-key",
                                  "PAYWAY_ENVIRONMENT": "production"})
    assert production.environment == "production"
    assert production.sign("check_transaction", tran_id="T1")["url"].startswith("https://checkout.payway.com.kh/")


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PAYWAY_RSA_PUBLIC_KEY", "PAYWAY_RSA_PUBLIC_KEY_FILE", "PAYWAY_BASE_URL", "PAYWAY_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in BASE.items():
        monkeypatch.setenv(name, value)
    assert PayWay.from_env().merchant_id == "ec000002"


def test_from_env_errors_name_the_variable_never_a_value(tmp_path: Path) -> None:
    secret = "TEST_ONLY_SECRET_MARKER_" + secrets.token_hex(8)
    key_file = tmp_path / "key.pem"
    key_file.write_text(PUBLIC_KEY)
    cases: Dict[str, Any] = {
        "PAYWAY_MERCHANT_ID": ({"PAYWAY_API_KEY": secret}, "PTL04", "credentials.merchant_id"),
        "PAYWAY_API_KEY": ({"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": ""}, "PTL04", "credentials.api_key"),
        "PAYWAY_RSA_PUBLIC_KEY and PAYWAY_RSA_PUBLIC_KEY_FILE": (
            {**BASE, "PAYWAY_API_KEY": secret, "PAYWAY_RSA_PUBLIC_KEY": PUBLIC_KEY,
             "PAYWAY_RSA_PUBLIC_KEY_FILE": str(key_file)}, "malformed_request", "credentials.rsa_public_key"),
        "PAYWAY_RSA_PUBLIC_KEY_FILE": ({**BASE, "PAYWAY_API_KEY": secret,
                                        "PAYWAY_RSA_PUBLIC_KEY_FILE": str(tmp_path / secret)},
                                       "malformed_request", "credentials.rsa_public_key"),
    }
    for names, (environ, code, field) in cases.items():
        e = error_of(lambda: PayWay.from_env(environ))
        assert (e.code, e.field) == (code, field), names
        for name in names.split(" and "):
            assert name in e.message, (names, e.message)
        shown = f"{e} {e!r} {e.message}"
        assert secret not in shown and str(tmp_path) not in shown and "BEGIN PUBLIC KEY" not in shown, names


# --- the mock helper -------------------------------------------------------------


def _program(path: Path, banner: str = "") -> Path:
    """An executable file; run as `mock`, it prints banner and waits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / "banner.txt").write_text(banner)
    path.write_text(f"#!/bin/sh\ncat '{path.parent / 'banner.txt'}'\nexec sleep 30\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No PAYSIGN_CLI, an empty PATH, no paysign_mock package, no checkout build/paysign."""
    monkeypatch.delenv("PAYSIGN_CLI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.setattr("paysign.testing._CHECKOUT_CLI", str(tmp_path / "checkout" / "build" / "paysign"))
    monkeypatch.delitem(sys.modules, "paysign_mock", raising=False)
    yield tmp_path
    sys.modules.pop("paysign_mock", None)


def _fake_package(monkeypatch: pytest.MonkeyPatch, root: Path, executable: str) -> None:
    """A paysign_mock package on sys.path whose executable() returns executable."""
    package = root / "site" / "paysign_mock"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"def executable():\n    return {executable!r}\n")
    monkeypatch.syspath_prepend(str(root / "site"))


def test_find_cli_order(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = clean
    explicit = _program(root / "explicit" / "paysign")
    from_env = _program(root / "env" / "paysign")
    packaged = _program(root / "package" / "paysign")
    on_path = _program(root / "path" / "paysign")
    checkout = _program(root / "checkout" / "build" / "paysign")
    # last resort: the checkout's build/paysign
    assert find_cli() == str(checkout)
    # then `paysign` on PATH
    monkeypatch.setenv("PATH", str(root / "path"))
    assert find_cli() == str(on_path)
    # then the opt-in package
    _fake_package(monkeypatch, root, str(packaged))
    assert find_cli() == str(packaged)
    # then PAYSIGN_CLI
    monkeypatch.setenv("PAYSIGN_CLI", str(from_env))
    assert find_cli() == str(from_env)
    # first the argument
    assert find_cli(str(explicit)) == str(explicit)


def test_find_cli_failures(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    e = error_of(find_cli)
    assert e.code == "mock_not_found" and "paysign[mock]" in e.message and "PAYSIGN_CLI" in e.message
    # an installed package that gives no executable is an error, not a reason to look further
    _program(clean / "path" / "paysign")
    monkeypatch.setenv("PATH", str(clean / "path"))
    _fake_package(monkeypatch, clean, str(clean / "nowhere" / "paysign"))
    e = error_of(find_cli)
    assert e.code == "mock_not_found" and "paysign_mock.executable()" in e.message


def test_the_banner_is_read_among_other_lines(tmp_path: Path) -> None:
    """The mock's banner with the shell lines it may print (export ...),
    comments and fixtures around the URL line: the helper reads the URL
    and the credentials, from either form."""
    key = tmp_path / "ec000002_rsa_public.pem"
    key.write_text(PUBLIC_KEY)
    for credentials in (f"merchant_id=ec000002 api_key=TEST_ONLY_banner (TEST-ONLY) rsa_public_key_file={key}",
                        f"export PAYWAY_BASE_URL=http://127.0.0.1:9 PAYWAY_MERCHANT_ID=ec000002 "
                        f"PAYWAY_API_KEY=TEST_ONLY_banner PAYWAY_RSA_PUBLIC_KEY_FILE='{key}'"):
        banner = ("# paysign mock: TEST-ONLY\n"
                  "paysign mock listening on http://127.0.0.1:9\n"
                  "fixtures: ORDER-1001 APPROVED 10.00 USD\n"
                  f"{credentials}\n"
                  "helpers: http://127.0.0.1:9/__mock/\n")
        program = _program(tmp_path / "mock" / "paysign", banner)
        with PayWayMock(str(program)) as mock:
            assert (mock.url, mock.merchant_id, mock.api_key) == ("http://127.0.0.1:9", "ec000002", "TEST_ONLY_banner")
            assert mock.rsa_public_key == PUBLIC_KEY


def test_the_real_mock_starts_with_the_lookup() -> None:
    """The helper with no argument finds the repository's program (make
    test-python sets PAYSIGN_CLI to it) and talks to it."""
    with PayWayMock() as mock:
        assert mock.helper("GET", "/__mock/")["merchants"] == [mock.merchant_id]
        assert os.path.samefile(find_cli(), os.environ.get("PAYSIGN_CLI") or REPOSITORY / "build" / "paysign")


# --- the core's suggestions ------------------------------------------------------


def test_suggestions_pass_through_unchanged() -> None:
    payway = PayWay("ec000002", "TEST_ONLY_suggestions", PUBLIC_KEY)
    for call in (lambda: payway.sign("refnd", tran_id="T1"),  # type: ignore[call-overload]
                 lambda: payway.send("refnd", tran_id="T1"),  # type: ignore[call-overload]
                 lambda: payway.prepare("refnd", tran_id="T1"),  # type: ignore[call-overload]
                 lambda: paysign.decode_response("refnd", 200, b"{}")):
        e = error_of(call)
        assert (e.code, e.field) == ("unknown_operation", "operation")
        assert e.message.endswith(" (did you mean refund?)"), e.message
    payway.close()
