package primitive

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"

	"github.com/paysign/paysign/core/internal/errs"
	"github.com/paysign/paysign/core/internal/hostcrypto"
)

// The RSA modulus sizes paysign accepts (core.MinRSABits, core.MaxRSABits).
// PayWay issues 1024-bit keys and BBMSL 2048-bit ones; the upper bound keeps
// the work one request can cause bounded.
const (
	MinBits = 1024
	MaxBits = 4096
)

// CheckSize refuses moduli outside MinBits..MaxBits: every key paysign
// parses and every key a caller gives parsed.
func CheckSize(pub *rsa.PublicKey) error {
	switch bits := pub.N.BitLen(); {
	case bits < MinBits:
		return fmt.Errorf("%w: RSA key of %d bits is too small (minimum %d)", errs.InvalidKey, bits, MinBits)
	case bits > MaxBits:
		return fmt.Errorf("%w: RSA key of %d bits is too large (maximum %d)", errs.InvalidKey, bits, MaxBits)
	}
	return nil
}

// MaxCiphertextSize bounds an encrypted field: 64 blocks of a 1024-bit key
// (7 488 bytes of plaintext), 32 of a 2048-bit one, 16 of a 4096-bit one.
// The largest documented PayWay request (a payment link with a 250-character
// title and description in Khmer, escaped by json_encode, and ten payouts)
// needs about 40 blocks of a 1024-bit key. The bound keeps the RSA work one
// request can cause small: decrypting 16 RSA-4096 blocks is the worst case.
const MaxCiphertextSize = 8192

// ChunkSize is the largest plaintext chunk PKCS #1 v1.5 encryption takes
// under pub: the key size in bytes minus 11 (117 for ABA's 1024-bit keys).
func ChunkSize(pub *rsa.PublicKey) int { return pub.Size() - 11 }

// EncryptChunked encrypts plaintext the way PayWay's PHP samples do: it
// splits it into ChunkSize byte chunks (bytes, not characters, like PHP's
// substr), encrypts each with RSAES-PKCS1-v1_5 and concatenates the raw
// ciphertext blocks. The caller base64-encodes the result once.
//
// Encryption is randomized: two calls never return the same ciphertext. In
// the WebAssembly build the host encrypts each block, with its own random
// source, when it offers to (see core/internal/hostcrypto); if it tries and
// fails, EncryptChunked fails too rather than encrypt some other way. A key
// outside MinBits..MaxBits fails with errs.InvalidKey, a plaintext
// whose ciphertext would exceed MaxCiphertextSize with errs.InvalidFormat.
func EncryptChunked(pub *rsa.PublicKey, plaintext []byte) ([]byte, error) {
	if err := CheckSize(pub); err != nil {
		return nil, err
	}
	size := ChunkSize(pub)
	blocks := (len(plaintext) + size - 1) / size
	if blocks*pub.Size() > MaxCiphertextSize {
		return nil, fmt.Errorf("%w: %d bytes need %d RSA blocks of this key, more than the %d bytes of ciphertext paysign writes",
			errs.InvalidFormat, len(plaintext), blocks, MaxCiphertextSize)
	}
	out := make([]byte, 0, blocks*pub.Size())
	for len(plaintext) > 0 {
		n := min(size, len(plaintext))
		block, handled, err := hostcrypto.EncryptPKCS1v15(pub, plaintext[:n])
		if handled && err != nil {
			return nil, err // no sentinel: code "internal"; the message names the host
		}
		if !handled {
			//lint:ignore SA1019 PayWay requires PKCS #1 v1.5 encryption.
			block, err = rsa.EncryptPKCS1v15(rand.Reader, pub, plaintext[:n])
			if err != nil {
				return nil, fmt.Errorf("%w: %s", errs.InvalidKey, err.Error()) // "invalid key: <why>"
			}
		}
		out = append(out, block...)
		plaintext = plaintext[n:]
	}
	return out, nil
}

// DecryptChunked reverses EncryptChunked: ciphertext must be a whole number
// of key-sized blocks, at most MaxCiphertextSize bytes, each a valid PKCS #1
// v1.5 encryption; anything longer is refused before any RSA operation. It is what
// PayWay's server (and a test double of it) does with merchant_auth. Any
// failure is the single errs.Decryption, whatever went wrong.
func DecryptChunked(priv *rsa.PrivateKey, ciphertext []byte) ([]byte, error) {
	k := priv.Size()
	if len(ciphertext) == 0 || len(ciphertext)%k != 0 || len(ciphertext) > MaxCiphertextSize || CheckSize(&priv.PublicKey) != nil {
		return nil, errs.Decryption
	}
	out := make([]byte, 0, len(ciphertext)/k*(k-11))
	for i := 0; i < len(ciphertext); i += k {
		//lint:ignore SA1019 PayWay requires PKCS #1 v1.5 encryption.
		block, err := rsa.DecryptPKCS1v15(nil, priv, ciphertext[i:i+k])
		if err != nil {
			return nil, errs.Decryption
		}
		out = append(out, block...)
	}
	return out, nil
}

// SignPKCS1v15SHA256 returns the RSASSA-PKCS1-v1_5 signature of SHA-256
// (message) under priv: what openssl_sign(..., OPENSSL_ALGO_SHA256) gives.
// It is deterministic; in the WebAssembly build the host computes it when
// it offers to (see core/internal/hostcrypto).
func SignPKCS1v15SHA256(priv *rsa.PrivateKey, message []byte) ([]byte, error) {
	if sig, ok := hostcrypto.SignPKCS1v15SHA256(priv, message); ok {
		return sig, nil
	}
	digest := sha256.Sum256(message)
	return rsa.SignPKCS1v15(nil, priv, crypto.SHA256, digest[:])
}
