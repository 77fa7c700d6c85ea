// Package hostcrypto hands three primitives of paysign's WebAssembly build
// to its host when the host offers them: HMAC-SHA512, RSAES-PKCS1-v1_5
// encryption of one block and RSASSA-PKCS1-v1_5 signing with SHA-256.
// Portable Go in WebAssembly has no assembly for SHA-512 or big numbers; a
// host such as Node has OpenSSL. Everything around the primitive (which
// bytes are MACed, signed or encrypted, chunking, base64) stays in Go.
//
// Outside GOOS=wasip1, and on a host that does not offer a primitive, every
// function here reports "not available" and the caller computes it in Go,
// so results are the same on every path: HMAC and PKCS #1 v1.5 signatures
// are deterministic, and encryption is checked by decryption.
//
// The import interface (module "paysign_host") is documented in the
// package doc of paysign's wasm command.
package hostcrypto

import (
	"crypto/rsa"
	"errors"
	"math/big"
	"sync"
)

// Host status codes: the return value of every paysign_host function but
// capabilities.
const (
	statusOK          = 0 // done: the output buffer holds the result
	statusUnavailable = 1 // not offered (or not for this key): compute it in Go
	statusFailed      = 2 // the host tried and failed (e.g. its random source)
)

// Capability bits of paysign_host.capabilities.
const (
	capHMACSHA512 = 1 << iota
	capEncryptPKCS1
	capSignPKCS1SHA256
)

// ErrHostFailed is returned when the host's encryption failed. Nothing was
// encrypted, and the module does not fall back to its own random source:
// a host whose random source fails must not yield a ciphertext at all.
var ErrHostFailed = errors.New("the host's RSA encryption failed (its random source or crypto library); nothing was encrypted")

// HMACSHA512 returns HMAC-SHA512 of message under key computed by the host,
// or false if the host does not offer it.
func HMACSHA512(key, message []byte) ([]byte, bool) {
	if !available(capHMACSHA512) {
		return nil, false
	}
	out := make([]byte, 64)
	if hmacSHA512(key, message, out) != statusOK {
		return nil, false
	}
	return out, true
}

// EncryptPKCS1v15 encrypts one block (at most the key size minus 11 bytes)
// with RSAES-PKCS1-v1_5 under pub, with the host's own random source.
// handled is false if the host does not offer it for this key: the caller
// encrypts in Go. With handled true, err is ErrHostFailed or nil.
func EncryptPKCS1v15(pub *rsa.PublicKey, block []byte) (ciphertext []byte, handled bool, err error) {
	if !available(capEncryptPKCS1) {
		return nil, false, nil
	}
	der, ok := publicDER(pub)
	if !ok {
		return nil, false, nil
	}
	out := make([]byte, pub.Size())
	switch encryptPKCS1(der, block, out) {
	case statusOK:
		return out, true, nil
	case statusUnavailable:
		return nil, false, nil
	default:
		return nil, true, ErrHostFailed
	}
}

// SignPKCS1v15SHA256 returns the RSASSA-PKCS1-v1_5 SHA-256 signature of
// message (the host hashes it) under priv, or false if the host does not
// offer it or failed: signatures are deterministic, so the caller's own
// signature is the same.
func SignPKCS1v15SHA256(priv *rsa.PrivateKey, message []byte) ([]byte, bool) {
	if !available(capSignPKCS1SHA256) {
		return nil, false
	}
	der, ok := privateDER(priv)
	if !ok {
		return nil, false
	}
	out := make([]byte, priv.Size())
	if signPKCS1SHA256(der, message, out) != statusOK {
		return nil, false
	}
	return out, true
}

// ders keeps the DER of the last few keys, keyed by the parsed key (core
// caches parsed keys, so the same pointer comes back): the host keys its
// own cache of key objects by these bytes. When full it starts over.
var ders struct {
	mu sync.Mutex
	m  map[any][]byte // *rsa.PublicKey or *rsa.PrivateKey -> PKCS #1 DER
}

