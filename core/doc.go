// Package core holds the primitives every paysign gateway is built from:
// HMAC-SHA512, chunked RSA PKCS #1 v1.5 encryption and decryption, RSA key
// parsing without crypto/x509, decimal amounts that never pass through a
// float, the UTC request time, and the sentinel errors every paysign error
// wraps.
//
// The gateways live in sub-packages (core/payway, core/bbmsl,
// core/clearsettle); core/abi turns them into one JSON call that the
// WebAssembly module, the C library, the command-line tool and every
// language binding share.
//
// # Determinism
//
// Everything here is a pure function of its arguments except
// [EncryptChunked], whose PKCS #1 v1.5 padding is random by design.
//
// # Security
//
// Errors wrap the sentinels below, usually in a [FieldError] naming the
// field, and never contain key material, API keys or decrypted plaintext.
// [DecryptChunked] fails with the single vague [ErrDecryption].
package core
