package abi_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/testvectors"
)

// pemLine matches one base64 line of a PEM body: key material.
var pemLine = regexp.MustCompile(`[A-Za-z0-9+/]{40,}`)

// secretsOf returns the API key and private-key lines a request carries.
func secretsOf(request []byte) (apiKeys, keyMaterial []string) {
	var r struct {
		Credentials map[string]string `json:"credentials"`
	}
	if json.Unmarshal(request, &r) != nil {
		return nil, nil
	}
	for name, value := range r.Credentials {
		switch {
		case name == "api_key" && len(value) >= 8:
			apiKeys = append(apiKeys, value)
		case strings.Contains(name, "private"):
			keyMaterial = append(keyMaterial, pemLine.FindAllString(strings.ReplaceAll(value, `\n`, "\n"), -1)...)
		}
	}
	return apiKeys, keyMaterial
}

// TestNoSecretInAnyResponse runs every vector and checks that no response
// echoes the request's private key, and that only clearsettle.refund's body
// (which carries the API key by design) contains the API key.
func TestNoSecretInAnyResponse(t *testing.T) {
	files, names, err := testvectors.Load()
	require.NoError(t, err)
	checked := 0
	for _, name := range names {
		f := files[name]
		for _, tc := range f.Tests {
			op := f.Op
			if tc.Op != "" {
				op = tc.Op
			}
			request, err := tc.Request()
			require.NoError(t, err)
			apiKeys, keyMaterial := secretsOf(request)
			if len(apiKeys)+len(keyMaterial) == 0 {
				continue
			}
			response, _ := abi.Call(op, request)
			text := string(response)
			if op == "clearsettle.refund" && strings.Contains(text, `"ok":true`) {
				var env struct {
					Value map[string]any `json:"value"`
				}
				require.NoError(t, json.Unmarshal(response, &env))
				delete(env.Value, "body")
				redacted, _ := json.Marshal(env.Value)
				text = string(redacted)
			}
			for _, secret := range append(apiKeys, keyMaterial...) {
				assert.NotContains(t, text, secret, "%s #%d %s", name, tc.ID, tc.Comment)
			}
			checked++
		}
	}
	assert.Greater(t, checked, 200)
}
