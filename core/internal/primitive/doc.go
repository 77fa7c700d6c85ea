// Package primitive holds the cryptographic primitives the gateways are
// built from: HMAC-SHA512, chunked RSA PKCS #1 v1.5 encryption and
// decryption, RSA-SHA256 signatures, and the key sizes paysign accepts.
// They are internal: users sign with the gateway packages, which choose
// the primitive, the encoding and the field order for them.
//
// Everything here is a pure function of its arguments except
// EncryptChunked, whose PKCS #1 v1.5 padding is random by design. Errors
// wrap core's sentinels (package errs) and never contain key material;
// DecryptChunked fails with the single vague errs.Decryption.
package primitive
