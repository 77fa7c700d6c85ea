"""paysign.call: the JSON call envelope as a Python function."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Any

from ._library import invoke
from .errors import PaySignError


def _encode_extra(value: Any) -> Any:
    # Amounts are decimal strings in paysign; a Decimal is sent as its exact text.
    # decimal is looked up, not imported: if the caller passed a Decimal, the
    # module is loaded already, and importing it costs every user ~2 ms.
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"values of type {type(value).__name__} cannot be sent to paysign")


def encode_request(request: Mapping[str, Any]) -> bytes:
    """Encodes a request as the UTF-8 JSON paysign reads."""
    if not isinstance(request, Mapping):
        raise PaySignError("malformed_request", "paysign: the request must be a mapping (a JSON object)")
    try:
        text = json.dumps(dict(request), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"), default=_encode_extra)
    except (TypeError, ValueError) as exc:
        # The messages name types, never values, so no secret leaks through.
        raise PaySignError("malformed_request", f"paysign: request is not JSON-encodable: {exc}") from None
    return text.encode("utf-8")


def call(op: str, request: Mapping[str, Any]) -> Any:
    """Runs op (for example "payway.sign") on request and returns the value.

    Raises PaySignError with the envelope's code, message and field when
    paysign reports an error (a recovered panic inside the library comes
    back as code "internal"; the library keeps working).
    """
    _, response = invoke(op, encode_request(request))
    envelope = json.loads(response)
    if envelope.get("ok") is True:
        return envelope.get("value")
    error = envelope.get("error") or {}
    raise PaySignError(str(error.get("code", "internal")), str(error.get("message", "paysign: unknown error")),
                       error.get("field") or None)
