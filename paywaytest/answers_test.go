package paywaytest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywaytest"
)

// exchange is one request to the double and its answer as sent.
type exchange struct {
	op       string
	status   int
	location string
	body     []byte
}

// post posts body to url with contentType and returns the answer as
// sent, following no redirect.
func post(t *testing.T, op, url, contentType string, body []byte) exchange {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Post(url, contentType, bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return exchange{op: op, status: resp.StatusCode, location: resp.Header.Get("Location"), body: data}
}

// signAndPost signs params as creds at the time at and posts the exact
// bytes payway.Sign gives to the double at base.
func signAndPost(t *testing.T, base string, creds payway.Credentials, op string, params payway.Params, at time.Time) exchange {
	t.Helper()
	s, err := payway.Sign(&payway.Request{Operation: op, Credentials: creds, BaseURL: base, Params: params, RequestTime: at})
	require.NoError(t, err)
	return post(t, op, s.URL, s.Header[0].Value, []byte(s.Body))
}

// succeeded requires PayWay's documented success and returns the
// answer's JSON: the body, or for link_card the JSON its redirect
// carries.
func (ex exchange) succeeded(t *testing.T) []byte {
	t.Helper()
	decoded, err := payway.DecodeResponse(ex.op, payway.Answer{Status: ex.status, Location: ex.location, Body: ex.body})
	require.NoError(t, err)
	require.True(t, decoded.OK, "%s: HTTP %d %s", ex.op, ex.status, ex.body)
	if ex.location == "" {
		return ex.body
	}
	body, err := base64.RawURLEncoding.DecodeString(ex.location[strings.LastIndexByte(ex.location, '/')+1:])
	require.NoError(t, err, ex.location)
	return body
}

// rawAnswer signs params with the double's merchant, posts them and
// returns the answer's JSON as sent.
func rawAnswer(t *testing.T, srv *paywaytest.Server, op string, params payway.Params) []byte {
	t.Helper()
	return signAndPost(t, srv.URL, srv.Credentials(), op, params, time.Now()).succeeded(t)
}

// everyAnswer drives the double through one success of every operation
// and returns each answer as sent.
func everyAnswer(t *testing.T, srv *paywaytest.Server) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	run := func(op string, params payway.Params) []byte {
		t.Helper()
		out[op] = rawAnswer(t, srv, op, params)
		return out[op]
	}
	expires := time.Now().Add(time.Hour).Unix()
	run("purchase", payway.Params{"tran_id": "W-P1", "amount": "5.00", "currency": "USD", "payment_option": "abapay_khqr_deeplink"})
	run("subscription", payway.Params{"tran_id": "W-S1", "amount": "5.00", "currency": "USD", "ctid": "CUST00001", "token_flag": "CITR_FIX", "frequency": "1M"})
	run("check_transaction", payway.Params{"tran_id": "ORDER-1001"})
	run("refund", payway.Params{"tran_id": "ORDER-1001", "refund_amount": "1.50"})
	run("transaction_detail", payway.Params{"tran_id": "ORDER-1001"})
	run("close_transaction", payway.Params{"tran_id": "ORDER-1002"})
	run("transaction_list", payway.Params{})
	run("exchange_rate", payway.Params{})
	run("generate_qr", payway.Params{"tran_id": "W-Q1", "amount": "1.50", "currency": "USD", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"})
	run("request_qr", payway.Params{"tran_id": "W-Q2", "amount": "1000", "currency": "KHR", "callback_url": "https://shop.example.com/cb"})
	link := run("create_payment_link", payway.Params{"title": "Invoice 7", "amount": "25.00", "currency": "USD", "expired_date": expires,
		"merchant_ref_no": "REF-1", "payout": []payway.Payout{{Account: "000123456", Amount: "25.00"}}})
	var created struct {
		Data struct{ ID string } `json:"data"`
	}
	require.NoError(t, json.Unmarshal(link, &created))
	_, _, err := srv.PayLink(created.Data.ID)
	require.NoError(t, err)
	run("get_transactions_by_mc_ref", payway.Params{"merchant_ref": "REF-1"})
	run("payment_link_detail", payway.Params{"id": created.Data.ID})
	run("void_payment_link", payway.Params{"id": created.Data.ID})
	run("pre_auth_completion", payway.Params{"tran_id": "ORDER-1005", "complete_amount": "21.00"})
	run("purchase", payway.Params{"tran_id": "W-PA2", "amount": "10.00", "currency": "USD", "type": "pre-auth", "payment_option": "abapay_khqr_deeplink"})
	_, err = srv.Approve("W-PA2")
	require.NoError(t, err)
	run("pre_auth_cancellation", payway.Params{"tran_id": "W-PA2"})
	run("add_beneficiary", payway.Params{"payee": "000123456"})
	run("update_beneficiary_status", payway.Params{"payee": "000123456", "status": 1})
	run("payout", payway.Params{"tran_id": "W-PO1", "beneficiaries": []payway.Payout{{Account: "000123456", Amount: "2.00"}}, "amount": "2.00", "currency": "USD"})
	run("link_account", payway.Params{"ctid": "CUST00001", "request_id": "REQ00001", "token_flag": "CITI_FLEX", "currency": "USD"})
	run("link_card", payway.Params{"ctid": "CUST00002", "request_id": "REQ00002", "token_flag": "CITI_FLEX", "currency": "USD"})
	cred, _, err := srv.ApproveCredential("REQ00001")
	require.NoError(t, err)
	run("purchase_with_token", payway.Params{"tran_id": "W-T1", "amount": "3.00", "currency": "USD", "ctid": "CUST00001", "pwt": cred.PWT, "token_flag": "MITU_FLEX"})
	run("get_token_details", payway.Params{"request_id": "REQ00001"})
	require.NoError(t, srv.ExpireCredential("REQ00001"))
	run("renew_token", payway.Params{"ctid": "CUST00001", "pwt": cred.PWT, "request_id": "REQ00003"})
	run("remove_token", payway.Params{"ctid": "CUST00001", "pwt": cred.PWT})
	return out
}

// shapeErrors compares an answer as sent with an operation's members:
// every member it sends is listed, with the JSON type the table gives it
// (the sandbox's type under sandbox; a decimal is a JSON number), and
// every member not marked optional is there.
func shapeErrors(list []payway.AnswerMember, body []byte, sandbox bool) []string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	want := map[string]string{}
	for _, m := range list {
		typ := m.Type
		if sandbox && m.Sandbox != "" {
			typ = m.Sandbox
		}
		want[m.Path] = typ
	}
	var errs []string
	walkObjects(v, "", func(path string, obj map[string]any) {
		for name, x := range obj {
			p := joinPath(path, name)
			typ, listed := want[p]
			switch {
			case !listed || typ == payway.AnswerAbsent:
				errs = append(errs, p+" is sent but not in the table")
			case jsonType(x) != typ && !(typ == payway.AnswerDecimal && jsonType(x) == payway.AnswerInteger):
				errs = append(errs, p+" is a JSON "+jsonType(x)+", the table says "+typ)
			}
		}
		for _, m := range list {
			if parentPath(m.Path) == path && !m.Optional && want[m.Path] != payway.AnswerAbsent {
				if _, ok := obj[strings.TrimPrefix(strings.TrimPrefix(m.Path, path), ".")]; !ok {
					errs = append(errs, m.Path+" is missing")
				}
			}
		}
	})
	return errs
}

// walkObjects calls visit for every JSON object in v, outermost first,
// with its path: "" for v itself, "data" for its member data, "data[]"
// for each element of an array data.
func walkObjects(v any, path string, visit func(path string, obj map[string]any)) {
	switch t := v.(type) {
	case map[string]any:
		visit(path, t)
		for name, x := range t {
			walkObjects(x, joinPath(path, name), visit)
		}
	case []any:
		for _, x := range t {
			walkObjects(x, path+"[]", visit)
		}
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// parentPath is the path of the object holding the member at path:
// "data[]" for "data[].amount", "" at the top.
func parentPath(path string) string {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return ""
	}
	return path[:i]
}

// jsonType is the table's name for the JSON type of v (a number with no
// fraction or exponent is an integer), or "null".
func jsonType(v any) string {
	switch t := v.(type) {
	case string:
		return payway.AnswerString
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			return payway.AnswerDecimal
		}
		return payway.AnswerInteger
	case bool:
		return payway.AnswerBoolean
	case map[string]any:
		return payway.AnswerObject
	case []any:
		return payway.AnswerArray
	}
	return "null"
}

// Every operation's answer has the members and JSON types of
// core/payway/answers.go: the documented ones by default, the sandbox's
// recorded ones with Config.Sandbox.
func TestAnswersMatchTheTable(t *testing.T) {
	for _, sandbox := range []bool{false, true} {
		var opts []paywaytest.Option
		if sandbox {
			opts = append(opts, paywaytest.WithSandboxBehaviour())
		}
		srv := paywaytest.NewServer(t, opts...)
		answers := everyAnswer(t, srv)
		for _, op := range payway.Operations() {
			body, ok := answers[op.Name]
			if !assert.True(t, ok, "%s not exercised", op.Name) {
				continue
			}
			assert.Empty(t, shapeErrors(payway.AnswerMembers(op.Name), body, sandbox), "%s (sandbox %v): %s", op.Name, sandbox, body)
		}
	}
}

// The walk itself: a member of the wrong type, a missing one and an
// unlisted one are each reported.
func TestShapeErrors(t *testing.T) {
	list := payway.AnswerMembers("refund")
	ok := []byte(`{"grand_total":1.5,"total_refunded":1,"currency":"USD","transaction_status":"REFUNDED","status":{"code":"00","message":"Success!"}}`)
	assert.Empty(t, shapeErrors(list, ok, false))
	assert.Equal(t, []string{"grand_total is a JSON string, the table says decimal"},
		shapeErrors(list, []byte(strings.Replace(string(ok), `1.5`, `"1.5"`, 1)), false))
	assert.Empty(t, shapeErrors(list, []byte(strings.Replace(strings.Replace(string(ok), `1.5`, `"1.5"`, 1), `:1,`, `:"1",`, 1)), true), "the sandbox's strings")
	assert.Equal(t, []string{"status.message is missing"}, shapeErrors(list, []byte(strings.Replace(string(ok), `,"message":"Success!"`, ``, 1)), false))
	assert.Equal(t, []string{"extra is sent but not in the table"}, shapeErrors(list, []byte(strings.Replace(string(ok), `{"grand`, `{"extra":1,"grand`, 1)), false))
	detail := payway.AnswerMembers("payment_link_detail")
	assert.Contains(t, shapeErrors(detail, []byte(`{"data":{"pushback_url":"x"}}`), true), "data.pushback_url is sent but not in the table")
}
