package abi

import (
	"sort"
	"strconv"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/core/internal/numtext"
	"github.com/paysign/paysign/core/internal/wire"
)

// The bbmsl.* ops: their requests, responses and the mapping to package
// bbmsl's typed operations.

func init() {
	register("bbmsl.sign", "sign a BBMSL PayAPI request (RSA PKCS #1 v1.5 SHA-256 over the exact request string)", bbmslSign)
	register("bbmsl.verify_webhook", "verify a BBMSL webhook with the configured environment's BBMSL public key", bbmslVerifyWebhook)
}

// bbmsl.sign
//
//	{"operation": "refund"|"void"|"query"|"create",
//	 "credentials": {"merchant_id", "private_key"}, "params": {...}, "environment"?}
func bbmslSign(request []byte, w *wire.Writer) error {
	var r bbmsl.Request
	var operation string
	var params wire.Object
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "operation":
			return str(&operation, m.Value, "", m.Name)
		case "environment":
			return str(&r.Environment, m.Value, "", m.Name)
		case "credentials":
			c, err := decodeCredentials(m.Value, m.Name, "merchant_id", "private_key")
			if err != nil {
				return err
			}
			r.Credentials = bbmsl.Credentials{MerchantID: c.merchantID, PrivateKey: c.parsedBBMSLPrivate}
			if c.parsedBBMSLPrivate == nil {
				r.Credentials.PrivateKeyPEM = c.privateKey
			}
			return nil
		case "params":
			var err error
			params, err = wire.AsObject(m.Value, m.Name)
			return err
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	if r.Operation, err = bbmslOperation(operation, params); err != nil {
		return err
	}
	s, err := bbmsl.Sign(&r)
	if err != nil {
		return err
	}
	w.BeginObject().StringMember("operation", s.Operation).StringMember("method", s.Method).
		StringMember("url", s.URL).StringMember("content_type", s.ContentType).
		StringMember("request", s.Request).StringMember("signature", s.Signature).
		StringMember("body", s.Body).EndObject()
	return nil
}

// bbmslParams reads the params of one BBMSL operation: only the names in
// known, each with the JSON type BBMSL's profile fixes.
type bbmslParams struct {
	values map[string]any
}

func newBBMSLParams(params wire.Object, path string, known ...string) (*bbmslParams, error) {
	if _, err := wire.AsObject(params, path); err != nil {
		return nil, err
	}
	p := &bbmslParams{values: make(map[string]any, len(params))}
	for _, m := range params {
		found := false
		for _, k := range known {
			found = found || k == m.Name
		}
		if !found {
			return nil, core.Fieldf(wire.Join(path, m.Name), core.ErrMalformedRequest, "not a field of this BBMSL operation (fields: %s)", strings.Join(known, ", "))
		}
		p.values[m.Name] = m.Value
	}
	return p, nil
}

// text reads a string param; "" when absent or null.
func (p *bbmslParams) text(path, name string) (string, error) {
	switch t := p.values[name].(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	}
	return "", core.Fieldf(wire.Join(path, name), core.ErrInvalidFormat, "%s is a string", name)
}

// id reads a positive whole number given as a string of digits or a JSON
// integer; 0 when absent.
func (p *bbmslParams) id(path, name string) (int64, error) {
	v := p.values[name]
	if v == nil {
		return 0, nil
	}
	s, err := numtext.Of(v)
	if err != nil {
		return 0, core.Fieldf(wire.Join(path, name), core.ErrInvalidFormat, "%s is a positive whole number", name)
	}
	if s == "" {
		return 0, nil
	}
	n, ok := numtext.Integer(s)
	if !ok || n == 0 || len(s) > 18 {
		return 0, core.Fieldf(wire.Join(path, name), core.ErrInvalidFormat, "%s is a positive whole number without sign, point or leading zeros", name)
	}
	return n, nil
}

// amount reads a decimal string or a JSON number's exact lexeme.
func (p *bbmslParams) amount(path, name string) (string, error) {
	v := p.values[name]
	if v == nil {
		return "", nil
	}
	s, err := numtext.Of(v)
	if err != nil {
		return "", core.Fieldf(wire.Join(path, name), core.ErrInvalidAmount, "amounts are decimal strings such as \"10.00\"")
	}
	return s, nil
}

// bbmslOperation maps an operation name and its params to bbmsl's type.
func bbmslOperation(name string, params wire.Object) (bbmsl.Operation, error) {
	const path = "params"
	switch name {
	case "refund", "void", "query":
		known := []string{"order_id", "merchant_reference"}
		if name == "refund" {
			known = append(known, "amount")
		}
		p, err := newBBMSLParams(params, path, known...)
		if err != nil {
			return nil, err
		}
		orderID, err := p.id(path, "order_id")
		if err != nil {
			return nil, err
		}
		ref, err := p.text(path, "merchant_reference")
		if err != nil {
			return nil, err
		}
		switch name {
		case "void":
			return &bbmsl.Void{OrderID: orderID, MerchantReference: ref}, nil
		case "query":
			return &bbmsl.Query{OrderID: orderID, MerchantReference: ref}, nil
		}
		amount, err := p.amount(path, "amount")
		return &bbmsl.Refund{OrderID: orderID, MerchantReference: ref, Amount: amount}, err
	case "create":
		return bbmslCreate(params)
	}
	return nil, core.Fieldf("operation", core.ErrUnknownOperation, "BBMSL has no operation %q in paysign's profile (refund, void, query, create)", clip(name))
}

