"""Python bench: paysign (bindings/python over build/libpaysign.so, ctypes)
against the code a Python user writes instead, in one process and run.

  python bench/python/bench.py run  WORKLOADS OUT SCALE REPS   timings (+ equal-work checks)
  python bench/python/bench.py cold WORKLOADS                  import + first sign (prints JSON)
  python bench/python/bench.py floor WORKLOADS                 where a PayWay.sign() goes (prints a table)

cold times from this script's first line (interpreter start-up excluded)
to after the first sign of W1 through a PayWay object (which opens its
credentials handle). Its own work before `import paysign` is kept to
builtins and the C module _json (reading the workload file), so the time is
paysign's: the json module (with re, enum, functools: about 5 ms) and
pathlib are imported by the run mode only.

Baselines as PayWay's samples and the public SDKs do it (json_encode-compatible
compact JSON, 117-byte chunks, PKCS #1 v1.5, base64 once; stdlib hmac):
"sample" calls cryptography's load_pem_public_key / load_pem_private_key on
every call, "best" loads the key once. Each baseline's output is checked by
paysign's payway.verify (and against paysign's own output) before timing.
Run with the bench venv (build/venv-bench: cryptography) and
PYTHONPATH=bindings/python/src.
"""
import time

T0 = time.perf_counter()

import sys  # noqa: E402  (a builtin module, loaded already)


class _Context:
    """What _json.make_scanner reads (json.loads' defaults)."""
    strict, object_hook, object_pairs_hook, parse_float, parse_int, parse_constant, memo = True, None, None, float, int, float, {}


def cold(workloads_path):
    import _json

    with open(workloads_path, encoding="utf-8") as f:
        w = _json.make_scanner(_Context())(f.read(), 0)[0][0]
    t1 = time.perf_counter()
    import paysign

    sign_of(paysign, w)()
    t2 = time.perf_counter()
    # import_and_first_sign_ms: from the script's first line; paysign_only_ms:
    # from just before `import paysign` (the difference is reading the workload).
    print('{"import_and_first_sign_ms": %.3f, "paysign_only_ms": %.3f}' % ((t2 - T0) * 1000, (t2 - t1) * 1000))


def floor(workloads_path):
    """Where a PayWay.sign() goes, per workload: the bare paysign_call of the
    same request through ctypes (the floor any ctypes binding pays), the
    same plus the copy and the decode of the value, the encode of the
    parameters, the whole sign(). Interleaved, best of 15 rounds."""
    import ctypes
    import json

    import paysign
    from paysign import _call, _codec

    def timed(fn, n):
        start = time.perf_counter_ns()
        for _ in range(n):
            fn()
        return (time.perf_counter_ns() - start) / n / 1000

    with open(workloads_path, encoding="utf-8") as f:
        workloads = json.load(f)
    print("| workload | `paysign_call` via ctypes (handle) | + copy + decode of the value | encode of the params "
          "| `PayWay.sign()` | Python share |")
    print("|---|---:|---:|---:|---:|---:|")
    for w in workloads:
        if w["op"] != "payway.sign":
            continue
        r, c = w["request"], w["request"]["credentials"]
        p = paysign.PayWay(merchant_id=c["merchant_id"], api_key=c["api_key"], rsa_public_key=c.get("rsa_public_key"))
        op, params, rt = r["operation"], r["params"], r["request_time"]
        p.sign(op, request_time=rt, **params)
        opened = p._opened
        library = opened.library
        data = (opened.prefixes[op] + _codec.dump(params, 2, "params") + ',"request_time":' + _codec.quote(rt) + "}").encode()
        out, out_len = ctypes.c_void_p(), ctypes.c_size_t()
        out_address, out_len_address = ctypes.addressof(out), ctypes.addressof(out_len)

        def bare():
            library.call(b"payway.sign", data, len(data), out_address, out_len_address)
            library.free(out.value)

        send = data[:-1] + b',"output":"send"}'

        def bare_send():
            library.call(b"payway.sign", send, len(send), out_address, out_len_address)
            library.free(out.value)

        rows = {"bare": bare, "call": lambda: _call.call_value(library, b"payway.sign", data),
                "encode": lambda: _codec.dump(params, 2, "params"), "sign": lambda: p.sign(op, request_time=rt, **params),
                "bare_send": bare_send, "call_send": lambda: _call.call_value(library, b"payway.sign", send),
                "sign_send": lambda: p.sign(op, request_time=rt, output="send", **params)}
        best = dict.fromkeys(rows, float("inf"))
        for _ in range(15):
            for name, fn in rows.items():
                best[name] = min(best[name], timed(fn, 2000))
        for suffix, label in (("", ""), ("_send", ', output="send"')):
            share = best["sign" + suffix] - best["bare" + suffix]
            print(f"| {w['name']}{label} | {best['bare' + suffix]:.1f} | {best['call' + suffix]:.1f} | {best['encode']:.1f} "
                  f"| {best['sign' + suffix]:.1f} | {share:.1f} ({100 * share / best['sign' + suffix]:.0f} %) |")
        p.close()


