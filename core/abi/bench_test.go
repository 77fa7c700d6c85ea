package abi_test

import (
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
