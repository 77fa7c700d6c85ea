package paywaytest

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/internal/testkeys"
)

// Default credentials of the bundled TEST-ONLY merchant: PayWay's sandbox
// example merchant id and a made-up API key.
const (
	DefaultMerchantID = "ec000002"
	DefaultAPIKey     = "TEST_ONLY_paysign_mock_api_key_ec000002"
)

// Merchant is one merchant the double accepts.
type Merchant struct {
	ID     string
	APIKey string
	// RSAPrivateKey is the gateway's private key: it decrypts
	// merchant_auth and payout beneficiaries. The merchant encrypts with
	// its public half.
	RSAPrivateKey *rsa.PrivateKey
}

// DefaultMerchant returns the bundled TEST-ONLY merchant: ec000002,
// DefaultAPIKey and the 1024-bit RSA key pair of paysign's test vectors
// (internal/testkeys/rsa1024_TEST_ONLY_*.pem).
func DefaultMerchant() Merchant {
	priv, err := core.ParsePrivateKey(testkeys.PEM("rsa1024_TEST_ONLY_private.pem"))
	if err != nil {
		panic("paywaytest: bundled test key: " + err.Error())
	}
	return Merchant{ID: DefaultMerchantID, APIKey: DefaultAPIKey, RSAPrivateKey: priv}
}

// Credentials returns what the merchant signs with: its id, API key and
// the gateway's RSA public key.
func (m Merchant) Credentials() payway.Credentials {
	return payway.Credentials{MerchantID: m.ID, APIKey: m.APIKey, RSAPublicKey: &m.RSAPrivateKey.PublicKey}
}

// PublicKeyPEM returns the gateway's RSA public key as a PEM "PUBLIC KEY"
// block, the form PayWay hands merchants.
func (m Merchant) PublicKeyPEM() string {
	der, err := x509.MarshalPKIXPublicKey(&m.RSAPrivateKey.PublicKey)
	if err != nil {
		panic("paywaytest: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}
