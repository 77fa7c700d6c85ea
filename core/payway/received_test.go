package payway_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

func fieldMap(s *payway.Signed) map[string]string {
	m := map[string]string{}
	for _, f := range s.Fields {
		m[f.Name] = f.Value
	}
	return m
}

// Everything Sign accepts, the gateway's side reads back: every valid
// signing vector is signed, verified and its parameters received, and
// plain text parameters come back as given.
func TestReceivedParamsRoundTrip(t *testing.T) {
	files, _, err := testvectors.Load()
	require.NoError(t, err)
	pub := testvectors.Key("rsa1024_TEST_ONLY_public.pem")
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(t, err)
	checked := 0
	for _, tc := range files["payway_sign.json"].Tests {
		if tc.Result != "valid" || tc.Input == nil {
			continue
		}
		var in struct {
			Operation string          `json:"operation"`
			Params    json.RawMessage `json:"params"`
		}
		require.NoError(t, json.Unmarshal(tc.Input, &in))
		params, ok := payway.ParamsFromJSON(in.Params)
		require.True(t, ok)
		signed, err := payway.Sign(&payway.Request{Operation: in.Operation, Params: params, RequestTime: testTime,
			Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key", RSAPublicKeyPEM: pub}})
		require.NoError(t, err, "#%d %s", tc.ID, tc.Comment)
		fields := fieldMap(signed)
		v, err := payway.Verify(in.Operation, fields, "TEST_ONLY_api_key", priv)
		require.NoError(t, err)
		got, err := payway.ReceivedParams(v, fields)
		require.NoError(t, err, "#%d %s", tc.ID, tc.Comment)
		for name, given := range params {
			s, isText := given.(string)
			op, _ := payway.Lookup(in.Operation)
			for _, p := range op.Params {
				if p.Name == name && isText && s != "" && (p.Type == payway.TypeString || p.Type == payway.TypeURL) {
					assert.Equal(t, s, got[name], "#%d %s: %s", tc.ID, tc.Comment, name)
				}
			}
		}
		checked++
	}
	assert.Greater(t, checked, 40)
}

// A request signed by hand (the hash right, the parameters not) is refused
// parameter by parameter, as PayWay validates after the hash.
func TestReceivedParamsRefuses(t *testing.T) {
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(t, err)
	pub := &priv.PublicKey
	signedFields := func(op string, fields map[string]string) map[string]string {
		h, err := payway.Hash(op, fields, "k")
		require.NoError(t, err)
		fields["hash"] = h.Hash
		return fields
	}
	for _, tc := range []struct {
		name, op string
		fields   map[string]string
		sentinel error
		field    string
	}{
		{"tran_id missing", "check_transaction", map[string]string{"req_time": "20261121093403", "merchant_id": "m1"}, core.ErrRequired, "fields.tran_id"},
		{"tran_id with a space", "check_transaction", map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T 1"}, core.ErrInvalidFormat, "fields.tran_id"},
		{"KHR with decimals", "purchase", map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "100.50", "currency": "KHR"}, core.ErrInvalidAmount, "fields.amount"},
		{"USD zero", "purchase", map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "0", "currency": "USD"}, core.ErrAmountTooSmall, "fields.amount"},
		{"return_url not base64", "purchase", map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "1", "return_url": "https://x.example"}, core.ErrInvalidFormat, "fields.return_url"},
		{"items not JSON", "purchase", map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "1", "items": "bm90IGpzb24="}, core.ErrInvalidFormat, "fields.items"},
		{"type not in the enum", "purchase", map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "1", "type": "auth"}, core.ErrInvalidFormat, "fields.type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fields := signedFields(tc.op, tc.fields)
			v, err := payway.Verify(tc.op, fields, "k", nil)
			require.NoError(t, err)
			_, err = payway.ReceivedParams(v, fields)
			require.ErrorIs(t, err, tc.sentinel)
			var fe *core.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.field, fe.Field)
		})
	}

	// Inside merchant_auth: a refund without refund_amount.
	signed, err := payway.Sign(&payway.Request{Operation: "refund", RequestTime: testTime,
		Credentials: payway.Credentials{MerchantID: "m1", APIKey: "k", RSAPublicKey: pub},
		Params:      payway.Params{"tran_id": "T1", "refund_amount": "1.00"}})
	require.NoError(t, err)
	fields := fieldMap(signed)
	v, err := payway.Verify("refund", fields, "k", priv)
	require.NoError(t, err)
	got, err := payway.ReceivedParams(v, fields)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"tran_id": "T1", "refund_amount": "1"}, got) // json_encode((float)"1.00") is 1
	v.MerchantAuth = []byte(`{"mc_id":"m1","tran_id":"T1"}`)
	_, err = payway.ReceivedParams(v, fields)
	require.ErrorIs(t, err, core.ErrRequired)
	var fe *core.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "merchant_auth.refund_amount", fe.Field)
	v.MerchantAuth = []byte(`{"mc_id":"m1","tran_id":"T1","refund_amount":1.5}`) // a JSON number is read as its text
	got, err = payway.ReceivedParams(v, fields)
	require.NoError(t, err)
	assert.Equal(t, "1.5", got["refund_amount"])
}

