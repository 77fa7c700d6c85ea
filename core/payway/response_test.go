package payway_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

// Bodies in the shape of PayWay's documented examples.
const (
	docCheckApproved = `{"data":{"payment_status_code":0,"total_amount":0.1,"original_amount":0.1,"refund_amount":0,"discount_amount":0,"payment_amount":0.1,"payment_currency":"USD","apv":"183924","payment_status":"APPROVED","transaction_date":"2025-02-13 13:56:10"},"status":{"code":"00","message":"Success!","tran_id":"17394277693"}}`
	docRefund        = `{"grand_total":"1.5","total_refunded":"0.09","currency":"USD","transaction_status":"REFUNDED","status":{"code":"00","message":"Success!"}}`
	docLinkDetail    = `{"data":{"id":"iN4sbkzbwOCx5VzdXTYsCw==","title":"Test curl 001","amount":0.02,"currency":"USD","status":"OPEN"},"status":{"code":"00","message":"Success!"},"tran_id":"20220817063142"}`
)

func ExampleDecodeResponse() {
	r, err := payway.DecodeResponse("refund", payway.Answer{Status: 200, Body: []byte(`{"status":{"code":"PTL37","message":"Refund amount is over original amount"}}`)})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.OK, r.Code, r.Category, r.Retryable)
	fmt.Println(r.Meaning)
	// Output:
	// false PTL37 declined false
	// the refund amount exceeds the original amount
}

