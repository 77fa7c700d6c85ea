package core

import (
	"fmt"
	"strings"
)

// Decimal is a non-negative decimal number kept as text, so amounts never
// pass through a binary float. Int holds the integer digits without leading
// zeros ("0" for zero); Frac holds the fraction digits as written.
type Decimal struct {
	Int  string
	Frac string
}

// ParseDecimal parses a plain decimal such as "1.50", "100" or "0.01". Signs,
// exponents, spaces, leading zeros ("01.5"), and a missing digit on either
// side of the point (".5", "5.") are rejected: each has been the source of
// a wrong amount in some gateway integration.
func ParseDecimal(s string) (Decimal, error) {
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if !allDigits(intPart) || (hasPoint && !allDigits(frac)) {
		return Decimal{}, fmt.Errorf("%w: %q is not a plain decimal number", ErrInvalidAmount, clip(s))
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		return Decimal{}, fmt.Errorf("%w: %q has a leading zero", ErrInvalidAmount, clip(s))
	}
	if len(intPart) > 15 || len(frac) > 15 {
		return Decimal{}, fmt.Errorf("%w: %q has too many digits", ErrInvalidAmount, clip(s))
	}
	return Decimal{Int: intPart, Frac: frac}, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsZero reports whether d is zero.
func (d Decimal) IsZero() bool {
	return d.Int == "0" && strings.Trim(d.Frac, "0") == ""
}

// Scale returns d with exactly scale fraction digits. It fails with
// ErrInvalidAmount if that would drop a non-zero digit: "1.5" → "1.50" at
// scale 2, "100.00" → "100" at scale 0, but "1.505" at scale 2 is an error.
func (d Decimal) Scale(scale int) (Decimal, error) {
	frac := d.Frac
	if len(frac) > scale {
		if strings.Trim(frac[scale:], "0") != "" {
			return Decimal{}, fmt.Errorf("%w: %s has more than %d decimal places", ErrInvalidAmount, d, scale)
		}
		frac = frac[:scale]
	}
	return Decimal{Int: d.Int, Frac: frac + strings.Repeat("0", scale-len(frac))}, nil
}

// String returns d as text: Int, then "." and Frac when Frac is not empty.
func (d Decimal) String() string {
	if d.Frac == "" {
		return d.Int
	}
	return d.Int + "." + d.Frac
}

// MinorUnits returns d in minor units of a currency with the given ISO 4217
// exponent, as an integer string: "19.99" with exponent 2 is "1999".
func (d Decimal) MinorUnits(exponent int) (string, error) {
	scaled, err := d.Scale(exponent)
	if err != nil {
		return "", err
	}
	digits := strings.TrimLeft(scaled.Int+scaled.Frac, "0")
	if digits == "" {
		digits = "0"
	}
	return digits, nil
}

// Less reports whether d < e.
func (d Decimal) Less(e Decimal) bool {
	if len(d.Int) != len(e.Int) {
		return len(d.Int) < len(e.Int)
	}
	if d.Int != e.Int {
		return d.Int < e.Int
	}
	width := max(len(d.Frac), len(e.Frac))
	df := d.Frac + strings.Repeat("0", width-len(d.Frac))
	ef := e.Frac + strings.Repeat("0", width-len(e.Frac))
	return df < ef
}

// clip shortens s for an error message so hostile input stays bounded.
func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
