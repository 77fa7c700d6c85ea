// Package smallcache keeps a few values made from a text, such as a key's
// parsed form: the core gets the same key with every request, and making
// the value costs more than the work it serves.
package smallcache

import (
	"strings"
	"sync"
)

// Size bounds each cache; a process talks to few gateways and merchants.
const Size = 16

// A Cache maps a text to the value made from it. When full it starts over,
// which is simpler than LRU and costs one remake per text in the rare
// case. The texts are kept as copies: a text that is a slice of a request
// does not keep the request in memory.
type Cache[V any] struct {
	mu     sync.Mutex
	fill   func(text string) (V, error)
	values map[string]V
}

// New returns a cache whose values fill makes; an error is returned and
// not kept.
func New[V any](fill func(text string) (V, error)) *Cache[V] {
	return &Cache[V]{fill: fill}
}

// Get returns the value made from text, made on first use. A text given
// as bytes is looked up without a copy.
func Get[V any, T string | []byte](c *Cache[V], text T) (V, error) {
	c.mu.Lock()
	v, ok := c.values[string(text)]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	own := strings.Clone(string(text))
	v, err := c.fill(own)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.values == nil || len(c.values) >= Size {
		c.values = make(map[string]V)
	}
	c.values[own] = v
	c.mu.Unlock()
	return v, nil
}
