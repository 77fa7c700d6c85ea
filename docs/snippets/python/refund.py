from paysign import PaySignError, PayWay, PayWayError

payway = PayWay.from_env()  # PAYWAY_MERCHANT_ID, PAYWAY_API_KEY, PAYWAY_RSA_PUBLIC_KEY(_FILE), PAYWAY_BASE_URL
try:
    answer = payway.send("refund", tran_id="ORDER-1001", refund_amount="1.50")
    print(answer.code, answer.meaning)  # 00 success
except PayWayError as e:  # PayWay refused it
    print(e.code, e.category)  # PTL37 declined, PTL02 wrong_hash, ...
except PaySignError as e:  # not signed, or no verdict of PayWay's came back
    print(e.code, e.next)  # outcome_unknown confirm_first: look it up with check_transaction first
