// Package numtext turns the forms a caller may give a number in (a string,
// a JSON number's lexeme, any Go integer) into its text, with one set of
// rules for every amount and integer field of every gateway. Binary
// floating-point values are refused: they have no exact decimal text
// (0.1+0.2 would be sent as 0.30000000000000004).
package numtext

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"

	"github.com/paysign/paysign/core"
)

var (
	// ErrFloat means a float32 or float64 was given.
	ErrFloat = core.ErrFloat
	// ErrType means a value of another type (bool, object, ...) was given.
	ErrType = errors.New("not a number")
)

// Of returns the text of v: a string as it is, a json.Number's lexeme, an
// integer of any Go integer type in decimal. It does not check that a
// string is a number: amounts and integers each have their own grammar.
func Of(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case json.Number:
		return string(t), nil
	case int:
		return strconv.Itoa(t), nil
	case int8:
		return strconv.FormatInt(int64(t), 10), nil
	case int16:
		return strconv.FormatInt(int64(t), 10), nil
	case int32:
		return strconv.FormatInt(int64(t), 10), nil
	case int64:
		return strconv.FormatInt(t, 10), nil
	case uint:
		return strconv.FormatUint(uint64(t), 10), nil
	case uint8:
		return strconv.FormatUint(uint64(t), 10), nil
	case uint16:
		return strconv.FormatUint(uint64(t), 10), nil
	case uint32:
		return strconv.FormatUint(uint64(t), 10), nil
	case uint64:
		return strconv.FormatUint(t, 10), nil
	case float32, float64:
		return "", ErrFloat
	}
	return "", ErrType
}

// Integer parses text as a whole number without sign, point, exponent or
// leading zeros ("0" is allowed) that fits in an int64.
func Integer(text string) (int64, bool) {
	// One pass over the digits, no allocation: every send_step reads four
	// of these. 19 digits can exceed int64, so the last step checks.
	if text == "" || len(text) > 19 || (text[0] == '0' && len(text) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > math.MaxInt64 {
		return 0, false
	}
	return int64(n), true
}
