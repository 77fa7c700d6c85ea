package payway

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/datetime"
	"github.com/paysign/paysign/core/internal/numtext"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/wire"
)

// Params are an operation's inputs by PayWay field name, with plain values
// (paysign applies base64 and JSON encoding where PayWay wants them):
//
//   - text and URLs: string;
//   - amounts and integers: a decimal string ("1.50"), a json.Number, or a
//     value of any Go integer type; never float32 or float64, which have no
//     exact decimal text;
//   - items: []Item; payout lists: []Payout (written with the member names
//     the operation documents, {acc, amt} or {account, amount});
//   - other JSON objects and arrays: Object, []Object or []any of such
//     values, or json.RawMessage (JSON text, member order kept).
//
// Member order is part of the bytes PayWay receives (it hashes the base64
// of the JSON text), so a map[string]any, which has no order, is refused
// inside a JSON value: give an Object. An absent parameter and an empty
// string are the same.
type Params map[string]any

// An Object is a JSON object whose members keep the order given.
type Object []Member

// Member is one member of an Object. Value takes the same forms as a
// parameter value.
type Member struct {
	Name  string
	Value any
}

// Item is one element of an items list: {"name", "quantity", "price"}.
type Item struct {
	Name     string
	Quantity int
	// Price is a decimal string, sent as given.
	Price string
}

// Payout is one element of a payout or beneficiaries list. It is written
// with the member names the operation documents: {"acc", "amt"} (purchase,
// subscription, pre-auth completion, payment links, token purchase) or
// {"account", "amount"} (QR API, payout).
type Payout struct {
	Account string
	// Amount is a decimal string.
	Amount string
}

// normalized holds what an operation's params become: the text of each
// body field and the merchant_auth members, in catalogue order.
type normalized struct {
	text map[string]string // body field name -> value as sent and hashed
	auth wire.Object       // merchant_auth members after mc_id
	list any               // the encrypted array (payout beneficiaries)
}

