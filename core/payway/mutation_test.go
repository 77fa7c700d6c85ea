package payway

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
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
			Hash string `json:"hash"`
		}
		require.NoError(t, json.Unmarshal(tc.Output, &want))
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

// signRequestOf turns a payway.sign vector's input into a Request, keeping
// the member order of its JSON values.
func signRequestOf(t *testing.T, tc testvectors.Test) *Request {
	req, err := tc.Request()
	require.NoError(t, err)
	v, err := wire.Parse(req)
	require.NoError(t, err)
	r := &Request{}
	for _, m := range v.(wire.Object) {
		switch m.Name {
		case "operation":
			r.Operation = m.Value.(string)
		case "environment":
			r.Environment = m.Value.(string)
		case "request_time":
			r.RequestTime, err = core.ParseRequestTime(m.Value.(string))
			require.NoError(t, err)
		case "credentials":
			for _, c := range m.Value.(wire.Object) {
				switch c.Name {
				case "merchant_id":
					r.Credentials.MerchantID = c.Value.(string)
				case "api_key":
					r.Credentials.APIKey = c.Value.(string)
				case "rsa_public_key":
					r.Credentials.RSAPublicKeyPEM = c.Value.(string)
				}
			}
		case "params":
			r.Params = Params{}
			for _, p := range m.Value.(wire.Object) {
				r.Params[p.Name] = fromWire(p.Value)
			}
		}
	}
	return r
}

func fromWire(v any) any {
	switch t := v.(type) {
	case wire.Object:
		obj := make(Object, len(t))
		for i, m := range t {
			obj[i] = Member{m.Name, fromWire(m.Value)}
		}
		return obj
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = fromWire(e)
		}
		return out
	}
	return v
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
