//go:build !wasip1

package hostcrypto

// Outside WebAssembly there is no host to ask: Go's own crypto (with its
// assembly) is used.

func available(uint32) bool { return false }

func hmacSHA512(_, _, _ []byte) uint32 { return statusUnavailable }

func encryptPKCS1(_, _, _ []byte) uint32 { return statusUnavailable }

func signPKCS1SHA256(_, _, _ []byte) uint32 { return statusUnavailable }
