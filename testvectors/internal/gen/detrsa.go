package main

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"math/big"
)

// encryptSeeded is PKCS #1 v1.5 encryption (RFC 8017 §7.2.1) in chunks of
// k−11 bytes, with the padding string drawn from a SHA-256 counter stream
// seeded by seed. It exists only to make fixed ciphertexts for decryption
// vectors: reproducible across `make vectors` runs and made by code that
// shares nothing with paysign's encryption path. Never use it for real data.
func encryptSeeded(pub *rsa.PublicKey, plaintext []byte, seed string) []byte {
	k := pub.Size()
	stream := newStream(seed)
	var out []byte
	for len(plaintext) > 0 {
		n := min(k-11, len(plaintext))
		em := make([]byte, k)
		em[1] = 2
		ps := em[2 : k-n-1]
		for i := range ps {
			for ps[i] == 0 {
				ps[i] = stream.next()
			}
		}
		copy(em[k-n:], plaintext[:n])
		c := new(big.Int).Exp(new(big.Int).SetBytes(em), big.NewInt(int64(pub.E)), pub.N)
		block := make([]byte, k)
		c.FillBytes(block)
		out = append(out, block...)
		plaintext = plaintext[n:]
	}
	return out
}

type stream struct {
	seed    [32]byte
	counter uint64
	buf     []byte
}

func newStream(seed string) *stream { return &stream{seed: sha256.Sum256([]byte(seed))} }

func (s *stream) next() byte {
	if len(s.buf) == 0 {
		var block [40]byte
		copy(block[:], s.seed[:])
		binary.BigEndian.PutUint64(block[32:], s.counter)
		s.counter++
		sum := sha256.Sum256(block[:])
		s.buf = sum[:]
	}
	b := s.buf[0]
	s.buf = s.buf[1:]
	return b
}
