"""ABA PayWay, the idiomatic way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

from ._call import call

Fields = Union[Mapping[str, str], Sequence[Sequence[str]]]


class PayWay:
    """Signs PayWay requests for one merchant.

        payway = PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=PEM)
        signed = payway.sign("refund", tran_id="T1001", refund_amount="1.50")
        signed["url"], signed["fields"], signed["body"]

    Parameters use PayWay's own field names and plain values (a URL as a URL,
    items as a list of dicts, amounts as decimal strings); paysign applies
    PayWay's encodings, field order, hash and RSA encryption. The object
    holds the API key, so its repr() does not show it.
    """

    def __init__(self, merchant_id: str, api_key: str, rsa_public_key: Optional[str] = None,
                 environment: str = "sandbox") -> None:
        self.merchant_id = merchant_id
        self.environment = environment
        self._api_key = api_key
        self._rsa_public_key = rsa_public_key

    def __repr__(self) -> str:
        return f"PayWay(merchant_id={self.merchant_id!r}, environment={self.environment!r})"

    def sign(self, operation: str, *, request_time: Optional[str] = None, **params: Any) -> "dict[str, Any]":
        """Signs one operation (a catalogue name such as "purchase" or
        "refund") and returns the request to send: method, url,
        content_type, fields in send order, body, hash, ...

        request_time defaults to now (UTC, YYYYMMDDHHmmss)."""
        credentials = {"merchant_id": self.merchant_id, "api_key": self._api_key}
        if self._rsa_public_key is not None:
            credentials["rsa_public_key"] = self._rsa_public_key
        request: "dict[str, Any]" = {"operation": operation, "credentials": credentials,
                                     "params": params, "environment": self.environment}
        if request_time is not None:
            request["request_time"] = request_time
        result: "dict[str, Any]" = call("payway.sign", request)
        return result

    def verify(self, operation: str, fields: Fields, *, rsa_private_key: Optional[str] = None) -> "dict[str, Any]":
        """Checks received fields as PayWay would (hash, and merchant_auth
        when rsa_private_key is given) and returns what it decoded. Meant
        for test doubles of the gateway. Raises PaySignError (code "PTL02"
        for a wrong hash)."""
        credentials = {"api_key": self._api_key}
        if rsa_private_key is not None:
            credentials["rsa_private_key"] = rsa_private_key
        if isinstance(fields, Mapping):
            sent: Any = dict(fields)
        else:
            sent = [list(pair) for pair in fields]
        result: "dict[str, Any]" = call("payway.verify",
                                        {"operation": operation, "credentials": credentials, "fields": sent})
        return result

    @staticmethod
    def catalog() -> "dict[str, Any]":
        """Returns PayWay's operation catalogue as data: environments and,
        per operation, its URL path, fields, hash order and encodings."""
        result: "dict[str, Any]" = call("payway.catalog", {})
        return result