def main() -> None:
    mode, workloads_path = sys.argv[1], sys.argv[2]
    if mode == "cold":
        cold(workloads_path)
        return
    if mode == "floor":
        floor(workloads_path)
        return
    global json, Path, REPO
    import json
    from pathlib import Path

    REPO = Path(__file__).resolve().parents[2]
    out, scale, reps = sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
    import paysign

    workloads = json.loads(Path(workloads_path).read_text())
    rsa1024_private = (REPO / "internal/testkeys/rsa1024_TEST_ONLY_private.pem").read_text()
    impls = {"paysign": None, "sample": baselines(workloads, "sample"), "best": baselines(workloads, "best")}
    jobs = []
    for w in workloads:
        for impl, b in impls.items():
            if b is None:
                f = sign_of(paysign, w)
                check_paysign(paysign, w, f(), rsa1024_private)
            else:
                f = (lambda fn, req: lambda: fn(req))(b[w["name"]], w["request"])
                check_baseline(paysign, impl, w, f(), rsa1024_private)
            res = {"runtime": "python", "workload": w["name"], "impl": impl, "iters": calibrate(f, 2e8 * scale), "ns_per_op": []}
            jobs.append((res, f))
    for r in range(reps):
        for res, f in jobs:
            res["ns_per_op"].append(time_n(f, res["iters"]) / res["iters"])
        print(f"python: round {r + 1}/{reps}", file=sys.stderr)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps({"runtime": "python", "python": sys.version.split()[0],
                                     "checks": "every baseline verified by payway.verify / equal to paysign",
                                     "results": [res for res, _ in jobs]}, indent=1))


def sign_of(paysign, w, output="send"):
    """paysign as a user who sends the request at once calls it: through the
    PayWay helper object, which holds a credentials handle (opened on its
    first sign), with output="send" (only what is sent comes back: method,
    url, headers, fields with the hash, body; the same work the baselines
    do). BBMSL has no helper object, so W5 opens a handle with
    paysign.open_credentials and signs with the raw call."""
    request, credentials = w["request"], w["request"]["credentials"]
    if w["op"] == "payway.sign":
        payway = paysign.PayWay(merchant_id=credentials["merchant_id"], api_key=credentials["api_key"],
                                rsa_public_key=credentials.get("rsa_public_key"),
                                environment=request.get("environment", "sandbox"))
        operation, params, request_time = request["operation"], request["params"], request.get("request_time")
        return lambda: payway.sign(operation, request_time=request_time, output=output, **params)
    state = {}

    def bbmsl():
        if "request" not in state:
            handle = paysign.call("paysign.open_credentials", {"credentials": credentials})["handle"]
            state["request"] = {**request, "credentials": {"handle": handle}}
        return paysign.call(w["op"], state["request"])

    return bbmsl


def check_paysign(paysign, w, got, rsa1024_private):
    """The helper object's answer is the raw call's (inline credentials, full
    output): the same fields (RSA ciphertext aside, whose plaintext
    payway.verify must find equal) and body."""
    want = paysign.call(w["op"], w["request"])

    def fail(what):
        raise SystemExit(f"python paysign {w['name']}: the helper object's {what} differs from the raw call's")

    if w["op"] == "bbmsl.sign":
        if [got[k] for k in ("request", "signature", "body")] != [want[k] for k in ("request", "signature", "body")]:
            fail("request/signature/body")
        return
    if not w["rsa"]:
        if got["fields"] != want["fields"] or got.get("body") != want.get("body"):
            fail("fields or body")
        return
    v = paysign.call("payway.verify", {"operation": w["request"]["operation"], "fields": got["fields"],
                                       "credentials": {"api_key": w["request"]["credentials"]["api_key"],
                                                       "rsa_private_key": rsa1024_private}})
    if v["merchant_auth_json"] != want["merchant_auth_json"] or [f[0] for f in got["fields"]] != [f[0] for f in want["fields"]]:
        fail("merchant_auth plaintext or field order")


