package abi_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

// The bench workloads (make bench): W1 check_transaction (HMAC only),
// W2 refund (RSA-1024, one block), W3 purchase with 5 items and every URL,
// W4 payment link whose merchant_auth needs 3 blocks.
var workloads = func() []struct {
	name string
	req  payway.Request
} {
	creds := payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_bench_api_key", RSAPublicKey: testvectors.Key("rsa1024_TEST_ONLY_public.pem")}
	items := []any{}
	for i := 0; i < 5; i++ {
		items = append(items, map[string]any{"name": "Item", "quantity": 1, "price": "2.00"})
	}
	return []struct {
		name string
		req  payway.Request
	}{
		{"W1_check_transaction", payway.Request{Operation: "check_transaction", Credentials: creds, Params: payway.Params{"tran_id": "T1001"}, RequestTime: "20261121093403"}},
		{"W2_refund", payway.Request{Operation: "refund", Credentials: creds, Params: payway.Params{"tran_id": "T1001", "refund_amount": "1.50"}, RequestTime: "20261121093403"}},
		{"W3_purchase", payway.Request{Operation: "purchase", Credentials: creds, RequestTime: "20261121093403", Params: payway.Params{
			"tran_id": "T1001", "amount": "10.00", "currency": "USD", "items": items,
			"return_url": "https://shop.example.com/pushback?o=1", "cancel_url": "https://shop.example.com/cart", "continue_success_url": "https://shop.example.com/thanks"}}},
		{"W4_payment_link", payway.Request{Operation: "create_payment_link", Credentials: creds, RequestTime: "20261121093403", Params: payway.Params{
			"title": "A payment link with a long title for three RSA blocks", "amount": "25.00", "currency": "USD",
			"description":  "Single-origin Mondulkiri coffee beans, roasted in Phnom Penh, 1 kg bag, shipped nationwide",
			"expired_date": 1795000000, "return_url": "https://shop.example.com/links/return?id=42", "merchant_ref_no": "INV-2026-1001"}}},
	}
}()

func requestJSON(r payway.Request) []byte {
	b, _ := json.Marshal(map[string]any{"operation": r.Operation, "credentials": r.Credentials, "params": r.Params, "request_time": r.RequestTime})
	return b
}

func BenchmarkCoreSign(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := payway.Sign(&w.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkABICall(b *testing.B) {
	for _, w := range workloads {
		req := requestJSON(w.req)
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, status := abi.Call("payway.sign", req); status != abi.StatusOK {
					b.Fatal(status)
				}
			}
		})
	}
}

func BenchmarkPrimitives(b *testing.B) {
	b.Run("HMACSHA512_200B", func(b *testing.B) {
		msg := make([]byte, 200)
		for b.Loop() {
			core.HMACSHA512([]byte("key"), msg)
		}
	})
	pub, _ := core.ParsePublicKey(testvectors.Key("rsa1024_TEST_ONLY_public.pem"))
	b.Run("EncryptChunked_1024_1block", func(b *testing.B) {
		msg := make([]byte, 80)
		for b.Loop() {
			core.EncryptChunked(pub, msg)
		}
	})
}

// TestWorkloadsSign keeps the benchmark inputs valid.
func TestWorkloadsSign(t *testing.T) {
	for _, w := range workloads {
		_, status := abi.Call("payway.sign", requestJSON(w.req))
		require.Equal(t, abi.StatusOK, status, w.name)
	}
}
