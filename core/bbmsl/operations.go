package bbmsl

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// The JSON type of every field BBMSL receives is fixed here, never taken
// from the caller's value: BBMSL's refund documentation types orderId and
// amount as numbers and its signed example sends
// {"merchantId":3,"orderId":4922,"amount":10}, so merchantId, orderId,
// amounts, quantities and isRecurring are JSON numbers and references,
// names and URLs are JSON strings. (The documentation's table calls
// merchantId a string while its example and BBMSL's Android demo send a
// number; paysign follows the signed example.) Amounts are written the way
// the WordPress plugin's json_encode of a PHP float writes them: the
// decimal given, at most two places (HKD), trailing zeros and point
// dropped, so "10.00" is sent as 10 and "10.50" as 10.5.

// Operation is one PayAPI call: *Refund, *Void, *Query or *Create.
type Operation interface {
	endpoint() (name, path string)
	build(merchantID json.Number) (wire.Object, error)
}

// Operations returns the names of the operations paysign signs for BBMSL.
func Operations() []string { return []string{"refund", "void", "query", "create"} }

// Refund refunds all or part of a paid order:
// {"merchantId":N,"orderId":N,"merchantReference":"…","amount":N}.
// Give OrderID, MerchantReference or both.
type Refund struct {
	OrderID           int64
	MerchantReference string
	// Amount is a decimal string with at most two decimals ("10.00").
	Amount string
}

// Void cancels an order that is not settled yet:
// {"merchantId":N,"orderId":N,"merchantReference":"…"}.
type Void struct {
	OrderID           int64
	MerchantReference string
}

// Query asks for the state of an order; it is the source of truth before
// fulfilling one. Its body is that of Void.
type Query struct {
	OrderID           int64
	MerchantReference string
}

// Create opens a hosted-checkout order, in the member order of BBMSL's
// WordPress plugin (1.0.8): {"merchantId":N,"amount":N,
// "merchantReference":"…","callbackUrl":{…},"isRecurring":0|1,
// "lineItems":[{"quantity":N,"priceData":{"unitAmount":N,"name":"…"}}]}.
type Create struct {
	// Amount is a decimal string with at most two decimals.
	Amount            string
	MerchantReference string
	// CallbackURL is left out when nil.
	CallbackURL *CallbackURL
	// IsRecurring is sent as 1 or 0; left out when nil.
	IsRecurring *bool
	LineItems   []LineItem
}

// CallbackURL are the URLs BBMSL sends the payer or its notification to;
// empty ones are left out.
type CallbackURL struct {
	Success, Fail, Cancel, Notify string
}

// LineItem is one line of a Create order.
type LineItem struct {
	Name     string
	Quantity int64
	// UnitAmount is a decimal string with at most two decimals.
	UnitAmount string
}

func (*Refund) endpoint() (string, string) { return "refund", "/hosted-checkout/refund" }
func (*Void) endpoint() (string, string)   { return "void", "/hosted-checkout/void" }
func (*Query) endpoint() (string, string)  { return "query", "/hosted-checkout/query" }
func (*Create) endpoint() (string, string) { return "create", "/hosted-checkout/create" }

func (o *Refund) build(merchantID json.Number) (wire.Object, error) {
	obj, err := references(wire.Object{{Name: "merchantId", Value: merchantID}}, o.OrderID, o.MerchantReference)
	if err != nil {
		return nil, err
	}
	amount, err := amountNumber("params.amount", o.Amount)
	if err != nil {
		return nil, err
	}
	return append(obj, wire.Member{Name: "amount", Value: amount}), nil
}

func (o *Void) build(merchantID json.Number) (wire.Object, error) {
	return references(wire.Object{{Name: "merchantId", Value: merchantID}}, o.OrderID, o.MerchantReference)
}

func (o *Query) build(merchantID json.Number) (wire.Object, error) {
	return references(wire.Object{{Name: "merchantId", Value: merchantID}}, o.OrderID, o.MerchantReference)
}