// normalize validates params against op and converts them.
func normalize(op *Operation, params Params) (*normalized, error) {
	var unknown []string
	for name := range params {
		if op.param(name) == nil {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, core.Fieldf("params."+clip(unknown[0]), core.ErrMalformedRequest, "%s does not take %q%s", op.Name, clip(unknown[0]), DidYouMean(unknown[0], op.paramNames()))
	}

	currency := ""
	if c, ok := params["currency"].(string); ok {
		currency = c
	}
	// Sized for the fields given (and merchant_id, the time, an encrypted
	// field), not for every field the operation could take.
	n := &normalized{text: make(map[string]string, len(params)+3)}
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
		text, value, err := convert(p, raw, currency)
		if err != nil {
			return nil, err
		}
		if p.In == InBody {
			n.text[p.Name] = text
			continue
		}
		if value == nil {
			value = text
		}
		switch p.In {
		case InMerchantAuth:
			n.auth = append(n.auth, wire.Member{Name: p.Name, Value: value})
		case InBeneficiaries:
			n.list = value
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

// convert checks one value and returns what is sent: its text, or (value
// not nil) the JSON value a merchant_auth or beneficiaries member embeds.
// A text is not boxed in an interface: a body field's value stays a string.
func convert(p *Param, raw any, currency string) (text string, value any, err error) {
	field := p.path // op is a catalogue entry: its paths were made at start
	switch p.Type {
	case TypeString, TypeURL:
		s, ok := raw.(string)
		if !ok {
			return "", nil, core.Fieldf(field, core.ErrInvalidFormat, "%s must be a JSON string", p.Name)
		}
		if err := checkText(p, field, s); err != nil {
			return "", nil, err
		}
		if p.Type == TypeURL {
			if err := checkURL(field, s); err != nil {
				return "", nil, err
			}
			if p.Encoding == EncodingBase64 {
				s = base64.StdEncoding.EncodeToString([]byte(s))
			}
		}
		return s, nil, checkLength(p, field, s)
	case TypeAmount:
		s, err := amountText(field, raw)
		if err != nil {
			return "", nil, err
		}
		if s, err = formatAmount(field, s, currency, p.AllowZero); err != nil || p.In == InBody {
			return s, nil, err
		}
		n, err := floatJSON(field, s)
		if err != nil {
			return "", nil, err
		}
		return "", n, nil
	case TypeInteger:
		s, err := integerText(p, field, raw)
		if err != nil {
			return "", nil, err
		}
		if p.In == InMerchantAuth {
			return "", json.Number(s), nil // a JSON number, as PHP's samples send it
		}
		return s, nil, nil
	case TypeArray, TypeObject:
		v, err := jsonValue(p, field, raw)
		if err != nil {
			return "", nil, err
		}
		if p.Encoding == EncodingNone {
			return "", v, nil // embedded as JSON inside merchant_auth / beneficiaries
		}
		s := string(php.Encode(v))
		if p.Encoding == EncodingBase64 {
			s = base64.StdEncoding.EncodeToString([]byte(s))
		}
		return s, nil, checkLength(p, field, s)
	}
	panic("payway: unknown param type " + p.Type)
}

// checkText applies the rules every text obeys, then the param's own.
func checkText(p *Param, field, s string) error {
	hashed := p.In == InBody
	if hashed && strings.TrimSpace(s) != s {
		// PayWay's Laravel backend trims input before hashing; a trimmed
		// value would hash differently from what was signed. Text inside
		// merchant_auth is not hashed as text, so it is sent as given.
		return core.Fieldf(field, core.ErrInvalidFormat, "%s has leading or trailing white space", p.Name)
	}
	if !utf8.ValidString(s) {
		return core.Fieldf(field, core.ErrInvalidFormat, "%s is not valid UTF-8", p.Name)
	}
	for _, r := range s {
		if (r < 0x20 || r == 0x7f) && (hashed || !strings.ContainsRune("\t\n\r", r)) {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s contains a control character", p.Name)
		}
	}
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
		return core.Fieldf(field, core.ErrInvalidFormat, "%s must be one of %s", p.Name, strings.Join(p.Enum, ", "))
	}
	switch p.Format {
	case FormatTranID:
		if !allRunes(s, func(r rune) bool { return r < 0x80 && (r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) }) {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s may hold only letters, digits and '-'", p.Name)
		}
	case FormatAlnum5To24:
		if len(s) < 5 || len(s) > 24 || !allRunes(s, func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }) {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s must be 5 to 24 letters and digits", p.Name)
		}
	case FormatListDate:
		if _, ok := datetime.Spaced(s); !ok {
			return core.Fieldf(field, core.ErrInvalidFormat, "%s must be YYYY-MM-DD HH:mm:ss", p.Name)
		}
	case FormatEmail:
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

// amountText is the text of an amount given as a string, a json.Number or
// a Go integer.
func amountText(field string, raw any) (string, error) {
	s, err := numtext.Of(raw)
	switch {
	case errors.Is(err, numtext.ErrFloat):
		return "", core.Fieldf(field, core.ErrFloat, "give the amount as a decimal string such as \"1.50\", not a %T", raw)
	case err != nil:
		return "", core.Fieldf(field, core.ErrInvalidAmount, "amounts are decimal strings such as \"1.50\", not %T", raw)
	}
	return s, nil
}

// checkList checks a list param's entries: at most MaxItems, each a JSON
// object.
func checkList(p *Param, field string, list []any) error {
	if p.MaxItems > 0 && len(list) > p.MaxItems {
		return core.Fieldf(field, core.ErrInvalidFormat, "%s has more than %d entries", p.Name, p.MaxItems)
	}
	for _, e := range list {
		if _, ok := e.(wire.Object); !ok {
			return core.Fieldf(field, core.ErrInvalidFormat, "every entry of %s must be a JSON object", p.Name)
		}
	}
	return nil
}

// floatJSON is how an amount travels inside an encrypted object: the JSON
// number PHP's json_encode((float)$amount) writes ("1.50" is 1.5, "10.00"
// is 10), the form public sandbox runs accepted. An amount a float cannot
// carry exactly is refused rather than rounded.
func floatJSON(field, amount string) (json.Number, error) {
	n := php.FloatJSON(amount)
	exact := amount
	if strings.Contains(exact, ".") {
		exact = strings.TrimRight(strings.TrimRight(exact, "0"), ".")
	}
	if string(n) != exact {
		return "", core.Fieldf(field, core.ErrInvalidAmount, "%s cannot be sent exactly as the JSON number PayWay expects inside merchant_auth", clip(amount))
	}
	return n, nil
}

// encryptedAmounts rewrites the amount member of every element of a payout
// list that travels inside an encrypted object as a JSON number.
func encryptedAmounts(field string, list []any, amountMember string) error {
	for _, e := range list {
		obj := e.(wire.Object)
		for i := range obj {
			if obj[i].Name != amountMember {
				continue
			}
			s, err := amountText(field, obj[i].Value)
			if err != nil {
				return err
			}
			if _, err := formatAmount(field, s, "", true); err != nil {
				return err
			}
			if obj[i].Value, err = floatJSON(field, s); err != nil {
				return err
			}
		}
	}
	return nil
}

func integerText(p *Param, field string, raw any) (string, error) {
	s, err := numtext.Of(raw)
	if errors.Is(err, numtext.ErrFloat) {
		return "", core.Fieldf(field, core.ErrFloat, "%s must be a whole number: give it as an integer or a decimal string, not a %T", p.Name, raw)
	}
	if err != nil {
		return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a whole number", p.Name)
	}
	n, ok := numtext.Integer(s)
	if !ok {
		return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a whole number without sign or leading zeros", p.Name)
	}
	if n < int64(p.Min) || (p.Max > 0 && n > int64(p.Max)) {
		return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be between %d and %d", p.Name, p.Min, p.Max)
	}
	return s, nil
}

// jsonValue checks an array or object param and returns it in the ordered
// form php.Encode writes.
func jsonValue(p *Param, field string, raw any) (any, error) {
	names := p.payoutNames()
	value, err := ordered(raw, names)
	if errors.Is(err, errFloat) {
		return nil, core.Fieldf(field, core.ErrFloat, "%s %s", p.Name, err)
	}
	if err != nil {
		return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s %s", p.Name, err)
	}
	switch v := value.(type) {
	case []any:
		if p.Type != TypeArray {
			break
		}
		if len(v) == 0 {
			return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s is an empty array", p.Name)
		}
		if err := checkList(p, field, v); err != nil {
			return nil, err
		}
		if names[1] != "" && p.In != InBody {
			if err := encryptedAmounts(field, v, names[1]); err != nil {
				return nil, err
			}
		}
		return v, nil
	case wire.Object:
		if p.Type == TypeObject {
			return v, nil
		}
	}
	want := "a JSON array"
	if p.Type == TypeObject {
		want = "a JSON object"
	}
	return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s must be %s (given plain: paysign encodes it)", p.Name, want)
}

var (
	errMap    = errors.New("is a map, whose members have no order: give a payway.Object")
	errFloat  = errors.New("contains a binary floating-point number: give a decimal string")
	errValue  = errors.New("contains a value paysign cannot encode")
	errUTF8   = errors.New("contains text that is not valid UTF-8")
	errPayout = errors.New("contains a payway.Payout, which belongs in payout and beneficiaries lists only")
)

// ordered converts a caller's value into the types php.Encode takes,
// keeping member order. payout are the member names of a Payout here.
func ordered(v any, payout [2]string) (any, error) {
	switch t := v.(type) {
	case string:
		if !utf8.ValidString(t) {
			return nil, errUTF8
		}
		return t, nil
	case json.Number, bool, nil:
		return t, nil
	case wire.Object:
		// A value core/abi parsed from JSON: ordered, valid UTF-8, no
		// float, no repeated member (abi checked).
		return t, nil
	case json.RawMessage:
		return wire.Parse(t)
	case Object:
		obj := make(wire.Object, len(t))
		for i, m := range t {
			if !utf8.ValidString(m.Name) {
				return nil, errUTF8
			}
			value, err := ordered(m.Value, payout)
			if err != nil {
				return nil, err
			}
			obj[i] = wire.Member{Name: m.Name, Value: value}
		}
		return obj, nil
	case Item:
		return ordered(Object{{"name", t.Name}, {"quantity", t.Quantity}, {"price", t.Price}}, payout)
	case Payout:
		if payout[0] == "" {
			return nil, errPayout
		}
		return ordered(Object{{payout[0], t.Account}, {payout[1], t.Amount}}, payout)
	case []Item:
		return orderedList(t, payout)
	case []Payout:
		return orderedList(t, payout)
	case []Object:
		return orderedList(t, payout)
	case []any:
		return orderedList(t, payout)
	case map[string]any, []map[string]any:
		return nil, errMap
	}
	if s, err := numtext.Of(v); err == nil {
		return json.Number(s), nil
	} else if errors.Is(err, numtext.ErrFloat) {
		return nil, errFloat
	}
	return nil, errValue
}

func orderedList[E any](list []E, payout [2]string) (any, error) {
	out := make([]any, len(list))
	for i, e := range list {
		v, err := ordered(e, payout)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func allRunes(s string, ok func(rune) bool) bool {
	for _, r := range s {
		if !ok(r) {
			return false
		}
	}
	return true
}

func clip(s string) string { return clipTo(s, 32) }

// clipTo keeps at most n bytes of s, whole characters only, valid UTF-8.
func clipTo(s string, n int) string {
	if len(s) <= n {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) { // never split a character
		cut--
	}
	return strings.ToValidUTF8(s[:cut], "\uFFFD") + "…"
}
