package bbmsl

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/wire"
)

// The two canonical forms BBMSL's official plugins have used for webhook
// signatures. Both drop the signature member first.
const (
	// SortedKV (plugin 1.0.23, the default): each member written as
	// "key=value" with no URL encoding, the whole "key=value" strings sorted
	// byte-wise, joined with "&".
	SortedKV = "sorted_kv"
	// URLEncoded (plugin 1.0.8, the older form): members sorted by key
	// byte-wise, then PHP's http_build_query: key and value URL-encoded as
	// PHP's urlencode does (space as "+", every byte outside [A-Za-z0-9._-]
	// as upper-case %XX), joined with "&".
	URLEncoded = "urlencoded"
)

// Webhook is a verified BBMSL notification.
type Webhook struct {
	Variant string
	// Canonical is the exact string whose signature was checked.
	Canonical string
	// Values are the notification's members (without signature) as the text
	// that was signed: strings as received, numbers, true, false and null
	// as their JSON lexemes ("15.00" stays "15.00").
	Values map[string]string
}

// VerifyWebhook checks the signature of a BBMSL webhook body with pub, the
// public key BBMSL publishes for the one environment the caller is
// configured for (never "either key": a sandbox notification must not pass
// in production). variant is SortedKV (default when empty) or URLEncoded.
//
// body is the raw request body. Values are canonicalised from their raw
// JSON lexemes, never through a float (PHP's json_decode would turn 15.00
// into 15); a nested object or array, or a repeated member, has no
// published canonical form and is rejected. The signature member is the
// base64 of one RSASSA-PKCS1-v1_5 SHA-256 signature, decoded exactly once.
// The RSA check itself runs in constant time.
//
// Errors wrap core.ErrBodyMalformed, core.ErrSignatureMissing,
// core.ErrSignatureMalformed, core.ErrSignatureMismatch or, for an
// unknown variant, core.ErrInvalidFormat. A valid signature says BBMSL
// sent the notification, not that it is fresh (BBMSL retries up to 15
// times and signs no timestamp): deduplicate by order, and confirm with
// the query operation before fulfilling.
func VerifyWebhook(body []byte, pub *rsa.PublicKey, variant string) (*Webhook, error) {
	if pub == nil {
		return nil, core.Fieldf("credentials.bbmsl_public_key", core.ErrRequired, "BBMSL's public key for the configured environment is required")
	}
	canonical, signature, fields, err := Canonicalize(body, variant)
	if err != nil {
		return nil, err
	}
	if variant == "" {
		variant = SortedKV
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(signature)
	if err != nil || len(sig) != pub.Size() || base64.StdEncoding.EncodeToString(sig) != signature {
		return nil, core.Fieldf("body.signature", core.ErrSignatureMalformed, "the signature must be the base64 of one %d-byte RSA signature", pub.Size())
	}
	digest := sha256.Sum256([]byte(canonical))
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) != nil {
		return nil, core.Fieldf("body.signature", core.ErrSignatureMismatch, "the signature does not verify with the configured BBMSL public key (%s form)", variant)
	}
	return &Webhook{Variant: variant, Canonical: canonical, Values: fields}, nil
}

// Canonicalize parses a webhook body and returns the canonical string of
// variant, the received signature text and the signed fields. It fails
// with core.ErrSignatureMissing when the body has no non-empty signature
// string member.
func Canonicalize(body []byte, variant string) (canonical, signature string, fields map[string]string, err error) {
	if variant != "" && variant != SortedKV && variant != URLEncoded {
		return "", "", nil, core.Fieldf("variant", core.ErrInvalidFormat, "variant must be %q (default) or %q", SortedKV, URLEncoded)
	}
	v, perr := wire.Parse(body)
	if perr != nil {
		return "", "", nil, core.Fieldf("body", core.ErrBodyMalformed, "the webhook body is not valid JSON")
	}
	obj, ok := v.(wire.Object)
	if !ok {
		return "", "", nil, core.Fieldf("body", core.ErrBodyMalformed, "the webhook body is not a JSON object")
	}
	fields = make(map[string]string, len(obj))
	sigSeen := false
	for _, m := range obj {
		if _, dup := fields[m.Name]; dup || (m.Name == "signature" && sigSeen) {
			return "", "", nil, core.Fieldf("body."+m.Name, core.ErrBodyMalformed, "member given twice")
		}
		if m.Name == "signature" {
			sigSeen = true
			switch t := m.Value.(type) {
			case nil:
			case string:
				signature = t
			default:
				return "", "", nil, core.Fieldf("body.signature", core.ErrSignatureMalformed, "the signature must be a base64 string")
			}
			continue
		}
		text, ok := lexeme(m.Value)
		if !ok {
			return "", "", nil, core.Fieldf("body."+m.Name, core.ErrBodyMalformed, "nested objects and arrays have no published canonical form")
		}
		fields[m.Name] = text
	}
	if signature == "" {
		return "", "", nil, core.Fieldf("body.signature", core.ErrSignatureMissing, "the webhook has no signature")
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	parts := make([]string, len(names))
	if variant == URLEncoded {
		sort.Strings(names)
		for i, name := range names {
			parts[i] = php.URLEncode(name) + "=" + php.URLEncode(fields[name])
		}
	} else {
		for i, name := range names {
			parts[i] = name + "=" + fields[name]
		}
		sort.Strings(parts)
	}
	return strings.Join(parts, "&"), signature, fields, nil
}

// lexeme is the text of a scalar: a string's value, a number's exact
// lexeme, "true", "false" or "null".
func lexeme(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return string(t), true
	case bool:
		if t {
			return "true", true
		}
		return "false", true
	case nil:
		return "null", true
	}
	return "", false
}
