package wazerotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/testvectors"
)

var soakCalls = flag.Int("paysign-soak-calls", 10000, "calls of TestMemoryStaysBounded (make soak-wasm: 100000)")

const tenMB = 10 << 20

// Host-side limits, as in the JavaScript binding (bindings/js/src/index.js):
// the core rejects a request over abi.MaxRequestSize by its length alone and
// an op name longer than any op whatever its tail, so a host copies at most
// this much of either into the module.
const (
	hostRequestLimit = abi.MaxRequestSize + 1
	hostOpLimit      = 1025
)

// callBounded is Call with the host-side limits applied.
func (in *instance) callBounded(op string, request []byte) []byte {
	in.t.Helper()
	if len(op) > hostOpLimit {
		op = op[:hostOpLimit]
	}
	if len(request) > hostRequestLimit {
		request = request[:hostRequestLimit]
	}
	return in.Call(op, request)
}

func (in *instance) memorySize() uint32 { return in.mod.Memory().Size() }

func refundRequest(t testing.TB, apiKey, tranID string) []byte {
	t.Helper()
	request, err := json.Marshal(map[string]any{
		"operation": "refund",
		"credentials": map[string]string{
			"merchant_id":    "ec000002",
			"api_key":        apiKey,
			"rsa_public_key": testvectors.Key("rsa1024_TEST_ONLY_public.pem"),
		},
		"params":       map[string]string{"tran_id": tranID, "refund_amount": "1.50"},
		"request_time": "20261121093403",
	})
	require.NoError(t, err)
	return request
}

func checkTransactionRequest(t testing.TB, tranID string) []byte {
	t.Helper()
	request, err := json.Marshal(map[string]any{
		"operation":    "check_transaction",
		"credentials":  map[string]string{"merchant_id": "ec000002", "api_key": "TEST_ONLY_api_key"},
		"params":       map[string]string{"tran_id": tranID},
		"request_time": "20261121093403",
	})
	require.NoError(t, err)
	return request
}

// TestTenMegabyteInput: a 10 MB tran_id or op name gets its structured error
// quickly, the instance keeps working, and its memory does not grow by the
// size of the input.
func TestTenMegabyteInput(t *testing.T) {
	in := newInstance(t)
	requireOp(t, in, "payway.sign")
	want := decodeEnvelope(t, in.Call("payway.sign", checkTransactionRequest(t, "T1001")))
	require.True(t, want.OK, want.String())
	before := in.memorySize()

	huge := checkTransactionRequest(t, strings.Repeat("T", tenMB))
	start := time.Now()
	env := decodeEnvelope(t, in.callBounded("payway.sign", huge))
	elapsed := time.Since(start)
	require.False(t, env.OK)
	assert.Equal(t, "request_too_large", env.Error.Code, env.String())
	assert.Less(t, elapsed, 2*time.Second)
	t.Logf("10 MB tran_id: %s in %v", env.Error.Code, elapsed)

	start = time.Now()
	env = decodeEnvelope(t, in.callBounded("payway.sign"+strings.Repeat("x", tenMB), []byte(`{}`)))
	elapsed = time.Since(start)
	require.False(t, env.OK)
	assert.Equal(t, "unknown_op", env.Error.Code, env.String())
	assert.Less(t, len(env.Error.Message), 200, "the op name is not echoed")
	assert.Less(t, elapsed, 2*time.Second)
	t.Logf("10 MB op name: %s in %v", env.Error.Code, elapsed)
	// Only the first MiB of the request reached the module.
	bounded := in.memorySize()
	t.Logf("linear memory %d -> %d bytes after the 10 MB inputs", before, bounded)
	assert.LessOrEqual(t, bounded, before+4<<20, "memory grew from %d to %d for 10 MB inputs", before, bounded)

	// The raw module: a 10 MB buffer is refused (the host then cuts), a
	// 4 MiB one is the largest it hands out and still gets request_too_large.
	res, err := in.alloc.Call(context.Background(), tenMB)
	require.NoError(t, err)
	assert.Zero(t, res[0], "paysign_alloc(10 MB)")
	env = decodeEnvelope(t, in.Call("payway.sign", bytes.Repeat([]byte{' '}, 4*abi.MaxRequestSize)))
	require.False(t, env.OK)
	assert.Equal(t, "request_too_large", env.Error.Code, env.String())

	after := decodeEnvelope(t, in.Call("payway.sign", checkTransactionRequest(t, "T1001")))
	require.True(t, after.OK, "instance broken after 10 MB input: %s", after.String())
	assert.JSONEq(t, string(want.Value), string(after.Value))
	t.Logf("linear memory %d bytes after a 4 MiB request", in.memorySize())
}

// brokenReader is a random source that fails once broken is set (or from
// the start).
type brokenReader struct{ broken bool }

var errBroken = errors.New("random source broken")

func (r *brokenReader) Read(p []byte) (int, error) {
	if r.broken {
		return 0, errBroken
	}
	return rand.Read(p)
}

