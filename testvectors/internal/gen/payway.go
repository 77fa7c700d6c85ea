package main

import (
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log"
	"slices"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

// Test credentials. The API key is made up; the keys are the TEST_ONLY pairs.
const (
	testMerchant = "ec000002"
	testAPIKey   = "TEST_ONLY_api_key_7c1f3d9a"
	testTime     = "20261121093403"
)

var (
	pub1024  = testvectors.Key("rsa1024_TEST_ONLY_public.pem")
	priv1024 = testvectors.Key("rsa1024_TEST_ONLY_private.pem")
	pub2048  = testvectors.Key("rsa2048_TEST_ONLY_public.pem")
	priv2048 = testvectors.Key("rsa2048_TEST_ONLY_private.pem")
)

// sample holds a realistic value for every PayWay param name; operations
// whose same-named param differs in shape override it in sampleFor.
var sample = map[string]any{
	"tran_id":              "T1001-2026",
	"amount":               "12.50",
	"currency":             "USD",
	"items":                []any{map[string]any{"name": "Iced latte", "quantity": 1, "price": "2.50"}, map[string]any{"name": "Num pang", "quantity": 2, "price": "5.00"}},
	"shipping":             "1.25",
	"firstname":            "Sokha",
	"lastname":             "Chan",
	"first_name":           "Sokha",
	"last_name":            "Chan",
	"email":                "sokha.chan@example.com",
	"phone":                "012345678",
	"type":                 "purchase",
	"purchase_type":        "purchase",
	"payment_option":       "abapay_khqr",
	"return_url":           "https://shop.example.com/payway/pushback?order=1001&lang=km",
	"callback_url":         "https://shop.example.com/payway/callback?order=1001",
	"cancel_url":           "https://shop.example.com/cart",
	"continue_success_url": "https://shop.example.com/thanks",
	"return_deeplink":      map[string]any{"ios_scheme": "shopapp://payway/return", "android_scheme": "shopapp://payway/return"},
	"custom_fields":        map[string]any{"order_ref": "ORD-1001", "channel": "web"},
	"return_params":        "order=1001",
	"payout":               []any{map[string]any{"acc": "000133879", "amt": "1.00"}},
	"lifetime":             30,
	"additional_params":    map[string]any{"wechat_sub_appid": "wx123", "wechat_sub_openid": "o456"},
	"google_pay_token":     "gp-token-123",
	"skip_success_page":    "1",
	"view_type":            "hosted_view",
	"payment_gate":         "0",
	"ctid":                 "CTID20261121",
	"frequency":            "1M",
	"from_date":            "2026-11-20 00:00:00",
	"to_date":              "2026-11-21 00:00:00",
	"from_amount":          "1.00",
	"to_amount":            "500.00",
	"status":               "APPROVED,REFUNDED",
	"page":                 1,
	"pagination":           40,
	"refund_amount":        "1.50",
	"complete_amount":      "10.00",
	"qr_image_template":    "template3_color",
	"merchant_ref":         "MREF1001",
	"title":                "Coffee beans 1kg",
	"description":          "Single-origin Mondulkiri beans",
	"payment_limit":        5,
	"expired_date":         1795000000,
	"merchant_ref_no":      "INV-2026-1001",
	"id":                   "pl7f3a9c",
	"beneficiaries":        []any{map[string]any{"account": "000133879", "amount": "5.00"}, map[string]any{"account": "000133880", "amount": "7.50"}},
	"payee":                "000133879",
	"request_id":           "REQ20261121001",
	"pwt":                  "PWT-abc123",
	"shipping_fee":         "2.00",
}

func sampleFor(op *payway.Operation, p payway.Param) any {
	switch {
	case op.Name == "generate_qr" && p.Name == "payout":
		return []any{map[string]any{"account": "000133879", "amount": "1.00"}}
	case op.Name == "payout" && p.Name == "custom_fields":
		return map[string]any{"note": "November payout"}
	case p.Name == "token_flag" && len(p.Enum) > 0:
		return p.Enum[0]
	case p.Name == "token_flag":
		return "CITO_FLEX"
	case p.Name == "status" && op.Name == "update_beneficiary_status":
		return 1
	}
	v, ok := sample[p.Name]
	if !ok {
		log.Fatalf("no sample value for %s.%s", op.Name, p.Name)
	}
	return v
}

func signInput(operation string, params map[string]any, pub string) map[string]any {
	creds := map[string]any{"merchant_id": testMerchant, "api_key": testAPIKey}
	if pub != "" {
		creds["rsa_public_key"] = pub
	}
	return map[string]any{"operation": operation, "credentials": creds, "params": params, "request_time": testTime, "environment": "sandbox"}
}

// signCase makes a payway.sign test; operations with an encrypted field
// become randomized tests checked by a payway.verify round trip, and also
// yield a fixed-ciphertext payway.verify test.
type signCase struct {
	comment string
	flags   []string
	input   map[string]any
	raw     string // input_raw instead of input
	priv    string // private key for the round trip
}

func (c signCase) tests() (*test, *test) {
	t := &test{Comment: c.comment, Flags: c.flags, Input: c.input, Result: "valid"}
	if c.raw != "" {
		t.Input, t.InputRaw = nil, str(c.raw)
	}
	op, _ := payway.Lookup(operationOf(c))
	if op.EncryptedField == "" {
		return t, nil
	}
	t.Randomized = true
	t.encField = op.EncryptedField
	t.keep = []string{"operation", "method", "url", "content_type", "headers", "hash_fields", "merchant_auth_json", "beneficiaries_json"}
	if op.ContentType == payway.ContentMultipart { // the boundary is derived from the fields, ciphertext included
		t.keep = slices.DeleteFunc(t.keep, func(k string) bool { return k == "headers" })
	}
	t.Then = &then{Op: "payway.verify", Input: map[string]any{"operation": op.Name, "credentials": map[string]any{"api_key": testAPIKey, "rsa_private_key": c.priv}}}
	return t, c.fixedVerify(&op)
}

func operationOf(c signCase) string {
	if c.raw != "" {
		var m map[string]any
		if err := json.Unmarshal([]byte(c.raw), &m); err != nil {
			log.Fatal(err)
		}
		return m["operation"].(string)
	}
	return c.input["operation"].(string)
}

// fixedVerify signs the case, replaces the random ciphertext with a seeded
// one and recomputes the hash over the hash fields paysign reported.
func (c signCase) fixedVerify(op *payway.Operation) *test {
	req := []byte(c.raw)
	if c.raw == "" {
		req = mustJSON(c.input)
	}
	env := call("payway.sign", req)
	if !env.OK {
		log.Fatalf("%s: %+v", c.comment, env.Error)
	}
	var signed struct {
		Fields            [][2]string `json:"fields"`
		HashFields        []string    `json:"hash_fields"`
		MerchantAuthJSON  string      `json:"merchant_auth_json"`
		BeneficiariesJSON string      `json:"beneficiaries_json"`
	}
	if err := json.Unmarshal(env.Value, &signed); err != nil {
		log.Fatal(err)
	}
	plaintext := signed.MerchantAuthJSON + signed.BeneficiariesJSON
	pubText := pub1024
	if c.priv == priv2048 {
		pubText = pub2048
	}
	pub, err := core.ParsePublicKey(pubText)
	if err != nil {
		log.Fatal(err)
	}
	fields := map[string]string{}
	for _, f := range signed.Fields {
		fields[f[0]] = f[1]
	}
	fields[op.EncryptedField] = base64.StdEncoding.EncodeToString(encryptSeeded(pub, []byte(plaintext), c.comment))
	rehash(signed.HashFields, op.HashEncoding, fields)
	return &test{Comment: c.comment + " (fixed ciphertext)", Flags: append([]string{"FixedCiphertext"}, c.flags...),
		Input:  map[string]any{"operation": op.Name, "credentials": map[string]any{"api_key": testAPIKey, "rsa_private_key": c.priv}, "fields": fields},
		Result: "valid"}
}

func rehash(hashFields []string, encoding string, fields map[string]string) {
	var input strings.Builder
	for _, name := range hashFields {
		input.WriteString(fields[name])
	}
	mac := hmacSHA512([]byte(testAPIKey), []byte(input.String()))
	if encoding == "hex" {
		fields["hash"] = fmt.Sprintf("%x", mac)
	} else {
		fields["hash"] = base64.StdEncoding.EncodeToString(mac)
	}
}

// hmacSHA512 is PHP's hash_hmac('sha512', $message, $key, true), from the
// standard library rather than the core the vectors check.
func hmacSHA512(key, message []byte) []byte {
	mac := hmac.New(sha512.New, key)
	mac.Write(message)
	return mac.Sum(nil)
}

func paramsOf(op *payway.Operation, all bool) map[string]any {
	params := map[string]any{}
	for _, p := range op.Params {
		if all || p.Required {
			params[p.Name] = sampleFor(op, p)
		}
	}
	return params
}

func pubFor(op *payway.Operation) string {
	if op.EncryptedField != "" {
		return pub1024
	}
	return ""
}

func paywayFiles() (sign, verify *file) {
	var cases []signCase
	for _, op := range payway.Operations() {
		cases = append(cases,
			signCase{comment: op.Name + ", every field", flags: []string{"AllFields"}, input: signInput(op.Name, paramsOf(&op, true), pubFor(&op)), priv: priv1024},
			signCase{comment: op.Name + ", required fields only", flags: []string{"RequiredOnly"}, input: signInput(op.Name, paramsOf(&op, false), pubFor(&op)), priv: priv1024},
		)
	}
	cases = append(cases, specialCases()...)

	sign = &file{Op: "payway.sign", Description: "PayWay request signing: every catalogue operation, the gateway's PHP sample compositions, encodings, amounts, keys, and one invalid case per validation rule.", Notes: signNotes}
	verify = &file{Op: "payway.verify", Description: "PayWay's server side: recompute the hash of received fields and decrypt merchant_auth. Ciphertexts are fixed (made by the generator's seeded PKCS #1 v1.5 code), so these tests are exact.", Notes: signNotes}
	for _, c := range cases {
		s, v := c.tests()
		sign.Tests = append(sign.Tests, s)
		if v != nil {
			verify.Tests = append(verify.Tests, v)
		}
	}
	sign.Tests = append(sign.Tests, invalidSignTests()...)
	for _, c := range laterCases() { // appended, so earlier ids stay stable
		s, v := c.tests()
		sign.Tests = append(sign.Tests, s)
		if v != nil {
			verify.Tests = append(verify.Tests, v)
		}
	}
	sign.Tests = append(sign.Tests, laterInvalidTests()...)
	sign.Tests = append(sign.Tests, baseURLTests()...)
	sign.Tests = append(sign.Tests, outputTests()...)
	verify.Tests = append(verify.Tests, hashTests(verify.Tests)...)
	verify.Tests = append(verify.Tests, verifyTests()...)
	var chunkVerify []*test
	for _, c := range chunkCases() { // appended, so earlier ids stay stable
		s, v := c.tests()
		sign.Tests = append(sign.Tests, s)
		chunkVerify = append(chunkVerify, v)
	}
	verify.Tests = append(verify.Tests, chunkVerify...)
	verify.Tests = append(verify.Tests, hashTests(chunkVerify)...)
	return sign, verify
}

// chunkCases: merchant_auth JSON of 116, 117, 118, 234 and 235 bytes, at
// the edges of 117-byte RSA blocks (1024-bit key): 1, 1, 2, 2 and 3 blocks.
func chunkCases() []signCase {
	signNotes["ChunkBoundary"] = "merchant_auth JSON at the edge of an RSA block (key bytes − 11 = 117 for a 1024-bit key): 116 and 117 bytes are one block, 118 two, 234 two, 235 three"
	var cases []signCase
	for _, size := range []int{116, 117, 118, 234, 235} {
		params := func(title string) map[string]any {
			return map[string]any{"title": title, "amount": "1.50", "currency": "USD", "expired_date": 1795000000}
		}
		length := func(title string) int {
			env := call("payway.sign", mustJSON(signInput("create_payment_link", params(title), pub1024)))
			var v struct {
				MerchantAuthJSON string `json:"merchant_auth_json"`
			}
			if !env.OK || json.Unmarshal(env.Value, &v) != nil {
				log.Fatalf("chunk case: %+v", env.Error)
			}
			return len(v.MerchantAuthJSON)
		}
		title := "Chunk " + strings.Repeat("x", size-length("Chunk "))
		if length(title) != size {
			log.Fatalf("chunk case: merchant_auth of %d bytes, not %d", length(title), size)
		}
		blocks := fmt.Sprintf("%d RSA blocks", (size+116)/117)
		if size <= 117 {
			blocks = "one RSA block"
		}
		cases = append(cases, signCase{comment: fmt.Sprintf("payment link whose merchant_auth JSON is %d bytes: %s of a 1024-bit key", size, blocks),
			flags: []string{"ChunkBoundary"}, input: signInput("create_payment_link", params(title), pub1024), priv: priv1024})
	}
	return cases
}

var signNotes = map[string]string{
	"AllFields":        "every parameter of the operation is given",
	"RequiredOnly":     "only the required parameters are given; absent fields hash as empty strings",
	"GatewaySample":    "the composition of the gateway's own PHP sample or documented example",
	"EmptyOptional":    "optional fields given as empty strings are treated as absent",
	"Unicode":          "non-ASCII text: JSON inside base64 uses PHP json_encode's \\uXXXX escapes",
	"URL":              "URLs with slashes and query strings",
	"MultiChunk":       "merchant_auth longer than one RSA block (key bytes − 11), so several blocks are concatenated",
	"RSA2048":          "2048-bit test key (245-byte chunks)",
	"Amount":           "amount text normalisation and rules",
	"NumberLexeme":     "an amount given as a JSON number: its exact lexeme is used, never a float",
	"KeyFormat":        "an RSA key format other than PEM SubjectPublicKeyInfo",
	"Validation":       "invalid input rejected before signing with PayWay's own error code",
	"FixedCiphertext":  "merchant_auth is a fixed ciphertext made by the generator, not by paysign",
	"Tampered":         "a received request altered after signing",
	"Hostile":          "input a careless or hostile caller could send",
	"Output":           "\"output\": \"send\" returns only what is sent",
	"MerchantAuthText": "text that travels inside merchant_auth is JSON-encoded, not hashed as text: it is sent as given",
	"MemberOrder":      "JSON objects keep the caller's member order: PayWay hashes the base64 of their JSON text, so the order is part of the bytes",
	"Hash":             "payway.hash: the hash PayWay expects over the given fields, encrypted fields taken as they are",
}

func specialCases() []signCase {
	withParams := func(operation string, params map[string]any) map[string]any {
		op, _ := payway.Lookup(operation)
		return signInput(operation, params, pubFor(&op))
	}
	closeSample := withParams("close_transaction", map[string]any{"tran_id": "1729573626"})
	closeSample["request_time"] = "20241022053608"
	closeSample["credentials"].(map[string]any)["merchant_id"] = "lavacafe"
	refundSample := withParams("refund", map[string]any{"tran_id": "1729573626", "refund_amount": "0.01"})
	refundSample["request_time"] = "20200728093403"

	longLink := map[string]any{"title": strings.TrimSpace(strings.Repeat("Mondulkiri coffee ", 13)), "amount": "250000", "currency": "KHR",
		"description": strings.TrimSpace(strings.Repeat("Single-origin beans roasted in Phnom Penh. ", 5)), "payment_limit": 1, "expired_date": 1795000000,
		"return_url": "https://shop.example.com/links/return?id=42&from=/payway/", "merchant_ref_no": "INV/2026/1001"}
	longLink2048 := signInput("create_payment_link", longLink, pub2048)

	envKey := signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "1.50"}, strings.ReplaceAll(strings.TrimSpace(pub1024), "\n", `\n`))
	pkcs1Key := signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "1.50"}, testvectors.Key("rsa1024_TEST_ONLY_public_pkcs1.pem"))
	bareKey := signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "1.50"}, bareBase64(pub1024))
	refund2048 := signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "1.50"}, pub2048)

	unicode := map[string]any{"tran_id": "T1002", "amount": "4.00", "currency": "USD", "firstname": "សុខា", "lastname": "ចាន់",
		"items": []any{map[string]any{"name": "កាហ្វេទឹកកក", "quantity": 1, "price": "2.00"}, map[string]any{"name": "Crème brûlée 😀", "quantity": 1, "price": "2.00"}}}
	urls := map[string]any{"tran_id": "T1003", "amount": "9.99", "currency": "USD",
		"return_url": "https://shop.example.com/payway/push-back/?order=1003&sig=a/b+c%2F&lang=km#frag", "cancel_url": "https://shop.example.com/cart?step=2&coupon=A/B",
		"continue_success_url": "https://shop.example.com/thanks/?order=1003&next=/orders/1003"}
	empty := map[string]any{"tran_id": "T1004", "amount": "5.00", "currency": "USD", "firstname": "", "lastname": "", "email": "", "items": "", "return_params": "", "shipping": ""}
	qrSandbox := map[string]any{"tran_id": "T1005", "amount": "1.00", "currency": "USD", "purchase_type": "purchase", "payment_option": "abapay_khqr",
		"callback_url": "https://shop.example.com/payway/callback", "lifetime": 6, "qr_image_template": "template3_color"}
	khr := map[string]any{"tran_id": "T1006", "amount": "100.00", "currency": "KHR", "shipping": "0"}
	usd := map[string]any{"tran_id": "T1007", "amount": "1.5", "currency": "USD", "shipping": "0.5"}
	lexeme := fmt.Sprintf(`{"operation":"purchase","credentials":{"merchant_id":%q,"api_key":%q},"request_time":%q,"params":{"tran_id":"T1008","amount":12.5,"currency":"USD","lifetime":30}}`, testMerchant, testAPIKey, testTime)
	preauthPayout := withParams("pre_auth_completion", map[string]any{"tran_id": "T1009", "complete_amount": "25.00", "payout": []any{map[string]any{"acc": "000133879", "amt": "5.00"}, map[string]any{"acc": "000133880", "amt": "2.50"}}})

	return []signCase{
		{comment: "close transaction, the documented example (lavacafe)", flags: []string{"GatewaySample"}, input: closeSample},
		{comment: "refund, the documented example values", flags: []string{"GatewaySample"}, input: refundSample, priv: priv1024},
		{comment: "QR API, the sandbox-verified composition", flags: []string{"GatewaySample"}, input: withParams("generate_qr", qrSandbox)},
		{comment: "purchase with empty optional fields", flags: []string{"EmptyOptional"}, input: withParams("purchase", empty)},
		{comment: "purchase with Khmer names and an emoji in items", flags: []string{"Unicode"}, input: withParams("purchase", unicode)},
		{comment: "purchase with slashes and query strings in every URL", flags: []string{"URL"}, input: withParams("purchase", urls)},
		{comment: "payment link whose merchant_auth spans several 117-byte blocks (1024-bit key)", flags: []string{"MultiChunk", "URL"}, input: signInput("create_payment_link", longLink, pub1024), priv: priv1024},
		{comment: "payment link whose merchant_auth spans several 245-byte blocks (2048-bit key)", flags: []string{"MultiChunk", "RSA2048"}, input: longLink2048, priv: priv2048},
		{comment: "refund with a 2048-bit key", flags: []string{"RSA2048"}, input: refund2048, priv: priv2048},
		{comment: "refund with a PEM whose line breaks are literal \\n (environment variable)", flags: []string{"KeyFormat"}, input: envKey, priv: priv1024},
		{comment: "refund with an RSA PUBLIC KEY (PKCS #1) PEM", flags: []string{"KeyFormat"}, input: pkcs1Key, priv: priv1024},
		{comment: "refund with a bare base64 DER key", flags: []string{"KeyFormat"}, input: bareKey, priv: priv1024},
		{comment: "KHR 100.00 is sent as 100, shipping 0 as 0", flags: []string{"Amount"}, input: withParams("purchase", khr)},
		{comment: "USD 1.5 is sent as 1.50", flags: []string{"Amount"}, input: withParams("purchase", usd)},
		{comment: "amount as the JSON number 12.5 is sent as 12.50, never through a float", flags: []string{"Amount", "NumberLexeme"}, raw: lexeme},
		{comment: "pre-auth completion with payout inside merchant_auth", flags: []string{"GatewaySample"}, input: preauthPayout, priv: priv1024},
	}
}

