package wazerotest

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
)

// largeCallbackRequests returns n payway.verify_callback requests of just
// under 1 MiB each: callback bodies of ~30 000 numeric-looking members,
// correctly signed, so the whole path runs (parse, ksort, hash).
func largeCallbackRequests(t testing.TB, n int) [][]byte {
	r := rand.New(rand.NewSource(1))
	var out [][]byte
	for k := 0; k < n; k++ {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; b.Len() < 880_000; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"%d":"%s"`, r.Int63n(1e12), strings.Repeat("v", 5+r.Intn(10)))
		}
		b.WriteString("}")
		signature, err := payway.SignCallback([]byte(b.String()), "TEST_ONLY_memory_key")
		require.NoError(t, err)
		req, err := json.Marshal(map[string]any{"credentials": map[string]string{"api_key": "TEST_ONLY_memory_key"}, "body": b.String(), "signature": signature})
		require.NoError(t, err)
		require.Less(t, len(req), 1<<20)
		out = append(out, req)
	}
	return out
}

// One request of (almost) 1 MiB needs at most 32 MiB of linear memory, and
// an instance that has served 60 of them stays within 64 MiB: linear memory
// never shrinks, so garbage left behind would be kept for good.
func TestLargeRequestsKeepMemoryBounded(t *testing.T) {
	requests := largeCallbackRequests(t, 3)
	in := newInstance(t)
	const MiB = 1 << 20
	for i := 0; i < 60; i++ {
		env := decodeEnvelope(t, in.Call("payway.verify_callback", requests[i%len(requests)]))
		require.True(t, env.OK, "%s", env)
		if i == 0 {
			assert.LessOrEqual(t, in.mod.Memory().Size(), uint32(32*MiB), "after the first 1 MiB request")
		}
	}
	size := in.mod.Memory().Size()
	t.Logf("linear memory after 60 requests of ~1 MiB: %.1f MiB", float64(size)/MiB)
	assert.LessOrEqual(t, size, uint32(64*MiB))
}
