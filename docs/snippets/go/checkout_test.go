package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/paywaytest"
)

// shop serves pushbackHandler on 127.0.0.1, a free port; the orders it fulfils arrive on paid.
func shop(t *testing.T, client *paywayhttp.Client) (url string, paid chan string) {
	paid = make(chan string, 10)
	server := httptest.NewServer(pushbackHandler(client, func(tranID string) { paid <- tranID }))
	t.Cleanup(server.Close)
	return server.URL + "/payway/pushback", paid
}

func TestCheckout(t *testing.T) {
	srv := paywaytest.NewServer(t) // a PayWay double on 127.0.0.1, stopped when the test ends
	client := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL}
	url, paid := shop(t, client)
	ctx := context.Background()
	_, err := client.Send(ctx, "purchase", payway.Purchase{TranID: "ORDER-1", Amount: "10.00", Currency: "USD", ReturnURL: url})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := srv.Approve("ORDER-1"); err != nil || !d.Delivered { // the payer pays: a signed pushback to the shop
		t.Fatal(err, d)
	}
	if len(paid) != 1 || <-paid != "ORDER-1" { // the handler verified it and confirmed the payment
		t.Fatal("ORDER-1 was not fulfilled")
	}
	resp, err := client.Send(ctx, "check_transaction", payway.CheckTransaction{TranID: "ORDER-1"})
	if err != nil || resp.PaymentStatus.Status != "APPROVED" {
		t.Fatal(err, resp)
	}
}

// The handler alone, given a pushback signed as PayWay signs it (ORDER-1003: a paid fixture of the double).
func TestPushbackHandler(t *testing.T) {
	srv := paywaytest.NewServer(t)
	client := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL}
	url, paid := shop(t, client)
	body := `{"tran_id":"ORDER-1003","apv":"100103","status":"0","return_params":"","merchant_ref":""}`
	signature, err := payway.SignCallback([]byte(body), client.Credentials.APIKey) // the X-PayWay-HMAC-SHA512 value
	if err != nil {
		t.Fatal(err)
	}
	post := func(body string) int {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set(payway.CallbackHeader, signature)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if status := post(body); status != http.StatusOK || len(paid) != 1 || <-paid != "ORDER-1003" {
		t.Fatalf("a signed pushback: %d, not fulfilled", status)
	}
	if status := post(strings.Replace(body, "100103", "999999", 1)); status != http.StatusUnauthorized || len(paid) != 0 {
		t.Fatalf("a changed pushback: %d", status) // a changed body is not PayWay's
	}
}
