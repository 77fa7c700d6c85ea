package paywayhttp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
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
	refundCreds := creds
	refundCreds.RSAPublicKeyPEM = testkeys.PEM("rsa1024_TEST_ONLY_public.pem")
	refund := payway.Params{"tran_id": "T1", "refund_amount": "1"}

	// A refusal is a *payway.RefusedError with PayWay's code.
	srv := answer(200, `{"status":{"code":"PTL37","message":"Refund amount is over"}}`)
	client := &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL}
	_, err := client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	var pe *payway.RefusedError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "PTL37", pe.Code)
	assert.Contains(t, err.Error(), "payway check_transaction: PTL37")

	// A signing error never reaches the network.
	calls.Store(0)
	_, err = client.Send(ctx, "check_transaction", payway.Params{})
	assert.ErrorIs(t, err, core.ErrRequired)
	assert.Zero(t, calls.Load())

	// Queries are sent again after a retryable answer; a refund never.
	srv = answer(503, `<html>unavailable</html>`)
	client = &paywayhttp.Client{Credentials: refundCreds, BaseURL: srv.URL, QueryRetries: 2, RetryBackoff: time.Millisecond}
	calls.Store(0)
	_, err = client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	require.ErrorAs(t, err, &pe)
	assert.True(t, pe.Retryable)
	assert.EqualValues(t, 3, calls.Load())
	calls.Store(0)
	_, err = client.Send(ctx, "refund", refund)
	var se *payway.SendError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown)
	assert.Equal(t, payway.NextConfirmFirst, se.Next)
	assert.EqualValues(t, 1, calls.Load())

	// The money path: an answer that is not PayWay's is never success.
	for _, a := range []struct {
		status int
		body   string
	}{{200, ""}, {204, ""}, {200, "<html>Welcome</html>"}, {302, "<html>login</html>"}, {400, "<html>Bad Request</html>"}} {
		srv = answer(a.status, a.body)
		client = &paywayhttp.Client{Credentials: refundCreds, BaseURL: srv.URL}
		calls.Store(0)
		resp, err := client.Send(ctx, "refund", refund)
		assert.Nil(t, resp, "HTTP %d %q", a.status, a.body)
		assert.ErrorIs(t, err, core.ErrOutcomeUnknown, "HTTP %d %q", a.status, a.body)
		assert.Contains(t, err.Error(), "confirm with check_transaction")
		assert.EqualValues(t, 1, calls.Load())
	}

	// An answer over the limit is never decoded cut short.
	srv = answer(200, strings.Repeat("x", payway.MaxAnswer+1))
	client = &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL, QueryRetries: -1}
	_, err = client.Send(ctx, "check_transaction", payway.Params{"tran_id": "T1"})
	assert.ErrorIs(t, err, core.ErrTransportFailed)
	assert.Contains(t, err.Error(), "an answer over 640 KiB")

	// Nothing listening: not sent, safe to send again; no URL in the message.
	client = &paywayhttp.Client{Credentials: refundCreds, BaseURL: "http://127.0.0.1:1"}
	_, err = client.Send(ctx, "refund", refund)
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, core.ErrNotSent)
	assert.Equal(t, payway.NextSendAgain, se.Next)
	assert.Contains(t, err.Error(), "payway refund: not sent")
	assert.NotContains(t, err.Error(), creds.APIKey)
}

// The connection breaks after the refund was read: outcome unknown, typed.
func TestSendConnectionDropped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		conn, _, err := w.(http.Hijacker).Hijack()
		require.NoError(t, err)
		conn.Close()
	}))
	defer srv.Close()
	c := creds
	c.RSAPublicKeyPEM = testkeys.PEM("rsa1024_TEST_ONLY_public.pem")
	client := &paywayhttp.Client{Credentials: c, BaseURL: srv.URL}
	_, err := client.Send(context.Background(), "refund", payway.Params{"tran_id": "T1", "refund_amount": "1"})
	var se *payway.SendError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown)
	assert.Equal(t, payway.NextConfirmFirst, se.Next)
}

// One deadline per attempt: an answer that drips a byte at a time does
// not keep a send past its timeout.
func TestSendDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		for i := 0; i < 100; i++ {
			if _, err := io.WriteString(w, " "); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
	}))
	defer srv.Close()
	client := &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL, Timeout: 300 * time.Millisecond, QueryRetries: -1}
	start := time.Now()
	_, err := client.Send(context.Background(), "check_transaction", payway.Params{"tran_id": "T1"})
	assert.ErrorIs(t, err, core.ErrTimeout)
	assert.Less(t, time.Since(start), 3*time.Second)
}

// A user's own http.Client never follows a redirect with the signed body.
func TestSendNeverFollowsRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	c := creds
	c.RSAPublicKeyPEM = testkeys.PEM("rsa1024_TEST_ONLY_public.pem")
	client := &paywayhttp.Client{Credentials: c, BaseURL: srv.URL, HTTPClient: &http.Client{}}
	_, err := client.Send(context.Background(), "refund", payway.Params{"tran_id": "T1", "refund_amount": "1"})
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown)
	assert.Zero(t, elsewhere.Load(), "the 307 was not followed")
}

// One Client keeps its connection: 20 sends, one connection.
func TestSendReusesConnections(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"status":{"code":"00"}}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	client := &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL}
	for i := 0; i < 20; i++ {
		_, err := client.Send(context.Background(), "check_transaction", payway.Params{"tran_id": "T1"})
		require.NoError(t, err)
	}
	assert.EqualValues(t, 1, conns.Load())
}

// The client prints no secret.
func TestClientNeverPrintsTheKey(t *testing.T) {
	client := &paywayhttp.Client{Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_very_secret_key"}}
	j, err := json.Marshal(client)
	require.NoError(t, err)
	for _, out := range []string{fmt.Sprintf("%v", client), fmt.Sprintf("%+v", *client), fmt.Sprintf("%#v", client), fmt.Sprintf("%s", client), string(j)} {
		assert.NotContains(t, out, "very_secret")
		assert.Contains(t, out, "ec000002")
	}
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

// Send takes an operation's struct as it takes Params; an operation name
// that is not the struct's is refused before anything is sent.
func TestSendTyped(t *testing.T) {
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.URL.Path+" "+string(body))
		_, _ = io.WriteString(w, `{"status":{"code":"00","message":"Success!"}}`)
	}))
	t.Cleanup(srv.Close)
	when := time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC)
	client := &paywayhttp.Client{Credentials: creds, BaseURL: srv.URL, Now: func() time.Time { return when }}
	ctx := context.Background()

	resp, err := client.Send(ctx, "close_transaction", payway.CloseTransaction{TranID: "T1"})
	require.NoError(t, err)
	assert.True(t, resp.OK)
	_, err = client.Send(ctx, "close_transaction", payway.Params{"tran_id": "T1"})
	require.NoError(t, err)
	require.Len(t, bodies, 2)
	assert.Equal(t, bodies[1], bodies[0], "the struct and the map send the same bytes")
	assert.True(t, strings.HasPrefix(bodies[0], "/api/payment-gateway/v1/payments/close-transaction "), bodies[0])

	_, err = client.Send(ctx, "refund", payway.CloseTransaction{TranID: "T1"})
	require.ErrorIs(t, err, core.ErrMalformedRequest)
	assert.Len(t, bodies, 2, "nothing sent")
}
