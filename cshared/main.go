// Command cshared builds libpaysign, paysign's C shared library
// (go build -buildmode=c-shared).
//
// It is glue only: each export copies its input with C.GoBytes, runs
// [abi.Call] and copies the response envelope into memory from C.malloc,
// which the caller releases with paysign_free. The public interface is
// include/paysign.h; `make check-header` compiles it together with the
// header cgo generates, so the two cannot drift apart.
//
// Every export recovers panics, so no Go panic ever unwinds into the host
// (PHP, Python or C). The library must be loaded after fork: a Go runtime
// does not survive fork(2) (golang/go#15538).
package main

/*
#include <stdlib.h>
#include <string.h>
*/
import "C"

import (
	"unsafe"

	"github.com/paysign/paysign/core/abi"
)

// glueFailure is the envelope for a panic in this file's own code (not in
// abi.Call, which recovers its own), made once so reporting it cannot fail.
var glueFailure = abi.Internal("recovered panic in the C glue")

// paysign_call runs op on the JSON request req[0:req_len] and stores the
// response envelope in *out and its length in *out_len. See paysign.h.
//
//export paysign_call
func paysign_call(op *C.char, req *C.char, req_len C.size_t, out **C.char, out_len *C.size_t) (status C.int) {
	if out == nil || out_len == nil {
		return C.int(abi.StatusMisuse)
	}
	*out, *out_len = nil, 0
	defer func() {
		if r := recover(); r != nil {
			// The panic value is not echoed: it could hold request data.
			if *out != nil {
				C.free(unsafe.Pointer(*out))
			}
			*out, *out_len = copyOut(glueFailure)
			status = C.int(abi.StatusPanic)
		}
	}()
	var response []byte
	var st abi.Status
	switch {
	case op == nil:
		response, st = abi.Misuse("paysign_call: op is NULL"), abi.StatusMisuse
	case req == nil && req_len > 0:
		response, st = abi.Misuse("paysign_call: req is NULL but req_len is not 0"), abi.StatusMisuse
	default:
		// C.strlen rather than C.GoString: the libc one is the one that
		// memory checkers such as Valgrind understand.
		response, st = abi.Call(C.GoStringN(op, C.int(C.strlen(op))), copyIn(req, req_len))
	}
	*out, *out_len = copyOut(response)
	return C.int(st)
}

// paysign_free releases a buffer returned by paysign_call. NULL is a no-op.
//
//export paysign_free
func paysign_free(p *C.char) {
	defer func() { _ = recover() }()
	if p != nil {
		C.free(unsafe.Pointer(p))
	}
}

// paysign_abi_version returns abi.Version.
//
//export paysign_abi_version
func paysign_abi_version() (version C.int) {
	defer func() {
		if recover() != nil {
			version = -1
		}
	}()
	return C.int(abi.Version)
}

// copyIn copies the request into Go memory. A request over
// abi.MaxRequestSize is cut to one byte past the limit: abi.Call rejects it
// by length alone, so the rest is never read, and the copy stays bounded.
func copyIn(req *C.char, reqLen C.size_t) []byte {
	if reqLen == 0 {
		return nil
	}
	n := reqLen
	if n > abi.MaxRequestSize+1 {
		n = abi.MaxRequestSize + 1
	}
	return C.GoBytes(unsafe.Pointer(req), C.int(n))
}

// copyOut copies b into C memory with a terminating NUL that the returned
// length does not count, so C callers may also use it as a string.
func copyOut(b []byte) (*C.char, C.size_t) {
	p := (*C.char)(C.malloc(C.size_t(len(b) + 1)))
	if len(b) > 0 {
		C.memcpy(unsafe.Pointer(p), unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	*(*C.char)(unsafe.Add(unsafe.Pointer(p), len(b))) = 0
	return p, C.size_t(len(b))
}

func main() {}
