// Package errs holds the sentinel errors of package core, so that the
// packages under core/internal that core itself imports (primitive,
// datetime) can wrap them without an import cycle. Package core exports
// each one and documents it.
package errs

import "errors"

// The sentinels, in the order of core/errors.go.
var (
	MalformedRequest    = errors.New("malformed request")
	UnknownOperation    = errors.New("unknown operation")
	InvalidKey          = errors.New("invalid key")
	Decryption          = errors.New("decryption failed")
	Required            = errors.New("required field missing")
	InvalidFormat       = errors.New("invalid format")
	RequestTime         = errors.New("invalid request time")
	InvalidAmount       = errors.New("invalid amount format")
	AmountTooSmall      = errors.New("amount below minimum")
	HashMismatch        = errors.New("hash mismatch")
	MerchantMismatch    = errors.New("merchant mismatch")
	SignatureMismatch   = errors.New("signature mismatch")
	SignatureMissing    = errors.New("signature missing")
	SignatureMalformed  = errors.New("signature malformed")
	BodyMalformed       = errors.New("body malformed")
	Float               = errors.New("binary floating-point number")
	EnvironmentMismatch = errors.New("environment mismatch")
	NotSent             = errors.New("not sent")
	Timeout             = errors.New("timed out")
	OutcomeUnknown      = errors.New("outcome unknown")
	TransportFailed     = errors.New("transport failed")
	UnknownCurrency     = errors.New("unknown currency")
)
