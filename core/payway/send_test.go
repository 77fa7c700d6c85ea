package payway_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

func policy(t *testing.T, op string) payway.Policy {
	t.Helper()
	p, err := payway.SendPolicy(op)
	require.NoError(t, err)
	return p
}

func answered(status int, body string) payway.Outcome {
	return payway.Outcome{Attempt: 1, Sent: payway.Answered, Status: status, Body: []byte(body)}
}

// After one attempt: done, retry, refused or failed, with the next step
// for the operator; only PayWay's documented success is success.
func TestPolicyNext(t *testing.T) {
	const (
		done    = "done"
		retry   = "retry"
		refused = "refused"
	)
	for _, tc := range []struct {
		name    string
		op      string
		outcome payway.Outcome
		action  string
		err     error  // the SendError's sentinel when failed
		next    string // the SendError's Next when failed
		after   time.Duration
	}{
		{"refund accepted", "refund", answered(200, docRefund), done, nil, "", 0},
		{"refund refused PTL37", "refund", answered(200, `{"status":{"code":"PTL37"}}`), refused, nil, "", 0},
		{"refund, empty 200", "refund", answered(200, ""), "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"refund, 204", "refund", answered(204, ""), "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"payout, 302 to a login page", "payout", payway.Outcome{Attempt: 1, Sent: payway.Answered, Status: 302, Location: "https://sso.example/login", Body: []byte("<html>login</html>")}, "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"refund, gateway error PTL58", "refund", answered(200, `{"status":{"code":"PTL58"}}`), "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"refund, 502 page", "refund", answered(502, "<html>Bad Gateway</html>"), "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"refund, undocumented code", "refund", answered(200, `{"status":{"code":"PTL999"}}`), "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"refund, rate limited: refused, not processed", "refund", answered(403, `{"status":{"code":"429"}}`), refused, nil, "", 0},
		{"refund, not sent", "refund", payway.Outcome{Attempt: 1, Sent: payway.NotSent, Detail: "connection refused"}, "", core.ErrNotSent, payway.NextSendAgain, 0},
		{"refund, kept connection found closed: resend on a new one", "refund", payway.Outcome{Attempt: 1, Sent: payway.NotSent, ConnectionReused: true}, retry, nil, "", 0},
		{"refund, timed out", "refund", payway.Outcome{Attempt: 1, Sent: payway.TimedOut}, "", core.ErrTimeout, payway.NextConfirmFirst, 0},
		{"refund, broken after sending", "refund", payway.Outcome{Attempt: 1, Sent: payway.Broken, Detail: "EOF"}, "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"refund, answer too large", "refund", payway.Outcome{Attempt: 1, Sent: payway.Answered, Status: 200, TooLarge: true}, "", core.ErrOutcomeUnknown, payway.NextConfirmFirst, 0},
		{"purchase, the checkout page", "purchase", payway.Outcome{Attempt: 1, Sent: payway.Answered, Status: 200, ContentType: "text/html", Body: []byte("<html>checkout</html>")}, done, nil, "", 0},
		{"link_card, the redirect", "link_card", payway.Outcome{Attempt: 1, Sent: payway.Answered, Status: 302, Location: "https://checkout-sandbox.payway.com.kh/add-card/eyJ9"}, done, nil, "", 0},
		{"check, first failure: retry after 500 ms", "check_transaction", payway.Outcome{Attempt: 1, Sent: payway.TimedOut}, retry, nil, "", 500 * time.Millisecond},
		{"check, second failure: retry after 1 s", "check_transaction", payway.Outcome{Attempt: 2, Sent: payway.Broken}, retry, nil, "", time.Second},
		{"check, third failure: stop, safe to send again", "check_transaction", payway.Outcome{Attempt: 3, Sent: payway.Broken}, "", core.ErrTransportFailed, payway.NextSendAgain, 0},
		{"check, third timeout", "check_transaction", payway.Outcome{Attempt: 3, Sent: payway.TimedOut}, "", core.ErrTimeout, payway.NextSendAgain, 0},
		{"check, empty 200 is retried", "check_transaction", answered(200, ""), retry, nil, "", 500 * time.Millisecond},
		{"check, not found is PayWay's verdict", "check_transaction", answered(200, `{"status":{"code":"6"}}`), refused, nil, "", 0},
		{"check, rate limited: retried", "check_transaction", answered(403, `{"status":{"code":429}}`), retry, nil, "", 500 * time.Millisecond},
		{"check, gateway error after the retries: refused", "check_transaction", payway.Outcome{Attempt: 3, Sent: payway.Answered, Status: 200, Body: []byte(`{"status":{"code":"11"}}`)}, refused, nil, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			step, err := policy(t, tc.op).Next(tc.outcome)
			require.NoError(t, err)
			var re *payway.RefusedError
			var se *payway.SendError
			switch tc.action {
			case done:
				require.NoError(t, step.Err)
				require.NotNil(t, step.Response)
				assert.True(t, step.Response.OK)
			case retry:
				assert.True(t, step.Retry)
				assert.Equal(t, tc.after, step.RetryAfter)
				assert.Equal(t, tc.outcome.ConnectionReused, step.FreshConnection)
			case refused:
				require.True(t, errors.As(step.Err, &re), "%v", step.Err)
				assert.False(t, re.OK)
			default:
				require.True(t, errors.As(step.Err, &se), "%v", step.Err)
				assert.ErrorIs(t, step.Err, tc.err)
				assert.Equal(t, tc.next, se.Next)
				assert.Nil(t, step.Response)
				assert.False(t, step.Retry)
				if tc.next == payway.NextConfirmFirst {
					assert.Contains(t, se.Error(), "confirm with check_transaction")
				}
			}
		})
	}
}

