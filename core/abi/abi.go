// Package abi is paysign's wire contract: one JSON call envelope shared by
// the WebAssembly module (wasm/), the C shared library (cshared/), the
// command-line tool and every language binding.
//
//	Call(op, request JSON) -> {"ok":true,"value":{...}}
//	                        | {"ok":false,"error":{"code":"...","message":"...","field":"..."}}
//
// This is the only package that decodes call requests and encodes their
// responses: each gateway's ops live in a file of their own (payway.go,
// bbmsl.go, clearsettle.go), mapping the wire to the gateway package's Go
// API and back. Error codes are a closed set, listed by [Codes]. Call never
// panics: a panic inside an operation is recovered and reported as code
// "internal" with [StatusPanic]. Go programs should use the gateway
// packages (core/payway, ...) directly; this package is the contract the
// other runtimes share.
package abi

import (
	"errors"
	"fmt"
	"sort"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// Version is the ABI version. It changes only when the envelope or an
// existing operation changes incompatibly.
const Version = 1

// MaxRequestSize bounds the request a single call accepts (1 MiB). Real
// requests are a few kilobytes; the bound keeps hostile input cheap.
const MaxRequestSize = 1 << 20

// Status is the outcome class of a call. It is also the return value of the
// C function paysign_call.
type Status int

const (
	StatusOK     Status = 0 // value returned
	StatusError  Status = 1 // structured error returned
	StatusPanic  Status = 2 // a panic was recovered; error code "internal"
	StatusMisuse Status = 3 // the caller broke the calling convention; error code "misuse"
)

// handler runs one op: it decodes request and writes the response value
// into w, or returns an error (and w is discarded).
type handler func(request []byte, w *wire.Writer) error

type opInfo struct {
	handler handler
	summary string
	// test marks an op of test builds only (test.panic), which
	// paysign.version does not list: a test build answers it as the
	// production build does.
	test bool
}

var ops = map[string]opInfo{}

// register adds an op. It is called from init functions of this package
// only, one file per gateway, and panics on a duplicate name.
func register(name, summary string, h handler) {
	if _, dup := ops[name]; dup {
		panic("abi: duplicate op " + name)
	}
	ops[name] = opInfo{handler: h, summary: summary}
}

// opNames returns the names of the ops paysign.version lists, sorted.
func opNames() []string {
	names := make([]string, 0, len(ops))
	for name, op := range ops {
		if !op.test {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Call runs op on request and returns the response envelope and its status.
// It never panics and always returns valid JSON.
func Call(op string, request []byte) (response []byte, status Status) {
	defer func() {
		if r := recover(); r != nil {
			// The panic value is not echoed: it could hold request data.
			response, status = Internal("recovered panic in "+safeOpName(op)), StatusPanic
		}
	}()
	info, found := ops[op]
	if !found {
		return encodeError(codeUnknownOp, "paysign: unknown op "+safeOpName(op), ""), StatusError
	}
	if len(request) > MaxRequestSize {
		return encodeError(codeRequestTooLarge, fmt.Sprintf("paysign: request of %d bytes exceeds the %d-byte limit", len(request), MaxRequestSize), ""), StatusError
	}
	w := wire.NewWriter(512 + len(request)*2)
	w.Raw([]byte(`{"ok":true,"value":`))
	if err := info.handler(request, w); err != nil {
		code, field := classify(err)
		return encodeError(code, "paysign: "+err.Error(), field), StatusError
	}
	return append(w.Bytes(), '}'), StatusOK
}

// Internal returns the envelope of a recovered panic (code "internal",
// status StatusPanic) with where it happened; the glue uses it for panics
// in its own code. where must not contain request data.
func Internal(where string) []byte {
	return encodeError(codeInternal, "paysign: internal error ("+where+")", "")
}

// Misuse returns the envelope the C and WASM glue send when the caller broke
// the calling convention (for example a NULL pointer).
func Misuse(detail string) []byte {
	return encodeError(codeMisuse, "paysign: "+detail, "")
}

// CodeOf returns the error code the envelope reports for err, an error of
// a gateway package ("internal" for one that wraps no documented sentinel).
func CodeOf(err error) string {
	code, _ := classify(err)
	return code
}

// classify returns the code of the sentinel err wraps ("internal" for
// none) and the field a *core.FieldError names.
func classify(err error) (code, field string) {
	code = codeInternal
	for _, c := range codeTable {
		if c.err != nil && errors.Is(err, c.err) {
			code = c.Code
			break
		}
	}
	var fe *core.FieldError
	if errors.As(err, &fe) {
		field = fe.Field
	}
	return code, field
}

func encodeError(code, message, field string) []byte {
	w := wire.NewWriter(64 + len(message))
	w.BeginObject().Key("ok").Bool(false).Key("error").BeginObject().
		StringMember("code", code).StringMember("message", message).OptionalString("field", field).
		EndObject().EndObject()
	return w.Bytes()
}

// safeOpName keeps an attacker-chosen op name short and printable in messages.
func safeOpName(op string) string {
	const max = 64
	b := []byte(op)
	if len(b) > max {
		b = b[:max]
	}
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return fmt.Sprintf("%q", b)
}
