package bbmsl_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/testvectors"
)

var (
	privPEM = testvectors.Key("rsa2048_TEST_ONLY_private.pem")
	pubPEM  = testvectors.Key("rsa2048_TEST_ONLY_public.pem")
)

func ExampleSign() {
	// The merchant's 2048-bit RSA key (here the TEST-ONLY one of paysign's vectors).
	key, err := os.ReadFile("../../internal/testkeys/rsa2048_TEST_ONLY_private.pem")
	if err != nil {
		panic(err)
	}
	signed, err := bbmsl.Sign(&bbmsl.Request{
		Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKeyPEM: string(key)},
		Operation:   &bbmsl.Refund{OrderID: 4922, Amount: "10.00"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(signed.URL)
	fmt.Println(signed.Request)
	fmt.Println(len(signed.Signature), signed.Signature[:20])
	// Output:
	// https://payapi.sit.bbmsl.com/hosted-checkout/refund
	// {"merchantId":3,"orderId":4922,"amount":10}
	// 344 w/O/yogbf4wEdVZ/jM43
}

func ExampleVerifyWebhook() {
	// BBMSL's public key for the environment (here a TEST-ONLY pair: this
	// example plays BBMSL too).
	privPEM, _ := os.ReadFile("../../internal/testkeys/rsa2048_TEST_ONLY_private.pem")
	priv, _ := core.ParsePrivateKey(string(privPEM))
	pub := &priv.PublicKey
	// What BBMSL does: sign the sorted k=v string of the members.
	sig, _ := bbmsl.SignMessage(priv, []byte("amount=15.00&orderId=4922&status=SUCCESS"))
	body := `{"orderId":4922,"amount":15.00,"status":"SUCCESS","signature":"` + sig + `"}`

	hook, err := bbmsl.VerifyWebhook([]byte(body), pub, bbmsl.SortedKV)
	fmt.Println(hook.Canonical, hook.Values["amount"], err)
	// Output:
	// amount=15.00&orderId=4922&status=SUCCESS 15.00 <nil>
}

func TestKeyFormatsSignAlike(t *testing.T) {
	bare := strings.Join(strings.Split(strings.TrimSpace(privPEM), "\n")[1:len(strings.Split(strings.TrimSpace(privPEM), "\n"))-1], "")
	var sigs []string
	for _, key := range []string{privPEM, testvectors.Key("rsa2048_TEST_ONLY_private_pkcs1.pem"), bare, strings.ReplaceAll(privPEM, "\n", `\n`)} {
		s, err := bbmsl.Sign(&bbmsl.Request{Operation: &bbmsl.Void{OrderID: 1}, Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKeyPEM: key}})
		require.NoError(t, err)
		sigs = append(sigs, s.Signature)
	}
	parsed, err := core.ParsePrivateKey(privPEM)
	require.NoError(t, err)
	s, err := bbmsl.Sign(&bbmsl.Request{Operation: &bbmsl.Void{OrderID: 1}, Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKey: parsed}})
	require.NoError(t, err)
	sigs = append(sigs, s.Signature)
	for _, s := range sigs[1:] {
		assert.Equal(t, sigs[0], s)
	}
}

func TestSignErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		req    bbmsl.Request
		target error
		field  string
	}{
		{"no operation", bbmsl.Request{}, core.ErrRequired, "operation"},
		{"no reference", bbmsl.Request{Operation: &bbmsl.Void{}}, core.ErrRequired, "params.order_id"},
		{"amount not a decimal", bbmsl.Request{Operation: &bbmsl.Refund{OrderID: 1, Amount: "10.5.0"}}, core.ErrInvalidAmount, "params.amount"},
		{"three decimals", bbmsl.Request{Operation: &bbmsl.Refund{OrderID: 1, Amount: "10.505"}}, core.ErrInvalidAmount, "params.amount"},
		{"negative quantity", bbmsl.Request{Operation: &bbmsl.Create{Amount: "1", MerchantReference: "R", LineItems: []bbmsl.LineItem{{Name: "x", Quantity: -1, UnitAmount: "1"}}}}, core.ErrInvalidFormat, "params.line_items.0.quantity"},
		{"key twice", bbmsl.Request{Operation: &bbmsl.Void{OrderID: 1}, Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKeyPEM: privPEM, PrivateKey: &rsa.PrivateKey{}}}, core.ErrMalformedRequest, "credentials.private_key"},
		{"small key", bbmsl.Request{Operation: &bbmsl.Void{OrderID: 1}, Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKeyPEM: testvectors.Key("rsa1024_TEST_ONLY_private.pem")}}, core.ErrInvalidKey, "credentials.private_key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.req.Credentials.MerchantID == "" {
				tc.req.Credentials = bbmsl.Credentials{MerchantID: "3", PrivateKeyPEM: privPEM}
			}
			_, err := bbmsl.Sign(&tc.req)
			require.ErrorIs(t, err, tc.target)
			var fe *core.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.field, fe.Field)
			assert.NotContains(t, err.Error(), "PRIVATE KEY")
		})
	}
}

