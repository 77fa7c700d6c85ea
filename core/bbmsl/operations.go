package bbmsl

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/paysign/paysign/core"
)

// The JSON type of every field BBMSL receives is fixed here, never taken
// from the caller's value: BBMSL's refund documentation (seed 003) types
// orderId and amount as numbers and its signed example sends
// {"merchantId":3,"orderId":4922,"amount":10}, so merchantId, orderId,
// amounts, quantities and isRecurring are JSON numbers and references,
// names and URLs are JSON strings. (The documentation's table calls
// merchantId a string while its example and BBMSL's Android demo send a
// number; paysign follows the signed example.) Amounts are written the way
// the WordPress plugin's json_encode of a PHP float writes them: the
// decimal given, at most two places (HKD), trailing zeros and point
// dropped, so "10.00" is sent as 10 and "10.50" as 10.5.

// operation is one PayAPI call.
type operation struct {
	name  string
	path  string
	build func(merchantID string, params map[string]any) (core.Object, error)
}

var operations = []operation{
	{"refund", "/hosted-checkout/refund", buildRefund},
	{"void", "/hosted-checkout/void", buildReference},
	{"query", "/hosted-checkout/query", buildReference},
	{"create", "/hosted-checkout/create", buildCreate},
}

// Operations returns the names of the operations paysign signs for BBMSL.
func Operations() []string {
	names := make([]string, len(operations))
	for i, op := range operations {
		names[i] = op.name
	}
	return names
}

func lookup(name string) (*operation, bool) {
	for i := range operations {
		if operations[i].name == name {
			return &operations[i], true
		}
	}
	return nil, false
}

// checkKnown rejects params the operation does not have.
func checkKnown(params map[string]any, known ...string) error {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !slices.Contains(known, name) {
			return core.Fieldf("params."+name, core.ErrMalformedRequest, "not a field of this BBMSL operation (fields: %s)", strings.Join(known, ", "))
		}
	}
	return nil
}

// references adds orderId (number) and merchantReference (string); at
// least one is required, as BBMSL documents.
func references(obj core.Object, params map[string]any) (core.Object, error) {
	orderID, err := idParam(params, "order_id")
	if err != nil {
		return nil, err
	}
	ref, err := textParam(params, "merchant_reference", 64)
	if err != nil {
		return nil, err
	}
	if orderID == "" && ref == "" {
		return nil, core.Fieldf("params.order_id", core.ErrRequired, "give order_id or merchant_reference (or both)")
	}
	if orderID != "" {
		obj = append(obj, core.Member{Name: "orderId", Value: json.Number(orderID)})
	}
	if ref != "" {
		obj = append(obj, core.Member{Name: "merchantReference", Value: ref})
	}
	return obj, nil
}

// buildRefund: {"merchantId":N,"orderId":N,"merchantReference":"…","amount":N}.
func buildRefund(merchantID string, params map[string]any) (core.Object, error) {
	if err := checkKnown(params, "order_id", "merchant_reference", "amount"); err != nil {
		return nil, err
	}
	obj, err := references(core.Object{{Name: "merchantId", Value: json.Number(merchantID)}}, params)
	if err != nil {
		return nil, err
	}
	amount, err := amountParam(params, "amount", true)
	if err != nil {
		return nil, err
	}
	return append(obj, core.Member{Name: "amount", Value: amount}), nil
}

// buildReference (void, query): {"merchantId":N,"orderId":N,"merchantReference":"…"}.
func buildReference(merchantID string, params map[string]any) (core.Object, error) {
	if err := checkKnown(params, "order_id", "merchant_reference"); err != nil {
		return nil, err
	}
	return references(core.Object{{Name: "merchantId", Value: json.Number(merchantID)}}, params)
}

// callbackKinds are callbackUrl's members in the order BBMSL's plugin writes them.
var callbackKinds = []string{"success", "fail", "cancel", "notify"}

