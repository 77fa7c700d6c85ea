package abi_test

import (
	"encoding/hex"
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

// FuzzNoCredentialInMessages: whatever is wrong with a credential — a key
// damaged anywhere (a byte changed, dropped or added, armour broken,
// newlines escaped twice, cut short) or any API key — no error message of
// any op that takes it contains 16 consecutive characters of it (of a key,
// outside its BEGIN and END labels).
func FuzzNoCredentialInMessages(f *testing.F) {
	keys := []string{
		testvectors.Key("rsa1024_TEST_ONLY_public.pem"), testvectors.Key("rsa1024_TEST_ONLY_private.pem"),
		testvectors.Key("rsa2048_TEST_ONLY_public_pkcs1.pem"), testvectors.Key("rsa2048_TEST_ONLY_private_pkcs1.pem"),
	}
	for how := uint8(0); how < 8; how++ {
		f.Add(uint8(how%4), uint16(how)*37, byte('-'), how, []byte{0x5f, 0x2e, 0x19})
	}
	f.Add(uint8(0), uint16(4), byte('X'), uint8(0), []byte("key"))
	f.Fuzz(func(t *testing.T, which uint8, pos uint16, b byte, how uint8, apiKeyBytes []byte) {
		key := damage(keys[int(which)%len(keys)], int(pos), b, how)
		apiKey := "TEST_ONLY_" + hex.EncodeToString(apiKeyBytes)
		for _, r := range credentialRequests(key, apiKey) {
			resp, _ := abi.Call(r.op, r.request)
			var env struct {
				Error *struct{ Message string } `json:"error"`
			}
			require.NoError(t, json.Unmarshal(resp, &env))
			if env.Error == nil {
				continue
			}
			for _, secret := range []string{keyText(key), apiKey} {
				for i := 0; i+16 <= len(secret); i++ {
					if strings.Contains(env.Error.Message, secret[i:i+16]) {
						t.Fatalf("%s: the message quotes the credential (%q): %s", r.op, secret[i:i+16], env.Error.Message)
					}
				}
			}
		}
	})
}

// keyText is a key without its armour: the BEGIN and END labels name the
// kind of key and may be named in a message; nothing else may.
func keyText(key string) string {
	var body []string
	for _, line := range strings.Split(strings.ReplaceAll(key, `\n`, "\n"), "\n") {
		if !strings.Contains(line, "BEGIN") && !strings.Contains(line, "END") {
			body = append(body, line)
		}
	}
	return strings.Join(body, "\n")
}

// damage changes a key the ways keys get damaged in configuration.
func damage(key string, pos int, b byte, how uint8) string {
	pos %= len(key)
	switch how % 8 {
	case 0:
		return key[:pos] + string(b) + key[pos+1:]
	case 1:
		return key[:pos] + key[pos+1:]
	case 2:
		return key[:pos] + string(b) + key[pos:]
	case 3:
		return key[:pos]
	case 4: // the BEGIN line loses or gains a dash
		return strings.Replace(key, "-----BEGIN", "----BEGIN", 1)
	case 5:
		return strings.Replace(key, "KEY-----\n", "KEY----\n", 1)
	case 6: // the END label differs
		return strings.Replace(key, "-----END ", "-----END RSA ", 1)
	}
	return strings.ReplaceAll(key, "\n", `\\n`)
}

type opRequest struct {
	op      string
	request []byte
}

// credentialRequests are requests of every op that takes a key or an API
// key, carrying key and apiKey.
func credentialRequests(key, apiKey string) []opRequest {
	k, a := quoteJSON(key), quoteJSON(apiKey)
	return []opRequest{
		{"payway.sign", []byte(`{"operation":"refund","credentials":{"merchant_id":"ec000002","api_key":` + a + `,"rsa_public_key":` + k + `},"params":{"tran_id":"T1","refund_amount":"1.00"}}`)},
		{"payway.sign", []byte(`{"operation":"refund","credentials":{"merchant_id":"ec000002","api_key":` + a + `,"rsa_public_key":` + k + `},"params":{"tran_id":"T 1"}}`)},
		{"payway.verify", []byte(`{"operation":"refund","credentials":{"api_key":` + a + `,"rsa_private_key":` + k + `},"fields":{"request_time":"20261121093403","merchant_id":"m","merchant_auth":"AAAA","hash":"x"}}`)},
		{"payway.hash", []byte(`{"operation":"refund","credentials":{"api_key":` + a + `},"fields":{}}`)},
		{"payway.verify_callback", []byte(`{"credentials":{"api_key":` + a + `},"body":"{\"a\":1}","signature":"AAAA"}`)},
		{"bbmsl.sign", []byte(`{"operation":"refund","credentials":{"merchant_id":"3","private_key":` + k + `},"params":{"order_id":"1","amount":"1.00"}}`)},
		{"bbmsl.verify_webhook", []byte(`{"credentials":{"bbmsl_public_key":` + k + `},"body":"{\"signature\":\"AAAA\"}"}`)},
		{"clearsettle.refund", []byte(`{"credentials":{"api_key":` + a + `},"domain":"example-psp.com","params":{"transaction_id":"1","reference_no":"2","amount":"1.001","currency":"EUR"}}`)},
	}
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
