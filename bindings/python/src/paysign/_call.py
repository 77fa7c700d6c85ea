"""paysign.call: the JSON call envelope as a Python function."""

from __future__ import annotations

from ._codec import _OK, _scan, encode_request, value_of
from ._library import _cells, _Loaded, _string_at, loaded_here
from .errors import PaySignError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Dict, Union

    Request = Union[Mapping[str, Any], str, bytes, bytearray, memoryview]

__all__ = ["call", "call_value"]

# op name -> its UTF-8, for the names used again and again (bounded: any
# str may be given as an op name).
_ops: Dict[str, bytes] = {}


def op_bytes(op: Any) -> bytes:
    """The UTF-8 of an op name, checked."""
    encoded = _ops.get(op) if type(op) is str else None
    if encoded is not None:
        return encoded
    if not isinstance(op, str):
        raise PaySignError("malformed_request",
                           f"paysign: op must be a str such as \"payway.sign\", not {type(op).__name__}")
    if "\0" in op:
        raise PaySignError("misuse", "paysign: op must not contain NUL")
    try:
        encoded = op.encode("utf-8")
    except UnicodeEncodeError:
        raise PaySignError("malformed_request",
                           "paysign: op holds a lone surrogate (U+D800 to U+DFFF), which has no UTF-8 form") from None
    if len(_ops) < 64 and len(encoded) <= 64:
        _ops[op] = encoded
    return encoded


def call(op: str, request: Request) -> Any:
    """Runs op (for example "payway.sign") on request and returns the value.

    request is a mapping (a dict: JSON object), or the request's JSON text
    as str or bytes. A mapping may hold str, int, bool, None, Decimal
    (sent as the JSON number of its exact decimal text), dicts, lists and
    tuples; a float anywhere is refused (code "float_not_allowed": pass a
    decimal string such as "1.50" or a Decimal), and so is anything JSON
    has no form for (code "malformed_request", the member in field).

    Raises PaySignError with the envelope's code, message and field when
    paysign reports an error (a recovered panic inside the library comes
    back as code "internal"; the library keeps working).
    """
    encoded_op = op_bytes(op)
    encoded = encode_request(request)  # first: a refused request never loads the library
    return call_value(loaded_here(), encoded_op, encoded)


def call_value(library: _Loaded, op: bytes, request: bytes) -> Any:
    """Calls op of a library loaded in this process on the request's UTF-8
    JSON and returns the value of the response, or raises its error: one
    foreign call, one copy of the response (then paysign_free), one JSON
    decode of the value alone. op is NUL-free UTF-8 (the callers check).
    The hot path of every call, so written out in one function."""
    out, out_len, out_address, out_len_address = _cells.slots
    out.value = None  # never free a stale pointer, whatever the library does
    status = library.call(op, request, len(request), out_address, out_len_address)
    pointer = out.value
    if not pointer:
        raise PaySignError("misuse", f"paysign: paysign_call returned status {status} without a response")
    try:
        response = _string_at(pointer, out_len.value)
    finally:
        library.free(pointer)
    if response.startswith(_OK):  # the value alone: no envelope object to build
        try:
            return _scan(response.decode("utf-8"), 19)[0]
        except (ValueError, StopIteration):
            pass  # value_of says what is wrong
    return value_of(response)
