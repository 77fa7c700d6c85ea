package paywaytest_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/internal/testkeys"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/paywaytest"
)

// harness sends requests to a double and checks that every code it
// answers is in payway's response code table for that operation.
type harness struct {
	t      *testing.T
	srv    *paywaytest.Server
	client *paywayhttp.Client
}

func newHarness(t *testing.T, opts ...paywaytest.Option) *harness {
	srv := paywaytest.NewServer(t, opts...)
	h := &harness{t: t, srv: srv, client: &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL, QueryRetries: -1}}
	t.Cleanup(h.checkCodes)
	return h
}

// checkCodes: the double answers only with codes the table lists.
func (h *harness) checkCodes() {
	for _, r := range h.srv.Requests() {
		if r.Kind != paywaytest.KindRequest || r.Code == "" || r.Operation == "" {
			continue
		}
		_, ok := payway.LookupResponseCode(r.Operation, r.Code)
		assert.True(h.t, ok, "the double answered %s with %q, which the table does not list", r.Operation, r.Code)
	}
}

// send returns the answer, or PayWay's refusal.
func (h *harness) send(op string, params payway.Params) (*payway.Response, *payway.RefusedError) {
	h.t.Helper()
	resp, err := h.client.Send(context.Background(), op, params)
	if err == nil {
		return resp, nil
	}
	return nil, payWayError(h.t, err)
}

func (h *harness) ok(op string, params payway.Params) *payway.Response {
	h.t.Helper()
	resp, pe := h.send(op, params)
	require.Nil(h.t, pe, "%s refused: %v", op, pe)
	return resp
}

func (h *harness) refused(op string, params payway.Params, code string, status int) *payway.RefusedError {
	h.t.Helper()
	_, pe := h.send(op, params)
	require.NotNil(h.t, pe, "%s was accepted, want %s", op, code)
	assert.Equal(h.t, code, pe.Code, "%s: %s", op, pe.Message)
	assert.Equal(h.t, status, pe.HTTPStatus, "%s HTTP status", op)
	return pe
}

func (h *harness) purchase(tranID, amount string, extra payway.Params) {
	h.t.Helper()
	p := payway.Params{"tran_id": tranID, "amount": amount, "currency": "USD"}
	for k, v := range extra {
		p[k] = v
	}
	h.ok("purchase", p)
}

func (h *harness) approve(tranID string) {
	h.t.Helper()
	_, err := h.srv.Approve(tranID)
	require.NoError(h.t, err)
}

func (h *harness) status(tranID string) string {
	h.t.Helper()
	return h.ok("check_transaction", payway.Params{"tran_id": tranID}).PaymentStatus.Status
}

func decode(t *testing.T, resp *payway.Response) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(resp.Value, &v))
	return v
}

// postRaw posts a body the test built itself.
func postRaw(t *testing.T, base, path, contentType string, body []byte) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(base+path, contentType, bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var v map[string]any
	_ = json.Unmarshal(data, &v)
	return resp.StatusCode, v
}

func statusCode(v map[string]any) any {
	s, _ := v["status"].(map[string]any)
	return s["code"]
}

