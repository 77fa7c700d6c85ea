package php

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// String is PHP's (string) cast of a scalar from wire.Parse as
// json_decode($s, true) types it: strings as they are, integers in decimal,
// floats with PHP's default precision of 14 significant digits, true as
// "1", false and null as "".
func String(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		if t {
			return "1"
		}
		return ""
	case json.Number:
		i, f, isInt := Number(t)
		if isInt {
			return strconv.FormatInt(i, 10)
		}
		return Gcvt(f, 14, 'E')
	}
	return ""
}

// FloatJSON is json_encode((float)$amount) for a plain decimal amount such
// as "1.50": the shortest text that round-trips (serialize_precision -1),
// without a zero fraction ("10.00" is 10, "1.50" is 1.5).
func FloatJSON(amount string) json.Number {
	f, _ := strconv.ParseFloat(amount, 64)
	return json.Number(Gcvt(f, 0, 'e'))
}

// Gcvt is PHP's zend_gcvt: precision significant digits (0 means the
// shortest text that round-trips, serialize_precision -1), written in
// plain notation unless the decimal exponent is below -4 or at least
// precision (17 for shortest), then as "1.0E+25" with expChar.
func Gcvt(f float64, precision int, expChar byte) string {
	switch {
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	case math.IsNaN(f):
		return "NAN"
	}
	neg := math.Signbit(f)
	f = math.Abs(f)
	var e string
	if precision == 0 {
		e = strconv.FormatFloat(f, 'e', -1, 64)
		precision = 17
	} else {
		e = strconv.FormatFloat(f, 'e', precision-1, 64)
	}
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.TrimRight(strings.Replace(mant, ".", "", 1), "0")
	if digits == "" {
		digits = "0"
	}
	x, _ := strconv.Atoi(exp)
	decpt := x + 1
	if digits == "0" {
		decpt = 1
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case decpt < -3 || decpt > precision:
		b.WriteByte(digits[0])
		b.WriteByte('.')
		if len(digits) == 1 {
			b.WriteByte('0')
		} else {
			b.WriteString(digits[1:])
		}
		b.WriteByte(expChar)
		if decpt-1 < 0 {
			b.WriteByte('-')
		} else {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(abs(decpt - 1)))
	case decpt <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -decpt))
		b.WriteString(digits)
	default:
		if len(digits) <= decpt {
			b.WriteString(digits)
			b.WriteString(strings.Repeat("0", decpt-len(digits)))
		} else {
			b.WriteString(digits[:decpt])
			b.WriteByte('.')
			b.WriteString(digits[decpt:])
		}
	}
	return b.String()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// URLEncode is PHP's urlencode (the RFC 1738 form http_build_query uses):
// space as "+", every byte outside [A-Za-z0-9._-] as upper-case %XX.
func URLEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
