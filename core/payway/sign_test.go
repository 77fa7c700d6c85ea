package payway_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

func signPurchase(params payway.Params) (*payway.Signed, error) {
	return payway.Sign(&payway.Request{
		Operation:   "purchase",
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
		Params:      params,
		RequestTime: testTime,
	})
}

// A float has no exact decimal text, so it is refused rather than
// formatted: 0.1+0.2 would otherwise be sent as 0.30000000000000004. The
// same sentinel, wherever the float is.
func TestFloatsAreRefused(t *testing.T) {
	for _, tc := range []struct {
		params payway.Params
		field  string
	}{
		{payway.Params{"amount": 1.5}, "params.amount"},
		{payway.Params{"amount": float32(1.5)}, "params.amount"},
		{payway.Params{"amount": 0.1 + 0.2}, "params.amount"},
		{payway.Params{"amount": "1", "lifetime": 30.0}, "params.lifetime"},
		{payway.Params{"amount": "1", "custom_fields": payway.Object{{Name: "total", Value: 2.5}}}, "params.custom_fields"},
		{payway.Params{"amount": "1", "items": []any{payway.Object{{Name: "price", Value: 2.5}}}}, "params.items"},
	} {
		tc.params["tran_id"], tc.params["currency"] = "T1", "USD"
		_, err := signPurchase(tc.params)
		require.ErrorIs(t, err, core.ErrFloat, "%v", tc.params)
		var fe *core.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, tc.field, fe.Field)
		assert.Contains(t, err.Error(), "decimal string")
	}
}

// Amounts and every other hashed value go out as JSON strings identical to
// their hashed text, whatever form they were given in.
func TestHashedValuesAreSentAsStrings(t *testing.T) {
	for _, amount := range []any{"12.5", json.Number("12.5"), 12} {
		signed, err := payway.Sign(&payway.Request{
			Operation:   "generate_qr",
			Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
			Params: payway.Params{"tran_id": "T1", "amount": amount, "currency": "USD", "payment_option": "abapay_khqr",
				"lifetime": 30, "qr_image_template": "template1"},
			RequestTime: testTime,
		})
		require.NoError(t, err)
		var body map[string]any
		require.NoError(t, json.Unmarshal([]byte(signed.Body), &body))
		for name, v := range body {
			assert.IsType(t, "", v, "%s is not sent as a string", name)
		}
		sent, _ := signed.Field("amount")
		assert.Contains(t, signed.HashInput, "T1"+sent)
		assert.Equal(t, map[any]string{"12.5": "12.50", json.Number("12.5"): "12.50", 12: "12.00"}[amount], sent)
		lifetime, _ := signed.Field("lifetime")
		assert.Equal(t, "30", lifetime)
	}
}

// The catalogue cannot be changed through what Operations and Lookup return.
func TestCatalogueCopiesAreIndependent(t *testing.T) {
	ops := payway.Operations()
	ops[0].HashFields[0] = "changed"
	ops[0].Params[0].Enum = append(ops[0].Params[0].Enum, "changed")
	op, ok := payway.Lookup(ops[0].Name)
	require.True(t, ok)
	op.HashFields[1] = "changed"
	again, _ := payway.Lookup(ops[0].Name)
	assert.Equal(t, "req_time", again.HashFields[0])
	assert.Equal(t, "merchant_id", again.HashFields[1])
	assert.NotContains(t, again.Params[0].Enum, "changed")

	// Nor through what Sign, Hash and LookupResponseCode return.
	signed, err := signPurchase(payway.Params{"tran_id": "T1", "amount": "1", "currency": "USD"})
	require.NoError(t, err)
	signed.HashFields[0] = "changed"
	hashed, err := payway.Hash("purchase", map[string]string{"tran_id": "T1"}, "TEST_ONLY_api_key")
	require.NoError(t, err)
	hashed.HashFields[1] = "changed"
	purchase, _ := payway.Lookup("purchase")
	assert.Equal(t, []string{"req_time", "merchant_id"}, purchase.HashFields[:2])

	// An entry limited to some operations (checkout code 5 is "invalid
	// hash" only from check_transaction and transaction_detail) carries an
	// Operations slice: changing the caller's copy changes nothing.
	code, ok := payway.LookupResponseCode("check_transaction", "5")
	require.True(t, ok)
	require.Equal(t, []string{"check_transaction", "transaction_detail"}, code.Operations)
	code.Operations[0] = "changed"
	again5, _ := payway.LookupResponseCode("check_transaction", "5")
	assert.Equal(t, []string{"check_transaction", "transaction_detail"}, again5.Operations)
	assert.Equal(t, payway.CategoryWrongHash, again5.Category)
}

