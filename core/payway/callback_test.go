package payway_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

// A pushback is evidence, not proof: after VerifyCallback succeeds, confirm
// the payment with check_transaction before fulfilling the order.
func ExampleVerifyCallback() {
	body := []byte(`{"tran_id":"T1001","apv":"123456","status":"0","return_params":"order=1001","merchant_ref":""}`)
	// What PayWay sends in X-PayWay-HMAC-SHA512:
	header := base64.StdEncoding.EncodeToString(primitive.HMACSHA512([]byte("TEST_ONLY_api_key"), []byte("123456order=10010T1001")))

	cb, err := payway.VerifyCallback(body, header, "TEST_ONLY_api_key")
	fmt.Println(cb.HashInput, err)
	// Output:
	// 123456order=10010T1001 <nil>
}

// TestCallbackHashInputPHP: known answers computed with PHP 8.2's
// documented snippet (json_decode, ksort, concatenation, json_encode).
func TestCallbackHashInputPHP(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"b":"2","a":"1"}`, "12"},
		{`{"x":0.30000000000000004}`, "0.3"},
		{`{"x":1e20}`, "1.0E+20"},
		{`{"x":15.00}`, "15"},
		{`{"x":1e400}`, "INF"},
		{`{"x":-0.0}`, "-0"},
		{`{"x":12345678901234567890}`, "1.2345678901235E+19"},
		{`{"x":0.00001}`, "1.0E-5"},
		{`{"x":100000000000000.0}`, "1.0E+14"},
		{`{"x":10000000000000.0}`, "10000000000000"},
		{`{"x":true,"y":false,"z":null}`, "1"},
		{`{"x":[1.0,0.1,1e20,-0,1e-7,123456789012345678]}`, "[1,0.1,1.0e+20,0,1.0e-7,123456789012345678]"},
		{`{"x":{"0":1,"1":2},"y":{}}`, "[1,2][]"},
		{`{"x":[1e400]}`, ""},
		{`{"b":1,"10":"t","9":"n","a":"a"," 5":"s"}`, "snta1"},
	} {
		got, err := payway.CallbackHashInput([]byte(tc.body))
		require.NoError(t, err, tc.body)
		assert.Equal(t, tc.want, got, tc.body)
	}
}

func TestVerifyCallbackErrors(t *testing.T) {
	body := []byte(`{"tran_id":"T1","status":"0"}`)
	good := base64.StdEncoding.EncodeToString(primitive.HMACSHA512([]byte("k"), []byte("0T1")))
	for _, tc := range []struct {
		name           string
		body, sig, key string
		target         error
	}{
		{"no key", string(body), good, "", core.ErrRequired},
		{"no signature", string(body), "", "k", core.ErrSignatureMissing},
		{"hex signature", string(body), fmt.Sprintf("%x", primitive.HMACSHA512([]byte("k"), []byte("0T1"))), "k", core.ErrSignatureMalformed},
		{"wrong key", string(body), good, "other", core.ErrSignatureMismatch},
		{"not JSON", "tran_id=T1", good, "k", core.ErrBodyMalformed},
	} {
		_, err := payway.VerifyCallback([]byte(tc.body), tc.sig, tc.key)
		assert.ErrorIs(t, err, tc.target, tc.name)
	}
	_, err := payway.VerifyCallback(body, good, "k")
	assert.NoError(t, err)
}

// FuzzVerifyCallback: never a panic; a body that hashes verifies with its
// own signature (sign → verify round trip) and fails with another key.
func FuzzVerifyCallback(f *testing.F) {
	files, _, err := testvectors.Load()
	require.NoError(f, err)
	for _, tc := range files["payway_callback.json"].Tests {
		var in struct{ Body string }
		req, _ := tc.Request()
		_ = json.Unmarshal(req, &in)
		f.Add(in.Body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		input, err := payway.CallbackHashInput([]byte(body))
		if err != nil {
			assert.ErrorIs(t, err, core.ErrBodyMalformed)
			return
		}
		sig := base64.StdEncoding.EncodeToString(primitive.HMACSHA512([]byte("k"), []byte(input)))
		_, err = payway.VerifyCallback([]byte(body), sig, "k")
		require.NoError(t, err)
		_, err = payway.VerifyCallback([]byte(body), sig, "other")
		assert.ErrorIs(t, err, core.ErrSignatureMismatch)
	})
}

// SignCallback is what PayWay sends, for tests of a merchant's callback
// handler: put the signature in the X-PayWay-HMAC-SHA512 header.
func ExampleSignCallback() {
	body := []byte(`{"tran_id":"T1001","apv":"123456","status":"0","return_params":"order=1001","merchant_ref":""}`)
	signature, err := payway.SignCallback(body, "TEST_ONLY_api_key")
	if err != nil {
		panic(err)
	}
	_, err = payway.VerifyCallback(body, signature, "TEST_ONLY_api_key")
	fmt.Println(payway.CallbackHeader, err)
	// Output:
	// X-PayWay-HMAC-SHA512 <nil>
}

func TestSignCallback(t *testing.T) {
	body := []byte(`{"tran_id":"T1","status":0,"return_params":{"a":"/x"}}`)
	signature, err := payway.SignCallback(body, "k")
	require.NoError(t, err)
	// Independently: base64(HMAC-SHA512("k", values in ksort order, the
	// nested object json_encoded as PHP writes it)).
	want := base64.StdEncoding.EncodeToString(primitive.HMACSHA512([]byte("k"), []byte(`{"a":"\/x"}0T1`)))
	assert.Equal(t, want, signature)
	_, err = payway.VerifyCallback(body, signature, "k")
	require.NoError(t, err)
	_, err = payway.VerifyCallback(body, signature, "other")
	require.ErrorIs(t, err, core.ErrSignatureMismatch)

	_, err = payway.SignCallback(body, "")
	require.ErrorIs(t, err, core.ErrRequired)
	_, err = payway.SignCallback([]byte(`["T1"]`), "k")
	require.ErrorIs(t, err, core.ErrBodyMalformed)
}
