//go:build wasip1

// Command wasm is paysign's WebAssembly module: a WASI preview 1 reactor
// built with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o build/paysign.wasm ./wasm
//
// It is glue only. The host copies an op name and a request into buffers it
// got from paysign_alloc, calls paysign_call, reads the response envelope
// (see package [github.com/paysign/paysign/core/abi]) and frees every buffer
// with paysign_free. The host must call the exported _initialize function
// once before anything else; the module the packages ship is this one
// pre-initialized by wizer (wasm/README.md), which no longer exports it.
//
// Exports:
//
//	paysign_alloc(size u32) -> ptr u32           0 if size is 0 or too large
//	paysign_free(ptr u32)                        unknown pointers are ignored
//	paysign_call(op_ptr, op_len, req_ptr, req_len u32) -> u64  (resp_ptr<<32 | resp_len)
//	paysign_abi_version() -> i32
//
// A pointer and length passed to paysign_call must lie inside one live
// buffer from paysign_alloc (a zero length needs no buffer). Anything else
// gets a "misuse" error envelope, never a trap: the module never reads memory
// it did not hand out.
//
// Oversized input: the core rejects a request over abi.MaxRequestSize by its
// length alone, so a host need not copy more than abi.MaxRequestSize+1 bytes
// of one (the JavaScript binding cuts longer requests there and gets the
// core's "request_too_large"); paysign_alloc refuses buffers over 4 MiB.
// Likewise an op name longer than any op is "unknown_op" whatever its tail.
// Linear memory never shrinks, so a host that copied 10 MB into the module
// would keep a 10 MB bigger instance for its lifetime.
//
// # Imports
//
// Besides wasi_snapshot_preview1 (random_get, clocks, fd_write to stderr,
// poll_oneoff; nothing touches files or the network), the module imports
// four functions from the module "paysign_host" through which the host may
// do three primitives with native code: HMAC-SHA512, RSAES-PKCS1-v1_5
// encryption of one block, and RSASSA-PKCS1-v1_5 signing with SHA-256.
// WebAssembly resolves every import at instantiation, so every host must
// provide all four; a host without native crypto provides stubs
// (capabilities returns 0) and the module does everything in portable Go,
// with identical results. All values are i32; pointers and lengths address
// linear memory.
//
//	capabilities() -> mask
//	    bit 0 hmac_sha512, bit 1 rsa_encrypt_pkcs1, bit 2 rsa_sign_pkcs1_sha256.
//	    Asked once, on the first use of a primitive (not during _initialize);
//	    a function whose bit is clear is never called.
//	hmac_sha512(key_ptr, key_len, msg_ptr, msg_len, out_ptr) -> status
//	    HMAC-SHA512 of msg under key; writes 64 bytes at out_ptr. Asked only
//	    for a message of 1 KiB or more (primitive.HostHMACMinimum): a
//	    shorter one, every PayWay hash input in practice, costs less in Go
//	    with the key's state kept than a call out of the module.
//	rsa_encrypt_pkcs1(key_ptr, key_len, msg_ptr, msg_len, out_ptr, out_len) -> status
//	    key: PKCS #1 RSAPublicKey DER; msg: at most out_len-11 bytes; writes
//	    out_len (the modulus size) bytes. The padding must come from the
//	    host's own CSPRNG.
//	rsa_sign_pkcs1_sha256(key_ptr, key_len, msg_ptr, msg_len, out_ptr, out_len) -> status
//	    key: PKCS #1 RSAPrivateKey DER; signs SHA-256(msg) (the host hashes);
//	    writes out_len (the modulus size) bytes.
//
// status: 0 done (exactly the bytes described were written), 1 not
// available for this call (the module computes it in Go), 2 failed. A
// failed encryption makes the call return an error envelope (code
// "internal", field "credentials.rsa_public_key"), never a ciphertext: the
// module does not fall back to its own random source when the host's
// broke. A failed HMAC or signature is recomputed in Go (both are
// deterministic). Key bytes arrive only through key_ptr; a host must never
// log them, and may cache its parsed key objects keyed by those bytes. The
// module keeps everything else in Go: which bytes are MACed, encrypted or
// signed (canonicalisation, chunking, base64) never depends on the host.
// The JavaScript binding implements the imports with node:crypto where it
// exists (bindings/js/src/hostcrypto.js); wasm/wazerohost provides them to
// wazero.
package main

