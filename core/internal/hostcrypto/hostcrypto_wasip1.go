//go:build wasip1

package hostcrypto

import "unsafe"

// The paysign_host imports. Every import of a WebAssembly module must be
// resolved when it is instantiated, so a host without these primitives
// provides stubs: capabilities returns 0 and the others are never called.

//go:wasmimport paysign_host capabilities
func hostCapabilities() uint32

//go:wasmimport paysign_host hmac_sha512
func hostHMACSHA512(key unsafe.Pointer, keyLen uint32, msg unsafe.Pointer, msgLen uint32, out unsafe.Pointer) uint32

//go:wasmimport paysign_host rsa_encrypt_pkcs1
func hostEncryptPKCS1(key unsafe.Pointer, keyLen uint32, msg unsafe.Pointer, msgLen uint32, out unsafe.Pointer, outLen uint32) uint32

//go:wasmimport paysign_host rsa_sign_pkcs1_sha256
func hostSignPKCS1SHA256(key unsafe.Pointer, keyLen uint32, msg unsafe.Pointer, msgLen uint32, out unsafe.Pointer, outLen uint32) uint32

// capabilities is the host's answer, asked once, on first use (not during
// _initialize); the module runs on one thread.
var (
	capabilities uint32
	asked        bool
)

func available(bit uint32) bool {
	if !asked {
		capabilities, asked = hostCapabilities(), true
	}
	return capabilities&bit != 0
}

func ptr(b []byte) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(b)) }

func hmacSHA512(key, message, out []byte) uint32 {
	return hostHMACSHA512(ptr(key), uint32(len(key)), ptr(message), uint32(len(message)), ptr(out))
}

func encryptPKCS1(der, block, out []byte) uint32 {
	return hostEncryptPKCS1(ptr(der), uint32(len(der)), ptr(block), uint32(len(block)), ptr(out), uint32(len(out)))
}

func signPKCS1SHA256(der, message, out []byte) uint32 {
	return hostSignPKCS1SHA256(ptr(der), uint32(len(der)), ptr(message), uint32(len(message)), ptr(out), uint32(len(out)))
}
