package wazerotest

import (
	"testing"

	"github.com/paysign/paysign/testvectors"
)

// TestVectors runs every vector file through the module with the shared
// runner (testvectors/README.md rules). One instance serves all vectors: a
// recovered panic must not spoil it.
func TestVectors(t *testing.T) {
	in := newInstance(t)
	testvectors.Run(t, func(op string, request []byte) ([]byte, error) {
		return in.Call(op, request), nil
	})
}
