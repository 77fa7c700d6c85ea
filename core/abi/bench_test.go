package abi_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/paysign/paysign/bench/workloads"
	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

// The bench workloads (make bench) through the Go API and through the
// envelope: their ratio is what abi.Call adds.

func BenchmarkCoreSign(b *testing.B) {
	for _, w := range workloads.All() {
		b.Run(w.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if w.PayWay != nil {
					_, err = payway.Sign(w.PayWay)
				} else {
					_, err = bbmsl.Sign(w.BBMSL)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkABICall(b *testing.B) {
	for _, w := range workloads.All() {
		b.Run(w.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, status := abi.Call(w.Op, w.Request); status != abi.StatusOK {
					b.Fatal(status)
				}
			}
		})
	}
}

// BenchmarkABICallHandle is BenchmarkABICall with the credentials given
// once, as the bindings' helper objects give them.
func BenchmarkABICallHandle(b *testing.B) {
	for _, w := range workloads.All() {
		req, err := w.HandleRequest()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(w.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, status := abi.Call(w.Op, req); status != abi.StatusOK {
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
			primitive.HMACSHA512([]byte("key"), msg)
		}
	})
	pub, _ := core.ParsePublicKey(testvectors.Key("rsa1024_TEST_ONLY_public.pem"))
	b.Run("EncryptChunked_1024_1block", func(b *testing.B) {
		msg := make([]byte, 80)
		for b.Loop() {
			primitive.EncryptChunked(pub, msg)
		}
	})
}

// BenchmarkSendStep is what every send() pays after its answer arrives:
// payway.send_step deciding on check_transaction's answer (as paysign mock
// gives it for an approved purchase).
func BenchmarkSendStep(b *testing.B) {
	answer := `{"data":{"payment_status_code":0,"total_amount":10,"original_amount":10,"refund_amount":0,"discount_amount":0,` +
		`"payment_amount":10,"payment_currency":"USD","apv":"100101","payment_status":"APPROVED","transaction_date":"2026-12-06 15:02:56"},` +
		`"status":{"code":"00","message":"Success!","tran_id":"ORDER-1001"}}`
	request := []byte(`{"operation":"check_transaction","policy":{"timeout_ms":30000,"query_retries":2,"retry_backoff_ms":500,` +
		`"max_answer_bytes":655360},"attempt":1,"outcome":{"sent":"answered","connection_reused":true,"http_status":200,` +
		`"content_type":"application/json","body_base64":"` + base64.StdEncoding.EncodeToString([]byte(answer)) + `"}}`)
	if out, status := abi.Call("payway.send_step", request); status != abi.StatusOK || !strings.Contains(string(out), `"action":"done"`) {
		b.Fatalf("status %d: %s", status, out)
	}
	b.ReportAllocs()
	for b.Loop() {
		abi.Call("payway.send_step", request)
	}
}
