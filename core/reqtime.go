package core

import (
	"strconv"
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
		return time.Time{}, &detailError{ErrRequestTime, strconv.Quote(clip(s)) + " is not YYYYMMDDHHmmss"}
	}
	t, ok := datetime.Compact(s)
	if !ok {
		return time.Time{}, &detailError{ErrRequestTime, strconv.Quote(s) + " is not a valid date and time"}
	}
	return t, nil
}
