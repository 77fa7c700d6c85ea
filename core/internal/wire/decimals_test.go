package wire

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDecimalsAsStrings(t *testing.T) {
	amounts := map[string]bool{"grand_total": true, "data.rows[].amount": true}
	decimal := func(path []byte) bool { return amounts[string(path)] }
	for _, tc := range []struct{ in, want string }{
		{`{"grand_total":10,"count":12}`, `{"grand_total":"10","count":12}`},
		{`{"grand_total":1.50,"x":1.5,"big":1234567890123456,"ok":123456789012345}`, `{"grand_total":"1.50","x":"1.5","big":"1234567890123456","ok":123456789012345}`},
		{`{"data":{"rows":[{"amount":3,"n":4},{"amount":-0.5,"n":5}]},"amount":7}`, `{"data":{"rows":[{"amount":"3","n":4},{"amount":"-0.5","n":5}]},"amount":7}`},
		{`{"s":"1.5 \"2\" 3","e":1e2,"E":-2E-3}`, `{"s":"1.5 \"2\" 3","e":"1e2","E":"-2E-3"}`},
		{` [ 1 , 2.0 , {"grand_total" : 4} ] `, ` [ 1 , "2.0" , {"grand_total" : 4} ] `},
		{`{"gr\u0061nd_total":5}`, `{"gr\u0061nd_total":"5"}`},
	} {
		got := string(DecimalsAsStrings([]byte(tc.in), decimal))
		assert.Equal(t, tc.want, got, tc.in)
		assert.True(t, json.Valid([]byte(got)))
	}
	assert.Equal(t, `{"a":"0.1","b":2}`, string(DecimalsAsStrings([]byte(`{"a":0.1,"b":2}`), nil)))
}

// FuzzDecimalsAsStrings compares DecimalsAsStrings with the implementation
// it replaced (below: paths joined as strings, every key parsed), which the
// vectors of every runtime were written against.
func FuzzDecimalsAsStrings(f *testing.F) {
	for _, seed := range []string{
		`{"grand_total":1.50,"data":{"rows":[{"amount":3,"n":4},{"amount":-0.5}]},"amount":7}`,
		` [ 1 , 2.0 , {"grand_total" : 4, "x": [[1.5], {"amount": 2}]} ] `,
		`{"gr\u0061nd_total":5,"s":"1.5 \"2\" 3","e":1e2}`,
		`{"data":{"payment_amount":10,"refund_amount":0,"rows":[]},"status":{"code":"00"}}`,
	} {
		f.Add(seed)
	}
	amounts := map[string]bool{"grand_total": true, "amount": true, "data.rows[].amount": true, "[].x[].amount": true, "data.payment_amount": true}
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := Parse([]byte(text)); err != nil {
			return // DecimalsAsStrings takes valid JSON only
		}
		got := DecimalsAsStrings([]byte(text), func(path []byte) bool { return amounts[string(path)] })
		want := decimalsAsStringsByTree([]byte(text), func(path string) bool { return amounts[path] })
		if string(got) != string(want) {
			t.Fatalf("%s\n got  %s\n want %s", text, got, want)
		}
	})
}

func decimalsAsStringsByTree(data []byte, decimal func(path string) bool) []byte {
	out := make([]byte, 0, len(data)+16)
	// frames: one per open object or array; key is the current member's
	// path (objects) or the element path (arrays).
	type frame struct {
		object bool
		base   string
		key    string
	}
	var stack []frame
	path := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1].key
	}
	expectKey := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '"':
			j := i + 1
			for ; data[j] != '"'; j++ {
				if data[j] == '\\' {
					j++
				}
			}
			s := data[i : j+1]
			out = append(out, s...)
			if expectKey {
				top := &stack[len(stack)-1]
				name, _ := Parse(s) // a valid JSON string
				top.key = joinPathForTest(top.base, name.(string))
				expectKey = false
			}
			i = j
		case c == '{':
			stack = append(stack, frame{object: true, base: path()})
			expectKey = true
			out = append(out, c)
		case c == '[':
			stack = append(stack, frame{base: path(), key: path() + "[]"})
			out = append(out, c)
		case c == '}' || c == ']':
			stack = stack[:len(stack)-1]
			out = append(out, c)
		case c == ',':
			expectKey = len(stack) > 0 && stack[len(stack)-1].object
			out = append(out, c)
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(data) && isNumberByte(data[j]) {
				j++
			}
			lexeme := data[i:j]
			if exactInteger(lexeme) && (decimal == nil || !decimal(path())) {
				out = append(out, lexeme...)
			} else {
				out = append(append(append(out, '"'), lexeme...), '"')
			}
			i = j - 1
		default:
			out = append(out, c)
		}
	}
	return out
}

func joinPathForTest(base, name string) string {
	if base == "" {
		return name
	}
	return base + "." + name
}
