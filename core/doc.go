// Package core holds what every paysign gateway shares with its users: the
// sentinel errors every paysign error wraps, [FieldError] naming the field
// at fault, RSA key parsing without crypto/x509 ([ParsePublicKey],
// [ParsePrivateKey]) and [Decimal], amounts as text that never pass
// through a float.
//
// The gateways live in sub-packages (core/payway, core/bbmsl,
// core/clearsettle); core/abi turns them into one JSON call that the
// WebAssembly module, the C library and every language binding share. The
// primitives they are built from (HMAC-SHA512, chunked RSA PKCS #1 v1.5,
// RSA-SHA256 signatures, request times) are internal: a gateway package
// chooses the primitive, the encoding and the field order for its users.
//
// Key parsing stays public because the gateway packages take parsed keys
// (payway.Credentials.RSAPublicKey, the private keys of package bbmsl and
// of payway.Verify) and keys reach programs as text in environment
// variables and files, in the forms ParsePublicKey accepts. Decimal stays
// public because answers carry amounts as exact text, which a program
// compares or converts without a float.
//
// # Security
//
// Errors wrap the sentinels below, usually in a [FieldError] naming the
// field, and never contain key material, API keys or decrypted plaintext.
package core