func (o *Create) build(merchantID json.Number) (wire.Object, error) {
	amount, err := amountNumber("params.amount", o.Amount)
	if err != nil {
		return nil, err
	}
	if err := checkText("params.merchant_reference", o.MerchantReference, 64); err != nil {
		return nil, err
	}
	if o.MerchantReference == "" {
		return nil, core.Fieldf("params.merchant_reference", core.ErrRequired, "merchant_reference is required")
	}
	obj := wire.Object{
		{Name: "merchantId", Value: merchantID},
		{Name: "amount", Value: amount},
		{Name: "merchantReference", Value: o.MerchantReference},
	}
	if cb := o.CallbackURL; cb != nil {
		urls := wire.Object{}
		for _, u := range []struct{ kind, url string }{{"success", cb.Success}, {"fail", cb.Fail}, {"cancel", cb.Cancel}, {"notify", cb.Notify}} {
			if u.url == "" {
				continue
			}
			if !isURL(u.url) {
				return nil, core.Fieldf("params.callback_url."+u.kind, core.ErrInvalidFormat, "must be an absolute http(s) URL")
			}
			urls = append(urls, wire.Member{Name: u.kind, Value: u.url})
		}
		obj = append(obj, wire.Member{Name: "callbackUrl", Value: urls})
	}
	if o.IsRecurring != nil {
		flag := json.Number("0")
		if *o.IsRecurring {
			flag = "1"
		}
		obj = append(obj, wire.Member{Name: "isRecurring", Value: flag})
	}
	if o.LineItems != nil {
		if len(o.LineItems) == 0 {
			return nil, core.Fieldf("params.line_items", core.ErrInvalidFormat, "line_items is a non-empty array of {name, quantity, unit_amount}")
		}
		items := make([]any, len(o.LineItems))
		for i, item := range o.LineItems {
			if items[i], err = item.build("params.line_items." + strconv.Itoa(i)); err != nil {
				return nil, err
			}
		}
		obj = append(obj, wire.Member{Name: "lineItems", Value: items})
	}
	return obj, nil
}

func (item *LineItem) build(prefix string) (wire.Object, error) {
	if err := checkText(prefix+".name", item.Name, 255); err != nil {
		return nil, err
	}
	if item.Name == "" {
		return nil, core.Fieldf(prefix+".name", core.ErrRequired, "name is required")
	}
	switch {
	case item.Quantity == 0:
		return nil, core.Fieldf(prefix+".quantity", core.ErrRequired, "quantity is required")
	case item.Quantity < 0 || item.Quantity > maxID:
		return nil, core.Fieldf(prefix+".quantity", core.ErrInvalidFormat, "quantity is a positive whole number")
	}
	unit, err := amountNumber(prefix+".unit_amount", item.UnitAmount)
	if err != nil {
		return nil, err
	}
	return wire.Object{
		{Name: "quantity", Value: json.Number(strconv.FormatInt(item.Quantity, 10))},
		{Name: "priceData", Value: wire.Object{{Name: "unitAmount", Value: unit}, {Name: "name", Value: item.Name}}},
	}, nil
}

// references adds orderId (number) and merchantReference (string); at
// least one is required, as BBMSL documents.
func references(obj wire.Object, orderID int64, ref string) (wire.Object, error) {
	if orderID < 0 || orderID > maxID {
		return nil, core.Fieldf("params.order_id", core.ErrInvalidFormat, "order_id is a positive whole number of at most 18 digits")
	}
	if err := checkText("params.merchant_reference", ref, 64); err != nil {
		return nil, err
	}
	if orderID == 0 && ref == "" {
		return nil, core.Fieldf("params.order_id", core.ErrRequired, "give order_id or merchant_reference (or both)")
	}
	if orderID != 0 {
		obj = append(obj, wire.Member{Name: "orderId", Value: json.Number(strconv.FormatInt(orderID, 10))})
	}
	if ref != "" {
		obj = append(obj, wire.Member{Name: "merchantReference", Value: ref})
	}
	return obj, nil
}

// maxID is the largest 18-digit number: BBMSL's ids fit in a Java long.
const maxID = 999_999_999_999_999_999

func checkText(field, s string, maxRunes int) error {
	if utf8.RuneCountInString(s) > maxRunes {
		return core.Fieldf(field, core.ErrInvalidFormat, "%s is at most %d characters", field[strings.LastIndexByte(field, '.')+1:], maxRunes)
	}
	return nil
}

// amountNumber checks a decimal amount (at most two decimals, not zero)
// and returns the JSON number BBMSL receives (trailing fraction zeros
// dropped).
func amountNumber(field, s string) (json.Number, error) {
	name := field[strings.LastIndexByte(field, '.')+1:]
	if s == "" {
		return "", core.Fieldf(field, core.ErrRequired, "%s is required", name)
	}
	d, err := core.ParseDecimal(s)
	if err != nil {
		return "", &core.FieldError{Field: field, Err: err}
	}
	if _, err := d.Scale(2); err != nil {
		return "", &core.FieldError{Field: field, Err: err}
	}
	if d.IsZero() {
		return "", core.Fieldf(field, core.ErrAmountTooSmall, "%s must be greater than zero", name)
	}
	d.Frac = strings.TrimRight(d.Frac, "0")
	return json.Number(d.String()), nil
}

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
