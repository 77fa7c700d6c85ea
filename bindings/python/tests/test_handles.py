"""Credentials handles through the PayWay helper object (issue 14.2): one
handle per object, opened on first use (never when the object is made, so
nothing is loaded before a fork), sent instead of the credentials, closed
by close(), a with block or the garbage collector; "closed" after close(),
"forked" in a child of the process that opened it; shared by 8 threads.

Whether a handle is open is asked of the library itself: closing an open
handle answers {"closed": true}, closing a closed one unknown_handle."""

from __future__ import annotations

import base64
import gc
import hashlib
import hmac
import json
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List

import pytest

import paysign
from conftest import PUBLIC_KEY, REPOSITORY, VECTORS, error_of, hmac_b64, run_python

API_KEY = "TEST_ONLY_handles_api_key"
PRIVATE_KEY = (REPOSITORY / "internal" / "testkeys" / "rsa1024_TEST_ONLY_private.pem").read_text()
TIME = "20261121093403"


def payway(**options: Any) -> paysign.PayWay:
    return paysign.PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PUBLIC_KEY, **options)




def handle_of(p: paysign.PayWay) -> int:
    opened = p._opened
    assert opened is not None, "no handle open"
    return opened.handle


def is_open(handle: int) -> bool:
    """Asks the library by closing the handle: True if it was open (it is
    closed now)."""
    try:
        return paysign.call("paysign.close_credentials", {"handle": handle}) == {"closed": True}
    except paysign.PaySignError as error:
        assert (error.code, error.field) == ("unknown_handle", "handle")
        return False


def next_handle() -> int:
    """The number the library gives the next handle (handles count up and
    are never reused)."""
    handle = int(paysign.call("paysign.open_credentials", {"credentials": {"api_key": "TEST_ONLY_probe"}})["handle"])
    assert is_open(handle)
    return handle + 1


def test_one_handle_per_object_opened_on_first_use_and_reused() -> None:
    first = next_handle()
    p = payway()
    assert p._opened is None, "nothing is opened when the object is made"
    hashes = [p.sign("check_transaction", request_time=TIME, tran_id=f"T{i}")["hash"] for i in range(5)]
    assert hashes == [hmac_b64(f"{TIME}ec000002T{i}", API_KEY) for i in range(5)]
    p.sign("refund", tran_id="T1", refund_amount="1.50")
    p.verify("check_transaction", p.sign("check_transaction", tran_id="T9")["fields"])
    assert handle_of(p) == first
    assert next_handle() == first + 2, "the object opened exactly one handle"
    p.close()


def test_requests_carry_the_handle_not_the_credentials() -> None:
    """Once the handle is gone inside the library, the object's next sign
    fails with unknown_handle: it sent the handle, not the key."""
    p = payway()
    p.sign("check_transaction", tran_id="T1")
    assert is_open(handle_of(p))  # closed behind the object's back
    error = error_of(lambda: p.sign("check_transaction", tran_id="T1"))
    assert (error.code, error.field) == ("unknown_handle", "credentials.handle")
    p.close()  # closing an already closed handle raises nothing


def test_making_an_object_loads_nothing() -> None:
    result = run_python("import paysign\np = paysign.PayWay(merchant_id='m', api_key='TEST_ONLY_k')\n"
                        "print(paysign.is_loaded(), p.closed)\np.close()\nprint(paysign.is_loaded(), p.closed)\n")
    assert result.stdout.split() == ["False", "False", "False", "True"], result.stderr


def test_close_closes_the_handle_and_later_use_raises_closed() -> None:
    p = payway()
    p.sign("check_transaction", tran_id="T1")
    handle = handle_of(p)
    p.close()
    assert p.closed and "closed" in repr(p)
    assert not is_open(handle), "close() closed the handle in the library"
    for use in (lambda: p.sign("check_transaction", tran_id="T1"),
                lambda: p.verify("check_transaction", [["hash", "x"]]),
                lambda: p.verify("refund", [["hash", "x"]], rsa_private_key=PRIVATE_KEY)):
        error = error_of(use)
        assert error.code == "closed" and "closed" in error.message
    p.close()  # twice: nothing happens


