"""Requests to JSON and response envelopes from JSON, once each, with the
request rules of paysign checked on the way in.

Every request value goes through one walk (_scan_dict / _scan_list) before
it is encoded. The walk refuses, with a PaySignError naming the member:

* a binary floating-point number (a Python float or a subclass such as
  numpy.float64) anywhere: float_not_allowed. A float has no exact decimal
  text; pass "1.50" or decimal.Decimal("1.50");
* a Decimal that is NaN or infinite, a key that is not a str, bytes, a set
  or any other type JSON has no form for, nesting deeper than the core's
  512 levels (which also stops reference cycles): malformed_request.

bool is sent as JSON true/false, never as a number (it is an int subclass
in Python; the core then refuses it where a number is needed). A Decimal is
sent as a JSON number whose lexeme is its exact plain decimal text
(Decimal("1.50") -> 1.50, Decimal("1E+2") -> 100).

The encoder is CPython's C JSON encoder (_json.make_encoder), made once and
reused, and the response is read with _json.make_scanner, made once: the
json module itself (which imports re, and through it enum and functools,
about 5 ms) is never imported. A walk costs about 0.1 us per flat request
and 1 us for a purchase with five items.
"""

from __future__ import annotations

import os
import sys

from .errors import PaySignError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2-3 ms); mypy knows the name
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple

#: The core's nesting limit (docs/envelope.md, Limits): the request object is level 1.
MAX_DEPTH = 512

FLOAT_MESSAGE = ("is a binary floating-point number (float), which has no exact decimal text: "
                 "pass a decimal string such as \"1.50\" or a decimal.Decimal")


def _accelerators() -> Tuple[Callable[[str], str], Any, Any]:
    """CPython's C accelerators of the json module (encode_basestring,
    make_encoder, make_scanner); on other Pythons the json module's own."""
    try:
        import _json

        return _json.encode_basestring, _json.make_encoder, _json.make_scanner
    except (ImportError, AttributeError):  # pragma: no cover - not CPython
        import json
        import json.scanner

        def make_encoder(markers: Any, default: Any, encoder: Any, indent: Any, key_separator: str,
                         item_separator: str, sort_keys: bool, skipkeys: bool, allow_nan: bool) -> Any:
            enc = json.JSONEncoder(ensure_ascii=False, separators=(item_separator, key_separator),
                                   default=default, allow_nan=allow_nan, check_circular=False)
            return lambda value, _level: (enc.encode(value),)

        quote: Callable[[str], str] = getattr(json.encoder, "py_encode_basestring")
        return quote, make_encoder, getattr(json.scanner, "py_make_scanner")


#: The JSON string literal of a str (quotes included; non-ASCII as it is).
quote, _make_encoder, _make_scanner = _accelerators()


