package paywaytest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywaytest"
)

// The cases of issue 18 ("the mock is PayWay's twin"): requests PayWay is
// known to accept, and answers in the shapes its current documentation
// shows. Each failed before the gateway side got its own rules and the
// answers their documented types.

// wire is a raw answer of the double: its HTTP status and its JSON body
// as sent (numbers as json.Number, so a number and a string differ).
type wire struct {
	status int
	body   map[string]any
}

func (w wire) code() any {
	s, _ := w.body["status"].(map[string]any)
	return s["code"]
}

// postWire posts body to the path of op with contentType and reads the
// answer without any client in between.
func postWire(t *testing.T, base, op, contentType string, body []byte) wire {
	t.Helper()
	o, ok := payway.Lookup(op)
	require.True(t, ok, op)
	return wireOf(t, post(t, op, base+o.Path, contentType, body))
}

// sendWire signs params with the double's merchant and posts the exact
// bytes payway.Sign gives.
func sendWire(t *testing.T, srv *paywaytest.Server, op string, params payway.Params) wire {
	t.Helper()
	return wireOf(t, signAndPost(t, srv.URL, srv.Credentials(), op, params, time.Now()))
}

func wireOf(t *testing.T, ex exchange) wire {
	t.Helper()
	w := wire{status: ex.status}
	dec := json.NewDecoder(bytes.NewReader(ex.body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&w.body), "%s answered %s", ex.op, ex.body)
	return w
}

func formBody(fields map[string]string) []byte {
	v := url.Values{}
	for k, x := range fields {
		v.Set(k, x)
	}
	return []byte(v.Encode())
}

// isNumber and isString tell a JSON number from a JSON string in a wire
// body.
func isNumber(v any) bool { _, ok := v.(json.Number); return ok }
func isString(v any) bool { _, ok := v.(string); return ok }

// PayWay accepts these; the double refused each before (issue 18,
// "Refused, though PayWay accepts it").
func TestGatewayAcceptsWhatPayWayAccepts(t *testing.T) {
	h := newHarness(t, paywaytest.WithoutFixtures())
	creds, key, now := h.srv.Credentials(), paywaytest.DefaultAPIKey, time.Now()
	h.purchase("FORM-1", "10.00", nil)
	h.approve("FORM-1")

	// refund posted as a urlencoded form with a valid hash: a public SDK's
	// published sandbox log shows a partial refund accepted so.
	fields := signedFields(t, creds, "refund", payway.Params{"tran_id": "FORM-1", "refund_amount": "1.50"}, now)
	w := postWire(t, h.srv.URL, "refund", payway.ContentForm, formBody(fields))
	assert.Equal(t, 200, w.status)
	assert.Equal(t, "00", w.code(), "%v", w.body)
	tx, err := h.srv.Transaction("FORM-1")
	require.NoError(t, err)
	assert.Equal(t, "1.50", tx.Refunded)

	// payment_link_detail posted as a form.
	link := decode(t, h.ok("create_payment_link", payway.Params{"title": "Invoice 9", "amount": "5.00", "currency": "USD",
		"expired_date": now.Add(time.Hour).Unix()}))
	id := link["data"].(map[string]any)["id"].(string)
	fields = signedFields(t, creds, "payment_link_detail", payway.Params{"id": id}, now)
	w = postWire(t, h.srv.URL, "payment_link_detail", payway.ContentForm, formBody(fields))
	assert.Equal(t, 200, w.status)
	assert.Equal(t, "00", w.code(), "%v", w.body)

	// A purchase with a base64 cancel_url, hashed as sent (ABA's own
	// WooCommerce plugin sends it so).
	fields = signedFields(t, creds, "purchase", payway.Params{"tran_id": "B64-CANCEL", "amount": "3.00", "currency": "USD"}, now)
	fields["cancel_url"] = base64.StdEncoding.EncodeToString([]byte("https://shop.example.com/cart"))
	rehash(t, "purchase", fields, key)
	w = postWire(t, h.srv.URL, "purchase", payway.ContentForm, formBody(fields))
	assert.Equal(t, 200, w.status)
	assert.Equal(t, "00", w.code(), "%v", w.body)

	// A QR request with "currency":"usd": the QR API page says the field
	// is not case-sensitive.
	fields = signedFields(t, creds, "generate_qr", payway.Params{"tran_id": "QR-LOWER", "amount": "1.00", "currency": "USD",
		"payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"}, now)
	fields["currency"] = "usd"
	rehash(t, "generate_qr", fields, key)
	w = postWire(t, h.srv.URL, "generate_qr", payway.ContentJSON, mustJSON(t, fields))
	assert.Equal(t, 200, w.status)
	assert.Equal(t, "0", w.code(), "%v", w.body)
	tx, err = h.srv.Transaction("QR-LOWER")
	require.NoError(t, err)
	assert.Equal(t, "USD", tx.Currency, "the gateway reads the currency in any case")
}

