// Package bbmsl signs requests for BBMSL's PayAPI (Hong Kong) and verifies
// BBMSL's webhook notifications.
//
// A request is a JSON object serialised to a string (the "request"), signed
// with RSASSA-PKCS1-v1_5 and SHA-256 under the merchant's 2048-bit RSA key,
// and sent as {"request": "<that string>", "signature": "<base64>"}. BBMSL
// checks the signature over the exact bytes of the request string, so no
// canonical JSON is involved: Sign returns the exact string it signed.
// PKCS #1 v1.5 signatures are deterministic, so a signature made here is
// byte-identical to PHP's openssl_sign(..., OPENSSL_ALGO_SHA256) over the
// same string with the same key.
//
// Webhooks are signed by BBMSL over a canonical k=v string of the
// notification's members; see VerifyWebhook. Neither a verified webhook nor
// an API response is proof of payment on its own: query the order
// (operation "query") before acting on it.
package bbmsl

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/keycache"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/core/internal/wire"
)

// MinKeyBits is the RSA key size BBMSL issues and accepts for merchants.
const MinKeyBits = 2048

// baseURLs are the PayAPI hosts per environment.
var baseURLs = map[string]string{
	"sandbox":    "https://payapi.sit.bbmsl.com",
	"production": "https://payapi.prod.bbmsl.com",
}

// Credentials are the merchant's: the numeric merchant ID BBMSL assigned
// and the RSA private key whose public half is registered in BBMSL's
// portal, given parsed (PrivateKey, see core.ParsePrivateKey) or as text
// (PrivateKeyPEM: PKCS #1 or PKCS #8 PEM, or bare base64 DER, parsed on
// first use and cached), not both.
type Credentials struct {
	MerchantID    string
	PrivateKey    *rsa.PrivateKey
	PrivateKeyPEM string
}

// privateKey returns the private key however it was given.
func (c *Credentials) privateKey() (*rsa.PrivateKey, error) {
	const field = "credentials.private_key"
	var priv *rsa.PrivateKey
	switch {
	case c.PrivateKey != nil && c.PrivateKeyPEM != "":
		return nil, core.Fieldf(field, core.ErrMalformedRequest, "give the private key parsed or as text, not both")
	case c.PrivateKey != nil:
		priv = c.PrivateKey
	case c.PrivateKeyPEM == "":
		return nil, core.Fieldf(field, core.ErrRequired, "the merchant's RSA private key is required")
	default:
		var err error
		if priv, err = keycache.PrivateKey(c.PrivateKeyPEM); err != nil {
			return nil, &core.FieldError{Field: field, Err: err}
		}
	}
	if priv.N.BitLen() < MinKeyBits {
		return nil, core.Fieldf(field, core.ErrInvalidKey, "BBMSL keys are %d-bit RSA; this one has %d bits", MinKeyBits, priv.N.BitLen())
	}
	return priv, nil
}

// Request is one request to sign.
type Request struct {
	Credentials Credentials
	// Operation is what to do: a *Refund, *Void, *Query or *Create.
	Operation Operation
	// Environment is "sandbox" (the default) or "production".
	Environment string
}

// Signed is a request ready to send.
type Signed struct {
	Operation   string
	Method      string
	URL         string
	ContentType string
	// Request is the exact inner JSON string that was signed.
	Request string
	// Signature is the base64 RSASSA-PKCS1-v1_5 SHA-256 signature of Request.
	Signature string
	// Body is {"request": Request, "signature": Signature} as JSON text.
	Body string
}

// Sign builds the inner JSON of r, signs its exact bytes and wraps both in
// the envelope BBMSL expects. Errors wrap core.ErrRequired,
// core.ErrInvalidFormat, core.ErrInvalidAmount, core.ErrAmountTooSmall or
// core.ErrInvalidKey (also for keys under 2048 bits) in a *core.FieldError,
// and never contain key material.
func Sign(r *Request) (*Signed, error) {
	if r.Operation == nil {
		return nil, core.Fieldf("operation", core.ErrRequired, "the operation (refund, void, query or create) is required")
	}
	name, path := r.Operation.endpoint()
	env := r.Environment
	if env == "" {
		env = "sandbox"
	}
	base, ok := baseURLs[env]
	if !ok {
		return nil, core.Fieldf("environment", core.ErrInvalidFormat, "environment must be \"sandbox\" or \"production\"")
	}
	merchantID := r.Credentials.MerchantID
	if merchantID == "" {
		return nil, core.Fieldf("credentials.merchant_id", core.ErrRequired, "the merchant ID is required")
	}
	if !isID(merchantID) {
		return nil, core.Fieldf("credentials.merchant_id", core.ErrInvalidFormat, "the merchant ID is the number BBMSL assigned, such as \"3\"")
	}
	priv, err := r.Credentials.privateKey()
	if err != nil {
		return nil, err
	}
	inner, err := r.Operation.build(json.Number(merchantID))
	if err != nil {
		return nil, err
	}
	request := string(php.Encode(inner))
	signature, err := SignMessage(priv, []byte(request))
	if err != nil {
		return nil, err
	}
	body := wire.Object{{Name: "request", Value: request}, {Name: "signature", Value: signature}}
	return &Signed{
		Operation:   name,
		Method:      "POST",
		URL:         base + path,
		ContentType: "application/json",
		Request:     request,
		Signature:   signature,
		Body:        string(php.Encode(body)),
	}, nil
}

// SignMessage returns the base64 (standard alphabet, padded, unwrapped)
// RSASSA-PKCS1-v1_5 SHA-256 signature of message under priv: 344
// characters for a 2048-bit key. It is what BBMSL's SDKs compute with
// openssl_sign or SHA256WithRSA.
func SignMessage(priv *rsa.PrivateKey, message []byte) (string, error) {
	sig, err := primitive.SignPKCS1v15SHA256(priv, message)
	if err != nil {
		return "", fmt.Errorf("%w: cannot sign with this key", core.ErrInvalidKey)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}
