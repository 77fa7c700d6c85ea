package main

import (
	"encoding/base64"
	"fmt"
	"log"
	"strings"
	"unicode/utf8"

	"github.com/paysign/paysign/core/payway"
)

// edgesFile: payway.sign at the edges (payway_edges.json). Every limit the
// catalogue applies gets a valid vector at the limit and an invalid one
// just past it, naming the field; every base64-encoded parameter gets a
// value whose base64 text holds both '+' and '/', the two characters in
// which base64 and base64url differ. The PHP oracle carries its own
// transcription of PayWay's documented limits and requires these vectors
// to exist for each of them; here the catalogue only says where to look.
func edgesFile() *file {
	f := &file{Op: "payway.sign", Description: "PayWay request signing at the edges: each maximum length, minimum and maximum amount, list size, integer range and format at its limit (valid) and just past it (refused, naming the field), and every base64-encoded parameter with '+' and '/' in its base64 text. testvectors/oracle/payway.php checks them against its own transcription of PayWay's documented limits.", Notes: map[string]string{
		"Base64Alphabet": "every base64-encoded parameter of the operation holds '+' and '/' in its base64 text: base64url would send '-' and '_' instead",
		"Limit":          "a value at a limit (valid) or just past it (refused, naming the field)",
		"MaxLength":      "length in characters of the value as sent (after base64 or JSON encoding); base64 text grows by 4 characters, so its edge is the longest text not over the limit",
		"MaxItems":       "number of entries of a list",
		"Range":          "an integer's minimum or maximum",
		"Amount":         "an amount's minimum or maximum for its currency",
		"Format":         "a text format: tran_id characters, 5 to 24 letters and digits, YYYY-MM-DD HH:mm:ss, email",
		"MerchantID":     "merchant_id's maximum length for the operation",
		"Validation":     "invalid input rejected before signing with PayWay's own error code",
	}}
	for _, op := range payway.Operations() {
		e := edges{op: op}
		e.base64Alphabet()
		e.merchantID()
		for _, p := range op.Params {
			e.param(p)
		}
		f.Tests = append(f.Tests, e.tests...)
	}
	return f
}

type edges struct {
	op    payway.Operation
	tests []*test
}

// params are the operation's required parameters with sample values, in
// USD where it takes a currency, with changes applied (nil deletes).
func (e *edges) params(changes map[string]any) map[string]any {
	p := paramsOf(&e.op, false)
	if e.has("currency") {
		p["currency"] = "USD"
	}
	return changed(p, changes)
}

func (e *edges) has(name string) bool {
	for _, p := range e.op.Params {
		if p.Name == name {
			return true
		}
	}
	return false
}

func (e *edges) valid(comment string, flags []string, input map[string]any) {
	s, _ := signCase{comment: e.op.Name + ": " + comment, flags: flags, input: input, priv: priv1024}.tests()
	e.tests = append(e.tests, s)
}

func (e *edges) invalid(comment string, flags []string, code, field string, input map[string]any) {
	e.tests = append(e.tests, &test{Comment: e.op.Name + ": " + comment, Flags: append(flags, "Validation"), Input: input,
		Result: "invalid", ErrorCode: code, ErrorField: field})
}

func (e *edges) input(params map[string]any) map[string]any {
	return signInput(e.op.Name, params, pubFor(&e.op))
}

// pair adds the vector at a limit (what, e.g. "of 20 characters, the
// maximum") and the one just past it (past, e.g. "21 characters").
func (e *edges) pair(p payway.Param, what, pastWhat string, flags []string, at, past any, code string) {
	flags = append([]string{"Limit"}, flags...)
	e.valid(fmt.Sprintf("%s %s (valid)", p.Name, what), flags, e.input(e.params(map[string]any{p.Name: at})))
	e.invalid(fmt.Sprintf("%s just past it: %s", p.Name, pastWhat), flags, code, "params."+p.Name, e.input(e.params(map[string]any{p.Name: past})))
}