func TestDecodeResponse(t *testing.T) {
	for _, tc := range []struct {
		name, op  string
		status    int
		body      string
		ok        bool
		code      string
		category  string
		retryable bool
		message   string
		payment   string // payment status category, "" for none
	}{
		{"check, documented APPROVED", "check_transaction", 200, docCheckApproved, true, "00", payway.CategorySuccess, false, "Success!", payway.CategorySuccess},
		{"check, PENDING as a string code", "check_transaction", 200, `{"data":{"payment_status_code":"2","payment_status":"PENDING"},"status":{"code":"00","message":"Success!"}}`, true, "00", payway.CategorySuccess, false, "Success!", payway.CategoryPending},
		{"check, CANCELLED", "check_transaction", 200, `{"data":{"payment_status_code":7,"payment_status":"CANCELLED"},"status":{"code":"00"}}`, true, "00", payway.CategorySuccess, false, "success", payway.CategoryDeclined},
		{"check, not found yet (code 6)", "check_transaction", 200, `{"status":{"code":"6","message":"Transaction not found."}}`, false, "6", payway.CategoryNotFound, false, "Transaction not found.", ""},
		{"check, code 5 is a wrong hash here", "check_transaction", 200, `{"status":{"code":"5","message":"Invalid hash"}}`, false, "5", payway.CategoryWrongHash, false, "Invalid hash", ""},
		{"close, code 5 is not found", "close_transaction", 403, `{"status":{"code":"5","message":"Transaction not found."}}`, false, "5", payway.CategoryNotFound, false, "Transaction not found.", ""},
		{"close a paid transaction: HTTP 403 code 2", "close_transaction", 403, `{"status":{"code":"2","message":"Cannot close"}}`, false, "2", payway.CategoryDeclined, false, "Cannot close", ""},
		{"purchase, duplicate tran_id as a number", "purchase", 200, `{"status":{"code":4,"message":"Duplicated transaction ID."}}`, false, "4", payway.CategoryDuplicate, false, "Duplicated transaction ID.", ""},
		{"purchase, wrong hash, no message", "purchase", 403, `{"status":{"code":"1"}}`, false, "1", payway.CategoryWrongHash, false, "wrong hash", ""},
		{"purchase, hosted page (payment_gate=0)", "purchase", 200, "<!DOCTYPE html><html><body>PayWay</body></html>", true, "", payway.CategorySuccess, false, "", ""},
		{"QR, success code 0", "generate_qr", 200, `{"qr_string":"000201","status":{"code":"0","message":"Success!","tran_id":"T1"}}`, true, "0", payway.CategorySuccess, false, "Success!", ""},
		{"QR, 403 means duplicate there", "generate_qr", 200, `{"status":{"code":"403","message":"Duplicated"}}`, false, "403", payway.CategoryDuplicate, false, "Duplicated", ""},
		{"refund, documented", "refund", 200, docRefund, true, "00", payway.CategorySuccess, false, "Success!", ""},
		{"refund beyond the paid amount", "refund", 200, `{"status":{"code":"PTL37","message":"Refund amount is over"}}`, false, "PTL37", payway.CategoryDeclined, false, "Refund amount is over", ""},
		{"refund, concurrent: retry is safe", "refund", 403, `{"status":{"code":"PTL168","message":"Concurrent request"}}`, false, "PTL168", payway.CategoryConcurrentRequest, true, "Concurrent request", ""},
		{"refund, gateway 502: never retried", "refund", 502, "<html>Bad Gateway</html>", false, "", payway.CategoryGatewayError, false, "bad gateway", ""},
		{"refund, PTL58 gateway failure: never retried", "refund", 200, `{"status":{"code":"PTL58"}}`, false, "PTL58", payway.CategoryGatewayError, false, "failed to refund", ""},
		{"detail, 502 on a query: retryable", "transaction_detail", 502, "<html>Bad Gateway</html>", false, "", payway.CategoryGatewayError, true, "bad gateway", ""},
		{"detail, rate limit: HTTP 403 status.code 429", "transaction_detail", 403, `{"status":{"code":429,"message":"Too Many Attempts."}}`, false, "429", payway.CategoryRateLimited, true, "Too Many Attempts.", ""},
		{"refund, rate limit on the portal", "refund", 403, `{"status":{"code":"429","message":"Too Many Attempts."}}`, false, "429", payway.CategoryRateLimited, true, "Too Many Attempts.", ""},
		{"list, HTML 429 from a proxy", "transaction_list", 429, "Too Many Requests", false, "", payway.CategoryRateLimited, true, "too many requests", ""},
		{"payment link detail, documented", "payment_link_detail", 200, docLinkDetail, true, "00", payway.CategorySuccess, false, "Success!", ""},
		{"void twice: PTL188", "void_payment_link", 403, `{"status":{"code":"PTL188","message":"Payment link already voided"}}`, false, "PTL188", payway.CategoryDuplicate, false, "Payment link already voided", ""},
		{"CoF, wrong hash 01", "renew_token", 403, `{"status":{"code":"01","message":"Wrong Hash."}}`, false, "01", payway.CategoryWrongHash, false, "Wrong Hash.", ""},
		{"CoF, validation 04 with errors", "link_account", 400, `{"status":{"code":"04","message":"The given data was invalid."},"errors":{"ctid":["The ctid field is required."]}}`, false, "04", payway.CategoryInvalidRequest, false, "The given data was invalid.", ""},
		{"payout, not whitelisted", "payout", 200, `{"status":{"code":"37","message":"Accounts not whitelisted"}}`, false, "37", payway.CategoryNotPermitted, false, "Accounts not whitelisted", ""},
		{"payout, LAM01 with the docs' trailing space", "payout", 200, `{"status":{"code":"LAM01 "}}`, false, "LAM01 ", payway.CategoryDeclined, false, "daily payout limit reached", ""},
		{"legacy {status:6, description}", "check_transaction", 200, `{"status":6,"description":"Transaction not found"}`, false, "6", payway.CategoryNotFound, false, "Transaction not found", ""},
		{"bare code", "exchange_rate", 200, `{"code":"00","message":"ok"}`, true, "00", payway.CategorySuccess, false, "ok", ""},
		{"an unknown code", "refund", 200, `{"status":{"code":"PTL999","message":"?"}}`, false, "PTL999", payway.CategoryUnknown, false, "?", ""},
		{"a success code with HTTP 500", "check_transaction", 500, `{"status":{"code":"00"}}`, false, "00", payway.CategoryGatewayError, true, "internal server error", ""},
		{"a 404 from a router", "refund", 404, `{"message":"Not Found"}`, false, "", payway.CategoryNotFound, false, "Not Found", ""},
		// The money path: only PayWay's documented success is success.
		{"refund, an empty 200", "refund", 200, "", false, "", payway.CategoryOutcomeUnknown, false, "HTTP 200 with an empty body: not an answer of PayWay's", ""},
		{"refund, a 204", "refund", 204, "", false, "", payway.CategoryOutcomeUnknown, false, "HTTP 204 with an empty body: not an answer of PayWay's", ""},
		{"refund, a proxy's HTML page", "refund", 200, "<html>Welcome</html>", false, "", payway.CategoryOutcomeUnknown, false, "HTTP 200 with a body that is not JSON: not an answer of PayWay's", ""},
		{"refund, JSON without a code", "refund", 200, `{"ok":true}`, false, "", payway.CategoryOutcomeUnknown, false, "HTTP 200 with JSON without PayWay's status code: not an answer of PayWay's", ""},
		{"payout, a 302 to a login page", "payout", 302, "<html>login</html>", false, "", payway.CategoryOutcomeUnknown, false, "HTTP 302 with a redirect this operation does not document, a body that is not JSON: not an answer of PayWay's", ""},
		{"refund, a 302 with a success body", "refund", 302, `{"status":{"code":"00"}}`, false, "", payway.CategoryOutcomeUnknown, false, "HTTP 302 with a redirect this operation does not document, JSON without PayWay's status code: not an answer of PayWay's", ""},
		{"refund, a 400 HTML page", "refund", 400, "<html>Bad Request</html>", false, "", payway.CategoryOutcomeUnknown, false, "HTTP 400 with a body that is not JSON: not an answer of PayWay's", ""},
		{"refund, truncated JSON with a 403", "refund", 403, `{"status":{"code":"PTL02"`, false, "", payway.CategoryOutcomeUnknown, false, "HTTP 403 with a body that is not JSON: not an answer of PayWay's", ""},
		{"refund, a JSON array", "refund", 200, `[1,2]`, false, "", payway.CategoryOutcomeUnknown, false, "HTTP 200 with JSON that is not an object: not an answer of PayWay's", ""},
		{"refund, a float code", "refund", 200, `{"status":{"code":1.5}}`, false, "", payway.CategoryOutcomeUnknown, false, "HTTP 200 with JSON whose code is neither a string nor an integer: not an answer of PayWay's", ""},
		{"link_card, an empty 200", "link_card", 200, "", false, "", payway.CategoryOutcomeUnknown, false, "HTTP 200 with an empty body: not an answer of PayWay's", ""},
		{"a query's empty 200 may be sent again", "check_transaction", 200, "", false, "", payway.CategoryOutcomeUnknown, true, "HTTP 200 with an empty body: not an answer of PayWay's", ""},
		{"purchase, an empty 200 is no checkout page", "purchase", 200, "  ", false, "", payway.CategoryOutcomeUnknown, false, "HTTP 200 with an empty body: not an answer of PayWay's", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := payway.DecodeResponse(tc.op, payway.Answer{Status: tc.status, Body: []byte(tc.body)})
			require.NoError(t, err)
			assert.Equal(t, tc.ok, r.OK, "ok")
			assert.Equal(t, tc.code, r.Code, "code")
			assert.Equal(t, tc.category, r.Category, "category")
			assert.Equal(t, tc.retryable, r.Retryable, "retryable")
			assert.Equal(t, tc.message, r.Message, "message")
			assert.Equal(t, tc.status, r.HTTPStatus)
			assert.True(t, json.Valid(r.Value), "value is JSON: %s", r.Value)
			if tc.payment == "" {
				assert.Nil(t, r.PaymentStatus)
			} else {
				require.NotNil(t, r.PaymentStatus)
				assert.Equal(t, tc.payment, r.PaymentStatus.Category)
			}
		})
	}
}

