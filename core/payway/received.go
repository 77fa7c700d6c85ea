package payway

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/wire"
)

// ReceivedParams is the gateway's second step after Verify: it checks the
// parameters of a received request against the catalogue with the same
// rules Sign applies (required, format, length, enum, amount and integer
// rules), reading body parameters from fields and the others from v's
// decrypted merchant_auth or beneficiaries, and returns them by name as a
// merchant gave them to Sign: URLs decoded from base64, JSON values as
// JSON text (decoded from base64 where they were sent so), amounts and
// integers as the text received. Parameters that were not sent are
// absent. It is meant for test doubles of PayWay.
//
// Errors wrap core.ErrRequired, core.ErrInvalidFormat,
// core.ErrInvalidAmount or core.ErrAmountTooSmall in a *core.FieldError
// naming "fields.NAME", "merchant_auth.NAME" or "beneficiaries".
func ReceivedParams(v *Verified, fields map[string]string) (map[string]string, error) {
	op, ok := lookup(v.Operation)
	if !ok {
		return nil, unknownOperation(v.Operation)
	}
	var auth wire.Object
	if v.MerchantAuth != nil {
		parsed, err := wire.Parse(v.MerchantAuth)
		obj, isObject := parsed.(wire.Object)
		if err != nil || !isObject {
			return nil, core.Fieldf("fields.merchant_auth", core.ErrInvalidFormat, "merchant_auth is not a JSON object")
		}
		auth = obj
	}
	currency := fields["currency"]
	if c, ok := member(auth, "currency").(string); ok {
		currency = c
	}
	out := make(map[string]string, len(op.Params))
	for i := range op.Params {
		p := &op.Params[i]
		var raw any
		field := "fields." + p.Name
		switch p.In {
		case InBody:
			if s := fields[p.Name]; s != "" {
				raw = s
			}
		case InMerchantAuth:
			field = "merchant_auth." + p.Name
			raw = member(auth, p.Name)
		case InBeneficiaries:
			field = "beneficiaries"
			if v.Beneficiaries != nil {
				raw = string(v.Beneficiaries)
			}
		}
		if isEmpty(raw) {
			if p.Required {
				return nil, core.Fieldf(field, core.ErrRequired, "%s needs %s", op.Name, p.Name)
			}
			continue
		}
		text, err := receivedValue(p, field, raw, currency)
		if err != nil {
			return nil, err
		}
		out[p.Name] = text
	}
	return out, nil
}

// receivedValue checks one received value and returns it decoded.
func receivedValue(p *Param, field string, raw any, currency string) (string, error) {
	switch p.Type {
	case TypeString, TypeURL:
		s, ok := raw.(string)
		if !ok {
			if n, isNumber := raw.(json.Number); isNumber && p.Type == TypeString {
				s = string(n) // an id inside merchant_auth sent as a number
			} else {
				return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a string", p.Name)
			}
		}
		if p.Type == TypeString {
			return s, checkText(p, field, s)
		}
		if err := checkLength(p, field, s); err != nil {
			return "", err
		}
		if p.Encoding == EncodingBase64 {
			decoded, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return "", core.Fieldf(field, core.ErrInvalidFormat, "%s is not base64", p.Name)
			}
			s = string(decoded)
		}
		return s, checkURL(field, s)
	case TypeAmount:
		s, err := amountText(field, raw)
		if err != nil {
			return "", err
		}
		_, err = formatAmount(field, s, currency, p.AllowZero)
		return s, err
	case TypeInteger:
		return integerText(p, field, raw)
	}
	// Arrays and objects: the JSON text, as received or decoded.
	var value any
	switch t := raw.(type) {
	case string:
		if err := checkLength(p, field, t); err != nil {
			return "", err
		}
		text := t
		if p.Encoding == EncodingBase64 {
			decoded, err := base64.StdEncoding.DecodeString(t)
			if err != nil {
				return "", core.Fieldf(field, core.ErrInvalidFormat, "%s is not base64", p.Name)
			}
			text = string(decoded)
		}
		parsed, err := wire.Parse([]byte(text))
		if err != nil {
			return "", core.Fieldf(field, core.ErrInvalidFormat, "%s is not JSON", p.Name)
		}
		value = parsed
	default: // embedded in merchant_auth
		value = t
	}
	switch t := value.(type) {
	case []any:
		if p.Type != TypeArray || len(t) == 0 {
			break
		}
		if err := checkList(p, field, t); err != nil {
			return "", err
		}
		return string(php.Encode(t)), nil
	case wire.Object:
		if p.Type == TypeObject {
			return string(php.Encode(t)), nil
		}
	}
	return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a JSON %s", p.Name, p.Type)
}

// ReceivedJSON reads a JSON request body as PayWay's PHP servers do:
// json_decode into an array, each scalar as PHP's (string) cast writes it
// (a number 1.50 is "1.5", true is "1"), surrounding white space trimmed.
// A member that is an object or an array is refused: PayWay's fields are
// text. It is meant for test doubles of PayWay, with Verify.
func ReceivedJSON(body []byte) (map[string]string, error) {
	v, err := wire.Parse(body)
	obj, ok := v.(wire.Object)
	if err != nil || !ok {
		return nil, core.Fieldf("body", core.ErrMalformedRequest, "the body is not a JSON object")
	}
	fields := make(map[string]string, len(obj))
	for _, e := range php.Decode(obj) {
		switch e.Value.(type) {
		case wire.Object, []any:
			return nil, core.Fieldf("fields."+clip(e.Key.Name), core.ErrInvalidFormat, "%s must be a string, not a JSON object or array", clip(e.Key.Name))
		}
		fields[e.Key.Name] = strings.TrimSpace(php.String(e.Value))
	}
	return fields, nil
}
