package payway

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"

	"github.com/paysign/paysign/core"
)

// Verified is what PayWay's server learns from a request it accepted.
type Verified struct {
	Operation   string `json:"operation"`
	MerchantID  string `json:"merchant_id"`
	RequestTime string `json:"request_time,omitempty"`
	// MerchantAuth is the decrypted merchant_auth object and
	// MerchantAuthJSON its exact text (operations with merchant_auth).
	MerchantAuth     json.RawMessage `json:"merchant_auth,omitempty"`
	MerchantAuthJSON string          `json:"merchant_auth_json,omitempty"`
	// Beneficiaries and BeneficiariesJSON are the same for payout.
	Beneficiaries     json.RawMessage `json:"beneficiaries,omitempty"`
	BeneficiariesJSON string          `json:"beneficiaries_json,omitempty"`
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
		return nil, core.Fieldf("operation", core.ErrUnknownOperation, "PayWay has no operation %q in paysign's catalogue", clip(operation))
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
		if _, err := core.ParseRequestTime(fields[op.TimeField]); err != nil {
			return nil, &core.FieldError{Field: "fields." + op.TimeField, Err: err}
		}
		v.RequestTime = fields[op.TimeField]
	}
	want := encodeHash(op, core.HMACSHA512([]byte(apiKey), []byte(hashInput(op, fields))))
	if !core.EqualMAC([]byte(want), []byte(fields["hash"])) {
		return nil, core.Fieldf("fields.hash", core.ErrHashMismatch, "")
	}
	if op.EncryptedField == "" {
		return v, nil
	}
	if priv == nil {
		return nil, core.Fieldf("credentials.rsa_private_key", core.ErrRequired, "%s needs the RSA private key to decrypt %s", op.Name, op.EncryptedField)
	}
	field := "fields." + op.EncryptedField
	ciphertext, err := base64.StdEncoding.DecodeString(fields[op.EncryptedField])
	if err != nil {
		return nil, core.Fieldf(field, core.ErrInvalidFormat, "%s is not base64", op.EncryptedField)
	}
	plaintext, err := core.DecryptChunked(priv, ciphertext)
	if err != nil {
		return nil, &core.FieldError{Field: field, Err: err}
	}
	if !json.Valid(plaintext) {
		return nil, core.Fieldf(field, core.ErrDecryption, "")
	}
	if op.EncryptedField == inBeneficiaries {
		v.Beneficiaries, v.BeneficiariesJSON = plaintext, string(plaintext)
		return v, nil
	}
	var auth struct {
		MCID string `json:"mc_id"`
	}
	if err := json.Unmarshal(plaintext, &auth); err != nil || auth.MCID != v.MerchantID {
		return nil, core.Fieldf(field, core.ErrMerchantMismatch, "merchant_auth.mc_id differs from merchant_id")
	}
	v.MerchantAuth, v.MerchantAuthJSON = plaintext, string(plaintext)
	return v, nil
}

// Hashed is the hash PayWay computes over a set of fields.
type Hashed struct {
	Operation  string   `json:"operation"`
	HashFields []string `json:"hash_fields"`
	HashInput  string   `json:"hash_input"`
	Hash       string   `json:"hash"`
}

// Hash computes the hash PayWay expects over fields (values by name, taken
// as they are, encrypted fields included): the "expected" side of a Wrong
// Hash diagnosis. It validates nothing but the operation and the key.
func Hash(operation string, fields map[string]string, apiKey string) (*Hashed, error) {
	op, ok := lookup(operation)
	if !ok {
		return nil, core.Fieldf("operation", core.ErrUnknownOperation, "PayWay has no operation %q in paysign's catalogue", clip(operation))
	}
	if apiKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the API key is required")
	}
	input := hashInput(op, fields)
	return &Hashed{Operation: op.Name, HashFields: op.HashFields, HashInput: input,
		Hash: encodeHash(op, core.HMACSHA512([]byte(apiKey), []byte(input)))}, nil
}
