package payway

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/datetime"
	"github.com/paysign/paysign/core/internal/keycache"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/core/internal/wire"
)

// Credentials are what PayWay issues a merchant. The RSA public key is
// needed only by operations with an encrypted field (refund, pre-auth,
// payment links, beneficiaries, payout): give it parsed (RSAPublicKey, see
// core.ParsePublicKey) or as text (RSAPublicKeyPEM: PEM or bare base64
// DER, parsed on first use and cached), not both.
type Credentials struct {
	MerchantID      string
	APIKey          string
	RSAPublicKey    *rsa.PublicKey
	RSAPublicKeyPEM string
}

// publicKey returns the RSA public key however it was given.
func (c *Credentials) publicKey() (*rsa.PublicKey, error) {
	switch {
	case c.RSAPublicKey != nil && c.RSAPublicKeyPEM != "":
		return nil, core.Fieldf("credentials.rsa_public_key", core.ErrMalformedRequest, "give the RSA public key parsed or as text, not both")
	case c.RSAPublicKey != nil:
		return c.RSAPublicKey, nil
	}
	pub, err := keycache.PublicKey(c.RSAPublicKeyPEM)
	if err != nil {
		return nil, &core.FieldError{Field: "credentials.rsa_public_key", Err: err}
	}
	return pub, nil
}

// Request is one request to sign.
type Request struct {
	// Operation is the catalogue operation; it may be left empty when
	// Params is the operation's struct (Refund, ...), which names it.
	Operation   string
	Credentials Credentials
	// Params are the operation's parameters: its generated struct, or a
	// Params map (see Input).
	Params Input
	// RequestTime is sent as UTC YYYYMMDDHHmmss; the zero time means now.
	RequestTime time.Time
	// Environment is "sandbox" (the default) or "production".
	Environment string
	// BaseURL, if set, replaces the environment's host, for example with
	// a test double of PayWay (see package paywaytest): scheme://host[:port]
	// only, https, or plain http for a loopback host.
	BaseURL string
}

// Field is one field of a request as sent.
type Field struct {
	Name  string
	Value string
}

// Signed is a request ready to send. Every hashed value appears in Fields
// byte for byte as it appears in HashInput.
type Signed struct {
	Operation   string
	Method      string
	URL         string
	ContentType string
	// Fields are every field as sent, in send order, hash last.
	Fields []Field
	// Header is every header to send, Content-Type first (for multipart
	// with its boundary).
	Header []Header
	// Body is the exact body to send: JSON, a form, or multipart/form-data
	// built from Fields with a boundary derived from them.
	Body       string
	HashFields []string
	// HashInput is the exact string that was HMAC'd, and Hash the result.
	HashInput string
	Hash      string
	// MerchantAuthJSON is the plaintext encrypted into merchant_auth, and
	// BeneficiariesJSON the one encrypted into beneficiaries (payout).
	MerchantAuthJSON  string
	BeneficiariesJSON string
}

// Field returns the value of the sent field name and whether it was sent.
func (s *Signed) Field(name string) (string, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// Sign validates r against the catalogue, builds and encrypts merchant_auth
// where the operation has one, and computes the hash. Errors wrap one of
// core's sentinels (core.ErrRequired, core.ErrInvalidFormat, ...) in a
// *core.FieldError naming the field, and never contain key material.
func Sign(r *Request) (*Signed, error) {
	name, params, err := r.operation()
	if err != nil {
		return nil, err
	}
	op, ok := lookup(name)
	if !ok {
		return nil, unknownOperation(name)
	}
	base, err := baseURL(r.Environment)
	if err != nil {
		return nil, err
	}
	if r.BaseURL != "" {
		if base, err = checkBaseURL(r.BaseURL); err != nil {
			return nil, err
		}
	}
	if err := checkProduction(r); err != nil {
		return nil, err
	}
	if err := checkCredential("credentials.merchant_id", r.Credentials.MerchantID, op.MerchantIDMax); err != nil {
		return nil, err
	}
	if r.Credentials.APIKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the PayWay API key is required")
	}
	var pub *rsa.PublicKey
	if op.EncryptedField != "" {
		if r.Credentials.RSAPublicKey == nil && r.Credentials.RSAPublicKeyPEM == "" {
			return nil, core.Fieldf("credentials.rsa_public_key", core.ErrRequired, "%s encrypts %s with PayWay's RSA public key", op.Name, op.EncryptedField)
		}
		if pub, err = r.Credentials.publicKey(); err != nil {
			return nil, err
		}
	}
	values, err := normalize(op, params)
	if err != nil {
		return nil, err
	}
	values.text["merchant_id"] = r.Credentials.MerchantID
	if op.TimeField != "" {
		t := r.RequestTime
		if t.IsZero() {
			t = time.Now()
		}
		values.text[op.TimeField] = datetime.FormatCompact(t)
	}

	s := &Signed{Operation: op.Name, Method: op.Method, URL: base + op.Path, ContentType: op.ContentType, HashFields: slices.Clone(op.HashFields)}
	if op.EncryptedField != "" {
		plaintext := encryptedPlaintext(op, r.Credentials.MerchantID, values)
		ciphertext, err := primitive.EncryptChunked(pub, plaintext)
		if err != nil {
			return nil, &core.FieldError{Field: "credentials.rsa_public_key", Err: err}
		}
		values.text[op.EncryptedField] = base64.StdEncoding.EncodeToString(ciphertext)
		if op.EncryptedField == InBeneficiaries {
			s.BeneficiariesJSON = string(plaintext)
		} else {
			s.MerchantAuthJSON = string(plaintext)
		}
	}

	s.HashInput = hashInput(op, values.text)
	s.Hash = encodeHash(op, primitive.HMACSHA512([]byte(r.Credentials.APIKey), []byte(s.HashInput)))
	s.Fields = make([]Field, 0, len(values.text)+1)
	for _, name := range op.sendOrder {
		if v, ok := values.text[name]; ok {
			s.Fields = append(s.Fields, Field{name, v})
		}
	}
	s.Fields = append(s.Fields, Field{"hash", s.Hash})
	contentType := op.ContentType
	switch op.ContentType {
	case ContentJSON:
		s.Body = jsonBody(s.Fields)
	case ContentForm:
		s.Body = formBody(s.Fields)
	case ContentMultipart:
		s.Body, contentType = multipartBody(s.Fields)
	}
	s.Header = []Header{{"Content-Type", contentType}, {"Accept", "application/json"}}
	return s, nil
}

