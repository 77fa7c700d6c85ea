"""The one exception type of paysign."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:
    from typing import Optional


class PaySignError(Exception):
    """An error from paysign, as structured data.

    code is stable and machine-readable: one of the core's closed set
    (for example "PTL04" required field missing, "malformed_request",
    "float_not_allowed", "invalid_key", "unknown_handle", "internal" for a
    recovered bug) or one of the binding's own: "closed", "forked",
    "library_not_found", "load_failed", "abi_mismatch", "already_loaded",
    "misuse". message is for people and never holds key material; field
    names the offending request field, if any (for example
    "params.tran_id").
    """

    def __init__(self, code: str, message: str, field: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        where = f" (field {self.field})" if self.field else ""
        return f"[{self.code}] {self.message}{where}"

    def __repr__(self) -> str:
        return f"PaySignError(code={self.code!r}, message={self.message!r}, field={self.field!r})"
