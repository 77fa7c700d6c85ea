package payway_test

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

const doctorKey = "TEST_ONLY_doctor_api_key"

// mac is the doctor tests' own HMAC (crypto/hmac, not paysign's).
func mac(key, text string) []byte {
	h := hmac.New(sha512.New, []byte(key))
	h.Write([]byte(text))
	return h.Sum(nil)
}

func b64mac(text string) string { return base64.StdEncoding.EncodeToString(mac(doctorKey, text)) }

func kinds(d *payway.Diagnosis) []string {
	var k []string
	for _, f := range d.Findings {
		k = append(k, f.Kind)
	}
	return k
}

func diagnose(t *testing.T, op, text string) *payway.Diagnosis {
	t.Helper()
	d, err := payway.Diagnose(&payway.Checkup{Operation: op, Text: text, APIKey: doctorKey})
	require.NoError(t, err)
	raw, _ := json.Marshal(d)
	assert.NotContains(t, string(raw), doctorKey, "the diagnosis never contains the API key")
	return d
}

func TestParseSent(t *testing.T) {
	for _, tc := range []struct {
		text, format string
		fields       []payway.Field
	}{
		{`{"b":"2","a":1.50,"c":true}`, "json", []payway.Field{{"b", "2"}, {"a", "1.5"}, {"c", "1"}}},
		{"b=2&a=x+y%26z", "form", []payway.Field{{"b", "2"}, {"a", "x y&z"}}},
		{"b: 2\na=3", "form", []payway.Field{{"b", "2"}, {"a", "3"}}},
		// One name=value per line is literal: a '+' in a base64 hash stays.
		{"tran_id=T1\nhash=ab+c/d==", "form", []payway.Field{{"tran_id", "T1"}, {"hash", "ab+c/d=="}}},
		{"curl -X POST 'https://checkout-sandbox.payway.com.kh/x' \\\n  -H 'Content-Type: multipart/form-data' \\\n  -F \"req_time=20261121093403\" -F 'tran_id=T 1' --form \"return_url=https://a.example/?a=1&b=\\\"2\\\"\"",
			"curl", []payway.Field{{"req_time", "20261121093403"}, {"tran_id", "T 1"}, {"return_url", `https://a.example/?a=1&b="2"`}}},
		{`curl -d '{"a":"1"}' https://x`, "curl", []payway.Field{{"a", "1"}}},
		{"POST https://checkout-sandbox.payway.com.kh/x\n{\"b\":\"2\"}", "json", []payway.Field{{"b", "2"}}},
	} {
		format, fields, err := payway.ParseSent(tc.text)
		require.NoError(t, err, tc.text)
		assert.Equal(t, tc.format, format, tc.text)
		assert.Equal(t, tc.fields, fields, tc.text)
	}
	_, _, err := payway.ParseSent(`{"a":`)
	assert.ErrorIs(t, err, core.ErrMalformedRequest)
	_, _, err = payway.ParseSent(`curl -F 'a=1`)
	assert.ErrorIs(t, err, core.ErrMalformedRequest)
}

func TestDoctorCorrectRequest(t *testing.T) {
	body := `{"req_time":"20261121093403","merchant_id":"ec000002","tran_id":"T1001","hash":"` + b64mac("20261121093403ec000002T1001") + `"}`
	d := diagnose(t, "check_transaction", body)
	assert.True(t, d.Matches)
	assert.Equal(t, "ok", d.Verdict)
	assert.Equal(t, []string{"ok"}, kinds(d))
	assert.Equal(t, -1, d.FirstDifference)
}

func TestDoctorSwappedOrder(t *testing.T) {
	body := `{"req_time":"20261121093403","tran_id":"T1001","merchant_id":"ec000002","hash":"` + b64mac("20261121093403T1001ec000002") + `"}`
	d := diagnose(t, "check_transaction", body)
	assert.False(t, d.Matches)
	assert.Equal(t, "sent order", d.Theirs.How)
	assert.Equal(t, []string{"order"}, kinds(d))
	assert.Contains(t, d.Findings[0].Detail, "position 2: you have tran_id, PayWay expects merchant_id")
	assert.Equal(t, 14, d.FirstDifference)
}

