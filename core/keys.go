package core

import (
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"

	encasn1 "encoding/asn1"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/paysign/paysign/core/internal/primitive"
)

// The RSA modulus sizes paysign accepts, 1024 to 4096 bits. PayWay issues
// 1024-bit keys and BBMSL 2048-bit ones; the upper bound keeps the work one
// request can cause bounded.
const (
	MinRSABits = primitive.MinBits
	MaxRSABits = primitive.MaxBits
)

var oidRSAEncryption = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}

// ParsePublicKey parses an RSA public key given as PEM "PUBLIC KEY"
// (SubjectPublicKeyInfo) or "RSA PUBLIC KEY" (PKCS #1), or as the bare
// base64 of either DER form. It tolerates what environment variables and
// config files do to PEM: line breaks written as a literal "\n", CRLF, and
// a PEM squeezed onto one line. A private key is rejected with a message
// saying so, never silently reduced to its public half.
func ParsePublicKey(text string) (*rsa.PublicKey, error) {
	der, label, err := decodeKeyText(text)
	if err != nil {
		return nil, err
	}
	switch label {
	case "PUBLIC KEY":
		return malformedIfNot(parseSPKI(der))
	case "RSA PUBLIC KEY":
		return malformedIfNot(parsePKCS1Public(der))
	case "PRIVATE KEY", "RSA PRIVATE KEY":
		return nil, fmt.Errorf("%w: this is a private key; give the RSA public key", ErrInvalidKey)
	case "":
		if pub, err := parseSPKI(der); err == nil || !errors.Is(err, errNotThisFormat) {
			return pub, err
		}
		if pub, err := parsePKCS1Public(der); err == nil || !errors.Is(err, errNotThisFormat) {
			return pub, err
		}
		if isPrivateDER(der) {
			return nil, fmt.Errorf("%w: this is a private key; give the RSA public key", ErrInvalidKey)
		}
		return nil, fmt.Errorf("%w: not an RSA public key (SubjectPublicKeyInfo or PKCS #1 DER)", ErrInvalidKey)
	}
	return nil, fmt.Errorf("%w: unsupported PEM type %s", ErrInvalidKey, label)
}

// isLabel reports whether s can be a PEM label paysign names in a message:
// at most 32 upper-case letters, digits and single spaces (RFC 7468's
// labels, such as "RSA PUBLIC KEY", are far shorter than any key text).
func isLabel(s string) bool {
	if s == "" || len(s) > 32 || s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ') {
			return false
		}
	}
	return true
}

// ParsePrivateKey parses an RSA private key given as PEM "PRIVATE KEY"
// (PKCS #8) or "RSA PRIVATE KEY" (PKCS #1), or as the bare base64 of either
// DER form, with the same tolerance as ParsePublicKey. Encrypted PEM is not
// supported.
func ParsePrivateKey(text string) (*rsa.PrivateKey, error) {
	der, label, err := decodeKeyText(text)
	if err != nil {
		return nil, err
	}
	switch label {
	case "PRIVATE KEY":
		return malformedIfNot(parsePKCS8(der))
	case "RSA PRIVATE KEY":
		return malformedIfNot(parsePKCS1Private(der))
	case "PUBLIC KEY", "RSA PUBLIC KEY":
		return nil, fmt.Errorf("%w: this is a public key; give the RSA private key", ErrInvalidKey)
	case "":
		if priv, err := parsePKCS8(der); err == nil || !errors.Is(err, errNotThisFormat) {
			return priv, err
		}
		if priv, err := parsePKCS1Private(der); err == nil || !errors.Is(err, errNotThisFormat) {
			return priv, err
		}
		if _, err := parseSPKI(der); err == nil {
			return nil, fmt.Errorf("%w: this is a public key; give the RSA private key", ErrInvalidKey)
		}
		return nil, fmt.Errorf("%w: not an RSA private key (PKCS #8 or PKCS #1 DER)", ErrInvalidKey)
	}
	return nil, fmt.Errorf("%w: unsupported PEM type %s", ErrInvalidKey, label)
}

