package payway

import (
	"crypto/rsa"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
)

// typedInputs is one zero value of every generated struct.
var typedInputs = []Input{
	Purchase{}, Subscription{}, CheckTransaction{}, TransactionDetail{}, CloseTransaction{}, TransactionList{},
	ExchangeRate{}, Refund{}, GenerateQR{}, RequestQR{}, GetTransactionsByMcRef{}, CreatePaymentLink{},
	PaymentLinkDetail{}, VoidPaymentLink{}, PreAuthCompletion{}, PreAuthCancellation{}, PayoutRequest{},
	AddBeneficiary{}, UpdateBeneficiaryStatus{}, LinkAccount{}, LinkCard{}, PurchaseWithToken{}, RenewToken{},
	GetTokenDetails{}, RemoveToken{},
}

// Every operation of the catalogue has a struct, and each struct has one
// field per parameter, named after it, whose value params() puts under the
// parameter's name.
func TestEveryOperationHasItsStruct(t *testing.T) {
	var names []string
	for _, in := range typedInputs {
		names = append(names, in.Operation())
	}
	var catalogued []string
	for _, op := range Operations() {
		catalogued = append(catalogued, op.Name)
	}
	require.ElementsMatch(t, catalogued, names)

	squash := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	for _, in := range typedInputs {
		op, _ := Lookup(in.Operation())
		filled := reflect.New(reflect.TypeOf(in)).Elem()
		want := Params{}
		for i := 0; i < filled.NumField(); i++ {
			f := filled.Field(i)
			name := filled.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				f.SetString("v-" + name)
			case reflect.Int:
				f.SetInt(int64(1000 + i))
			case reflect.Slice:
				f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			default:
				t.Fatalf("%T.%s: a %s field", in, name, f.Kind())
			}
			want[squash(name)] = f.Interface()
		}
		got := filled.Interface().(Input).params()
		require.Len(t, got, len(op.Params), "%T", in)
		for _, p := range op.Params {
			assert.Equal(t, want[squash(p.Name)], got[p.Name], "%T: %s", in, p.Name)
		}
	}
}

var typedCredentials = Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"}

// A struct signs exactly as the same parameters given as Params.
func TestTypedSignsAsParams(t *testing.T) {
	when := time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC)
	for _, tc := range []struct {
		typed  Input
		params Params
	}{
		{CheckTransaction{TranID: "T1"}, Params{"tran_id": "T1"}},
		{ExchangeRate{}, Params{}},
		{Purchase{TranID: "T2", Amount: "4.5", Currency: "USD", ReturnURL: "https://shop.example.com/pushback",
			Items:        []Item{{Name: "Latte", Quantity: 1, Price: "2.50"}, {Name: "Croissant", Quantity: 1, Price: "2.00"}},
			Payout:       []Payout{{Account: "000133879", Amount: "1.00"}},
			CustomFields: Object{{Name: "order_ref", Value: "ORD-2"}, {Name: "channel", Value: "web"}}, Lifetime: 30},
			Params{"tran_id": "T2", "amount": "4.5", "currency": "USD", "return_url": "https://shop.example.com/pushback",
				"items":         []Item{{Name: "Latte", Quantity: 1, Price: "2.50"}, {Name: "Croissant", Quantity: 1, Price: "2.00"}},
				"payout":        []Payout{{Account: "000133879", Amount: "1.00"}},
				"custom_fields": Object{{Name: "order_ref", Value: "ORD-2"}, {Name: "channel", Value: "web"}}, "lifetime": 30}},
		{TransactionList{FromDate: "2026-11-20 00:00:00", ToDate: "2026-11-21 00:00:00", Page: 2},
			Params{"from_date": "2026-11-20 00:00:00", "to_date": "2026-11-21 00:00:00", "page": 2}},
	} {
		t.Run(tc.typed.Operation(), func(t *testing.T) {
			typed, err := Sign(&Request{Credentials: typedCredentials, Params: tc.typed, RequestTime: when})
			require.NoError(t, err)
			untyped, err := Sign(&Request{Operation: tc.typed.Operation(), Credentials: typedCredentials, Params: tc.params, RequestTime: when})
			require.NoError(t, err)
			assert.Equal(t, untyped, typed)
		})
	}
}

