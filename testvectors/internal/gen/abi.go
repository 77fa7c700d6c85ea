package main

import "encoding/base64"

func base64Decode(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

func str(s string) *string { return &s }

// abiFile: the envelope itself, whatever the op.
func abiFile() *file {
	f := &file{
		Op:          "paysign.version",
		Description: "The call envelope: malformed requests, unknown ops and a recovered panic. Expected codes are the contract in core/abi/codes.go.",
		Notes: map[string]string{
			"Envelope": "checks the envelope, not an operation",
			"Panic":    "the op panics on purpose; the runtime must get code internal (C status 2) and keep running",
			"Hostile":  "input a careless or hostile caller could send",
		},
		Tests: []*test{
			{Comment: "ABI version, ops and error codes", Flags: []string{"Envelope"}, Input: map[string]any{}},
			{Comment: "unknown op", Flags: []string{"Envelope"}, Op: "payway.nope", Input: map[string]any{}, Result: "invalid", ErrorCode: "unknown_op"},
			{Comment: "truncated JSON", Flags: []string{"Envelope", "Hostile"}, InputRaw: str(`{"operation": "refund"`), Result: "invalid", ErrorCode: "malformed_request"},
			{Comment: "not JSON at all", Flags: []string{"Envelope", "Hostile"}, InputRaw: str(`operation=refund`), Result: "invalid", ErrorCode: "malformed_request"},
			{Comment: "JSON array instead of object", Flags: []string{"Envelope", "Hostile"}, InputRaw: str(`["refund"]`), Result: "invalid", ErrorCode: "malformed_request"},
			{Comment: "trailing data after the object", Flags: []string{"Envelope", "Hostile"}, InputRaw: str(`{} {}`), Result: "invalid", ErrorCode: "malformed_request"},
			{Comment: "invalid UTF-8", Flags: []string{"Envelope", "Hostile"}, InputB64: base64.StdEncoding.EncodeToString([]byte("{\"operation\":\"\xff\xfe\"}")), Result: "invalid", ErrorCode: "malformed_request"},
			{Comment: "deliberate panic is recovered", Flags: []string{"Panic"}, Op: "test.panic", Input: map[string]any{}, Result: "invalid", ErrorCode: "internal"},
		},
	}
	f.Notes["Duplicate"] = "a member given twice: refused, naming the member, whichever op"
	f.Notes["Handle"] = "credentials given once (paysign.open_credentials) and referred to by a handle"
	f.Notes["EmptyArray"] = "[] (what PHP's json_encode writes for an empty array) where an empty object is expected"
	f.Tests = append(f.Tests, envelopeRuleTests()...)
	return f
}
