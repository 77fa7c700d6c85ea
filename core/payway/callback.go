package payway

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paysign/paysign/core"
)

// CallbackHeader is the HTTP header PayWay's documentation says carries the
// signature of a checkout or Credentials-on-File pushback.
const CallbackHeader = "X-PayWay-HMAC-SHA512"

// maxCallbackDepth is PHP json_decode's default nesting limit: a deeper body
// makes the documented PHP snippet fail, so paysign rejects it too.
const maxCallbackDepth = 512

// Callback is the result of a verified pushback.
type Callback struct {
	// Valid is always true: a callback that does not verify is an error.
	Valid bool `json:"valid"`
	// HashInput is the exact string that was HMAC'd: the values of the
	// top-level members in PHP ksort order, stringified the PHP way.
	HashInput string `json:"hash_input"`
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
	return &Callback{Valid: true, HashInput: input}, nil
}

// CallbackHashInput returns the string PayWay's documented PHP snippet
// HMACs for body (see VerifyCallback). It fails with core.ErrBodyMalformed
// if body is not a JSON object that PHP's json_decode accepts.
func CallbackHashInput(body []byte) (string, error) {
	v, err := core.ParseOrdered(body)
	if err != nil {
		return "", core.Fieldf("body", core.ErrBodyMalformed, "the callback body is not valid JSON")
	}
	obj, ok := v.(core.Object)
	if !ok {
		return "", core.Fieldf("body", core.ErrBodyMalformed, "the callback body is not a JSON object")
	}
	if depth(v) > maxCallbackDepth {
		return "", core.Fieldf("body", core.ErrBodyMalformed, "the callback body nests deeper than %d levels", maxCallbackDepth)
	}
	members := phpArray(obj)
	if err := checkKeyOrder(members); err != nil {
		return "", err
	}
	slices.SortStableFunc(members, func(a, b phpMember) int { return comparePHPKeys(a.key, b.key) })
	var b strings.Builder
	for _, m := range members {
		switch t := m.value.(type) {
		case core.Object, []any:
			if s, ok := phpJSONEncode(t); ok {
				b.WriteString(s)
			} // json_encode returned false (INF inside): PHP appends ""
		default:
			b.WriteString(phpString(t))
		}
	}
	return b.String(), nil
}

// phpKey is a PHP array key: json_decode turns a member name that is a
// canonical decimal integer ("7", "-3", not "07" or "-0") into an int key.
type phpKey struct {
	name  string
	isInt bool
	n     int64
}

type phpMember struct {
	key   phpKey
	value any
}

func newPHPKey(name string) phpKey {
	if n, err := strconv.ParseInt(name, 10, 64); err == nil && strconv.FormatInt(n, 10) == name {
		return phpKey{name: name, isInt: true, n: n}
	}
	return phpKey{name: name}
}

// phpArray turns a decoded object into the PHP array json_decode($s, true)
// builds: a repeated key keeps its first position and takes the last value.
func phpArray(obj core.Object) []phpMember {
	out := make([]phpMember, 0, len(obj))
	index := make(map[phpKey]int, len(obj))
	for _, m := range obj {
		k := newPHPKey(m.Name)
		if i, dup := index[k]; dup {
			out[i].value = m.Value
			continue
		}
		index[k] = len(out)
		out = append(out, phpMember{key: k, value: m.Value})
	}
	return out
}

// comparePHPKeys is PHP 8's ksort comparison (SORT_REGULAR): two int keys
// numerically; two string keys numerically when both are numeric strings,
// else byte-wise; an int and a string numerically when the string is
// numeric, else byte-wise on the int's decimal text.
func comparePHPKeys(a, b phpKey) int {
	if a.isInt && b.isInt {
		return cmp.Compare(a.n, b.n)
	}
	if fa, ok := phpNumeric(a); ok {
		if fb, ok := phpNumeric(b); ok {
			return cmp.Compare(fa, fb)
		}
	}
	return strings.Compare(a.name, b.name)
}

