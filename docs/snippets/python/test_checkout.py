import urllib.error
import urllib.request


def test_checkout(payway_mock, shop):
    payway = payway_mock.payway()  # a PayWay pointed at the mock, with its TEST-ONLY keys
    payway.send("purchase", tran_id="ORDER-1", amount="10.00", currency="USD", return_url=shop.url)
    assert payway_mock.approve("ORDER-1")["pushback_delivered"]  # the payer pays: a signed pushback to shop.py
    assert shop.received[0]["confirmed"] == "APPROVED"  # shop.py verified it and confirmed the payment
    assert payway.send("check_transaction", tran_id="ORDER-1").payment_status.status == "APPROVED"


def post(url, body, signature):
    request = urllib.request.Request(url, data=body, headers={"X-PayWay-HMAC-SHA512": signature})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_pushback_handler(payway_mock, shop):
    """shop.py alone, given a pushback signed as PayWay signs it (ORDER-1003: a paid fixture of the mock)."""
    body = b'{"tran_id":"ORDER-1003","apv":"100103","status":"0","return_params":"","merchant_ref":""}'
    signature = payway_mock.payway().sign_callback(body)  # the X-PayWay-HMAC-SHA512 value
    assert post(shop.url, body, signature) == 200
    assert post(shop.url, body.replace(b"100103", b"999999"), signature) == 401  # a changed body
    assert shop.received == [{"tran_id": "ORDER-1003", "status": "0", "apv": "100103", "return_params": "",
                              "confirmed": "APPROVED"}]
