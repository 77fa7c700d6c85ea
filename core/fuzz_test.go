package core_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/testvectors"
)

// FuzzParseKey: any text either parses to a key of at least 1024 bits or
// fails with ErrInvalidKey; never a panic.
func FuzzParseKey(f *testing.F) {
	for _, name := range []string{"rsa1024_TEST_ONLY_public.pem", "rsa1024_TEST_ONLY_public_pkcs1.pem", "rsa1024_TEST_ONLY_private.pem", "rsa1024_TEST_ONLY_private_pkcs1.pem", "rsa512_TEST_ONLY_public.pem", "ec256_TEST_ONLY_public.pem"} {
		f.Add(testvectors.Key(name))
	}
	f.Fuzz(func(t *testing.T, text string) {
		if pub, err := core.ParsePublicKey(text); err == nil {
			assert.GreaterOrEqual(t, pub.N.BitLen(), core.MinRSABits)
		} else {
			assert.ErrorIs(t, err, core.ErrInvalidKey)
		}
		if priv, err := core.ParsePrivateKey(text); err == nil {
			assert.NoError(t, priv.Validate())
		} else {
			assert.ErrorIs(t, err, core.ErrInvalidKey)
		}
	})
}

// FuzzDecimal: a parsed decimal prints back as it was written, and scaling
// never changes its value.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"1.50", "100", "0.01", "1.505", "1e2", "-1", "01.5", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := core.ParseDecimal(s)
		if err != nil {
			assert.ErrorIs(t, err, core.ErrInvalidAmount)
			return
		}
		assert.Equal(t, s, d.String())
		if scaled, err := d.Scale(4); err == nil {
			assert.False(t, scaled.Less(d) || d.Less(scaled), "%s scaled to %s", d, scaled)
		}
	})
}