func (e *edges) merchantID() {
	n := e.op.MerchantIDMax
	at, past := e.input(e.params(nil)), e.input(e.params(nil))
	at["credentials"].(map[string]any)["merchant_id"] = strings.Repeat("m", n)
	past["credentials"].(map[string]any)["merchant_id"] = strings.Repeat("m", n+1)
	flags := []string{"Limit", "MerchantID"}
	e.valid(fmt.Sprintf("merchant_id of %d characters, the maximum (valid)", n), flags, at)
	e.invalid(fmt.Sprintf("merchant_id of %d characters", n+1), flags, "PTL05", "credentials.merchant_id", past)
}

func (e *edges) param(p payway.Param) {
	switch {
	case p.MaxLength > 0:
		e.maxLength(p)
	}
	if p.MaxItems > 0 {
		e.maxItems(p)
	}
	if p.Type == payway.TypeInteger {
		flags := []string{"Range"}
		e.pair(p, fmt.Sprintf("at its minimum %d", p.Min), fmt.Sprint(p.Min-1), flags, p.Min, p.Min-1, "PTL05")
		e.pair(p, fmt.Sprintf("at its maximum %d", p.Max), fmt.Sprint(p.Max+1), flags, p.Max, p.Max+1, "PTL05")
	}
	if p.Type == payway.TypeAmount {
		e.amount(p)
	}
	switch p.Format {
	case payway.FormatTranID:
		e.pair(p, "with '-', the one character besides letters and digits", "'_'", []string{"Format"}, "T-1001-2026", "T_1001-2026", "PTL05")
	case payway.FormatAlnum5To24:
		e.pair(p, "of 5 letters and digits, the minimum", "4", []string{"Format"}, "C1234", "C123", "PTL05")
		e.pair(p, "of 24 letters and digits, the maximum", "25", []string{"Format"}, "C"+strings.Repeat("1234567890", 3)[:23], "C"+strings.Repeat("1234567890", 3)[:24], "PTL05")
		e.pair(p, "of letters and digits only", "a '-'", []string{"Format"}, "C1234A", "C1234-A", "PTL05")
	case payway.FormatListDate:
		e.pair(p, "at the last second of a day", "hour 24", []string{"Format"}, "2026-11-20 23:59:59", "2026-11-20 24:00:00", "PTL05")
	case payway.FormatEmail:
		e.pair(p, "with one '@'", "two", []string{"Format"}, "sokha.chan+shop@example.com", "sokha.chan@shop@example.com", "PTL05")
	}
}

// maxLength: text of exactly MaxLength characters as sent, or for base64
// text the longest one not over it; and one character (or one base64
// quantum) more.
func (e *edges) maxLength(p payway.Param) {
	n := p.MaxLength
	var at, past any
	switch {
	case p.Encoding == payway.EncodingBase64 && p.Type == payway.TypeURL:
		// base64 of k bytes is 4·⌈k/3⌉ characters.
		k := n / 4 * 3
		at, past = urlOfLength(k), urlOfLength(k+1)
	case p.Encoding == payway.EncodingBase64:
		k := n / 4 * 3
		at, past = jsonOfLength(p, k), jsonOfLength(p, k+1)
	case p.Encoding == payway.EncodingJSONString:
		at, past = jsonOfLength(p, n), jsonOfLength(p, n+1)
	case p.Format == payway.FormatTranID:
		at, past = tranIDOfLength(n), tranIDOfLength(n+1)
	case p.Format == payway.FormatEmail:
		at, past = emailOfLength(n), emailOfLength(n+1)
	case p.Name == "phone":
		at, past = strings.Repeat("0", n), strings.Repeat("0", n+1)
	default:
		// Khmer letters: three bytes each, so a limit counted in bytes
		// instead of characters refuses the valid vector.
		at, past = strings.Repeat("ស", n), strings.Repeat("ស", n+1)
	}
	what, more := fmt.Sprintf("of %d characters as sent, the maximum", n), "one character more"
	if p.Encoding == payway.EncodingBase64 {
		what, more = fmt.Sprintf("of %d characters as sent, the longest base64 text within the maximum %d", n/4*4, n), "4 characters more"
	}
	e.pair(p, what, more, []string{"MaxLength"}, at, past, "PTL05")
}

