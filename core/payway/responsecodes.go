package payway

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// The response codes PayWay documents, kept as data like the operation
// catalogue: one table, each entry a code of one endpoint family with its
// meaning, a category from a small closed set and whether repeating the
// request is safe. DecodeResponse, the payway.decode_response op, the test
// double (package paywaytest) and the docs all read it.

// Response categories ([ResponseCode].Category, [Response].Category): a
// closed set, so callers can switch on them.
const (
	CategorySuccess           = "success"            // the request did what it asked
	CategoryPending           = "pending"            // payment statuses only: awaiting the payer
	CategoryWrongHash         = "wrong_hash"         // the hash (or signature) did not verify
	CategoryInvalidRequest    = "invalid_request"    // a field is missing, malformed or out of range
	CategoryNotFound          = "not_found"          // the transaction, link, token or merchant does not exist
	CategoryDuplicate         = "duplicate"          // already done: duplicate tran_id, link already voided
	CategoryDeclined          = "declined"           // refused in this state: refund beyond the paid amount, card declined
	CategoryNotPermitted      = "not_permitted"      // the merchant profile does not allow it (feature, whitelist, currency)
	CategoryRateLimited       = "rate_limited"       // too many requests; the request was not processed
	CategoryConcurrentRequest = "concurrent_request" // another request on the same transaction is in progress
	CategoryGatewayError      = "gateway_error"      // PayWay failed (5xx, "something went wrong")
	CategoryUnknown           = "unknown"            // a code the table does not list
	CategoryOutcomeUnknown    = "outcome_unknown"    // not an answer of PayWay's (empty, HTML, 204, an undocumented 3xx): confirm with check_transaction
)

// Categories returns the closed set of response categories.
func Categories() []string {
	return []string{CategorySuccess, CategoryPending, CategoryWrongHash, CategoryInvalidRequest, CategoryNotFound,
		CategoryDuplicate, CategoryDeclined, CategoryNotPermitted, CategoryRateLimited, CategoryConcurrentRequest,
		CategoryGatewayError, CategoryUnknown, CategoryOutcomeUnknown}
}

// Code families ([ResponseCode].Family): each endpoint family answers with
// its own code set.
const (
	FamilyCheckout       = "checkout"        // /api/payment-gateway/v1: purchase, QR, queries, close, exchange rate
	FamilyMerchantPortal = "merchant_portal" // /api/merchant-portal: refund, pre-auth, payment links, beneficiaries (PTLxx)
	FamilyCredentials    = "credentials"     // /api/payment-credential/v3 and the token purchase (Credentials on File)
	FamilyPayout         = "payout"          // /api/payment-gateway/v2/.../payout (numeric and LAMxx)
	FamilyPaymentStatus  = "payment_status"  // data.payment_status_code of check_transaction and transaction_detail
	FamilyHTTP           = "http"            // HTTP statuses answered without a code of PayWay's own
)

// ResponseCode is one documented code.
type ResponseCode struct {
	Family string
	// Operations, when set, limits the entry to these operations: the
	// meaning one endpoint gives a code that its family uses otherwise
	// (checkout code 5 is "transaction not found", but "invalid hash" from
	// check_transaction).
	Operations []string
	// Code as PayWay writes it; numeric codes without leading zeros ("0"
	// stands for "00" too).
	Code     string
	Meaning  string
	Category string
	// Retryable reports that the condition is transient. A retry is safe
	// only where the request was not processed (rate limit, concurrency)
	// or the operation is a query: for a gateway error
	// [Response].Retryable is also false unless the operation is a query,
	// so refunds, purchases and payouts are never reported retryable after
	// a gateway error.
	Retryable bool
}

// CodeFamily returns the code family an operation answers with first
// ("checkout", "merchant_portal", "credentials" or "payout").
func CodeFamily(operation string) (string, bool) {
	op, ok := lookup(operation)
	if !ok {
		return "", false
	}
	return op.families[0], true
}

// IsQuery reports whether operation only reads (check_transaction,
// transaction_detail, ...), so that repeating it is always safe: the
// catalogue's Operation.Query.
func IsQuery(operation string) bool {
	op, ok := lookup(operation)
	return ok && op.Query
}

