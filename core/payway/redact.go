package payway

import (
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/paysign/paysign/core/internal/wire"
)

// Credentials and Request never print their API key: fmt's verbs (%v,
// %+v, %#v, %s, %q, %x, ...), encoding/json and log/slog all get the
// text of String, with the key shown as [redacted].

const redacted = "[redacted]"

func secretState(s string) string {
	if s == "" {
		return `""`
	}
	return redacted
}

func keyState(parsed bool, text string) string {
	switch {
	case parsed:
		return "parsed"
	case text != "":
		return "PEM"
	}
	return "none"
}

// String returns the credentials with the API key redacted.
func (c Credentials) String() string {
	return fmt.Sprintf("payway.Credentials{MerchantID: %q, APIKey: %s, RSAPublicKey: %s}",
		c.MerchantID, secretState(c.APIKey), keyState(c.RSAPublicKey != nil, c.RSAPublicKeyPEM))
}

// GoString is String: %#v shows no secret either.
func (c Credentials) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Credentials) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue is what log/slog records.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("merchant_id", c.MerchantID), slog.String("api_key", secretState(c.APIKey)),
		slog.String("rsa_public_key", keyState(c.RSAPublicKey != nil, c.RSAPublicKeyPEM)))
}

// MarshalJSON writes the credentials with the API key redacted.
func (c Credentials) MarshalJSON() ([]byte, error) {
	b := append(wire.AppendString([]byte(`{"merchant_id":`), c.MerchantID), `,"api_key":`...)
	b = append(wire.AppendString(b, secretState(c.APIKey)), `,"rsa_public_key":`...)
	return append(wire.AppendString(b, keyState(c.RSAPublicKey != nil, c.RSAPublicKeyPEM)), '}'), nil
}

// String returns the request with the API key redacted.
func (r Request) String() string {
	return fmt.Sprintf("payway.Request{Operation: %q, Credentials: %s, Params: %v, RequestTime: %s, Environment: %q, BaseURL: %q}",
		r.Operation, r.Credentials, r.Params, r.RequestTime.Format(time.RFC3339), r.Environment, r.BaseURL)
}

// GoString is String: %#v shows no secret either.
func (r Request) GoString() string { return r.String() }

// Format prints String for every verb.
func (r Request) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, r.String()) }

// LogValue is what log/slog records: the operation and the credentials
// without their key (parameters are left out: they may hold payer data).
func (r Request) LogValue() slog.Value {
	return slog.GroupValue(slog.String("operation", r.Operation), slog.Any("credentials", r.Credentials),
		slog.String("environment", r.Environment), slog.String("base_url", r.BaseURL))
}

// MarshalJSON writes the request's operation, environment and
// credentials with the API key redacted.
func (r Request) MarshalJSON() ([]byte, error) {
	creds, _ := r.Credentials.MarshalJSON()
	b := append(wire.AppendString([]byte(`{"operation":`), r.Operation), `,"credentials":`...)
	b = append(append(b, creds...), `,"environment":`...)
	b = append(wire.AppendString(b, r.Environment), `,"base_url":`...)
	return append(wire.AppendString(b, r.BaseURL), '}'), nil
}
