"""`pip install ./bindings/python` into a fresh virtual environment gives a
working package that carries its own libpaysign.so; from a fresh checkout
(no build/) it builds the library with Go, or says what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
         # The packaged library is the production build: no test op.
         "try:\n    paysign.call('test.panic', {})\n    raise SystemExit('test.panic in the package')\n"
         "except paysign.PaySignError as e:\n    assert e.code == 'unknown_op', e.code\n"
         "print(len(paysign.PayWay.catalog()['operations']))\n"],
        capture_output=True, text=True, timeout=60, env=env, cwd=str(venv))
    assert check.returncode == 0, check.stderr
    assert int(check.stdout) >= 20
    typed = list(venv.glob("lib/python*/site-packages/paysign/py.typed"))
    assert typed, "py.typed missing from the installed package"


def _fresh_checkout(tmp: Path) -> Path:
    """A copy of what `git clone` gives for the Python package and the Go
    sources, with no build/ (so no libpaysign.so yet)."""
    tracked = subprocess.run(["git", "ls-files", "go.mod", "go.sum", "VERSION", "LICENSE", "core", "cshared",
                              "bindings/python"], cwd=REPOSITORY, capture_output=True, text=True, check=True)
    for name in tracked.stdout.splitlines():
        source = REPOSITORY / name
        if source.is_file():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, tmp / name)
    # Generated or new files not committed yet still count as part of the checkout.
    for name in ("bindings/python/src/paysign/_version.py", "core/abi/version.go"):
        shutil.copyfile(REPOSITORY / name, tmp / name)
    assert not (tmp / "build").exists()
    return tmp


def test_pip_install_from_a_fresh_checkout_builds_the_library_with_go(tmp_path: Path) -> None:
    go = shutil.which("go")
    assert go is not None, "the tests need Go on PATH (make test-python builds the library with it)"
    checkout = _fresh_checkout(tmp_path / "checkout")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAYSIGN_LIB")}
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                              "--disable-pip-version-check", str(checkout / "bindings" / "python")],
                             capture_output=True, text=True, timeout=600, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    check = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import paysign; print(paysign.library_path()); print(paysign.__version__); "
                            "print(paysign.call('paysign.version', {})['abi_version'])"],
                           capture_output=True, text=True, timeout=60, env=env, cwd=str(tmp_path))
    assert check.returncode == 0, check.stderr
    path, version, abi = check.stdout.split()
    assert "/site-packages/paysign/_lib/libpaysign.so" in path
    assert version == (REPOSITORY / "VERSION").read_text().strip()
    assert abi == "1"


def test_pip_install_from_a_fresh_checkout_without_go_says_what_to_install(tmp_path: Path) -> None:
    checkout = _fresh_checkout(tmp_path / "checkout")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    # A PATH with the venv's Python and nothing else: no go, no cc.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAYSIGN_LIB")}
    env["PATH"] = str(venv / "bin")
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                              "--disable-pip-version-check", str(checkout / "bindings" / "python")],
                             capture_output=True, text=True, timeout=600, env=env)
    assert install.returncode != 0
    output = install.stdout + install.stderr
    assert "building the library from source needs Go, and `go` is not on PATH" in output, output
    go = next(line.split()[1] for line in (REPOSITORY / "go.mod").read_text().splitlines() if line.startswith("go "))
    assert f"Install Go {go} or newer" in output, output
    assert "C compiler" in output