const derCacheSize = 16

func cachedDER(key any, encode func() ([]byte, bool)) ([]byte, bool) {
	ders.mu.Lock()
	defer ders.mu.Unlock()
	if der, ok := ders.m[key]; ok {
		return der, true
	}
	der, ok := encode()
	if !ok {
		return nil, false
	}
	if ders.m == nil || len(ders.m) >= derCacheSize {
		ders.m = make(map[any][]byte)
	}
	ders.m[key] = der
	return der, true
}

// publicDER is pub as PKCS #1 RSAPublicKey DER: SEQUENCE { n, e }.
func publicDER(pub *rsa.PublicKey) ([]byte, bool) {
	return cachedDER(pub, func() ([]byte, bool) { return MarshalPKCS1PublicKey(pub) })
}

// privateDER is priv as PKCS #1 RSAPrivateKey DER.
func privateDER(priv *rsa.PrivateKey) ([]byte, bool) {
	return cachedDER(priv, func() ([]byte, bool) { return MarshalPKCS1PrivateKey(priv) })
}

// MarshalPKCS1PublicKey encodes pub as PKCS #1 RSAPublicKey DER (what
// x509.MarshalPKCS1PublicKey returns, without importing crypto/x509).
func MarshalPKCS1PublicKey(pub *rsa.PublicKey) ([]byte, bool) {
	if pub == nil || pub.N == nil || pub.N.Sign() <= 0 || pub.E <= 0 {
		return nil, false
	}
	return derSequence(pub.N, big.NewInt(int64(pub.E))), true
}

// MarshalPKCS1PrivateKey encodes a two-prime priv as PKCS #1 RSAPrivateKey
// DER: SEQUENCE { 0, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p }.
func MarshalPKCS1PrivateKey(priv *rsa.PrivateKey) ([]byte, bool) {
	if priv == nil || len(priv.Primes) != 2 || priv.D == nil || priv.N == nil || priv.E <= 0 ||
		priv.D.Sign() <= 0 || priv.Primes[0].Sign() <= 0 || priv.Primes[1].Sign() <= 0 {
		return nil, false
	}
	p, q := priv.Primes[0], priv.Primes[1]
	dp, dq, qinv := priv.Precomputed.Dp, priv.Precomputed.Dq, priv.Precomputed.Qinv
	if dp == nil || dq == nil || qinv == nil {
		one := big.NewInt(1)
		dp = new(big.Int).Mod(priv.D, new(big.Int).Sub(p, one))
		dq = new(big.Int).Mod(priv.D, new(big.Int).Sub(q, one))
		qinv = new(big.Int).ModInverse(q, p)
		if qinv == nil {
			return nil, false
		}
	}
	return derSequence(new(big.Int), priv.N, big.NewInt(int64(priv.E)), priv.D, p, q, dp, dq, qinv), true
}

// derSequence is the DER SEQUENCE of the non-negative INTEGERs ints.
func derSequence(ints ...*big.Int) []byte {
	var body []byte
	for _, n := range ints {
		b := n.Bytes() // big-endian, no leading zeros; empty for 0
		if len(b) == 0 || b[0]&0x80 != 0 {
			b = append([]byte{0}, b...) // positive: a leading 0 when the top bit is set
		}
		body = append(derHeader(body, 0x02, len(b)), b...)
	}
	return append(derHeader(make([]byte, 0, len(body)+4), 0x30, len(body)), body...)
}

// derHeader appends a DER tag and length.
func derHeader(out []byte, tag byte, n int) []byte {
	out = append(out, tag)
	if n < 0x80 {
		return append(out, byte(n))
	}
	var lenBytes []byte
	for ; n > 0; n >>= 8 {
		lenBytes = append([]byte{byte(n)}, lenBytes...)
	}
	return append(append(out, 0x80|byte(len(lenBytes))), lenBytes...)
}
