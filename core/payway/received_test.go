package payway_test

import (
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
