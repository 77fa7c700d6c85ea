"""Build hook of paysign-mock: the wheel carries one platform's `paysign` binary.

    PAYSIGN_MOCK_BINARY=build/dist/paysign-0.2.0-linux-amd64 \
    PAYSIGN_WHEEL_PLATFORM=manylinux_2_17_x86_64.manylinux2014_x86_64 \
    python -m build --wheel packaging/mock/python

The binary lands as paysign_mock/bin/paysign (paysign.exe for a win_*
platform) with its executable bit, which pip keeps when it installs, and
the repository's LICENSE as paysign_mock/LICENSE. The
program is pure Go (no cgo), so the wheel is py3-none-<platform>.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            raise RuntimeError("paysign-mock is published as wheels only (one per platform)")
        binary = os.environ.get("PAYSIGN_MOCK_BINARY", "")
        platform = os.environ.get("PAYSIGN_WHEEL_PLATFORM", "")
        if not binary or not platform:
            raise RuntimeError("paysign-mock: set PAYSIGN_MOCK_BINARY (the paysign binary) and "
                               "PAYSIGN_WHEEL_PLATFORM (its wheel platform tag); `make dist` does")
        path = Path(binary)
        if not path.is_file() or not path.stat().st_mode & stat.S_IXUSR:
            raise RuntimeError(f"paysign-mock: {binary} is not an executable file")
        name = "paysign.exe" if platform.startswith("win") else "paysign"
        build_data["force_include"][str(path)] = f"paysign_mock/bin/{name}"
        build_data["force_include"][str(Path(self.root).resolve().parents[2] / "LICENSE")] = "paysign_mock/LICENSE"
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform}"