// laterCases are valid cases added after the invalid ones existed.
func laterCases() []signCase {
	// JSON text keeps its member order through every runner's decoder and
	// encoder; none of these objects is in alphabetical order.
	ordered := map[string]any{"tran_id": "T1010", "amount": "7.00", "currency": "USD",
		"items":           json.RawMessage(`[{"name":"Iced latte","quantity":2,"price":"2.50"},{"name":"Num pang","quantity":1,"price":"2.00"}]`),
		"custom_fields":   json.RawMessage(`{"order_ref":"ORD-1010","channel":"web","customer":{"tier":"gold","id":"C-77"}}`),
		"return_deeplink": json.RawMessage(`{"ios_scheme":"shopapp://payway/return","android_scheme":"shopapp://payway/return"}`)}
	spaced := map[string]any{"title": "Mondulkiri coffee ", "amount": "25.00", "currency": "USD",
		"description": " 1 kg bag,\nshipped nationwide ", "expired_date": 1795000000}
	return []signCase{
		{comment: "purchase whose items, custom_fields and return_deeplink keep the caller's member order", flags: []string{"MemberOrder"}, input: signInput("purchase", ordered, "")},
		{comment: "payment link whose title and description start or end with white space: inside merchant_auth they are sent as given", flags: []string{"MerchantAuthText"}, input: signInput("create_payment_link", spaced, pub1024), priv: priv1024},
		{comment: "payout whose beneficiary amounts are JSON numbers inside beneficiaries", flags: []string{"Amount"}, input: signInput("payout", map[string]any{"tran_id": "T1011", "amount": "12.50", "currency": "USD",
			"beneficiaries": []any{map[string]any{"account": "000133879", "amount": "5.00"}, map[string]any{"account": "000133880", "amount": 7.5}}}, pub1024), priv: priv1024},
	}
}

