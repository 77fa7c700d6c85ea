package numtext_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paysign/paysign/core/internal/numtext"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
		err  error
	}{
		{"1.50", "1.50", nil},
		{json.Number("12.5"), "12.5", nil},
		{int(7), "7", nil},
		{int8(-8), "-8", nil},
		{int64(9007199254740993), "9007199254740993", nil}, // beyond float64's exact integers
		{uint64(18446744073709551615), "18446744073709551615", nil},
		{uint8(255), "255", nil},
		{1.5, "", numtext.ErrFloat},
		{float32(2), "", numtext.ErrFloat},
		{true, "", numtext.ErrType},
		{nil, "", numtext.ErrType},
		{[]byte("1"), "", numtext.ErrType},
	} {
		got, err := numtext.Of(tc.in)
		assert.ErrorIs(t, err, tc.err, "%#v", tc.in)
		assert.Equal(t, tc.want, got, "%#v", tc.in)
	}
}

func TestInteger(t *testing.T) {
	for in, want := range map[string]bool{"0": true, "7": true, "9223372036854775807": true,
		"9223372036854775808": false, "9999999999999999999": false, "10000000000000000000": false, "-1": false, "+1": false,
		"01": false, "00": false, "1.0": false, "1e3": false, "": false, " 1": false, "1 ": false, "1_000": false, "٣": false} {
		n, ok := numtext.Integer(in)
		assert.Equal(t, want, ok, in)
		if ok {
			assert.Equal(t, in, strconv.FormatInt(n, 10), in)
		}
	}
}

// FuzzInteger compares Integer with its definition: what strconv parses as
// a non-negative int64 and prints back as the same text.
func FuzzInteger(f *testing.F) {
	for _, seed := range []string{"0", "7", "30000", "9223372036854775807", "9223372036854775808", "-1", "+1", "01", "1e3", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, err := strconv.ParseInt(text, 10, 64)
		wantOK := err == nil && n >= 0 && strconv.FormatInt(n, 10) == text
		got, ok := numtext.Integer(text)
		if ok != wantOK || (ok && got != n) {
			t.Fatalf("Integer(%q) = %d, %v; the definition says %d, %v", text, got, ok, n, wantOK)
		}
	})
}