// buildCreate: the hosted-checkout order of BBMSL's WordPress plugin
// (1.0.8, sdk/class-bbmsl-sdk.php): {"merchantId":N,"amount":N,
// "merchantReference":"…","callbackUrl":{"success","fail","cancel","notify"},
// "isRecurring":0|1,"lineItems":[{"quantity":N,"priceData":{"unitAmount":N,"name":"…"}}]}.
func buildCreate(merchantID string, params map[string]any) (core.Object, error) {
	if err := checkKnown(params, "amount", "merchant_reference", "callback_url", "is_recurring", "line_items"); err != nil {
		return nil, err
	}
	amount, err := amountParam(params, "amount", true)
	if err != nil {
		return nil, err
	}
	ref, err := textParam(params, "merchant_reference", 64)
	if err != nil {
		return nil, err
	}
	if ref == "" {
		return nil, core.Fieldf("params.merchant_reference", core.ErrRequired, "merchant_reference is required")
	}
	obj := core.Object{
		{Name: "merchantId", Value: json.Number(merchantID)},
		{Name: "amount", Value: amount},
		{Name: "merchantReference", Value: ref},
	}
	if raw, ok := params["callback_url"]; ok && raw != nil {
		urls, ok := raw.(core.Object)
		if !ok {
			return nil, core.Fieldf("params.callback_url", core.ErrInvalidFormat, "callback_url is an object with success, fail, cancel and notify URLs")
		}
		given := map[string]string{}
		for _, m := range urls {
			field := "params.callback_url." + m.Name
			if _, dup := given[m.Name]; dup || !slices.Contains(callbackKinds, m.Name) {
				return nil, core.Fieldf(field, core.ErrMalformedRequest, "callback_url members are success, fail, cancel and notify, each once")
			}
			u, ok := m.Value.(string)
			if !ok || !isURL(u) {
				return nil, core.Fieldf(field, core.ErrInvalidFormat, "must be an absolute http(s) URL")
			}
			given[m.Name] = u
		}
		cb := core.Object{}
		for _, kind := range callbackKinds { // the profile's order, not the caller's
			if u, ok := given[kind]; ok {
				cb = append(cb, core.Member{Name: kind, Value: u})
			}
		}
		obj = append(obj, core.Member{Name: "callbackUrl", Value: cb})
	}
	if raw, ok := params["is_recurring"]; ok && raw != nil {
		b, ok := raw.(bool)
		if !ok {
			return nil, core.Fieldf("params.is_recurring", core.ErrInvalidFormat, "is_recurring is true or false")
		}
		flag := json.Number("0")
		if b {
			flag = "1"
		}
		obj = append(obj, core.Member{Name: "isRecurring", Value: flag})
	}
	if raw, ok := params["line_items"]; ok && raw != nil {
		list, ok := raw.([]any)
		if !ok || len(list) == 0 {
			return nil, core.Fieldf("params.line_items", core.ErrInvalidFormat, "line_items is a non-empty array of {name, quantity, unit_amount}")
		}
		items := make([]any, 0, len(list))
		for i, e := range list {
			item, err := lineItem(i, e)
			if err != nil {
				return nil, err
			}
			items = append(items, item)
		}
		obj = append(obj, core.Member{Name: "lineItems", Value: items})
	}
	return obj, nil
}

