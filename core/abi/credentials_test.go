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

// call runs op and returns the value, or fails the test.
func call(t testing.TB, op string, request any) map[string]any {
	t.Helper()
	value, code := tryCall(t, op, request)
	require.Empty(t, code, "%s failed", op)
	return value
}

// tryCall runs op and returns the value or the error code.
func tryCall(t testing.TB, op string, request any) (map[string]any, string) {
	t.Helper()
	req, err := json.Marshal(request)
	require.NoError(t, err)
	resp, _ := abi.Call(op, req)
	var env struct {
		OK    bool           `json:"ok"`
		Value map[string]any `json:"value"`
		Error struct{ Code string }
	}
	require.NoError(t, json.Unmarshal(resp, &env))
	if !env.OK {
		return nil, env.Error.Code
	}
	return env.Value, ""
}

func open(t testing.TB, creds map[string]any) float64 {
	t.Helper()
	return call(t, "paysign.open_credentials", map[string]any{"credentials": creds})["handle"].(float64)
}

// A handle stands for the credentials it was opened with, in every op of
// the gateway, until it is closed.
func TestCredentialsHandle(t *testing.T) {
	pub, priv := testvectors.Key("rsa1024_TEST_ONLY_public.pem"), testvectors.Key("rsa1024_TEST_ONLY_private.pem")
	inline := map[string]any{"merchant_id": "ec000002", "api_key": "TEST_ONLY_handle_key", "rsa_public_key": pub}
	h := open(t, map[string]any{"merchant_id": "ec000002", "api_key": "TEST_ONLY_handle_key", "rsa_public_key": pub, "rsa_private_key": priv})
	byHandle := map[string]any{"handle": h}

	check := func(creds map[string]any) map[string]any {
		return call(t, "payway.sign", map[string]any{"operation": "check_transaction", "credentials": creds,
			"params": map[string]any{"tran_id": "T1"}, "request_time": "20261121093403"})
	}
	assert.Equal(t, check(inline), check(byHandle))

	refund := call(t, "payway.sign", map[string]any{"operation": "refund", "credentials": byHandle,
		"params": map[string]any{"tran_id": "T1", "refund_amount": "1.50"}})
	verified := call(t, "payway.verify", map[string]any{"operation": "refund", "credentials": byHandle, "fields": refund["fields"]})
	assert.Equal(t, refund["merchant_auth_json"], verified["merchant_auth_json"])

	call(t, "paysign.close_credentials", map[string]any{"handle": h})
	_, code := tryCall(t, "payway.sign", map[string]any{"operation": "check_transaction", "credentials": byHandle, "params": map[string]any{"tran_id": "T1"}})
	assert.Equal(t, "unknown_handle", code, "a closed handle")
	_, code = tryCall(t, "paysign.close_credentials", map[string]any{"handle": h})
	assert.Equal(t, "unknown_handle", code, "closed twice")
}

// The open handles are bounded; closing makes room again.
func TestCredentialsHandleLimit(t *testing.T) {
	var opened []float64
	for {
		value, code := tryCall(t, "paysign.open_credentials", map[string]any{"credentials": map[string]any{"api_key": "k"}})
		if code != "" {
			assert.Equal(t, "too_many_handles", code)
			break
		}
		opened = append(opened, value["handle"].(float64))
		require.LessOrEqual(t, len(opened), 4096)
	}
	assert.Len(t, opened, 4096)
	for _, h := range opened {
		call(t, "paysign.close_credentials", map[string]any{"handle": h})
	}
	h := open(t, map[string]any{"api_key": "k"})
	call(t, "paysign.close_credentials", map[string]any{"handle": h})
}

// Handles are opened, used and closed from many goroutines at once (run
// with -race).
func TestCredentialsHandleConcurrency(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				key := fmt.Sprintf("TEST_ONLY_key_%d_%d", g, i)
				h := open(t, map[string]any{"merchant_id": "ec000002", "api_key": key})
				v := call(t, "payway.hash", map[string]any{"operation": "exchange_rate", "credentials": map[string]any{"handle": h},
					"fields": map[string]any{"req_time": "20261121093403", "merchant_id": "ec000002"}})
				w := call(t, "payway.hash", map[string]any{"operation": "exchange_rate", "credentials": map[string]any{"api_key": key},
					"fields": map[string]any{"req_time": "20261121093403", "merchant_id": "ec000002"}})
				assert.Equal(t, w["hash"], v["hash"])
				call(t, "paysign.close_credentials", map[string]any{"handle": h})
			}
		}()
	}
	wg.Wait()
}
