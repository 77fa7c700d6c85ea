package hostcrypto_test

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/internal/hostcrypto"
	"github.com/paysign/paysign/testvectors"
)

func pkcs1DER(t *testing.T, name string) []byte {
	t.Helper()
	block, _ := pem.Decode([]byte(testvectors.Key(name)))
	require.NotNil(t, block, name)
	return block.Bytes
}

// The DER handed to the host is the key's PKCS #1 form byte for byte.
func TestMarshalPKCS1(t *testing.T) {
	for _, bits := range []string{"1024", "2048"} {
		privDER := pkcs1DER(t, "rsa"+bits+"_TEST_ONLY_private_pkcs1.pem")
		priv, err := x509.ParsePKCS1PrivateKey(privDER)
		require.NoError(t, err)
		der, ok := hostcrypto.MarshalPKCS1PrivateKey(priv)
		require.True(t, ok)
		assert.Equal(t, privDER, der, bits+"-bit private key")

		// Without the precomputed CRT values the same DER comes out.
		bare := &rsa.PrivateKey{PublicKey: priv.PublicKey, D: priv.D, Primes: priv.Primes}
		der, ok = hostcrypto.MarshalPKCS1PrivateKey(bare)
		require.True(t, ok)
		assert.Equal(t, privDER, der, bits+"-bit private key without Precompute")

		pubDER := pkcs1DER(t, "rsa"+bits+"_TEST_ONLY_public_pkcs1.pem")
		der, ok = hostcrypto.MarshalPKCS1PublicKey(&priv.PublicKey)
		require.True(t, ok)
		assert.Equal(t, pubDER, der, bits+"-bit public key")
	}
	_, ok := hostcrypto.MarshalPKCS1PublicKey(&rsa.PublicKey{N: big.NewInt(0), E: 3})
	assert.False(t, ok)
	_, ok = hostcrypto.MarshalPKCS1PrivateKey(&rsa.PrivateKey{})
	assert.False(t, ok)
}

// Outside WebAssembly the host never handles anything.
func TestNoHostOutsideWASM(t *testing.T) {
	priv, err := x509.ParsePKCS1PrivateKey(pkcs1DER(t, "rsa1024_TEST_ONLY_private_pkcs1.pem"))
	require.NoError(t, err)
	_, ok := hostcrypto.HMACSHA512([]byte("k"), []byte("m"))
	assert.False(t, ok)
	_, handled, err := hostcrypto.EncryptPKCS1v15(&priv.PublicKey, []byte("m"))
	assert.False(t, handled)
	assert.NoError(t, err)
	_, ok = hostcrypto.SignPKCS1v15SHA256(priv, []byte("m"))
	assert.False(t, ok)
}
