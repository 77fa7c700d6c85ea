package php_test

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/wire"
)

// phpCase is one input and what PHP 8.2 answered (testdata/php82.json,
// written by testdata/php_cases.php with the real interpreter).
type phpCase struct {
	In  string          `json:"in"`
	Out json.RawMessage `json:"out"`
}

func loadCases(t *testing.T) map[string][]phpCase {
	data, err := os.ReadFile("testdata/php82.json")
	require.NoError(t, err)
	var cases map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &cases))
	out := map[string][]phpCase{}
	for name, raw := range cases {
		if name == "php_version" {
			continue
		}
		var list []phpCase
		require.NoError(t, json.Unmarshal(raw, &list), name)
		out[name] = list
	}
	return out
}

func parse(t *testing.T, in string) any {
	v, err := wire.Parse([]byte(in))
	require.NoError(t, err, in)
	return v
}

func text(t *testing.T, raw json.RawMessage) string {
	var s string
	require.NoError(t, json.Unmarshal(raw, &s))
	return s
}

func TestEncodeAsPHP(t *testing.T) {
	for _, c := range loadCases(t)["encode"] {
		assert.Equal(t, text(t, c.Out), string(php.Encode(parse(t, c.In))), c.In)
	}
}

func TestStringAsPHP(t *testing.T) {
	for _, c := range loadCases(t)["string"] {
		assert.Equal(t, text(t, c.Out), php.String(parse(t, c.In)), c.In)
	}
}

func TestEncodeDecodedAsPHP(t *testing.T) {
	for _, c := range loadCases(t)["encode_decoded"] {
		got, ok := php.EncodeDecoded(parse(t, c.In))
		if string(c.Out) == "null" {
			assert.False(t, ok, c.In)
			continue
		}
		assert.True(t, ok, c.In)
		assert.Equal(t, text(t, c.Out), got, c.In)
	}
}

func TestKsortAsPHP(t *testing.T) {
	for _, c := range loadCases(t)["ksort"] {
		var want []string
		require.NoError(t, json.Unmarshal(c.Out, &want))
		entries := php.Decode(parse(t, c.In).(wire.Object))
		var got []string
		for _, e := range php.Ksort(entries) {
			got = append(got, e.Key.Name)
		}
		assert.Equal(t, want, got, c.In)
	}
}

func TestFloatJSONAsPHP(t *testing.T) {
	for _, c := range loadCases(t)["float_json"] {
		assert.Equal(t, text(t, c.Out), string(php.FloatJSON(c.In)), c.In)
	}
}

func TestURLEncodeAsPHP(t *testing.T) {
	for _, c := range loadCases(t)["urlencode"] {
		in, err := base64.StdEncoding.DecodeString(c.In)
		require.NoError(t, err)
		assert.Equal(t, text(t, c.Out), php.URLEncode(string(in)), "%q", in)
	}
}
