package payway

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
)

// Params are an operation's inputs by PayWay field name, with plain values:
// strings for text, amounts and URLs; strings or json.Number / int for
// integers and amounts; []any, core.Object or map[string]any for JSON
// arrays and objects. paysign applies base64 and JSON encoding itself.
type Params map[string]any

// normalized holds what an operation's params become: the text of each
// body field and the merchant_auth members, in catalogue order.
type normalized struct {
	text map[string]string // body field name -> value as sent and hashed
	auth core.Object       // merchant_auth members after mc_id
	list any               // the encrypted array (payout beneficiaries)
}

// normalize validates params against op and converts them.
func normalize(op *Operation, params Params) (*normalized, error) {
	known := make(map[string]bool, len(op.Params))
	for _, p := range op.Params {
		known[p.Name] = true
	}
	var unknown []string
	for name := range params {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, core.Fieldf("params."+unknown[0], core.ErrMalformedRequest, "%s does not take %q", op.Name, clip(unknown[0]))
	}

	currency := ""
	if c, ok := params["currency"].(string); ok {
		currency = c
	}
	n := &normalized{text: map[string]string{}}
	for i := range op.Params {
		p := &op.Params[i]
		raw, present := params[p.Name]
		if present && isEmpty(raw) {
			present = false // an empty optional field is the same as an absent one
		}
		if !present {
			if p.Required {
				return nil, core.Fieldf("params."+p.Name, core.ErrRequired, "%s needs %s", op.Name, p.Name)
			}
			continue
		}
		v, err := convert(p, raw, currency)
		if err != nil {
			return nil, err
		}
		switch p.In {
		case inBody:
			n.text[p.Name] = v.(string)
		case inMerchantAuth:
			n.auth = append(n.auth, core.Member{Name: p.Name, Value: v})
		case inBeneficiaries:
			n.list = v
		}
	}
	return n, nil
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	}
	return false
}

// convert checks one value and returns what is sent: a string for body
// fields; for merchant_auth members the JSON value to embed.
func convert(p *Param, raw any, currency string) (any, error) {
	field := "params." + p.Name
	switch p.Type {
	case typeString, typeURL:
		s, ok := raw.(string)
		if !ok {
			return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s must be a JSON string", p.Name)
		}
		if err := checkText(p, field, s); err != nil {
			return nil, err
		}
		if p.Type == typeURL {
			if err := checkURL(field, s); err != nil {
				return nil, err
			}
			if p.Encoding == encBase64 {
				s = base64.StdEncoding.EncodeToString([]byte(s))
			}
		}
		return s, checkLength(p, field, s)
	case typeAmount:
		s, err := amountText(field, raw)
		if err != nil {
			return nil, err
		}
		return formatAmount(field, s, currency, p.AllowZero)
	case typeInteger:
		s, err := integerText(p, field, raw)
		if err != nil {
			return nil, err
		}
		if p.In == inMerchantAuth {
			return json.Number(s), nil // a JSON number, as PHP's samples send it
		}
		return s, nil
	case typeArray, typeObject:
		value, err := jsonValue(p, field, raw)
		if err != nil {
			return nil, err
		}
		if p.Encoding == encNone {
			return value, nil // embedded as JSON inside merchant_auth / beneficiaries
		}
		s := string(core.PHPJSON(value))
		if p.Encoding == encBase64 {
			s = base64.StdEncoding.EncodeToString([]byte(s))
		}
		return s, checkLength(p, field, s)
	}
	panic("payway: unknown param type " + p.Type)
}

// checkText applies the rules every hashed text obeys, then the param's own.
func checkText(p *Param, field, s string) error {
	if strings.TrimSpace(s) != s {
		// PayWay's Laravel backend trims input before hashing; a trimmed
		// value would hash differently from what was signed.
		return core.Fieldf(field, core.ErrInvalidFormat, "%s has leading or trailing white space", p.Name)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s contains a control character", p.Name)
		}
	}
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
		return core.Fieldf(field, core.ErrInvalidFormat, "%s must be one of %s", p.Name, strings.Join(p.Enum, ", "))
	}
	switch p.Format {
	case fmtTranID:
		if !allRunes(s, func(r rune) bool { return r < 0x80 && (r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) }) {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s may hold only letters, digits and '-'", p.Name)
		}
	case fmtAlnum524:
		if len(s) < 5 || len(s) > 24 || !allRunes(s, func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }) {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s must be 5 to 24 letters and digits", p.Name)
		}
	case fmtListDate:
		if _, err := time.Parse("2006-01-02 15:04:05", s); err != nil {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s must be YYYY-MM-DD HH:mm:ss", p.Name)
		}
	case fmtEmail:
		local, domain, ok := strings.Cut(s, "@")
		if !ok || local == "" || domain == "" || strings.ContainsAny(s, " ") || strings.Contains(domain, "@") {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s is not an email address", p.Name)
		}
	}
	return checkLength(p, field, s)
}

