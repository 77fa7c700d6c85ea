"""`pip install ./bindings/python` into a fresh virtual environment gives a
working package that carries its own libpaysign.so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPOSITORY


def test_pip_install_into_fresh_venv() -> None:
    venv = REPOSITORY / "build" / "venv-test"
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAYSIGN_LIB")}
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              str(REPOSITORY / "bindings" / "python")],
                             capture_output=True, text=True, timeout=300, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    # Run from outside the checkout, so only the installed package (and its
    # packaged library) can be found.
    check = subprocess.run(
        [python, "-c",
         "import paysign, sys\n"
         "path = paysign.library_path()\n"
         "assert '/site-packages/paysign/_lib/' in path, path\n"
         "assert paysign.call('paysign.version', {})['abi_version'] == 1\n"
         "try:\n    paysign.call('test.panic', {})\n"
         "except paysign.PaySignError as e:\n    assert e.code == 'internal'\n"
         "print(len(paysign.PayWay.catalog()['operations']))\n"],
        capture_output=True, text=True, timeout=60, env=env, cwd=str(venv))
    assert check.returncode == 0, check.stderr
    assert int(check.stdout) >= 20
    typed = list(venv.glob("lib/python*/site-packages/paysign/py.typed"))
    assert typed, "py.typed missing from the installed package"