// TestBrokenRandomSourceFailsLoudly: with a random source that fails, an
// RSA merchant_auth is never produced: instantiation fails or the call
// traps or returns an error; it must not return a merchant_auth encrypted
// with padding from a fallback.
func TestBrokenRandomSourceFailsLoudly(t *testing.T) {
	requireOp(t, newInstance(t), "payway.sign")
	request := refundRequest(t, "TEST_ONLY_api_key", "T1001")
	for _, tc := range []struct {
		name   string
		random *brokenReader
	}{
		{"working source (control)", nil},
		{"fails from the start", &brokenReader{broken: true}},
		{"fails after start-up", &brokenReader{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			var random io.Reader = rand.Reader
			if tc.random != nil {
				random = tc.random
			}
			in, err := instantiate(t, random, &stderr, nil)
			if tc.random != nil && err == nil {
				tc.random.broken = true
			}
			if tc.random == nil {
				require.NoError(t, err)
				env := decodeEnvelope(t, in.Call("payway.sign", request))
				require.True(t, env.OK, env.String())
				return
			}
			if err != nil {
				t.Logf("instantiation failed: %v", err)
				return
			}
			opPtr, reqPtr := in.put([]byte("payway.sign")), in.put(request)
			res, err := in.call.Call(context.Background(), uint64(opPtr), uint64(len("payway.sign")), uint64(reqPtr), uint64(len(request)))
			if err != nil {
				fatal, _, _ := strings.Cut(stderr.String(), "\n")
				t.Logf("call trapped (%s); stderr: %s", strings.SplitN(err.Error(), "\n", 2)[0], fatal)
				assert.Contains(t, fatal, "crypto/rand", "the failure names the random source")
				return
			}
			view, ok := in.mod.Memory().Read(uint32(res[0]>>32), uint32(res[0]))
			require.True(t, ok)
			env := decodeEnvelope(t, append([]byte(nil), view...))
			require.False(t, env.OK, "signed with a broken random source: %s", env.String())
			t.Logf("error envelope: %s", env.String())
		})
	}
}

// TestMemoryStaysBounded: linear memory after warm-up stays under 16 MiB and
// does not keep growing over many mixed calls (RSA and HMAC signing,
// verification, validation errors, hostile 64 KiB input, recovered panics).
func TestMemoryStaysBounded(t *testing.T) {
	in := newInstance(t)
	requireOp(t, in, "payway.sign")
	hostile := checkTransactionRequest(t, strings.Repeat("T", 64<<10))
	refund := refundRequest(t, "TEST_ONLY_api_key", "T1001")
	check := checkTransactionRequest(t, "T1001")
	wantHash := hashOf(t, decodeEnvelope(t, in.Call("payway.sign", check)))
	missing := []byte(`{"operation":"refund","credentials":{"merchant_id":"ec000002","api_key":"k"},"params":{}}`)

	step := func(i int) {
		switch i % 8 {
		case 0, 4:
			env := decodeEnvelope(t, in.Call("payway.sign", refund))
			require.True(t, env.OK, env.String())
		case 1, 5:
			env := decodeEnvelope(t, in.Call("payway.sign", check))
			require.Equal(t, wantHash, hashOf(t, env))
		case 2:
			env := decodeEnvelope(t, in.Call("payway.sign", missing))
			require.Equal(t, "PTL04", env.Error.Code)
		case 3:
			env := decodeEnvelope(t, in.Call("payway.sign", hostile))
			require.False(t, env.OK)
		case 6:
			env := decodeEnvelope(t, in.Call("test.panic", []byte(`{}`)))
			require.Equal(t, "internal", env.Error.Code)
		case 7:
			env := decodeEnvelope(t, in.Call("paysign.version", []byte(`{}`)))
			require.True(t, env.OK)
		}
	}
	calls := *soakCalls
	warmUp := min(2000, calls/5)
	for i := range warmUp {
		step(i)
	}
	start := time.Now()
	afterWarmUp := in.memorySize()
	var sizes []uint32
	for i := range calls {
		step(i)
		if (i+1)%(calls/10) == 0 {
			sizes = append(sizes, in.memorySize())
		}
	}
	t.Logf("%d calls in %v; linear memory after %d warm-up calls: %d bytes; every tenth: %v",
		calls, time.Since(start).Round(time.Millisecond), warmUp, afterWarmUp, sizes)
	final := sizes[len(sizes)-1]
	assert.LessOrEqual(t, final, uint32(16<<20), "linear memory over 16 MiB")
	// Go's heap settles at its GC target during warm-up; past that, no trend:
	// the second half adds at most 1 MiB, the whole run at most 2 MiB.
	assert.LessOrEqual(t, final, sizes[len(sizes)/2-1]+1<<20, "memory still growing in the second half: %v", sizes)
	assert.LessOrEqual(t, final, afterWarmUp+2<<20, "memory grew from %d to %d", afterWarmUp, final)
}

func hashOf(t testing.TB, env envelope) string {
	t.Helper()
	require.True(t, env.OK, env.String())
	var v struct {
		Hash string `json:"hash"`
	}
	require.NoError(t, json.Unmarshal(env.Value, &v))
	require.NotEmpty(t, v.Hash)
	return v.Hash
}
