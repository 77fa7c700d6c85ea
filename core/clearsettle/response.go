package clearsettle

import (
	"encoding/json"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// Response is a decoded refund (or other /pw/v3) response. The platform
// does not sign responses; TLS is the only protection.
type Response struct {
	// Code is the platform's code as text: "00" for the string "00", "32"
	// for the number 32 (both forms are documented).
	Code    string
	Status  string
	Message string
	// Approved is true when Status is "APPROVED" and Code is "00" or 0.
	Approved      bool
	TransactionID string
	ReferenceNo   string
	// Amount is in minor units as text ("1234"), whether the platform sent
	// a string or a number; AmountDecimal is the same in major units
	// ("12.34") when the currency is in paysign's ISO 4217 table.
	Amount        string
	AmountDecimal string
	Currency      string
	// Date is the Unix time of the transaction as text.
	Date   string
	IsLive *bool
}

// DecodeResponse decodes a response body of the platform. Members paysign
// does not know are ignored; a missing code, or a member of a type the
// platform never sends, fails with core.ErrBodyMalformed.
func DecodeResponse(body []byte) (*Response, error) {
	v, err := wire.Parse(body)
	if err != nil {
		return nil, core.Fieldf("body", core.ErrBodyMalformed, "the response is not valid JSON")
	}
	obj, ok := v.(wire.Object)
	if !ok {
		return nil, core.Fieldf("body", core.ErrBodyMalformed, "the response is not a JSON object")
	}
	members := map[string]any{}
	for _, m := range obj {
		members[m.Name] = m.Value
	}
	r := &Response{}
	code, present := members["code"]
	if !present {
		return nil, core.Fieldf("body.code", core.ErrBodyMalformed, "the response has no code")
	}
	if r.Code, err = integerOrString("code", code, false); err != nil {
		return nil, err
	}
	texts := []struct {
		name string
		dst  *string
	}{{"status", &r.Status}, {"message", &r.Message}, {"transactionId", &r.TransactionID}, {"referenceNo", &r.ReferenceNo}, {"currency", &r.Currency}}
	for _, t := range texts {
		switch v := members[t.name].(type) {
		case nil:
		case string:
			*t.dst = v
		default:
			return nil, core.Fieldf("body."+t.name, core.ErrBodyMalformed, "%s must be a string", t.name)
		}
	}
	if a, ok := members["amount"]; ok && a != nil {
		if r.Amount, err = integerOrString("amount", a, true); err != nil {
			return nil, err
		}
		if exp, known := Exponent(r.Currency); known {
			r.AmountDecimal = fromMinorUnits(r.Amount, exp)
		}
	}
	if d, ok := members["date"]; ok && d != nil {
		if r.Date, err = integerOrString("date", d, true); err != nil {
			return nil, err
		}
	}
	switch live := members["isLive"].(type) {
	case nil:
	case bool:
		r.IsLive = &live
	default:
		return nil, core.Fieldf("body.isLive", core.ErrBodyMalformed, "isLive must be a boolean")
	}
	r.Approved = r.Status == "APPROVED" && (r.Code == "00" || r.Code == "0")
	return r, nil
}

// integerOrString accepts a JSON integer or a string; digitsOnly also
// requires the string to be a plain non-negative integer.
func integerOrString(name string, v any, digitsOnly bool) (string, error) {
	var s string
	switch t := v.(type) {
	case string:
		s = t
	case json.Number:
		s = string(t)
		digitsOnly = true
	default:
		return "", core.Fieldf("body."+name, core.ErrBodyMalformed, "%s must be a string or an integer", name)
	}
	if digitsOnly && (s == "" || strings.Trim(s, "0123456789") != "") {
		return "", core.Fieldf("body."+name, core.ErrBodyMalformed, "%s must be a non-negative integer", name)
	}
	return s, nil
}

// fromMinorUnits writes minor units as a decimal with exp fraction digits:
// "1234" with exponent 2 is "12.34", "5" is "0.05".
func fromMinorUnits(minor string, exp int) string {
	minor = strings.TrimLeft(minor, "0")
	if exp == 0 {
		if minor == "" {
			return "0"
		}
		return minor
	}
	if len(minor) <= exp {
		minor = strings.Repeat("0", exp-len(minor)+1) + minor
	}
	return minor[:len(minor)-exp] + "." + minor[len(minor)-exp:]
}