// The double answers as PayWay's current documentation shows, types
// included (issue 18, "Answered unlike the current documentation").
func TestAnswersAsDocumented(t *testing.T) {
	h := newHarness(t, paywaytest.WithoutFixtures())
	srv := h.srv
	h.purchase("DOC-1", "12.34", payway.Params{"payment_option": "cards"})
	h.approve("DOC-1")

	// refund: grand_total and total_refunded are numbers (number<double>).
	w := sendWire(t, srv, "refund", payway.Params{"tran_id": "DOC-1", "refund_amount": "1.50"})
	require.Equal(t, "00", w.code(), "%v", w.body)
	assert.Equal(t, json.Number("12.34"), w.body["grand_total"])
	assert.Equal(t, json.Number("1.5"), w.body["total_refunded"])

	// pre-auth completion: grand_total is a number; the status COMPLETED.
	h.purchase("DOC-PA", "20.00", payway.Params{"type": "pre-auth"})
	h.approve("DOC-PA")
	w = sendWire(t, srv, "pre_auth_completion", payway.Params{"tran_id": "DOC-PA", "complete_amount": "18.00"})
	require.Equal(t, "00", w.code(), "%v", w.body)
	assert.True(t, isNumber(w.body["grand_total"]), "grand_total %#v", w.body["grand_total"])
	assert.Equal(t, "COMPLETED", w.body["transaction_status"])

	// transaction_detail: original_currency; operation amounts are
	// numbers; operations are named as the docs name them.
	w = sendWire(t, srv, "transaction_detail", payway.Params{"tran_id": "DOC-1"})
	require.Equal(t, "00", w.code(), "%v", w.body)
	data := w.body["data"].(map[string]any)
	assert.Equal(t, "USD", data["original_currency"])
	ops := data["transaction_operations"].([]any)
	var names []string
	for _, o := range ops {
		op := o.(map[string]any)
		names = append(names, op["status"].(string))
		assert.True(t, isNumber(op["amount"]), "operation amount %#v", op["amount"])
	}
	assert.Equal(t, []string{"Completed", "Refunded"}, names)

	// transaction_list: rows with the 21 documented members.
	w = sendWire(t, srv, "transaction_list", payway.Params{})
	require.Equal(t, "00", w.code(), "%v", w.body)
	rows := w.body["data"].([]any)
	require.NotEmpty(t, rows)
	var members []string
	for k := range rows[0].(map[string]any) {
		members = append(members, k)
	}
	sort.Strings(members)
	assert.Equal(t, strings.Fields("apv bank_name bank_ref card_source discount_amount email first_name last_name original_amount "+
		"original_currency payer_account payment_amount payment_currency payment_status payment_status_code payment_type phone "+
		"refund_amount total_amount transaction_date transaction_id"), members)

	// payment_link_detail has a top-level tran_id; void has one too.
	link := sendWire(t, srv, "create_payment_link", payway.Params{"title": "T", "amount": "2.00", "currency": "USD",
		"expired_date": time.Now().Add(time.Hour).Unix()})
	id := link.body["data"].(map[string]any)["id"].(string)
	w = sendWire(t, srv, "payment_link_detail", payway.Params{"id": id})
	require.Equal(t, "00", w.code(), "%v", w.body)
	assert.True(t, isString(w.body["tran_id"]), "detail tran_id %#v (a string in the docs' example)", w.body["tran_id"])
	w = sendWire(t, srv, "void_payment_link", payway.Params{"id": id})
	require.Equal(t, "00", w.code(), "%v", w.body)
	assert.Contains(t, w.body, "tran_id")

	// add-beneficiary answers created_at.
	w = sendWire(t, srv, "add_beneficiary", payway.Params{"payee": "000123456"})
	require.Equal(t, "00", w.code(), "%v", w.body)
	assert.Contains(t, w.body["data"], "created_at")
}