func code(family, c, category, meaning string) ResponseCode {
	return ResponseCode{Family: family, Code: c, Meaning: meaning, Category: category,
		Retryable: category == CategoryRateLimited || category == CategoryConcurrentRequest || category == CategoryGatewayError}
}

func only(e ResponseCode, operations ...string) ResponseCode { e.Operations = operations; return e }

const (
	ck  = FamilyCheckout
	mp  = FamilyMerchantPortal
	cof = FamilyCredentials
	po  = FamilyPayout
	ps  = FamilyPaymentStatus
	ht  = FamilyHTTP
)

// responseCodes is the table, transcribed from PayWay's public pages
// (purchase, check transaction, close transaction, QR API, refund, pre-auth,
// payment links, payout, beneficiaries, Credentials on File) plus the
// sandbox answers the docs omit (marked "sandbox").
var responseCodes = []ResponseCode{
	// Checkout (payment-gateway v1): numeric status.code.
	code(ck, "0", CategorySuccess, "success"),
	code(ck, "1", CategoryWrongHash, "wrong hash"),
	only(code(ck, "2", CategoryDeclined, "the transaction cannot be closed: it is already paid (sandbox: HTTP 403)"), "close_transaction"),
	code(ck, "2", CategoryInvalidRequest, "invalid transaction ID"),
	code(ck, "3", CategoryInvalidRequest, "invalid amount"),
	code(ck, "4", CategoryDuplicate, "duplicated transaction ID"),
	only(code(ck, "5", CategoryWrongHash, "invalid hash"), "check_transaction", "transaction_detail"),
	code(ck, "5", CategoryNotFound, "transaction not found"),
	only(code(ck, "6", CategoryNotFound, "transaction not found (a new transaction answers this for a few seconds)"), "check_transaction", "transaction_detail"),
	code(ck, "6", CategoryNotPermitted, "the requesting domain is not in the merchant's whitelist"),
	code(ck, "7", CategoryInvalidRequest, "wrong return params (at most 500 characters)"),
	only(code(ck, "8", CategoryNotPermitted, "invalid merchant profile"), "check_transaction", "transaction_detail"),
	code(ck, "8", CategoryGatewayError, "error while saving data"),
	code(ck, "10", CategoryInvalidRequest, "wrong shipping price"),
	code(ck, "11", CategoryGatewayError, "something went wrong"),
	code(ck, "12", CategoryNotPermitted, "payment currency not allowed"),
	code(ck, "13", CategoryInvalidRequest, "invalid items"),
	code(ck, "14", CategoryInvalidRequest, "invalid credit to multiple accounts"),
	code(ck, "15", CategoryInvalidRequest, "invalid or missing channel values"),
	code(ck, "16", CategoryInvalidRequest, "invalid first name"),
	code(ck, "17", CategoryInvalidRequest, "invalid last name"),
	code(ck, "18", CategoryInvalidRequest, "invalid phone number"),
	code(ck, "19", CategoryInvalidRequest, "invalid email address"),
	code(ck, "20", CategoryNotPermitted, "please contact the merchant"),
	code(ck, "21", CategoryNotPermitted, "end of API lifetime (expired key)"),
	code(ck, "22", CategoryNotPermitted, "pre-auth is not enabled for the merchant"),
	code(ck, "23", CategoryNotPermitted, "payment option is not enabled for the merchant"),
	code(ck, "24", CategoryInvalidRequest, "cannot decrypt the data"),
	code(ck, "25", CategoryInvalidRequest, "at most 10 payout instructions"),
	code(ck, "26", CategoryNotPermitted, "invalid merchant profile"),
	code(ck, "27", CategoryInvalidRequest, "invalid ctid"),
	code(ck, "28", CategoryInvalidRequest, "invalid pwt"),
	code(ck, "29", CategoryInvalidRequest, "invalid pwt or ctid"),
	code(ck, "30", CategoryNotPermitted, "Credentials on File is not enabled for the merchant"),
	code(ck, "31", CategoryDeclined, "unsecure 3-D Secure page"),
	code(ck, "32", CategoryNotPermitted, "service is not enabled (QR API)"),
	code(ck, "33", CategoryDeclined, "cannot identify the card origin"),
	code(ck, "34", CategoryGatewayError, "exchange rate data is invalid"),
	code(ck, "35", CategoryInvalidRequest, "invalid payout information"),
	code(ck, "36", CategoryInvalidRequest, "invalid payout account or amount"),
	code(ck, "37", CategoryNotPermitted, "payout accounts are not whitelisted"),
	code(ck, "38", CategoryInvalidRequest, "payout contains an invalid transaction ID"),
	code(ck, "39", CategoryInvalidRequest, "duplicated payout account"),
	code(ck, "40", CategoryDuplicate, "payout transaction ID is duplicated"),
	code(ck, "41", CategoryNotPermitted, "payout MID is not linked to the merchant"),
	code(ck, "42", CategoryNotPermitted, "payout account has an invalid status"),
	code(ck, "43", CategoryNotPermitted, "merchant MID is missing"),
	code(ck, "44", CategoryDeclined, "transaction limit reached"),
	code(ck, "45", CategoryInvalidRequest, "purchase with zero amount is not allowed"),
	code(ck, "46", CategoryInvalidRequest, "a KHR amount cannot contain decimal places"),
	code(ck, "47", CategoryInvalidRequest, "a KHR amount must be at least 100 KHR"),
	code(ck, "48", CategoryInvalidRequest, "parameter error"),
	code(ck, "49", CategoryInvalidRequest, "invalid start date (YYYY-MM-DD HH:mm:ss)"),
	code(ck, "50", CategoryInvalidRequest, "invalid end date (YYYY-MM-DD HH:mm:ss)"),
	code(ck, "51", CategoryInvalidRequest, "invalid date range"),
	code(ck, "52", CategoryInvalidRequest, "a date range is at most 3 days"),
	code(ck, "53", CategoryInvalidRequest, "invalid amount range"),
	code(ck, "54", CategoryDeclined, "transaction expired"),
	code(ck, "55", CategoryGatewayError, "WeChat QR error"),
	code(ck, "56", CategoryGatewayError, "WeChat QR error"),
	code(ck, "57", CategoryDeclined, "card source validation failed"),
	code(ck, "58", CategoryInvalidRequest, "invalid card number"),
	code(ck, "59", CategoryInvalidRequest, "payout mixes MIDs and accounts"),
	code(ck, "60", CategoryGatewayError, "QR string error"),
	code(ck, "61", CategoryGatewayError, "something went wrong"),
	code(ck, "62", CategoryDuplicate, "QR already used"),
	code(ck, "63", CategoryDuplicate, "transaction already exists in core banking"),
	code(ck, "64", CategoryDeclined, "the payer account is the merchant's own account"),
	code(ck, "65", CategoryNotPermitted, "MID not found in core banking"),
	code(ck, "66", CategoryGatewayError, "something went wrong"),
	code(ck, "67", CategoryNotPermitted, "QR on invoice is not available"),
	code(ck, "68", CategoryDeclined, "transaction expired; create a new one"),
	code(ck, "69", CategoryInvalidRequest, "lifetime is below 3 minutes"),
	code(ck, "70", CategoryDeclined, "daily limit reached"),
	code(ck, "71", CategoryNotPermitted, "card payout to an ABA account is not allowed"),
	code(ck, "72", CategoryNotPermitted, "settlement account is closed"),
	code(ck, "73", CategoryDeclined, "invalid transaction status for this action"),
	code(ck, "74", CategoryInvalidRequest, "invalid tran_id or merchant_id"),
	code(ck, "75", CategoryNotFound, "tran_id not found"),
	code(ck, "76", CategoryInvalidRequest, "invalid additional_params"),
	code(ck, "77", CategoryNotPermitted, "transaction fees are not supported"),
	code(ck, "78", CategoryNotPermitted, "card payout cannot be combined with a discount"),
	code(ck, "79", CategoryInvalidRequest, "Google Pay token is missing"),
	code(ck, "80", CategoryInvalidRequest, "Google Pay token cannot be decrypted"),
	code(ck, "81", CategoryNotPermitted, "return URL is not whitelisted"),
	code(ck, "82", CategoryInvalidRequest, "payout exceeds the maximum"),
	code(ck, "83", CategoryDeclined, "payment credential is disabled"),
	code(ck, "84", CategoryDeclined, "payment credential has expired"),
	code(ck, "85", CategoryDeclined, "per-transaction limit exceeded"),
	code(ck, "86", CategoryNotPermitted, "purchase mode not supported"),
	code(ck, "87", CategoryDeclined, "payment credential was removed"),
	code(ck, "96", CategoryNotPermitted, "invalid merchant data (QR API)"),
	code(ck, "102", CategoryNotPermitted, "URL is not whitelisted (QR API)"),
	code(ck, "200", CategoryDeclined, "payment canceled"),
	code(ck, "201", CategoryDeclined, "payment declined"),
	code(ck, "401", CategoryNotPermitted, "unauthorized"),
	only(code(ck, "403", CategoryDuplicate, "duplicated transaction ID (QR API)"), "generate_qr", "request_qr"),
	code(ck, "403", CategoryGatewayError, "something went wrong"),
	code(ck, "429", CategoryRateLimited, "too many requests (PayWay answers HTTP 403 with status.code 429, no Retry-After)"),
	code(ck, "503", CategoryGatewayError, "service under maintenance"),

	// Merchant portal: PTLxx.
	code(mp, "0", CategorySuccess, "success"),
	code(mp, "PTL02", CategoryWrongHash, "wrong hash"),
	code(mp, "PTL04", CategoryInvalidRequest, "a required parameter is missing or failed validation"),
	code(mp, "PTL05", CategoryInvalidRequest, "a parameter has an invalid format"),
	code(mp, "PTL06", CategoryInvalidRequest, "request_time is missing or malformed, or the request has expired"),
	code(mp, "PTL25", CategoryInvalidRequest, "invalid account class"),
	code(mp, "PTL36", CategoryNotFound, "invalid transaction: not found"),
	code(mp, "PTL37", CategoryDeclined, "the refund amount exceeds the original amount"),
	code(mp, "PTL46", CategoryNotFound, "merchant not found"),
	code(mp, "PTL57", CategoryDeclined, "unable to refund (the transaction is not in a refundable state)"),
	code(mp, "PTL58", CategoryGatewayError, "failed to refund"),
	code(mp, "PTL59", CategoryDeclined, "unable to complete or cancel the pre-authorization"),
	code(mp, "PTL60", CategoryDeclined, "pre-auth completion amount exceeds the limit"),
	code(mp, "PTL61", CategoryInvalidRequest, "invalid action type"),
	code(mp, "PTL62", CategoryInvalidRequest, "invalid merchant information (merchant_auth names another merchant)"),
	code(mp, "PTL63", CategoryNotPermitted, "the merchant has no security configuration"),
	code(mp, "PTL99", CategoryInvalidRequest, "invalid merchant currency"),
	code(mp, "PTL132", CategoryNotFound, "invalid payment link"),
	code(mp, "PTL134", CategoryNotFound, "account not found"),
	code(mp, "PTL137", CategoryNotFound, "partner id not found"),
	code(mp, "PTL141", CategoryInvalidRequest, "redirect URL is empty"),
	code(mp, "PTL142", CategoryInvalidRequest, "pushback URL is empty"),
	code(mp, "PTL146", CategoryInvalidRequest, "invalid payee"),
	code(mp, "PTL147", CategoryInvalidRequest, "the payee currency differs from the merchant currency"),
	code(mp, "PTL148", CategoryDuplicate, "the payee already exists"),
	code(mp, "PTL149", CategoryNotFound, "invalid whitelist account"),
	code(mp, "PTL150", CategoryNotFound, "business profile not found"),
	code(mp, "PTL151", CategoryGatewayError, "failed to whitelist"),
	code(mp, "PTL153", CategoryNotPermitted, "completing pre-auth fees with multiple settlement accounts is not allowed"),
	code(mp, "PTL157", CategoryGatewayError, "unexpected error"),
	code(mp, "PTL164", CategoryDuplicate, "register reference already exists"),
	code(mp, "PTL165", CategoryInvalidRequest, "register reference is empty"),
	code(mp, "PTL166", CategoryInvalidRequest, "register reference has an invalid format"),
	code(mp, "PTL168", CategoryConcurrentRequest, "concurrent requests are not allowed"),
	code(mp, "PTL169", CategoryNotPermitted, "settlement account is closed"),
	code(mp, "PTL170", CategoryDeclined, "invalid transaction status for this action (sandbox, pre-auth cancel); also documented as profile deactivated"),
	code(mp, "PTL171", CategoryInvalidRequest, "invalid encryption"),
	code(mp, "PTL175", CategoryNotPermitted, "domain is not whitelisted"),
	code(mp, "PTL181", CategoryDeclined, "balance not enough to refund"),
	code(mp, "PTL186", CategoryInvalidRequest, "invalid amount format"),
	code(mp, "PTL187", CategoryInvalidRequest, "amount is below the minimum"),
	code(mp, "PTL188", CategoryDuplicate, "the payment link is already voided (sandbox: HTTP 403)"),
	code(mp, "96", CategoryNotFound, "data not found (sandbox answer for an unknown payment link id)"),
	code(mp, "USD-NOT-ALLOW", CategoryInvalidRequest, "USD is not allowed here"),
	code(mp, "KHR-LESS-100", CategoryInvalidRequest, "a KHR amount must be at least 100"),
	code(mp, "KHR-CONTAIN-DECIMAL", CategoryInvalidRequest, "a KHR amount cannot contain decimal places"),

	// Credentials on File v3.
	code(cof, "0", CategorySuccess, "success"),
	code(cof, "1", CategoryWrongHash, "wrong hash (HTTP 403)"),
	code(cof, "4", CategoryInvalidRequest, "the given data was invalid (HTTP 400, with errors per field)"),
	code(cof, "9", CategoryNotFound, "data not found (sandbox)"),
	code(cof, "98", CategoryNotFound, "merchant id not found (HTTP 403)"),
	code(cof, "104", CategoryNotPermitted, "token flag not enabled, or data not found (HTTP 403)"),
	code(cof, "105", CategoryInvalidRequest, "invalid payment credential token (HTTP 403)"),

	// Payout.
	code(po, "0", CategorySuccess, "success"),
	code(po, "1", CategoryWrongHash, "wrong hash"),
	code(po, "4", CategoryDuplicate, "duplicated transaction ID"),
	code(po, "11", CategoryGatewayError, "something went wrong"),
	code(po, "24", CategoryInvalidRequest, "cannot decrypt beneficiaries"),
	code(po, "25", CategoryInvalidRequest, "at most 10 beneficiaries"),
	code(po, "26", CategoryNotPermitted, "invalid merchant profile"),
	code(po, "36", CategoryInvalidRequest, "invalid beneficiary account or amount"),
	code(po, "37", CategoryNotPermitted, "beneficiary accounts are not whitelisted"),
	code(po, "44", CategoryDeclined, "transaction limit reached"),
	code(po, "48", CategoryInvalidRequest, "parameter error"),
	code(po, "70", CategoryDeclined, "daily limit reached"),
	code(po, "79", CategoryDeclined, "payout rejected"),
	code(po, "80", CategoryInvalidRequest, "invalid custom_fields"),
	code(po, "81", CategoryInvalidRequest, "the total amount must be greater than 0"),
	code(po, "82", CategoryInvalidRequest, "invalid currency"),
	code(po, "83", CategoryDuplicate, "duplicated payout"),
	code(po, "84", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "85", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "86", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "87", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "88", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "89", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "90", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "91", CategoryDeclined, "account or MID lookup, debit or credit failure (84 to 91)"),
	code(po, "92", CategoryInvalidRequest, "the total differs from the sum of the beneficiary amounts"),
	code(po, "93", CategoryDeclined, "insufficient balance"),
	code(po, "400", CategoryInvalidRequest, "bad request"),
	code(po, "LAM01", CategoryDeclined, "daily payout limit reached"),
	code(po, "LAM02", CategoryDeclined, "monthly payout limit reached"),

	// data.payment_status_code of check_transaction and transaction_detail.
	code(ps, "0", CategorySuccess, "APPROVED (or PRE-AUTH): paid in full, or funds held by a pre-authorization"),
	code(ps, "2", CategoryPending, "PENDING: awaiting payment by the payer"),
	code(ps, "3", CategoryDeclined, "DECLINED: the payment was declined"),
	code(ps, "4", CategorySuccess, "REFUNDED: paid, then refunded in full or in part"),
	code(ps, "7", CategoryDeclined, "CANCELLED: closed by the merchant, or a pre-authorization cancelled"),

	// HTTP statuses that arrive without a PayWay code.
	code(ht, "400", CategoryInvalidRequest, "bad request"),
	code(ht, "401", CategoryNotPermitted, "unauthorized"),
	code(ht, "403", CategoryNotPermitted, "forbidden"),
	code(ht, "404", CategoryNotFound, "no such endpoint"),
	code(ht, "405", CategoryInvalidRequest, "method not allowed (PayWay's endpoints take POST only)"),
	code(ht, "413", CategoryInvalidRequest, "request too large"),
	code(ht, "422", CategoryInvalidRequest, "the given data was invalid"),
	code(ht, "429", CategoryRateLimited, "too many requests"),
	code(ht, "500", CategoryGatewayError, "internal server error"),
	code(ht, "502", CategoryGatewayError, "bad gateway"),
	code(ht, "503", CategoryGatewayError, "service unavailable"),
	code(ht, "504", CategoryGatewayError, "gateway timeout"),
}

