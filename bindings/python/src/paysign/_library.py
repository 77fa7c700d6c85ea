"""Locating, loading and calling libpaysign through ctypes.

The library holds a Go runtime, which does not survive fork(2): a child
process that uses a library its parent loaded can hang (golang/go#15538).
So the library is loaded lazily, on first use, in the process that uses it;
the loading pid is recorded, and a call from a forked child raises
PaySignError("forked") instead of hanging. A child whose parent never loaded
the library loads its own copy normally.

Import cost matters (issue 14: import + first sign within 15 ms), so this
module imports only ctypes and what the interpreter has loaded already:
_thread rather than threading, no typing at run time.
"""

from __future__ import annotations

import _thread
import ctypes
import os
import sys

from .errors import PaySignError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:
    from typing import Optional, Tuple, Union

    PathLike = Union[str, "os.PathLike[str]"]

#: The ABI version this package speaks (paysign_abi_version()).
ABI_VERSION = 1

STATUS_OK = 0
STATUS_ERROR = 1
STATUS_PANIC = 2
STATUS_MISUSE = 3

# The packaged library's file name on this platform (the wheel for each
# platform carries only its own). A checkout's `make cshared` always writes
# build/libpaysign.so.
if sys.platform == "win32":
    _LIBRARY_NAME = "paysign.dll"
elif sys.platform == "darwin":
    _LIBRARY_NAME = "libpaysign.dylib"
else:
    _LIBRARY_NAME = "libpaysign.so"
_HERE = os.path.dirname(os.path.realpath(__file__))
_PACKAGED = os.path.join(_HERE, "_lib", _LIBRARY_NAME)
# src/paysign/_library.py -> the repository root, when running from a checkout.
_REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(_HERE))))

_FORKED_MESSAGE = (
    "paysign: the library was loaded in process {parent} before this process ({child}) "
    "was forked from it, and a Go runtime does not survive fork(). Load paysign after forking: "
    "do not call it at import time or in a pre-fork parent (gunicorn --preload, uWSGI without "
    "lazy-apps, multiprocessing with the fork start method).")


class _Loaded:
    # A plain class, not a dataclass: importing dataclasses (and inspect)
    # would double the binding's import time.
    __slots__ = ("path", "pid", "cdll", "call", "free")

    def __init__(self, path: str, pid: int, cdll: ctypes.CDLL) -> None:
        self.path, self.pid, self.cdll = path, pid, cdll
        self.call = cdll.paysign_call
        self.free = cdll.paysign_free


_lock = _thread.allocate_lock()
_configured: Optional[str] = None
_loaded: Optional[_Loaded] = None


def _reset_lock_in_child() -> None:
    # A fork while another thread held the lock would leave it held forever.
    global _lock
    _lock = _thread.allocate_lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork()
    os.register_at_fork(after_in_child=_reset_lock_in_child)


def configure(library: Optional[PathLike] = None) -> None:
    """Sets the path of libpaysign.so to load on first use.

    It takes precedence over $PAYSIGN_LIB, the repository's build/ and the
    copy packaged in the wheel. Once the library is loaded it cannot change
    (a Go library cannot be unloaded); configuring another path then raises
    PaySignError("already_loaded").
    """
    global _configured
    path = os.fspath(library) if library is not None else None
    with _lock:
        if _loaded is not None and path is not None and os.path.abspath(path) != _loaded.path:
            raise PaySignError("already_loaded",
                               f"paysign: the library is already loaded from {_loaded.path}")
        _configured = path


def library_path() -> str:
    """Returns the path that will be (or was) loaded, by the documented order:
    configure(library=...), $PAYSIGN_LIB, the repository's build/libpaysign.so,
    then the copy packaged with this module."""
    if _loaded is not None:
        return _loaded.path
    candidates = [
        ("configure(library=...)", _configured),
        ("$PAYSIGN_LIB", os.environ.get("PAYSIGN_LIB") or None),
    ]
    for origin, explicit in candidates:
        if explicit is not None:
            if not os.path.isfile(explicit):
                raise PaySignError("library_not_found", f"paysign: {origin} names {explicit}, which does not exist")
            return os.path.abspath(explicit)
    repository_build = os.path.join(_REPOSITORY, "build", "libpaysign.so")
    if os.path.isfile(os.path.join(_REPOSITORY, "cshared", "include", "paysign.h")) and os.path.isfile(repository_build):
        return str(repository_build)
    if os.path.isfile(_PACKAGED):
        return _PACKAGED
    raise PaySignError("library_not_found",
                       f"paysign: {_LIBRARY_NAME} not found: this installation has no paysign/_lib/{_LIBRARY_NAME} "
                       "(no wheel for this platform?); pass paysign.configure(library=...), set PAYSIGN_LIB, "
                       "or run `make cshared` in the repository")