func checkLength(p *Param, field, s string) error {
	if p.MaxLength > 0 && utf8.RuneCountInString(s) > p.MaxLength {
		return core.Fieldf(field, core.ErrInvalidFormat, "%s is longer than %d characters as sent", p.Name, p.MaxLength)
	}
	return nil
}

func checkURL(field, s string) error {
	lower := strings.ToLower(s)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") || len(s) <= len("http://") || strings.ContainsAny(s, " \t") {
		return core.Fieldf(field, core.ErrInvalidFormat, "must be an absolute http(s) URL, given plain (paysign applies base64 where PayWay wants it)")
	}
	return nil
}

// amountText accepts a JSON string or a JSON number's exact lexeme. A Go
// float64 is refused: it has no exact decimal text.
func amountText(field string, raw any) (string, error) {
	switch t := raw.(type) {
	case string:
		return t, nil
	case json.Number:
		return string(t), nil
	case int:
		return strconv.Itoa(t), nil
	case int64:
		return strconv.FormatInt(t, 10), nil
	}
	return "", core.Fieldf(field, core.ErrInvalidAmount, "amounts are decimal strings such as \"1.50\", not %T", raw)
}

// formatAmount applies PayWay's currency rules: USD is sent with exactly
// two decimals (minimum 0.01), KHR as a whole number (minimum 100). Without
// a currency the amount is checked (at most two decimals) and sent as given.
func formatAmount(field, s, currency string, allowZero bool) (string, error) {
	d, err := core.ParseDecimal(s)
	if err != nil {
		return "", &core.FieldError{Field: field, Err: err}
	}
	scale := 2
	if currency == "KHR" {
		scale = 0
	}
	scaled, err := d.Scale(scale)
	if err != nil {
		return "", &core.FieldError{Field: field, Err: err}
	}
	if d.IsZero() {
		if allowZero {
			return scaled.String(), nil
		}
		return "", core.Fieldf(field, core.ErrAmountTooSmall, "amount must be greater than zero")
	}
	switch currency {
	case "USD":
		return scaled.String(), nil
	case "KHR":
		if scaled.Less(core.Decimal{Int: "100"}) && !allowZero {
			return "", core.Fieldf(field, core.ErrAmountTooSmall, "KHR amounts start at 100")
		}
		return scaled.String(), nil
	}
	return s, nil
}

func integerText(p *Param, field string, raw any) (string, error) {
	var s string
	switch t := raw.(type) {
	case string:
		s = t
	case json.Number:
		s = string(t)
	case int:
		s = strconv.Itoa(t)
	default:
		return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a whole number", p.Name)
	}
	n, err := strconv.Atoi(s)
	if err != nil || strconv.Itoa(n) != s {
		return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a whole number without sign or leading zeros", p.Name)
	}
	if n < p.Min || (p.Max > 0 && n > p.Max) {
		return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be between %d and %d", p.Name, p.Min, p.Max)
	}
	return s, nil
}

// jsonValue checks an array or object param and returns it in the ordered
// form core.PHPJSON encodes.
func jsonValue(p *Param, field string, raw any) (any, error) {
	value := ordered(raw)
	switch v := value.(type) {
	case []any:
		if p.Type != typeArray {
			break
		}
		if len(v) == 0 {
			return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s is an empty array", p.Name)
		}
		if p.MaxItems > 0 && len(v) > p.MaxItems {
			return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s has more than %d entries", p.Name, p.MaxItems)
		}
		for _, e := range v {
			if _, ok := e.(core.Object); !ok {
				return nil, core.Fieldf(field, core.ErrInvalidFormat, "every entry of %s must be a JSON object", p.Name)
			}
		}
		return v, nil
	case core.Object:
		if p.Type == typeObject {
			return v, nil
		}
	case nil:
		return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s contains a value paysign cannot encode", p.Name)
	}
	want := "a JSON array"
	if p.Type == typeObject {
		want = "a JSON object"
	}
	return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s must be %s (given plain: paysign encodes it)", p.Name, want)
}

// ordered converts Go values to the types core.PHPJSON takes; map keys are
// sorted because a Go map has no order. Unsupported values become nil.
func ordered(v any) any {
	switch t := v.(type) {
	case string, json.Number, bool, core.Object:
		return t
	case int:
		return json.Number(strconv.Itoa(t))
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			if out[i] = ordered(e); out[i] == nil && e != nil {
				return nil
			}
		}
		return out
	case []map[string]any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = ordered(e)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		obj := make(core.Object, 0, len(t))
		for _, k := range keys {
			e := ordered(t[k])
			if e == nil && t[k] != nil {
				return nil
			}
			obj = append(obj, core.Member{Name: k, Value: e})
		}
		return obj
	}
	return nil
}

func allRunes(s string, ok func(rune) bool) bool {
	for _, r := range s {
		if !ok(r) {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
