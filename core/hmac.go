package core

import (
	"crypto/hmac"
	"crypto/sha512"
)

// HMACSHA512 returns HMAC-SHA512 of message under key, the MAC of PHP's
// hash_hmac('sha512', $message, $key, true).
func HMACSHA512(key, message []byte) []byte {
	mac := hmac.New(sha512.New, key)
	mac.Write(message)
	return mac.Sum(nil)
}

// EqualMAC reports whether a and b are equal, in time that does not depend
// on where they differ (crypto/hmac.Equal).
func EqualMAC(a, b []byte) bool { return hmac.Equal(a, b) }
