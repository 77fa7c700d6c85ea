package main

import (
	"context"
	"errors"
	"testing"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/paywaytest"
)

// The mock ships in the Go module itself (paywaytest): sign and send to it.
func TestSendToTheMock(t *testing.T) {
	srv := paywaytest.NewServer(t)
	client := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL}
	ctx := context.Background()
	if _, err := client.Send(ctx, "purchase", payway.Params{"tran_id": "ORDER-1", "amount": "10.00", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Approve("ORDER-1"); err != nil {
		t.Fatal(err)
	}
	resp, err := client.Send(ctx, "check_transaction", payway.Params{"tran_id": "ORDER-1"})
	if err != nil || resp.PaymentStatus.Status != "APPROVED" {
		t.Fatalf("check_transaction: %v, %+v", err, resp)
	}
	_, err = client.Send(ctx, "refund", payway.Params{"tran_id": "ORDER-1", "refund_amount": "20.00"})
	var refused *payway.RefusedError
	if !errors.As(err, &refused) || refused.Code != "PTL37" {
		t.Fatalf("a refund over the paid amount: %v", err)
	}
}
