package core

import (
	"fmt"

	"github.com/paysign/paysign/core/internal/errs"
)

// Sentinel errors. Every error returned by paysign wraps exactly one of them,
// so callers (and core/abi, which turns them into stable codes) can use
// errors.Is. Messages never contain key material or secret values.
var (
	// ErrMalformedRequest means the request is not the JSON shape an operation
	// expects: a syntax error, a wrong JSON type or an unknown field.
	ErrMalformedRequest = errs.MalformedRequest
	// ErrUnknownOperation means a gateway operation name is not in its catalogue.
	ErrUnknownOperation = errs.UnknownOperation
	// ErrInvalidKey means an RSA key could not be parsed, is of the wrong
	// kind (private where public is expected, or the reverse) or is too small.
	ErrInvalidKey = errs.InvalidKey
	// ErrDecryption is deliberately vague: it does not say which block or
	// which padding check failed.
	ErrDecryption = errs.Decryption

	// ErrRequired means a required field is missing or empty (PayWay PTL04).
	ErrRequired = errs.Required
	// ErrInvalidFormat means a field has the wrong format or length (PayWay PTL05).
	ErrInvalidFormat = errs.InvalidFormat
	// ErrRequestTime means a request time is not UTC YYYYMMDDHHmmss (PayWay PTL06).
	ErrRequestTime = errs.RequestTime
	// ErrInvalidAmount means an amount is not a decimal the currency allows (PayWay PTL186).
	ErrInvalidAmount = errs.InvalidAmount
	// ErrAmountTooSmall means an amount is below the currency's minimum (PayWay PTL187).
	ErrAmountTooSmall = errs.AmountTooSmall
	// ErrHashMismatch means a received hash does not match the recomputed one (PayWay PTL02).
	ErrHashMismatch = errs.HashMismatch
	// ErrMerchantMismatch means merchant_auth names another merchant than the request (PayWay PTL62).
	ErrMerchantMismatch = errs.MerchantMismatch
	// ErrSignatureMismatch means an RSA signature or webhook signature does not verify.
	ErrSignatureMismatch = errs.SignatureMismatch

	// ErrSignatureMissing means a received message (webhook, callback) carries
	// no signature at all: an empty header or an absent signature field.
	ErrSignatureMissing = errs.SignatureMissing
	// ErrSignatureMalformed means a received signature is not canonical
	// base64 of the length the scheme produces, so it cannot be checked.
	ErrSignatureMalformed = errs.SignatureMalformed
	// ErrBodyMalformed means a received body (webhook, callback, gateway
	// response) is not JSON of the shape the gateway documents.
	ErrBodyMalformed = errs.BodyMalformed
	// ErrFloat means a binary floating-point number (a Go float32 or
	// float64, a Python or PHP float, a JavaScript number with a fraction)
	// was given where paysign needs exact decimal text: 0.1+0.2 would be
	// sent as 0.30000000000000004. Pass a decimal string such as "1.50".
	ErrFloat = errs.Float
	// ErrEnvironmentMismatch means production was asked for with
	// credentials or a host made for tests: a TEST_ONLY API key, or a
	// loopback base URL (a local mock). Nothing is signed.
	ErrEnvironmentMismatch = errs.EnvironmentMismatch
	// ErrNotSent means a request did not reach the gateway whole (no
	// connection, a name or TLS failure, not written in full): sending it
	// again is safe.
	ErrNotSent = errs.NotSent
	// ErrTimeout means a request went out and no complete answer arrived
	// within the attempt's deadline: for an operation that moves money,
	// whether the gateway processed it is unknown.
	ErrTimeout = errs.Timeout
	// ErrOutcomeUnknown means a request that moves money or changes state
	// went out and what came back is not the gateway's verdict (the
	// connection broke, an empty or HTML answer, a 3xx the operation does
	// not document, a gateway error, an undocumented code): confirm with
	// the gateway's query (PayWay: check_transaction) before sending it
	// again.
	ErrOutcomeUnknown = errs.OutcomeUnknown
	// ErrTransportFailed means a query went out and no answer of the
	// gateway's came back (the connection broke, an answer that is not
	// the gateway's, or one too large): a query changes nothing, so it may
	// be sent again.
	ErrTransportFailed = errs.TransportFailed
	// ErrUnknownCurrency means a currency code is not in paysign's ISO 4217
	// exponent table, so its minor units are unknown.
	ErrUnknownCurrency = errs.UnknownCurrency
)

// FieldError names the request field an error is about, as a dotted path
// such as "params.tran_id" or "credentials.api_key".
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// Fieldf returns a *FieldError for field that wraps sentinel with a detail
// formatted from format and args. The detail must not contain secret values.
func Fieldf(field string, sentinel error, format string, args ...any) error {
	if format == "" {
		return &FieldError{Field: field, Err: sentinel}
	}
	return &FieldError{Field: field, Err: &detailError{sentinel, fmt.Sprintf(format, args...)}}
}

type detailError struct {
	sentinel error
	detail   string
}

func (e *detailError) Error() string { return e.sentinel.Error() + ": " + e.detail }
func (e *detailError) Unwrap() error { return e.sentinel }
