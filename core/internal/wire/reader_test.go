package wire_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// errMember is what the test's member function returns for a member named
// "bad": a semantic error, which a syntax error anywhere in the request, and
// a name given twice in the same object, must win over.
var errMember = errors.New("bad member")

// readAll reads data with ReadObject the way the abi ops do: "s" as a
// string, "o" as a nested object read member by member, "v" as a value,
// "bad" refused, anything else left unread. It returns what it saw.
func readAll(data string) ([]string, error) {
	var seen []string
	var member func(r *wire.Reader, name []byte) error
	member = func(r *wire.Reader, name []byte) error {
		switch string(name) {
		case "s":
			s, ok, err := r.String()
			seen = append(seen, "s="+s+map[bool]string{true: "", false: "(not a string)"}[ok])
			return err
		case "o":
			seen = append(seen, "o{")
			err := r.Object("o", func(name []byte) error { return member(r, name) })
			seen = append(seen, "}")
			return err
		case "v":
			v, err := r.Value()
			seen = append(seen, "v="+string(reencode(v)))
			return err
		case "bad":
			return errMember
		}
		seen = append(seen, "skip "+string(name))
		return nil
	}
	err := wire.ReadObject([]byte(data), "", member)
	return seen, err
}

func TestReadObjectErrorsInParseObjectsOrder(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		seen       []string
		field      string // of a *core.FieldError; "-" for a plain syntax error
		message    string
	}{
		{"empty input is the empty object", " \n", nil, "", ""},
		{"null is the empty object", "null", nil, "", ""},
		{"[] is the empty object", " [] ", nil, "", ""},
		{"a number is not an object", "5", nil, "", "expected a JSON object"},
		{"a list is not an object", `["a"]`, nil, "", "expected a JSON object"},
		{"trailing data wins over not-an-object", "5 x", nil, "-", "trailing data"},
		{"members in order, unread ones skipped", `{"a":{"deep":[1,{"x":"y"}]},"s":"t\u00e9","v":[1.50,{"b":null}]}`,
			[]string{"skip a", "s=té", `v=[1.50,{"b":null}]`}, "", ""},
		{"escaped names are decoded", `{"\u0073":"x"}`, []string{"s=x"}, "", ""},
		{"null reads as the empty string, a number as no string", `{"s":null,"s2":1}`, []string{"s=", "skip s2"}, "", ""},
		{"a member's error is kept", `{"bad":1,"s":"x"}`, []string{"s=x"}, "member", "bad member"},
		{"a syntax error after it wins", `{"bad":1,"s":"x",`, []string{"s=x"}, "-", "expected a member name"},
		{"a truncated value after it wins", `{"bad":1,"v":[1,`, []string{"v=null"}, "-", "truncated"},
		{"trailing data after it wins", `{"bad":1} {}`, nil, "-", "trailing data"},
		{"invalid UTF-8 anywhere wins", "{\"bad\":1,\"s\":\"\xff\"}", nil, "-", "not valid UTF-8"},
		{"a name given twice wins over a member's error", `{"bad":1,"s":"x","s":"y"}`, []string{"s=x", "s=y"}, "s", "given twice"},
		{"the first repeated name is the one reported", `{"a":1,"s":"x","s":"y","a":2}`, []string{"skip a", "s=x", "s=y", "skip a"}, "a", "given twice"},
		{"nested: a name twice inside o", `{"o":{"s":"x","s":"y"}}`, []string{"o{", "s=x", "s=y", "}"}, "o.s", "given twice"},
		{"nested: o's error is o's member error", `{"o":{"bad":1},"s":"x"}`, []string{"o{", "}", "s=x"}, "member", "bad member"},
		{"nested: a syntax error inside o ends everything", `{"o":{"s":"x" "t"}}`, []string{"o{", "s=x", "}"}, "-", "expected ','"},
		{"nested: o not an object", `{"o":7}`, []string{"o{", "}"}, "o", "expected a JSON object"},
		{"nested: o as null", `{"o":null}`, []string{"o{", "}"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen, err := readAll(tc.data)
			assert.Equal(t, tc.seen, seen)
			if tc.message == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.message)
			if tc.field == "member" {
				assert.ErrorIs(t, err, errMember)
				return
			}
			require.ErrorIs(t, err, core.ErrMalformedRequest)
			var fe *core.FieldError
			if tc.field == "-" {
				assert.False(t, errors.As(err, &fe), "a syntax error names no field")
			} else {
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, tc.field, fe.Field)
			}
		})
	}
}

// ReadObject refuses what Parse refuses, with the same error, wherever the
// error is: here every request of wire_test.go's malformed set, read with a
// member function that reads everything as values.
func TestReadObjectSyntaxErrorsAreParses(t *testing.T) {
	deep := strings.Repeat(`{"v":`, wire.MaxDepth) + "1" + strings.Repeat("}", wire.MaxDepth)
	for _, data := range []string{
		`{"a":1,}`, `{"a" 1}`, `{"a":01}`, `{"a":1.}`, `{"a":"\x"}`, `{"a":"\ud800"}`, `{"a":tru}`,
		`{"a":"x` + "\n" + `"}`, `{"a":[1 2]}`, `{1:2}`, deep, `{"v":` + deep + `}`,
	} {
		_, want := wire.Parse([]byte(data))
		err := wire.ReadObject([]byte(data), "", func(r *wire.Reader, name []byte) error {
			_, err := r.Value()
			return err
		})
		if want == nil {
			assert.NoError(t, err, data)
			continue
		}
		assert.EqualError(t, err, want.Error(), data)
	}
}