func lineItem(i int, raw any) (core.Object, error) {
	prefix := "params.line_items." + itoa(i)
	obj, ok := raw.(core.Object)
	if !ok {
		return nil, core.Fieldf(prefix, core.ErrInvalidFormat, "a line item is an object {name, quantity, unit_amount}")
	}
	params := map[string]any{}
	for _, m := range obj {
		if !slices.Contains([]string{"name", "quantity", "unit_amount"}, m.Name) {
			return nil, core.Fieldf(prefix+"."+m.Name, core.ErrMalformedRequest, "line item members are name, quantity and unit_amount")
		}
		params[m.Name] = m.Value
	}
	name, err := textParam(params, "name", 255)
	if err != nil {
		return nil, prefixed(err, prefix)
	}
	if name == "" {
		return nil, core.Fieldf(prefix+".name", core.ErrRequired, "name is required")
	}
	qty, err := idParam(params, "quantity")
	if err != nil {
		return nil, prefixed(err, prefix)
	}
	if qty == "" {
		return nil, core.Fieldf(prefix+".quantity", core.ErrRequired, "quantity is required")
	}
	unit, err := amountParam(params, "unit_amount", true)
	if err != nil {
		return nil, prefixed(err, prefix)
	}
	return core.Object{
		{Name: "quantity", Value: json.Number(qty)},
		{Name: "priceData", Value: core.Object{{Name: "unitAmount", Value: unit}, {Name: "name", Value: name}}},
	}, nil
}

// prefixed moves a "params.x" field error under prefix ("params.line_items.0.x").
func prefixed(err error, prefix string) error {
	if fe, ok := err.(*core.FieldError); ok {
		return &core.FieldError{Field: prefix + strings.TrimPrefix(fe.Field, "params"), Err: fe.Err}
	}
	return err
}

// idParam reads a positive integer given as a string of digits or a JSON
// integer; "" when absent.
func idParam(params map[string]any, name string) (string, error) {
	var s string
	switch t := params[name].(type) {
	case nil:
		return "", nil
	case string:
		s = t
	case json.Number:
		s = string(t)
	case int:
		s = itoa(t)
	default:
		return "", core.Fieldf("params."+name, core.ErrInvalidFormat, "%s is a positive whole number", name)
	}
	if s == "" {
		return "", nil
	}
	if !isID(s) {
		return "", core.Fieldf("params."+name, core.ErrInvalidFormat, "%s is a positive whole number without sign, point or leading zeros", name)
	}
	return s, nil
}

// textParam reads a string of at most maxRunes characters; "" when absent.
func textParam(params map[string]any, name string, maxRunes int) (string, error) {
	switch t := params[name].(type) {
	case nil:
		return "", nil
	case string:
		if len([]rune(t)) > maxRunes {
			return "", core.Fieldf("params."+name, core.ErrInvalidFormat, "%s is at most %d characters", name, maxRunes)
		}
		return t, nil
	}
	return "", core.Fieldf("params."+name, core.ErrInvalidFormat, "%s is a string", name)
}

// amountParam reads a decimal string (or a JSON number's exact lexeme),
// checks it has at most two decimals and is not zero, and returns the JSON
// number BBMSL receives (trailing fraction zeros dropped).
func amountParam(params map[string]any, name string, required bool) (any, error) {
	field := "params." + name
	var s string
	switch t := params[name].(type) {
	case nil:
		if required {
			return nil, core.Fieldf(field, core.ErrRequired, "%s is required", name)
		}
		return nil, nil
	case string:
		s = t
	case json.Number:
		s = string(t)
	default:
		return nil, core.Fieldf(field, core.ErrInvalidAmount, "amounts are decimal strings such as \"10.00\", not %T", t)
	}
	d, err := core.ParseDecimal(s)
	if err != nil {
		return nil, &core.FieldError{Field: field, Err: err}
	}
	if _, err := d.Scale(2); err != nil {
		return nil, &core.FieldError{Field: field, Err: err}
	}
	if d.IsZero() {
		return nil, core.Fieldf(field, core.ErrAmountTooSmall, "%s must be greater than zero", name)
	}
	d.Frac = strings.TrimRight(d.Frac, "0")
	return json.Number(d.String()), nil
}

// isID reports whether s is a positive decimal integer of at most 18
// digits without leading zeros (it fits in a Java long).
func isID(s string) bool {
	if s == "" || len(s) > 18 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isURL(s string) bool {
	lower := strings.ToLower(s)
	return (strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://")) && len(s) > len("https://") && !strings.ContainsAny(s, " \t\r\n")
}

func itoa(n int) string { return strconv.Itoa(n) }
