"""dist-check: runs in a fresh venv where only the paysign wheel is installed."""

import base64
import hashlib
import hmac
import os

import paysign
from paysign import PaySignError, PayWay

API_KEY = "TEST_ONLY_dist_check_api_key"  # made up; the output must never show it
assert paysign.__version__ == os.environ["EXPECT_VERSION"], paysign.__version__
path = paysign.library_path()
assert "/site-packages/paysign/_lib/" in path, path
public_key = open(os.environ["RSA_PUBLIC"]).read()
private_key = open(os.environ["RSA_PRIVATE"]).read()

payway = PayWay(merchant_id="ec000002", api_key=API_KEY, rsa_public_key=public_key)
refund = payway.sign("refund", tran_id="T1001", refund_amount="1.50")
verified = payway.verify("refund", refund["fields"], rsa_private_key=private_key)
assert verified["merchant_auth"] == {"mc_id": "ec000002", "tran_id": "T1001", "refund_amount": 1.5}, verified

purchase = payway.sign("purchase", tran_id="T1002", amount="2.50", currency="USD",
                       items=[{"name": "Latte", "quantity": 1, "price": "2.50"}])
expected = base64.b64encode(hmac.new(API_KEY.encode(), purchase["hash_input"].encode(), hashlib.sha512).digest())
assert purchase["hash"] == expected.decode(), "purchase hash differs from hmac.new(sha512)"
try:
    payway.sign("refund", refund_amount="1.50")
    raise AssertionError("a refund without tran_id was signed")
except PaySignError as error:
    assert (error.code, error.field) == ("PTL04", "params.tran_id"), error
print(f"python: paysign {paysign.__version__} from {path}: refund round-trips through payway.verify, "
      f"purchase hash = HMAC-SHA512 (hashlib), PTL04 on a missing field")
