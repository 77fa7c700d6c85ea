package main

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"log"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/testvectors"
)

const bbmslMerchant = "3"

var bbmslPrivPKCS1 = testvectors.Key("rsa2048_TEST_ONLY_private_pkcs1.pem")

func bbmslInput(operation string, params map[string]any, key, env string) map[string]any {
	in := map[string]any{"operation": operation, "credentials": map[string]any{"merchant_id": bbmslMerchant, "private_key": key}, "params": params}
	if env != "" {
		in["environment"] = env
	}
	return in
}

// bbmslSignFile: bbmsl.sign. PKCS #1 v1.5 signatures are deterministic;
// testvectors/oracle/bbmsl.php re-signs every request with openssl_sign and
// requires the same bytes, and checks paysign's with openssl_verify.
func bbmslSignFile() *file {
	valid := func(comment string, flags []string, input map[string]any) *test {
		return &test{Comment: comment, Flags: flags, Input: input, Result: "valid"}
	}
	invalid := func(comment string, input map[string]any, code, field string) *test {
		return &test{Comment: comment, Flags: []string{"Validation"}, Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	refund := map[string]any{"order_id": "4922", "amount": "10.00"}
	raw := `{"operation":"refund","credentials":{"merchant_id":"3","private_key":` + string(mustJSON(priv2048)) + `},"params":{"order_id":4922,"merchant_reference":"1655817171","amount":10.50}}`
	return &file{
		Op:          "bbmsl.sign",
		Description: "BBMSL PayAPI request signing: RSASSA-PKCS1-v1_5 SHA-256 over the exact request string, {request, signature} envelope, field JSON types fixed by the profile. Signatures are byte-identical to PHP openssl_sign.",
		Notes: map[string]string{
			"GatewaySample": "BBMSL's documented refund example: the request string is byte-identical to the seed's",
			"KeyFormat":     "the private key as PKCS #8 PEM, PKCS #1 PEM, bare base64 DER or PEM with literal \\n escapes",
			"Types":         "JSON types fixed by the profile: ids and amounts numbers, references strings, whatever the caller's types",
			"Unicode":       "non-ASCII and '/' in strings: PHP json_encode escapes",
			"Validation":    "one invalid case per rule",
		},
		Tests: []*test{
			valid("documented refund example (merchant 3, order 4922, amount 10)", []string{"GatewaySample"}, bbmslInput("refund", refund, priv2048, "")),
			valid("refund by merchant reference, PKCS #1 key", []string{"KeyFormat"}, bbmslInput("refund", map[string]any{"merchant_reference": "1655817171", "amount": "10.50"}, bbmslPrivPKCS1, "sandbox")),
			valid("refund, key as bare base64 DER", []string{"KeyFormat"}, bbmslInput("refund", refund, bareBase64(priv2048), "")),
			valid("refund, key with literal \\n escapes (environment variable)", []string{"KeyFormat"}, bbmslInput("refund", refund, strings.ReplaceAll(priv2048, "\n", `\n`), "")),
			{Comment: "refund with ids and amount as JSON numbers (exact lexemes)", Flags: []string{"Types"}, InputRaw: str(raw), Result: "valid"},
			valid("refund, amount 0.10 sent as 0.1", []string{"Types"}, bbmslInput("refund", map[string]any{"order_id": "1", "amount": "0.10"}, priv2048, "production")),
			valid("void by order id", []string{"Types"}, bbmslInput("void", map[string]any{"order_id": "4922"}, priv2048, "")),
			valid("query by merchant reference", []string{"Types"}, bbmslInput("query", map[string]any{"merchant_reference": "1655817171"}, priv2048, "")),
			valid("query by both references, production", []string{"Types"}, bbmslInput("query", map[string]any{"order_id": "4922", "merchant_reference": "1655817171"}, priv2048, "production")),
			valid("create with callback URLs, recurring flag and line items", []string{"Types", "Unicode"}, bbmslInput("create", map[string]any{
				"amount": "199.90", "merchant_reference": "ORD-2026/11 茶",
				"callback_url": map[string]any{"success": "https://shop.example.com/ok", "fail": "https://shop.example.com/fail", "cancel": "https://shop.example.com/cart", "notify": "https://shop.example.com/bbmsl/notify"},
				"is_recurring": false,
				"line_items":   []any{map[string]any{"name": "Jasmine tea 100g", "quantity": 2, "unit_amount": "49.95"}, map[string]any{"name": "Teapot", "quantity": "1", "unit_amount": "100.00"}},
			}, priv2048, "")),
			valid("create, required fields only", []string{"Types"}, bbmslInput("create", map[string]any{"amount": "5", "merchant_reference": "ORD-1"}, priv2048, "")),
			invalid("unknown operation", bbmslInput("sale", refund, priv2048, ""), "unknown_operation", "operation"),
			invalid("neither order_id nor merchant_reference", bbmslInput("refund", map[string]any{"amount": "10.00"}, priv2048, ""), "PTL04", "params.order_id"),
			invalid("refund amount missing", bbmslInput("refund", map[string]any{"order_id": "4922"}, priv2048, ""), "PTL04", "params.amount"),
			invalid("amount with three decimals", bbmslInput("refund", map[string]any{"order_id": "4922", "amount": "10.005"}, priv2048, ""), "PTL186", "params.amount"),
			invalid("amount with an exponent", bbmslInput("refund", map[string]any{"order_id": "4922", "amount": "1e1"}, priv2048, ""), "PTL186", "params.amount"),
			invalid("amount zero", bbmslInput("refund", map[string]any{"order_id": "4922", "amount": "0.00"}, priv2048, ""), "PTL187", "params.amount"),
			invalid("order id with a leading zero", bbmslInput("void", map[string]any{"order_id": "04922"}, priv2048, ""), "PTL05", "params.order_id"),
			invalid("merchant reference not a string", bbmslInput("void", map[string]any{"merchant_reference": 1655817171}, priv2048, ""), "PTL05", "params.merchant_reference"),
			invalid("unknown param", bbmslInput("void", map[string]any{"order_id": "4922", "amount": "1.00"}, priv2048, ""), "malformed_request", "params.amount"),
			invalid("line item without a name", bbmslInput("create", map[string]any{"amount": "5", "merchant_reference": "ORD-1", "line_items": []any{map[string]any{"quantity": 1, "unit_amount": "5"}}}, priv2048, ""), "PTL04", "params.line_items.0.name"),
			invalid("callback URL not absolute", bbmslInput("create", map[string]any{"amount": "5", "merchant_reference": "ORD-1", "callback_url": map[string]any{"notify": "/notify"}}, priv2048, ""), "PTL05", "params.callback_url.notify"),
			invalid("merchant id not a number", map[string]any{"operation": "void", "credentials": map[string]any{"merchant_id": "M3", "private_key": priv2048}, "params": map[string]any{"order_id": "1"}}, "PTL05", "credentials.merchant_id"),
			invalid("private key missing", map[string]any{"operation": "void", "credentials": map[string]any{"merchant_id": "3"}, "params": map[string]any{"order_id": "1"}}, "PTL04", "credentials.private_key"),
			invalid("1024-bit key (BBMSL keys are 2048-bit)", bbmslInput("void", map[string]any{"order_id": "1"}, priv1024, ""), "invalid_key", "credentials.private_key"),
			invalid("public key instead of private key", bbmslInput("void", map[string]any{"order_id": "1"}, pub2048, ""), "invalid_key", "credentials.private_key"),
			invalid("environment not sandbox or production", bbmslInput("void", map[string]any{"order_id": "1"}, priv2048, "live"), "PTL05", "environment"),
		},
	}
}

// bbmslWebhookFile: bbmsl.verify_webhook. Bodies are signed here with the
// 2048-bit test key over the canonical string of the variant; the PHP
// oracle rebuilds both canonical strings the way BBMSL's plugins do and
// checks every signature with openssl_verify.
func bbmslWebhookFile() *file {
	priv, err := core.ParsePrivateKey(priv2048)
	if err != nil {
		log.Fatal(err)
	}
	canonical := func(body, variant string) string {
		c, _, _, err := bbmsl.Canonicalize([]byte(strings.Replace(body, "SIG", "x", 1)), variant)
		if err != nil {
			log.Fatalf("webhook %s: %v", body, err)
		}
		return c
	}
	signText := func(text string) string {
		digest := sha256.Sum256([]byte(text))
		sig, err := rsa.SignPKCS1v15(nil, priv, crypto.SHA256, digest[:])
		if err != nil {
			log.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(sig)
	}
	// signed puts the signature of body's canonical form where body says SIG.
	signed := func(body, variant string) string {
		return strings.Replace(body, "SIG", signText(canonical(body, variant)), 1)
	}
	in := func(body, variant, key string) map[string]any {
		m := map[string]any{"credentials": map[string]any{"bbmsl_public_key": key}, "body": body}
		if variant != "" {
			m["variant"] = variant
		}
		return m
	}
	valid := func(comment string, flags []string, body, variant string) *test {
		return &test{Comment: comment, Flags: flags, Input: in(signed(body, variant), variant, pub2048), Result: "valid"}
	}
	invalid := func(comment string, flags []string, input map[string]any, code, field string) *test {
		return &test{Comment: comment, Flags: flags, Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	docBody := `{"orderId":4922,"amount":"699.00","cardType":"VISA","status":"SUCCESS","merchantReference":"1655817171","maskedPan":"400000XXXXXX0028","updateTime":"2022-06-21T19:00:12.000+00:00","signature":"SIG"}`
	prefixBody := `{"a":"y","a-b":"x","orderId":4923,"amount":15.00,"merchantReference":"REF 2021/01 ü","status":"SUCCESS","signature":"SIG"}`
	numberBody := `{"orderId":4924,"amount":100.6,"cardType":"MASTER","status":"SUCCESS","merchantReference":"A+B~C","recurring":false,"email":null,"signature":"SIG"}`
	good := signed(docBody, "")
	goodSig := signText(canonical(docBody, ""))
	with := func(sig string) string { return strings.Replace(docBody, `"SIG"`, sig, 1) }
	restrung := strings.Replace(prefixBody, "SIG", signText(strings.Replace(canonical(prefixBody, ""), "amount=15.00", "amount=15", 1)), 1)
	return &file{
		Op:          "bbmsl.verify_webhook",
		Description: "BBMSL webhook verification over the raw body: drop signature, canonicalise from raw JSON lexemes (sorted_kv: sorted k=v strings without URL encoding, the default; urlencoded: ksort + http_build_query), RSASSA-PKCS1-v1_5 SHA-256 with the configured environment's BBMSL key.",
		Notes: map[string]string{
			"SortedKV":   "the default form of BBMSL's plugin 1.0.23",
			"URLEncoded": "the older form of BBMSL's plugin 1.0.8 (variant urlencoded)",
			"PrefixKeys": "keys where one is a prefix of another: sorting k=v strings differs from sorting keys",
			"Lexemes":    "numbers keep their JSON lexeme: 15.00 is signed as 15.00, never 15",
			"Signature":  "a missing, malformed or wrong signature",
			"Body":       "a body with no published canonical form",
			"Validation": "a request paysign refuses before any cryptography",
		},
		Tests: []*test{
			valid("documented notification, sorted k=v", []string{"SortedKV"}, docBody, ""),
			valid("documented notification, sorted k=v named explicitly", []string{"SortedKV"}, docBody, "sorted_kv"),
			valid("prefix keys, space, slash and ü, sorted k=v", []string{"SortedKV", "PrefixKeys", "Lexemes"}, prefixBody, ""),
			valid("prefix keys, space, slash and ü, URL-encoded", []string{"URLEncoded", "PrefixKeys", "Lexemes"}, prefixBody, "urlencoded"),
			valid("number amount 100.6, boolean and null, URL-encoded", []string{"URLEncoded", "Lexemes"}, numberBody, "urlencoded"),
			valid("number amount 100.6, boolean and null, sorted k=v", []string{"SortedKV", "Lexemes"}, numberBody, ""),
			valid("signature first, pretty-printed body", []string{"SortedKV"}, "{\n  \"signature\": \"SIG\",\n  \"orderId\": 4925,\n  \"amount\": \"1.00\",\n  \"status\": \"FAILED\"\n}", ""),
			invalid("signature member absent", []string{"Signature"}, in(strings.Replace(docBody, `,"signature":"SIG"`, "", 1), "", pub2048), "signature_missing", "body.signature"),
			invalid("signature empty", []string{"Signature"}, in(with(`""`), "", pub2048), "signature_missing", "body.signature"),
			invalid("signature null", []string{"Signature"}, in(with(`null`), "", pub2048), "signature_missing", "body.signature"),
			invalid("signature a number", []string{"Signature"}, in(with(`12345`), "", pub2048), "signature_malformed", "body.signature"),
			invalid("signature base64 of base64 (old documentation example)", []string{"Signature"}, in(with(`"`+base64.StdEncoding.EncodeToString([]byte(goodSig))+`"`), "", pub2048), "signature_malformed", "body.signature"),
			invalid("signature truncated", []string{"Signature"}, in(with(`"`+goodSig[:340]+`"`), "", pub2048), "signature_malformed", "body.signature"),
			invalid("signature with a line break", []string{"Signature"}, in(with(`"`+goodSig[:64]+`\n`+goodSig[64:]+`"`), "", pub2048), "signature_malformed", "body.signature"),
			invalid("amount changed after signing", []string{"Signature"}, in(strings.Replace(good, `"699.00"`, `"6990.00"`, 1), "", pub2048), "signature_mismatch", "body.signature"),
			invalid("URL-encoded signature checked as sorted k=v", []string{"Signature", "PrefixKeys"}, in(signed(prefixBody, "urlencoded"), "", pub2048), "signature_mismatch", "body.signature"),
			invalid("sorted k=v signature checked as URL-encoded", []string{"Signature", "PrefixKeys"}, in(signed(prefixBody, ""), "urlencoded", pub2048), "signature_mismatch", "body.signature"),
			invalid("signed over 15 (PHP's re-stringified float), body says 15.00", []string{"Signature", "Lexemes"}, in(restrung, "", pub2048), "signature_mismatch", "body.signature"),
			invalid("key of another environment (1024-bit test key)", []string{"Signature"}, in(good, "", pub1024), "signature_malformed", "body.signature"),
			invalid("nested object", []string{"Body"}, in(strings.Replace(good, `"cardType":"VISA"`, `"card":{"type":"VISA"}`, 1), "", pub2048), "body_malformed", "body.card"),
			invalid("member given twice", []string{"Body"}, in(strings.Replace(good, `"status":"SUCCESS"`, `"status":"FAILED","status":"SUCCESS"`, 1), "", pub2048), "body_malformed", "body.status"),
			invalid("body not JSON", []string{"Body"}, in("orderId=4922&signature="+goodSig, "", pub2048), "body_malformed", "body"),
			invalid("body a JSON array", []string{"Body"}, in(`[`+good+`]`, "", pub2048), "body_malformed", "body"),
			invalid("unknown variant", []string{"Validation"}, in(good, "sorted", pub2048), "PTL05", "variant"),
			invalid("BBMSL public key missing", []string{"Validation"}, in(good, "", ""), "PTL04", "credentials.bbmsl_public_key"),
			invalid("private key given as BBMSL's public key", []string{"Validation"}, in(good, "", priv2048), "invalid_key", "credentials.bbmsl_public_key"),
		},
	}
}
