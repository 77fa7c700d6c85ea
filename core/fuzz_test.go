package core_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/testvectors"
)

// FuzzChunkedRoundTrip: decrypt(encrypt(x)) == x for every length.
func FuzzChunkedRoundTrip(f *testing.F) {
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(f, err)
	for _, n := range []int{1, 116, 117, 118, 234, 235, 400} {
		f.Add(make([]byte, n))
	}
	f.Add([]byte(`{"mc_id":"ec000002","tran_id":"T1001","refund_amount":"1.50"}`))
	f.Fuzz(func(t *testing.T, plaintext []byte) {
		if len(plaintext) == 0 || len(plaintext) > 4096 {
			return
		}
		ct, err := core.EncryptChunked(&priv.PublicKey, plaintext)
		require.NoError(t, err)
		got, err := core.DecryptChunked(priv, ct)
		require.NoError(t, err)
		assert.Equal(t, plaintext, got)
	})
}

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

// FuzzDecryptChunked: arbitrary ciphertext either decrypts or fails with
// the one vague ErrDecryption; never a panic or another error.
func FuzzDecryptChunked(f *testing.F) {
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(f, err)
	ct, err := core.EncryptChunked(&priv.PublicKey, []byte(`{"mc_id":"ec000002","tran_id":"T1"}`))
	require.NoError(f, err)
	f.Add(ct)
	f.Add(ct[:127])
	f.Add(append(ct, ct...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, ciphertext []byte) {
		if len(ciphertext) > 8*128 {
			return
		}
		_, err := core.DecryptChunked(priv, ciphertext)
		if err != nil {
			assert.Equal(t, core.ErrDecryption, err)
		}
	})
}
