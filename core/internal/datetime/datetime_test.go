package datetime_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/internal/datetime"
	"github.com/paysign/paysign/core/internal/errs"
)

// The parsers agree with time.Parse on valid and invalid texts alike.
func TestAgreesWithTimeParse(t *testing.T) {
	for _, s := range []string{"20261121093403", "20240229235959", "20230229000000", "20261131000000", "20261301000000",
		"20261100000000", "20261121240000", "20261121236000", "20261121235960", "00010101000000", "99991231235959",
		"2026112109340", "2026112109340x", "202611210934033", " 0261121093403"} {
		want, err := time.Parse("20060102150405", s)
		got, ok := datetime.Compact(s)
		assert.Equal(t, err == nil, ok, s)
		if ok {
			assert.Equal(t, want, got, s)
			assert.Equal(t, s, datetime.FormatCompact(got))
		}
	}
	for _, s := range []string{"2026-11-21 09:34:03", "2024-02-29 23:59:59", "2023-02-29 00:00:00", "2026-11-21T09:34:03",
		"2026/11/21 09:34:03", "2026-11-21 24:00:00"} {
		want, err := time.Parse("2006-01-02 15:04:05", s)
		got, ok := datetime.Spaced(s)
		assert.Equal(t, err == nil, ok, s)
		if ok {
			assert.Equal(t, want, got, s)
		}
	}
	// time.Parse's hour takes one digit too; PayWay documents two.
	_, ok := datetime.Spaced("2026-11-21 9:34:03")
	assert.False(t, ok)
	local := time.Date(2026, 11, 21, 16, 34, 3, 0, time.FixedZone("ICT", 7*3600))
	assert.Equal(t, "20261121093403", datetime.FormatCompact(local))
}

func FuzzCompact(f *testing.F) {
	f.Add("20261121093403")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := time.Parse("20060102150405", s)
		got, ok := datetime.Compact(s)
		if ok != (err == nil && len(s) == 14) {
			t.Fatalf("%q: time.Parse %v, Compact %v", s, err, ok)
		}
		if ok && !want.Equal(got) {
			t.Fatalf("%q: %v != %v", s, want, got)
		}
	})
}

func TestRequestTime(t *testing.T) {
	_, err := datetime.ParseRequestTime("20261121093403")
	require.NoError(t, err)
	for _, bad := range []string{"", "2026112109340", "2026-11-21 09:34", "20261321093403", "20261121253403", "2026112109340x"} {
		_, err := datetime.ParseRequestTime(bad)
		assert.ErrorIs(t, err, errs.RequestTime, bad)
	}
}
