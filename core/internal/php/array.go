package php

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paysign/paysign/core/internal/wire"
)

// Key is a PHP array key as json_decode($s, true) makes it from a member
// name: a canonical decimal integer that fits in 64 bits ("7", "-3"; not
// "07", "-0" or "9223372036854775808") becomes an int key, anything else
// stays a string. Whether a string key is numeric, and its value, are
// computed once here, so sorting compares without parsing.
type Key struct {
	Name  string
	IsInt bool
	Int   int64

	numeric bool    // a PHP 8 numeric string (or an int key)
	isFloat bool    // numeric, but not an integer that fits in 64 bits
	f       float64 // its value as a float
	oflow   int     // an integer lexeme beyond int64: +1 or -1
}

// NewKey returns the key of member name.
func NewKey(name string) Key {
	if n, err := strconv.ParseInt(name, 10, 64); err == nil && strconv.FormatInt(n, 10) == name {
		return Key{Name: name, IsInt: true, Int: n, numeric: true, f: float64(n)}
	}
	k := Key{Name: name}
	k.numeric, k.isFloat, k.Int, k.f, k.oflow = numericString(name)
	return k
}

// Entry is one element of a decoded array.
type Entry struct {
	Key   Key
	Value any
}

// Decode returns the array json_decode($s, true) builds from obj: a key
// given twice keeps its first position and takes the last value.
func Decode(obj wire.Object) []Entry {
	out := make([]Entry, 0, len(obj))
	index := make(map[string]int32, len(obj)) // by Name: "7" and 7 are one key only when canonical
	for _, m := range obj {
		if i, dup := index[m.Name]; dup {
			out[i].Value = m.Value
			continue
		}
		index[m.Name] = int32(len(out))
		out = append(out, Entry{Key: NewKey(m.Name), Value: m.Value})
	}
	return out
}

// Ksort returns entries sorted as PHP 8's ksort($a) (SORT_REGULAR) sorts
// them: by Compare, keys that compare equal keeping their order (PHP's sort
// is stable). It sorts indices, so a large array costs O(n log n)
// comparisons of precomputed keys and one copy of the entries.
func Ksort(entries []Entry) []Entry {
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := Compare(entries[a].Key, entries[b].Key); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	sorted := make([]Entry, len(entries))
	for i, j := range order {
		sorted[i] = entries[j]
	}
	return sorted
}

// Numeric reports whether k is an int key or a PHP 8 numeric string.
func (k Key) Numeric() bool { return k.numeric }

// Compare is PHP 8's ksort comparison (SORT_REGULAR) of two keys: two int
// keys numerically; two string keys with zendi_smart_strcmp (numerically
// when both are numeric strings, else byte-wise); an int and a string with
// zend_compare (numerically when the string is numeric, else byte-wise on
// the int's decimal text).
func Compare(a, b Key) int {
	switch {
	case a.IsInt && b.IsInt:
		return cmp.Compare(a.Int, b.Int)
	case !a.numeric || !b.numeric:
		return strings.Compare(a.Name, b.Name)
	case !a.IsInt && !b.IsInt:
		return smartCompare(a, b)
	}
	// An int key and a numeric string.
	i, s, sign := a, b, 1
	if b.IsInt {
		i, s, sign = b, a, -1
	}
	if !s.isFloat {
		return sign * cmp.Compare(i.Int, s.Int)
	}
	return sign * threeWay(float64(i.Int), s.f)
}

// smartCompare is zendi_smart_strcmp of two numeric strings.
func smartCompare(a, b Key) int {
	if a.oflow != 0 && a.oflow == b.oflow && a.f-b.f == 0 {
		// Both integers overflowed to the same side: comparing them as
		// floats would lose the digits that tell them apart.
		return strings.Compare(a.Name, b.Name)
	}
	if a.isFloat || b.isFloat {
		switch {
		case !a.isFloat:
			if b.oflow != 0 {
				return -b.oflow
			}
		case !b.isFloat:
			if a.oflow != 0 {
				return a.oflow
			}
		case a.f == b.f && math.IsInf(a.f, 0):
			return strings.Compare(a.Name, b.Name)
		}
		return normalize(a.f - b.f)
	}
	return cmp.Compare(a.Int, b.Int)
}

func normalize(d float64) int {
	switch {
	case d > 0:
		return 1
	case d < 0:
		return -1
	}
	return 0
}

// threeWay is ZEND_THREEWAY_COMPARE of two doubles.
func threeWay(a, b float64) int {
	switch {
	case a == b:
		return 0
	case a < b:
		return -1
	}
	return 1
}

// numericString is PHP 8's is_numeric_string: optional leading white space,
// an optional sign, digits with an optional fraction and exponent, optional
// trailing white space. An integer lexeme that fits in 64 bits is an int
// (isFloat false); one beyond it is a float with oflow ±1, as PHP's
// _is_numeric_string_ex reports it.
func numericString(s string) (numeric, isFloat bool, n int64, f float64, oflow int) {
	const space = " \t\n\r\v\f"
	t := strings.TrimRight(strings.TrimLeft(s, space), space)
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	if body == "" {
		return
	}
	mant, exp, hasExp := strings.Cut(body, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(body, "E")
	}
	intPart, frac, hasPoint := strings.Cut(mant, ".")
	if !digitsOnly(intPart) || !digitsOnly(frac) || intPart+frac == "" {
		return
	}
	if hasExp {
		e := exp
		if e != "" && (e[0] == '+' || e[0] == '-') {
			e = e[1:]
		}
		if e == "" || !digitsOnly(e) {
			return
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && !math.IsInf(f, 0) {
		return
	}
	if !hasPoint && !hasExp {
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			return true, false, n, float64(n), 0
		}
		if t[0] == '-' {
			oflow = -1
		} else {
			oflow = 1
		}
	}
	return true, true, 0, f, oflow
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Number is how json_decode types a JSON number: an int when the lexeme is
// an integer that fits in 64 bits, else a float (±Inf on overflow, as PHP's
// zend_strtod).
func Number(n json.Number) (i int64, f float64, isInt bool) {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, 0, true
		}
	}
	f, _ = strconv.ParseFloat(s, 64)
	return 0, f, false
}
