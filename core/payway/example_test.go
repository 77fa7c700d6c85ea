package payway_test

import (
	"fmt"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

func ExampleSign() {
	signed, err := payway.Sign(&payway.Request{
		Operation:   "check_transaction",
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
		Params:      payway.Params{"tran_id": "T1001"},
		RequestTime: "20261121093403",
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

// A refund encrypts merchant_auth with PayWay's RSA public key; the
// ciphertext is random, so print what it encrypts and check it round-trips.
func ExampleSign_refund() {
	signed, err := payway.Sign(&payway.Request{
		Operation: "refund",
		Credentials: payway.Credentials{
			MerchantID:   "ec000002",
			APIKey:       "TEST_ONLY_api_key",
			RSAPublicKey: testvectors.Key("rsa1024_TEST_ONLY_public.pem"),
		},
		Params: payway.Params{"tran_id": "T1001", "refund_amount": "1.50"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(signed.MerchantAuthJSON)
	fmt.Println(signed.HashFields)

	// What PayWay's server does with it:
	priv, _ := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	fields := map[string]string{}
	for _, f := range signed.Fields {
		fields[f[0]] = f[1]
	}
	verified, err := payway.Verify("refund", fields, "TEST_ONLY_api_key", priv)
	fmt.Println(verified.MerchantAuthJSON, err)
	// Output:
	// {"mc_id":"ec000002","tran_id":"T1001","refund_amount":"1.50"}
	// [request_time merchant_id merchant_auth]
	// {"mc_id":"ec000002","tran_id":"T1001","refund_amount":"1.50"} <nil>
}
