package core

import (
	"crypto/rsa"
	"sync"
)

// keyCacheSize bounds each parsed-key cache; a process talks to few gateways.
const keyCacheSize = 16

// keyCache maps key text to the parsed key. When full it starts over, which
// is simpler than LRU and costs one re-parse per key in the rare case.
type keyCache[K any] struct {
	mu    sync.Mutex
	parse func(string) (K, error)
	keys  map[string]K
}

func (c *keyCache[K]) get(text string) (K, error) {
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
	if c.keys == nil || len(c.keys) >= keyCacheSize {
		c.keys = make(map[string]K)
	}
	c.keys[text] = key
	c.mu.Unlock()
	return key, nil
}

var (
	publicKeys  = keyCache[*rsa.PublicKey]{parse: ParsePublicKey}
	privateKeys = keyCache[*rsa.PrivateKey]{parse: ParsePrivateKey}
)

// CachedPublicKey is ParsePublicKey with a small cache keyed by the key
// text, so callers that pass the PEM on every call (every binding does) pay
// for parsing once. Parsed keys are never modified.
func CachedPublicKey(text string) (*rsa.PublicKey, error) { return publicKeys.get(text) }

// CachedPrivateKey is ParsePrivateKey with the same kind of cache.
func CachedPrivateKey(text string) (*rsa.PrivateKey, error) { return privateKeys.get(text) }
