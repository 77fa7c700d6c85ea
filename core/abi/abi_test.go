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

// payway.sign reads its request member by member (wire.ReadObject) while
// paysign.open_credentials builds ordered values first: for the members
// both take, both must give the same error, whatever else is wrong in the
// request.
func TestPayWaySignErrsAsTheValueDecoders(t *testing.T) {
	errorOf := func(op, request string) (code, field string) {
		resp, _ := abi.Call(op, []byte(request))
		var env testvectors.Envelope
		require.NoError(t, json.Unmarshal(resp, &env), string(resp))
		require.False(t, env.OK, "%s %s answered %s", op, request, resp)
		return env.Error.Code, env.Error.Field
	}
	for _, request := range []string{
		`{"credentials":{"handle":1,"api_key":5}}`,
		`{"credentials":{"api_key":5,"api_key":"x"}}`,
		`{"credentials":{"api_key":5,"foo":"x"}}`,
		`{"credentials":{"foo":5,"api_key":5}}`,
		`{"credentials":7}`,
		`{"credentials":[1]}`,
		`{"credentials":{"handle":"x"}}`,
		`{"credentials":{"handle":999999999}}`,
		`{"credentials":{"api_key":5},"credentials":{}}`,
		`{"credentials":{"api_key":5},"x":`,
		`{"credentials":{"api_key":5}} {}`,
		`{"credentials":{"api_key":"\ud800"}}`,
		`{"credentials":{"api_key":5}}` + "\xff",
		`"credentials"`,
	} {
		wantCode, wantField := errorOf("paysign.open_credentials", request)
		code, field := errorOf("payway.sign", request)
		assert.Equal(t, wantCode+" "+wantField, code+" "+field, request)
	}
}

// payway.send_step and payway.decode_response name the member that is not
// the number or boolean it must be by its whole path, as every op names a
// malformed credentials handle.
func TestErrorsNameTheBadMember(t *testing.T) {
	const answered = `{"sent":"answered","connection_reused":true,"http_status":200,"body_base64":""}`
	for _, tc := range []struct{ op, request, field string }{
		{"payway.send_step", `{"operation":"check_transaction","attempt":"1","outcome":` + answered + `}`, "attempt"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"policy":{"timeout_ms":-5},"outcome":` + answered + `}`, "policy.timeout_ms"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"policy":{"query_retries":11},"outcome":` + answered + `}`, "policy.query_retries"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"policy":{"retry_backoff_ms":1.5},"outcome":` + answered + `}`, "policy.retry_backoff_ms"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"policy":{"attempts":12},"outcome":` + answered + `}`, "policy.attempts"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"policy":{"max_answer_bytes":"x"},"outcome":` + answered + `}`, "policy.max_answer_bytes"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"outcome":{"sent":"answered","connection_reused":1,"http_status":200}}`, "outcome.connection_reused"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"outcome":{"sent":"answered","http_status":2000}}`, "outcome.http_status"},
		{"payway.send_step", `{"operation":"check_transaction","attempt":1,"outcome":{"sent":"answered","http_status":200,"too_large":"no"}}`, "outcome.too_large"},
		{"payway.decode_response", `{"operation":"check_transaction","http_status":"200","body":"{}"}`, "http_status"},
		{"payway.sign", `{"operation":"check_transaction","credentials":{"handle":"x"},"params":{"tran_id":"T1"}}`, "credentials.handle"},
		{"payway.sign", `{"operation":"check_transaction","credentials":{"handle":0},"params":{"tran_id":"T1"}}`, "credentials.handle"},
		{"paysign.close_credentials", `{"handle":-1}`, "handle"},
	} {
		resp, status := abi.Call(tc.op, []byte(tc.request))
		var env testvectors.Envelope
		require.NoError(t, json.Unmarshal(resp, &env), string(resp))
		assert.Equal(t, abi.StatusError, status, tc.request)
		assert.Equal(t, "malformed_request", env.Error.Code, tc.request)
		assert.Equal(t, tc.field, env.Error.Field, tc.request)
		assert.Contains(t, env.Error.Message, tc.field, tc.request)
	}
}
