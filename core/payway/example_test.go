package payway_test

import (
	"crypto/rsa"
	"fmt"
	"os"
	"time"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

// The TEST-ONLY key pair that ships with paysign's test vectors.
func testKeys() (*rsa.PublicKey, *rsa.PrivateKey) {
	privPEM, err := os.ReadFile("../../internal/testkeys/rsa1024_TEST_ONLY_private.pem")
	if err != nil {
		panic(err)
	}
	priv, err := core.ParsePrivateKey(string(privPEM))
	if err != nil {
		panic(err)
	}
	return &priv.PublicKey, priv
}

func ExampleSign() {
	signed, err := payway.Sign(&payway.Request{
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
		Params:      payway.CheckTransaction{TranID: "T1001"},
		RequestTime: time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(signed.URL)
	fmt.Println(signed.HashInput)
	fmt.Println(signed.Hash)
	fmt.Println(signed.Body)
	// Output:
	// https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2
	// 20261121093403ec000002T1001
	// RsBjLlAe02sxKZnA8ms+kcfjqaAnWKtNjzjEBKsp75pCY+BV79ZEN7E3KxkX5lkCkkT5vDCyefGfVn68kwVqQg==
	// {"req_time":"20261121093403","merchant_id":"ec000002","tran_id":"T1001","hash":"RsBjLlAe02sxKZnA8ms+kcfjqaAnWKtNjzjEBKsp75pCY+BV79ZEN7E3KxkX5lkCkkT5vDCyefGfVn68kwVqQg=="}
}

// Params name the parameters with PayWay's field names, for an operation
// chosen at run time (a command line, a configuration file).
func ExampleParams() {
	operation := "check_transaction" // from a command line, say
	signed, err := payway.Sign(&payway.Request{
		Operation:   operation,
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
		Params:      payway.Params{"tran_id": "T1001"},
		RequestTime: time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(signed.HashInput)

	_, err = payway.Sign(&payway.Request{
		Operation:   operation,
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
		Params:      payway.Params{"tran_idd": "T1001"}, // a typed struct would not compile
	})
	fmt.Println(err)
	// Output:
	// 20261121093403ec000002T1001
	// params.tran_idd: malformed request: check_transaction does not take "tran_idd" (did you mean tran_id?)
}

// A refund encrypts merchant_auth with PayWay's RSA public key; the
// ciphertext is random, so print what it encrypts and check it round-trips.
func ExampleSign_refund() {
	pub, priv := testKeys() // in production: core.ParsePublicKey(PayWay's RSA public key)
	signed, err := payway.Sign(&payway.Request{
		Credentials: payway.Credentials{
			MerchantID:   "ec000002",
			APIKey:       "TEST_ONLY_api_key",
			RSAPublicKey: pub,
		},
		Params: payway.Refund{TranID: "T1001", RefundAmount: "1.50"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(signed.MerchantAuthJSON)
	fmt.Println(signed.HashFields)

	// What PayWay's server does with it:
	fields := map[string]string{}
	for _, f := range signed.Fields {
		fields[f.Name] = f.Value
	}
	verified, err := payway.Verify("refund", fields, "TEST_ONLY_api_key", priv)
	fmt.Printf("%s %v\n", verified.MerchantAuth, err)
	// Output:
	// {"mc_id":"ec000002","tran_id":"T1001","refund_amount":1.5}
	// [request_time merchant_id merchant_auth]
	// {"mc_id":"ec000002","tran_id":"T1001","refund_amount":1.5} <nil>
}

// Items and other JSON values keep the order given: PayWay hashes the
// base64 of their JSON text, so the order is part of the bytes.
func ExampleSign_purchase() {
	signed, err := payway.Sign(&payway.Request{
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
		Params: payway.Purchase{
			TranID:   "T1002",
			Amount:   "4.5",
			Currency: "USD",
			Items:    []payway.Item{{Name: "Iced latte", Quantity: 1, Price: "2.50"}, {Name: "Croissant", Quantity: 1, Price: "2.00"}},
			CustomFields: payway.Object{
				{Name: "order_ref", Value: "ORD-1002"},
				{Name: "channel", Value: "web"},
			},
			ReturnURL: "https://shop.example.com/payway/pushback",
		},
		RequestTime: time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	for _, f := range signed.Fields {
		fmt.Printf("%s=%s\n", f.Name, f.Value)
	}
	// The fields and the hash agree with PayWay's PHP sample (json_encode,
	// base64_encode, hash_hmac) given the same values in the same order.

	// Output:
	// req_time=20261121093403
	// merchant_id=ec000002
	// tran_id=T1002
	// amount=4.50
	// items=W3sibmFtZSI6IkljZWQgbGF0dGUiLCJxdWFudGl0eSI6MSwicHJpY2UiOiIyLjUwIn0seyJuYW1lIjoiQ3JvaXNzYW50IiwicXVhbnRpdHkiOjEsInByaWNlIjoiMi4wMCJ9XQ==
	// return_url=aHR0cHM6Ly9zaG9wLmV4YW1wbGUuY29tL3BheXdheS9wdXNoYmFjaw==
	// currency=USD
	// custom_fields=eyJvcmRlcl9yZWYiOiJPUkQtMTAwMiIsImNoYW5uZWwiOiJ3ZWIifQ==
	// hash=P7M/J8SZbt9AlHWFBtwM2K6MpCgsrLyPXPe+epz6a+91wRTcmvkmHYI4vvqxc9JJmIU9QMOHKC86CEtzWD2reQ==
}
