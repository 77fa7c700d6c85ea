package abi

import "github.com/paysign/paysign/core"

// The closed set of error codes. Bindings switch on these; messages are for
// people and are not part of the contract. PayWay validation errors use
// PayWay's own codes so an integrator sees the code the gateway would send.
const (
	CodeMalformedRequest = "malformed_request" // not JSON, wrong JSON type, unknown or repeated member
	CodeRequestTooLarge  = "request_too_large" // request over MaxRequestSize
	CodeUnknownOp        = "unknown_op"        // op not registered
	CodeUnknownOperation = "unknown_operation" // gateway operation not in its catalogue
	CodeInvalidKey       = "invalid_key"       // RSA key unparsable, wrong kind or size
	CodeDecryption       = "decryption_failed" // RSA decryption failed (deliberately vague)
	CodeSignature        = "signature_mismatch"
	CodeInternal         = "internal" // a bug: recovered panic or unencodable value
	CodeMisuse           = "misuse"   // calling convention broken (NULL pointer, bad length)

	CodeSignatureMissing   = "signature_missing"    // received message has no signature
	CodeSignatureMalformed = "signature_malformed"  // received signature is not canonical base64 of the right length
	CodeBodyMalformed      = "body_malformed"       // received body is not JSON of the documented shape
	CodeUnknownCurrency    = "unknown_currency"     // currency not in the ISO 4217 exponent table
	CodeFloat              = "float_not_allowed"    // a binary floating-point number where exact decimal text is needed
	CodeEnvironment        = "environment_mismatch" // production with TEST_ONLY credentials or a loopback base URL
	CodeNotSent            = "not_sent"             // a send: the request did not reach the gateway; sending it again is safe
	CodeTimeout            = "timeout"              // a send: no complete answer within the deadline
	CodeOutcomeUnknown     = "outcome_unknown"      // a send that moves money: no verdict came back; confirm before sending again
	CodeTransportFailed    = "transport_failed"     // a query: no answer of the gateway's came back; sending it again is safe
	CodeUnknownHandle      = "unknown_handle"       // a credentials handle that is not open
	CodeTooManyHandles     = "too_many_handles"     // too many credentials handles open

	CodeHashMismatch     = "PTL02" // received hash differs from the recomputed one
	CodeRequired         = "PTL04" // required field missing or empty
	CodeInvalidFormat    = "PTL05" // wrong format or length
	CodeRequestTime      = "PTL06" // request time not UTC YYYYMMDDHHmmss
	CodeMerchantMismatch = "PTL62" // merchant_auth mc_id differs from merchant_id
	CodeInvalidAmount    = "PTL186"
	CodeAmountTooSmall   = "PTL187"
)

// CodeInfo describes one error code.
type CodeInfo struct {
	Code        string
	Description string
}

// codeTable is every code with the sentinel error it stands for (nil for
// the codes of the envelope itself) and its description, in a stable order.
var codeTable = []struct {
	err error
	CodeInfo
}{
	{core.ErrMalformedRequest, CodeInfo{CodeMalformedRequest, "the request is not valid JSON of the expected shape (syntax, JSON type, unknown field)"}},
	{nil, CodeInfo{CodeRequestTooLarge, "the request exceeds 1 MiB"}},
	{nil, CodeInfo{CodeUnknownOp, "the op is not one paysign implements"}},
	{core.ErrUnknownOperation, CodeInfo{CodeUnknownOperation, "the gateway operation is not in the gateway's catalogue"}},
	{core.ErrInvalidKey, CodeInfo{CodeInvalidKey, "an RSA key cannot be parsed, is of the wrong kind, or is not 1024 to 4096 bits"}},
	{core.ErrDecryption, CodeInfo{CodeDecryption, "RSA decryption failed"}},
	{core.ErrSignatureMismatch, CodeInfo{CodeSignature, "a signature does not verify"}},
	{nil, CodeInfo{CodeInternal, "a bug in paysign (for example a recovered panic); please report it"}},
	{nil, CodeInfo{CodeMisuse, "the C or WASM calling convention was broken (for example a NULL pointer)"}},
	{core.ErrHashMismatch, CodeInfo{CodeHashMismatch, "PayWay PTL02: the received hash does not match"}},
	{core.ErrRequired, CodeInfo{CodeRequired, "PayWay PTL04: a required field is missing or empty"}},
	{core.ErrInvalidFormat, CodeInfo{CodeInvalidFormat, "PayWay PTL05: a field has the wrong format or length"}},
	{core.ErrRequestTime, CodeInfo{CodeRequestTime, "PayWay PTL06: request time is not UTC YYYYMMDDHHmmss"}},
	{core.ErrMerchantMismatch, CodeInfo{CodeMerchantMismatch, "PayWay PTL62: merchant_auth names another merchant"}},
	{core.ErrInvalidAmount, CodeInfo{CodeInvalidAmount, "PayWay PTL186: the amount is not a decimal the currency allows"}},
	{core.ErrAmountTooSmall, CodeInfo{CodeAmountTooSmall, "PayWay PTL187: the amount is below the currency minimum"}},
	{core.ErrSignatureMissing, CodeInfo{CodeSignatureMissing, "a received webhook or callback carries no signature (empty header or absent field)"}},
	{core.ErrSignatureMalformed, CodeInfo{CodeSignatureMalformed, "a received signature is not canonical base64 of the length the scheme produces"}},
	{core.ErrBodyMalformed, CodeInfo{CodeBodyMalformed, "a received webhook, callback or gateway response body is not JSON of the documented shape"}},
	{core.ErrUnknownCurrency, CodeInfo{CodeUnknownCurrency, "the currency is not in paysign's ISO 4217 exponent table"}},
	{core.ErrEnvironmentMismatch, CodeInfo{CodeEnvironment, "production was asked for with credentials or a host made for tests (a TEST_ONLY API key, a loopback base URL such as paysign mock): nothing was signed"}},
	{core.ErrNotSent, CodeInfo{CodeNotSent, "a send: the request did not reach the gateway (no connection, name or TLS failure, not written in full); sending it again is safe"}},
	{core.ErrTimeout, CodeInfo{CodeTimeout, "a send: the request went out and no complete answer arrived within the deadline; for an operation that moves money, confirm with check_transaction before sending it again"}},
	{core.ErrOutcomeUnknown, CodeInfo{CodeOutcomeUnknown, "a send of an operation that moves money or changes state: the request went out and no verdict of PayWay's came back (the connection broke; an empty, HTML or undocumented answer; a gateway error); confirm with check_transaction before sending it again"}},
	{core.ErrTransportFailed, CodeInfo{CodeTransportFailed, "a send of a query: the request went out and no answer of PayWay's came back (the connection broke, an answer that is not PayWay's, or one too large); sending it again is safe"}},
	{errUnknownHandle, CodeInfo{CodeUnknownHandle, "a credentials handle is not open: never opened, closed already, or opened in another process (after fork)"}},
	{errTooManyHandles, CodeInfo{CodeTooManyHandles, "4096 credentials handles are open: close the ones no longer used"}},
	{core.ErrFloat, CodeInfo{CodeFloat, "a binary floating-point number was given where exact decimal text is needed: pass a decimal string such as \"1.50\""}},
}

// Codes returns the documented, closed set of error codes in a stable order.
func Codes() []CodeInfo {
	codes := make([]CodeInfo, len(codeTable))
	for i, c := range codeTable {
		codes[i] = c.CodeInfo
	}
	return codes
}
