package abi_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/testvectors"
)

func TestVectors(t *testing.T) {
	testvectors.Run(t, func(op string, request []byte) ([]byte, error) {
		resp, status := abi.Call(op, request)
		var env testvectors.Envelope
		if err := json.Unmarshal(resp, &env); err != nil {
			return resp, err
		}
		// The status must agree with the envelope.
		switch {
		case env.OK:
			assert.Equal(t, abi.StatusOK, status)
		case env.Error.Code == "internal":
			assert.Equal(t, abi.StatusPanic, status)
		default:
			assert.Equal(t, abi.StatusError, status)
		}
		return resp, nil
	})
}

func TestEveryCodeIsDocumented(t *testing.T) {
	documented := map[string]bool{}
	for _, c := range abi.Codes() {
		assert.False(t, documented[c.Code], "code %s listed twice", c.Code)
		documented[c.Code] = true
		assert.NotEmpty(t, c.Description)
	}
	files, _, err := testvectors.Load()
	require.NoError(t, err)
	for name, f := range files {
		for _, tc := range f.Tests {
			if tc.ErrorCode != "" {
				assert.True(t, documented[tc.ErrorCode], "%s #%d uses undocumented code %s", name, tc.ID, tc.ErrorCode)
			}
		}
	}
}

func TestPanicIsRecovered(t *testing.T) {
	resp, status := abi.Call("test.panic", nil)
	assert.Equal(t, abi.StatusPanic, status)
	assert.JSONEq(t, `{"ok":false,"error":{"code":"internal","message":"paysign: internal error (recovered panic in \"test.panic\")"}}`, string(resp))
	// The next call still works.
	_, status = abi.Call("paysign.version", []byte(`{}`))
	assert.Equal(t, abi.StatusOK, status)
}

func TestRequestTooLarge(t *testing.T) {
	big := make([]byte, abi.MaxRequestSize+1)
	resp, status := abi.Call("payway.sign", big)
	assert.Equal(t, abi.StatusError, status)
	assert.Contains(t, string(resp), `"code":"request_too_large"`)
}

func TestUnknownOpNameIsSanitised(t *testing.T) {
	resp, _ := abi.Call("x\x00\n"+string(make([]byte, 200)), nil)
	var env testvectors.Envelope
	require.NoError(t, json.Unmarshal(resp, &env))
	assert.Equal(t, "unknown_op", env.Error.Code)
	assert.Less(t, len(env.Error.Message), 120)
}