// malformedIfNot turns errNotThisFormat into ErrInvalidKey for callers that
// know which format the DER must be (a PEM label said so).
func malformedIfNot[K any](key K, err error) (K, error) {
	if errors.Is(err, errNotThisFormat) {
		return key, fmt.Errorf("%w: the PEM body is not the key its label names", ErrInvalidKey)
	}
	return key, err
}

// errNotThisFormat marks DER that is not the structure a parser expects, so
// bare DER can be tried against the next format.
var errNotThisFormat = errors.New("not this format")

// decodeKeyText returns the DER bytes of a PEM or bare base64 key, and the
// PEM label ("" for bare base64). Messages never quote the key text.
func decodeKeyText(text string) (der []byte, label string, err error) {
	text = strings.ReplaceAll(text, `\r`, "")
	text = strings.ReplaceAll(text, `\n`, "\n")
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, "", fmt.Errorf("%w: empty key", ErrInvalidKey)
	}
	body := text
	if begin := strings.Index(text, "-----BEGIN "); begin >= 0 {
		rest := text[begin+len("-----BEGIN "):]
		labelEnd := strings.Index(rest, "-----")
		if labelEnd < 0 {
			return nil, "", fmt.Errorf("%w: malformed PEM header", ErrInvalidKey)
		}
		label = rest[:labelEnd]
		if !isLabel(label) {
			// A damaged BEGIN line: what lies before the next dashes may be
			// the key itself, so it is never quoted.
			return nil, "", fmt.Errorf("%w: malformed PEM BEGIN line", ErrInvalidKey)
		}
		rest = rest[labelEnd+5:]
		footer := "-----END " + label + "-----"
		end := strings.Index(rest, footer)
		if end < 0 {
			return nil, "", fmt.Errorf("%w: PEM %s has no matching END line", ErrInvalidKey, label)
		}
		body = rest[:end]
		if strings.Contains(body, ":") {
			return nil, "", fmt.Errorf("%w: encrypted or annotated PEM is not supported", ErrInvalidKey)
		}
	}
	body = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, body)
	der, err = base64.StdEncoding.DecodeString(body)
	if err != nil || len(der) == 0 {
		return nil, "", fmt.Errorf("%w: key is neither PEM nor base64 DER", ErrInvalidKey)
	}
	return der, label, nil
}

// parseSPKI parses SubjectPublicKeyInfo holding an RSA key:
// SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { RSAPublicKey } }.
func parseSPKI(der []byte) (*rsa.PublicKey, error) {
	input := cryptobyte.String(der)
	var spki, algo cryptobyte.String
	var oid encasn1.ObjectIdentifier
	var bits encasn1.BitString
	if !input.ReadASN1(&spki, asn1.SEQUENCE) || !input.Empty() ||
		!spki.ReadASN1(&algo, asn1.SEQUENCE) ||
		!algo.ReadASN1ObjectIdentifier(&oid) {
		return nil, errNotThisFormat
	}
	if !oid.Equal(oidRSAEncryption) {
		return nil, fmt.Errorf("%w: not an RSA key", ErrInvalidKey)
	}
	if !spki.ReadASN1BitString(&bits) || !spki.Empty() || bits.BitLength%8 != 0 {
		return nil, fmt.Errorf("%w: malformed SubjectPublicKeyInfo", ErrInvalidKey)
	}
	pub, err := parsePKCS1Public(bits.Bytes)
	if errors.Is(err, errNotThisFormat) {
		return nil, fmt.Errorf("%w: malformed RSA public key", ErrInvalidKey)
	}
	return pub, err
}

// parsePKCS1Public parses RSAPublicKey: SEQUENCE { INTEGER n, INTEGER e }.
func parsePKCS1Public(der []byte) (*rsa.PublicKey, error) {
	input := cryptobyte.String(der)
	var seq cryptobyte.String
	n, e := new(big.Int), new(big.Int)
	if !input.ReadASN1(&seq, asn1.SEQUENCE) || !input.Empty() ||
		!seq.ReadASN1Integer(n) || !seq.ReadASN1Integer(e) || !seq.Empty() {
		return nil, errNotThisFormat
	}
	return checkPublic(n, e)
}

