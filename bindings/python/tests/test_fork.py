"""Fork: a child of a process that loaded the library gets
PaySignError("forked") at once instead of hanging; a child whose parent
never loaded it loads its own copy and works.

Each scenario runs in a fresh interpreter (this pytest process has loaded
the library already), and every wait is bounded, so a hang fails."""

from __future__ import annotations

import textwrap

from conftest import run_python

CHILD_RESULT = textwrap.dedent("""
    import json, os, sys
    import paysign

    def child_outcome():
        try:
            for _ in range(1000):
                value = paysign.call("paysign.version", {})
            return "ok:%d" % value["abi_version"]
        except paysign.PaySignError as e:
            return "error:%s:%s" % (e.code, "fork" in e.message)

    def child_outcome_of_task(_task):
        return child_outcome()

    def wait(pid):
        import time
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.02)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        return "hung"
""")


def fork_scenario(load_in_parent: bool) -> str:
    code = CHILD_RESULT + textwrap.dedent(f"""
        if {load_in_parent!r}:
            paysign.call("paysign.version", {{}})
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.write(write_end, child_outcome().encode())
            os._exit(0)
        os.close(write_end)
        exit_code = wait(pid)
        print(os.read(read_end, 200).decode(), exit_code)
        # The parent is unaffected either way.
        print(paysign.call("paysign.version", {{}})["abi_version"])
    """)
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_os_fork_after_load_raises_forked() -> None:
    assert fork_scenario(load_in_parent=True).split() == ["error:forked:True", "0", "1"]


def test_os_fork_before_load_loads_in_child() -> None:
    assert fork_scenario(load_in_parent=False).split() == ["ok:1", "0", "1"]


def multiprocessing_scenario(load_in_parent: bool) -> str:
    code = CHILD_RESULT + textwrap.dedent(f"""
        import multiprocessing
        if __name__ == "__main__":
            if {load_in_parent!r}:
                paysign.call("paysign.version", {{}})
            with multiprocessing.get_context("fork").Pool(2) as pool:
                outcomes = pool.map_async(child_outcome_of_task, range(4)).get(timeout=30)
            print(" ".join(sorted(set(outcomes))))
    """)
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_multiprocessing_fork_after_load_raises_forked() -> None:
    assert multiprocessing_scenario(load_in_parent=True) == "error:forked:True"


def test_multiprocessing_fork_before_load_works() -> None:
    assert multiprocessing_scenario(load_in_parent=False) == "ok:1"
