// Package abi is paysign's wire contract: one JSON call envelope shared by
// the WebAssembly module (wasm/), the C shared library (cshared/), the
// command-line tool and every language binding.
//
//	Call(op, request JSON) -> {"ok":true,"value":{...}}
//	                        | {"ok":false,"error":{"code":"...","message":"...","field":"..."}}
//
// Error codes are a closed set, listed in [Codes]. Call never panics: a
// panic inside an operation is recovered and reported as code "internal"
// with [StatusPanic]. This package is the contract, not a convenient Go API;
// Go programs should use the gateway packages (core/payway, ...) directly.
package abi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/paysign/paysign/core"
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

// Handler runs one operation on a request body and returns a value that
// encodes to JSON.
type Handler func(request []byte) (any, error)

type opInfo struct {
	handler Handler
	summary string
}

var ops = map[string]opInfo{}

// Register adds an operation. It is called from init functions of this
// package only, one file per gateway, and panics on a duplicate name.
func register(name, summary string, h Handler) {
	if _, dup := ops[name]; dup {
		panic("abi: duplicate op " + name)
	}
	ops[name] = opInfo{handler: h, summary: summary}
}

// Ops returns the names of all operations, sorted.
func Ops() []string {
	names := make([]string, 0, len(ops))
	for name := range ops {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

type envelope struct {
	OK    bool       `json:"ok"`
	Value any        `json:"value,omitempty"`
	Error *wireError `json:"error,omitempty"`
}

type wireError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
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
		return encodeError(&wireError{Code: CodeUnknownOp, Message: "paysign: unknown op " + safeOpName(op)}), StatusError
	}
	if len(request) > MaxRequestSize {
		return encodeError(&wireError{Code: CodeRequestTooLarge, Message: fmt.Sprintf("paysign: request of %d bytes exceeds the %d-byte limit", len(request), MaxRequestSize)}), StatusError
	}
	value, err := info.handler(request)
	if err != nil {
		return encodeError(toWireError(err)), StatusError
	}
	out, err := encodeValue(value)
	if err != nil {
		return encodeError(&wireError{Code: CodeInternal, Message: "paysign: cannot encode response"}), StatusError
	}
	return out, StatusOK
}

// Internal returns the envelope of a recovered panic (code "internal",
// status StatusPanic) with where it happened; the glue uses it for panics
// in its own code. where must not contain request data.
func Internal(where string) []byte {
	return encodeError(&wireError{Code: CodeInternal, Message: "paysign: internal error (" + where + ")"})
}

// Misuse returns the envelope the C and WASM glue send when the caller broke
// the calling convention (for example a NULL pointer).
func Misuse(detail string) []byte {
	return encodeError(&wireError{Code: CodeMisuse, Message: "paysign: " + detail})
}

func toWireError(err error) *wireError {
	we := &wireError{Code: CodeInternal, Message: "paysign: " + err.Error()}
	for _, c := range sentinelCodes {
		if errors.Is(err, c.err) {
			we.Code = c.code
			break
		}
	}
	var fe *core.FieldError
	if errors.As(err, &fe) {
		we.Field = fe.Field
	}
	return we
}

func encodeError(we *wireError) []byte {
	out, err := marshal(envelope{Error: we})
	if err != nil { // cannot happen: wireError holds only strings
		return []byte(`{"ok":false,"error":{"code":"internal","message":"paysign: cannot encode error"}}`)
	}
	return out
}

// encodeValue wraps value in an ok envelope. A value with its own
// MarshalJSON is spliced in as is: it is ours, and encoding/json would
// re-scan it.
func encodeValue(value any) ([]byte, error) {
	m, ok := value.(json.Marshaler)
	if !ok {
		return marshal(envelope{OK: true, Value: value})
	}
	v, err := m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(v)+20)
	out = append(out, `{"ok":true,"value":`...)
	out = append(out, v...)
	return append(out, '}'), nil
}

// marshal encodes without HTML escaping, so URLs keep their '&'.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
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
