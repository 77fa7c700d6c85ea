package abi

import "github.com/paysign/paysign/core"

// The closed set of error codes. Bindings switch on these; messages are for
// people and are not part of the contract. PayWay validation errors use
// PayWay's own codes so an integrator sees the code the gateway would send.
const (
	CodeMalformedRequest = "malformed_request" // not JSON, wrong JSON type, unknown field
	CodeRequestTooLarge  = "request_too_large" // request over MaxRequestSize
	CodeUnknownOp        = "unknown_op"        // op not registered
	CodeUnknownOperation = "unknown_operation" // gateway operation not in its catalogue
	CodeInvalidKey       = "invalid_key"       // RSA key unparsable, wrong kind or too small
	CodeDecryption       = "decryption_failed" // RSA decryption failed (deliberately vague)
	CodeSignature        = "signature_mismatch"
	CodeInternal         = "internal" // a bug: recovered panic or unencodable value
	CodeMisuse           = "misuse"   // calling convention broken (NULL pointer, bad length)

	CodeSignatureMissing   = "signature_missing"   // received message has no signature
	CodeSignatureMalformed = "signature_malformed" // received signature is not canonical base64 of the right length
	CodeBodyMalformed      = "body_malformed"      // received body is not JSON of the documented shape
	CodeUnknownCurrency    = "unknown_currency"    // currency not in the ISO 4217 exponent table

	CodeHashMismatch     = "PTL02" // received hash differs from the recomputed one
	CodeRequired         = "PTL04" // required field missing or empty
	CodeInvalidFormat    = "PTL05" // wrong format or length
	CodeRequestTime      = "PTL06" // request time not UTC YYYYMMDDHHmmss
	CodeMerchantMismatch = "PTL62" // merchant_auth mc_id differs from merchant_id
	CodeInvalidAmount    = "PTL186"
	CodeAmountTooSmall   = "PTL187"
)

var sentinelCodes = []struct {
	err  error
	code string
}{
	{core.ErrMalformedRequest, CodeMalformedRequest},
	{core.ErrUnknownOperation, CodeUnknownOperation},
	{core.ErrInvalidKey, CodeInvalidKey},
	{core.ErrDecryption, CodeDecryption},
	{core.ErrSignatureMismatch, CodeSignature},
	{core.ErrHashMismatch, CodeHashMismatch},
	{core.ErrRequired, CodeRequired},
	{core.ErrInvalidFormat, CodeInvalidFormat},
	{core.ErrRequestTime, CodeRequestTime},
	{core.ErrMerchantMismatch, CodeMerchantMismatch},
	{core.ErrInvalidAmount, CodeInvalidAmount},
	{core.ErrAmountTooSmall, CodeAmountTooSmall},
	{core.ErrSignatureMissing, CodeSignatureMissing},
	{core.ErrSignatureMalformed, CodeSignatureMalformed},
	{core.ErrBodyMalformed, CodeBodyMalformed},
	{core.ErrUnknownCurrency, CodeUnknownCurrency},
}

// CodeInfo describes one error code.
type CodeInfo struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Codes is the documented, closed set of error codes, in a stable order.
var Codes = []CodeInfo{
	{CodeMalformedRequest, "the request is not valid JSON of the expected shape (syntax, JSON type, unknown field)"},
	{CodeRequestTooLarge, "the request exceeds 1 MiB"},
	{CodeUnknownOp, "the op is not one paysign implements"},
	{CodeUnknownOperation, "the gateway operation is not in the gateway's catalogue"},
	{CodeInvalidKey, "an RSA key cannot be parsed, is of the wrong kind, or is smaller than 1024 bits"},
	{CodeDecryption, "RSA decryption failed"},
	{CodeSignature, "a signature does not verify"},
	{CodeInternal, "a bug in paysign (for example a recovered panic); please report it"},
	{CodeMisuse, "the C or WASM calling convention was broken (for example a NULL pointer)"},
	{CodeHashMismatch, "PayWay PTL02: the received hash does not match"},
	{CodeRequired, "PayWay PTL04: a required field is missing or empty"},
	{CodeInvalidFormat, "PayWay PTL05: a field has the wrong format or length"},
	{CodeRequestTime, "PayWay PTL06: request time is not UTC YYYYMMDDHHmmss"},
	{CodeMerchantMismatch, "PayWay PTL62: merchant_auth names another merchant"},
	{CodeInvalidAmount, "PayWay PTL186: the amount is not a decimal the currency allows"},
	{CodeAmountTooSmall, "PayWay PTL187: the amount is below the currency minimum"},
	{CodeSignatureMissing, "a received webhook or callback carries no signature (empty header or absent field)"},
	{CodeSignatureMalformed, "a received signature is not canonical base64 of the length the scheme produces"},
	{CodeBodyMalformed, "a received webhook, callback or gateway response body is not JSON of the documented shape"},
	{CodeUnknownCurrency, "the currency is not in paysign's ISO 4217 exponent table"},
}
