package paywaytest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/paywaytest"
)

// pushbackReceiver is a merchant's callback endpoint on 127.0.0.1: it
// verifies each pushback with the API key and hands it to the test.
func pushbackReceiver(t *testing.T, client *paywayhttp.Client) (url string, received <-chan *paywayhttp.Callback) {
	t.Helper()
	ch := make(chan *paywayhttp.Callback, 8)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: client.CallbackHandler(func(w http.ResponseWriter, r *http.Request, cb *paywayhttp.Callback) {
		ch <- cb
		w.WriteHeader(http.StatusOK)
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String() + "/payway/pushback", ch
}

func payWayError(t *testing.T, err error) *payway.RefusedError {
	t.Helper()
	var pe *payway.RefusedError
	require.True(t, errors.As(err, &pe), "want a *PayWayError, got %v", err)
	return pe
}

// The loop an integrator lives in, in Go: purchase (multipart) → the
// payer approves → the signed pushback arrives and verifies →
// check_transaction says APPROVED → partial refund → a refund beyond the
// paid amount is PTL37 → another purchase is closed → CANCELLED; and a
// request with a wrong hash.
func TestEndToEnd(t *testing.T) {
	srv := paywaytest.NewServer(t)
	client := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL}
	ctx := context.Background()
	pushbackURL, received := pushbackReceiver(t, client)

	resp, err := client.Send(ctx, "purchase", payway.Params{"tran_id": "E2E-1", "amount": "10.00", "currency": "USD",
		"items": []payway.Item{{Name: "Latte", Quantity: 4, Price: "2.50"}}, "return_url": pushbackURL, "return_params": "order=77"})
	require.NoError(t, err)
	assert.True(t, resp.OK)
	assert.Equal(t, "00", resp.Code)

	check := func(tranID string) *payway.PaymentStatus {
		t.Helper()
		resp, err := client.Send(ctx, "check_transaction", payway.Params{"tran_id": tranID})
		require.NoError(t, err)
		require.NotNil(t, resp.PaymentStatus)
		return resp.PaymentStatus
	}
	assert.Equal(t, "PENDING", check("E2E-1").Status)

	delivery, err := srv.Approve("E2E-1")
	require.NoError(t, err)
	require.NotNil(t, delivery)
	assert.True(t, delivery.Delivered, "pushback: %+v", delivery)
	assert.True(t, delivery.Signed)
	select {
	case cb := <-received:
		assert.Equal(t, "E2E-1", cb.TranID)
		assert.Equal(t, "0", cb.Status)
		assert.Equal(t, "order=77", cb.ReturnParams)
		assert.Len(t, cb.APV, 6)
	case <-time.After(5 * time.Second):
		t.Fatal("no pushback arrived")
	}
	ps := check("E2E-1")
	assert.Equal(t, "APPROVED", ps.Status)
	assert.Equal(t, "0", ps.Code)

	resp, err = client.Send(ctx, "refund", payway.Params{"tran_id": "E2E-1", "refund_amount": "4.00"})
	require.NoError(t, err)
	assert.Equal(t, "00", resp.Code)
	assert.JSONEq(t, `{"grand_total":"10","total_refunded":"4","currency":"USD","transaction_status":"REFUNDED","status":{"code":"00","message":"Success!"}}`, string(resp.Value))

	_, err = client.Send(ctx, "refund", payway.Params{"tran_id": "E2E-1", "refund_amount": "6.01"})
	pe := payWayError(t, err)
	assert.Equal(t, "PTL37", pe.Code)
	assert.Equal(t, payway.CategoryDeclined, pe.Category)
	assert.False(t, pe.Retryable)
	assert.Equal(t, "REFUNDED", check("E2E-1").Status)

	_, err = client.Send(ctx, "purchase", payway.Params{"tran_id": "E2E-2", "amount": "3", "currency": "USD"})
	require.NoError(t, err)
	_, err = client.Send(ctx, "close_transaction", payway.Params{"tran_id": "E2E-2"})
	require.NoError(t, err)
	assert.Equal(t, "CANCELLED", check("E2E-2").Status)
	assert.Equal(t, "7", check("E2E-2").Code)

	wrong := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL}
	wrong.Credentials.APIKey = "TEST_ONLY_not_the_key"
	_, err = wrong.Send(ctx, "check_transaction", payway.Params{"tran_id": "E2E-1"})
	pe = payWayError(t, err)
	assert.Equal(t, "5", pe.Code)
	assert.Equal(t, payway.CategoryWrongHash, pe.Category)
	assert.Equal(t, http.StatusForbidden, pe.HTTPStatus)

	// What the double saw, secrets masked.
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "wrong_hash", last.Outcome)
	assert.Contains(t, last.ExpectedHashInput, "ec000002E2E-1")
	assert.NotContains(t, last.Fields["hash"], "=")
}