// phpNumeric reports whether a key is an int or a PHP 8 numeric string
// (optional leading and trailing whitespace, sign, digits with an optional
// fraction and exponent) and its value.
func phpNumeric(k phpKey) (float64, bool) {
	if k.isInt {
		return float64(k.n), true
	}
	s := strings.TrimRight(strings.TrimLeft(k.name, " \t\n\r\v\f"), " \t\n\r\v\f")
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" {
		return 0, false
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(body), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	if !digitsOnly(intPart, true) || !digitsOnly(frac, true) || intPart+frac == "" {
		return 0, false
	}
	if hasExp {
		exp = strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
		if !digitsOnly(exp, false) {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func digitsOnly(s string, emptyOK bool) bool {
	if s == "" {
		return emptyOK
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkKeyOrder rejects the rare key sets whose PHP 8 ordering is not a
// total order (numeric keys mixed with non-numeric keys that start with a
// byte below ':', such as "1a"): PHP's result then depends on its sort
// algorithm's internals, and no verifier can promise to agree with it.
func checkKeyOrder(members []phpMember) error {
	var numeric, lowText bool
	for _, m := range members {
		if _, ok := phpNumeric(m.key); ok {
			numeric = true
		} else if m.key.name != "" && m.key.name[0] < ':' {
			lowText = true
		}
	}
	if numeric && lowText {
		return core.Fieldf("body", core.ErrBodyMalformed, "the callback body mixes numeric member names with names such as \"1a\" whose PHP ksort order is undefined")
	}
	return nil
}

// depth returns the nesting depth of arrays and objects in v (1 for a flat
// object), the measure of PHP json_decode's depth limit.
func depth(v any) int {
	d := 0
	switch t := v.(type) {
	case core.Object:
		for _, m := range t {
			d = max(d, depth(m.Value))
		}
		return d + 1
	case []any:
		for _, e := range t {
			d = max(d, depth(e))
		}
		return d + 1
	}
	return 0
}

// phpNumber is a decoded JSON number the way PHP's json_decode types it:
// an int when the lexeme is an integer that fits in 64 bits, else a float.
func phpNumber(n json.Number) (i int64, f float64, isInt bool) {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, 0, true
		}
	}
	f, _ = strconv.ParseFloat(s, 64) // ±Inf on overflow, as PHP's zend_strtod
	return 0, f, false
}

// phpString is PHP's (string) conversion of a decoded scalar.
func phpString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		if t {
			return "1"
		}
		return ""
	case nil:
		return ""
	case json.Number:
		i, f, isInt := phpNumber(t)
		if isInt {
			return strconv.FormatInt(i, 10)
		}
		return phpGcvt(f, 14, 'E')
	}
	return ""
}

// phpGcvt is PHP's php_gcvt: precision significant digits (0 means the
// shortest text that round-trips, PHP's serialize_precision -1), written
// in plain notation unless the decimal exponent is below -4 or at least
// precision (17 for shortest), then as "1.0E+25" with expChar.
func phpGcvt(f float64, precision int, expChar byte) string {
	switch {
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	case math.IsNaN(f):
		return "NAN"
	}
	neg := math.Signbit(f)
	f = math.Abs(f)
	var e string
	if precision == 0 {
		e = strconv.FormatFloat(f, 'e', -1, 64)
		precision = 17
	} else {
		e = strconv.FormatFloat(f, 'e', precision-1, 64)
	}
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.TrimRight(strings.Replace(mant, ".", "", 1), "0")
	if digits == "" {
		digits = "0"
	}
	x, _ := strconv.Atoi(exp)
	decpt := x + 1
	if digits == "0" {
		decpt = 1
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case decpt < -3 || decpt > precision:
		b.WriteByte(digits[0])
		b.WriteByte('.')
		if len(digits) == 1 {
			b.WriteByte('0')
		} else {
			b.WriteString(digits[1:])
		}
		b.WriteByte(expChar)
		if decpt-1 < 0 {
			b.WriteByte('-')
		} else {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(abs(decpt - 1)))
	case decpt <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -decpt))
		b.WriteString(digits)
	default:
		if len(digits) <= decpt {
			b.WriteString(digits)
			b.WriteString(strings.Repeat("0", decpt-len(digits)))
		} else {
			b.WriteString(digits[:decpt])
			b.WriteByte('.')
			b.WriteString(digits[decpt:])
		}
	}
	return b.String()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// phpJSONEncode is PHP's json_encode (default flags) of the array
// json_decode($s, true) made from v: objects become arrays (repeated keys
// keep the first position and the last value), an array whose keys are
// 0, 1, 2, ... in order is written as a JSON list (so {} becomes []),
// integers in decimal and floats in the shortest round-trip form. It
// reports false where json_encode returns false (an infinite float).
func phpJSONEncode(v any) (string, bool) {
	var b bytes.Buffer
	ok := writePHPValue(&b, v)
	return b.String(), ok
}

func writePHPValue(b *bytes.Buffer, v any) bool {
	switch t := v.(type) {
	case core.Object:
		members := phpArray(t)
		isList := true
		for i, m := range members {
			if !m.key.isInt || m.key.n != int64(i) {
				isList = false
				break
			}
		}
		ok := true
		if isList {
			b.WriteByte('[')
		} else {
			b.WriteByte('{')
		}
		for i, m := range members {
			if i > 0 {
				b.WriteByte(',')
			}
			if !isList {
				b.Write(core.PHPJSON(m.key.name))
				b.WriteByte(':')
			}
			ok = writePHPValue(b, m.value) && ok
		}
		if isList {
			b.WriteByte(']')
		} else {
			b.WriteByte('}')
		}
		return ok
	case []any:
		ok := true
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			ok = writePHPValue(b, e) && ok
		}
		b.WriteByte(']')
		return ok
	case json.Number:
		i, f, isInt := phpNumber(t)
		if isInt {
			b.WriteString(strconv.FormatInt(i, 10))
			return true
		}
		if math.IsInf(f, 0) {
			b.WriteByte('0')
			return false
		}
		b.WriteString(phpGcvt(f, 0, 'e'))
		return true
	default:
		b.Write(core.PHPJSON(t))
		return true
	}
}

type callbackRequest struct {
	Credentials struct {
		APIKey string `json:"api_key"`
	} `json:"credentials"`
	// Body is the raw request body exactly as received.
	Body string `json:"body"`
	// Signature is the value of the X-PayWay-HMAC-SHA512 header.
	Signature string `json:"signature"`
}

// VerifyCallbackJSON is the payway.verify_callback op:
// {"credentials": {"api_key": ...}, "body": raw body, "signature": header value}.
func VerifyCallbackJSON(request []byte) (any, error) {
	var r callbackRequest
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	return VerifyCallback([]byte(r.Body), r.Signature, r.Credentials.APIKey)
}
