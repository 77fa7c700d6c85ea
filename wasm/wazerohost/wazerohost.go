// Package wazerohost provides the "paysign_host" imports of paysign.wasm
// (see the package doc of paysign's wasm command) to a wazero runtime.
//
// Every import of a WebAssembly module must be resolved at instantiation,
// so a wazero host calls Instantiate once per runtime before instantiating
// paysign.wasm. By default the imports answer "not available" and the
// module does all crypto in Go; a context made by WithCrypto and passed to
// the calls (and to InstantiateModule) hands the primitives to a Crypto.
package wazerohost

import (
	"context"
	"errors"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// ModuleName is the import module the primitives come from.
const ModuleName = "paysign_host"

// Status codes returned to the module.
const (
	StatusOK          = 0
	StatusUnavailable = 1
	StatusFailed      = 2
)

// Capability bits returned by paysign_host.capabilities.
const (
	CapHMACSHA512 = 1 << iota
	CapEncryptPKCS1
	CapSignPKCS1SHA256
	CapAll = CapHMACSHA512 | CapEncryptPKCS1 | CapSignPKCS1SHA256
)

// ErrUnavailable from a Crypto method answers StatusUnavailable for this
// call: the module computes it in Go.
var ErrUnavailable = errors.New("paysign_host: not available")

// Crypto is a host implementation of the primitives. Keys arrive as PKCS #1
// DER. An error other than ErrUnavailable means "failed" (StatusFailed):
// for encryption the module then returns an error envelope and no
// ciphertext.
type Crypto interface {
	// Capabilities returns the Cap* bits of what it implements.
	Capabilities() uint32
	HMACSHA512(key, message []byte) ([]byte, error)
	// EncryptPKCS1v15 encrypts one block under an RSAPublicKey DER.
	EncryptPKCS1v15(publicKeyDER, block []byte) ([]byte, error)
	// SignPKCS1v15SHA256 signs SHA-256(message) under an RSAPrivateKey DER.
	SignPKCS1v15SHA256(privateKeyDER, message []byte) ([]byte, error)
}

type cryptoKey struct{}

// WithCrypto returns a context whose calls into the module use c for the
// host primitives; nil means none (the module uses Go).
func WithCrypto(ctx context.Context, c Crypto) context.Context {
	return context.WithValue(ctx, cryptoKey{}, c)
}

func cryptoOf(ctx context.Context) Crypto {
	c, _ := ctx.Value(cryptoKey{}).(Crypto)
	return c
}

// Instantiate adds the paysign_host module to r.
func Instantiate(ctx context.Context, r wazero.Runtime) error {
	i32 := api.ValueTypeI32
	b := r.NewHostModuleBuilder(ModuleName)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, _ api.Module, stack []uint64) {
		var caps uint32
		if c := cryptoOf(ctx); c != nil {
			caps = c.Capabilities() & CapAll
		}
		stack[0] = uint64(caps)
	}), nil, []api.ValueType{i32}).Export("capabilities")
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
		stack[0] = run(ctx, m, CapHMACSHA512, stack[0], stack[1], stack[2], stack[3], stack[4], 64,
			func(c Crypto, key, msg []byte) ([]byte, error) { return c.HMACSHA512(key, msg) })
	}), []api.ValueType{i32, i32, i32, i32, i32}, []api.ValueType{i32}).Export("hmac_sha512")
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
		stack[0] = run(ctx, m, CapEncryptPKCS1, stack[0], stack[1], stack[2], stack[3], stack[4], uint32(stack[5]),
			func(c Crypto, key, msg []byte) ([]byte, error) { return c.EncryptPKCS1v15(key, msg) })
	}), []api.ValueType{i32, i32, i32, i32, i32, i32}, []api.ValueType{i32}).Export("rsa_encrypt_pkcs1")
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
		stack[0] = run(ctx, m, CapSignPKCS1SHA256, stack[0], stack[1], stack[2], stack[3], stack[4], uint32(stack[5]),
			func(c Crypto, key, msg []byte) ([]byte, error) { return c.SignPKCS1v15SHA256(key, msg) })
	}), []api.ValueType{i32, i32, i32, i32, i32, i32}, []api.ValueType{i32}).Export("rsa_sign_pkcs1_sha256")
	_, err := b.Instantiate(ctx)
	return err
}

// run reads the key and message from the module's memory, calls f and
// writes exactly outLen bytes of its result at outPtr.
func run(ctx context.Context, m api.Module, capability uint32, keyPtr, keyLen, msgPtr, msgLen, outPtr uint64, outLen uint32,
	f func(c Crypto, key, msg []byte) ([]byte, error)) uint64 {
	c := cryptoOf(ctx)
	if c == nil || c.Capabilities()&capability == 0 {
		return StatusUnavailable
	}
	mem := m.Memory()
	key, ok1 := mem.Read(uint32(keyPtr), uint32(keyLen))
	msg, ok2 := mem.Read(uint32(msgPtr), uint32(msgLen))
	if !ok1 || !ok2 {
		return StatusFailed
	}
	// Copies: the views alias guest memory.
	out, err := f(c, append([]byte(nil), key...), append([]byte(nil), msg...))
	if errors.Is(err, ErrUnavailable) {
		return StatusUnavailable
	}
	if err != nil || len(out) != int(outLen) || !mem.Write(uint32(outPtr), out) {
		return StatusFailed
	}
	return StatusOK
}