// Every operation of the catalogue is served and succeeds with valid
// parameters (after the setup it needs).
func TestEveryOperation(t *testing.T) {
	h := newHarness(t)
	expires := time.Now().Add(time.Hour).Unix()
	served := map[string]bool{}
	run := func(op string, params payway.Params) *payway.Response {
		t.Helper()
		served[op] = true
		return h.ok(op, params)
	}

	run("purchase", payway.Params{"tran_id": "P1", "amount": "5", "currency": "USD", "payment_gate": "0"})
	run("subscription", payway.Params{"tran_id": "S1", "amount": "5", "currency": "USD", "ctid": "CUST00001", "token_flag": "CITR_FIX", "frequency": "1M"})
	run("generate_qr", payway.Params{"tran_id": "Q1", "amount": "1.5", "currency": "USD", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"})
	run("request_qr", payway.Params{"tran_id": "Q2", "amount": "1000", "currency": "KHR", "callback_url": "https://shop.example.com/cb"})
	h.approve("P1")
	run("check_transaction", payway.Params{"tran_id": "P1"})
	run("transaction_detail", payway.Params{"tran_id": "P1"})
	run("close_transaction", payway.Params{"tran_id": "S1"})
	run("transaction_list", payway.Params{})
	run("exchange_rate", payway.Params{})
	run("get_transactions_by_mc_ref", payway.Params{"merchant_ref": "REF-1"})
	run("refund", payway.Params{"tran_id": "P1", "refund_amount": "1.00"})

	run("purchase", payway.Params{"tran_id": "PA1", "amount": "10", "currency": "USD", "type": "pre-auth"})
	run("purchase", payway.Params{"tran_id": "PA2", "amount": "10", "currency": "USD", "type": "pre-auth"})
	h.approve("PA1")
	h.approve("PA2")
	assert.Equal(t, "PRE-AUTH", h.status("PA1"))
	run("pre_auth_completion", payway.Params{"tran_id": "PA1", "complete_amount": "11.00"})
	assert.Equal(t, "APPROVED", h.status("PA1"))
	run("pre_auth_cancellation", payway.Params{"tran_id": "PA2"})
	assert.Equal(t, "CANCELLED", h.status("PA2"))

	link := run("create_payment_link", payway.Params{"title": "Invoice 7", "amount": "25", "currency": "USD", "expired_date": expires, "merchant_ref_no": "REF-1"})
	id := decode(t, link)["data"].(map[string]any)["id"].(string)
	run("payment_link_detail", payway.Params{"id": id})
	run("void_payment_link", payway.Params{"id": id})

	run("add_beneficiary", payway.Params{"payee": "000123456"})
	run("update_beneficiary_status", payway.Params{"payee": "000123456", "status": 1})
	run("payout", payway.Params{"tran_id": "PO1", "beneficiaries": []payway.Payout{{Account: "000123456", Amount: "2.00"}}, "amount": "2.00", "currency": "USD"})

	run("link_account", payway.Params{"ctid": "CUST00001", "request_id": "REQ00001", "token_flag": "CITI_FLEX", "currency": "USD"})
	card := run("link_card", payway.Params{"ctid": "CUST00002", "request_id": "REQ00002", "token_flag": "CITI_FLEX", "currency": "USD"})
	assert.Equal(t, http.StatusFound, card.HTTPStatus)
	cred, _, err := h.srv.ApproveCredential("REQ00001")
	require.NoError(t, err)
	run("purchase_with_token", payway.Params{"tran_id": "T1", "amount": "3", "currency": "USD", "ctid": "CUST00001", "pwt": cred.PWT, "token_flag": "MITU_FLEX"})
	run("get_token_details", payway.Params{"request_id": "REQ00001"})
	require.NoError(t, h.srv.ExpireCredential("REQ00001"))
	run("renew_token", payway.Params{"ctid": "CUST00001", "pwt": cred.PWT, "request_id": "REQ00003"})
	run("remove_token", payway.Params{"ctid": "CUST00001", "pwt": cred.PWT})
	h.refused("purchase_with_token", payway.Params{"tran_id": "T2", "amount": "3", "currency": "USD", "ctid": "CUST00001", "pwt": cred.PWT, "token_flag": "MITU_FLEX"}, "87", 403)

	for _, op := range payway.Operations() {
		assert.True(t, served[op.Name], "%s not exercised", op.Name)
	}
}

// Documented answer shapes: check_transaction's data, the refund answer,
// the QR answer.
func TestAnswerShapes(t *testing.T) {
	h := newHarness(t)
	h.purchase("SHAPE1", "0.10", nil)
	h.approve("SHAPE1")
	v := decode(t, h.ok("check_transaction", payway.Params{"tran_id": "SHAPE1"}))
	data := v["data"].(map[string]any)
	for _, k := range []string{"payment_status_code", "total_amount", "original_amount", "refund_amount", "discount_amount", "payment_amount", "payment_currency", "apv", "payment_status", "transaction_date"} {
		assert.Contains(t, data, k)
	}
	assert.Equal(t, "0.1", data["total_amount"], "a fraction arrives as its exact text")
	assert.Equal(t, "00", statusCode(v))
	assert.Equal(t, "Success!", v["status"].(map[string]any)["message"])
	assert.Equal(t, "SHAPE1", v["status"].(map[string]any)["tran_id"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`, data["transaction_date"])

	qr := decode(t, h.ok("generate_qr", payway.Params{"tran_id": "SHAPE2", "amount": "1", "currency": "USD", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"}))
	assert.Equal(t, "0", statusCode(qr))
	assert.Contains(t, qr, "qrString")
	assert.Contains(t, qr, "qrImage")

	html := h.ok("purchase", payway.Params{"tran_id": "SHAPE3", "amount": "1", "currency": "USD", "payment_gate": "0"})
	var page string
	require.NoError(t, json.Unmarshal(html.Value, &page))
	assert.Contains(t, page, "<html>")
	assert.Equal(t, "", html.Code)
}

// A wrong hash is answered with each family's own code, HTTP 403.
func TestWrongHashPerFamily(t *testing.T) {
	h := newHarness(t)
	before := h.srv.Transactions()
	wrong := *h.client
	wrong.Credentials.APIKey = "TEST_ONLY_wrong_api_key"
	for _, tc := range []struct {
		op     string
		params payway.Params
		code   string
	}{
		{"purchase", payway.Params{"tran_id": "W1", "amount": "1", "currency": "USD"}, "1"},
		{"generate_qr", payway.Params{"tran_id": "W1", "amount": "1", "currency": "USD", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"}, "1"},
		{"check_transaction", payway.Params{"tran_id": "W1"}, "5"},
		{"transaction_detail", payway.Params{"tran_id": "W1"}, "5"},
		{"close_transaction", payway.Params{"tran_id": "W1"}, "1"},
		{"refund", payway.Params{"tran_id": "W1", "refund_amount": "1"}, "PTL02"},
		{"add_beneficiary", payway.Params{"payee": "000111"}, "PTL02"},
		{"pre_auth_cancellation", payway.Params{"tran_id": "W1"}, "PTL02"},
		{"renew_token", payway.Params{"ctid": "CUST00001", "pwt": "x", "request_id": "REQ00009"}, "01"},
		{"link_card", payway.Params{"ctid": "CUST00001", "request_id": "REQ00009", "token_flag": "X", "currency": "USD"}, "01"},
		{"payout", payway.Params{"tran_id": "W1", "beneficiaries": []payway.Payout{{Account: "1", Amount: "1"}}, "amount": "1", "currency": "USD"}, "1"},
	} {
		_, err := wrong.Send(context.Background(), tc.op, tc.params)
		pe := payWayError(t, err)
		assert.Equal(t, tc.code, pe.Code, tc.op)
		assert.Equal(t, http.StatusForbidden, pe.HTTPStatus, tc.op)
		assert.Equal(t, payway.CategoryWrongHash, pe.Category, tc.op)
	}
	// Nothing was created or changed.
	assert.Equal(t, before, h.srv.Transactions())
}

// signedFields signs a request as payway.Sign does, for tests that then
// change it.
func signedFields(t *testing.T, creds payway.Credentials, op string, params payway.Params, at time.Time) map[string]string {
	t.Helper()
	s, err := payway.Sign(&payway.Request{Operation: op, Credentials: creds, Params: params, RequestTime: at})
	require.NoError(t, err)
	m := map[string]string{}
	for _, f := range s.Fields {
		m[f.Name] = f.Value
	}
	return m
}

func rehash(t *testing.T, op string, fields map[string]string, apiKey string) {
	t.Helper()
	delete(fields, "hash")
	h, err := payway.Hash(op, fields, apiKey)
	require.NoError(t, err)
	fields["hash"] = h.Hash
}

func postFields(t *testing.T, base, op string, fields map[string]string) (int, map[string]any) {
	t.Helper()
	o, _ := payway.Lookup(op)
	body, err := json.Marshal(fields)
	require.NoError(t, err)
	return postRaw(t, base, o.Path, "application/json", body)
}

// Requests the gateway refuses before any business logic, each with the
// family's code.
func TestRefusals(t *testing.T) {
	h := newHarness(t)
	base, creds, key := h.srv.URL, h.srv.Credentials(), paywaytest.DefaultAPIKey
	now := time.Now()

	// A JSON number is re-stringified by the gateway (1.50 becomes 1.5),
	// so a hash over the lexeme "1.50" is wrong.
	fields := signedFields(t, creds, "generate_qr", payway.Params{"tran_id": "N1", "amount": "1.50", "currency": "USD", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"}, now)
	raw := strings.Replace(string(mustJSON(t, fields)), `"amount":"1.50"`, `"amount":1.50`, 1)
	status, v := postRaw(t, base, "/api/payment-gateway/v1/payments/generate-qr", "application/json", []byte(raw))
	assert.Equal(t, 403, status)
	assert.Equal(t, "1", statusCode(v))

	// Missing and malformed fields.
	fields = signedFields(t, creds, "check_transaction", payway.Params{"tran_id": "X1"}, now)
	delete(fields, "tran_id")
	rehash(t, "check_transaction", fields, key)
	status, v = postFields(t, base, "check_transaction", fields)
	assert.Equal(t, 400, status)
	assert.Equal(t, "2", statusCode(v))

	fields = signedFields(t, creds, "purchase", payway.Params{"tran_id": "X1", "amount": "100", "currency": "KHR"}, now)
	fields["amount"] = "100.50"
	rehash(t, "purchase", fields, key)
	status, v = postFields(t, base, "purchase", fields)
	assert.Equal(t, 400, status)
	assert.Equal(t, "46", statusCode(v))

	fields = signedFields(t, creds, "check_transaction", payway.Params{"tran_id": "X1"}, now)
	fields["req_time"] = "2026-01-01"
	rehash(t, "check_transaction", fields, key)
	_, v = postFields(t, base, "check_transaction", fields)
	assert.Equal(t, "48", statusCode(v))

	fields = signedFields(t, creds, "check_transaction", payway.Params{"tran_id": "X1"}, now)
	fields["merchant_id"] = "stranger"
	_, v = postFields(t, base, "check_transaction", fields)
	assert.Equal(t, "8", statusCode(v))

	// Merchant portal: PTL04, PTL05, PTL06 (format and staleness), PTL62.
	fields = signedFields(t, creds, "refund", payway.Params{"tran_id": "R1", "refund_amount": "1"}, now)
	delete(fields, "merchant_auth")
	rehash(t, "refund", fields, key)
	status, v = postFields(t, base, "refund", fields)
	assert.Equal(t, 400, status)
	assert.Equal(t, "PTL04", statusCode(v))

	fields = signedFields(t, creds, "refund", payway.Params{"tran_id": "R1", "refund_amount": "1"}, now)
	fields["request_time"] = "20261341093403"
	rehash(t, "refund", fields, key)
	_, v = postFields(t, base, "refund", fields)
	assert.Equal(t, "PTL06", statusCode(v))

	fields = signedFields(t, creds, "refund", payway.Params{"tran_id": "R1", "refund_amount": "1"}, now.Add(-20*time.Minute))
	status, v = postFields(t, base, "refund", fields)
	assert.Equal(t, 400, status)
	assert.Equal(t, "PTL06", statusCode(v))
	assert.Equal(t, "expired", lastRecord(h.srv).Outcome)

	pub := &h.srv.Merchant.RSAPrivateKey.PublicKey
	for _, plaintext := range []string{`{"mc_id":"someone_else","tran_id":"R1","refund_amount":"1"}`, `not json`} {
		ct, err := rsa.EncryptPKCS1v15(rand.Reader, pub, []byte(plaintext)) // one block: under 117 bytes
		require.NoError(t, err)
		fields = signedFields(t, creds, "refund", payway.Params{"tran_id": "R1", "refund_amount": "1"}, now)
		fields["merchant_auth"] = base64.StdEncoding.EncodeToString(ct)
		rehash(t, "refund", fields, key)
		status, v = postFields(t, base, "refund", fields)
		assert.Equal(t, 403, status, plaintext)
		assert.Equal(t, "PTL62", statusCode(v), plaintext)
	}
	other := creds
	other.RSAPublicKey = nil
	other.RSAPublicKeyPEM = testkeys.PEM("rsa2048_TEST_ONLY_public.pem") // not the gateway's key
	fields = signedFields(t, other, "refund", payway.Params{"tran_id": "R1", "refund_amount": "1"}, now)
	status, v = postFields(t, base, "refund", fields)
	assert.Equal(t, 403, status)
	assert.Equal(t, "PTL62", statusCode(v))

	fields = signedFields(t, creds, "refund", payway.Params{"tran_id": "R1", "refund_amount": "1"}, now)
	fields["merchant_id"] = "stranger"
	_, v = postFields(t, base, "refund", fields)
	assert.Equal(t, "PTL46", statusCode(v))

	// Credentials on File: 04 with errors per field.
	fields = signedFields(t, creds, "get_token_details", payway.Params{"request_id": "REQ00001"}, now)
	fields["request_id"] = "no"
	rehash(t, "get_token_details", fields, key)
	status, v = postFields(t, base, "get_token_details", fields)
	assert.Equal(t, 400, status)
	assert.Equal(t, "04", statusCode(v))
	assert.Contains(t, v["errors"], "request_id")

	// Content types: link_card is a form post, JSON is refused.
	fields = signedFields(t, creds, "link_card", payway.Params{"ctid": "CUST00001", "request_id": "REQ00001", "token_flag": "X", "currency": "USD"}, now)
	status, v = postFields(t, base, "link_card", fields)
	assert.Equal(t, 400, status)
	assert.Equal(t, "04", statusCode(v))

	// Unknown paths and methods.
	status, _ = postRaw(t, base, "/api/payment-gateway/v1/payments/nope", "application/json", []byte(`{}`))
	assert.Equal(t, 404, status)
	resp, err := http.Get(base + "/api/payment-gateway/v1/payments/check-transaction-2")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 405, resp.StatusCode)
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func lastRecord(srv *paywaytest.Server) paywaytest.Record {
	r := srv.Requests()
	return r[len(r)-1]
}

// The state the gateway keeps, and the codes it answers from it.
func TestStateRules(t *testing.T) {
	h := newHarness(t)
	h.purchase("S1", "10.00", nil)
	h.refused("purchase", payway.Params{"tran_id": "S1", "amount": "1", "currency": "USD"}, "4", 403)
	h.refused("refund", payway.Params{"tran_id": "S1", "refund_amount": "1"}, "PTL57", 403)
	h.refused("refund", payway.Params{"tran_id": "NOPE", "refund_amount": "1"}, "PTL36", 403)
	h.refused("close_transaction", payway.Params{"tran_id": "NOPE"}, "5", 403)
	resp, pe := h.send("check_transaction", payway.Params{"tran_id": "NOPE"})
	require.Nil(t, resp)
	assert.Equal(t, "6", pe.Code)
	assert.Equal(t, 200, pe.HTTPStatus)
	assert.Equal(t, payway.CategoryNotFound, pe.Category)

	// Refunds add up; the first one already reports REFUNDED.
	h.approve("S1")
	h.refused("close_transaction", payway.Params{"tran_id": "S1"}, "2", 403)
	h.ok("refund", payway.Params{"tran_id": "S1", "refund_amount": "6.00"})
	assert.Equal(t, "REFUNDED", h.status("S1"))
	h.refused("refund", payway.Params{"tran_id": "S1", "refund_amount": "4.01"}, "PTL37", 403)
	h.ok("refund", payway.Params{"tran_id": "S1", "refund_amount": "4.00"})
	h.refused("refund", payway.Params{"tran_id": "S1", "refund_amount": "0.01"}, "PTL37", 403)
	tx, err := h.srv.Transaction("S1")
	require.NoError(t, err)
	assert.Equal(t, "10.00", tx.Refunded)
	assert.Equal(t, []string{"created", "approved", "refunded", "refunded"}, actions(tx))

	// Close cancels a pending transaction, twice answers 00 again.
	h.purchase("S2", "1", nil)
	h.ok("close_transaction", payway.Params{"tran_id": "S2"})
	h.ok("close_transaction", payway.Params{"tran_id": "S2"})
	assert.Equal(t, "CANCELLED", h.status("S2"))
	_, err = h.srv.Approve("S2")
	assert.ErrorIs(t, err, paywaytest.ErrState)

	// Declined and expired.
	h.purchase("S3", "1", nil)
	require.NoError(t, h.srv.Decline("S3"))
	assert.Equal(t, "DECLINED", h.status("S3"))
	h.purchase("S4", "1", nil)
	require.NoError(t, h.srv.Expire("S4"))
	assert.Equal(t, "CANCELLED", h.status("S4"))
	_, err = h.srv.Approve("S4")
	assert.ErrorIs(t, err, paywaytest.ErrState)
	_, err = h.srv.Approve("NOPE")
	assert.ErrorIs(t, err, paywaytest.ErrNotFound)

	// KHR amounts.
	h.purchase("K1", "1000", payway.Params{"currency": "KHR"})
	h.approve("K1")
	h.refused("refund", payway.Params{"tran_id": "K1", "refund_amount": "100.5"}, "PTL186", 400)
	h.ok("refund", payway.Params{"tran_id": "K1", "refund_amount": "100"})

	// Pre-auth: complete up to +10 %, once.
	h.purchase("PA", "100", payway.Params{"type": "pre-auth"})
	h.refused("pre_auth_completion", payway.Params{"tran_id": "PA", "complete_amount": "100"}, "PTL59", 403)
	h.approve("PA")
	h.refused("pre_auth_completion", payway.Params{"tran_id": "PA", "complete_amount": "110.01"}, "PTL60", 403)
	h.ok("pre_auth_completion", payway.Params{"tran_id": "PA", "complete_amount": "110"})
	h.refused("pre_auth_completion", payway.Params{"tran_id": "PA", "complete_amount": "1"}, "PTL59", 403)
	h.refused("pre_auth_cancellation", payway.Params{"tran_id": "PA"}, "PTL59", 403)

	// Payment links: void once; unknown ids; paying through a link.
	link := h.ok("create_payment_link", payway.Params{"title": "Box", "amount": "2", "currency": "USD", "expired_date": time.Now().Add(time.Hour).Unix(), "payment_limit": 1, "merchant_ref_no": "INV-9"})
	id := decode(t, link)["data"].(map[string]any)["id"].(string)
	paid, _, err := h.srv.PayLink(id)
	require.NoError(t, err)
	assert.Equal(t, "APPROVED", h.status(paid.TranID))
	detail := decode(t, h.ok("payment_link_detail", payway.Params{"id": id}))["data"].(map[string]any)
	assert.Equal(t, "PAID", detail["status"])
	assert.Equal(t, 1.0, detail["total_trxn"])
	byRef := decode(t, h.ok("get_transactions_by_mc_ref", payway.Params{"merchant_ref": "INV-9"}))
	assert.Len(t, byRef["data"], 1)
	h.ok("void_payment_link", payway.Params{"id": id})
	h.refused("void_payment_link", payway.Params{"id": id}, "PTL188", 403)
	h.refused("payment_link_detail", payway.Params{"id": "bm9uZQ=="}, "PTL132", 403)
	h.refused("create_payment_link", payway.Params{"title": "Late", "amount": "2", "currency": "USD", "expired_date": time.Now().Add(time.Minute).Unix()}, "PTL04", 400)

	// Payout only to whitelisted, enabled beneficiaries; totals must match.
	pay := func(tranID, account string, amount string) payway.Params {
		return payway.Params{"tran_id": tranID, "beneficiaries": []payway.Payout{{Account: account, Amount: amount}}, "amount": amount, "currency": "USD"}
	}
	h.refused("payout", pay("PO1", "000999", "1.00"), "37", 403)
	h.ok("add_beneficiary", payway.Params{"payee": "000999"})
	h.refused("add_beneficiary", payway.Params{"payee": "000999"}, "PTL148", 403)
	h.ok("payout", pay("PO1", "000999", "1.00"))
	h.refused("payout", pay("PO1", "000999", "1.00"), "4", 403)
	h.ok("update_beneficiary_status", payway.Params{"payee": "000999", "status": 0})
	h.refused("payout", pay("PO2", "000999", "1.00"), "37", 403)
	h.refused("update_beneficiary_status", payway.Params{"payee": "000111", "status": 1}, "PTL149", 403)
	h.ok("update_beneficiary_status", payway.Params{"payee": "000999", "status": 1})
	require.Len(t, h.srv.Beneficiaries(), 1)
	assert.True(t, h.srv.Beneficiaries()[0].Enabled)
	require.Len(t, h.srv.PaymentLinks(), 1)
	assert.Equal(t, "VOIDED", h.srv.PaymentLinks()[0].Status)
	mismatch := pay("PO3", "000999", "1.00")
	mismatch["amount"] = "2.00"
	h.refused("payout", mismatch, "92", 400)

	// The list: filters and the 3-day window.
	list := decode(t, h.ok("transaction_list", payway.Params{"status": "refunded,DECLINED"}))
	assert.Len(t, list["data"], 3) // S1, K1, S3
	list = decode(t, h.ok("transaction_list", payway.Params{"from_amount": "50", "to_amount": "1000"}))
	assert.Len(t, list["data"], 2) // K1, PA
	list = decode(t, h.ok("transaction_list", payway.Params{"pagination": 2, "page": 2}))
	assert.Len(t, list["data"], 2)
	h.refused("transaction_list", payway.Params{"from_date": "2026-01-01 00:00:00", "to_date": "2026-01-05 00:00:00"}, "52", 403)
}

func tranIDs(list []paywaytest.Transaction) []string {
	ids := []string{}
	for _, t := range list {
		ids = append(ids, t.TranID)
	}
	return ids
}

func fixtureIDs() []string {
	ids := []string{}
	for _, f := range paywaytest.Fixtures() {
		ids = append(ids, f.TranID)
	}
	return ids
}

func actions(t paywaytest.Transaction) []string {
	var out []string
	for _, e := range t.History {
		out = append(out, e.Action)
	}
	return out
}

// Faults: rate limits, PTL168, 5xx and delays for the next N requests of
// an operation; queries are retried by the client, refunds never.
func TestFaults(t *testing.T) {
	h := newHarness(t)
	h.purchase("F1", "10", nil)
	h.approve("F1")

	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "refund", Kind: paywaytest.FaultRateLimit, Count: 2}))
	for i := 0; i < 2; i++ {
		pe := h.refused("refund", payway.Params{"tran_id": "F1", "refund_amount": "1"}, "429", 403)
		assert.Equal(t, payway.CategoryRateLimited, pe.Category)
		assert.True(t, pe.Retryable)
	}
	h.ok("refund", payway.Params{"tran_id": "F1", "refund_amount": "1"})
	assert.Empty(t, h.srv.Faults())

	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "refund", Kind: paywaytest.FaultConcurrent}))
	pe := h.refused("refund", payway.Params{"tran_id": "F1", "refund_amount": "1"}, "PTL168", 403)
	assert.Equal(t, payway.CategoryConcurrentRequest, pe.Category)

	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "refund", Kind: paywaytest.FaultServerError, Status: 502}))
	_, err := h.client.Send(context.Background(), "refund", payway.Params{"tran_id": "F1", "refund_amount": "1"})
	var se *payway.SendError
	require.ErrorAs(t, err, &se, "a gateway error on a refund: the outcome is unknown")
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown)
	assert.Equal(t, payway.NextConfirmFirst, se.Next)
	require.NotNil(t, se.Response)
	assert.Equal(t, payway.CategoryGatewayError, se.Response.Category)
	assert.Equal(t, 502, se.Response.HTTPStatus)

	// A client that retries: the query goes through after two 503s, the
	// refund is sent exactly once.
	retrying := &paywayhttp.Client{Credentials: h.srv.Credentials(), BaseURL: h.srv.URL, QueryRetries: 2, RetryBackoff: time.Millisecond}
	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Kind: paywaytest.FaultServerError, Status: 503, Count: 2}))
	resp, err := retrying.Send(context.Background(), "check_transaction", payway.Params{"tran_id": "F1"})
	require.NoError(t, err)
	assert.True(t, resp.OK)
	before := len(h.srv.Requests())
	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "refund", Kind: paywaytest.FaultRateLimit}))
	_, err = retrying.Send(context.Background(), "refund", payway.Params{"tran_id": "F1", "refund_amount": "1"})
	payWayError(t, err)
	assert.Len(t, h.srv.Requests(), before+1, "the refund was sent once")

	// A delay beyond the client's timeout.
	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "check_transaction", Kind: paywaytest.FaultDelay, Delay: 300 * time.Millisecond}))
	impatient := &paywayhttp.Client{Credentials: h.srv.Credentials(), BaseURL: h.srv.URL, Timeout: 50 * time.Millisecond, QueryRetries: -1}
	_, err = impatient.Send(context.Background(), "check_transaction", payway.Params{"tran_id": "F1"})
	require.Error(t, err)
	assert.ErrorIs(t, err, core.ErrTimeout)

	// A delay combines with a failure.
	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "check_transaction", Kind: paywaytest.FaultDelay, Delay: 100 * time.Millisecond}))
	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "check_transaction", Kind: paywaytest.FaultRateLimit}))
	start := time.Now()
	h.refused("check_transaction", payway.Params{"tran_id": "F1"}, "429", 403)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
	assert.Equal(t, "delay+rate_limit", lastRecord(h.srv).Fault)

	// Invalid faults are refused.
	for _, f := range []paywaytest.Fault{{Kind: "boom"}, {Operation: "nope", Kind: paywaytest.FaultRateLimit},
		{Operation: "check_transaction", Kind: paywaytest.FaultConcurrent}, {Kind: paywaytest.FaultServerError, Status: 404},
		{Kind: paywaytest.FaultDelay}} {
		assert.Error(t, h.srv.InjectFault(f), "%+v", f)
	}
}

// Two refunds of one transaction at the same time: the second gets PTL168.
func TestOverlappingRefundsGetPTL168(t *testing.T) {
	h := newHarness(t)
	h.purchase("C1", "10", nil)
	h.approve("C1")
	require.NoError(t, h.srv.InjectFault(paywaytest.Fault{Operation: "refund", Kind: paywaytest.FaultDelay, Delay: 400 * time.Millisecond}))
	var wg sync.WaitGroup
	var first error
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, first = h.client.Send(context.Background(), "refund", payway.Params{"tran_id": "C1", "refund_amount": "1"})
	}()
	time.Sleep(100 * time.Millisecond)
	h.refused("refund", payway.Params{"tran_id": "C1", "refund_amount": "1"}, "PTL168", 403)
	wg.Wait()
	require.NoError(t, first)
}

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want paywaytest.Fault
	}{
		{"refund:rate_limit:2", paywaytest.Fault{Operation: "refund", Kind: "rate_limit", Count: 2, Remaining: 2}},
		{"*:server_error=503", paywaytest.Fault{Kind: "server_error", Status: 503, Count: 1, Remaining: 1}},
		{"check_transaction:delay=2s:3", paywaytest.Fault{Operation: "check_transaction", Kind: "delay", Delay: 2 * time.Second, DelayMS: 2000, Count: 3, Remaining: 3}},
		{"refund:concurrent", paywaytest.Fault{Operation: "refund", Kind: "concurrent", Count: 1, Remaining: 1}},
	} {
		got, err := paywaytest.ParseFault(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"refund", "refund:rate_limit:0", "refund:rate_limit=3", "refund:server_error=x", "x:rate_limit", "refund:delay=soon", "a:b:c:d"} {
		_, err := paywaytest.ParseFault(bad)
		assert.Error(t, err, bad)
	}
}

// The helpers over HTTP, for tests in other languages.
func TestHelpersOverHTTP(t *testing.T) {
	h := newHarness(t)
	receiverURL, received := pushbackReceiver(t, h.client)
	h.purchase("H1", "2", payway.Params{"return_url": receiverURL})

	status, v := postRaw(t, h.srv.URL, "/__mock/transactions/H1/approve", "application/json", nil)
	require.Equal(t, 200, status, v)
	assert.Equal(t, true, v["pushback_delivered"])
	assert.Equal(t, "APPROVED", v["transaction"].(map[string]any)["status"])
	<-received
	status, v = postRaw(t, h.srv.URL, "/__mock/transactions/H1/approve", "application/json", nil)
	assert.Equal(t, 409, status)
	assert.Contains(t, v["error"], "not PENDING")
	status, _ = postRaw(t, h.srv.URL, "/__mock/transactions/NOPE/decline", "application/json", nil)
	assert.Equal(t, 404, status)

	status, v = postRaw(t, h.srv.URL, "/__mock/faults", "application/json", []byte(`{"operation":"refund","kind":"rate_limit","count":2}`))
	require.Equal(t, 200, status, v)
	assert.Len(t, v["faults"], 1)
	status, _ = postRaw(t, h.srv.URL, "/__mock/faults", "application/json", []byte(`{"kind":"meteor"}`))
	assert.Equal(t, 400, status)

	resp, err := http.Get(h.srv.URL + "/__mock/requests")
	require.NoError(t, err)
	var reqs struct {
		Requests []paywaytest.Record `json:"requests"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&reqs))
	resp.Body.Close()
	var kinds []string
	for _, r := range reqs.Requests {
		kinds = append(kinds, r.Kind+" "+r.Operation+" "+r.Outcome)
	}
	assert.Equal(t, []string{"request purchase ok", "pushback  delivered"}, kinds)
	assert.True(t, reqs.Requests[0].Verified)
	assert.Equal(t, "H1", reqs.Requests[1].TranID)

	status, _ = postRaw(t, h.srv.URL, "/__mock/reset", "application/json", nil)
	assert.Equal(t, 200, status)
	assert.Equal(t, fixtureIDs(), tranIDs(h.srv.Transactions()), "a reset restores the fixtures, H1 is gone")
	assert.Empty(t, h.srv.Requests())
	assert.Empty(t, h.srv.Faults())
}

// No secret in what the double shows: the API key never, hash,
// merchant_auth, beneficiaries and pwt only as a short prefix.
func TestRecordsMaskSecrets(t *testing.T) {
	var logged strings.Builder
	var mu sync.Mutex
	h := newHarness(t, paywaytest.WithLog(func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logged.WriteString(fmt.Sprintf(format, args...) + "\n")
	}))
	receiverURL, _ := pushbackReceiver(t, h.client)
	h.purchase("M1", "5", nil)
	h.approve("M1")
	h.ok("refund", payway.Params{"tran_id": "M1", "refund_amount": "1"})
	h.ok("link_account", payway.Params{"ctid": "CUST00001", "request_id": "REQ00001", "token_flag": "CITI_FLEX", "currency": "USD", "callback_url": receiverURL})
	cred, d, err := h.srv.ApproveCredential("REQ00001")
	require.NoError(t, err)
	assert.True(t, d.Delivered)
	h.ok("renew_token", payway.Params{"ctid": "CUST00001", "pwt": cred.PWT, "request_id": "REQ00002"})
	wrong := *h.client
	wrong.Credentials.APIKey = "TEST_ONLY_wrong_api_key"
	_, err = wrong.Send(context.Background(), "refund", payway.Params{"tran_id": "M1", "refund_amount": "1"})
	require.Error(t, err)

	resp, err := http.Get(h.srv.URL + "/__mock/requests")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	mu.Lock()
	text := string(body) + logged.String()
	mu.Unlock()
	assert.Contains(t, text, "refund → HTTP 200 code 00 ok")
	assert.NotContains(t, text, paywaytest.DefaultAPIKey)
	assert.NotContains(t, text, "TEST_ONLY_wrong_api_key")
	assert.NotContains(t, text, cred.PWT)
	for _, r := range h.srv.Requests() {
		for _, name := range []string{"hash", "merchant_auth", "pwt"} {
			if v, ok := r.Fields[name]; ok {
				assert.Less(t, len(v), 30, "%s shown in full: %s", name, v)
			}
		}
		if r.Pushback != nil {
			assert.NotContains(t, r.Pushback.Body, cred.PWT)
			assert.Less(t, len(r.Pushback.Signature), 30)
		}
	}
	last := lastRecord(h.srv)
	assert.Equal(t, "wrong_hash", last.Outcome)
	assert.Contains(t, last.ExpectedHashInput, "<merchant_auth ")
	assert.Nil(t, last.Params, "parameters are not read after a wrong hash")
}

// A pushback nobody receives is recorded as failed; the approval stands.
func TestPushbackFailure(t *testing.T) {
	h := newHarness(t, paywaytest.WithPushbackTimeout(500*time.Millisecond))
	h.purchase("PB1", "1", payway.Params{"return_url": "http://127.0.0.1:1/nobody"})
	d, err := h.srv.Approve("PB1")
	require.NoError(t, err)
	assert.False(t, d.Delivered)
	assert.NotEmpty(t, d.Error)
	assert.Equal(t, "failed", lastRecord(h.srv).Outcome)
	assert.Equal(t, "APPROVED", h.status("PB1"))
}

// Several merchants; a tran_id used by two needs the merchant id.
func TestSeveralMerchants(t *testing.T) {
	second := paywaytest.DefaultMerchant()
	second.ID, second.APIKey = "shop2", "TEST_ONLY_second_api_key"
	h := newHarness(t, paywaytest.WithMerchants(paywaytest.DefaultMerchant(), second))
	other := &paywayhttp.Client{Credentials: second.Credentials(), BaseURL: h.srv.URL}
	h.purchase("SAME", "1", nil)
	_, err := other.Send(context.Background(), "purchase", payway.Params{"tran_id": "SAME", "amount": "2", "currency": "USD"})
	require.NoError(t, err)
	_, err = h.srv.Approve("SAME")
	assert.ErrorContains(t, err, "several merchants")
	_, err = h.srv.Approve("SAME", "shop2")
	require.NoError(t, err)
	assert.Equal(t, "PENDING", h.status("SAME"))
	resp, err := other.Send(context.Background(), "check_transaction", payway.Params{"tran_id": "SAME"})
	require.NoError(t, err)
	assert.Equal(t, "APPROVED", resp.PaymentStatus.Status)
	// One merchant's key does not sign for another.
	crossed := &paywayhttp.Client{Credentials: second.Credentials(), BaseURL: h.srv.URL}
	crossed.Credentials.MerchantID = paywaytest.DefaultMerchantID
	_, err = crossed.Send(context.Background(), "check_transaction", payway.Params{"tran_id": "SAME"})
	assert.Equal(t, "5", payWayError(t, err).Code)
	_, err = paywaytest.NewHandler(paywaytest.Config{Merchants: []paywaytest.Merchant{second, second}})
	assert.Error(t, err)
}

// Config.Sandbox answers as the sandbox was seen to.
func TestSandboxBehaviour(t *testing.T) {
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h := newHarness(t, paywaytest.WithSandboxBehaviour(), paywaytest.WithClock(clock))
	h.purchase("SB1", "1", nil)
	h.purchase("SB1", "2", nil) // a duplicate replaces the first
	_, pe := h.send("check_transaction", payway.Params{"tran_id": "SB1"})
	require.NotNil(t, pe)
	assert.Equal(t, "6", pe.Code, "a new transaction is not found for a moment")
	mu.Lock()
	now = now.Add(3 * time.Second)
	mu.Unlock()
	tx, err := h.srv.Transaction("SB1")
	require.NoError(t, err)
	assert.Equal(t, "2.00", tx.Amount)
	assert.Equal(t, "PENDING", h.status("SB1"))
	h.refused("payment_link_detail", payway.Params{"id": "bm9uZQ=="}, "96", 403)
}

// The server stops by itself and refuses a bad merchant list.
func TestStartAndClose(t *testing.T) {
	srv, err := paywaytest.Start("127.0.0.1:0", paywaytest.Config{})
	require.NoError(t, err)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", u.Hostname())
	require.NoError(t, srv.Close())
	_, err = http.Get(srv.URL + "/__mock/")
	assert.Error(t, err)
	_, err = paywaytest.Start("127.0.0.1:0", paywaytest.Config{Merchants: []paywaytest.Merchant{{ID: "x"}}})
	assert.Error(t, err)
	assert.Contains(t, paywaytest.DefaultMerchant().PublicKeyPEM(), "-----BEGIN PUBLIC KEY-----")
}

// Amount refusals of the checkout family: 3 for a malformed amount, 46 for
// KHR decimals, 45 for zero, 47 for KHR under 100.
func TestCheckoutAmountCodes(t *testing.T) {
	h := newHarness(t)
	creds, key := h.srv.Credentials(), paywaytest.DefaultAPIKey
	for _, tc := range []struct{ amount, currency, code string }{
		{"1.505", "USD", "3"}, {"100.5", "KHR", "46"}, {"0", "USD", "45"}, {"50", "KHR", "47"}, {"1e3", "USD", "3"},
	} {
		fields := signedFields(t, creds, "purchase", payway.Params{"tran_id": "A1", "amount": "1000", "currency": tc.currency}, time.Now())
		fields["amount"] = tc.amount
		rehash(t, "purchase", fields, key)
		status, v := postFields(t, h.srv.URL, "purchase", fields)
		assert.Equal(t, 400, status, tc.amount)
		assert.Equal(t, tc.code, statusCode(v), "%s %s", tc.amount, tc.currency)
	}
}
