package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/testvectors"
)

// TestCLISendPathHashIsPHPs sends each request of
// testvectors/e2e/payway_e2e.json with `paysign payway OP --request-time T
// --send` to `paysign mock` and reads the hash the mock received from its
// request log (`paysign mock requests`, the hash masked to 6 characters
// and its length), as testvectors/README.md tells every runtime to: the
// mock verifies with the catalogue that signed, so only expected_hash,
// computed by the PHP oracle, sees a wrong hash order on the send path.
func TestCLISendPathHashIsPHPs(t *testing.T) {
	cases, err := testvectors.E2E()
	require.NoError(t, err)
	p := startMock(t)
	for _, c := range cases {
		name := fmt.Sprintf("payway_e2e.json #%d %s", c.ID, c.Comment)
		require.Equal(t, c.Credentials["api_key"], p.apiKey, "%s: the mock's TEST-ONLY key", name)
		args := []string{"payway", c.Operation, "--request-time", c.RequestTime, "--merchant-id", c.Credentials["merchant_id"]}
		for param, raw := range c.Params {
			value := string(raw) // numbers, objects and arrays as their JSON text
			if raw[0] == '"' {
				require.NoError(t, json.Unmarshal(raw, &value))
			}
			args = append(args, "--"+strings.ReplaceAll(param, "_", "-"), value)
		}
		a, status := p.answer(t, args...)
		require.Equal(t, 0, status, "%s: %+v", name, a)

		out, _, status := p.cli(t, "mock", "requests")
		require.Equal(t, 0, status)
		var log struct {
			Requests []struct {
				Operation string            `json:"operation"`
				Verified  bool              `json:"verified"`
				Fields    map[string]string `json:"fields"`
			} `json:"requests"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &log), out)
		require.NotEmpty(t, log.Requests)
		last := log.Requests[len(log.Requests)-1]
		assert.Equal(t, c.Operation, last.Operation, name)
		assert.True(t, last.Verified, name)
		assert.Equal(t, fmt.Sprintf("%s…(%d bytes)", c.ExpectedHash[:6], len(c.ExpectedHash)), last.Fields["hash"], "%s: the hash the mock received", name)
	}
}
