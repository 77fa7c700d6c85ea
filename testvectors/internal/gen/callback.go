package main

import (
	"encoding/base64"
	"log"

	"github.com/paysign/paysign/core/payway"
)

// paywayCallbackFile: payway.verify_callback. Signatures are made here
// over paysign's hash input; testvectors/oracle/gateways.php recomputes
// every one with the PHP snippet of PayWay's documentation (json_decode,
// ksort, concatenate, json_encode nested values, hash_hmac).
func paywayCallbackFile() *file {
	sign := func(body, key string) string {
		signature, err := payway.SignCallback([]byte(body), key)
		if err != nil {
			log.Fatalf("callback %s: %v", body, err)
		}
		return signature
	}
	in := func(body, sig string) map[string]any {
		return map[string]any{"credentials": map[string]any{"api_key": testAPIKey}, "body": body, "signature": sig}
	}
	valid := func(comment string, flags []string, body string) *test {
		return &test{Comment: comment, Flags: flags, Input: in(body, sign(body, testAPIKey)), Result: "valid"}
	}
	invalid := func(comment string, flags []string, input map[string]any, code, field string) *test {
		return &test{Comment: comment, Flags: flags, Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	signCB := func(comment string, flags []string, body string) *test {
		return &test{Op: "payway.sign_callback", Comment: comment, Flags: flags, Result: "valid",
			Input: map[string]any{"credentials": map[string]any{"api_key": testAPIKey}, "body": body}}
	}
	doc := `{"tran_id":"T1001-2026","apv":"123456","status":"0","return_params":"order=1001","merchant_ref":""}`
	unsorted := "T1001-20261234560order=1001" // values in body order, not ksort order
	return &file{
		Op:          "payway.verify_callback",
		Description: "PayWay pushback verification and signing: X-PayWay-HMAC-SHA512 = base64(HMAC-SHA512(api_key, values of the ksorted top-level members, stringified as PHP does)). The check-transaction call stays the source of truth.",
		Notes: map[string]string{
			"GatewaySample": "the body shape of PayWay's documentation or of a captured pushback",
			"PHPString":     "scalars stringified like PHP: int in decimal, float with precision 14, true as 1, false and null as empty",
			"PHPJSON":       "nested arrays and objects json_encoded like PHP (\\/ and \\uXXXX escapes, {} as [], shortest floats)",
			"KeyOrder":      "members sorted like PHP 8 ksort (numeric keys numerically, others byte-wise)",
			"Signature":     "a missing, malformed or wrong signature",
			"Body":          "a body PHP's json_decode would not give an array for",
			"Validation":    "a request paysign refuses before any cryptography",
			"Sign":          "payway.sign_callback: the header PayWay sends, for tests of a callback handler",
		},
		Tests: []*test{
			valid("documented checkout pushback", []string{"GatewaySample"}, doc),
			valid("payment-link pushback with status as the number 0", []string{"GatewaySample", "PHPString"}, `{"tran_id":"PL-7f3a9c","status":0,"merchant_ref_no":"INV-2026-1001"}`),
			valid("pretty-printed body (whitespace is not hashed)", []string{"GatewaySample"}, "{\n  \"tran_id\": \"T1001-2026\",\n  \"status\": \"0\",\n  \"apv\": \"123456\"\n}\n"),
			valid("floats, booleans and null", []string{"PHPString"}, `{"amount":15.00,"rate":0.30000000000000004,"big":1e20,"small":0.00001,"exact":1e13,"ok":true,"no":false,"none":null,"neg":-0.0}`),
			valid("integers: -0, beyond 64 bits, negative", []string{"PHPString"}, `{"a":-0,"b":12345678901234567890,"c":-42,"d":9223372036854775807}`),
			valid("nested object and array", []string{"PHPJSON"}, `{"tran_id":"T1","return_params":{"url":"https://shop.example.com/a/b?x=1&y=2","name":"ស្វាគមន៍ \"hi\""},"items":[{"price":1.50,"qty":2},{"price":1e20,"qty":0}],"empty":{},"list":{"0":"a","1":"b"},"map":{"1":"a","0":"b"}}`),
			valid("nested emoji (surrogate pair escapes)", []string{"PHPJSON"}, `{"note":["😀"],"tran_id":"T2"}`),
			valid("numeric keys sort numerically, before names", []string{"KeyOrder"}, `{"10":"ten","9":"nine","b":"bee","a":"ay","-1":"minus"}`),
			valid("upper case before underscore before lower case", []string{"KeyOrder"}, `{"tran_id":"T3","Status":"0","_x":"u","apv":"9"}`),
			valid("repeated member: the last value counts", []string{"KeyOrder"}, `{"status":"1","tran_id":"T4","status":"0"}`),
			valid("empty object", []string{"GatewaySample"}, `{}`),
			valid("pushback members of other JSON types, as their hashed text", []string{"PHPString", "PHPJSON"}, `{"tran_id":12345678901234567890,"apv":1.50,"status":true,"return_params":{"order":"1001"},"merchant_ref_no":null}`),
			invalid("header absent", []string{"Signature"}, in(doc, ""), "signature_missing", "signature"),
			invalid("header not base64", []string{"Signature"}, in(doc, "not base64!"), "signature_malformed", "signature"),
			invalid("header is hex, not base64", []string{"Signature"}, in(doc, "8f"+repeat("0a", 63)), "signature_malformed", "signature"),
			invalid("header is base64 of 32 bytes", []string{"Signature"}, in(doc, base64.StdEncoding.EncodeToString(make([]byte, 32))), "signature_malformed", "signature"),
			invalid("header unpadded", []string{"Signature"}, in(doc, sign(doc, testAPIKey)[:86]), "signature_malformed", "signature"),
			invalid("signed with another API key", []string{"Signature"}, in(doc, sign(doc, "another_key")), "signature_mismatch", "signature"),
			invalid("body changed after signing (status)", []string{"Signature"}, in(`{"tran_id":"T1001-2026","apv":"123456","status":"1","return_params":"order=1001","merchant_ref":""}`, sign(doc, testAPIKey)), "signature_mismatch", "signature"),
			invalid("signature over body order instead of ksort order", []string{"Signature", "KeyOrder"}, in(doc, base64.StdEncoding.EncodeToString(hmacSHA512([]byte(testAPIKey), []byte(unsorted)))), "signature_mismatch", "signature"),
			invalid("body not JSON", []string{"Body"}, in(`tran_id=T1&status=0`, sign(doc, testAPIKey)), "body_malformed", "body"),
			invalid("body a JSON array", []string{"Body"}, in(`["T1","0"]`, sign(doc, testAPIKey)), "body_malformed", "body"),
			invalid("body empty", []string{"Body"}, in(``, sign(doc, testAPIKey)), "body_malformed", "body"),
			invalid("numeric and \"1a\"-style keys: PHP ksort order undefined", []string{"Body", "KeyOrder"}, in(`{"1a":"x","2":"y","10":"z"}`, sign(`{}`, testAPIKey)), "body_malformed", "body"),
			invalid("API key missing", []string{"Validation"}, map[string]any{"credentials": map[string]any{}, "body": doc, "signature": sign(doc, testAPIKey)}, "PTL04", "credentials.api_key"),
			invalid("unknown request member", []string{"Validation"}, map[string]any{"credentials": map[string]any{"api_key": testAPIKey}, "body": doc, "signature": sign(doc, testAPIKey), "headers": map[string]any{}}, "malformed_request", "headers"),
			signCB("sign: documented checkout pushback", []string{"Sign", "GatewaySample"}, doc),
			signCB("sign: payment-link pushback, status as a number", []string{"Sign", "GatewaySample", "PHPString"}, `{"tran_id":"PL-7f3a9c","status":0,"merchant_ref_no":"INV-2026-1001"}`),
			signCB("sign: QR pushback, apv as a number", []string{"Sign", "GatewaySample", "PHPString"}, `{"tran_id":"123456789","apv":123456,"status":"00","merchant_ref_no":"ref0001"}`),
			signCB("sign: nested return_params and a float", []string{"Sign", "PHPJSON", "PHPString"}, `{"tran_id":"T5","return_params":{"order":"1001","url":"https://shop.example.com/o/1001"},"amount":1.50,"status":"0"}`),
			signCB("sign: keys sort as PHP's ksort sorts them", []string{"Sign", "KeyOrder"}, `{"tran_id":"T6","Status":"0","_x":"u","10":"ten","9":"nine"}`),
			{Op: "payway.sign_callback", Comment: "sign: API key missing", Flags: []string{"Sign", "Validation"}, Input: map[string]any{"credentials": map[string]any{}, "body": doc}, Result: "invalid", ErrorCode: "PTL04", ErrorField: "credentials.api_key"},
			{Op: "payway.sign_callback", Comment: "sign: body not JSON", Flags: []string{"Sign", "Body"}, Input: map[string]any{"credentials": map[string]any{"api_key": testAPIKey}, "body": "tran_id=T1"}, Result: "invalid", ErrorCode: "body_malformed", ErrorField: "body"},
			{Op: "payway.sign_callback", Comment: "sign: unknown request member", Flags: []string{"Sign", "Validation"}, Input: map[string]any{"credentials": map[string]any{"api_key": testAPIKey}, "body": doc, "signature": "x"}, Result: "invalid", ErrorCode: "malformed_request", ErrorField: "signature"},
		},
	}
}

func repeat(s string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += s
	}
	return out
}
