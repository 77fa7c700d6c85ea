package main

import (
	"encoding/json"

	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

// The bench workloads. W1-W4 are exactly those of core/abi/bench_test.go
// (BenchmarkCoreSign / BenchmarkABICall; copied: a _test package cannot be
// imported); W5 is a BBMSL refund signed with the RSA-2048 TEST_ONLY key.
// `bench -emit-workloads FILE` writes them as payway.sign / bbmsl.sign
// envelopes, the one input of every other runtime's bench (Node, PHP,
// Python, C), so every runtime signs the same requests.

const benchAPIKey = "TEST_ONLY_bench_api_key"
const benchTime = "20261121093403"

type workload struct {
	Name    string `json:"name"`
	Op      string `json:"op"`     // payway.sign or bbmsl.sign
	RSA     bool   `json:"rsa"`    // RSA in the request (merchant_auth or a signature)
	Request []byte `json:"-"`      // the abi request
	Params  any    `json:"params"` // for bindings' helpers
	payway  *payway.Request
	bbmsl   *bbmsl.Request
}

func workloads() []*workload {
	creds := payway.Credentials{MerchantID: "ec000002", APIKey: benchAPIKey, RSAPublicKey: testvectors.Key("rsa1024_TEST_ONLY_public.pem")}
	items := []any{}
	for i := 0; i < 5; i++ {
		items = append(items, map[string]any{"name": "Item", "quantity": 1, "price": "2.00"})
	}
	pw := []struct {
		name string
		rsa  bool
		req  payway.Request
	}{
		{"W1_check_transaction", false, payway.Request{Operation: "check_transaction", Credentials: creds, Params: payway.Params{"tran_id": "T1001"}, RequestTime: benchTime}},
		{"W2_refund", true, payway.Request{Operation: "refund", Credentials: creds, Params: payway.Params{"tran_id": "T1001", "refund_amount": "1.50"}, RequestTime: benchTime}},
		{"W3_purchase", false, payway.Request{Operation: "purchase", Credentials: creds, RequestTime: benchTime, Params: payway.Params{
			"tran_id": "T1001", "amount": "10.00", "currency": "USD", "items": items,
			"return_url": "https://shop.example.com/pushback?o=1", "cancel_url": "https://shop.example.com/cart", "continue_success_url": "https://shop.example.com/thanks"}}},
		{"W4_payment_link", true, payway.Request{Operation: "create_payment_link", Credentials: creds, RequestTime: benchTime, Params: payway.Params{
			"title": "A payment link with a long title for three RSA blocks", "amount": "25.00", "currency": "USD",
			"description":  "Single-origin Mondulkiri coffee beans, roasted in Phnom Penh, 1 kg bag, shipped nationwide",
			"expired_date": 1795000000, "return_url": "https://shop.example.com/links/return?id=42", "merchant_ref_no": "INV-2026-1001"}}},
	}
	var out []*workload
	for _, w := range pw {
		r := w.req
		b, _ := json.Marshal(map[string]any{"operation": r.Operation, "credentials": r.Credentials, "params": r.Params, "request_time": r.RequestTime})
		out = append(out, &workload{Name: w.name, Op: "payway.sign", RSA: w.rsa, Request: b, Params: r.Params, payway: &r})
	}
	b5 := bbmsl.Request{Operation: "refund",
		Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKey: testvectors.Key("rsa2048_TEST_ONLY_private.pem")},
		Params:      map[string]any{"order_id": "4922", "amount": "10.00"}}
	b, _ := json.Marshal(map[string]any{"operation": b5.Operation, "credentials": b5.Credentials, "params": b5.Params})
	out = append(out, &workload{Name: "W5_bbmsl_refund", Op: "bbmsl.sign", RSA: true, Request: b, Params: b5.Params, bbmsl: &b5})
	return out
}
