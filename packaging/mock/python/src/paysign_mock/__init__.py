"""The `paysign` program, whose `paysign mock` is a local PayWay for tests.

TEST-ONLY, for development installs: ``pip install "paysign[mock]"``
brings this package (one wheel per platform, each carrying that platform's
binary), and paysign.testing.PayWayMock and its pytest plugin find the
program through executable(). Production installs of paysign do not
include it.
"""

from __future__ import annotations

import os
import sys

from ._version import __version__

__all__ = ["executable", "__version__"]


def executable() -> str:
    """The absolute path of the bundled `paysign` program (paysign.exe on Windows).

    Raises FileNotFoundError when this installation has no binary (a wheel
    for another platform was unpacked by hand).
    """
    name = "paysign.exe" if sys.platform == "win32" else "paysign"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", name)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"paysign_mock {__version__}: {path} is missing: this wheel is not for this platform")
    return path
