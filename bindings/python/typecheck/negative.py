"""Mistakes mypy --strict must report: `make typecheck-python` checks that each
line with an "error:" comment gets an error containing the comment's text, and
that no other line gets one."""

from __future__ import annotations

from paysign import PayWay

payway = PayWay(merchant_id="ec000002", api_key="TEST_ONLY_api_key")
payway.sign("refundd", tran_id="T1", refund_amount="1.50")  # error: No overload variant of "sign" of "PayWayTyped" matches argument types
payway.sign("refund", tran_idd="T1", refund_amount="1.50")  # error: Unexpected keyword argument "tran_idd" for overloaded function "sign"
payway.sign("refund", tran_id="T1", refund_amount=1.5)  # error: No overload variant of "sign" of "PayWayTyped" matches argument types
payway.sign("refund", refund_amount="1.50")  # error: No overload variant of "sign" of "PayWayTyped" matches argument types
payway.sign("purchase", tran_id="T1", amount="1.00", payment_option="visa")  # error: No overload variant of "sign" of "PayWayTyped" matches argument types
signed = payway.sign("check_transaction", tran_id="T1")
signed["hashh"]  # error: TypedDict "SignedRequest" has no key "hashh"
payway.sign("refund", tran_id="T1", refund_amount="1.50", output="all")  # error: No overload variant of "sign" of "PayWayTyped" matches argument types
sent = payway.sign("check_transaction", tran_id="T1", output="send")
sent["hash_input"]  # error: TypedDict "RequestToSend" has no key "hash_input"
payway.send("refund", tran_id="T1")  # error: No overload variant of "send" of "PayWayTyped" matches argument types
payway.send("refund", tran_id="T1", refund_amount=1.5)  # error: No overload variant of "send" of "PayWayTyped" matches argument types
payway.send("check_transaction", tran_id="T1", timeout="30")  # error: No overload variant of "send" of "PayWayTyped" matches argument types
answer = payway.send("check_transaction", tran_id="T1")
answer.payment_status.status  # error: Item "None" of "PaymentStatus | None" has no attribute "status"
payway.prepare("refund", tran_id="T1", refund_amount="1.50").body.encode()  # error: "bytes" has no attribute "encode"
payway.verify_callback(b"{}", 42)  # error: Argument 2 to "verify_callback" of "PayWay" has incompatible type "int"
