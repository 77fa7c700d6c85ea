package wazerotest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/testvectors"
)

func TestABIVersionExport(t *testing.T) {
	in := newInstance(t)
	res, err := in.version.Call(context.Background())
	require.NoError(t, err)
	require.Equal(t, uint64(abi.Version), res[0])
}

// TestPanicIsRecovered: test.panic comes back as code internal and the same
// instance keeps answering.
func TestPanicIsRecovered(t *testing.T) {
	in := newInstance(t)
	for range 3 {
		env := decodeEnvelope(t, in.Call("test.panic", []byte(`{}`)))
		require.False(t, env.OK)
		require.Equal(t, "internal", env.Error.Code)
		env = decodeEnvelope(t, in.Call("paysign.version", []byte(`{}`)))
		require.True(t, env.OK, "instance broken after a panic: %s", env)
	}
}

// TestMisuseGetsAnEnvelope: bad pointers and lengths from the host get a
// "misuse" envelope, never a trap, and the instance keeps working.
func TestMisuseGetsAnEnvelope(t *testing.T) {
	in := newInstance(t)
	op := []byte("paysign.version")
	opPtr := in.put(op)
	reqPtr := in.put([]byte(`{}`))
	t.Cleanup(func() { in.release(opPtr); in.release(reqPtr) })
	memSize := in.mod.Memory().Size()

	freed := in.put([]byte("paysign.version"))
	in.release(freed)

	cases := map[string][4]uint32{
		"op pointer 0 with a length":       {0, 15, reqPtr, 2},
		"op length past its buffer":        {opPtr, 1000, reqPtr, 2},
		"op pointer past memory":           {memSize + 64, 4, reqPtr, 2},
		"op pointer near 4 GiB":            {0xFFFFFFF0, 0x20, reqPtr, 2},
		"request not from paysign_alloc":   {opPtr, uint32(len(op)), 8, 2},
		"request length overflows":         {opPtr, uint32(len(op)), reqPtr, 0xFFFFFFFF},
		"op buffer already freed":          {freed, 15, reqPtr, 2},
		"request one byte past its buffer": {opPtr, uint32(len(op)), reqPtr + 1, 2},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			env := decodeEnvelope(t, in.rawCall(c[0], c[1], c[2], c[3]))
			require.False(t, env.OK)
			assert.Equal(t, "misuse", env.Error.Code, env.String())
		})
	}

	// A sub-range of a live buffer is fine, and so is a zero-length request.
	env := decodeEnvelope(t, in.rawCall(opPtr, uint32(len(op)), reqPtr, 2))
	require.True(t, env.OK, env.String())
	want, _ := abi.Call(string(op), nil)
	require.JSONEq(t, string(want), string(in.rawCall(opPtr, uint32(len(op)), 0, 0)), "an empty request reaches the core")
}

func TestAllocBounds(t *testing.T) {
	in := newInstance(t)
	ctx := context.Background()
	for _, size := range []uint64{0, 0xFFFFFFFF} {
		res, err := in.alloc.Call(ctx, size)
		require.NoError(t, err)
		assert.Zero(t, res[0], "paysign_alloc(%d)", size)
	}
	// Freeing 0, an unknown pointer or twice is ignored.
	for _, ptr := range []uint64{0, 12345, 0xFFFFFFFF} {
		_, err := in.free.Call(ctx, ptr)
		require.NoError(t, err)
	}
	// A request just over the core's limit reaches the core.
	big := make([]byte, abi.MaxRequestSize+1)
	env := decodeEnvelope(t, in.Call("paysign.version", big))
	require.False(t, env.OK)
	require.Equal(t, "request_too_large", env.Error.Code)
}

// TestManyCallsDoNotLeak: responses and buffers are freed, so memory stays
// flat over many calls.
func TestManyCallsDoNotLeak(t *testing.T) {
	in := newInstance(t)
	for range 200 {
		in.Call("paysign.version", []byte(`{}`))
	}
	before := in.mod.Memory().Size()
	for range 2000 {
		in.Call("paysign.version", []byte(`{}`))
	}
	require.LessOrEqual(t, in.mod.Memory().Size(), before+4<<20, "memory grew by more than 4 MiB over 2000 calls")
}

// TestEncryptionIsRandomized: two encryptions of the same payload differ,
// within one instance and across instances (wazero's default random source
// is deterministic; newInstance must give it crypto/rand).
func TestEncryptionIsRandomized(t *testing.T) {
	a, b := newInstance(t), newInstance(t)
	requireOp(t, a, "payway.sign")
	request, err := json.Marshal(map[string]any{
		"operation": "refund",
		"credentials": map[string]string{
			"merchant_id":    "ec000002",
			"api_key":        "TEST_ONLY_api_key",
			"rsa_public_key": testvectors.Key("rsa1024_TEST_ONLY_public.pem"),
		},
		"params":       map[string]string{"tran_id": "T1001", "refund_amount": "1.50"},
		"request_time": "20261121093403",
	})
	require.NoError(t, err)
	auth := func(in *instance) string {
		return merchantAuthOf(t, decodeEnvelope(t, in.Call("payway.sign", request)))
	}
	first := auth(a)
	assert.NotEqual(t, first, auth(a), "same instance")
	assert.NotEqual(t, first, auth(b), "fresh instance")
}

func requireOp(t *testing.T, in *instance, op string) {
	t.Helper()
	var v struct {
		Ops []string `json:"ops"`
	}
	env := decodeEnvelope(t, in.Call("paysign.version", []byte(`{}`)))
	require.True(t, env.OK)
	require.NoError(t, json.Unmarshal(env.Value, &v))
	// A renamed or dropped op fails here: a skip would let every test
	// that needs it pass without running.
	require.True(t, contains(v.Ops, op), "the module has no %s op (ops: %v)", op, v.Ops)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
