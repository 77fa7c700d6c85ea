// Package keycache parses RSA keys given as text once: callers of the call
// envelope pass the same PEM with every request, and parsing (and, for
// private keys, validating) costs more than the signature it serves.
package keycache

import (
	"crypto/rsa"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/smallcache"
)

var (
	publicKeys  = smallcache.New(core.ParsePublicKey)
	privateKeys = smallcache.New(core.ParsePrivateKey)
)

// PublicKey is core.ParsePublicKey with a small cache keyed by the text.
// Parsed keys are shared and must not be modified.
func PublicKey(text string) (*rsa.PublicKey, error) { return smallcache.Get(publicKeys, text) }

// PrivateKey is core.ParsePrivateKey with the same kind of cache.
func PrivateKey(text string) (*rsa.PrivateKey, error) { return smallcache.Get(privateKeys, text) }
