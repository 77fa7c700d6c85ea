package workloads_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/bench/workloads"
	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/core/payway"
)

// The envelope request and the Go API request of every workload do the
// same work: the same hash input and hash (or BBMSL signature), so every
// runtime's row measures the same thing.
func TestEnvelopeAndGoAPIAgree(t *testing.T) {
	for _, w := range workloads.All() {
		resp, status := abi.Call(w.Op, w.Request)
		require.Equal(t, abi.StatusOK, status, "%s: %s", w.Name, resp)
		var env struct {
			Value struct {
				HashInput string `json:"hash_input"`
				Hash      string `json:"hash"`
				Signature string `json:"signature"`
				AuthJSON  string `json:"merchant_auth_json"`
			} `json:"value"`
		}
		require.NoError(t, json.Unmarshal(resp, &env))
		if w.PayWay != nil {
			s, err := payway.Sign(w.PayWay)
			require.NoError(t, err, w.Name)
			assert.Equal(t, env.Value.AuthJSON, s.MerchantAuthJSON, w.Name)
			if !w.RSA { // a random merchant_auth changes the hash
				assert.Equal(t, env.Value.HashInput, s.HashInput, w.Name)
				assert.Equal(t, env.Value.Hash, s.Hash, w.Name)
			}
			continue
		}
		s, err := bbmsl.Sign(w.BBMSL)
		require.NoError(t, err, w.Name)
		assert.Equal(t, env.Value.Signature, s.Signature, w.Name)
	}
}
