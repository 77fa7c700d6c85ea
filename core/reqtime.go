package core

import (
	"time"

	"github.com/paysign/paysign/core/internal/datetime"
)

// RequestTimeLayout is the UTC YYYYMMDDHHmmss layout of request times, in
// the notation of package time.
const RequestTimeLayout = "20060102150405"

// RequestTime formats t in UTC as YYYYMMDDHHmmss. Several PayWay SDKs
// format local time or a 12-hour clock here; the UTC conversion is the point.
func RequestTime(t time.Time) string { return datetime.FormatCompact(t) }

// ParseRequestTime checks that s is a real UTC date and time written as
// YYYYMMDDHHmmss (14 digits) and returns it.
func ParseRequestTime(s string) (time.Time, error) {
	if len(s) != len(RequestTimeLayout) || !allDigits(s) {
		return time.Time{}, &detailError{ErrRequestTime, quote(clip(s)) + " is not YYYYMMDDHHmmss"}
	}
	t, ok := datetime.Compact(s)
	if !ok {
		return time.Time{}, &detailError{ErrRequestTime, quote(s) + " is not a valid date and time"}
	}
	return t, nil
}

// quote writes a short, clipped text of a message in double quotes, its
// quotes, backslashes and control characters escaped.
func quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == 0x7f:
			b = append(b, '\\', 'x', "0123456789abcdef"[r>>4], "0123456789abcdef"[r&0xf])
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}