func bbmslCreate(params wire.Object) (bbmsl.Operation, error) {
	const path = "params"
	p, err := newBBMSLParams(params, path, "amount", "merchant_reference", "callback_url", "is_recurring", "line_items")
	if err != nil {
		return nil, err
	}
	c := &bbmsl.Create{}
	if c.Amount, err = p.amount(path, "amount"); err != nil {
		return nil, err
	}
	if c.MerchantReference, err = p.text(path, "merchant_reference"); err != nil {
		return nil, err
	}
	if raw := p.values["callback_url"]; raw != nil {
		urls, ok := raw.(wire.Object)
		if !ok {
			return nil, core.Fieldf("params.callback_url", core.ErrInvalidFormat, "callback_url is an object with success, fail, cancel and notify URLs")
		}
		c.CallbackURL = &bbmsl.CallbackURL{}
		seen := map[string]bool{}
		for _, m := range urls {
			field := "params.callback_url." + m.Name
			var dst *string
			switch m.Name {
			case "success":
				dst = &c.CallbackURL.Success
			case "fail":
				dst = &c.CallbackURL.Fail
			case "cancel":
				dst = &c.CallbackURL.Cancel
			case "notify":
				dst = &c.CallbackURL.Notify
			}
			if dst == nil || seen[m.Name] {
				return nil, core.Fieldf(field, core.ErrMalformedRequest, "callback_url members are success, fail, cancel and notify, each once")
			}
			seen[m.Name] = true
			u, ok := m.Value.(string)
			if !ok || u == "" {
				return nil, core.Fieldf(field, core.ErrInvalidFormat, "must be an absolute http(s) URL")
			}
			*dst = u
		}
	}
	if raw := p.values["is_recurring"]; raw != nil {
		b, ok := raw.(bool)
		if !ok {
			return nil, core.Fieldf("params.is_recurring", core.ErrInvalidFormat, "is_recurring is true or false")
		}
		c.IsRecurring = &b
	}
	if raw := p.values["line_items"]; raw != nil {
		list, ok := raw.([]any)
		if !ok || len(list) == 0 {
			return nil, core.Fieldf("params.line_items", core.ErrInvalidFormat, "line_items is a non-empty array of {name, quantity, unit_amount}")
		}
		c.LineItems = make([]bbmsl.LineItem, len(list))
		for i, e := range list {
			prefix := "params.line_items." + strconv.Itoa(i)
			obj, ok := e.(wire.Object)
			if !ok {
				return nil, core.Fieldf(prefix, core.ErrInvalidFormat, "a line item is an object {name, quantity, unit_amount}")
			}
			item, err := newBBMSLParams(obj, prefix, "name", "quantity", "unit_amount")
			if err != nil {
				return nil, err
			}
			li := &c.LineItems[i]
			if li.Name, err = item.text(prefix, "name"); err != nil {
				return nil, err
			}
			if li.Quantity, err = item.id(prefix, "quantity"); err != nil {
				return nil, err
			}
			if li.UnitAmount, err = item.amount(prefix, "unit_amount"); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// bbmsl.verify_webhook
//
//	{"credentials": {"bbmsl_public_key"}, "body": raw body, "variant"?}
func bbmslVerifyWebhook(request []byte, w *wire.Writer) error {
	var body, variant string
	c := &credentials{}
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "credentials":
			var err error
			c, err = decodeCredentials(m.Value, m.Name, "bbmsl_public_key")
			return err
		case "body":
			return str(&body, m.Value, "", m.Name)
		case "variant":
			return str(&variant, m.Value, "", m.Name)
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	if c.bbmslPublicKey == "" {
		return core.Fieldf("credentials.bbmsl_public_key", core.ErrRequired, "BBMSL's public key for the configured environment is required")
	}
	pub, err := c.bbmslPublic()
	if err != nil {
		return err
	}
	hook, err := bbmsl.VerifyWebhook([]byte(body), pub, variant)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(hook.Values))
	for name := range hook.Values {
		names = append(names, name)
	}
	sort.Strings(names)
	w.BeginObject().Key("valid").Bool(true).StringMember("variant", hook.Variant).
		StringMember("canonical", hook.Canonical).Key("values").BeginObject()
	for _, name := range names {
		w.StringMember(name, hook.Values[name])
	}
	w.EndObject().EndObject()
	return nil
}