// The fixtures: the statuses the docs table gives them, the README's
// first refund succeeds on ORDER-1001, a reset restores them, and
// without them the double starts empty.
func TestFixtures(t *testing.T) {
	h := newHarness(t)
	for _, f := range paywaytest.Fixtures() {
		resp := h.ok("check_transaction", payway.Params{"tran_id": f.TranID})
		assert.Equal(t, f.Status, resp.PaymentStatus.Status, f.TranID)
		tx, err := h.srv.Transaction(f.TranID)
		require.NoError(t, err)
		assert.Equal(t, f.Amount, tx.Amount, f.TranID)
		assert.Equal(t, f.Currency, tx.Currency, f.TranID)
		assert.Equal(t, f.APV, tx.APV, f.TranID)
		assert.True(t, tx.Fixture, f.TranID)
	}
	resp := h.ok("refund", payway.Params{"tran_id": "ORDER-1001", "refund_amount": "1.50"})
	assert.Equal(t, "00", resp.Code)
	h.refused("refund", payway.Params{"tran_id": "ORDER-1001", "refund_amount": "9.00"}, "PTL37", 403)
	h.refused("refund", payway.Params{"tran_id": "ORDER-1004", "refund_amount": "1.00"}, "PTL57", 403)
	_, err := h.srv.Approve("ORDER-1004")
	assert.ErrorIs(t, err, paywaytest.ErrState, "the expired fixture cannot be paid")
	h.ok("refund", payway.Params{"tran_id": "ORDER-1003", "refund_amount": "4000"})
	h.ok("pre_auth_completion", payway.Params{"tran_id": "ORDER-1005", "complete_amount": "22.00"})
	_, err = h.srv.Approve("ORDER-1002")
	require.NoError(t, err)

	h.srv.Reset()
	tx, err := h.srv.Transaction("ORDER-1001")
	require.NoError(t, err)
	assert.Equal(t, "0.00", tx.Refunded, "a reset restores the fixtures")
	assert.Equal(t, "PENDING", h.status("ORDER-1002"))
	assert.Equal(t, fixtureIDs(), tranIDs(h.srv.Transactions()))

	empty := newHarness(t, paywaytest.WithoutFixtures())
	assert.Empty(t, empty.srv.Transactions())
	empty.srv.Reset()
	assert.Empty(t, empty.srv.Transactions())

	// Under Config.Sandbox a new transaction is invisible for a moment;
	// the fixtures are there at once.
	sandbox := newHarness(t, paywaytest.WithSandboxBehaviour())
	assert.Equal(t, "APPROVED", sandbox.status("ORDER-1001"))
}

// Config.Sandbox answers the recorded sandbox shapes where they differ
// from the pages.
func TestSandboxShapes(t *testing.T) {
	for _, sandbox := range []bool{false, true} {
		opts := []paywaytest.Option{}
		if sandbox {
			opts = append(opts, paywaytest.WithSandboxBehaviour())
		}
		h := newHarness(t, opts...)
		srv := h.srv

		w := sendWire(t, srv, "refund", payway.Params{"tran_id": "ORDER-1001", "refund_amount": "1.50"})
		assert.Equal(t, sandbox, isString(w.body["total_refunded"]), "sandbox %v: refund amounts %#v", sandbox, w.body["total_refunded"])

		w = sendWire(t, srv, "transaction_detail", payway.Params{"tran_id": "ORDER-1003"}) // paid by card
		var names []string
		for _, o := range w.body["data"].(map[string]any)["transaction_operations"].([]any) {
			names = append(names, o.(map[string]any)["status"].(string))
		}
		want := []string{"Completed"}
		if sandbox {
			want = []string{"Create Order", "Completed"}
		}
		assert.Equal(t, want, names, "sandbox %v", sandbox)

		h.ok("generate_qr", payway.Params{"tran_id": "SB-QR", "amount": "1.00", "currency": "USD", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"})
		w = sendWire(t, srv, "transaction_list", payway.Params{})
		var listed []string
		for _, r := range w.body["data"].([]any) {
			listed = append(listed, r.(map[string]any)["transaction_id"].(string))
		}
		assert.Equal(t, !sandbox, slices.Contains(listed, "SB-QR"), "sandbox %v: an unpaid QR in the list: %v", sandbox, listed)

		link := sendWire(t, srv, "create_payment_link", payway.Params{"title": "T", "amount": "2.00", "currency": "USD", "expired_date": time.Now().Add(time.Hour).Unix()})
		id := link.body["data"].(map[string]any)["id"].(string)
		w = sendWire(t, srv, "payment_link_detail", payway.Params{"id": id})
		data := w.body["data"].(map[string]any)
		assert.Equal(t, sandbox, isNumber(w.body["tran_id"]), "sandbox %v: tran_id %#v", sandbox, w.body["tran_id"])
		assert.Equal(t, sandbox, isString(data["expired_date"]), "sandbox %v: expired_date %#v", sandbox, data["expired_date"])
		_, hasPushbackURL := data["pushback_url"]
		assert.Equal(t, !sandbox, hasPushbackURL, "sandbox %v", sandbox)
	}
}
