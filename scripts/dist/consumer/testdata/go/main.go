// dist-check: runs in an empty Go module after exactly
// `go get github.com/paysign/paysign@vVERSION` from the local module proxy
// (make dist-check); it lives under testdata/ so that the paysign module
// itself does not build it.
package main

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/payway"
)

const apiKey = "TEST_ONLY_dist_check_api_key" // made up; the output must never show it

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "go: FAILED:", err)
		os.Exit(1)
	}
}

func run() error {
	if abi.LibraryVersion != os.Getenv("EXPECT_VERSION") {
		return fmt.Errorf("abi.LibraryVersion is %s", abi.LibraryVersion)
	}
	pub, err := readKey("RSA_PUBLIC", core.ParsePublicKey)
	if err != nil {
		return err
	}
	priv, err := readKey("RSA_PRIVATE", core.ParsePrivateKey)
	if err != nil {
		return err
	}
	creds := payway.Credentials{MerchantID: "ec000002", APIKey: apiKey, RSAPublicKey: pub}

	refund, err := payway.Sign(&payway.Request{Operation: "refund", Credentials: creds,
		Params: payway.Params{"tran_id": "T1001", "refund_amount": "1.50"}})
	if err != nil {
		return err
	}
	fields := map[string]string{}
	for _, f := range refund.Fields {
		fields[f.Name] = f.Value
	}
	verified, err := payway.Verify("refund", fields, apiKey, priv)
	if err != nil {
		return err
	}
	if got := string(verified.MerchantAuth); got != `{"mc_id":"ec000002","tran_id":"T1001","refund_amount":1.5}` {
		return fmt.Errorf("refund merchant_auth round trip: %s", got)
	}

	purchase, err := payway.Sign(&payway.Request{Operation: "purchase", Credentials: creds,
		Params: payway.Params{"tran_id": "T1002", "amount": "2.50", "currency": "USD",
			"items": []payway.Item{{Name: "Latte", Quantity: 1, Price: "2.50"}}}})
	if err != nil {
		return err
	}
	mac := hmac.New(sha512.New, []byte(apiKey))
	mac.Write([]byte(purchase.HashInput))
	if purchase.Hash != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		return errors.New("the purchase hash is not HMAC-SHA512 (crypto/hmac) of its hash input")
	}

	_, err = payway.Sign(&payway.Request{Operation: "refund", Credentials: creds,
		Params: payway.Params{"refund_amount": "1.50"}})
	var field *core.FieldError
	if !errors.As(err, &field) || field.Field != "params.tran_id" || !errors.Is(err, core.ErrRequired) {
		return fmt.Errorf("a refund without tran_id: %v", err)
	}
	fmt.Printf("go: github.com/paysign/paysign %s: refund round-trips through payway.Verify, "+
		"purchase hash = HMAC-SHA512 (crypto/hmac), core.ErrRequired on a missing field\n", abi.LibraryVersion)
	return nil
}

func readKey[K any](variable string, parse func(string) (K, error)) (K, error) {
	text, err := os.ReadFile(os.Getenv(variable))
	if err != nil {
		var zero K
		return zero, err
	}
	return parse(strings.TrimSpace(string(text)) + "\n")
}
