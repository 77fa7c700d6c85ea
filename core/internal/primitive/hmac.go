package primitive

import (
	"crypto/hmac"
	"crypto/sha512"
	"hash"
	"sync"

	"github.com/paysign/paysign/core/internal/hostcrypto"
	"github.com/paysign/paysign/core/internal/smallcache"
)

// HMACSHA512 returns HMAC-SHA512 of message under key, the MAC of PHP's
// hash_hmac('sha512', $message, $key, true). In the WebAssembly build the
// host computes it for a message of at least HostHMACMinimum bytes when it
// offers to (see core/internal/hostcrypto).
//
// A merchant signs every request with the same API key, so the HMACs are
// kept per key: once reset, Go's HMAC restores the state after the padded
// key instead of hashing it again (FIPS 198-1, section 6), which saves two
// of the four SHA-512 blocks of a PayWay hash and every allocation but the
// result's.
func HMACSHA512(key, message []byte) []byte {
	if len(message) >= HostHMACMinimum {
		if mac, ok := hostcrypto.HMACSHA512(key, message); ok {
			return mac
		}
	}
	macs, _ := smallcache.Get(keyedMACs, key) // makes no error
	mac := macs.Get().(hash.Hash)
	mac.Write(message)
	sum := mac.Sum(make([]byte, 0, sha512.Size))
	mac.Reset()
	macs.Put(mac)
	return sum
}

// HostHMACMinimum is the shortest message whose HMAC the WebAssembly module
// asks its host for. Below it the keyed state kept here costs less than
// the call out of the module: in Node, a hash input of 20 to 100 bytes
// takes about 3 µs less in Go than through node:crypto's createHmac; the
// two are even near 1 KiB, and from there the host's native SHA-512 wins
// (38 µs less at 10 KiB). PayWay's hash inputs are mostly far below it;
// large pushback bodies are not.
const HostHMACMinimum = 1024

// keyedMACs holds, per key, a pool of HMAC-SHA512s keyed with it and reset
// (a pool: an HMAC is used by one call at a time), for the few keys a
// process signs with. Like parsed keys, these states stand for the key and
// stay in this process.
var keyedMACs = smallcache.New(func(key string) (*sync.Pool, error) {
	return &sync.Pool{New: func() any {
		mac := hmac.New(sha512.New, []byte(key))
		mac.Reset() // keeps the keyed state for the next resets
		return mac
	}}, nil
})

// EqualMAC reports whether a and b are equal, in time that does not depend
// on where they differ (crypto/hmac.Equal).
func EqualMAC(a, b []byte) bool { return hmac.Equal(a, b) }