// TestWebhookBoundToOneKey: a notification signed by another environment's
// key (here a fresh key) is a mismatch, never accepted by falling back.
func TestWebhookBoundToOneKey(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	sig, err := bbmsl.SignMessage(other, []byte("orderId=1&status=SUCCESS"))
	require.NoError(t, err)
	pub, err := core.ParsePublicKey(pubPEM)
	require.NoError(t, err)
	_, err = bbmsl.VerifyWebhook([]byte(`{"orderId":1,"status":"SUCCESS","signature":"`+sig+`"}`), pub, "")
	assert.ErrorIs(t, err, core.ErrSignatureMismatch)
	_, err = bbmsl.VerifyWebhook([]byte(`{"orderId":1,"status":"SUCCESS","signature":"`+sig+`"}`), &other.PublicKey, "")
	assert.NoError(t, err)
	_, err = bbmsl.VerifyWebhook([]byte(`{"orderId":1,"status":"SUCCESS","signature":"`+sig+`"}`), nil, "")
	assert.ErrorIs(t, err, core.ErrRequired, "no key: an error, not a panic")
}

// FuzzVerifyWebhook: any body, any variant: a result or a documented
// sentinel, never a panic.
func FuzzVerifyWebhook(f *testing.F) {
	files, _, err := testvectors.Load()
	require.NoError(f, err)
	for _, tc := range files["bbmsl_webhook.json"].Tests {
		var in struct{ Body, Variant string }
		req, _ := tc.Request()
		_ = jsonUnmarshal(req, &in)
		f.Add(in.Body, in.Variant)
	}
	pub, err := core.ParsePublicKey(pubPEM)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, body, variant string) {
		hook, err := bbmsl.VerifyWebhook([]byte(body), pub, variant)
		if err == nil {
			assert.NotEmpty(t, hook.Canonical)
			return
		}
		known := false
		for _, s := range []error{core.ErrBodyMalformed, core.ErrSignatureMissing, core.ErrSignatureMalformed, core.ErrSignatureMismatch, core.ErrInvalidFormat, core.ErrMalformedRequest} {
			known = known || errorsIs(err, s)
		}
		assert.True(t, known, "undocumented error %v", err)
	})
}

// FuzzSignVerify: every request paysign signs verifies with the public key
// over the exact request string.
func FuzzSignVerify(f *testing.F) {
	f.Add(int64(4922), "1655817171", "10.00")
	f.Add(int64(1), "", "0.01")
	f.Add(int64(0), "REF 2021/01 ü", "999999.99")
	priv, err := core.ParsePrivateKey(privPEM)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, orderID int64, ref, amount string) {
		refund := &bbmsl.Refund{OrderID: orderID, MerchantReference: ref, Amount: amount}
		signed, err := bbmsl.Sign(&bbmsl.Request{Operation: refund, Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKey: priv}})
		if err != nil {
			return
		}
		sig, err := base64.StdEncoding.DecodeString(signed.Signature)
		require.NoError(t, err)
		digest := sha256.Sum256([]byte(signed.Request))
		require.NoError(t, rsa.VerifyPKCS1v15(&priv.PublicKey, crypto.SHA256, digest[:], sig))
		var body struct{ Request, Signature string }
		require.NoError(t, jsonUnmarshal([]byte(signed.Body), &body))
		assert.Equal(t, signed.Request, body.Request)
		assert.Equal(t, signed.Signature, body.Signature)
	})
}