func (e *edges) maxItems(p payway.Param) {
	n := p.MaxItems
	if p.MaxLength > 0 && listLength(p, n) > p.MaxLength {
		// Unreachable (the oracle says so): the length limit refuses fewer
		// entries, so only the list past the limit is a vector.
		e.invalid(fmt.Sprintf("%s just past its %d entries: %d", p.Name, n, n+1), []string{"Limit", "MaxItems"}, "PTL05", "params."+p.Name, e.input(e.params(map[string]any{p.Name: listOf(p, n+1)})))
		return
	}
	e.pair(p, fmt.Sprintf("with %d entries, the maximum", n), fmt.Sprint(n+1), []string{"MaxItems"}, listOf(p, n), listOf(p, n+1), "PTL05")
}

// amount: the minimum and maximum of an amount in each currency the
// operation takes (or without one).
func (e *edges) amount(p payway.Param) {
	currencies := []string{""}
	if e.has("currency") {
		currencies = []string{"USD", "KHR"}
	}
	encrypted := p.In != payway.InBody
	for _, c := range currencies {
		with := func(v string) map[string]any {
			changes := map[string]any{p.Name: v}
			if c != "" {
				changes["currency"] = c
			}
			if p.Name != "amount" && e.has("amount") {
				// shipping and shipping_fee go with an amount of their currency
				changes["amount"] = map[string]string{"USD": "10.00", "KHR": "10000", "": "10.00"}[c]
			}
			return e.input(e.params(changes))
		}
		in := c
		if in == "" {
			in = "no currency"
		}
		flags := []string{"Limit", "Amount"}
		lo, below, code := "0.01", "0.00", "PTL187"
		switch {
		case p.AllowZero && c == "KHR":
			lo, below, code = "0", "-0.01", "PTL186"
		case p.AllowZero:
			lo, below, code = "0.00", "-0.01", "PTL186"
		case c == "KHR":
			lo, below = "100", "99"
		}
		e.valid(fmt.Sprintf("%s %s at its minimum %s (valid)", p.Name, in, lo), flags, with(lo))
		e.invalid(fmt.Sprintf("%s %s just below its minimum: %s", p.Name, in, below), flags, code, "params."+p.Name, with(below))
		// The maximum: 15 integer digits; inside an encrypted object the
		// amount is a PHP float, exact only up to 15 significant digits.
		hi, above := "999999999999999.99", "1000000000000000.00"
		switch {
		case c == "KHR":
			hi, above = "999999999999999", "1000000000000000"
		case encrypted:
			hi, above = "9999999999999.99", "99999999999999.99"
		}
		e.valid(fmt.Sprintf("%s %s at its maximum %s (valid)", p.Name, in, hi), flags, with(hi))
		e.invalid(fmt.Sprintf("%s %s just above its maximum: %s", p.Name, in, above), flags, "PTL186", "params."+p.Name, with(above))
	}
}

// base64Alphabet: one vector per operation with base64-encoded params, each
// value chosen so that its base64 text holds '+' and '/'.
func (e *edges) base64Alphabet() {
	changes := map[string]any{}
	for _, p := range e.op.Params {
		if p.Encoding != payway.EncodingBase64 {
			continue
		}
		for i := 0; ; i++ {
			v := base64Sample(e.op, p, i)
			text := encodedText(p, v)
			if strings.Contains(text, "+") && strings.Contains(text, "/") && (p.MaxLength == 0 || utf8.RuneCountInString(text) <= p.MaxLength) {
				changes[p.Name] = v
				break
			}
			if i > 1000 {
				log.Fatalf("%s.%s: no sample with + and / in its base64", e.op.Name, p.Name)
			}
		}
	}
	if len(changes) == 0 {
		return
	}
	e.valid("every base64-encoded parameter with '+' and '/' in its base64 text", []string{"Base64Alphabet"}, e.input(e.params(changes)))
}