// purchase and subscription share a path: a field only a subscription
// takes makes it one.
func TestOperationFor(t *testing.T) {
	purchase, _ := payway.Lookup("purchase")
	for _, tc := range []struct {
		path   string
		fields map[string]string
		want   string
	}{
		{purchase.Path, map[string]string{"tran_id": "T1", "amount": "1.00"}, "purchase"},
		{purchase.Path, map[string]string{"tran_id": "T1", "ctid": "CT1"}, "subscription"},
		{purchase.Path, map[string]string{"tran_id": "T1", "token_flag": "CITR_FIX"}, "subscription"},
		{purchase.Path, map[string]string{"tran_id": "T1", "ctid": ""}, "purchase"},
		{"/api/payment-gateway/v1/payments/check-transaction-2", nil, "check_transaction"},
	} {
		op, ok := payway.OperationFor(tc.path, tc.fields)
		require.True(t, ok, tc.path)
		assert.Equal(t, tc.want, op.Name, "%v", tc.fields)
	}
	_, ok := payway.OperationFor("/nope", nil)
	assert.False(t, ok)
}

// merchant_id is hashed as plain text: the gateway trims it, so white
// space and control characters are refused as in any hashed field.
func TestMerchantIDIsCheckedAsHashedText(t *testing.T) {
	for _, id := range []string{" ec000002", "ec000002\n", "ec\t000002"} {
		_, err := payway.Sign(&payway.Request{Operation: "check_transaction",
			Credentials: payway.Credentials{MerchantID: id, APIKey: "TEST_ONLY_api_key"},
			Params:      payway.Params{"tran_id": "T1"}, RequestTime: testTime})
		require.ErrorIs(t, err, core.ErrInvalidFormat, "%q", id)
		var fe *core.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "credentials.merchant_id", fe.Field)
	}
}

// Items and payouts given as typed values get the same UTF-8 check as any
// other text.
func TestTypedValuesRefuseInvalidUTF8(t *testing.T) {
	_, err := signPurchase(payway.Params{"tran_id": "T1", "amount": "1", "currency": "USD",
		"items": []payway.Item{{Name: "a\xffb", Quantity: 1, Price: "1"}}})
	require.ErrorIs(t, err, core.ErrInvalidFormat)
	_, err = signPurchase(payway.Params{"tran_id": "T1", "amount": "1", "currency": "USD",
		"payout": []payway.Payout{{Account: "a\xffb", Amount: "1"}}})
	require.ErrorIs(t, err, core.ErrInvalidFormat)
}

var testTime = time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC)

// The Go API's typed, ordered values send the same bytes as the JSON every
// other runtime sends for the MemberOrder vector (whose expected fields the
// PHP oracle rebuilds with json_encode).
func TestTypedValuesMatchTheMemberOrderVector(t *testing.T) {
	files, _, err := testvectors.Load()
	require.NoError(t, err)
	var want struct {
		Fields [][2]string `json:"fields"`
	}
	vectors := files["payway_sign.json"].WithFlag("MemberOrder")
	require.Len(t, vectors, 1)
	require.NoError(t, json.Unmarshal(vectors[0].Output, &want))
	require.NotEmpty(t, want.Fields)
	signed, err := payway.Sign(&payway.Request{
		Operation:   "purchase",
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key_7c1f3d9a"},
		RequestTime: testTime,
		Params: payway.Params{
			"tran_id": "T1010", "amount": "7.00", "currency": "USD",
			"items": []payway.Item{{Name: "Iced latte", Quantity: 2, Price: "2.50"}, {Name: "Num pang", Quantity: 1, Price: "2.00"}},
			"custom_fields": payway.Object{{Name: "order_ref", Value: "ORD-1010"}, {Name: "channel", Value: "web"},
				{Name: "customer", Value: payway.Object{{Name: "tier", Value: "gold"}, {Name: "id", Value: "C-77"}}}},
			"return_deeplink": json.RawMessage(`{"ios_scheme":"shopapp://payway/return","android_scheme":"shopapp://payway/return"}`),
		},
	})
	require.NoError(t, err)
	var got [][2]string
	for _, f := range signed.Fields {
		got = append(got, [2]string{f.Name, f.Value})
	}
	assert.Equal(t, want.Fields, got)
}

// A Go map has no member order, so paysign refuses it rather than choose one.
func TestMapsAreRefused(t *testing.T) {
	for _, v := range []any{map[string]any{"b": "1", "a": "2"}, []map[string]any{{"name": "x"}}, payway.Object{{Name: "x", Value: map[string]any{}}}} {
		_, err := signPurchase(payway.Params{"tran_id": "T1", "amount": "1", "currency": "USD", "custom_fields": v})
		require.ErrorIs(t, err, core.ErrInvalidFormat, "%v", v)
		assert.Contains(t, err.Error(), "payway.Object")
	}
}
