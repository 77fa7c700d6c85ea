package payway_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

var sentinels = []error{core.ErrMalformedRequest, core.ErrUnknownOperation, core.ErrInvalidKey, core.ErrRequired,
	core.ErrInvalidFormat, core.ErrRequestTime, core.ErrInvalidAmount, core.ErrAmountTooSmall}

const fuzzAPIKey = "TEST_ONLY_fuzz_api_key_c41d"

// FuzzSign: for any operation and params, Sign either fails with a
// documented sentinel naming a field, or its request verifies on the
// gateway side and merchant_auth decrypts to the JSON it reported.
func FuzzSign(f *testing.F) {
	files, _, err := testvectors.Load()
	require.NoError(f, err)
	for _, tc := range files["payway_sign.json"].Tests {
		req, _ := tc.Request()
		var r struct {
			Operation string          `json:"operation"`
			Params    json.RawMessage `json:"params"`
		}
		if json.Unmarshal(req, &r) == nil {
			f.Add(r.Operation, []byte(r.Params))
		}
	}
	pub := testvectors.Key("rsa1024_TEST_ONLY_public.pem")
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, operation string, params []byte) {
		p, ok := payway.ParamsFromJSON(params)
		if !ok {
			return
		}
		signed, err := payway.Sign(&payway.Request{
			Operation:   operation,
			Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: fuzzAPIKey, RSAPublicKeyPEM: pub},
			Params:      p,
			RequestTime: time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC),
		})
		if err != nil {
			known := false
			for _, s := range sentinels {
				known = known || errors.Is(err, s)
			}
			require.True(t, known, "undocumented error %v", err)
			if !errors.Is(err, core.ErrMalformedRequest) { // whole-request errors (e.g. invalid UTF-8) name no field
				var fe *core.FieldError
				require.ErrorAs(t, err, &fe, "error names no field: %v", err)
			}
			assert.NotContains(t, err.Error(), fuzzAPIKey)
			return
		}
		fields := map[string]string{}
		for _, f := range signed.Fields {
			fields[f.Name] = f.Value
		}
		verified, err := payway.Verify(signed.Operation, fields, fuzzAPIKey, priv)
		require.NoError(t, err)
		assert.Equal(t, signed.MerchantAuthJSON, string(verified.MerchantAuth))
		assert.Equal(t, signed.BeneficiariesJSON, string(verified.Beneficiaries))
		if signed.Body != "" {
			require.True(t, json.Valid([]byte(signed.Body)) || signed.ContentType != payway.ContentJSON)
			assert.NotContains(t, signed.Body, fuzzAPIKey)
		}
	})
}

// FuzzVerify: any received fields are accepted only with the right hash,
// and every rejection is a documented sentinel.
func FuzzVerify(f *testing.F) {
	files, _, err := testvectors.Load()
	require.NoError(f, err)
	for _, tc := range files["payway_verify.json"].Tests {
		var in struct {
			Operation string          `json:"operation"`
			Fields    json.RawMessage `json:"fields"`
		}
		if json.Unmarshal(tc.Input, &in) == nil {
			f.Add(in.Operation, []byte(in.Fields))
		}
	}
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, operation string, rawFields []byte) {
		var fields map[string]string
		if json.Unmarshal(rawFields, &fields) != nil {
			return
		}
		_, err := payway.Verify(operation, fields, "TEST_ONLY_api_key_7c1f3d9a", priv)
		if err == nil {
			return
		}
		known := errors.Is(err, core.ErrHashMismatch) || errors.Is(err, core.ErrDecryption) || errors.Is(err, core.ErrMerchantMismatch)
		for _, s := range sentinels {
			known = known || errors.Is(err, s)
		}
		assert.True(t, known, "undocumented error %v", err)
	})
}