def test_with_block_closes_even_on_error() -> None:
    with payway() as p:
        p.sign("check_transaction", tran_id="T1")
        handle = handle_of(p)
    assert p.closed and not is_open(handle)
    with pytest.raises(ZeroDivisionError):
        with payway() as q:
            q.sign("check_transaction", tran_id="T1")
            handle = handle_of(q)
            1 / 0
    assert q.closed and not is_open(handle)


def test_garbage_collector_closes_the_handle() -> None:
    p = payway()
    p.sign("check_transaction", tran_id="T1")
    handle = handle_of(p)
    del p
    gc.collect()
    assert not is_open(handle), "the finalizer closed the handle"
    # An object in a reference cycle: closed when the cycle collector frees it.
    q = payway()
    q.sign("check_transaction", tran_id="T1")
    handle = handle_of(q)
    q.cycle = q  # type: ignore[attr-defined]
    del q
    gc.collect()
    assert not is_open(handle)


def test_failed_open_leaves_the_object_usable_for_the_error() -> None:
    bad = paysign.PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PRIVATE_KEY)
    for _ in range(2):
        error = error_of(lambda: bad.sign("check_transaction", tran_id="T1"))
        assert (error.code, error.field) == ("invalid_key", "credentials.rsa_public_key")
    assert bad._opened is None


def test_verify_with_a_private_key_needs_no_handle() -> None:
    """The private key is not part of the handle: verify(..., rsa_private_key=)
    sends it (with the API key) and opens nothing."""
    signer = payway()
    signed = signer.sign("refund", tran_id="T1", refund_amount="1.50")
    server = paysign.PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key="not a key")
    verified = server.verify("refund", signed["fields"], rsa_private_key=PRIVATE_KEY)
    assert verified["merchant_auth"] == {"mc_id": "ec000002", "tran_id": "T1", "refund_amount": 1.5}
    assert server._opened is None
    signer.close()


def test_environment_is_part_of_the_handle_prefix() -> None:
    # production takes a key PayWay issued for it: a TEST_ONLY one is refused before anything is signed
    with paysign.PayWay(merchant_id="ec000002", api_key="handles-production-key", environment="production") as p:
        assert p.sign("check_transaction", tran_id="T1")["url"].startswith("https://checkout.payway.com.kh/")
    with payway(environment="production") as p:
        assert error_of(lambda: p.sign("check_transaction", tran_id="T1")).code == "environment_mismatch"
    with payway() as p:
        assert p.sign("check_transaction", tran_id="T1")["url"].startswith("https://checkout-sandbox.payway.com.kh/")


def test_interpreter_shutdown_is_quiet() -> None:
    """Objects alive at exit, in cycles, or collected while modules are torn
    down: nothing is printed and the exit status is 0."""
    result = run_python(textwrap.dedent(f"""
        import paysign
        keep = paysign.PayWay(merchant_id='ec000002', api_key='TEST_ONLY_k', rsa_public_key={PUBLIC_KEY!r})
        keep.sign('check_transaction', tran_id='T1')
        cyclic = paysign.PayWay(merchant_id='ec000002', api_key='TEST_ONLY_k')
        cyclic.sign('check_transaction', tran_id='T1')
        cyclic.me = cyclic
        closed = paysign.PayWay(merchant_id='ec000002', api_key='TEST_ONLY_k')
        closed.sign('check_transaction', tran_id='T1')
        closed.close()
        print('done')
    """))
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "done", "")


