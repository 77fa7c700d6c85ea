package payway

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/paysign/paysign/core"
)

// Credentials are what PayWay issues a merchant. RSAPublicKey is needed only
// by operations with an encrypted field (refund, pre-auth, payment links,
// beneficiaries, payout); it may be PEM or bare base64 DER.
type Credentials struct {
	MerchantID   string `json:"merchant_id"`
	APIKey       string `json:"api_key"`
	RSAPublicKey string `json:"rsa_public_key,omitempty"`
}

// Request is one request to sign.
type Request struct {
	Operation   string
	Credentials Credentials
	Params      Params
	// RequestTime is UTC YYYYMMDDHHmmss; empty means now.
	RequestTime string
	// Environment is "sandbox" (default) or "production".
	Environment string
}

// Signed is a request ready to send. Every hashed value appears in Fields
// byte for byte as it appears in HashInput.
type Signed struct {
	Operation   string            `json:"operation"`
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	ContentType string            `json:"content_type"`
	Headers     map[string]string `json:"headers,omitempty"`
	// Fields are every field as sent, in send order.
	Fields [][2]string `json:"fields"`
	// Body is the encoded body for JSON and form endpoints; multipart
	// bodies are built by the HTTP client from Fields.
	Body       string   `json:"body,omitempty"`
	HashFields []string `json:"hash_fields"`
	HashInput  string   `json:"hash_input"`
	Hash       string   `json:"hash"`
	// MerchantAuthJSON is the plaintext encrypted into merchant_auth.
	MerchantAuthJSON string `json:"merchant_auth_json,omitempty"`
	// BeneficiariesJSON is the plaintext encrypted into beneficiaries (payout).
	BeneficiariesJSON string `json:"beneficiaries_json,omitempty"`
}

// Field returns the value of the sent field name and whether it was sent.
func (s *Signed) Field(name string) (string, bool) {
	for _, f := range s.Fields {
		if f[0] == name {
			return f[1], true
		}
	}
	return "", false
}

// Sign validates r against the catalogue, builds and encrypts merchant_auth
// where the operation has one, and computes the hash.
func Sign(r *Request) (*Signed, error) {
	op, ok := lookup(r.Operation)
	if !ok {
		return nil, core.Fieldf("operation", core.ErrUnknownOperation, "PayWay has no operation %q in paysign's catalogue", clip(r.Operation))
	}
	base, err := baseURL(r.Environment)
	if err != nil {
		return nil, err
	}
	if err := checkCredential(op, "merchant_id", r.Credentials.MerchantID, op.MerchantIDMax); err != nil {
		return nil, err
	}
	if r.Credentials.APIKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the PayWay API key is required")
	}
	var pub *rsa.PublicKey
	if op.EncryptedField != "" {
		if r.Credentials.RSAPublicKey == "" {
			return nil, core.Fieldf("credentials.rsa_public_key", core.ErrRequired, "%s encrypts %s with PayWay's RSA public key", op.Name, op.EncryptedField)
		}
		if pub, err = core.CachedPublicKey(r.Credentials.RSAPublicKey); err != nil {
			return nil, &core.FieldError{Field: "credentials.rsa_public_key", Err: err}
		}
	}
	values, err := normalize(op, r.Params)
	if err != nil {
		return nil, err
	}
	values.text["merchant_id"] = r.Credentials.MerchantID
	if op.TimeField != "" {
		t := r.RequestTime
		if t == "" {
			t = core.RequestTime(time.Now())
		} else if _, err := core.ParseRequestTime(t); err != nil {
			return nil, &core.FieldError{Field: "request_time", Err: err}
		}
		values.text[op.TimeField] = t
	}

	s := &Signed{Operation: op.Name, Method: op.Method, URL: base + op.Path, ContentType: op.ContentType, HashFields: op.HashFields}
	if op.EncryptedField != "" {
		plaintext := encryptedPlaintext(op, r.Credentials.MerchantID, values)
		ciphertext, err := core.EncryptChunked(pub, plaintext)
		if err != nil {
			return nil, &core.FieldError{Field: "credentials.rsa_public_key", Err: err}
		}
		values.text[op.EncryptedField] = base64.StdEncoding.EncodeToString(ciphertext)
		if op.EncryptedField == inBeneficiaries {
			s.BeneficiariesJSON = string(plaintext)
		} else {
			s.MerchantAuthJSON = string(plaintext)
		}
	}

	s.HashInput = hashInput(op, values.text)
	s.Hash = encodeHash(op, core.HMACSHA512([]byte(r.Credentials.APIKey), []byte(s.HashInput)))
	for _, name := range op.sendOrder {
		if v, ok := values.text[name]; ok {
			s.Fields = append(s.Fields, [2]string{name, v})
		}
	}
	s.Fields = append(s.Fields, [2]string{"hash", s.Hash})
	switch op.ContentType {
	case contentJSON:
		s.Body = jsonBody(s.Fields)
		s.Headers = map[string]string{"Content-Type": contentJSON}
	case contentForm:
		s.Body = formBody(s.Fields)
		s.Headers = map[string]string{"Content-Type": contentForm}
	}
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

