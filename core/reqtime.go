package core

import (
	"fmt"
	"time"
)

// RequestTimeLayout is the UTC YYYYMMDDHHmmss layout of request times.
const RequestTimeLayout = "20060102150405"

// RequestTime formats t in UTC as YYYYMMDDHHmmss. Several PayWay SDKs
// format local time or a 12-hour clock here; the UTC conversion is the point.
func RequestTime(t time.Time) string { return t.UTC().Format(RequestTimeLayout) }

// ParseRequestTime checks that s is a real UTC date and time written as
// YYYYMMDDHHmmss (14 digits) and returns it.
func ParseRequestTime(s string) (time.Time, error) {
	if len(s) != len(RequestTimeLayout) || !allDigits(s) {
		return time.Time{}, fmt.Errorf("%w: %q is not YYYYMMDDHHmmss", ErrRequestTime, clip(s))
	}
	t, err := time.Parse(RequestTimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q is not a valid date and time", ErrRequestTime, s)
	}
	return t, nil
}
