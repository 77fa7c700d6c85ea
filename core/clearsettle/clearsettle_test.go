package clearsettle_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/clearsettle"
)

const apiKey = "TEST_ONLY_4d41d21a935f5bba9dee7c"

func ExampleNewRefund() {
	refund, err := clearsettle.NewRefund(&clearsettle.RefundRequest{
		Credentials:   clearsettle.Credentials{APIKey: "TEST_ONLY_4d41d21a935f5bba9dee7c"},
		Domain:        "example-psp.com",
		Environment:   "test",
		TransactionID: "529-1438673740-2",
		ReferenceNo:   "1-1386413490-0089-14",
		Amount:        "19.99",
		Currency:      "EUR",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(refund.URL)
	fmt.Println(refund.RedactedBody)
	// Output:
	// https://testapi.example-psp.com/pw/v3/payment/refund
	// {"apiKey":"[REDACTED]","transactionId":"529-1438673740-2","referenceNo":"1-1386413490-0089-14","amount":1999,"currency":"EUR"}
}

func ExampleDecodeResponse() {
	r, err := clearsettle.DecodeResponse([]byte(`{"code":32,"status":"DECLINED","message":"Already refunded","amount":"1234","currency":"EUR"}`))
	fmt.Println(r.Code, r.Approved, r.AmountDecimal, err)
	// Output:
	// 32 false 12.34 <nil>
}

func TestMinorUnits(t *testing.T) {
	for _, tc := range []struct {
		amount, currency, want string
		err                    error
	}{
		{"19.99", "EUR", "1999", nil},
		{"0.29", "EUR", "29", nil},
		{"1.15", "EUR", "115", nil},
		{"79.10", "EUR", "7910", nil},
		{"4.35", "USD", "435", nil},
		{"1000", "JPY", "1000", nil},
		{"1000.0", "KRW", "1000", nil},
		{"1.234", "KWD", "1234", nil},
		{"0.5", "TND", "500", nil},
		{"1", "CLF", "10000", nil},
		{"19.999", "EUR", "", core.ErrInvalidAmount},
		{"1.5", "JPY", "", core.ErrInvalidAmount},
		{"1e3", "EUR", "", core.ErrInvalidAmount},
		{"0", "EUR", "", core.ErrAmountTooSmall},
		{"1.00", "XYZ", "", core.ErrUnknownCurrency},
		{"1.00", "eur", "", core.ErrInvalidFormat},
	} {
		got, err := clearsettle.MinorUnits(tc.amount, tc.currency)
		if tc.err != nil {
			assert.ErrorIs(t, err, tc.err, "%s %s", tc.amount, tc.currency)
			continue
		}
		require.NoError(t, err, "%s %s", tc.amount, tc.currency)
		assert.Equal(t, tc.want, got, "%s %s", tc.amount, tc.currency)
	}
}

// TestAPIKeyNeverLeaks: the API key is in Body only: never in RedactedBody
// and never in an error message, whatever else is wrong.
func TestAPIKeyNeverLeaks(t *testing.T) {
	ok := clearsettle.RefundRequest{Credentials: clearsettle.Credentials{APIKey: apiKey}, Domain: "example-psp.com", TransactionID: "1", ReferenceNo: "2", Amount: "1.00", Currency: "EUR"}
	r, err := clearsettle.NewRefund(&ok)
	require.NoError(t, err)
	assert.Contains(t, r.Body, apiKey)
	assert.NotContains(t, r.RedactedBody, apiKey)
	for _, mutate := range []func(*clearsettle.RefundRequest){
		func(r *clearsettle.RefundRequest) { r.Domain = apiKey },
		func(r *clearsettle.RefundRequest) { r.Environment = apiKey },
		func(r *clearsettle.RefundRequest) { r.Amount = "1.001" },
		func(r *clearsettle.RefundRequest) { r.Currency = "ABC" },
		func(r *clearsettle.RefundRequest) { r.TransactionID = "" },
		func(r *clearsettle.RefundRequest) { r.ReferenceNo = apiKey + apiKey },
		func(r *clearsettle.RefundRequest) { r.Credentials.APIKey = apiKey + " x" },
	} {
		req := ok
		mutate(&req)
		_, err := clearsettle.NewRefund(&req)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), apiKey)
	}
}

// FuzzMinorUnits: the minor units times 10^-exponent equal the decimal
// given, exactly.
func FuzzMinorUnits(f *testing.F) {
	for _, s := range []string{"19.99", "0.29", "1.15", "1000", "1.234", "19.999", "01.5", "1e2"} {
		f.Add(s, "EUR")
		f.Add(s, "KWD")
		f.Add(s, "JPY")
	}
	f.Fuzz(func(t *testing.T, amount, currency string) {
		got, err := clearsettle.MinorUnits(amount, currency)
		if err != nil {
			return
		}
		exp, ok := clearsettle.Exponent(currency)
		require.True(t, ok)
		want, ok := new(big.Rat).SetString(amount)
		require.True(t, ok)
		minor, ok := new(big.Rat).SetString(got)
		require.True(t, ok)
		scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
		assert.Equal(t, 0, want.Cmp(minor.Quo(minor, scale)), "%s %s → %s", amount, currency, got)
	})
}

// FuzzDecodeResponse: any body gives a value or ErrBodyMalformed.
func FuzzDecodeResponse(f *testing.F) {
	f.Add(`{"code":"00","status":"APPROVED","amount":"1234","currency":"EUR","date":1476187198,"isLive":false}`)
	f.Add(`{"code":32}`)
	f.Fuzz(func(t *testing.T, body string) {
		if _, err := clearsettle.DecodeResponse([]byte(body)); err != nil {
			assert.ErrorIs(t, err, core.ErrBodyMalformed)
		}
	})
}