func checkCredential(op *Operation, name, value string, maxLength int) error {
	field := "credentials." + name
	if value == "" {
		return core.Fieldf(field, core.ErrRequired, "%s is required", name)
	}
	p := Param{Name: name, Type: typeString, MaxLength: maxLength}
	return checkText(&p, field, value)
}

// encryptedPlaintext is the PHP json_encode text of the encrypted field:
// merchant_auth is {"mc_id": merchant_id, ...members in catalogue order};
// payout's beneficiaries is the array itself.
func encryptedPlaintext(op *Operation, merchantID string, values *normalized) []byte {
	if op.EncryptedField == inBeneficiaries {
		return core.PHPJSON(values.list)
	}
	obj := append(core.Object{{Name: "mc_id", Value: merchantID}}, values.auth...)
	return core.PHPJSON(obj)
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

// sendOrder (computed once per operation) is the time field and merchant_id, then the hash fields, then
// the body params that are not hashed.
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
		if p.In == inBody {
			add(p.Name)
		}
	}
	return order
}

// jsonBody encodes the fields as a JSON object of strings, the way PHP's
// json_encode would.
func jsonBody(fields [][2]string) string { return string(core.PHPJSONStrings(fields)) }

// formBody encodes the fields as application/x-www-form-urlencoded.
func formBody(fields [][2]string) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		formEscape(&b, f[0])
		b.WriteByte('=')
		formEscape(&b, f[1])
	}
	return b.String()
}

func formEscape(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
}

// MarshalJSON writes s in its documented member order without reflection:
// it is on every call's path through core/abi.
func (s *Signed) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 512+2*len(s.HashInput)+len(s.Body)*2)
	member := func(name string) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = core.AppendJSONString(b, name)
		b = append(b, ':')
	}
	b = append(b, '{')
	for _, m := range []struct{ name, value string }{
		{"operation", s.Operation}, {"method", s.Method}, {"url", s.URL}, {"content_type", s.ContentType},
	} {
		member(m.name)
		b = core.AppendJSONString(b, m.value)
	}
	if ct, ok := s.Headers["Content-Type"]; ok && len(s.Headers) == 1 {
		member("headers")
		b = append(b, `{"Content-Type":`...)
		b = core.AppendJSONString(b, ct)
		b = append(b, '}')
	} else if len(s.Headers) > 0 {
		headers, err := json.Marshal(s.Headers)
		if err != nil {
			return nil, err
		}
		member("headers")
		b = append(b, headers...)
	}
	member("fields")
	b = append(b, '[')
	for i, f := range s.Fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = core.AppendJSONString(b, f[0])
		b = append(b, ',')
		b = core.AppendJSONString(b, f[1])
		b = append(b, ']')
	}
	b = append(b, ']')
	if s.Body != "" {
		member("body")
		b = core.AppendJSONString(b, s.Body)
	}
	member("hash_fields")
	b = core.AppendJSONStrings(b, s.HashFields)
	member("hash_input")
	b = core.AppendJSONString(b, s.HashInput)
	member("hash")
	b = core.AppendJSONString(b, s.Hash)
	for _, m := range []struct{ name, value string }{
		{"merchant_auth_json", s.MerchantAuthJSON}, {"beneficiaries_json", s.BeneficiariesJSON},
	} {
		if m.value != "" {
			member(m.name)
			b = core.AppendJSONString(b, m.value)
		}
	}
	return append(b, '}'), nil
}
