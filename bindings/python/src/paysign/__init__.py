"""paysign: payment-request signing (ABA PayWay and more) over one Go core.

    import paysign
    value = paysign.call("payway.sign", {...})         # the raw call (a dict, or JSON text as str/bytes)
    with paysign.PayWay(merchant_id=..., api_key=..., rsa_public_key=...) as payway:
        payway.sign("refund", tran_id=..., refund_amount="1.50")   # or Decimal("1.50"); never a float
        answer = payway.send("check_transaction", tran_id=...)     # signed, posted, decoded

The C library libpaysign.so is loaded on first use. **Load it after fork**:
a process forked after the library was loaded gets PaySignError("forked").
A float anywhere in a request is PaySignError("float_not_allowed").
PayWay's refusals of a sent request are PayWayError, a PaySignError.
"""

from ._call import call
from ._library import ABI_VERSION, configure, is_loaded, library_path
from .errors import PaySignError, PayWayError
from ._version import __version__
from .payway import PayWay
from .responses import (CALLBACK_HEADER, PaymentStatus, PayWayResponse, PreparedRequest, VerifiedCallback,
                        callback_signature, decode_response)

__all__ = ["ABI_VERSION", "CALLBACK_HEADER", "PaySignError", "PayWay", "PayWayError", "PayWayResponse",
           "PaymentStatus", "PreparedRequest", "VerifiedCallback", "__version__", "call", "callback_signature",
           "configure", "decode_response", "is_loaded", "library_path"]