func TestDoctorBase64AmountAndTime(t *testing.T) {
	sent := [][2]string{{"req_time", "2026-11-21T09:34:03Z"}, {"merchant_id", "ec000002"}, {"tran_id", "T1"}, {"amount", "1.5"}, {"return_url", "https://shop.example/cb"}, {"currency", "USD"}}
	var form, input []string
	for _, f := range sent {
		form = append(form, f[0]+"="+url.QueryEscape(f[1]))
		input = append(input, f[1])
	}
	hash := b64mac(strings.Join(input, ""))
	d := diagnose(t, "purchase", strings.Join(form, "&")+"&hash="+url.QueryEscape(hash))
	assert.ElementsMatch(t, []string{"amount", "base64", "time"}, kinds(d))
	assert.Equal(t, "20261121093403ec000002T11.50aHR0cHM6Ly9zaG9wLmV4YW1wbGUvY2I=USD", d.Expected.Input)
	assert.Equal(t, strings.Join(input, ""), d.Theirs.Input)
}

// The classic: 1.5 sent where PayWay hashes 1.50, pasted as one field per
// line; the '+' of the base64 hash must survive the reading.
func TestDoctorAmountTextOneFieldPerLine(t *testing.T) {
	var hash string
	for i := 0; ; i++ { // a time whose hash holds a '+'
		tm := "202611210934" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		hash = b64mac(tm + "ec000002T11.5USD")
		if strings.Contains(hash, "+") {
			d := diagnose(t, "purchase", "req_time="+tm+"\nmerchant_id=ec000002\ntran_id=T1\namount=1.5\ncurrency=USD\nhash="+hash)
			assert.Equal(t, []string{"amount"}, kinds(d), "%+v", d.Findings)
			assert.Equal(t, "sent values, PayWay order", d.Theirs.How)
			return
		}
	}
}

func TestDoctorHexAndUnknownKey(t *testing.T) {
	body := `{"req_time":"20261121093403","merchant_id":"ec000002","tran_id":"T1001","hash":"` + hex.EncodeToString(mac(doctorKey, "20261121093403ec000002T1001")) + `"}`
	assert.Equal(t, []string{"encoding"}, kinds(diagnose(t, "check_transaction", body)))
	d, err := payway.Diagnose(&payway.Checkup{Operation: "check_transaction", Text: body, APIKey: "another key"})
	require.NoError(t, err)
	assert.Equal(t, []string{"unknown"}, kinds(d))
}

func TestDoctorOperationFromURL(t *testing.T) {
	refund := "https://checkout-sandbox.payway.com.kh/api/merchant-portal/merchant-access/online-transaction/refund"
	body := `{"request_time":"20261121093403","merchant_id":"ec000002","merchant_auth":"AAAA","hash":"` + b64mac("20261121093403ec000002AAAA") + `"}`
	d := diagnose(t, "", "POST "+refund+"\n"+body)
	assert.Equal(t, "refund", d.Operation)
	assert.Equal(t, "url", d.OperationFrom)
	assert.Equal(t, "ok", d.Verdict)
	purchase := "https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/purchase"
	assert.Equal(t, purchase, payway.RequestURL("curl -X POST '"+purchase+"' -F 'a=1'"))
	assert.Equal(t, "subscription", diagnose(t, "", "curl '"+purchase+"' -F tran_id=T1 -F ctid=CT12345").Operation)
	_, err := payway.Diagnose(&payway.Checkup{Text: body, APIKey: doctorKey})
	assert.ErrorContains(t, err, "choose the operation")
	_, err = payway.Diagnose(&payway.Checkup{Text: "POST https://example.com/nope\n" + body, APIKey: doctorKey})
	assert.ErrorIs(t, err, core.ErrUnknownOperation)
	_, err = payway.Diagnose(&payway.Checkup{Operation: "check_transaction", Text: body})
	assert.ErrorIs(t, err, core.ErrRequired)
}

// A right hash over values PayWay refuses is not "hash matches".
func TestDoctorRightHashRejectedValues(t *testing.T) {
	body := `{"req_time":"20261121093403","merchant_id":"ec000002","tran_id":"T 1001","hash":"` + b64mac("20261121093403ec000002T 1001") + `"}`
	d := diagnose(t, "check_transaction", body)
	assert.True(t, d.Matches)
	assert.Equal(t, "values rejected", d.Verdict)
	assert.Contains(t, kinds(d), "validation")
	assert.NotContains(t, kinds(d), "ok")
}
