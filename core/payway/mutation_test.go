package payway

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/datetime"
	"github.com/paysign/paysign/testvectors"
)

// vectorsOf returns the payway.sign and payway.verify vectors of operation
// that a hash-order mistake can change: exact sign vectors and valid
// fixed-ciphertext verify vectors.
func vectorsOf(t *testing.T, operation string) (sign, verify []testvectors.Test) {
	files, _, err := testvectors.Load()
	require.NoError(t, err)
	for _, tc := range files["payway_sign.json"].Tests {
		if tc.Result == "valid" && !tc.Randomized && requestOperation(t, tc) == operation {
			sign = append(sign, tc)
		}
	}
	for _, tc := range files["payway_verify.json"].Tests {
		if tc.Op == "" && tc.Result == "valid" && requestOperation(t, tc) == operation { // payway.verify tests
			verify = append(verify, tc)
		}
	}
	return sign, verify
}

func requestOperation(t *testing.T, tc testvectors.Test) string {
	req, err := tc.Request()
	require.NoError(t, err)
	var r struct {
		Operation string `json:"operation"`
	}
	require.NoError(t, json.Unmarshal(req, &r))
	return r.Operation
}

// vectorsAgree reports whether every vector still gives its expected answer.
func vectorsAgree(t *testing.T, sign, verify []testvectors.Test) bool {
	for _, tc := range sign {
		got, err := Sign(signRequestOf(t, tc))
		require.NoError(t, err)
		var want struct {
			Hash   string      `json:"hash"`
			Fields [][2]string `json:"fields"`
		}
		require.NoError(t, json.Unmarshal(tc.Output, &want))
		if want.Hash == "" { // "output": "send": the hash is the last field
			want.Hash = want.Fields[len(want.Fields)-1][1]
		}
		if got.Hash != want.Hash {
			return false
		}
	}
	for _, tc := range verify {
		var r struct {
			Operation   string            `json:"operation"`
			Credentials map[string]string `json:"credentials"`
			Fields      map[string]string `json:"fields"` // the verify vectors give an object
		}
		req, _ := tc.Request()
		require.NoError(t, json.Unmarshal(req, &r))
		fields := r.Fields
		var priv *rsa.PrivateKey
		if text := r.Credentials["rsa_private_key"]; text != "" {
			var err error
			priv, err = core.ParsePrivateKey(text)
			require.NoError(t, err)
		}
		if _, err := Verify(r.Operation, fields, r.Credentials["api_key"], priv); err != nil {
			require.True(t, errors.Is(err, core.ErrHashMismatch), "unexpected error %v", err)
			return false
		}
	}
	return true
}

// signRequestOf turns a payway.sign vector's input into a Request.
func signRequestOf(t *testing.T, tc testvectors.Test) *Request {
	req, err := tc.Request()
	require.NoError(t, err)
	var in struct {
		Operation   string            `json:"operation"`
		Environment string            `json:"environment"`
		RequestTime string            `json:"request_time"`
		Credentials map[string]string `json:"credentials"`
		Params      json.RawMessage   `json:"params"`
	}
	require.NoError(t, json.Unmarshal(req, &in))
	when, err := datetime.ParseRequestTime(in.RequestTime)
	require.NoError(t, err)
	params, ok := paramsFromJSON(in.Params)
	require.True(t, ok)
	return &Request{Operation: in.Operation, Environment: in.Environment, RequestTime: when, Params: params,
		Credentials: Credentials{MerchantID: in.Credentials["merchant_id"], APIKey: in.Credentials["api_key"], RSAPublicKeyPEM: in.Credentials["rsa_public_key"]}}
}

// paramsFromJSON turns a JSON object into Params the way a Go caller with
// JSON text would: strings and numbers as such, objects and arrays as
// json.RawMessage (their member order kept).
func paramsFromJSON(data []byte) (Params, bool) {
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil {
		return nil, false
	}
	params := Params{}
	for name, raw := range members {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return nil, false
		}
		switch v.(type) {
		case map[string]any, []any:
			params[name] = raw
		default:
			params[name] = v
		}
	}
	return params, true
}

// TestSwappedHashFieldsAreCaught swaps every adjacent pair of every
// operation's hash order and requires the vectors to notice.
func TestSwappedHashFieldsAreCaught(t *testing.T) {
	for i := range catalog {
		op := &catalog[i]
		t.Run(op.Name, func(t *testing.T) {
			sign, verify := vectorsOf(t, op.Name)
			require.NotEmpty(t, append(sign, verify...), "no exact vectors for %s", op.Name)
			require.True(t, vectorsAgree(t, sign, verify), "vectors fail before any mutation")
			original := append([]string(nil), op.HashFields...)
			defer func() { op.HashFields = original }()
			for j := 0; j+1 < len(original); j++ {
				mutated := append([]string(nil), original...)
				mutated[j], mutated[j+1] = mutated[j+1], mutated[j]
				op.HashFields = mutated
				require.False(t, vectorsAgree(t, sign, verify), "swapping %s and %s goes unnoticed", original[j], original[j+1])
			}
			// Dropping a field must be caught too.
			for j := range original {
				op.HashFields = append(append([]string(nil), original[:j]...), original[j+1:]...)
				require.False(t, vectorsAgree(t, sign, verify), "dropping %s goes unnoticed", original[j])
			}
		})
	}
}
