package core_test

import (
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
)

// BenchmarkWorstCaseDecrypt is the most CPU one request can cost (see
// docs/envelope.md, Limits): payway.verify decrypting an encrypted field of
// MaxCiphertextSize bytes with the largest key accepted, 16 RSA-4096 blocks.
func BenchmarkWorstCaseDecrypt(b *testing.B) {
	priv, err := rsa.GenerateKey(rand.Reader, 4096)
	require.NoError(b, err)
	blocks := core.MaxCiphertextSize / priv.Size()
	require.Equal(b, 16, blocks)
	plaintext := []byte(strings.Repeat("x", blocks*core.ChunkSize(&priv.PublicKey)))
	ciphertext, err := core.EncryptChunked(&priv.PublicKey, plaintext)
	require.NoError(b, err)
	require.Len(b, ciphertext, core.MaxCiphertextSize)
	for b.Loop() {
		if _, err := core.DecryptChunked(priv, ciphertext); err != nil {
			b.Fatal(err)
		}
	}
}
