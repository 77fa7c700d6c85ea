package main

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// hostileFile: input a careless or hostile caller could send through any
// runtime. Each case has its specific code; none may crash or hang.
func hostileFile() *file {
	good := func(params string) string {
		return fmt.Sprintf(`{"operation":"purchase","credentials":{"merchant_id":%q,"api_key":%q},"request_time":%q,"params":%s}`, testMerchant, testAPIKey, testTime, params)
	}
	raw := func(comment, code, field, input string) *test {
		return &test{Comment: comment, Flags: []string{"Hostile"}, InputRaw: str(input), Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	bytesCase := func(comment, code string, input []byte) *test {
		return &test{Comment: comment, Flags: []string{"Hostile"}, InputB64: base64.StdEncoding.EncodeToString(input), Result: "invalid", ErrorCode: code}
	}
	long := strings.Repeat("A", 64*1024)
	f := &file{
		Op:          "payway.sign",
		Description: "Hostile and malformed input: every case gets its own error code, nothing crashes, hangs or echoes a secret.",
		Notes:       map[string]string{"Hostile": "input a careless or hostile caller could send", "FuzzRegression": "an input a fuzz target once found mishandled"},
		Tests: []*test{
			raw("empty params object is missing tran_id", "PTL04", "params.tran_id", good(`{}`)),
			raw("operation as a number", "malformed_request", "operation", `{"operation":7}`),
			raw("credentials as a string", "malformed_request", "credentials", `{"operation":"refund","credentials":"ec000002:key"}`),
			raw("request_time as a number", "malformed_request", "request_time", `{"operation":"exchange_rate","request_time":20261121093403}`),
			raw("environment as an array", "malformed_request", "environment", `{"operation":"exchange_rate","environment":["sandbox"]}`),
			raw("unknown credentials member", "malformed_request", "credentials.secret", `{"operation":"exchange_rate","credentials":{"merchant_id":"m","api_key":"k","secret":"x"}}`),
			raw("credentials missing entirely", "PTL04", "credentials.merchant_id", `{"operation":"exchange_rate"}`),
			raw("params given twice", "malformed_request", "params.tran_id", good(`{"tran_id":"T1","tran_id":"T2","amount":"1.00"}`)),
			raw("amount as true", "PTL186", "params.amount", good(`{"tran_id":"T1","amount":true}`)),
			raw("amount as an object", "PTL186", "params.amount", good(`{"tran_id":"T1","amount":{"value":"1.00"}}`)),
			raw("amount with an exponent in a string", "PTL186", "params.amount", good(`{"tran_id":"T1","amount":"1e2"}`)),
			raw("amount as 0.1e1", "PTL186", "params.amount", good(`{"tran_id":"T1","amount":0.1e1}`)),
			raw("amount with 31 digits", "PTL186", "params.amount", good(`{"tran_id":"T1","amount":"1000000000000000000000000000000"}`)),
			raw("amount NaN", "PTL186", "params.amount", good(`{"tran_id":"T1","amount":"NaN"}`)),
			raw("lifetime as a float", "PTL05", "params.lifetime", good(`{"tran_id":"T1","amount":"1.00","lifetime":30.0}`)),
			raw("lifetime with an exponent", "PTL05", "params.lifetime", good(`{"tran_id":"T1","amount":"1.00","lifetime":3e1}`)),
			raw("lifetime beyond int64", "PTL05", "params.lifetime", good(`{"tran_id":"T1","amount":"1.00","lifetime":99999999999999999999999}`)),
			raw("items as a number", "PTL05", "params.items", good(`{"tran_id":"T1","amount":"1.00","items":5}`)),
			raw("items nested 10 000 deep", "malformed_request", "", good(`{"tran_id":"T1","amount":"1.00","items":`+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+`}`)),
			raw("NUL byte inside a hashed value", "PTL05", "params.firstname", good(`{"tran_id":"T1","amount":"1.00","firstname":"So\u0000kha"}`)),
			raw("unpaired UTF-16 surrogate escape", "malformed_request", "", good(`{"tran_id":"T1","amount":"1.00","firstname":"\ud800"}`)),
			raw("64 KiB tran_id", "PTL05", "params.tran_id", good(`{"tran_id":"`+long+`","amount":"1.00"}`)),
			raw("64 KiB unknown parameter name", "malformed_request", "", good(`{"`+long+`":"x","tran_id":"T1","amount":"1.00"}`)),
			// Fuzz finding (core FuzzParseKey): a PEM whose label and body disagree.
			&test{Comment: "fuzz regression: PUBLIC KEY label around other DER", Flags: []string{"Hostile", "FuzzRegression"}, Input: signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "1.00"}, "-----BEGIN PUBLIC KEY-----MDAwMA==-----END PUBLIC KEY-----"), Result: "invalid", ErrorCode: "invalid_key", ErrorField: "credentials.rsa_public_key"},
			&test{Comment: "fuzz regression: RSA PRIVATE KEY label around other DER", Flags: []string{"Hostile", "FuzzRegression"}, Op: "payway.verify", Input: map[string]any{"operation": "refund", "credentials": map[string]any{"api_key": testAPIKey, "rsa_private_key": "-----BEGIN RSA PRIVATE KEY-----0000-----END RSA PRIVATE KEY-----"}, "fields": map[string]string{}}, Result: "invalid", ErrorCode: "invalid_key", ErrorField: "credentials.rsa_private_key"},
			bytesCase("NUL byte outside JSON strings", "malformed_request", []byte("{\"operation\":\"exchange_rate\"}\x00")),
			bytesCase("UTF-16 encoded request", "malformed_request", []byte("\xff\xfe{\x00}\x00")),
			raw("empty request", "unknown_operation", "operation", ""),
		},
	}
	f.Notes["BoundedWork"] = "a request whose work paysign bounds: keys above 4096 bits, encrypted fields above 8192 bytes"
	f.Notes["Secrets"] = "the message must not quote any of the credential's text"
	f.Tests = append(f.Tests, boundedWorkTests()...)
	return f
}
