package primitive_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/errs"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/testvectors"
)

// RFC 4231 test case 2: an HMAC-SHA512 known answer independent of paysign.
func TestHMACSHA512RFC4231(t *testing.T) {
	mac := primitive.HMACSHA512([]byte("Jefe"), []byte("what do ya want for nothing?"))
	assert.Equal(t, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737", hex.EncodeToString(mac))
}

func testKeys(t *testing.T) []*rsa.PrivateKey {
	var keys []*rsa.PrivateKey
	for _, name := range []string{"rsa1024_TEST_ONLY_private.pem", "rsa2048_TEST_ONLY_private.pem"} {
		priv, err := core.ParsePrivateKey(testvectors.Key(name))
		require.NoError(t, err)
		keys = append(keys, priv)
	}
	return keys
}

func TestChunkedRoundTripAcrossBoundaries(t *testing.T) {
	for _, priv := range testKeys(t) {
		chunk := primitive.ChunkSize(&priv.PublicKey)
		assert.Equal(t, priv.Size()-11, chunk)
		for _, n := range []int{1, chunk - 1, chunk, chunk + 1, 2 * chunk, 2*chunk + 1, 3*chunk + 5} {
			plaintext := bytes.Repeat([]byte("ក"), n)[:n] // multi-byte UTF-8 split across chunks by bytes
			ct, err := primitive.EncryptChunked(&priv.PublicKey, plaintext)
			require.NoError(t, err)
			assert.Len(t, ct, (n+chunk-1)/chunk*priv.Size(), "n=%d", n)
			got, err := primitive.DecryptChunked(priv, ct)
			require.NoError(t, err)
			assert.Equal(t, plaintext, got, "n=%d", n)
		}
	}
}

func TestEncryptionIsRandomized(t *testing.T) {
	priv := testKeys(t)[0]
	a, err := primitive.EncryptChunked(&priv.PublicKey, []byte(`{"mc_id":"ec000002"}`))
	require.NoError(t, err)
	b, err := primitive.EncryptChunked(&priv.PublicKey, []byte(`{"mc_id":"ec000002"}`))
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
}

func TestDecryptFailuresAreUniform(t *testing.T) {
	keys := testKeys(t)
	ct, err := primitive.EncryptChunked(&keys[0].PublicKey, []byte("hello"))
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		priv *rsa.PrivateKey
		ct   []byte
	}{
		"empty":      {keys[0], nil},
		"misaligned": {keys[0], ct[:len(ct)-1]},
		"wrong key":  {keys[1], append(append([]byte{}, ct...), ct...)},
		"garbage":    {keys[0], bytes.Repeat([]byte{0x42}, 128)},
	} {
		_, err := primitive.DecryptChunked(tc.priv, tc.ct)
		assert.True(t, errors.Is(err, errs.Decryption) && err.Error() == errs.Decryption.Error(), "%s: %v", name, err)
	}
}

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
		ct, err := primitive.EncryptChunked(&priv.PublicKey, plaintext)
		require.NoError(t, err)
		got, err := primitive.DecryptChunked(priv, ct)
		require.NoError(t, err)
		assert.Equal(t, plaintext, got)
	})
}

// FuzzDecryptChunked: arbitrary ciphertext either decrypts or fails with
// the one vague ErrDecryption; never a panic or another error.
func FuzzDecryptChunked(f *testing.F) {
	priv, err := core.ParsePrivateKey(testvectors.Key("rsa1024_TEST_ONLY_private.pem"))
	require.NoError(f, err)
	ct, err := primitive.EncryptChunked(&priv.PublicKey, []byte(`{"mc_id":"ec000002","tran_id":"T1"}`))
	require.NoError(f, err)
	f.Add(ct)
	f.Add(ct[:127])
	f.Add(append(ct, ct...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, ciphertext []byte) {
		if len(ciphertext) > 8*128 {
			return
		}
		_, err := primitive.DecryptChunked(priv, ciphertext)
		if err != nil {
			assert.Equal(t, errs.Decryption, err)
		}
	})
}

// BenchmarkWorstCaseDecrypt is the most CPU one request can cost (see
// docs/envelope.md, Limits): payway.verify decrypting an encrypted field of
// MaxCiphertextSize bytes with the largest key accepted, 16 RSA-4096 blocks.
func BenchmarkWorstCaseDecrypt(b *testing.B) {
	priv, err := rsa.GenerateKey(rand.Reader, 4096)
	require.NoError(b, err)
	blocks := primitive.MaxCiphertextSize / priv.Size()
	require.Equal(b, 16, blocks)
	plaintext := []byte(strings.Repeat("x", blocks*primitive.ChunkSize(&priv.PublicKey)))
	ciphertext, err := primitive.EncryptChunked(&priv.PublicKey, plaintext)
	require.NoError(b, err)
	require.Len(b, ciphertext, primitive.MaxCiphertextSize)
	for b.Loop() {
		if _, err := primitive.DecryptChunked(priv, ciphertext); err != nil {
			b.Fatal(err)
		}
	}
}

// The HMACs kept per key give what a fresh crypto/hmac gives: for one key
// used many times, for more keys than are kept, for a key the caller changes
// afterwards, for a key longer than a block (hashed first), and from many
// goroutines at once.
func TestHMACSHA512KeptPerKeyMatchesAFreshHMAC(t *testing.T) {
	fresh := func(key, message []byte) []byte {
		mac := hmac.New(sha512.New, key)
		mac.Write(message)
		return mac.Sum(nil)
	}
	message := []byte("20261121093403ec000002T1001")
	for round := range 3 {
		for i := range 40 { // more keys than are kept: the table starts over
			key := []byte(fmt.Sprintf("TEST_ONLY_key_%d", i))
			assert.Equal(t, fresh(key, message), primitive.HMACSHA512(key, message), "round %d key %d", round, i)
		}
	}
	key := []byte("TEST_ONLY_changing_key")
	first := primitive.HMACSHA512(key, message)
	key[0] = 'X'
	assert.Equal(t, fresh(key, message), primitive.HMACSHA512(key, message))
	assert.NotEqual(t, first, primitive.HMACSHA512(key, message))
	long := bytes.Repeat([]byte("k"), 300)
	assert.Equal(t, fresh(long, message), primitive.HMACSHA512(long, message))
	assert.Equal(t, fresh(nil, nil), primitive.HMACSHA512(nil, nil))

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				msg := []byte(fmt.Sprintf("%d-%d", g, i))
				if !bytes.Equal(fresh([]byte("TEST_ONLY_shared"), msg), primitive.HMACSHA512([]byte("TEST_ONLY_shared"), msg)) {
					t.Errorf("goroutine %d call %d: wrong MAC", g, i)
					return
				}
			}
		}()
	}
	wg.Wait()
}