def _open(path: str) -> ctypes.CDLL:
    try:
        cdll = ctypes.CDLL(path)
    except OSError as exc:
        raise PaySignError("load_failed", f"paysign: cannot load {path}: {exc}") from None
    # The argument types are set once, here. The two out parameters are
    # declared as plain addresses (c_void_p): each thread passes the
    # addresses of its own two reused cells (_Cells), which costs less per
    # call than building POINTER objects and byref() wrappers.
    cdll.paysign_call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
                                  ctypes.c_void_p, ctypes.c_void_p]
    # c_int, not c_char_p: a c_char_p result is copied and its pointer lost, which leaks.
    cdll.paysign_call.restype = ctypes.c_int
    cdll.paysign_free.argtypes = [ctypes.c_void_p]
    cdll.paysign_free.restype = None
    cdll.paysign_abi_version.argtypes = []
    cdll.paysign_abi_version.restype = ctypes.c_int
    version = cdll.paysign_abi_version()
    if version != ABI_VERSION:
        raise PaySignError("abi_mismatch",
                           f"paysign: {path} speaks ABI version {version}; this package needs {ABI_VERSION}")
    return cdll


def _library() -> _Loaded:
    loaded = _loaded
    if loaded is None:
        loaded = _load()
    if loaded.pid != os.getpid():
        raise forked_error(loaded.pid)
    return loaded


def forked_error(parent: int) -> PaySignError:
    """The error of a process forked from one that loaded the library (or
    opened a credentials handle)."""
    return PaySignError("forked", _FORKED_MESSAGE.format(parent=parent, child=os.getpid()))


def _load() -> _Loaded:
    global _loaded
    with _lock:
        if _loaded is None:
            path = library_path()
            _loaded = _Loaded(path=path, pid=os.getpid(), cdll=_open(path))
        return _loaded


def is_loaded() -> bool:
    """Reports whether this process (or a parent it was forked from) has
    loaded the library."""
    return _loaded is not None


class _Cells(_thread._local):
    """Each thread's two out cells for paysign_call (the response pointer
    and its length) and their addresses, made once per thread and reused:
    the call writes them and this thread reads them right after, so no
    other thread ever sees them."""

    def __init__(self) -> None:
        out, out_len = ctypes.c_void_p(), ctypes.c_size_t()
        self.slots = (out, out_len, ctypes.addressof(out), ctypes.addressof(out_len))


_cells = _Cells()
_string_at = ctypes.string_at
_getpid = os.getpid


def loaded_here() -> _Loaded:
    """The library, loaded now if need be; raises "forked" in a process
    forked from the one that loaded it."""
    loaded = _loaded
    if loaded is None or loaded.pid != _getpid():
        loaded = _library()
    return loaded


def call_bytes(op: bytes, request: bytes) -> Tuple[int, bytes]:
    """Calls paysign_call(op, request) and returns its status and the
    response envelope (JSON bytes)."""
    loaded = loaded_here()
    out, out_len, out_address, out_len_address = _cells.slots
    out.value = None
    status: int = loaded.call(op, request, len(request), out_address, out_len_address)
    pointer = out.value
    if not pointer:
        raise PaySignError("misuse", f"paysign: paysign_call returned status {status} without a response")
    try:
        return status, _string_at(pointer, out_len.value)
    finally:
        loaded.free(pointer)


def invoke(op: str, request: bytes) -> Tuple[int, bytes]:
    """Calls paysign_call and returns its status and the raw response
    envelope (JSON bytes). Most code wants paysign.call instead."""
    if "\0" in op:
        raise PaySignError("misuse", "paysign: op must not contain NUL")
    return call_bytes(op.encode("utf-8"), request)