def baselines(workloads, mode):
    import base64
    import hashlib
    import hmac

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    pub_pem = workloads[1]["request"]["credentials"]["rsa_public_key"].encode()
    priv_pem = workloads[4]["request"]["credentials"]["private_key"].encode()
    if mode == "sample":
        pub = lambda: serialization.load_pem_public_key(pub_pem)  # noqa: E731
        priv = lambda: serialization.load_pem_private_key(priv_pem, password=None)  # noqa: E731
    else:
        pub_key = serialization.load_pem_public_key(pub_pem)
        priv_key = serialization.load_pem_private_key(priv_pem, password=None)
        pub = lambda: pub_key  # noqa: E731
        priv = lambda: priv_key  # noqa: E731

    def php_json(v):  # json_encode's default output for these ASCII values
        return json.dumps(v, separators=(",", ":")).replace("/", "\\/")

    def b64(s):
        return base64.b64encode(s.encode()).decode()

    def encrypt(source):
        key, data, out = pub(), source.encode(), b""
        for i in range(0, len(data), 117):
            out += key.encrypt(data[i:i + 117], padding.PKCS1v15())
        return base64.b64encode(out).decode()

    def signed(fields, api_key, as_json, **extra):
        b4hash = "".join(v for _, v in fields)
        fields = fields + [("hash", base64.b64encode(hmac.new(api_key.encode(), b4hash.encode(), hashlib.sha512).digest()).decode())]
        r = {"fields": fields, "hash_input": b4hash, **extra}
        if as_json:
            r["body"] = php_json(dict(fields))
        return r

    def w1(r):
        c, p = r["credentials"], r["params"]
        return signed([("req_time", r["request_time"]), ("merchant_id", c["merchant_id"]), ("tran_id", p["tran_id"])], c["api_key"], True)

    def float_json(amount):
        # json_encode((float)$amount): 1.5 stays 1.5, 25.0 is written 25
        f = float(amount)
        return int(f) if f.is_integer() else f

    def w2(r):
        c, p = r["credentials"], r["params"]
        j = php_json({"mc_id": c["merchant_id"], "tran_id": p["tran_id"], "refund_amount": float_json(p["refund_amount"])})
        return signed([("request_time", r["request_time"]), ("merchant_id", c["merchant_id"]), ("merchant_auth", encrypt(j))],
                      c["api_key"], True, merchant_auth_json=j)

    def w3(r):
        c, p = r["credentials"], r["params"]
        return signed([("req_time", r["request_time"]), ("merchant_id", c["merchant_id"]), ("tran_id", p["tran_id"]), ("amount", p["amount"]),
                       ("items", b64(php_json(p["items"]))), ("return_url", b64(p["return_url"])), ("cancel_url", p["cancel_url"]),
                       ("continue_success_url", p["continue_success_url"]), ("currency", p["currency"])], c["api_key"], False)

    def w4(r):
        c, p = r["credentials"], r["params"]
        j = php_json({"mc_id": c["merchant_id"], "title": p["title"], "amount": float_json(p["amount"]), "currency": p["currency"],
                      "description": p["description"], "expired_date": p["expired_date"], "return_url": b64(p["return_url"]),
                      "merchant_ref_no": p["merchant_ref_no"]})
        return signed([("request_time", r["request_time"]), ("merchant_id", c["merchant_id"]), ("merchant_auth", encrypt(j))],
                      c["api_key"], False, merchant_auth_json=j)

    def w5(r):
        c, p = r["credentials"], r["params"]
        amount = float(p["amount"])
        request = php_json({"merchantId": int(c["merchant_id"]), "orderId": int(p["order_id"]),
                            "amount": int(amount) if amount.is_integer() else amount})
        signature = base64.b64encode(priv().sign(request.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        return {"request": request, "signature": signature, "body": php_json({"request": request, "signature": signature})}

    return {"W1_check_transaction": w1, "W2_refund": w2, "W3_purchase": w3, "W4_payment_link": w4, "W5_bbmsl_refund": w5}


def check_baseline(paysign, impl, w, got, rsa1024_private):
    want = paysign.call(w["op"], w["request"])

    def fail(what):
        raise SystemExit(f"python {impl} {w['name']}: {what}")

    if w["op"] == "bbmsl.sign":
        if (got["request"], got["signature"], got["body"]) != (want["request"], want["signature"], want["body"]):
            fail("BBMSL request/signature/body differ from paysign")
        return
    if not w["rsa"] and got["hash_input"] != want["hash_input"]:
        fail("hash input differs from paysign")
    v = paysign.call("payway.verify", {"operation": w["request"]["operation"], "fields": [list(f) for f in got["fields"]],
                                       "credentials": {"api_key": w["request"]["credentials"]["api_key"], "rsa_private_key": rsa1024_private}})
    if w["rsa"] and v["merchant_auth_json"] != want["merchant_auth_json"]:
        fail("merchant_auth JSON differs from paysign")
    if [f[0] for f in got["fields"]] != [f[0] for f in want["fields"]]:
        fail("field order differs")


def time_n(f, n):
    s = time.perf_counter_ns()
    for _ in range(n):
        f()
    return time.perf_counter_ns() - s


def calibrate(f, ns):
    time_n(f, 1)
    n = 1
    while True:
        el = time_n(f, n)
        if el >= ns / 8 or n >= 1 << 24:
            return max(1, round(n * ns / max(el, 1)))
        n *= 2


if __name__ == "__main__":
    main()