// base64Sample is the i-th candidate value for a base64-encoded param.
func base64Sample(op payway.Operation, p payway.Param, i int) any {
	// Six '?' hold an aligned "???" (base64 "Pz8/") and six '>' an
	// aligned ">>>" ("Pj4+") whatever the offset.
	tag := fmt.Sprintf("??????>>>>>>%d", i)
	switch {
	case p.Type == payway.TypeURL:
		return "https://shop.example.com/payway/" + p.Name + "?ref=" + tag
	case p.Name == "items":
		return []any{map[string]any{"name": "Iced latte " + tag, "quantity": 1, "price": "2.50"}}
	case p.Name == "payout" && op.Name == "generate_qr":
		return []any{map[string]any{"account": "000133879", "amount": "1.00", "note": tag}}
	case p.Name == "payout":
		return []any{map[string]any{"acc": "000133879", "amt": "1.00", "note": tag}}
	case p.Name == "return_deeplink":
		return map[string]any{"ios_scheme": "shopapp://payway/" + tag, "android_scheme": "shopapp://payway/" + tag}
	case p.Name == "additional_params":
		return map[string]any{"wechat_sub_appid": "wx" + tag, "wechat_sub_openid": "o" + tag}
	}
	return map[string]any{"order_ref": "ORD " + tag}
}

// encodedText is p's value as sent, as the generator encodes it: enough to
// choose samples (the oracle recomputes it with PHP).
func encodedText(p payway.Param, v any) string {
	if s, ok := v.(string); ok {
		return base64.StdEncoding.EncodeToString([]byte(s))
	}
	return base64.StdEncoding.EncodeToString(phpJSON(v))
}

// phpJSON is json_encode for the generator's plain values: Go sorts map
// keys, as the vector files store them, and PHP escapes '/' as '\/'.
func phpJSON(v any) []byte {
	b := mustJSON(v)
	return []byte(strings.ReplaceAll(string(b), "/", `\/`))
}

func urlOfLength(n int) string {
	prefix := "https://shop.example.com/payway/callback?ref="
	return prefix + strings.Repeat("a", n-len(prefix))
}

// jsonOfLength is a value of p's shape whose JSON text is n bytes long.
func jsonOfLength(p payway.Param, n int) any {
	shape := func(pad string) any {
		switch {
		case p.Name == "items":
			return []any{map[string]any{"name": pad, "quantity": 1, "price": "1.00"}}
		case p.Name == "payout" && len(p.Members) == 2 && p.Members[0] == "account":
			return []any{map[string]any{"account": "000133879", "amount": "1.00", "note": pad}}
		case p.Name == "payout":
			return []any{map[string]any{"acc": "000133879", "amt": "1.00", "note": pad}}
		case p.Name == "return_deeplink":
			return map[string]any{"ios_scheme": "shopapp:" + pad, "android_scheme": "shopapp:x"}
		}
		return map[string]any{"note": pad}
	}
	short := len(phpJSON(shape("")))
	v := shape(strings.Repeat("a", n-short))
	if len(phpJSON(v)) != n {
		log.Fatalf("%s: JSON of %d bytes", p.Name, n)
	}
	return v
}

func tranIDOfLength(n int) string { return ("T-" + strings.Repeat("0123456789", 3))[:n] }

func emailOfLength(n int) string {
	domain := "@example.com"
	return strings.Repeat("s", n-len(domain)) + domain
}

func listOf(p payway.Param, n int) []any {
	list := make([]any, n)
	for i := range list {
		switch {
		case p.Name == "items":
			list[i] = map[string]any{"name": "a", "quantity": 1, "price": 1} // short: QR's 10 items fit in 500 characters
		case len(p.Members) == 2:
			list[i] = map[string]any{p.Members[0]: fmt.Sprintf("0001338%02d", i), p.Members[1]: "1.00"}
		default:
			log.Fatalf("%s: no list sample", p.Name)
		}
	}
	return list
}

// listLength is the length as sent of a list of n entries.
func listLength(p payway.Param, n int) int {
	text := phpJSON(listOf(p, n))
	if p.Encoding == payway.EncodingBase64 {
		return len(base64.StdEncoding.EncodeToString(text))
	}
	return len(text)
}
