package wazerotest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/paysign/paysign/testvectors"
	"github.com/paysign/paysign/wasm/wazerohost"
)

var wasmPath = flag.String("paysign-wasm", os.Getenv("PAYSIGN_WASM"), "path of the built paysign.wasm (default: $PAYSIGN_WASM; tests are skipped if empty)")

// compiled is the module, compiled once per test binary: compiling the
// ~4 MB module takes about a second, a warm compilation cache a few ms.
var compiled struct {
	once    sync.Once
	runtime wazero.Runtime
	module  wazero.CompiledModule
	err     error
}

func compile(t testing.TB) (wazero.Runtime, wazero.CompiledModule) {
	t.Helper()
	if *wasmPath == "" {
		t.Skip("no module: pass -paysign-wasm=path/to/paysign.wasm or set PAYSIGN_WASM (make test-wasm does)")
	}
	compiled.once.Do(func() {
		ctx := context.Background()
		wasm, err := os.ReadFile(*wasmPath)
		if err != nil {
			compiled.err = err
			return
		}
		cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(filepath.Dir(*wasmPath), "wazero-cache"))
		if err != nil {
			compiled.err = err
			return
		}
		r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCompilationCache(cache))
		wasi_snapshot_preview1.MustInstantiate(ctx, r)
		if compiled.err = wazerohost.Instantiate(ctx, r); compiled.err != nil {
			return
		}
		compiled.runtime = r
		compiled.module, compiled.err = r.CompileModule(ctx, wasm)
	})
	require.NoError(t, compiled.err, "loading %s", *wasmPath)
	return compiled.runtime, compiled.module
}

// instance is one instantiated module. Like the module itself it is
// single-threaded: one instance per goroutine.
type instance struct {
	t       testing.TB
	ctx     context.Context // carries the host crypto, if any (wazerohost.WithCrypto)
	mod     api.Module
	alloc   api.Function
	free    api.Function
	call    api.Function
	version api.Function
}

// newInstance makes an instance whose paysign_host imports answer "not
// available": the module does all crypto in Go.
func newInstance(t testing.TB) *instance {
	t.Helper()
	in, err := instantiate(t, rand.Reader, os.Stderr, nil)
	require.NoError(t, err)
	return in
}

// newHostInstance makes an instance whose paysign_host imports use c.
func newHostInstance(t testing.TB, c wazerohost.Crypto) *instance {
	t.Helper()
	in, err := instantiate(t, rand.Reader, os.Stderr, c)
	require.NoError(t, err)
	return in
}

// instantiate makes an instance whose WASI random_get reads random, whose
// stderr goes to stderr and whose host crypto is c (nil: none). It returns
// the error of instantiation (which runs _initialize) instead of failing
// the test.
func instantiate(t testing.TB, random io.Reader, stderr io.Writer, c wazerohost.Crypto) (*instance, error) {
	t.Helper()
	r, cm := compile(t)
	ctx := wazerohost.WithCrypto(context.Background(), c)
	mod, err := r.InstantiateModule(ctx, cm, wazero.NewModuleConfig().
		WithStartFunctions("_initialize"). // a reactor: wazero's default is _start
		WithRandSource(random).            // wazero's default source is deterministic
		WithSysWalltime().WithSysNanotime().
		WithStderr(stderr).
		WithName(""))
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { _ = mod.Close(ctx) })
	in := &instance{t: t, ctx: ctx, mod: mod}
	for name, fn := range map[string]*api.Function{
		"paysign_alloc": &in.alloc, "paysign_free": &in.free,
		"paysign_call": &in.call, "paysign_abi_version": &in.version,
	} {
		*fn = mod.ExportedFunction(name)
		require.NotNil(t, *fn, "export %s missing", name)
	}
	return in, nil
}

// put copies b into a new guest buffer and returns its address; 0 for no bytes.
func (in *instance) put(b []byte) uint32 {
	in.t.Helper()
	if len(b) == 0 {
		return 0
	}
	res, err := in.alloc.Call(in.ctx, uint64(len(b)))
	require.NoError(in.t, err)
	ptr := uint32(res[0])
	require.NotZero(in.t, ptr, "paysign_alloc(%d) failed", len(b))
	require.True(in.t, in.mod.Memory().Write(ptr, b))
	return ptr
}

func (in *instance) release(ptr uint32) {
	in.t.Helper()
	_, err := in.free.Call(in.ctx, uint64(ptr))
	require.NoError(in.t, err)
}

// rawCall calls paysign_call with the given addresses and returns a copy of
// the response, which it frees.
func (in *instance) rawCall(opPtr, opLen, reqPtr, reqLen uint32) []byte {
	in.t.Helper()
	res, err := in.call.Call(in.ctx, uint64(opPtr), uint64(opLen), uint64(reqPtr), uint64(reqLen))
	require.NoError(in.t, err, "paysign_call trapped")
	ptr, n := uint32(res[0]>>32), uint32(res[0])
	view, ok := in.mod.Memory().Read(ptr, n)
	require.True(in.t, ok, "response %d+%d outside memory", ptr, n)
	out := append([]byte(nil), view...) // view aliases guest memory
	in.release(ptr)
	return out
}

// Call runs op on request and returns the response envelope.
func (in *instance) Call(op string, request []byte) []byte {
	in.t.Helper()
	opPtr, reqPtr := in.put([]byte(op)), in.put(request)
	defer in.release(opPtr)
	defer in.release(reqPtr)
	return in.rawCall(opPtr, uint32(len(op)), reqPtr, uint32(len(request)))
}

// envelope is the decoded response of a call (the shared runner's type).
type envelope struct{ testvectors.Envelope }

func decodeEnvelope(t testing.TB, response []byte) envelope {
	t.Helper()
	var env envelope
	require.NoError(t, json.Unmarshal(response, &env), "response is not a JSON envelope: %q", response)
	require.True(t, env.OK == (env.Error == nil), "envelope must have exactly one of value and error: %s", response)
	return env
}

func (e envelope) String() string {
	if e.OK {
		return fmt.Sprintf("ok %s", e.Value)
	}
	return fmt.Sprintf("error %s (%s) field %q", e.Error.Code, e.Error.Message, e.Error.Field)
}