func baseURL(environment string) (string, error) {
	if environment == "" {
		environment = "sandbox"
	}
	u, ok := BaseURL(environment)
	if !ok {
		return "", core.Fieldf("environment", core.ErrInvalidFormat, "environment must be sandbox or production")
	}
	return u, nil
}

func checkCredential(field, value string, maxLength int) error {
	name := strings.TrimPrefix(field, "credentials.")
	if value == "" {
		return core.Fieldf(field, core.ErrRequired, "%s is required", name)
	}
	// In the body: hashed as plain text, so white space and control
	// characters are refused as in any hashed field.
	p := Param{Name: name, Type: TypeString, MaxLength: maxLength, In: InBody}
	return checkText(&p, field, value)
}

// encryptedPlaintext is the PHP json_encode text of the encrypted field:
// merchant_auth is {"mc_id": merchant_id, ...members in catalogue order};
// payout's beneficiaries is the array itself.
func encryptedPlaintext(op *Operation, merchantID string, values *normalized) []byte {
	if op.EncryptedField == InBeneficiaries {
		return php.Encode(values.list)
	}
	obj := append(wire.Object{{Name: "mc_id", Value: merchantID}}, values.auth...)
	return php.Encode(obj)
}

// hashInput concatenates the hash fields in order, with no separator; a
// field that is not sent contributes "".
func hashInput(op *Operation, text map[string]string) string {
	var b strings.Builder
	for _, name := range op.HashFields {
		b.WriteString(text[name])
	}
	return b.String()
}

func encodeHash(op *Operation, mac []byte) string {
	if op.HashEncoding == "hex" {
		return hex.EncodeToString(mac)
	}
	return base64.StdEncoding.EncodeToString(mac)
}

// sendOrder (computed once per operation) is the time field and
// merchant_id, then the hash fields, then the body params that are not
// hashed.
func sendOrder(op *Operation) []string {
	order := make([]string, 0, len(op.HashFields)+len(op.Params)+2)
	seen := map[string]bool{}
	add := func(name string) {
		if name != "" && !seen[name] {
			seen[name] = true
			order = append(order, name)
		}
	}
	add(op.TimeField)
	add("merchant_id")
	for _, name := range op.HashFields {
		add(name)
	}
	for _, p := range op.Params {
		if p.In == InBody {
			add(p.Name)
		}
	}
	return order
}

// jsonBody encodes the fields as a JSON object of strings, the way PHP's
// json_encode would.
func jsonBody(fields []Field) string {
	size := 2
	for _, f := range fields {
		size += len(f.Name) + len(f.Value) + 8
	}
	b := make([]byte, 0, size+size/8)
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = php.AppendString(b, f.Name)
		b = append(b, ':')
		b = php.AppendString(b, f.Value)
	}
	return string(append(b, '}'))
}

// formBody encodes the fields as application/x-www-form-urlencoded.
func formBody(fields []Field) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(php.URLEncode(f.Name))
		b.WriteByte('=')
		b.WriteString(php.URLEncode(f.Value))
	}
	return b.String()
}