func checkPublic(n, e *big.Int) (*rsa.PublicKey, error) {
	if n.Sign() <= 0 || e.Sign() <= 0 {
		return nil, fmt.Errorf("%w: malformed RSA public key", ErrInvalidKey)
	}
	if !e.IsInt64() || e.Int64() < 3 || e.Int64() > 1<<31-1 || e.Bit(0) == 0 {
		return nil, fmt.Errorf("%w: unsupported RSA public exponent", ErrInvalidKey)
	}
	pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
	if err := primitive.CheckSize(pub); err != nil {
		return nil, err
	}
	return pub, nil
}

// parsePKCS8 parses PrivateKeyInfo:
// SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, ... }, OCTET STRING { RSAPrivateKey } }.
func parsePKCS8(der []byte) (*rsa.PrivateKey, error) {
	input := cryptobyte.String(der)
	var seq, algo cryptobyte.String
	var version int64
	var oid encasn1.ObjectIdentifier
	var inner cryptobyte.String
	if !input.ReadASN1(&seq, asn1.SEQUENCE) || !input.Empty() ||
		!seq.ReadASN1Integer(&version) ||
		!seq.ReadASN1(&algo, asn1.SEQUENCE) ||
		!algo.ReadASN1ObjectIdentifier(&oid) {
		return nil, errNotThisFormat
	}
	if version != 0 {
		return nil, fmt.Errorf("%w: unsupported PKCS #8 version", ErrInvalidKey)
	}
	if !oid.Equal(oidRSAEncryption) {
		return nil, fmt.Errorf("%w: not an RSA key", ErrInvalidKey)
	}
	if !seq.ReadASN1(&inner, asn1.OCTET_STRING) {
		return nil, fmt.Errorf("%w: malformed PKCS #8 key", ErrInvalidKey)
	}
	priv, err := parsePKCS1Private(inner)
	if errors.Is(err, errNotThisFormat) {
		return nil, fmt.Errorf("%w: malformed RSA private key", ErrInvalidKey)
	}
	return priv, err
}

// parsePKCS1Private parses RSAPrivateKey:
// SEQUENCE { version, n, e, d, p, q, dp, dq, qinv [, otherPrimeInfos] }.
func parsePKCS1Private(der []byte) (*rsa.PrivateKey, error) {
	input := cryptobyte.String(der)
	var seq cryptobyte.String
	var version int64
	ints := make([]*big.Int, 8)
	for i := range ints {
		ints[i] = new(big.Int)
	}
	if !input.ReadASN1(&seq, asn1.SEQUENCE) || !input.Empty() || !seq.ReadASN1Integer(&version) {
		return nil, errNotThisFormat
	}
	for _, v := range ints {
		if !seq.ReadASN1Integer(v) {
			return nil, errNotThisFormat
		}
	}
	if version != 0 || !seq.Empty() {
		return nil, fmt.Errorf("%w: multi-prime RSA keys are not supported", ErrInvalidKey)
	}
	pub, err := checkPublic(ints[0], ints[1])
	if err != nil {
		return nil, err
	}
	priv := &rsa.PrivateKey{PublicKey: *pub, D: ints[2], Primes: []*big.Int{ints[3], ints[4]}}
	if err := priv.Validate(); err != nil {
		return nil, fmt.Errorf("%w: inconsistent RSA private key", ErrInvalidKey)
	}
	priv.Precompute()
	return priv, nil
}

// isPrivateDER reports whether der parses as either private key format.
func isPrivateDER(der []byte) bool {
	if _, err := parsePKCS8(der); !errors.Is(err, errNotThisFormat) {
		return true
	}
	_, err := parsePKCS1Private(der)
	return !errors.Is(err, errNotThisFormat)
}