func TestDecodeResponseValue(t *testing.T) {
	r, err := payway.DecodeResponse("check_transaction", payway.Answer{Status: 200, Body: []byte(docCheckApproved)})
	require.NoError(t, err)
	// Amounts arrive as their exact text, other integers as numbers.
	want := strings.NewReplacer(`"total_amount":0.1`, `"total_amount":"0.1"`, `"original_amount":0.1`, `"original_amount":"0.1"`,
		`"payment_amount":0.1`, `"payment_amount":"0.1"`, `"refund_amount":0`, `"refund_amount":"0"`, `"discount_amount":0`, `"discount_amount":"0"`).Replace(docCheckApproved)
	assert.Equal(t, want, string(r.Value))
	assert.Equal(t, &payway.PaymentStatus{Code: "0", Status: "APPROVED", Category: payway.CategorySuccess,
		Meaning: "APPROVED (or PRE-AUTH): paid in full, or funds held by a pre-authorization"}, r.PaymentStatus)

	html := "<html>caf\xe9</html>" // not UTF-8: the value is still valid JSON
	r, err = payway.DecodeResponse("purchase", payway.Answer{Status: 200, ContentType: "text/html", Body: []byte(html)})
	require.NoError(t, err)
	var s string
	require.NoError(t, json.Unmarshal(r.Value, &s))
	assert.Equal(t, "<html>caf\uFFFD</html>", s)
}

func TestDecodeResponseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, op string
		status   int
		body     string
		sentinel error
		field    string
	}{
		{"unknown operation", "refund_all", 200, `{}`, core.ErrUnknownOperation, "operation"},
		{"HTTP status 0", "refund", 0, `{}`, core.ErrMalformedRequest, "http_status"},
		{"HTTP status 600", "refund", 600, `{}`, core.ErrMalformedRequest, "http_status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := payway.DecodeResponse(tc.op, payway.Answer{Status: tc.status, Body: []byte(tc.body)})
			require.ErrorIs(t, err, tc.sentinel)
			var fe *core.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.field, fe.Field)
		})
	}
}

// The table is well formed: every category is in the closed set, every
// operation has a family, operation-specific entries name real operations
// and no (family, code, operations) appears twice.
func TestResponseCodeTable(t *testing.T) {
	categories := payway.Categories()
	seen := map[string]bool{}
	for _, c := range payway.ResponseCodes() {
		assert.Contains(t, categories, c.Category, "%s %s", c.Family, c.Code)
		assert.NotEmpty(t, c.Meaning, "%s %s", c.Family, c.Code)
		for _, op := range c.Operations {
			_, ok := payway.Lookup(op)
			assert.True(t, ok, "%s %s names unknown operation %s", c.Family, c.Code, op)
		}
		key := fmt.Sprint(c.Family, c.Code, c.Operations)
		assert.False(t, seen[key], "duplicate entry %s", key)
		seen[key] = true
		if c.Category == payway.CategoryRateLimited || c.Category == payway.CategoryConcurrentRequest {
			assert.True(t, c.Retryable, "%s %s", c.Family, c.Code)
		}
		if c.Category == payway.CategorySuccess || c.Category == payway.CategoryWrongHash || c.Category == payway.CategoryDeclined {
			assert.False(t, c.Retryable, "%s %s", c.Family, c.Code)
		}
	}
	for _, op := range payway.Operations() {
		family, ok := payway.CodeFamily(op.Name)
		require.True(t, ok, op.Name)
		assert.Contains(t, []string{payway.FamilyCheckout, payway.FamilyMerchantPortal, payway.FamilyCredentials, payway.FamilyPayout}, family)
		// Every family answers success and a wrong hash.
		for _, code := range []string{"00", "0"} {
			e, ok := payway.LookupResponseCode(op.Name, code)
			require.True(t, ok, "%s %s", op.Name, code)
			assert.Equal(t, payway.CategorySuccess, e.Category)
		}
	}
	// Operations whose answers move money are never queries.
	for _, op := range []string{"purchase", "refund", "payout", "pre_auth_completion", "purchase_with_token", "close_transaction"} {
		assert.False(t, payway.IsQuery(op), op)
	}
	assert.True(t, slices.Contains(categories, payway.CategoryUnknown))
}