func TestPolicyNextArguments(t *testing.T) {
	_, err := payway.SendPolicy("refnud")
	require.ErrorIs(t, err, core.ErrUnknownOperation)
	assert.Contains(t, err.Error(), `(did you mean refund?)`)
	p := policy(t, "refund")
	_, err = p.Next(payway.Outcome{Sent: payway.Answered, Status: 200})
	assert.ErrorIs(t, err, core.ErrMalformedRequest, "attempt 0")
	_, err = p.Next(payway.Outcome{Attempt: 1, Sent: "lost"})
	assert.ErrorIs(t, err, core.ErrInvalidFormat)
	assert.Equal(t, 1, p.Attempts(), "a refund is sent once")
	assert.Equal(t, 3, policy(t, "check_transaction").Attempts())
	q := policy(t, "check_transaction")
	q.QueryRetries = 0
	step, err := q.Next(payway.Outcome{Attempt: 1, Sent: payway.TimedOut})
	require.NoError(t, err)
	assert.False(t, step.Retry, "no retries left")
}

// The multipart body is exact and reads back with Go's own
// mime/multipart reader: the fields in send order, values untouched.
func TestMultipartBody(t *testing.T) {
	s, err := payway.Sign(&payway.Request{Operation: "purchase", Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_key"},
		Params:      payway.Params{"tran_id": "T-1", "amount": "1.50", "currency": "USD", "firstname": "Sok \"Dara\" --x", "return_url": "https://shop.example/cb?a=1&b=2"},
		RequestTime: time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC)})
	require.NoError(t, err)
	require.Equal(t, "Content-Type", s.Header[0].Name)
	mediaType, params, err := mime.ParseMediaType(s.Header[0].Value)
	require.NoError(t, err)
	assert.Equal(t, "multipart/form-data", mediaType)
	assert.Regexp(t, `^paysign-[0-9a-f]{24}$`, params["boundary"])
	r := multipart.NewReader(strings.NewReader(s.Body), params["boundary"])
	var got []payway.Field
	for {
		part, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		value, err := io.ReadAll(part)
		require.NoError(t, err)
		got = append(got, payway.Field{Name: part.FormName(), Value: string(value)})
	}
	assert.Equal(t, s.Fields, got)
	again, err := payway.Sign(&payway.Request{Operation: "purchase", Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_key"},
		Params:      payway.Params{"tran_id": "T-1", "amount": "1.50", "currency": "USD", "firstname": "Sok \"Dara\" --x", "return_url": "https://shop.example/cb?a=1&b=2"},
		RequestTime: time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, s.Body, again.Body, "the same fields give the same bytes")
}

// No print of credentials, a request or anything holding them shows the
// API key.
func TestCredentialsNeverPrinted(t *testing.T) {
	const key = "TEST_ONLY_secret_api_key_4f9d"
	creds := payway.Credentials{MerchantID: "ec000002", APIKey: key, RSAPublicKeyPEM: "-----BEGIN PUBLIC KEY-----"}
	req := payway.Request{Operation: "refund", Credentials: creds, Params: payway.Params{"tran_id": "T1"}}
	var outputs []string
	for _, v := range []any{creds, &creds, req, &req, struct{ C payway.Credentials }{creds}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
			outputs = append(outputs, fmt.Sprintf(verb, v))
		}
		j, err := json.Marshal(v)
		require.NoError(t, err)
		outputs = append(outputs, string(j))
		var b bytes.Buffer
		slog.New(slog.NewJSONHandler(&b, nil)).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&b, nil)).Info("x", "v", v)
		outputs = append(outputs, b.String())
	}
	for _, out := range outputs {
		assert.NotContains(t, out, key)
		assert.NotContains(t, out, key[10:20])
	}
	assert.Contains(t, fmt.Sprintf("%+v", creds), "ec000002")
	assert.Contains(t, fmt.Sprintf("%+v", creds), "[redacted]")
	var decoded map[string]any
	require.NoError(t, json.Unmarshal([]byte(`{"a":`+string(mustMarshal(t, req))+`}`), &decoded))
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// A host that keeps reporting a reused connection gets a bounded number of
// fresh resends; a failure detail cut short stays valid UTF-8.
func TestPolicyNextBounds(t *testing.T) {
	p := policy(t, "refund")
	step, err := p.Next(payway.Outcome{Attempt: 1, Sent: payway.NotSent, ConnectionReused: true})
	require.NoError(t, err)
	assert.True(t, step.Retry)
	step, err = p.Next(payway.Outcome{Attempt: 2, Sent: payway.NotSent, ConnectionReused: true})
	require.NoError(t, err)
	assert.False(t, step.Retry, "one fresh resend per attempt the policy allows")
	assert.ErrorIs(t, step.Err, core.ErrNotSent)
	step, err = p.Next(payway.Outcome{Attempt: 1, Sent: payway.Broken, Detail: strings.Repeat("a", 31) + "é more"})
	require.NoError(t, err)
	assert.True(t, utf8.ValidString(step.Err.Error()), step.Err.Error())
}
