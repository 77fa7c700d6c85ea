package testvectors

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Caller runs op on request through one runtime (abi.Call, the CLI, the
// WASM module, ...) and returns the response envelope.
type Caller func(op string, request []byte) ([]byte, error)

// Run runs every vector through call with the runner rules of README.md,
// one subtest per vector named "<file> #<id> <comment>", and then checks
// that it ran each file's number_of_tests (unless -run selects subtests).
func Run(t *testing.T, call Caller) {
	files, names, err := Load()
	require.NoError(t, err)
	for _, name := range names {
		f := files[name]
		ran := 0
		for _, tc := range f.Tests {
			t.Run(fmt.Sprintf("%s #%d %s", name, tc.ID, tc.Comment), func(t *testing.T) {
				ran++
				op := f.Op
				if tc.Op != "" {
					op = tc.Op
				}
				RunOne(t, call, op, tc)
			})
		}
		if !selectsSubtests() {
			assert.Equal(t, f.NumberOfTests, ran, "%s: tests run", name)
		}
	}
}

// selectsSubtests reports whether -run names subtests, so that fewer
// vectors than a file holds are run on purpose.
func selectsSubtests() bool {
	f := flag.Lookup("test.run")
	return f != nil && strings.Contains(f.Value.String(), "/")
}

// Envelope is the decoded response of a call.
type Envelope struct {
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

// RunOne checks one vector.
func RunOne(t *testing.T, call Caller, op string, tc Test) {
	request, err := tc.Request()
	require.NoError(t, err)
	env := mustCall(t, call, op, request)
	if tc.Result == "invalid" {
		require.False(t, env.OK, "expected error %s, got value %s", tc.ErrorCode, env.Value)
		require.NotNil(t, env.Error)
		assert.Equal(t, tc.ErrorCode, env.Error.Code, "error code (message: %s)", env.Error.Message)
		if tc.ErrorField != "" {
			assert.Equal(t, tc.ErrorField, env.Error.Field, "error field")
		}
		return
	}
	require.True(t, env.OK, "unexpected error %+v", env.Error)
	var got, want map[string]any
	require.NoError(t, json.Unmarshal(env.Value, &got))
	require.NoError(t, json.Unmarshal(tc.Output, &want))
	if tc.Randomized {
		for key, w := range want {
			assert.Equal(t, w, got[key], "value.%s", key)
		}
		checkEncrypted(t, tc.Encrypted, env.Value)
	} else {
		assert.Equal(t, want, got)
	}
	if tc.Then != nil {
		var input map[string]any
		require.NoError(t, json.Unmarshal(tc.Then.Input, &input))
		input["fields"] = got["fields"]
		request, err := json.Marshal(input)
		require.NoError(t, err)
		env2 := mustCall(t, call, tc.Then.Op, request)
		require.True(t, env2.OK, "then %s: unexpected error %+v", tc.Then.Op, env2.Error)
		var got2, want2 any
		require.NoError(t, json.Unmarshal(env2.Value, &got2))
		require.NoError(t, json.Unmarshal(tc.Then.Output, &want2))
		assert.Equal(t, want2, got2, "then %s", tc.Then.Op)
	}
}

// checkEncrypted applies a randomized test's "encrypted" rule: the
// ciphertext has as many blocks as expected, and the hash covers it, in
// its place, as sent.
func checkEncrypted(t *testing.T, e *Encrypted, value json.RawMessage) {
	t.Helper()
	require.NotNil(t, e, "a randomized test needs \"encrypted\"")
	var v struct {
		Fields    [][2]string `json:"fields"`
		HashInput *string     `json:"hash_input"`
	}
	require.NoError(t, json.Unmarshal(value, &v))
	text, found := "", false
	for _, f := range v.Fields {
		if f[0] == e.Field {
			text, found = f[1], true
		}
	}
	require.True(t, found, "value.fields has no %s", e.Field)
	assert.Len(t, text, e.Base64Length, "length of %s's base64 text", e.Field)
	if e.HashInput != nil {
		require.NotNil(t, v.HashInput, "value.hash_input")
		assert.Equal(t, e.HashInput[0]+text+e.HashInput[1], *v.HashInput, "hash_input around %s", e.Field)
	}
}

// Request returns the bytes a runner sends for the test.
func (tc Test) Request() ([]byte, error) {
	switch {
	case tc.InputRaw != nil:
		return []byte(*tc.InputRaw), nil
	case tc.InputB64 != "":
		return base64.StdEncoding.DecodeString(tc.InputB64)
	}
	return tc.Input, nil
}

func mustCall(t *testing.T, call Caller, op string, request []byte) Envelope {
	t.Helper()
	resp, err := call(op, request)
	require.NoError(t, err)
	var env Envelope
	require.NoError(t, json.Unmarshal(resp, &env), "response is not a JSON envelope: %q", resp)
	return env
}
