package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
)

func main() {
	rsaPublicKey, err := os.ReadFile(os.Getenv("PAYWAY_RSA_PUBLIC_KEY_FILE")) // ABA's RSA public key (PEM)
	if err != nil {
		log.Fatal(err)
	}
	client := &paywayhttp.Client{Credentials: payway.Credentials{
		MerchantID: os.Getenv("PAYWAY_MERCHANT_ID"), APIKey: os.Getenv("PAYWAY_API_KEY"), RSAPublicKeyPEM: string(rsaPublicKey),
	}, BaseURL: os.Getenv("PAYWAY_BASE_URL")} // "": the sandbox; Environment: "production" when live
	resp, err := client.Send(context.Background(), "refund", payway.Refund{TranID: "ORDER-1001", RefundAmount: "1.50"})
	var refused *payway.RefusedError
	switch {
	case errors.As(err, &refused): // PayWay said no
		fmt.Println(refused.Code, refused.Category) // PTL37 declined, PTL02 wrong_hash, ...
	case err != nil: // not signed (a *core.FieldError: PTL05 ...) or no answer: confirm with check_transaction
		fmt.Println(err)
	default:
		fmt.Println(resp.Code, resp.Meaning) // 00 success
	}
}
