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
	"fmt"

	"github.com/paysign/paysign/core"
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
// portal, as PEM (PKCS #1 or PKCS #8) or bare base64 DER.
type Credentials struct {
	MerchantID string `json:"merchant_id"`
	PrivateKey string `json:"private_key"`
}

// Request is one request to sign.
type Request struct {
	// Operation is "refund", "void", "query" or "create".
	Operation   string
	Credentials Credentials
	// Params use paysign's snake_case names with plain values; see
	// Operations for each operation's fields and their JSON types.
	Params map[string]any
	// Environment is "sandbox" (default) or "production".
	Environment string
}

// Signed is a request ready to send.
type Signed struct {
	Operation   string `json:"operation"`
	Method      string `json:"method"`
	URL         string `json:"url"`
	ContentType string `json:"content_type"`
	// Request is the exact inner JSON string that was signed.
	Request string `json:"request"`
	// Signature is the base64 RSASSA-PKCS1-v1_5 SHA-256 signature of Request.
	Signature string `json:"signature"`
	// Body is {"request": Request, "signature": Signature} as JSON text.
	Body string `json:"body"`
}

// Sign builds the inner JSON of r, signs its exact bytes and wraps both in
// the envelope BBMSL expects. Errors wrap core.ErrUnknownOperation,
// core.ErrRequired, core.ErrInvalidFormat, core.ErrInvalidAmount,
// core.ErrAmountTooSmall, core.ErrMalformedRequest (an unknown param) or
// core.ErrInvalidKey (also for keys under 2048 bits), and never contain key
// material.
func Sign(r *Request) (*Signed, error) {
	op, ok := lookup(r.Operation)
	if !ok {
		return nil, core.Fieldf("operation", core.ErrUnknownOperation, "BBMSL has no operation %q in paysign's profile (refund, void, query, create)", clip(r.Operation))
	}
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
	if r.Credentials.PrivateKey == "" {
		return nil, core.Fieldf("credentials.private_key", core.ErrRequired, "the merchant's RSA private key is required")
	}
	priv, err := core.CachedPrivateKey(r.Credentials.PrivateKey)
	if err != nil {
		return nil, &core.FieldError{Field: "credentials.private_key", Err: err}
	}
	if priv.N.BitLen() < MinKeyBits {
		return nil, core.Fieldf("credentials.private_key", core.ErrInvalidKey, "BBMSL keys are %d-bit RSA; this one has %d bits", MinKeyBits, priv.N.BitLen())
	}
	inner, err := op.build(merchantID, r.Params)
	if err != nil {
		return nil, err
	}
	request := string(core.PHPJSON(inner))
	signature, err := SignMessage(priv, []byte(request))
	if err != nil {
		return nil, err
	}
	body := core.Object{{Name: "request", Value: request}, {Name: "signature", Value: signature}}
	return &Signed{
		Operation:   op.name,
		Method:      "POST",
		URL:         base + op.path,
		ContentType: "application/json",
		Request:     request,
		Signature:   signature,
		Body:        string(core.PHPJSON(body)),
	}, nil
}

// SignMessage returns the base64 (standard alphabet, padded, unwrapped)
// RSASSA-PKCS1-v1_5 SHA-256 signature of message under priv: 344
// characters for a 2048-bit key. It is what BBMSL's SDKs compute with
// openssl_sign or SHA256WithRSA.
func SignMessage(priv *rsa.PrivateKey, message []byte) (string, error) {
	sig, err := core.SignPKCS1v15SHA256(priv, message)
	if err != nil {
		return "", fmt.Errorf("%w: cannot sign with this key", core.ErrInvalidKey)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
