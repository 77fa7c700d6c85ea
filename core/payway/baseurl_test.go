package payway_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

func signWithBaseURL(baseURL string) (*payway.Signed, error) {
	return payway.Sign(&payway.Request{
		Operation:   "check_transaction",
		Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"},
		Params:      payway.Params{"tran_id": "T1"},
		RequestTime: testTime,
		BaseURL:     baseURL,
	})
}

func TestBaseURLReplacesTheHost(t *testing.T) {
	const path = "/api/payment-gateway/v1/payments/check-transaction-2"
	for _, tc := range []struct{ base, want string }{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://127.9.8.7:1", "http://127.9.8.7:1"},
		{"http://localhost:4010", "http://localhost:4010"},
		{"HTTP://LocalHost:4010/", "http://LocalHost:4010"},
		{"http://[::1]:4010", "http://[::1]:4010"},
		{"https://payway-mock.internal:8443", "https://payway-mock.internal:8443"},
		{"https://checkout-sandbox.payway.com.kh/", "https://checkout-sandbox.payway.com.kh"},
	} {
		signed, err := signWithBaseURL(tc.base)
		require.NoError(t, err, tc.base)
		assert.Equal(t, tc.want+path, signed.URL, tc.base)
	}
	// The hash does not depend on where the request goes.
	plain, err := signWithBaseURL("")
	require.NoError(t, err)
	mocked, err := signWithBaseURL("http://127.0.0.1:1")
	require.NoError(t, err)
	assert.Equal(t, plain.Hash, mocked.Hash)
	assert.Equal(t, "https://checkout-sandbox.payway.com.kh"+path, plain.URL)
}

func TestBaseURLRefused(t *testing.T) {
	for _, base := range []string{
		"http://example.com",                // plain http off the machine
		"http://127.0.0.1.example.com",      // looks local, is not
		"http://[::2]:80",                   // not ::1
		"http://10.0.0.1",                   // private is not loopback
		"ftp://127.0.0.1",                   // another scheme
		"127.0.0.1:8080",                    // no scheme
		"//127.0.0.1:8080",                  // no scheme
		"https://example.com/api",           // a path
		"https://example.com?x=1",           // a query
		"https://example.com/?",             // an empty query
		"https://example.com#top",           // a fragment
		"https://user:pass@example.com",     // user information
		"https://",                          // no host
		"mailto:someone@example.com",        // opaque
		"https://exa mple.com",              // not a URL
		"http://localhost:4010/%2e%2e/evil", // an escaped path
	} {
		_, err := signWithBaseURL(base)
		require.ErrorIs(t, err, core.ErrInvalidFormat, base)
		var fe *core.FieldError
		require.ErrorAs(t, err, &fe, base)
		assert.Equal(t, "base_url", fe.Field, base)
	}
}

// Production never goes out with test credentials or to a local mock.
func TestProductionRefusesTestSetups(t *testing.T) {
	sign := func(env, key, base string) error {
		_, err := payway.Sign(&payway.Request{Operation: "check_transaction", Environment: env, BaseURL: base,
			Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: key}, Params: payway.Params{"tran_id": "T1"}})
		return err
	}
	for _, tc := range []struct{ env, key, base string }{
		{"production", "TEST_ONLY_paysign_mock_api_key_ec000002", ""},
		{"production", "abc_test_only_def", ""},
		{"production", "live-key", "http://127.0.0.1:4010"},
		{"production", "live-key", "http://localhost:4010"},
		{"production", "live-key", "https://[::1]:4010"},
	} {
		err := sign(tc.env, tc.key, tc.base)
		require.ErrorIs(t, err, core.ErrEnvironmentMismatch, "%+v", tc)
		assert.NotContains(t, err.Error(), tc.key)
	}
	assert.NoError(t, sign("production", "live-key", ""))
	assert.NoError(t, sign("production", "live-key", "https://proxy.example"))
	assert.NoError(t, sign("sandbox", "TEST_ONLY_key", "http://127.0.0.1:4010"))
	assert.NoError(t, sign("", "TEST_ONLY_key", ""))
}
