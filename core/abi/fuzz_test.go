package abi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/testvectors"
)

// FuzzCall: whatever the op and bytes, Call returns one valid envelope with
// a documented code, and a signed request's hash input is its hash fields'
// values joined, each sent byte for byte.
func FuzzCall(f *testing.F) {
	files, _, err := testvectors.Load()
	require.NoError(f, err)
	for _, file := range files {
		for _, tc := range file.Tests {
			req, _ := tc.Request()
			op := file.Op
			if tc.Op != "" {
				op = tc.Op
			}
			f.Add(op, req)
		}
	}
	codes := map[string]bool{}
	for _, c := range abi.Codes() {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, op string, req []byte) {
		if op == "test.panic" {
			return
		}
		resp, status := abi.Call(op, req)
		var env struct {
			OK    bool `json:"ok"`
			Value *struct {
				Fields     [][2]string `json:"fields"`
				HashFields []string    `json:"hash_fields"`
				HashInput  string      `json:"hash_input"`
			} `json:"value"`
			Error *struct{ Code, Message string } `json:"error"`
		}
		require.NoError(t, json.Unmarshal(resp, &env), "%q", resp)
		if !env.OK {
			require.NotNil(t, env.Error)
			assert.True(t, codes[env.Error.Code], "undocumented code %q", env.Error.Code)
			assert.NotEqual(t, abi.StatusOK, status)
			assert.NotEqual(t, abi.StatusPanic, status, "panic: %s", env.Error.Message)
			return
		}
		assert.Equal(t, abi.StatusOK, status)
		if op == "payway.sign" {
			sent := map[string]string{}
			for _, f := range env.Value.Fields {
				sent[f[0]] = f[1]
			}
			var joined strings.Builder
			for _, name := range env.Value.HashFields {
				joined.WriteString(sent[name])
			}
			assert.Equal(t, env.Value.HashInput, joined.String())
		}
	})
}
