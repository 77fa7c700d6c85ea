"""ABA PayWay, the idiomatic way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from ._call import call

if TYPE_CHECKING:  # the typed signatures cost nothing at run time
    from typing import Literal, overload

    from typing_extensions import Unpack

    from . import operations

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

    if TYPE_CHECKING:
        # One overload per operation, so that type checkers know each one's
        # parameters (paysign.operations); `make types` writes them.
        # generated overloads: begin
        @overload
        def sign(self, operation: Literal["purchase"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.PurchaseParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["subscription"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.SubscriptionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["check_transaction"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.CheckTransactionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["transaction_detail"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.TransactionDetailParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["close_transaction"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.CloseTransactionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["transaction_list"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.TransactionListParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["exchange_rate"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.ExchangeRateParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["refund"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.RefundParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["generate_qr"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.GenerateQrParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["request_qr"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.RequestQrParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["get_transactions_by_mc_ref"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.GetTransactionsByMcRefParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["create_payment_link"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.CreatePaymentLinkParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["payment_link_detail"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.PaymentLinkDetailParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["void_payment_link"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.VoidPaymentLinkParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["pre_auth_completion"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.PreAuthCompletionParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["pre_auth_cancellation"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.PreAuthCancellationParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["payout"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.PayoutParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["add_beneficiary"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.AddBeneficiaryParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["update_beneficiary_status"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.UpdateBeneficiaryStatusParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["link_account"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.LinkAccountParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["link_card"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.LinkCardParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["purchase_with_token"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.PurchaseWithTokenParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["renew_token"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.RenewTokenParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["get_token_details"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.GetTokenDetailsParams]) -> operations.SignedRequest: ...
        @overload
        def sign(self, operation: Literal["remove_token"], *, request_time: Optional[str] = None,
                 **params: Unpack[operations.RemoveTokenParams]) -> operations.SignedRequest: ...
        # generated overloads: end

    def sign(self, operation: str, *, request_time: Optional[str] = None,
             **params: Any) -> operations.SignedRequest:
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
        result: operations.SignedRequest = call("payway.sign", request)
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