// outputTests: "output": "send" returns only what is sent.
func outputTests() []*test {
	send := func(operation string, params map[string]any, pub string) map[string]any {
		in := signInput(operation, params, pub)
		in["output"] = "send"
		return in
	}
	bad := signInput("check_transaction", map[string]any{"tran_id": "T1"}, "")
	bad["output"] = "everything"
	return []*test{
		{Comment: "output send: a purchase without hash input, hash order or plaintext", Flags: []string{"Output"},
			Input: send("purchase", map[string]any{"tran_id": "T1012", "amount": "3.00", "currency": "USD"}, ""), Result: "valid"},
		{Comment: "output send: a check transaction with its JSON body", Flags: []string{"Output"},
			Input: send("check_transaction", map[string]any{"tran_id": "T1012"}, ""), Result: "valid"},
		{Comment: "output is send or absent", Flags: []string{"Output", "Validation"}, Input: bad, Result: "invalid", ErrorCode: "PTL05", ErrorField: "output"},
	}
}

// laterInvalidTests are invalid cases added after the first ones existed.
func laterInvalidTests() []*test {
	invalid := func(comment, code, field string, input map[string]any) *test {
		return &test{Comment: comment, Flags: []string{"Validation"}, Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	return []*test{
		invalid("a refund amount a JSON number (float) cannot carry exactly is refused", "PTL186", "params.refund_amount",
			signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "999999999999999.99"}, pub1024)),
		invalid("a payout amount inside merchant_auth that is not a decimal", "PTL186", "params.payout",
			signInput("pre_auth_completion", map[string]any{"tran_id": "T1", "complete_amount": "5.00", "payout": []any{map[string]any{"acc": "000133879", "amt": "five"}}}, pub1024)),
		invalid("a hashed field still may not end in white space", "PTL05", "params.firstname",
			signInput("purchase", map[string]any{"tran_id": "T1", "amount": "1.00", "firstname": "Sokha "}, "")),
		invalid("a NUL byte inside merchant_auth text is refused", "PTL05", "params.title",
			signInput("create_payment_link", map[string]any{"title": "a\u0000b", "amount": "1.00", "currency": "USD", "expired_date": 1795000000}, pub1024)),
	}
}

func bareBase64(pem string) string {
	lines := strings.Split(strings.TrimSpace(pem), "\n")
	return strings.Join(lines[1:len(lines)-1], "")
}

func mustPub(name string) *rsa.PublicKey {
	pub, err := core.ParsePublicKey(testvectors.Key(name))
	if err != nil {
		log.Fatal(err)
	}
	return pub
}

// hashTests: payway.hash over the fields of each fixed-ciphertext verify
// test; its hash must be the one the fields carry.
func hashTests(verifyTests []*test) []*test {
	var tests []*test
	for _, v := range verifyTests {
		in := v.Input.(map[string]any)
		tests = append(tests, &test{Comment: strings.TrimSuffix(v.Comment, " (fixed ciphertext)") + ": the hash PayWay expects",
			Flags: []string{"Hash"}, Op: "payway.hash",
			Input:  map[string]any{"operation": in["operation"], "credentials": map[string]any{"api_key": testAPIKey}, "fields": in["fields"]},
			Result: "valid"})
	}
	return tests
}
