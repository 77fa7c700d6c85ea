package primitive

import (
	"crypto/hmac"
	"crypto/sha512"

	"github.com/paysign/paysign/core/internal/hostcrypto"
)

// HMACSHA512 returns HMAC-SHA512 of message under key, the MAC of PHP's
// hash_hmac('sha512', $message, $key, true). In the WebAssembly build the
// host computes it when it offers to (see core/internal/hostcrypto).
func HMACSHA512(key, message []byte) []byte {
	if mac, ok := hostcrypto.HMACSHA512(key, message); ok {
		return mac
	}
	mac := hmac.New(sha512.New, key)
	mac.Write(message)
	return mac.Sum(nil)
}

// EqualMAC reports whether a and b are equal, in time that does not depend
// on where they differ (crypto/hmac.Equal).
func EqualMAC(a, b []byte) bool { return hmac.Equal(a, b) }
