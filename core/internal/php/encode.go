package php

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paysign/paysign/core/internal/wire"
)

// Encode returns what PHP's json_encode with default flags writes for v:
// '/' escaped as '\/', every non-ASCII character as a lowercase \uXXXX
// escape (UTF-16 surrogate pairs above U+FFFF), no spaces. v is built from
// string, json.Number (written as its lexeme), int, int64, bool, nil, []any
// and wire.Object (members in order). It panics on any other type: callers
// build v themselves.
func Encode(v any) []byte {
	return appendValue(make([]byte, 0, 256), v)
}

// EncodeDecoded is json_encode (default flags) of the value
// json_decode($s, true) makes of v, a value from wire.Parse: objects become
// arrays (see Decode), an array whose keys are 0, 1, 2, ... in order is
// written as a JSON list (so {} becomes []), integers in decimal and floats
// in the shortest form that round-trips (serialize_precision -1). ok is
// false where json_encode returns false (an infinite float inside).
func EncodeDecoded(v any) (text string, ok bool) {
	e := decodedEncoder{ok: true}
	b := e.value(make([]byte, 0, 64), v)
	return string(b), e.ok
}

type decodedEncoder struct{ ok bool }

func (e *decodedEncoder) value(b []byte, v any) []byte {
	switch t := v.(type) {
	case wire.Object:
		entries := Decode(t)
		isList := true
		for i, m := range entries {
			if !m.Key.IsInt || m.Key.Int != int64(i) {
				isList = false
				break
			}
		}
		if isList {
			b = append(b, '[')
		} else {
			b = append(b, '{')
		}
		for i, m := range entries {
			if i > 0 {
				b = append(b, ',')
			}
			if !isList {
				b = AppendString(b, m.Key.Name)
				b = append(b, ':')
			}
			b = e.value(b, m.Value)
		}
		if isList {
			return append(b, ']')
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for i, el := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.value(b, el)
		}
		return append(b, ']')
	case json.Number:
		i, f, isInt := Number(t)
		if isInt {
			return strconv.AppendInt(b, i, 10)
		}
		if math.IsInf(f, 0) {
			e.ok = false
			return append(b, '0')
		}
		return append(b, Gcvt(f, 0, 'e')...)
	}
	return appendValue(b, v)
}

func appendValue(b []byte, v any) []byte {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, t)
	case int:
		return strconv.AppendInt(b, int64(t), 10)
	case int64:
		return strconv.AppendInt(b, t, 10)
	case json.Number:
		return append(b, t...)
	case string:
		return AppendString(b, t)
	case []any:
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, e)
		}
		return append(b, ']')
	case wire.Object:
		b = append(b, '{')
		for i, m := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendString(b, m.Name)
			b = append(b, ':')
			b = appendValue(b, m.Value)
		}
		return append(b, '}')
	}
	panic("php.Encode: unsupported type")
}

const hexDigits = "0123456789abcdef"

// The characters json_encode writes as a backslash and a letter, and the
// letters.
const (
	shortEscaped = "\"\\/\b\f\n\r\t"
	shortEscapes = "\"\\/bfnrt"
)

// AppendString appends json_encode of the string s.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	for len(s) > 0 {
		// Copy the longest run that needs no escaping at once.
		n := wire.Plain(s, true)
		b = append(b, s[:n]...)
		s = s[n:]
		if len(s) == 0 {
			break
		}
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if i := strings.IndexRune(shortEscaped, r); i >= 0 {
			b = append(b, '\\', shortEscapes[i])
			continue
		}
		switch {
		case r > 0xffff:
			r -= 0x10000
			b = appendU(b, 0xd800+(r>>10))
			b = appendU(b, 0xdc00+(r&0x3ff))
		default:
			b = appendU(b, r)
		}
	}
	return append(b, '"')
}

func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