// Encrypted members too; a zero where zero is a value (status 0 disables a
// beneficiary) is sent, a zero where it is not (a lifetime) is left out.
func TestTypedEncryptedAndZero(t *testing.T) {
	pub := testPublicKey(t)
	creds := typedCredentials
	creds.RSAPublicKey = pub
	signed, err := Sign(&Request{Credentials: creds, Params: UpdateBeneficiaryStatus{Payee: "000133879"}})
	require.NoError(t, err)
	assert.Equal(t, `{"mc_id":"ec000002","payee":"000133879","status":0}`, signed.MerchantAuthJSON)

	signed, err = Sign(&Request{Credentials: creds, Params: Refund{TranID: "T1", RefundAmount: "1.50"}})
	require.NoError(t, err)
	assert.Equal(t, `{"mc_id":"ec000002","tran_id":"T1","refund_amount":1.5}`, signed.MerchantAuthJSON)

	_, err = Sign(&Request{Credentials: creds, Params: GenerateQR{TranID: "T1", Amount: "1.00", Currency: "USD",
		PaymentOption: "abapay_khqr", QRImageTemplate: "template1"}})
	require.ErrorIs(t, err, core.ErrRequired)
	assert.Contains(t, err.Error(), "params.lifetime")
}

// The operation of a struct is its own: Request.Operation may repeat it,
// not name another.
func TestTypedOperationIsTheStructs(t *testing.T) {
	for _, operation := range []string{"", "check_transaction"} {
		signed, err := Sign(&Request{Operation: operation, Credentials: typedCredentials, Params: CheckTransaction{TranID: "T1"}})
		require.NoError(t, err)
		assert.Equal(t, "check_transaction", signed.Operation)
	}
	_, err := Sign(&Request{Operation: "close_transaction", Credentials: typedCredentials, Params: CheckTransaction{TranID: "T1"}})
	require.ErrorIs(t, err, core.ErrMalformedRequest)
	var fe *core.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "operation", fe.Field)
	assert.Contains(t, err.Error(), `"close_transaction"`)

	// Params name no operation: without Request.Operation there is none.
	_, err = Sign(&Request{Credentials: typedCredentials, Params: Params{"tran_id": "T1"}})
	require.ErrorIs(t, err, core.ErrUnknownOperation)
}

// A misspelt parameter is a compile error: testdata/typed builds, and the
// same program with one letter changed (TranId for TranID) does not.
func TestMisspeltFieldDoesNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	source, err := os.ReadFile("testdata/typed/main.go")
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(source), "TranID:"), "the program spells TranID once")

	build := func(dir string) (string, error) {
		cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := build("testdata/typed")
	require.NoError(t, err, out)

	// A copy inside this module (so that it imports this package), removed
	// when the test ends.
	dir, err := os.MkdirTemp("testdata", "misspelt-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	misspelt := strings.Replace(string(source), "TranID:", "TranId:", 1)
	require.NoError(t, os.WriteFile(dir+"/main.go", []byte(misspelt), 0o644))
	out, err = build(dir)
	require.Error(t, err)
	assert.Contains(t, out, "unknown field TranId in struct literal of type payway.Refund")
	assert.Equal(t, 1, strings.Count(out, "unknown field"), out)
}

func testPublicKey(t *testing.T) *rsa.PublicKey {
	t.Helper()
	text, err := os.ReadFile("../../internal/testkeys/rsa1024_TEST_ONLY_public.pem")
	require.NoError(t, err)
	pub, err := core.ParsePublicKey(string(text))
	require.NoError(t, err)
	return pub
}
