package payway

import (
	"encoding/base64"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/php"
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
	input, err := CallbackHashInput(body)
	if err != nil {
		return nil, err
	}
	if !core.EqualMAC(core.HMACSHA512([]byte(apiKey), []byte(input)), received) {
		return nil, core.Fieldf("signature", core.ErrSignatureMismatch, "the %s header does not match the body", CallbackHeader)
	}
	return &Callback{HashInput: input}, nil
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
	return base64.StdEncoding.EncodeToString(core.HMACSHA512([]byte(apiKey), []byte(input))), nil
}

// CallbackHashInput returns the string PayWay's documented PHP snippet
// HMACs for body (see VerifyCallback). It fails with core.ErrBodyMalformed
// if body is not a JSON object that PHP's json_decode accepts.
func CallbackHashInput(body []byte) (string, error) {
	v, err := wire.Parse(body)
	if err != nil {
		return "", core.Fieldf("body", core.ErrBodyMalformed, "the callback body is not valid JSON (or nests deeper than PHP's json_decode accepts)")
	}
	obj, ok := v.(wire.Object)
	if !ok {
		return "", core.Fieldf("body", core.ErrBodyMalformed, "the callback body is not a JSON object")
	}
	entries := php.Decode(obj)
	if err := checkKeyOrder(entries); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(body) / 2)
	for _, e := range php.Ksort(entries) {
		switch t := e.Value.(type) {
		case wire.Object, []any:
			if s, ok := php.EncodeDecoded(t); ok {
				b.WriteString(s)
			} // json_encode returned false (INF inside): PHP appends ""
		default:
			b.WriteString(php.String(t))
		}
	}
	return b.String(), nil
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