func TestLookupResponseCode(t *testing.T) {
	for _, tc := range []struct{ op, code, category, meaning string }{
		{"refund", "PTL37", payway.CategoryDeclined, "the refund amount exceeds the original amount"},
		{"refund", "ptl37", payway.CategoryDeclined, "the refund amount exceeds the original amount"},
		{"purchase", "4", payway.CategoryDuplicate, "duplicated transaction ID"},
		{"purchase", "04", payway.CategoryDuplicate, "duplicated transaction ID"},
		{"link_account", "04", payway.CategoryInvalidRequest, "the given data was invalid (HTTP 400, with errors per field)"},
		{"check_transaction", "5", payway.CategoryWrongHash, "invalid hash"},
		{"transaction_detail", "6", payway.CategoryNotFound, "transaction not found (a new transaction answers this for a few seconds)"},
		{"purchase", "6", payway.CategoryNotPermitted, "the requesting domain is not in the merchant's whitelist"},
		{"purchase_with_token", "84", payway.CategoryDeclined, "payment credential has expired"},
		{"refund", "429", payway.CategoryRateLimited, "too many requests"},
	} {
		e, ok := payway.LookupResponseCode(tc.op, tc.code)
		require.True(t, ok, "%s %s", tc.op, tc.code)
		assert.Equal(t, tc.category, e.Category, "%s %s", tc.op, tc.code)
		assert.Equal(t, tc.meaning, e.Meaning, "%s %s", tc.op, tc.code)
	}
	_, ok := payway.LookupResponseCode("refund", "PTL999")
	assert.False(t, ok)
	_, ok = payway.LookupResponseCode("nope", "0")
	assert.False(t, ok)
}

// A redirect's Location is resolved against the URL the request went to,
// as a browser following it would (RFC 3986, 5.2); an absolute one is kept
// exactly as it came.
func TestDecodeResponseResolvesARelativeLocation(t *testing.T) {
	const linkCard = "https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/cof/link-card"
	cases := []struct{ url, location, want string }{
		{linkCard, "/add-card/eyJzIjoxfQ==", "https://checkout-sandbox.payway.com.kh/add-card/eyJzIjoxfQ=="},
		{linkCard, "?result=1", linkCard + "?result=1"},
		{linkCard + "?old=1", "?result=1", linkCard + "?result=1"},
		{linkCard, "//pay.example.test/add-card?x=1", "https://pay.example.test/add-card?x=1"},
		{linkCard, "add-card/2", "https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/cof/add-card/2"},
		{linkCard, "../add-card?x=1", "https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/add-card?x=1"},
		{"http://127.0.0.1:40555/a/b", "/elsewhere?x=1", "http://127.0.0.1:40555/elsewhere?x=1"},
		{linkCard, "HTTPS://Pay.Example.test/add-card/a+b/c=", "HTTPS://Pay.Example.test/add-card/a+b/c="},
		{"", "/add-card/1", "/add-card/1"},
		{linkCard, "/bad%zz", "/bad%zz"},
		{"not a url", "/add-card/1", "/add-card/1"},
	}
	for _, tc := range cases {
		r, err := payway.DecodeResponse("link_card", payway.Answer{Status: 302, Location: tc.location, URL: tc.url})
		require.NoError(t, err)
		assert.Equal(t, tc.want, r.Location, "%q against %q", tc.location, tc.url)
		assert.True(t, r.OK, "link_card's redirect is its answer")
	}
}
