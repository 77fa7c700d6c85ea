"""Testing an integration against `paysign mock`, a local PayWay test double.

    from paysign.testing import PayWayMock

    with PayWayMock() as mock:                      # paysign mock on 127.0.0.1, a free port
        payway = mock.payway()                      # a PayWay pointed at it, with its TEST-ONLY keys
        payway.send("purchase", tran_id="ORDER-1", amount="10.00", currency="USD", return_url=handler_url)
        mock.approve("ORDER-1")                     # the payer pays: the signed pushback goes to handler_url
        payway.send("check_transaction", tran_id="ORDER-1").payment_status   # APPROVED

The mock is the `paysign` command-line program (`paysign mock`), found by
find_cli(): the path given as cli=, else $PAYSIGN_CLI, else the one the
opt-in package paysign_mock carries (`pip install paysign[mock]`), else
`paysign` on PATH, else a repository checkout's build/paysign. It is
TEST-ONLY: it listens on 127.0.0.1 and its merchant uses public test keys.

For pytest, paysign.testing.pytest_plugin has the payway_mock fixture:
add ``pytest_plugins = ["paysign.testing.pytest_plugin"]`` to your
conftest.py.

Every process started here is stopped: by stop(), the end of a with
block, the garbage collector, or at interpreter exit.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from typing import Any, Dict, List, Optional, Sequence

from .. import PaySignError, PayWay

__all__ = ["PayWayMock", "find_cli"]


# src/paysign/testing/__init__.py -> a repository checkout's build/paysign (absent from an installed package).
_CHECKOUT_CLI = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))))), "build", "paysign")


def _executable(path: str) -> Optional[str]:
    """path as an absolute path when it is an executable file, else the
    program of that name on PATH, else None."""
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return os.path.abspath(path)
    return shutil.which(path)


def _packaged() -> Optional[str]:
    """The paysign program of the opt-in package paysign_mock, or None when
    it is not installed. Raises mock_not_found when it is installed but
    gives no executable file."""
    try:
        import paysign_mock  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        path: str = os.fspath(paysign_mock.executable())
    except Exception as error:  # noqa: BLE001 - any failure of the package is reported the same way
        raise PaySignError("mock_not_found", f"paysign.testing: paysign_mock.executable() failed "
                                             f"({type(error).__name__}: {error})") from None
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise PaySignError("mock_not_found", f"paysign.testing: paysign_mock.executable() gives {path}, which is "
                                             "not an executable file: reinstall paysign[mock]")
    return str(os.path.abspath(path))


def find_cli(cli: Optional[str] = None) -> str:
    """The paysign program to run, the first of: cli, $PAYSIGN_CLI, the
    opt-in package paysign_mock (paysign_mock.executable()), `paysign` on
    PATH, and a repository checkout's build/paysign. Raises PaySignError
    code "mock_not_found" when there is none, or when the one given (cli,
    $PAYSIGN_CLI) or packaged is not an executable file."""
    given = cli if cli is not None else (os.environ.get("PAYSIGN_CLI") or None)
    if given is not None:
        path = os.fspath(given)
        found = _executable(path)
        if found is not None:
            return found
        origin = "cli=" if cli is not None else "$PAYSIGN_CLI"
        raise PaySignError("mock_not_found", f"paysign.testing: {origin} names {path}, which is not an executable "
                                             "file: give the path of the paysign program (make build/paysign)")
    found = _packaged() or shutil.which("paysign") or _executable(_CHECKOUT_CLI)
    if found is None:
        raise PaySignError("mock_not_found", "paysign.testing: no paysign program: install the mock with "
                                             "`pip install paysign[mock]`, set PAYSIGN_CLI to its path, or put it on "
                                             "PATH (a release's paysign binary, or `make build/paysign` in the "
                                             "repository: build/paysign)")
    return found


def _stop(process: subprocess.Popen[bytes], files: Sequence[str]) -> None:
    """Stops a mock (SIGTERM: it removes its key folder; SIGKILL after 10 s)
    and removes its files. Never raises: it runs from finalizers and at exit."""
    try:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
    except Exception:  # noqa: BLE001 - a finalizer must not raise
        pass
    _stop_files(files)


class PayWayMock:
    """A running `paysign mock` on 127.0.0.1 (a free port), started when made.

    url, merchant_id, api_key (TEST-ONLY), rsa_public_key (PEM) and
    rsa_public_key_file are what it printed when it started. payway()
    gives a PayWay pointed at it; approve(), decline(), expire(),
    pay_link(), approve_credential(), fault(), requests(), transactions()
    and reset() call its /__mock/ helpers (docs/mock.md). stop() (or the
    end of a with block) stops it; so do the garbage collector and the
    interpreter's exit.

    flags are more command-line flags of `paysign mock`, for example
    ["--sandbox"], ["--fault", "refund:rate_limit:2"] or
    ["--merchant", "ec000003:TEST_ONLY_key"]. A helper that answers with
    an error, a mock that does not start or that stopped raise
    PaySignError code "mock_failed"; no paysign program, "mock_not_found".
    """

    url: str
    merchant_id: str
    api_key: str
    rsa_public_key_file: str
    rsa_public_key: str

    def __init__(self, cli: Optional[str] = None, *, flags: Sequence[str] = (), start_timeout: float = 20.0) -> None:
        program = find_cli(cli)
        out = tempfile.NamedTemporaryFile(prefix="paysign-mock-out-", delete=False)
        err = tempfile.NamedTemporaryFile(prefix="paysign-mock-err-", delete=False)
        self._files = [out.name, err.name]
        try:
            self._process: subprocess.Popen[bytes] = subprocess.Popen(
                [program, "mock", "--listen", "127.0.0.1:0", "--quiet", *flags],
                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        except OSError as error:
            _stop_files(self._files)
            raise PaySignError("mock_failed", f"paysign.testing: cannot run {program}: {error.strerror or error}") \
                from None
        finally:
            out.close()
            err.close()
        self._finalizer = weakref.finalize(self, _stop, self._process, list(self._files))  # also at exit
        try:
            banner = self._banner(start_timeout)
        except BaseException:
            self._finalizer()
            raise
        self.url = banner["url"]
        self.merchant_id = banner["merchant_id"]
        self.api_key = banner["api_key"]
        self.rsa_public_key_file = banner["rsa_public_key_file"]
        with open(self.rsa_public_key_file, encoding="utf-8") as key:
            self.rsa_public_key = key.read()

    def _banner(self, timeout: float) -> Dict[str, str]:
        """Reads what the mock prints when it starts (docs/mock.md,
        "Starting it"): the line "paysign mock listening on URL", and the
        merchant's credentials from a "merchant_id=... api_key=...
        rsa_public_key_file=..." line or from shell lines "export
        PAYWAY_MERCHANT_ID=... PAYWAY_API_KEY=...
        PAYWAY_RSA_PUBLIC_KEY_FILE=..."; other lines are ignored, so is a
        line not yet complete."""
        names = {"merchant_id": "merchant_id", "api_key": "api_key", "rsa_public_key_file": "rsa_public_key_file",
                 "PAYWAY_MERCHANT_ID": "merchant_id", "PAYWAY_API_KEY": "api_key",
                 "PAYWAY_RSA_PUBLIC_KEY_FILE": "rsa_public_key_file"}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            banner: Dict[str, str] = {}
            with open(self._files[0], encoding="utf-8", errors="replace") as out:
                lines = out.read().split("\n")[:-1]  # the last piece has no newline yet
            for line in lines:
                if line.startswith("paysign mock listening on ") and "url" not in banner:
                    banner["url"] = line[len("paysign mock listening on "):].strip()
                elif line.startswith(("merchant_id=", "export ")):
                    try:
                        words = shlex.split(line)
                    except ValueError:
                        continue
                    for word in words:
                        name, _, value = word.partition("=")
                        if name in names and names[name] not in banner:
                            banner[names[name]] = value
            if all(name in banner for name in ("url", "merchant_id", "api_key", "rsa_public_key_file")):
                return banner
            if self._process.poll() is not None:
                break
            time.sleep(0.01)
        with open(self._files[1], encoding="utf-8", errors="replace") as err:
            errors = err.read()[-2000:]
        state = f"exited with status {self._process.returncode}" if self._process.poll() is not None \
            else f"printed no complete banner within {timeout:g} s"
        raise PaySignError("mock_failed", f"paysign.testing: paysign mock {state}: {errors.strip() or '(no output)'}")

    def __reduce__(self) -> Any:
        raise TypeError("paysign.testing: a PayWayMock (a running process and its API key) is not picklable: "
                        "start one in each process")

    def __repr__(self) -> str:
        state = "" if self.running else ", stopped"
        return f"PayWayMock(url={getattr(self, 'url', None)!r}, merchant_id={getattr(self, 'merchant_id', None)!r}{state})"

    def __enter__(self) -> PayWayMock:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the mock process is still running."""
        return self._process.poll() is None

    def stop(self) -> None:
        """Stops the mock and waits for it; a second stop() does nothing."""
        self._finalizer()

    def payway(self, **options: Any) -> PayWay:
        """A PayWay for the mock's merchant, pointed at the mock
        (base_url). options are more PayWay arguments, or replace these:
        api_key="TEST_ONLY_wrong" for a wrong hash, timeout=0.5,
        query_retries=0, retry_backoff=0.01, ..."""
        arguments: Dict[str, Any] = {"merchant_id": self.merchant_id, "api_key": self.api_key,
                                     "rsa_public_key": self.rsa_public_key, "base_url": self.url}
        arguments.update(options)
        return PayWay(**arguments)

    # --- /__mock/ helpers -----------------------------------------------------

    def helper(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        """Calls a /__mock/ helper (path from /__mock/) and returns its
        decoded JSON answer; an HTTP error status raises mock_failed."""
        if not self.running:
            raise PaySignError("mock_failed", f"paysign.testing: the mock is not running ({method} {path})")
        data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=30) as response:
                text = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")
            try:
                detail = str(json.loads(detail).get("error", detail))
            except (ValueError, AttributeError):
                pass
            raise PaySignError("mock_failed", f"paysign.testing: {method} {path}: HTTP {error.code}: {detail}") \
                from None
        except OSError as error:
            raise PaySignError("mock_failed", f"paysign.testing: {method} {path}: {error}") from None
        return json.loads(text) if text.strip() else None

    def _act(self, collection: str, ident: str, action: str, merchant_id: Optional[str]) -> Dict[str, Any]:
        """POST /__mock/{collection}/{ident}/{action}[?merchant_id=]."""
        query = f"?merchant_id={urllib.parse.quote(merchant_id)}" if merchant_id is not None else ""
        answer: Dict[str, Any] = self.helper(
            "POST", f"/__mock/{collection}/{urllib.parse.quote(str(ident), safe='')}/{action}{query}")
        return answer

    def approve(self, tran_id: str, *, merchant_id: Optional[str] = None) -> Dict[str, Any]:
        """The payer pays: PENDING -> APPROVED (PRE-AUTH for a
        pre-authorization), and the signed pushback goes to the
        transaction's return_url or callback_url. Returns {"transaction",
        "pushback", "pushback_delivered"}: whether your handler answered 2xx."""
        return self._act("transactions", tran_id, "approve", merchant_id)

    def decline(self, tran_id: str, *, merchant_id: Optional[str] = None) -> Dict[str, Any]:
        """PENDING -> DECLINED."""
        return self._act("transactions", tran_id, "decline", merchant_id)

    def expire(self, tran_id: str, *, merchant_id: Optional[str] = None) -> Dict[str, Any]:
        """PENDING -> CANCELLED: the payer can no longer pay."""
        return self._act("transactions", tran_id, "expire", merchant_id)

    def pay_link(self, link_id: str) -> Dict[str, Any]:
        """A payment through a payment link (an APPROVED transaction, the pushback)."""
        return self._act("payment-links", link_id, "pay", None)

    def approve_credential(self, request_id: str, *, merchant_id: Optional[str] = None) -> Dict[str, Any]:
        """The payer links the account or card of link_account/link_card (a pwt, ACTIVE, the pushback)."""
        return self._act("credentials", request_id, "approve", merchant_id)

    def expire_credential(self, request_id: str, *, merchant_id: Optional[str] = None) -> Dict[str, Any]:
        """ACTIVE -> EXPIRED (then renew_token)."""
        return self._act("credentials", request_id, "expire", merchant_id)

    def fault(self, operation: str, kind: str, count: int = 1, *, status: Optional[int] = None,
              delay: Optional[float] = None) -> None:
        """Makes the next count requests of operation ("*": any) fail:
        kind "rate_limit" (HTTP 403, code 429), "concurrent" (PTL168),
        "server_error" (status, default 500, with a proxy's HTML page) or
        "delay" (delay seconds, then the normal answer)."""
        fault: Dict[str, Any] = {"operation": operation, "kind": kind, "count": count}
        if status is not None:
            fault["status"] = status
        if delay is not None:
            fault["delay_ms"] = int(round(delay * 1000))
        self.helper("POST", "/__mock/faults", fault)

    def faults(self) -> List[Dict[str, Any]]:
        """The faults armed, with how many requests each has left."""
        answer = self.helper("GET", "/__mock/faults")
        faults: List[Dict[str, Any]] = answer.get("faults") or []
        return faults

    def clear_faults(self) -> None:
        """Disarms every fault."""
        self.helper("DELETE", "/__mock/faults")

    def requests(self, operation: Optional[str] = None, tran_id: Optional[str] = None, *,
                 after: int = 0, pushbacks: bool = False) -> List[Dict[str, Any]]:
        """What the mock received (the pushbacks it sent too, with
        pushbacks=True), oldest first: operation, fields and params
        (masked), verified, outcome, code, http_status, fault met, and after
        a wrong hash expected_hash_input. Only those of operation, naming
        tran_id, numbered (seq) above after, when given."""
        answer = self.helper("GET", "/__mock/requests")
        records: List[Dict[str, Any]] = answer.get("requests") or []
        kinds = ("request", "pushback") if pushbacks else ("request",)
        return [r for r in records
                if r.get("kind") in kinds and int(r.get("seq", 0)) > after
                and (operation is None or r.get("operation") == operation)
                and (tran_id is None or tran_id in (r.get("tran_id"), (r.get("fields") or {}).get("tran_id")))]

    def last_seq(self) -> int:
        """The number of the last request or pushback recorded (0: none):
        requests(after=mock.last_seq()) are the ones after this point."""
        records = self.helper("GET", "/__mock/requests").get("requests") or []
        return int(records[-1]["seq"]) if records else 0

    def transactions(self) -> List[Dict[str, Any]]:
        """Every transaction, with its history."""
        transactions: List[Dict[str, Any]] = self.helper("GET", "/__mock/transactions").get("transactions") or []
        return transactions

    def transaction(self, tran_id: str) -> Dict[str, Any]:
        """One transaction, with its history (mock_failed for an unknown one)."""
        answer: Dict[str, Any] = self.helper("GET", f"/__mock/transactions/{urllib.parse.quote(tran_id, safe='')}")
        return answer

    def reset(self) -> None:
        """Forgets every transaction, link, credential, beneficiary, request and fault."""
        self.helper("POST", "/__mock/reset")


def _stop_files(files: Sequence[str]) -> None:
    for path in files:
        try:
            os.unlink(path)
        except OSError:
            pass

