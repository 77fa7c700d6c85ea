"""What sending costs in Python: 100 sequential check_transaction sends to
paysign mock with one PayWay object, against the code a Python user writes
instead: hmac + hashlib + base64, json, and one http.client.HTTPConnection
kept open. Both build the same request: before timing, the hand-written
body at a fixed request time must be the same JSON as paysign's.

  python bench/python/send.py time INPUT OUT
  python bench/python/send.py once INPUT IMPL URL   (IMPL: paysign | keepalive; untimed)

INPUT and OUT as bench/js/send.mjs (bench/run.py writes INPUT).
"""
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import sys
import time
import urllib.parse

from paysign import PayWay

PATH = "/api/payment-gateway/v1/payments/check-transaction-2"


def hand_body(inp, req_time):
    digest = hmac.new(inp["api_key"].encode(), (req_time + inp["merchant_id"] + inp["tran_id"]).encode(), hashlib.sha512).digest()
    return json.dumps({"req_time": req_time, "merchant_id": inp["merchant_id"], "tran_id": inp["tran_id"],
                       "hash": base64.b64encode(digest).decode()}, separators=(",", ":"))


def client(inp, impl, url):
    if impl == "paysign":
        payway = PayWay(inp["merchant_id"], inp["api_key"], inp["rsa_public_key"], base_url=url)
        return lambda: payway.send("check_transaction", tran_id=inp["tran_id"])  # raises unless PayWay's success
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}

    def send():
        req_time = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
        conn.request("POST", PATH, body=hand_body(inp, req_time), headers=headers)
        answer = json.loads(conn.getresponse().read())
        if answer["status"]["code"] != "00":
            raise SystemExit(f"keepalive: {answer}")
    return send


def main():
    mode, inp_path = sys.argv[1:3]
    with open(inp_path) as f:
        inp = json.load(f)
    if mode == "once":
        impl, url = sys.argv[3:5]
        send = client(inp, impl, url)
        for _ in range(inp["sends"]):
            send()
        return
    at = "20261121093403"
    with PayWay(inp["merchant_id"], inp["api_key"], inp["rsa_public_key"], base_url=inp["url"]) as payway:
        theirs = payway.sign("check_transaction", tran_id=inp["tran_id"], request_time=at)["body"]
    # The same JSON value (paysign writes "/" as "\/", as PHP's json_encode does).
    if json.loads(hand_body(inp, at)) != json.loads(theirs):
        raise SystemExit(f"the hand-written request differs:\n{hand_body(inp, at)}\n{theirs}")
    impls = ["paysign", "keepalive"]
    sends = {impl: client(inp, impl, inp["url"]) for impl in impls}
    for impl in impls:
        for _ in range(inp["warmup"]):  # connections opened
            sends[impl]()
    results = [{"runtime": "python", "workload": "S1_send_check_transaction", "impl": impl, "iters": inp["sends"], "ns_per_op": [],
                "cpu_ns_per_op": []}
               for impl in impls]
    for _ in range(inp["reps"]):
        for r in results:
            send = sends[r["impl"]]
            cpu, start = time.process_time_ns(), time.perf_counter_ns()
            for _ in range(inp["sends"]):
                send()
            r["ns_per_op"].append((time.perf_counter_ns() - start) / inp["sends"])
            r["cpu_ns_per_op"].append((time.process_time_ns() - cpu) / inp["sends"])
    with open(sys.argv[3], "w") as f:
        json.dump({"runtime": "python", "results": results}, f)


if __name__ == "__main__":
    main()
