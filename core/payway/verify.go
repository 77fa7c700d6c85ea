package payway

import (
	"crypto/rsa"
	"encoding/base64"
	"slices"
	"time"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/datetime"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/core/internal/wire"
)

// Verified is what PayWay's server learns from a request it accepted.
type Verified struct {
	Operation  string
	MerchantID string
	// RequestTime is the request's time field (zero for payout, which has
	// none). Verify does not check that it is recent.
	RequestTime time.Time
	// MerchantAuth is the decrypted merchant_auth (JSON text) of operations
	// that have one, Beneficiaries the decrypted beneficiaries of payout.
	MerchantAuth  []byte
	Beneficiaries []byte
}

// Verify does what PayWay's server does with a request it receives: it
// recomputes the hash over fields (the received field values by name) with
// apiKey and compares it in constant time, then decrypts the encrypted
// field with priv (nil for operations without one) and checks that
// merchant_auth names the same merchant. It is meant for test doubles of
// PayWay and for debugging; it does not check request_time freshness.
func Verify(operation string, fields map[string]string, apiKey string, priv *rsa.PrivateKey) (*Verified, error) {
	op, ok := lookup(operation)
	if !ok {
		return nil, unknownOperation(operation)
	}
	if apiKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the API key is required")
	}
	required := []string{"merchant_id", "hash"}
	if op.TimeField != "" {
		required = append(required, op.TimeField)
	}
	if op.EncryptedField != "" {
		required = append(required, op.EncryptedField)
	}
	for _, name := range required {
		if fields[name] == "" {
			return nil, core.Fieldf("fields."+name, core.ErrRequired, "%s was not received", name)
		}
	}
	v := &Verified{Operation: op.Name, MerchantID: fields["merchant_id"]}
	if op.TimeField != "" {
		t, err := datetime.ParseRequestTime(fields[op.TimeField])
		if err != nil {
			return nil, &core.FieldError{Field: "fields." + op.TimeField, Err: err}
		}
		v.RequestTime = t
	}
	want := encodeHash(op, primitive.HMACSHA512([]byte(apiKey), []byte(hashInput(op, fields))))
	if !primitive.EqualMAC([]byte(want), []byte(fields["hash"])) {
		return nil, core.Fieldf("fields.hash", core.ErrHashMismatch, "")
	}
	if op.EncryptedField == "" {
		return v, nil
	}
	if priv == nil {
		return nil, core.Fieldf("credentials.rsa_private_key", core.ErrRequired, "%s needs the RSA private key to decrypt %s", op.Name, op.EncryptedField)
	}
	field := "fields." + op.EncryptedField
	text := fields[op.EncryptedField]
	if base64.StdEncoding.DecodedLen(len(text)) > primitive.MaxCiphertextSize+2 {
		return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s is longer than the %d bytes of ciphertext paysign decrypts", op.EncryptedField, primitive.MaxCiphertextSize)
	}
	ciphertext, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s is not base64", op.EncryptedField)
	}
	plaintext, err := primitive.DecryptChunked(priv, ciphertext)
	if err != nil {
		return nil, &core.FieldError{Field: field, Err: err}
	}
	decoded, err := wire.Parse(plaintext)
	if err != nil {
		return nil, core.Fieldf(field, core.ErrDecryption, "")
	}
	if op.EncryptedField == InBeneficiaries {
		v.Beneficiaries = plaintext
		return v, nil
	}
	if mcID, _ := member(decoded, "mc_id").(string); mcID != v.MerchantID {
		return nil, core.Fieldf(field, core.ErrMerchantMismatch, "merchant_auth.mc_id differs from merchant_id")
	}
	v.MerchantAuth = plaintext
	return v, nil
}

// member returns the value of the last member called name of v, if v is an
// object (the last, as PHP's json_decode keeps it).
func member(v any, name string) any {
	obj, _ := v.(wire.Object)
	var found any
	for _, m := range obj {
		if m.Name == name {
			found = m.Value
		}
	}
	return found
}

// Hashed is the hash PayWay computes over a set of fields.
type Hashed struct {
	Operation  string
	HashFields []string
	HashInput  string
	Hash       string
}

// Hash computes the hash PayWay expects over fields (values by name, taken
// as they are, encrypted fields included): the "expected" side of a Wrong
// Hash diagnosis. It validates nothing but the operation and the key.
func Hash(operation string, fields map[string]string, apiKey string) (*Hashed, error) {
	op, ok := lookup(operation)
	if !ok {
		return nil, unknownOperation(operation)
	}
	if apiKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the API key is required")
	}
	input := hashInput(op, fields)
	return &Hashed{Operation: op.Name, HashFields: slices.Clone(op.HashFields), HashInput: input,
		Hash: encodeHash(op, primitive.HMACSHA512([]byte(apiKey), []byte(input)))}, nil
}
