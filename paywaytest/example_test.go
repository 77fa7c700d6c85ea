package paywaytest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/paywaytest"
)

// A test of an integration against the double: in a test, use
// paywaytest.NewServer(t), which stops the server when the test ends.
func Example() {
	srv, err := paywaytest.Start("127.0.0.1:0", paywaytest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ctx := context.Background()
	client := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL}

	if _, err := client.Send(ctx, "purchase", payway.Params{"tran_id": "ORDER-42", "amount": "12.50", "currency": "USD"}); err != nil {
		panic(err)
	}
	if _, err := srv.Approve("ORDER-42"); err != nil { // the payer pays in the ABA app
		panic(err)
	}
	resp, err := client.Send(ctx, "check_transaction", payway.Params{"tran_id": "ORDER-42"})
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.PaymentStatus.Status)

	_, err = client.Send(ctx, "refund", payway.Params{"tran_id": "ORDER-42", "refund_amount": "20.00"})
	var refused *payway.RefusedError
	if errors.As(err, &refused) {
		fmt.Println(refused.Code, refused.Meaning)
	}
	// Output:
	// APPROVED
	// PTL37 the refund amount exceeds the original amount
}

// Faults are armed for the next requests of an operation.
func ExampleMock_InjectFault() {
	srv, err := paywaytest.Start("127.0.0.1:0", paywaytest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	fault, _ := paywaytest.ParseFault("check_transaction:rate_limit:1")
	if err := srv.InjectFault(fault); err != nil {
		panic(err)
	}
	client := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL, QueryRetries: -1}
	_, err = client.Send(context.Background(), "check_transaction", payway.Params{"tran_id": "T1"})
	fmt.Println(err)
	// Output:
	// payway check_transaction: 429: too many requests (PayWay answers HTTP 403 with status.code 429, no Retry-After) (rate_limited)
}
