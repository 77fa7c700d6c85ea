// Package clearsettle builds requests for the ClearSettle-lineage payment
// platform whose API lives under /pw/v3 and is sold under several brands
// (white-label PSPs), each on its own domain.
//
// The platform signs nothing: a 32-character API key travels as the apiKey
// member of the JSON body over TLS. What paysign owns is everything that
// public integrations get wrong around it: amounts in integer minor units
// computed from decimal strings with the ISO 4217 exponent (19.99 EUR is
// 1999, never 1998 through a float), the full-refund rule (amount and
// currency left out), the host as configuration, a redacted copy of the
// body for logs, and a response decoder that accepts code as "00" or 32.
//
// Callbacks (IPN) of this platform carry no documented signature; confirm a
// transaction's state by querying it with the API key, never from callback
// content alone.
package clearsettle

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/wire"
)

// Mask replaces the API key in RedactedBody.
const Mask = "[REDACTED]"

// Credentials are what the platform issues a merchant.
type Credentials struct {
	APIKey string
}

// RefundRequest is one refund to build.
type RefundRequest struct {
	Credentials Credentials
	// Domain is the brand's domain, such as "example-psp.com"; the host is
	// "testapi." or "api." followed by it.
	Domain string
	// Environment is "test" (default) or "live".
	Environment string
	// TransactionID is the platform's transaction identifier
	// ("529-1438673740-2"), ReferenceNo the merchant's own one.
	TransactionID string
	ReferenceNo   string
	// Amount is a decimal string in major units ("19.99") and Currency its
	// ISO 4217 code. Both empty means a full refund.
	Amount   string
	Currency string
}

// Refund is a refund request ready to send.
type Refund struct {
	Method      string
	URL         string
	ContentType string
	// Body is the JSON to POST. It contains the API key.
	Body string
	// RedactedBody is Body with the API key replaced by Mask, for logs.
	RedactedBody string
	// FullRefund reports that amount and currency were left out.
	FullRefund bool
}

// NewRefund builds a /pw/v3/payment/refund request. The body members are,
// in this order, apiKey, transactionId, referenceNo and, for a partial
// refund, amount (a JSON integer in minor units, as the platform's request
// table types it) and currency. For a full refund amount and currency are
// left out, as the platform requires.
//
// Errors wrap core.ErrRequired, core.ErrInvalidFormat, core.ErrInvalidAmount
// (not a plain decimal, or more decimals than the currency has),
// core.ErrAmountTooSmall (zero) or core.ErrUnknownCurrency, and never
// contain the API key.
func NewRefund(r *RefundRequest) (*Refund, error) {
	if r.Credentials.APIKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the API key is required")
	}
	if !printable(r.Credentials.APIKey) {
		return nil, core.Fieldf("credentials.api_key", core.ErrInvalidFormat, "the API key must be printable text without spaces")
	}
	url, err := refundURL(r.Domain, r.Environment)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct{ name, value string }{{"transaction_id", r.TransactionID}, {"reference_no", r.ReferenceNo}} {
		if f.value == "" {
			return nil, core.Fieldf("params."+f.name, core.ErrRequired, "%s is required", f.name)
		}
		if utf8.RuneCountInString(f.value) > 32 || strings.IndexFunc(f.value, unicode.IsControl) >= 0 {
			return nil, core.Fieldf("params."+f.name, core.ErrInvalidFormat, "%s must be at most 32 characters without control characters", f.name)
		}
	}
	body := wire.Object{
		{Name: "apiKey", Value: r.Credentials.APIKey},
		{Name: "transactionId", Value: r.TransactionID},
		{Name: "referenceNo", Value: r.ReferenceNo},
	}
	full := r.Amount == "" && r.Currency == ""
	if !full {
		if r.Amount == "" {
			return nil, core.Fieldf("params.amount", core.ErrRequired, "a partial refund needs amount with currency; give neither for a full refund")
		}
		if r.Currency == "" {
			return nil, core.Fieldf("params.currency", core.ErrRequired, "a partial refund needs currency with amount; give neither for a full refund")
		}
		minor, err := MinorUnits(r.Amount, r.Currency)
		if err != nil {
			return nil, err
		}
		body = append(body, wire.Member{Name: "amount", Value: json.Number(minor)}, wire.Member{Name: "currency", Value: r.Currency})
	}
	redacted := append(wire.Object{{Name: "apiKey", Value: Mask}}, body[1:]...)
	return &Refund{
		Method:       "POST",
		URL:          url,
		ContentType:  "application/json",
		Body:         string(php.Encode(body)),
		RedactedBody: string(php.Encode(redacted)),
		FullRefund:   full,
	}, nil
}

// MinorUnits converts a decimal amount in major units to integer minor
// units of currency using its ISO 4217 exponent, with decimal-string
// arithmetic only: "19.99" EUR is "1999", "1000" JPY is "1000", "1.234" KWD
// is "1234". More decimals than the currency has ("19.999" EUR) fail with
// core.ErrInvalidAmount, zero with core.ErrAmountTooSmall, and an unknown
// currency with core.ErrUnknownCurrency.
func MinorUnits(amount, currency string) (string, error) {
	exp, err := exponent(currency)
	if err != nil {
		return "", err
	}
	d, err := core.ParseDecimal(amount)
	if err != nil {
		return "", &core.FieldError{Field: "params.amount", Err: err}
	}
	if d.IsZero() {
		return "", core.Fieldf("params.amount", core.ErrAmountTooSmall, "a refund amount must be greater than zero")
	}
	minor, err := d.MinorUnits(exp)
	if err != nil {
		return "", core.Fieldf("params.amount", core.ErrInvalidAmount, "%s has %d decimal places at most", currency, exp)
	}
	return minor, nil
}

func exponent(currency string) (int, error) {
	if len(currency) != 3 || strings.ToUpper(currency) != currency || strings.IndexFunc(currency, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return 0, core.Fieldf("params.currency", core.ErrInvalidFormat, "currency must be a three-letter upper-case ISO 4217 code")
	}
	exp, ok := Exponent(currency)
	if !ok {
		return 0, core.Fieldf("params.currency", core.ErrUnknownCurrency, "%s is not in paysign's ISO 4217 table", currency)
	}
	return exp, nil
}

// refundURL is https://testapi.<domain>/pw/v3/payment/refund (test) or
// https://api.<domain>/... (live).
func refundURL(domain, environment string) (string, error) {
	prefix := ""
	switch environment {
	case "", "test":
		prefix = "testapi."
	case "live":
		prefix = "api."
	default:
		return "", core.Fieldf("environment", core.ErrInvalidFormat, "environment must be \"test\" or \"live\"")
	}
	if domain == "" {
		return "", core.Fieldf("domain", core.ErrRequired, "the platform brand's domain (such as \"example-psp.com\") is required")
	}
	if !validDomain(domain) {
		return "", core.Fieldf("domain", core.ErrInvalidFormat, "domain must be a lower-case host name such as \"example-psp.com\", without scheme, path or port")
	}
	if strings.HasPrefix(domain, "api.") || strings.HasPrefix(domain, "testapi.") {
		return "", core.Fieldf("domain", core.ErrInvalidFormat, "give the domain without the api. or testapi. prefix; environment selects it")
	}
	return "https://" + prefix + domain + "/pw/v3/payment/refund", nil
}

func validDomain(domain string) bool {
	if len(domain) > 253 {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func printable(s string) bool {
	for _, r := range s {
		if r <= ' ' || r == 0x7f || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