// ResponseCodes returns a copy of the code table, in its documented order.
func ResponseCodes() []ResponseCode {
	out := make([]ResponseCode, len(responseCodes))
	for i, c := range responseCodes {
		c.Operations = slices.Clone(c.Operations)
		out[i] = c
	}
	return out
}

// LookupResponseCode returns what code means in an answer to operation:
// the entry of the operation's own families (operation-specific entries
// first), else of family "http" for a code such as 429 that any family may
// answer. code may be given as sent ("00", " 01", "LAM01 ").
func LookupResponseCode(operation, code string) (ResponseCode, bool) {
	op, ok := lookup(operation)
	if !ok {
		return ResponseCode{}, false
	}
	families := op.families
	key := codeKey(code)
	for _, family := range append(slices.Clip(families), FamilyHTTP) {
		if e, ok := findCode(family, operation, key); ok {
			e.Operations = slices.Clone(e.Operations) // the caller's copy, not the table's
			return e, true
		}
	}
	return ResponseCode{}, false
}

// paymentStatus returns the meaning of a payment_status_code.
func paymentStatus(code string) (ResponseCode, bool) {
	return findCode(FamilyPaymentStatus, "", codeKey(code))
}

// httpStatusCode returns the entry of an HTTP status.
func httpStatusCode(status int) (ResponseCode, bool) {
	return findCode(FamilyHTTP, "", strconv.Itoa(status))
}

