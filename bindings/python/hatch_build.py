"""Wheel build hook: ships libpaysign.so inside the wheel.

The library is taken from $PAYSIGN_LIB, else from the repository's
build/libpaysign.so (run `make cshared` first), and lands in the wheel as
paysign/_lib/libpaysign.so, where the loader looks last. The wheel holds
native code but no CPython extension (ctypes loads it), so it is tagged
py3-none-<platform>: any Python 3, this platform only.
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        candidates = [os.environ.get("PAYSIGN_LIB", ""),
                      str(Path(self.root).parent.parent / "build" / "libpaysign.so")]
        library = next((c for c in candidates if c and Path(c).is_file()), None)
        if library is None:
            raise RuntimeError(
                "paysign: libpaysign.so not found; run `make cshared` in the repository "
                "or set PAYSIGN_LIB to the library to package")
        build_data["force_include"][library] = "paysign/_lib/libpaysign.so"
        build_data["pure_python"] = False
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = f"py3-none-{platform}"
