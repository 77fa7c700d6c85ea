// A program with typed parameters. TestMisspeltFieldDoesNotCompile builds
// it, then a copy of it with TranID misspelt, which must not compile.
package main

import (
	"fmt"

	"github.com/paysign/paysign/core/payway"
)

func main() {
	signed, err := payway.Sign(&payway.Request{
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key", RSAPublicKeyPEM: "..."},
		Params:      payway.Refund{TranID: "T1", RefundAmount: "1.50"},
	})
	fmt.Println(signed, err)
}