def test_fork_child_gets_forked_for_a_parents_handle() -> None:
    result = run_python(textwrap.dedent(f"""
        import os, time, paysign
        def wait(pid):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return os.waitstatus_to_exitcode(status)
                time.sleep(0.02)
            os.kill(pid, 9)
            return "hung"

        def child(fn):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    os.write(write_end, fn().encode())
                except paysign.PaySignError as e:
                    os.write(write_end, ("error:" + e.code).encode())
                finally:
                    os._exit(0)
            os.close(write_end)
            code = wait(pid)
            return os.read(read_end, 200).decode() + ":" + str(code)

        unused = paysign.PayWay(merchant_id='ec000002', api_key='TEST_ONLY_k')
        # Nothing loaded in the parent yet: the child opens its own handle.
        print(child(lambda: unused.sign('check_transaction', tran_id='T1')['operation']))
        p = paysign.PayWay(merchant_id='ec000002', api_key='TEST_ONLY_k', rsa_public_key={PUBLIC_KEY!r})
        p.sign('check_transaction', tran_id='T1')
        handle = p._opened.handle
        print(child(lambda: p.sign('check_transaction', tran_id='T1')['operation']))
        print(child(lambda: p.verify('check_transaction', [['hash', 'x']])['operation']))
        print(child(lambda: p.verify('refund', [['hash', 'x']], rsa_private_key='k')['operation']))
        # close() and the finalizer in the child leave the parent's handle alone.
        def close_in_child():
            p.close()
            del globals()['p']
            import gc; gc.collect()
            return 'closed'
        print(child(close_in_child))
        print(p.sign('check_transaction', tran_id='T1')['operation'])
        p.close()
        try:
            paysign.call('paysign.close_credentials', {{'handle': handle}})
        except paysign.PaySignError as e:
            print(e.code)
    """))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["check_transaction:0", "error:forked:0", "error:forked:0", "error:forked:0", "closed:0",
                                     "check_transaction", "unknown_handle"], result.stderr


def test_eight_threads_share_one_object() -> None:
    """Eight threads start at once on one fresh object: exactly one handle
    is opened, and every answer is right (hashes recomputed with hmac,
    refunds decrypted by payway.verify)."""
    first = next_handle()
    p = payway()
    barrier = threading.Barrier(8)

    def work(worker: int) -> List[int]:
        barrier.wait()
        handles = []
        for i in range(60):
            tran_id = f"W{worker}-{i}"
            if i % 3:
                signed = p.sign("check_transaction", request_time=TIME, tran_id=tran_id)
                assert signed["hash"] == hmac_b64(f"{TIME}ec000002{tran_id}", API_KEY)
            else:
                signed = p.sign("refund", request_time=TIME, tran_id=tran_id, refund_amount=f"{i}.25")
                verified = p.verify("refund", signed["fields"], rsa_private_key=PRIVATE_KEY)
                assert json.loads(verified["merchant_auth_json"]) == {"mc_id": "ec000002", "tran_id": tran_id,
                                                                       "refund_amount": i + 0.25}
            handles.append(handle_of(p))
        return handles

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = {h for handles in pool.map(work, range(8)) for h in handles}
    assert seen == {first}
    assert next_handle() == first + 2, "one handle for eight threads"
    p.close()


def test_member_order_vector() -> None:
    """PayWay.sign("purchase", items=[...], custom_fields={...}) sends the
    bytes of testvectors/payway_sign.json's MemberOrder vector: keyword
    arguments and dicts keep their insertion order."""
    document = json.loads((VECTORS / "payway_sign.json").read_text())
    [vector] = [t for t in document["tests"] if "MemberOrder" in t.get("flags", [])]
    given = vector["input"]
    credentials = given["credentials"]
    with paysign.PayWay(merchant_id=credentials["merchant_id"], api_key=credentials["api_key"],
                        environment=given["environment"]) as p:
        signed = p.sign(given["operation"], request_time=given["request_time"], **given["params"])
    want = vector["output"]
    assert signed["fields"] == want["fields"]
    assert (signed["hash_input"], signed["hash"]) == (want["hash_input"], want["hash"])
    assert signed["hash"] == base64.b64encode(hmac.new(credentials["api_key"].encode(), want["hash_input"].encode(),
                                                       hashlib.sha512).digest()).decode()
    # The order is the caller's: custom_fields' base64 is the JSON of the dict as given.
    custom = json.loads(base64.b64decode(dict(signed["fields"])["custom_fields"]))
    assert list(custom) == ["order_ref", "channel", "customer"] and list(custom["customer"]) == ["tier", "id"]