// The two sides keep two rule sets: what PayWay's gateway takes that Sign
// never sends is accepted on the gateway's side and still refused by Sign.
func TestGatewayRulesDifferFromSign(t *testing.T) {
	signed := func(op string, fields map[string]string) (*payway.Verified, map[string]string) {
		h, err := payway.Hash(op, fields, "k")
		require.NoError(t, err)
		fields["hash"] = h.Hash
		v, err := payway.Verify(op, fields, "k", nil)
		require.NoError(t, err)
		return v, fields
	}
	cancel := base64.StdEncoding.EncodeToString([]byte("https://shop.example.com/cart"))
	for _, tc := range []struct {
		name, op string
		fields   map[string]string
		params   payway.Params // the same request through Sign, which refuses it
		want     map[string]string
	}{
		{"QR currency in lower case", "generate_qr",
			map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "1.00", "currency": "usd",
				"payment_option": "abapay_khqr", "lifetime": "10", "qr_image_template": "template1"},
			payway.Params{"tran_id": "T1", "amount": "1.00", "currency": "usd", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"},
			map[string]string{"currency": "USD", "amount": "1.00"}},
		{"a base64 cancel_url, hashed as sent", "purchase",
			map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "1.00", "cancel_url": cancel},
			payway.Params{"tran_id": "T1", "amount": "1.00", "cancel_url": cancel},
			map[string]string{"cancel_url": cancel}},
		{"a plain cancel_url that is not a URL", "purchase",
			map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "1.00", "cancel_url": "cart"},
			payway.Params{"tran_id": "T1", "amount": "1.00", "cancel_url": "cart"},
			map[string]string{"cancel_url": "cart"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, fields := signed(tc.op, tc.fields)
			got, err := payway.ReceivedParams(v, fields)
			require.NoError(t, err)
			for k, want := range tc.want {
				assert.Equal(t, want, got[k], k)
			}
			_, err = payway.Sign(&payway.Request{Operation: tc.op, Params: tc.params, RequestTime: testTime,
				Credentials: payway.Credentials{MerchantID: "m1", APIKey: "k"}})
			require.ErrorIs(t, err, core.ErrInvalidFormat, "Sign keeps its own rule")
		})
	}

	// An optional parameter on the gateway's side only: a payment link
	// without expired_date (the sandbox creates one that never expires).
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(t, err)
	v := &payway.Verified{Operation: "create_payment_link", MerchantID: "m1",
		MerchantAuth: []byte(`{"mc_id":"m1","title":"T","amount":0.03,"currency":"USD"}`)}
	got, err := payway.ReceivedParams(v, map[string]string{})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"title": "T", "amount": "0.03", "currency": "USD"}, got)
	_, err = payway.Sign(&payway.Request{Operation: "create_payment_link", RequestTime: testTime,
		Credentials: payway.Credentials{MerchantID: "m1", APIKey: "k", RSAPublicKey: &priv.PublicKey},
		Params:      payway.Params{"title": "T", "amount": "0.03", "currency": "USD"}})
	require.ErrorIs(t, err, core.ErrRequired, "Sign still requires expired_date")

	// A lower-case currency where the page does not say so stays refused.
	v2, fields := signed("purchase", map[string]string{"req_time": "20261121093403", "merchant_id": "m1", "tran_id": "T1", "amount": "1.00", "currency": "usd"})
	_, err = payway.ReceivedParams(v2, fields)
	require.ErrorIs(t, err, core.ErrInvalidFormat)
}

// The rules are data: each names a catalogue operation and parameter,
// a kind the gateway's side knows, and where it comes from; every
// operation takes its documented content type first.
func TestGatewayRulesAreComplete(t *testing.T) {
	kinds := []string{payway.GatewayContentType, payway.GatewayAnyCase, payway.GatewayAsSent, payway.GatewayOptional,
		payway.GatewayRequired, payway.GatewayLength, payway.GatewayFormat, payway.GatewayEnum, payway.GatewayBase64,
		payway.GatewayURL, payway.GatewayAmount, payway.GatewayInteger, payway.GatewayJSON, payway.GatewayTrim, payway.GatewayNumbers}
	formats := map[string]bool{}
	for _, r := range payway.GatewayRules() {
		assert.Contains(t, kinds, r.Kind, "%+v", r)
		assert.Contains(t, []string{payway.SourceDocs, payway.SourceSandbox, payway.SourceInferred}, r.Source, "%+v", r)
		assert.NotEmpty(t, r.Ref, "%+v", r)
		if r.Operation == "*" {
			assert.Empty(t, r.Param, "%+v", r)
			if r.Kind == payway.GatewayFormat {
				formats[r.Value] = true
			}
			continue
		}
		op, ok := payway.Lookup(r.Operation)
		require.True(t, ok, "%+v", r)
		if r.Kind == payway.GatewayContentType {
			assert.Contains(t, []string{payway.ContentJSON, payway.ContentForm, payway.ContentMultipart}, r.Value, "%+v", r)
			continue
		}
		var param *payway.Param
		for i := range op.Params {
			if op.Params[i].Name == r.Param {
				param = &op.Params[i]
			}
		}
		require.NotNil(t, param, "%+v", r)
		switch r.Kind {
		case payway.GatewayAnyCase:
			assert.NotEmpty(t, param.Enum, "%+v", r)
		case payway.GatewayAsSent:
			assert.Equal(t, payway.TypeURL, param.Type, "%+v", r)
		case payway.GatewayOptional:
			assert.True(t, param.Required, "%+v: optional for Sign already", r)
		}
	}
	for _, op := range payway.Operations() {
		types := payway.AcceptedContentTypes(op.Name)
		require.NotEmpty(t, types, op.Name)
		assert.Equal(t, op.ContentType, types[0], "%s: the documented content type first", op.Name)
		for _, p := range op.Params {
			if p.Format != "" {
				assert.True(t, formats[p.Format], "format %s of %s.%s has no rule", p.Format, op.Name, p.Name)
			}
		}
	}
	assert.Equal(t, []string{payway.ContentJSON, payway.ContentForm}, payway.AcceptedContentTypes("refund"))
	assert.Nil(t, payway.AcceptedContentTypes("refund_all"))
}