import (
	"runtime"
	"unsafe"

	"github.com/paysign/paysign/core/abi"
)

// maxAlloc bounds one buffer. It leaves room for a request a little over
// [abi.MaxRequestSize], so such a request reaches the core and gets its
// structured "request_too_large" error instead of an allocation failure.
const maxAlloc = 4 * abi.MaxRequestSize

// largeRequest is the request size from which a call ends with a garbage
// collection (see call).
const largeRequest = 64 << 10

// buffers holds every buffer handed to the host, keyed by its address. The
// map keeps them reachable, and Go's collector does not move objects, so an
// address stays valid until paysign_free. The module runs on one thread and
// exported functions are not re-entered, so no lock is needed.
var buffers = map[uint32][]byte{}

func main() {}

// alloc returns a zeroed buffer of size bytes for the host to fill.
//
//go:wasmexport paysign_alloc
func alloc(size uint32) uint32 {
	if size == 0 || size > maxAlloc {
		return 0
	}
	return keep(make([]byte, size))
}

// free releases a buffer from paysign_alloc or a response of paysign_call.
// Zero, unknown and already freed pointers are ignored.
//
//go:wasmexport paysign_free
func free(ptr uint32) {
	delete(buffers, ptr)
}

// call runs one operation and returns the response envelope's address and
// length packed as ptr<<32 | len. The host frees the response.
//
//go:wasmexport paysign_call
func call(opPtr, opLen, reqPtr, reqLen uint32) uint64 {
	var response []byte
	op, okOp := hostBytes(opPtr, opLen)
	request, okReq := hostBytes(reqPtr, reqLen)
	switch {
	case !okOp:
		response = abi.Misuse("op pointer/length is not inside a buffer from paysign_alloc")
	case !okReq:
		response = abi.Misuse("request pointer/length is not inside a buffer from paysign_alloc")
	default:
		// No copy: the module runs on one thread, so the host cannot write
		// the buffer during the call, and the core keeps nothing of the
		// request (the parser copies what it keeps into strings). A request
		// over the limit is cut to one byte past it, as in the C glue: the
		// core rejects it by length alone.
		if len(request) > abi.MaxRequestSize+1 {
			request = request[:abi.MaxRequestSize+1]
		}
		response, _ = abi.Call(string(op), request)
		if len(request) > largeRequest {
			// Go's collector makes progress here mostly through the
			// allocations of the call itself, and linear memory never
			// shrinks: without a collection now, each large request would
			// leave its garbage behind until the heap grew by hundreds of
			// MiB. A collection after a large request costs less than the
			// request and keeps the instance near its working size.
			runtime.GC()
		}
	}
	return uint64(keep(response))<<32 | uint64(len(response))
}

// abiVersion returns [abi.Version].
//
//go:wasmexport paysign_abi_version
func abiVersion() int32 {
	return abi.Version
}

// keep registers b as handed to the host and returns its address.
func keep(b []byte) uint32 {
	ptr := address(b)
	buffers[ptr] = b
	return ptr
}

// hostBytes returns the n bytes at ptr if they lie inside one live buffer.
// A zero length is always valid and yields no bytes.
func hostBytes(ptr, n uint32) ([]byte, bool) {
	if n == 0 {
		return nil, true
	}
	for start, b := range buffers {
		if ptr < start {
			continue
		}
		off := uint64(ptr - start)
		if off+uint64(n) <= uint64(len(b)) {
			return b[off : off+uint64(n)], true
		}
	}
	return nil, false
}

// address returns the linear-memory address of b's first byte. Linear
// memory is at most 4 GiB, so the address fits in 32 bits.
func address(b []byte) uint32 {
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}