class _Refused(Exception):
    """A value the walk refuses; path collects the member names on the way up."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path: List[str] = []

    def error(self, prefix: str = "") -> PaySignError:
        parts = ([prefix] if prefix else []) + [str(p) for p in reversed(self.path)]
        field = ".".join(parts) or None
        where = f"{field} " if field else "a value "
        return PaySignError(self.code, f"paysign: {where}{self.message}", field)


def _too_deep() -> _Refused:
    return _Refused("malformed_request", f"nests arrays and objects deeper than {MAX_DEPTH} levels "
                                         "(paysign's limit), or refers to itself")


def _scan_dict(mapping: Any, depth: int) -> int:
    """Checks the members of a mapping at nesting level depth and returns
    how many Decimals it holds."""
    if depth > MAX_DEPTH:
        raise _too_deep()
    decimals = 0
    for key, value in mapping.items():
        if type(key) is not str and not isinstance(key, str):
            raise _Refused("malformed_request",
                           f"has a key of type {type(key).__name__}: JSON object keys are str")
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            continue
        try:
            if kind is dict:
                decimals += _scan_dict(value, depth + 1)
            elif kind is list or kind is tuple:
                decimals += _scan_list(value, depth + 1)
            else:
                decimals += _scan_other(value, depth + 1)
        except _Refused as refused:
            refused.path.append(key)
            raise
    return decimals


def _scan_list(sequence: Any, depth: int) -> int:
    if depth > MAX_DEPTH:
        raise _too_deep()
    decimals = 0
    for index, value in enumerate(sequence):
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            continue
        if kind is dict:  # items: a list of flat dicts, checked here without a call
            for key, member in value.items():
                member_kind = type(member)
                if type(key) is not str or not (member_kind is str or member_kind is int or member_kind is bool
                                                or member is None):
                    break
            else:
                if depth < MAX_DEPTH:
                    continue
        try:
            if kind is dict:
                decimals += _scan_dict(value, depth + 1)
            elif kind is list or kind is tuple:
                decimals += _scan_list(value, depth + 1)
            else:
                decimals += _scan_other(value, depth + 1)
        except _Refused as refused:
            refused.path.append(str(index))
            raise
    return decimals


def _scan_other(value: Any, depth: int) -> int:
    """The slow path: subclasses, Decimal, other mappings and sequences,
    and what is refused. depth is the level value would open."""
    if isinstance(value, float):
        raise _Refused("float_not_allowed", FLOAT_MESSAGE)
    if isinstance(value, (str, int)):  # subclasses (IntEnum, str enums); bool is an int
        return 0
    decimal = sys.modules.get("decimal")
    # decimal is looked up, not imported: if the caller passed a Decimal, the
    # module is loaded already, and importing it costs every user ~2 ms.
    if decimal is not None and isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise _Refused("malformed_request",
                           f"is Decimal({str(value)!r}): JSON has no NaN or Infinity; pass a finite decimal")
        return 1
    if isinstance(value, dict):
        return _scan_dict(value, depth)
    if isinstance(value, (list, tuple)):
        return _scan_list(value, depth)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise _Refused("malformed_request",
                       f"is {type(value).__name__}: JSON has no bytes; decode them to str (base64 or text) first")
    from collections.abc import Mapping, Sequence  # only reached by unusual values

    if isinstance(value, Mapping):
        return _scan_dict(value, depth)
    if isinstance(value, Sequence):
        return _scan_list(value, depth)
    raise _Refused("malformed_request",
                   f"is of type {type(value).__name__}, which has no JSON form: use str, int, Decimal, bool, "
                   "None, dict and list")


def _convert(value: Any) -> Any:
    """The encoder's default(): what the walk let through that the C
    encoder does not know (other mappings and sequences)."""
    from collections.abc import Mapping, Sequence

    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError(f"values of type {type(value).__name__} cannot be sent to paysign")


# markers=None: no cycle bookkeeping (the walk's depth limit stops cycles);
# encode_basestring, not the _ascii variant: the UTF-8 request is shorter
# and a lone surrogate fails the one .encode("utf-8") (its member is then
# found and named).
_encode_plain = _make_encoder(None, _convert, quote, None, ":", ",", False, False, False)

# The mark and the encoder that writes it, made on first use (one tuple, so
# that threads racing to make it never pair one's mark with another's encoder).
_decimal_encoding: Optional[Tuple[str, Any]] = None


def _lexeme(value: Any) -> str:
    """The exact plain decimal text of a finite Decimal: its str() unless
    that is in exponent form, then spelled out (1E+2 -> 100) when the
    exponent is sane; a number of more than a thousand digits keeps its
    exponent form (and the core refuses it as an amount)."""
    decimal = sys.modules["decimal"]
    text: str = decimal.Decimal.__str__(value)
    if ("E" in text or "e" in text) and -1000 <= value.adjusted() <= 1000 and -1000 <= value.as_tuple().exponent:
        text = decimal.Decimal.__format__(value, "f")
    return text


def _decimal_encoder(mark: str) -> Any:
    decimal = sys.modules["decimal"]

    def default(value: Any) -> Any:
        if isinstance(value, decimal.Decimal):
            return mark + _lexeme(value)
        return _convert(value)

    return _make_encoder(None, default, quote, None, ":", ",", False, False, False)


def _new_mark() -> str:
    # NUL (written \u0000 in JSON) and 128 random bits: no caller's string
    # holds it by chance, and _dump_with_decimals checks anyway.
    return "\x00" + os.urandom(16).hex() + "\x00"


def _dump_with_decimals(value: Any, decimals: int) -> str:
    """Encodes value whose walk found decimals Decimals: each is first
    written as a string "<mark><lexeme>", then the quotes and the mark are
    cut away, leaving the bare JSON number. If the mark turns up anywhere
    else (a caller's string holding it), a fresh mark is drawn and the
    encoding is redone."""
    global _decimal_encoding
    if _decimal_encoding is None:
        first = _new_mark()
        _decimal_encoding = (first, _decimal_encoder(first))
    mark, encode = _decimal_encoding
    while True:
        text = "".join(encode(value, 0))
        parts = text.split('"' + quote(mark)[1:-1])
        if len(parts) == decimals + 1:
            for i in range(1, len(parts)):
                part = parts[i]
                end = part.index('"')
                parts[i] = part[:end] + part[end + 1:]
            return "".join(parts)
        mark = _new_mark()
        encode = _decimal_encoder(mark)


def _find_surrogate(value: Any, path: List[str], depth: int = 0) -> Optional[List[str]]:
    """The path of a str (key or value) that UTF-8 cannot encode."""
    if depth > MAX_DEPTH + 1:
        return None
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _find_surrogate(key, path, depth + 1) or _find_surrogate(item, path + [str(key)], depth + 1)
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _find_surrogate(item, path + [str(index)], depth + 1)
            if found is not None:
                return found
    return None


def surrogate_error(field: Optional[str]) -> PaySignError:
    where = f"{field} " if field else "a string "
    return PaySignError("malformed_request",
                        f"paysign: {where}holds a lone surrogate (U+D800 to U+DFFF, such as \"\\ud800\"), "
                        "which has no UTF-8 form", field)


def dump(value: Any, depth: int, prefix: str = "") -> str:
    """The compact JSON text of value (a dict, at nesting level depth),
    after the walk; raises PaySignError for what the walk refuses, with
    the member's path after prefix in field."""
    try:
        decimals = _scan_dict(value, depth)
        if decimals:
            return _dump_with_decimals(value, decimals)
        return "".join(_encode_plain(value, 0))
    except _Refused as refused:
        raise refused.error(prefix) from None
    except RecursionError:
        raise PaySignError("malformed_request",
                           "paysign: the request nests deeper than Python's recursion limit allows here") from None
    except (TypeError, ValueError) as exc:
        # Only a value changed by another thread during the call, or an int
        # beyond Python's str conversion limit, gets here. The messages name
        # types and limits, never values.
        raise PaySignError("malformed_request",
                           f"paysign: the request cannot be encoded as JSON: {type(exc).__name__}: {exc}") from None


def to_utf8(text: str, value: Any, prefix: str = "") -> bytes:
    """text.encode("utf-8"); a lone surrogate becomes malformed_request
    naming the member of value that holds it."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise surrogate_error_in(value, prefix) from None


def surrogate_error_in(value: Any, prefix: str = "") -> PaySignError:
    """surrogate_error naming the member of value that holds a lone surrogate."""
    path = _find_surrogate(value, [prefix] if prefix else [])
    return surrogate_error(".".join(path) if path else None)


def encode_request(request: Any) -> bytes:
    """The UTF-8 JSON of a request: a mapping (checked and encoded), or a
    JSON str or bytes sent as they are (their numbers are decimal text
    already: the core reads 1.5 in JSON text as the decimal 1.5)."""
    kind = type(request)
    if kind is dict:
        return to_utf8(dump(request, 1), request)
    if kind is bytes:
        return request  # type: ignore[no-any-return]
    if isinstance(request, str):
        try:
            return request.encode("utf-8")
        except UnicodeEncodeError:
            raise surrogate_error(None) from None
    if isinstance(request, (bytes, bytearray, memoryview)):
        return bytes(request)
    from collections.abc import Mapping

    if isinstance(request, Mapping):
        return to_utf8(dump(request, 1), request)
    raise PaySignError("malformed_request",
                       f"paysign: the request must be a mapping (a JSON object), or JSON text as str or bytes, "
                       f"not {kind.__name__}")


def make_scan(parse_float: Callable[[str], Any],
              parse_int: Callable[[str], Any] = int) -> Callable[[str, int], Tuple[Any, int]]:
    """A C JSON scanner with json.loads' defaults, but numbers made by
    parse_float (those with a fraction or an exponent) and parse_int."""

    class _ScanContext:  # what _json.make_scanner reads
        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_constant = parse_float  # NaN, Infinity: never in a paysign response
        memo: Dict[str, str] = {}

    _ScanContext.parse_float = staticmethod(parse_float)  # type: ignore[attr-defined]
    _ScanContext.parse_int = staticmethod(parse_int)  # type: ignore[attr-defined]
    scan: Callable[[str, int], Tuple[Any, int]] = _make_scanner(_ScanContext())
    return scan


_scan = make_scan(float)




_OK = b'{"ok":true,"value":'


def value_of(response: bytes, scan: Callable[[str, int], Tuple[Any, int]] = _scan) -> Any:
    """Decodes a response envelope once (with scan: the default reads
    numbers as int and float): returns its value, or raises its error as
    PaySignError."""
    try:
        envelope = scan(response.decode("utf-8"), 0)[0]
    except (ValueError, StopIteration):
        raise PaySignError("internal", "paysign: the library answered with something that is not JSON") from None
    if not isinstance(envelope, dict):
        raise PaySignError("internal", "paysign: the library answered with JSON that is not an envelope")
    if envelope.get("ok") is True:
        return envelope.get("value")
    raise error_of(envelope)


def error_of(envelope: Any) -> PaySignError:
    error = envelope.get("error") or {}
    return PaySignError(str(error.get("code", "internal")), str(error.get("message", "paysign: unknown error")),
                        error.get("field") or None)
