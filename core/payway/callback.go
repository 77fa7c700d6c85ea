package payway

import (
	"encoding/base64"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/core/internal/wire"
)

// CallbackHeader is the HTTP header PayWay's documentation says carries the
// signature of a checkout or Credentials-on-File pushback.
const CallbackHeader = "X-PayWay-HMAC-SHA512"

// Callback is a verified pushback.
type Callback struct {
	// HashInput is the exact string that was HMAC'd: the values of the
	// top-level members in PHP ksort order, stringified the PHP way.
	HashInput string
	// The members PayWay's pushbacks carry, as the text they contribute
	// to HashInput ("" when absent): tran_id, apv, status, return_params,
	// and merchant_ref (or a payment link's merchant_ref_no).
	TranID, APV, Status, ReturnParams, MerchantRef string
}

// VerifyCallback checks the X-PayWay-HMAC-SHA512 signature of a PayWay
// pushback the way PayWay's documented PHP snippet does: it json_decodes the
// raw body, ksorts the top-level members, concatenates their values
// stringified as PHP does (strings as received, integers in decimal, floats
// with PHP's default precision of 14 significant digits, true as "1", false
// and null as "", nested arrays and objects as PHP's json_encode writes
// them), and compares base64(HMAC-SHA512(apiKey, that string)) with
// signature in constant time. apiKey is the merchant's PayWay API key.
//
// A valid signature is evidence, not proof of payment. PayWay documents no
// timestamp or replay protection for pushbacks, captured pushbacks have been
// seen without the header, and ABA states that callbacks are not
// guaranteed: the Check Transaction call (operation check_transaction)
// remains the source of truth, and an order must only be fulfilled after it
// confirms the payment.
//
// Errors wrap core.ErrRequired (no API key), core.ErrSignatureMissing,
// core.ErrSignatureMalformed (not base64 of 64 bytes),
// core.ErrBodyMalformed (not a JSON object PHP's json_decode accepts) or
// core.ErrSignatureMismatch.
func VerifyCallback(body []byte, signature, apiKey string) (*Callback, error) {
	if apiKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the API key is required")
	}
	if signature == "" {
		return nil, core.Fieldf("signature", core.ErrSignatureMissing, "the %s header is empty or absent", CallbackHeader)
	}
	received, err := base64.StdEncoding.Strict().DecodeString(signature)
	if err != nil || len(received) != 64 || base64.StdEncoding.EncodeToString(received) != signature {
		return nil, core.Fieldf("signature", core.ErrSignatureMalformed, "%s must be the base64 of a 64-byte HMAC-SHA512", CallbackHeader)
	}
	entries, input, err := callbackEntries(body)
	if err != nil {
		return nil, err
	}
	if !primitive.EqualMAC(primitive.HMACSHA512([]byte(apiKey), []byte(input)), received) {
		return nil, core.Fieldf("signature", core.ErrSignatureMismatch, "the %s header does not match the body", CallbackHeader)
	}
	text := func(names ...string) string {
		for _, name := range names {
			for _, e := range entries { // one entry per key: php.Decode keeps a duplicate's last value
				if e.Key.Name == name {
					return hashText(e.Value)
				}
			}
		}
		return ""
	}
	return &Callback{HashInput: input, TranID: text("tran_id"), APV: text("apv"), Status: text("status"),
		ReturnParams: text("return_params"), MerchantRef: text("merchant_ref", "merchant_ref_no")}, nil
}

// SignCallback returns the X-PayWay-HMAC-SHA512 header value PayWay's
// documented PHP snippet computes for a pushback body: base64 of
// HMAC-SHA512 with apiKey over CallbackHashInput(body). It is the
// gateway's side of VerifyCallback, for tests of a merchant's own
// callback handler and for test doubles of PayWay; signature verifies
// with VerifyCallback(body, signature, apiKey).
//
// Errors wrap core.ErrRequired (no API key) or core.ErrBodyMalformed.
func SignCallback(body []byte, apiKey string) (signature string, err error) {
	if apiKey == "" {
		return "", core.Fieldf("credentials.api_key", core.ErrRequired, "the API key is required")
	}
	input, err := CallbackHashInput(body)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(primitive.HMACSHA512([]byte(apiKey), []byte(input))), nil
}

// CallbackHashInput returns the string PayWay's documented PHP snippet
// HMACs for body (see VerifyCallback). It fails with core.ErrBodyMalformed
// if body is not a JSON object that PHP's json_decode accepts.
func CallbackHashInput(body []byte) (string, error) {
	_, input, err := callbackEntries(body)
	return input, err
}

// callbackEntries is the body's top-level members as PHP's json_decode
// keeps them, and CallbackHashInput's string.
func callbackEntries(body []byte) ([]php.Entry, string, error) {
	v, err := wire.Parse(body)
	if err != nil {
		return nil, "", core.Fieldf("body", core.ErrBodyMalformed, "the callback body is not valid JSON (or nests deeper than PHP's json_decode accepts)")
	}
	obj, ok := v.(wire.Object)
	if !ok {
		return nil, "", core.Fieldf("body", core.ErrBodyMalformed, "the callback body is not a JSON object")
	}
	entries := php.Decode(obj)
	if err := checkKeyOrder(entries); err != nil {
		return nil, "", err
	}
	var b strings.Builder
	b.Grow(len(body) / 2)
	for _, e := range php.Ksort(entries) {
		b.WriteString(hashText(e.Value))
	}
	return entries, b.String(), nil
}

// hashText is a decoded value as the PHP snippet concatenates it: nested
// arrays and objects as json_encode writes them ("" when json_encode
// returns false, INF inside), everything else as PHP's (string) cast.
func hashText(v any) string {
	switch t := v.(type) {
	case wire.Object, []any:
		if s, ok := php.EncodeDecoded(t); ok {
			return s
		}
		return ""
	}
	return php.String(v)
}

// checkKeyOrder rejects the rare key sets whose PHP 8 ordering is not a
// total order (numeric keys mixed with non-numeric keys that start with a
// byte below ':', such as "1a"): PHP's result then depends on its sort
// algorithm's internals, and no verifier can promise to agree with it.
func checkKeyOrder(entries []php.Entry) error {
	var numeric, lowText bool
	for _, e := range entries {
		if e.Key.Numeric() {
			numeric = true
		} else if e.Key.Name != "" && e.Key.Name[0] < ':' {
			lowText = true
		}
	}
	if numeric && lowText {
		return core.Fieldf("body", core.ErrBodyMalformed, "the callback body mixes numeric member names with names such as \"1a\" whose PHP ksort order is undefined")
	}
	return nil
}
