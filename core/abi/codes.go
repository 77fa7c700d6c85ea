package abi

import "github.com/paysign/paysign/core"

// The codes the envelope itself reports; every other code stands for a
// sentinel error of package core (codeTable).
const (
	codeRequestTooLarge = "request_too_large"
	codeUnknownOp       = "unknown_op"
	codeInternal        = "internal"
	codeMisuse          = "misuse"
)

// CodeInfo describes one error code.
type CodeInfo struct {
	Code        string
	Description string
}

// codeTable is the closed set of error codes, in a stable order: each with
// the sentinel error it stands for (nil for the codes of the envelope
// itself) and its description. Bindings switch on the codes (internal/gen
// writes them into each binding); messages are for people and are not part
// of the contract. PayWay's validation errors have PayWay's own codes, so an
// integrator sees the code the gateway would send.
var codeTable = []struct {
	err error
	CodeInfo
}{
	{core.ErrMalformedRequest, CodeInfo{"malformed_request", "the request is not valid JSON of the expected shape (syntax, JSON type, unknown field)"}},
	{nil, CodeInfo{codeRequestTooLarge, "the request exceeds 1 MiB"}},
	{nil, CodeInfo{codeUnknownOp, "the op is not one paysign implements"}},
	{core.ErrUnknownOperation, CodeInfo{"unknown_operation", "the gateway operation is not in the gateway's catalogue"}},
	{core.ErrInvalidKey, CodeInfo{"invalid_key", "an RSA key cannot be parsed, is of the wrong kind, or is not 1024 to 4096 bits"}},
	{core.ErrDecryption, CodeInfo{"decryption_failed", "RSA decryption failed"}},
	{core.ErrSignatureMismatch, CodeInfo{"signature_mismatch", "a signature does not verify"}},
	{nil, CodeInfo{codeInternal, "a bug in paysign (for example a recovered panic); please report it"}},
	{nil, CodeInfo{codeMisuse, "the C or WASM calling convention was broken (for example a NULL pointer)"}},
	{core.ErrHashMismatch, CodeInfo{"PTL02", "PayWay PTL02: the received hash does not match"}},
	{core.ErrRequired, CodeInfo{"PTL04", "PayWay PTL04: a required field is missing or empty"}},
	{core.ErrInvalidFormat, CodeInfo{"PTL05", "PayWay PTL05: a field has the wrong format or length"}},
	{core.ErrRequestTime, CodeInfo{"PTL06", "PayWay PTL06: request time is not UTC YYYYMMDDHHmmss"}},
	{core.ErrMerchantMismatch, CodeInfo{"PTL62", "PayWay PTL62: merchant_auth names another merchant"}},
	{core.ErrInvalidAmount, CodeInfo{"PTL186", "PayWay PTL186: the amount is not a decimal the currency allows"}},
	{core.ErrAmountTooSmall, CodeInfo{"PTL187", "PayWay PTL187: the amount is below the currency minimum"}},
	{core.ErrSignatureMissing, CodeInfo{"signature_missing", "a received webhook or callback carries no signature (empty header or absent field)"}},
	{core.ErrSignatureMalformed, CodeInfo{"signature_malformed", "a received signature is not canonical base64 of the length the scheme produces"}},
	{core.ErrBodyMalformed, CodeInfo{"body_malformed", "a received webhook, callback or gateway response body is not JSON of the documented shape"}},
	{core.ErrUnknownCurrency, CodeInfo{"unknown_currency", "the currency is not in paysign's ISO 4217 exponent table"}},
	{core.ErrEnvironmentMismatch, CodeInfo{"environment_mismatch", "production was asked for with credentials or a host made for tests (a TEST_ONLY API key, a loopback base URL such as paysign mock): nothing was signed"}},
	{core.ErrNotSent, CodeInfo{"not_sent", "a send: the request did not reach the gateway (no connection, name or TLS failure, not written in full); sending it again is safe"}},
	{core.ErrTimeout, CodeInfo{"timeout", "a send: the request went out and no complete answer arrived within the deadline; for an operation that moves money, confirm with check_transaction before sending it again"}},
	{core.ErrOutcomeUnknown, CodeInfo{"outcome_unknown", "a send of an operation that moves money or changes state: the request went out and no verdict of PayWay's came back (the connection broke; an empty, HTML or undocumented answer; a gateway error); confirm with check_transaction before sending it again"}},
	{core.ErrTransportFailed, CodeInfo{"transport_failed", "a send of a query: the request went out and no answer of PayWay's came back (the connection broke, an answer that is not PayWay's, or one too large); sending it again is safe"}},
	{errUnknownHandle, CodeInfo{"unknown_handle", "a credentials handle is not open: never opened, closed already, or opened in another process (after fork)"}},
	{errTooManyHandles, CodeInfo{"too_many_handles", "4096 credentials handles are open: close the ones no longer used"}},
	{core.ErrFloat, CodeInfo{"float_not_allowed", "a binary floating-point number was given where exact decimal text is needed: pass a decimal string such as \"1.50\""}},
}

// Codes returns the documented, closed set of error codes in a stable order.
func Codes() []CodeInfo {
	codes := make([]CodeInfo, len(codeTable))
	for i, c := range codeTable {
		codes[i] = c.CodeInfo
	}
	return codes
}
