// Package keycache parses RSA keys given as text once: callers of the call
// envelope pass the same PEM with every request, and parsing (and, for
// private keys, validating) costs more than the signature it serves.
package keycache

import (
	"crypto/rsa"
	"strings"
	"sync"

	"github.com/paysign/paysign/core"
)

// size bounds each cache; a process talks to few gateways.
const size = 16

// cache maps key text to the parsed key. When full it starts over, which is
// simpler than LRU and costs one re-parse per key in the rare case.
type cache[K any] struct {
	mu    sync.Mutex
	parse func(string) (K, error)
	keys  map[string]K
}

func (c *cache[K]) get(text string) (K, error) {
	c.mu.Lock()
	key, ok := c.keys[text]
	c.mu.Unlock()
	if ok {
		return key, nil
	}
	key, err := c.parse(text)
	if err != nil {
		return key, err
	}
	c.mu.Lock()
	if c.keys == nil || len(c.keys) >= size {
		c.keys = make(map[string]K)
	}
	c.keys[strings.Clone(text)] = key // not a slice of the request that brought it
	c.mu.Unlock()
	return key, nil
}

var (
	publicKeys  = cache[*rsa.PublicKey]{parse: core.ParsePublicKey}
	privateKeys = cache[*rsa.PrivateKey]{parse: core.ParsePrivateKey}
)

// PublicKey is core.ParsePublicKey with a small cache keyed by the text.
// Parsed keys are shared and must not be modified.
func PublicKey(text string) (*rsa.PublicKey, error) { return publicKeys.get(text) }

// PrivateKey is core.ParsePrivateKey with the same kind of cache.
func PrivateKey(text string) (*rsa.PrivateKey, error) { return privateKeys.get(text) }
