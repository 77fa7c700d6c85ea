"""Build hook: the wheel carries the paysign library; the sdist carries its Go sources.

Wheel (`pip install ./bindings/python`, `pip install paysign-X.tar.gz`,
`python -m build`): the library lands in the wheel as paysign/_lib/<name>
(libpaysign.so, libpaysign.dylib or paysign.dll), where the loader looks
last. It is, in this order:

1. $PAYSIGN_LIB, a library built beforehand (`make dist` uses this, with
   $PAYSIGN_WHEEL_PLATFORM naming the platform it was built for);
2. the repository's build/libpaysign.so, when building from a checkout
   where `make cshared` ran;
3. built here from the Go sources: the repository's (a checkout) or the
   sdist's own copy under go/ (vendored, so no module download is needed).
   That needs Go (see go.mod for the version) and a C compiler on PATH;
   without them the build stops and says what to install.

The wheel holds native code but no CPython extension (ctypes loads it), so
it is tagged py3-none-<platform>: any Python 3, one platform.

sdist: src/, tests, this hook, and under go/ the Go sources the library
needs: go.mod, go.sum, the non-test .go files of the packages the C
library is built from (`go list -deps ./cshared`), cshared/include, and
vendor/ (`go mod vendor` of just those packages).
Building an sdist therefore needs Go too (`make dist` does it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

GO_HINT = ("Install Go {go} or newer (https://go.dev/dl/) and a C compiler (Debian/Ubuntu: "
           "apt install gcc; macOS: xcode-select --install; Windows: MinGW-w64 gcc) and put both on "
           "PATH; or install a prebuilt wheel instead (pip install --only-binary=:all: paysign); "
           "or set PAYSIGN_LIB to a built libpaysign.")


def library_name(platform: str) -> str:
    """The file name of the library on a wheel platform tag (or sysconfig platform)."""
    if platform.startswith("win"):
        return "paysign.dll"
    if platform.startswith("macosx"):
        return "libpaysign.dylib"
    return "libpaysign.so"


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._temporary: list[str] = []
        if self.target_name == "wheel":
            self._wheel(build_data)
        elif self.target_name == "sdist":
            self._sdist(build_data)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        for directory in self._temporary:
            shutil.rmtree(directory, ignore_errors=True)

    # --- where things are ---------------------------------------------------

    def _hint(self) -> str:
        go = "(the version go.mod names)"
        sources = self._go_sources()
        if sources is not None:
            for line in (sources / "go.mod").read_text().splitlines():
                if line.startswith("go "):
                    go = line.split()[1]
        return GO_HINT.format(go=go)

    def _repository(self) -> Path | None:
        """The checkout this package sits in (bindings/python), if any."""
        candidate = Path(self.root).resolve().parent.parent
        if (candidate / "cshared" / "include" / "paysign.h").is_file() and (candidate / "go.mod").is_file():
            return candidate
        return None

    def _go_sources(self) -> Path | None:
        """The Go module to build the library from: the sdist's go/, else the checkout."""
        packaged = Path(self.root) / "go"
        if (packaged / "go.mod").is_file() and (packaged / "cshared").is_dir():
            return packaged
        return self._repository()

    def _license(self) -> Path | None:
        for candidate in (Path(self.root) / "LICENSE", (self._repository() or Path(self.root)) / "LICENSE"):
            if candidate.is_file():
                return candidate
        return None

    # --- wheel --------------------------------------------------------------

    def _wheel(self, build_data: dict[str, Any]) -> None:
        host = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        platform = os.environ.get("PAYSIGN_WHEEL_PLATFORM") or host
        explicit = os.environ.get("PAYSIGN_LIB")
        if explicit:
            if not Path(explicit).is_file():
                raise RuntimeError(f"paysign: PAYSIGN_LIB names {explicit}, which does not exist")
            library = explicit
        elif platform != host:
            raise RuntimeError(f"paysign: PAYSIGN_WHEEL_PLATFORM={platform} needs PAYSIGN_LIB, "
                               "the library built for that platform (see `make dist`)")
        else:
            repository = self._repository()
            built = repository / "build" / "libpaysign.so" if repository else None
            library = str(built) if built is not None and built.is_file() else self._build_library()
        build_data["force_include"][library] = f"paysign/_lib/{library_name(platform)}"
        license_file = self._license()
        if license_file is not None:
            build_data["force_include"][str(license_file)] = "paysign/LICENSE"
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform}"

    def _build_library(self) -> str:
        sources = self._go_sources()
        if sources is None:
            raise RuntimeError("paysign: neither a built library nor the Go sources to build one were found "
                               "(this is not a paysign checkout or sdist). " + self._hint())
        go = shutil.which("go")
        if go is None:
            raise RuntimeError("paysign: building the library from source needs Go, and `go` is not on PATH. "
                               + self._hint())
        env = dict(os.environ, CGO_ENABLED="1")
        if sources == Path(self.root) / "go":
            env["GOFLAGS"] = (env.get("GOFLAGS", "") + " -mod=vendor").strip()
        compiler = subprocess.run([go, "env", "CC"], capture_output=True, text=True, env=env, cwd=sources)
        cc = compiler.stdout.strip().split()[0] if compiler.returncode == 0 and compiler.stdout.strip() else "cc"
        if shutil.which(cc) is None:
            raise RuntimeError(f"paysign: building the library needs a C compiler for cgo, and `{cc}` "
                               "(go env CC) is not on PATH. " + self._hint())
        out_dir = tempfile.mkdtemp(prefix="paysign-lib-")
        self._temporary.append(out_dir)
        host = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        output = os.path.join(out_dir, library_name(host))
        command = [go, "build", "-trimpath", "-ldflags=-s -w", "-buildmode=c-shared", "-o", output, "./cshared"]
        print(f"paysign: building {library_name(host)} from the Go sources in {sources}", file=sys.stderr)
        result = subprocess.run(command, env=env, cwd=sources, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"paysign: `{' '.join(command)}` failed in {sources}:\n"
                               f"{result.stdout}{result.stderr}\n" + self._hint())
        return output

    # --- sdist --------------------------------------------------------------

    @staticmethod
    def _library_packages(go: str, repository: Path) -> list[Path]:
        """The folders of the module's own packages the C library is built
        from (./cshared and what it imports, on every platform a wheel is
        made for): test helpers such as paywaytest stay out."""
        folders: set[Path] = set()
        for goos in ("linux", "darwin", "windows"):
            env = dict(os.environ, GOOS=goos, CGO_ENABLED="1", GOFLAGS="-mod=mod")
            listed = subprocess.run([go, "list", "-deps", "-f", "{{if not .Standard}}{{with .Module}}{{.Path}}{{end}}|{{.Dir}}{{end}}",
                                     "./cshared"], cwd=repository, env=env, capture_output=True, text=True)
            if listed.returncode != 0:
                raise RuntimeError(f"paysign: `go list -deps ./cshared` failed:\n{listed.stderr}")
            for line in listed.stdout.splitlines():
                module, _, folder = line.partition("|")
                if module == "github.com/paysign/paysign":
                    folders.add(Path(folder))
        return sorted(folders)

    def _sdist(self, build_data: dict[str, Any]) -> None:
        repository = self._repository()
        if repository is None:
            if (Path(self.root) / "go" / "go.mod").is_file():
                return  # an sdist rebuilt from an sdist: go/ is part of its tree already
            raise RuntimeError("paysign: the sdist is built from a checkout of the paysign repository")
        go = shutil.which("go")
        if go is None:
            raise RuntimeError("paysign: building the sdist needs Go on PATH (it vendors the Go "
                               "dependencies). " + self._hint())
        stage = Path(tempfile.mkdtemp(prefix="paysign-sdist-"))
        self._temporary.append(str(stage))
        files = [Path("go.mod"), Path("go.sum")]
        files += [path.relative_to(repository) for path in sorted((repository / "cshared" / "include").iterdir())]
        for package in self._library_packages(go, repository):
            for path in sorted(package.iterdir()):
                if path.is_file() and path.suffix == ".go" and not path.name.endswith("_test.go"):
                    files.append(path.relative_to(repository))
        for relative in files:
            (stage / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(repository / relative, stage / relative)
        env = dict(os.environ, GOFLAGS="-mod=mod")
        vendor = subprocess.run([go, "mod", "vendor"], cwd=stage, env=env, capture_output=True, text=True)
        if vendor.returncode != 0:
            raise RuntimeError(f"paysign: `go mod vendor` failed:\n{vendor.stdout}{vendor.stderr}")
        for path in sorted(stage.rglob("*")):
            if path.is_file():
                build_data["force_include"][str(path)] = f"go/{path.relative_to(stage).as_posix()}"
        license_file = self._license()
        if license_file is not None:
            build_data["force_include"][str(license_file)] = "LICENSE"
