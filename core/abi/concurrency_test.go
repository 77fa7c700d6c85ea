package abi_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/testvectors"
)

// TestConcurrentCalls: goroutines share the key caches and the catalogue;
// under -race (make test) this also checks for data races.
func TestConcurrentCalls(t *testing.T) {
	files, _, err := testvectors.Load()
	require.NoError(t, err)
	var exact, randomized []testvectors.Test
	for _, tc := range files["payway_sign.json"].Tests {
		switch {
		case tc.Result != "valid":
		case tc.Randomized && tc.Then != nil:
			randomized = append(randomized, tc)
		case !tc.Randomized:
			exact = append(exact, tc)
		}
	}
	require.NotEmpty(t, exact)
	require.NotEmpty(t, randomized)
	call := func(op string, req []byte) ([]byte, error) { resp, _ := abi.Call(op, req); return resp, nil }
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				tc := exact[(g*31+i)%len(exact)]
				if i%3 == 0 {
					tc = randomized[(g+i)%len(randomized)]
				}
				req, _ := tc.Request()
				resp, _ := call("payway.sign", req)
				var env testvectors.Envelope
				if err := json.Unmarshal(resp, &env); err != nil || !env.OK {
					errs <- fmt.Errorf("%s: %s", tc.Comment, resp)
					return
				}
				var got, want map[string]any
				_ = json.Unmarshal(env.Value, &got)
				_ = json.Unmarshal(tc.Output, &want)
				for k, w := range want {
					if fmt.Sprint(w) != fmt.Sprint(got[k]) {
						errs <- fmt.Errorf("%s: %s differs", tc.Comment, k)
						return
					}
				}
				if tc.Then != nil {
					var in map[string]any
					_ = json.Unmarshal(tc.Then.Input, &in)
					in["fields"] = got["fields"]
					b, _ := json.Marshal(in)
					resp2, _ := call(tc.Then.Op, b)
					var env2 testvectors.Envelope
					if json.Unmarshal(resp2, &env2) != nil || !env2.OK {
						errs <- fmt.Errorf("%s: verify failed: %s", tc.Comment, resp2)
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}
