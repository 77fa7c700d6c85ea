package paywayhttp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/internal/testkeys"
	"github.com/paysign/paysign/paywayhttp"
)

var creds = payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"}

// Each endpoint's content type: multipart built from the fields in order,
// a form, or JSON, all with the body payway.Sign made.
func TestNewRequestContentTypes(t *testing.T) {
	sign := func(op string, params payway.Params) *payway.Signed {
		s, err := payway.Sign(&payway.Request{Operation: op, Credentials: creds, Params: params, RequestTime: time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC)})
		require.NoError(t, err)
		return s
	}
	purchase := sign("purchase", payway.Params{"tran_id": "T1", "amount": "1", "currency": "USD", "return_url": "https://x.example/cb"})
	req, err := paywayhttp.NewRequest(context.Background(), purchase)
	require.NoError(t, err)
	mediaType, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "multipart/form-data", mediaType)
	mr := multipart.NewReader(req.Body, params["boundary"])
	var names []string
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		value, _ := io.ReadAll(part)
		want, _ := purchase.Field(part.FormName())
		assert.Equal(t, want, string(value), part.FormName())
		names = append(names, part.FormName())
	}
	var sent []string
	for _, f := range purchase.Fields {
		sent = append(sent, f.Name)
	}
	assert.Equal(t, sent, names, "multipart parts in send order")

	for op, params := range map[string]payway.Params{
		"check_transaction": {"tran_id": "T1"},
		"link_card":         {"ctid": "CUST00001", "request_id": "REQ00001", "token_flag": "X", "currency": "USD"},
	} {
		s := sign(op, params)
		req, err := paywayhttp.NewRequest(context.Background(), s)
		require.NoError(t, err)
		assert.Equal(t, s.ContentType, req.Header.Get("Content-Type"))
		body, _ := io.ReadAll(req.Body)
		assert.Equal(t, s.Body, string(body))
		assert.Equal(t, http.MethodPost, req.Method)
	}
}

func TestSendErrors(t *testing.T) {
	var calls atomic.Int32
	answer := func(status int, body string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	ctx := context.Background()

	// A refusal is a *PayWayError with PayWay's code.
	srv := answer(200, `{"status":{"code":"PTL37","message":"Refund amount is over"}}`)
	client := &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL}
	_, err := client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	var pe *paywayhttp.PayWayError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "PTL37", pe.Code)
	assert.Contains(t, err.Error(), "payway check_transaction: PTL37")

	// An answer that cannot be decoded wraps core.ErrBodyMalformed.
	srv = answer(400, `<html>Bad Request</html>`)
	client.BaseURL = srv.URL
	_, err = client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	assert.ErrorIs(t, err, core.ErrBodyMalformed)
	assert.Contains(t, err.Error(), "HTTP 400")

	// A signing error never reaches the network.
	calls.Store(0)
	_, err = client.Send(ctx, "check_transaction", payway.Params{})
	assert.ErrorIs(t, err, core.ErrRequired)
	assert.Zero(t, calls.Load())

	// Queries are retried after a retryable answer; a refund never.
	srv = answer(503, `<html>unavailable</html>`)
	client = &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL, QueryRetries: 2, RetryBackoff: time.Millisecond}
	calls.Store(0)
	_, err = client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	require.ErrorAs(t, err, &pe)
	assert.True(t, pe.Retryable)
	assert.EqualValues(t, 3, calls.Load())
	calls.Store(0)
	client.Credentials.RSAPublicKeyPEM = testkeys.PEM("rsa1024_TEST_ONLY_public.pem")
	_, err = client.Send(ctx, "refund", payway.Params{"tran_id": "T1", "refund_amount": "1"})
	require.ErrorAs(t, err, &pe)
	assert.False(t, pe.Retryable)
	assert.EqualValues(t, 1, calls.Load())

	// An answer over 8 MiB is an error, never a truncated answer decoded.
	srv = answer(200, strings.Repeat("x", 8<<20+1))
	client = &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL}
	_, err = client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than 8 MiB")
	srv = answer(200, strings.Repeat("x", 8<<20))
	client.BaseURL = srv.URL
	resp, err := client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	require.NoError(t, err, "exactly 8 MiB is read")
	assert.Len(t, resp.Value, 8<<20+2) // the page as a JSON string

	// A transport error names the operation and wraps the cause.
	client = &paywayhttp.Client{Credentials: creds, BaseURL: "http://127.0.0.1:1"}
	_, err = client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "paywayhttp: check_transaction")
	assert.NotContains(t, err.Error(), creds.APIKey)
}

func TestVerifyCallback(t *testing.T) {
	body := []byte(`{"tran_id":"T1","apv":123456,"status":"00","merchant_ref_no":"INV-1"}`)
	signature, err := payway.SignCallback(body, "k")
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(body))
	req.Header.Set(payway.CallbackHeader, signature)
	cb, err := paywayhttp.VerifyCallback(req, "k")
	require.NoError(t, err)
	assert.Equal(t, "T1", cb.TranID)
	assert.Equal(t, "123456", cb.APV)
	assert.Equal(t, "INV-1", cb.MerchantRef)
	again, _ := io.ReadAll(req.Body)
	assert.Equal(t, body, again, "the body can be read again")

	req = httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(body))
	_, err = paywayhttp.VerifyCallback(req, "k")
	assert.ErrorIs(t, err, core.ErrSignatureMissing)
	req = httptest.NewRequest(http.MethodPost, "/cb", strings.NewReader(`{"tran_id":"T2"}`))
	req.Header.Set(payway.CallbackHeader, signature)
	_, err = paywayhttp.VerifyCallback(req, "k")
	assert.ErrorIs(t, err, core.ErrSignatureMismatch)

	h := (&paywayhttp.Client{Credentials: payway.Credentials{APIKey: "k"}}).CallbackHandler(func(w http.ResponseWriter, r *http.Request, cb *paywayhttp.Callback) {})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/cb", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}