// codesByKey is responseCodes' positions sorted by family and code (table
// order among equal keys): every answer looks up three to five codes (its
// status code per family, the payment status, the HTTP status), and a scan
// of the whole table was a tenth of payway.send_step. A sorted slice, not a
// map: 400 bytes in the pre-initialized module's memory instead of 30 KB.
var codesByKey = func() []uint16 {
	index := make([]uint16, len(responseCodes))
	for i := range index {
		index[i] = uint16(i)
	}
	slices.SortStableFunc(index, func(a, b uint16) int {
		return compareCodeKey(&responseCodes[a], responseCodes[b].Family, responseCodes[b].Code)
	})
	return index
}()

func compareCodeKey(e *ResponseCode, family, code string) int {
	return cmp.Or(strings.Compare(e.Family, family), strings.Compare(e.Code, code))
}

func findCode(family, operation, key string) (ResponseCode, bool) {
	var general *ResponseCode
	first, _ := slices.BinarySearchFunc(codesByKey, 0, func(i uint16, _ int) int {
		return compareCodeKey(&responseCodes[i], family, key)
	})
	for _, i := range codesByKey[first:] {
		if compareCodeKey(&responseCodes[i], family, key) != 0 {
			break
		}
		e := &responseCodes[i]
		if len(e.Operations) == 0 {
			if general == nil {
				general = e
			}
		} else if slices.Contains(e.Operations, operation) {
			return *e, true
		}
	}
	if general == nil {
		return ResponseCode{}, false
	}
	return *general, true
}

// codeKey is the table's spelling of a code: trimmed, and a numeric code
// without leading zeros ("00" is "0", "01" is "1").
func codeKey(code string) string {
	code = strings.TrimSpace(code)
	if code == "" || strings.Trim(code, "0123456789") != "" {
		return strings.ToUpper(code)
	}
	trimmed := strings.TrimLeft(code, "0")
	if trimmed == "" {
		return "0"
	}
	return trimmed
}
