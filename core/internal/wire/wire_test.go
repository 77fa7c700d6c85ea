package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

func TestParseKeepsOrderAndLexemes(t *testing.T) {
	v, err := wire.Parse([]byte(`{"z":1.50,"a":[true,null,{"y":"x","b":1e2}]}`))
	require.NoError(t, err)
	want := wire.Object{
		{Name: "z", Value: json.Number("1.50")},
		{Name: "a", Value: []any{true, nil, wire.Object{{Name: "y", Value: "x"}, {Name: "b", Value: json.Number("1e2")}}}},
	}
	assert.Equal(t, want, v)
	for _, bad := range []string{`{"a":`, `{"a":1} x`, "\"\xff\"", `{1:2}`, `[1,]`, `01`, `{"a" 1}`} {
		_, err := wire.Parse([]byte(bad))
		assert.ErrorIs(t, err, core.ErrMalformedRequest, bad)
	}
}

// PHP's json_decode accepts 512 levels of arrays and objects and no more;
// scalars do not count.
func TestParseDepthIsPHPs(t *testing.T) {
	nested := func(n int) []byte {
		return []byte(strings.Repeat("[", n) + "1" + strings.Repeat("]", n))
	}
	_, err := wire.Parse(nested(wire.MaxDepth))
	require.NoError(t, err)
	_, err = wire.Parse(nested(wire.MaxDepth + 1))
	require.ErrorIs(t, err, core.ErrMalformedRequest)
}

func TestUnpairedSurrogatesAreRejected(t *testing.T) {
	for _, in := range []string{`{"A":"\ud800"}`, `{"A":"\udc00x"}`, `{"A":"\ud800\u0041"}`, `{"A":"x\uD83D"}`} {
		_, err := wire.Parse([]byte(in))
		assert.ErrorIs(t, err, core.ErrMalformedRequest, in)
	}
	for _, in := range []string{`{"A":"\ud83d\ude00"}`, `{"A":"\\ud800"}`, `{"A":"\u00e9\\"}`} {
		_, err := wire.Parse([]byte(in))
		require.NoError(t, err, in)
	}
}

func TestAsObjectRefusesRepeatedMembers(t *testing.T) {
	for _, in := range []string{`{"a":1,"a":2}`, `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"r":18,"s":19,"t":20,"u":21,"v":22,"w":23,"x":24,"y":25,"z":26,"A":27,"B":28,"C":29,"D":30,"E":31,"F":32,"G":33,"a":34}`} {
		_, err := wire.ParseObject([]byte(in), "params")
		var fe *core.FieldError
		require.ErrorAs(t, err, &fe, in)
		assert.Equal(t, "params.a", fe.Field)
	}
}

func TestWriter(t *testing.T) {
	w := wire.NewWriter(0)
	w.BeginObject().StringMember("a", "x\"\n\x01é/").Key("b").BeginArray().Int(1).Bool(false).Null().Strings([]string{"p", "q"}).EndArray().
		OptionalString("c", "").Key("d").BeginObject().EndObject().Key("e").Raw([]byte(`{"r":1}`)).EndObject()
	assert.Equal(t, `{"a":"x\"\n\u0001é/","b":[1,false,null,["p","q"]],"d":{},"e":{"r":1}}`, string(w.Bytes()))
	assert.True(t, json.Valid(w.Bytes()))
}

// FuzzParse compares the hand-written parser with encoding/json: it
// accepts exactly the valid JSON (within its depth bound and text rules),
// and what it parses means the same as what encoding/json parses.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.50,-0.1e+3],"b":{"c":null,"d":true}}`, `"x\u00e9\"\\"`, `[]`, `{}`, `-0`, `01`, `[1,]`, `{"a" 1}`, `"\ud83d\ude00"`, `1e`, `nul`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := wire.Parse(data)
		want, wantErr := decodeNumbers(data)
		if err != nil {
			require.ErrorIs(t, err, core.ErrMalformedRequest)
			if wantErr == nil && !strings.Contains(err.Error(), "nested too deeply") && !strings.Contains(err.Error(), "surrogate") && !strings.Contains(err.Error(), "UTF-8") {
				t.Fatalf("rejected valid JSON %q: %v", data, err)
			}
			return
		}
		require.NoError(t, wantErr, "accepted invalid JSON %q", data)
		again, err := decodeNumbers(reencode(got))
		require.NoError(t, err)
		assert.Equal(t, want, again)
	})
}

// decodeNumbers is json.Unmarshal into any, keeping number lexemes.
func decodeNumbers(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if !json.Valid(data) {
		return nil, errors.New("invalid JSON")
	}
	return v, nil
}

// reencode writes a parsed value back as JSON text with the Writer.
func reencode(v any) []byte {
	w := wire.NewWriter(0)
	var write func(v any)
	write = func(v any) {
		switch t := v.(type) {
		case wire.Object:
			w.BeginObject()
			for _, m := range t {
				w.Key(m.Name)
				write(m.Value)
			}
			w.EndObject()
		case []any:
			w.BeginArray()
			for _, e := range t {
				write(e)
			}
			w.EndArray()
		case string:
			w.String(t)
		case json.Number:
			w.Raw([]byte(t))
		case bool:
			w.Bool(t)
		case nil:
			w.Null()
		}
	}
	write(v)
	return w.Bytes()
}

// Plain agrees with a byte-by-byte scan on every short string and on
// strings with the stop byte at every position, and with two stop bytes at
// every pair of positions (a stop byte can flag the bytes above it falsely
// in the eight-byte test; the lowest one must win, in the loop and in the
// overlapping last word).
func TestPlain(t *testing.T) {
	slow := func(s string, php bool) int {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < 0x20 || c == '"' || c == '\\' || php && (c == '/' || c >= 0x80) {
				return i
			}
		}
		return len(s)
	}
	for _, stop := range []byte{0, 0x1f, '"', '\\', '/', 0x7f, 0x80, 0xc3, 0xff, 0x20, 'a', '!', '#', '[', ']', '.'} {
		for n := 0; n < 40; n++ {
			for at := 0; at <= n; at++ {
				b := []byte(strings.Repeat("abcdefgh", 5)[:n])
				if at < n {
					b[at] = stop
				}
				for _, php := range []bool{false, true} {
					require.Equal(t, slow(string(b), php), wire.Plain(string(b), php), "%q php=%v", b, php)
					require.Equal(t, slow(string(b), php), wire.Plain(b, php))
				}
			}
		}
	}
	for _, stops := range [][2]byte{{0, '"'}, {'"', 0}, {'\\', 0x1f}, {0x80, '"'}, {'/', 0}, {0x01, 0x01}, {0x1f, 'a'}} {
		for n := 0; n < 26; n++ {
			for at := 0; at < n; at++ {
				for at2 := at + 1; at2 < n; at2++ {
					b := []byte(strings.Repeat("ABCDEFGH", 4)[:n])
					b[at], b[at2] = stops[0], stops[1]
					for _, php := range []bool{false, true} {
						require.Equal(t, slow(string(b), php), wire.Plain(string(b), php), "%q php=%v", b, php)
						require.Equal(t, slow(string(b), php), wire.Plain(b, php), "%q php=%v", b, php)
					}
				}
			}
		}
	}
}
