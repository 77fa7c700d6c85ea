// Package datetime reads and writes the fixed-width date and time texts
// gateways use, without time.Parse and time.Format: they are on every
// call's path and, in WebAssembly, among the costliest functions to start.
package datetime

import (
	"fmt"
	"strconv"
	"time"

	"github.com/paysign/paysign/core/internal/errs"
)

// RequestTimeLayout is the UTC YYYYMMDDHHmmss layout of request times, in
// the notation of package time.
const RequestTimeLayout = "20060102150405"

// ParseRequestTime checks that s is a real UTC date and time written as
// YYYYMMDDHHmmss (14 digits) and returns it. Errors wrap errs.RequestTime.
func ParseRequestTime(s string) (time.Time, error) {
	if len(s) != len(RequestTimeLayout) || !digitsOnly(s) {
		return time.Time{}, fmt.Errorf("%w: %s is not YYYYMMDDHHmmss", errs.RequestTime, strconv.Quote(s[:min(len(s), 32)]))
	}
	t, ok := Compact(s)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: %s is not a valid date and time", errs.RequestTime, strconv.Quote(s))
	}
	return t, nil
}

// Compact is the UTC time of "YYYYMMDDHHmmss", if s is one.
func Compact(s string) (time.Time, bool) {
	if len(s) != 14 || !digitsOnly(s) {
		return time.Time{}, false
	}
	return of(number(s[0:4]), number(s[4:6]), number(s[6:8]), number(s[8:10]), number(s[10:12]), number(s[12:14]))
}

// Spaced is the time of "YYYY-MM-DD HH:mm:ss" (taken as UTC: the text names
// no zone), if s is one.
func Spaced(s string) (time.Time, bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	for _, part := range [...]string{s[0:4], s[5:7], s[8:10], s[11:13], s[14:16], s[17:19]} {
		if !digitsOnly(part) {
			return time.Time{}, false
		}
	}
	return of(number(s[0:4]), number(s[5:7]), number(s[8:10]), number(s[11:13]), number(s[14:16]), number(s[17:19]))
}

// FormatCompact writes t in UTC as "YYYYMMDDHHmmss": a request time.
// Several PayWay SDKs format local time or a 12-hour clock here; the UTC
// conversion is the point.
func FormatCompact(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, second := t.Clock()
	var b [14]byte
	digits(b[0:4], year)
	digits(b[4:6], int(month))
	digits(b[6:8], day)
	digits(b[8:10], hour)
	digits(b[10:12], minute)
	digits(b[12:14], second)
	return string(b[:])
}

// of is the UTC time of the given fields if they name a real date and time
// (no 30 February, no hour 24, no leap second).
func of(year, month, day, hour, minute, second int) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	if t.Day() != day { // time.Date carried an impossible day into the next month
		return time.Time{}, false
	}
	return t, true
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func number(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// digits writes n in decimal into b, zero-padded to len(b).
func digits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}
