package main

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"log"
	"math/big"
	"strings"
)

// envelopeRuleTests: rules every op follows (appended to abi.json): a
// member given twice is refused naming the member, and PHP's json_encode([])
// ("[]") stands for an empty object.
func envelopeRuleTests() []*test {
	twice := func(op, comment, field, input string) *test {
		return &test{Comment: op + ": " + comment + " given twice", Flags: []string{"Envelope", "Duplicate"}, Op: op, InputRaw: str(input), Result: "invalid", ErrorCode: "malformed_request", ErrorField: field}
	}
	creds := fmt.Sprintf(`"credentials":{"merchant_id":%q,"api_key":%q}`, testMerchant, testAPIKey)
	return []*test{
		twice("payway.sign", "a params member", "params.tran_id", `{"operation":"check_transaction",`+creds+`,"params":{"tran_id":"T1","tran_id":"T2"}}`),
		twice("payway.sign", "operation", "operation", `{"operation":"check_transaction","operation":"refund",`+creds+`,"params":{"tran_id":"T1"}}`),
		twice("payway.sign", "a member inside custom_fields", "params.custom_fields.ref", `{"operation":"purchase",`+creds+`,"params":{"tran_id":"T1","amount":"1.00","custom_fields":{"ref":"a","ref":"b"}}}`),
		twice("payway.sign", "a member inside an item", "params.items.0.name", `{"operation":"purchase",`+creds+`,"params":{"tran_id":"T1","amount":"1.00","items":[{"name":"a","name":"b"}]}}`),
		twice("payway.verify", "the private key", "credentials.rsa_private_key", `{"operation":"refund","credentials":{"api_key":"k","rsa_private_key":"a","rsa_private_key":"b"},"fields":{}}`),
		twice("payway.verify", "a field", "fields.hash", `{"operation":"exchange_rate","credentials":{"api_key":"k"},"fields":{"hash":"a","hash":"b"}}`),
		twice("payway.hash", "fields", "fields", `{"operation":"exchange_rate","credentials":{"api_key":"k"},"fields":{},"fields":{}}`),
		twice("payway.verify_callback", "the body", "body", `{"credentials":{"api_key":"k"},"body":"{}","body":"{}","signature":"x"}`),
		twice("payway.verify_callback", "the signature", "signature", `{"credentials":{"api_key":"k"},"body":"{}","signature":"x","signature":"y"}`),
		twice("bbmsl.sign", "the private key", "credentials.private_key", `{"operation":"refund","credentials":{"merchant_id":"3","private_key":"a","private_key":"b"},"params":{"order_id":"1","amount":"1"}}`),
		twice("bbmsl.sign", "a line item member", "params.line_items.0.quantity", `{"operation":"create","credentials":{"merchant_id":"3","private_key":"a"},"params":{"amount":"1","merchant_reference":"R","line_items":[{"name":"a","quantity":1,"quantity":2,"unit_amount":"1"}]}}`),
		twice("bbmsl.verify_webhook", "the body", "body", `{"credentials":{"bbmsl_public_key":"k"},"body":"{}","body":"{}"}`),
		twice("clearsettle.refund", "the amount", "params.amount", `{"credentials":{"api_key":"k"},"domain":"example-psp.com","params":{"transaction_id":"1","reference_no":"2","amount":"1.00","amount":"100.00","currency":"EUR"}}`),
		twice("clearsettle.decode_response", "the body", "body", `{"body":"{\"code\":\"00\"}","body":"{}"}`),
		twice("payway.catalog", "an unknown member", "x", `{"x":1,"x":2}`),
		twice("paysign.version", "an unknown member", "x", `{"x":1,"x":2}`),
		{Comment: "a fields pair of three elements is refused", Flags: []string{"Envelope"}, Op: "payway.verify", InputRaw: str(`{"operation":"exchange_rate","credentials":{"api_key":"k"},"fields":[["merchant_id","m","extra"]]}`), Result: "invalid", ErrorCode: "malformed_request", ErrorField: "fields"},
		{Comment: "a fields pair of one element is refused", Flags: []string{"Envelope"}, Op: "payway.hash", InputRaw: str(`{"operation":"exchange_rate","credentials":{"api_key":"k"},"fields":[["merchant_id"]]}`), Result: "invalid", ErrorCode: "malformed_request", ErrorField: "fields"},
		{Comment: "[] (PHP's json_encode of an empty array) is an empty request", Flags: []string{"Envelope", "EmptyArray"}, Op: "payway.catalog", InputRaw: str(`[]`), Result: "valid"},
		{Comment: "\"params\": [] is empty params", Flags: []string{"Envelope", "EmptyArray"}, Op: "payway.sign", InputRaw: str(fmt.Sprintf(`{"operation":"exchange_rate",%s,"params":[],"request_time":%q}`, creds, testTime)), Result: "valid"},
		{Comment: "\"params\": [] still needs the required params", Flags: []string{"Envelope", "EmptyArray"}, Op: "payway.sign", InputRaw: str(fmt.Sprintf(`{"operation":"check_transaction",%s,"params":[],"request_time":%q}`, creds, testTime)), Result: "invalid", ErrorCode: "PTL04", ErrorField: "params.tran_id"},
		{Comment: "a credentials handle that was never opened", Flags: []string{"Envelope", "Handle"}, Op: "payway.sign", InputRaw: str(`{"operation":"check_transaction","credentials":{"handle":9007199254740991},"params":{"tran_id":"T1"}}`), Result: "invalid", ErrorCode: "unknown_handle", ErrorField: "credentials.handle"},
		{Comment: "closing a handle that was never opened", Flags: []string{"Envelope", "Handle"}, Op: "paysign.close_credentials", InputRaw: str(`{"handle":9007199254740991}`), Result: "invalid", ErrorCode: "unknown_handle", ErrorField: "handle"},
		{Comment: "a handle with other credential members", Flags: []string{"Envelope", "Handle"}, Op: "payway.sign", InputRaw: str(`{"operation":"check_transaction","credentials":{"handle":1,"api_key":"k"},"params":{"tran_id":"T1"}}`), Result: "invalid", ErrorCode: "malformed_request", ErrorField: "credentials.handle"},
		{Comment: "a handle that is not a positive whole number", Flags: []string{"Envelope", "Handle"}, Op: "payway.hash", InputRaw: str(`{"operation":"exchange_rate","credentials":{"handle":"one"},"fields":{}}`), Result: "invalid", ErrorCode: "malformed_request", ErrorField: "credentials.handle"},
		{Comment: "opening credentials with a key that does not parse", Flags: []string{"Envelope", "Handle"}, Op: "paysign.open_credentials", InputRaw: str(`{"credentials":{"merchant_id":"m","api_key":"k","rsa_public_key":"not a key"}}`), Result: "invalid", ErrorCode: "invalid_key", ErrorField: "credentials.rsa_public_key"},
		{Comment: "opening credentials with an unknown member", Flags: []string{"Envelope", "Handle"}, Op: "paysign.open_credentials", InputRaw: str(`{"credentials":{"password":"p"}}`), Result: "invalid", ErrorCode: "malformed_request", ErrorField: "credentials.password"},
		{Comment: "a non-empty array is not an object", Flags: []string{"Envelope", "EmptyArray"}, Op: "payway.sign", InputRaw: str(fmt.Sprintf(`{"operation":"exchange_rate",%s,"params":["x"]}`, creds)), Result: "invalid", ErrorCode: "malformed_request", ErrorField: "params"},
	}
}

// boundedWorkTests: keys above 4096 bits and encrypted fields longer than
// the core's bound on ciphertext (8192 bytes) are refused before any RSA
// operation; damaged PEM armour never puts key text into a message
// (appended to hostile.json).
func boundedWorkTests() []*test {
	big := bigKeys(4100)
	refund := func(pub string) map[string]any {
		return signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "1.50"}, pub)
	}
	fields := map[string]string{"request_time": testTime, "merchant_id": testMerchant,
		"merchant_auth": base64.StdEncoding.EncodeToString(make([]byte, 65*128))}
	rehash([]string{"request_time", "merchant_id", "merchant_auth"}, "base64", fields)
	damaged := func(comment, key string) *test {
		return &test{Comment: "damaged PEM armour, no key text in the message: " + comment, Flags: []string{"Hostile", "Secrets"},
			Input: refund(key), Result: "invalid", ErrorCode: "invalid_key", ErrorField: "credentials.rsa_public_key"}
	}
	body := strings.TrimSpace(pub1024)
	return []*test{
		{Comment: "a 4100-bit RSA public key is refused", Flags: []string{"Hostile", "BoundedWork"}, Input: refund(big.public), Result: "invalid", ErrorCode: "invalid_key", ErrorField: "credentials.rsa_public_key"},
		{Comment: "a 4100-bit RSA private key is refused", Flags: []string{"Hostile", "BoundedWork"}, Op: "payway.verify",
			Input: map[string]any{"operation": "refund", "credentials": map[string]any{"api_key": testAPIKey, "rsa_private_key": big.private}, "fields": fields}, Result: "invalid", ErrorCode: "invalid_key", ErrorField: "credentials.rsa_private_key"},
		{Comment: "a 4100-bit BBMSL private key is refused", Flags: []string{"Hostile", "BoundedWork"}, Op: "bbmsl.sign",
			Input: bbmslInput("refund", map[string]any{"order_id": "1", "amount": "1"}, big.private, ""), Result: "invalid", ErrorCode: "invalid_key", ErrorField: "credentials.private_key"},
		{Comment: "merchant_auth of 65 blocks (8320 bytes) is refused before any RSA operation", Flags: []string{"Hostile", "BoundedWork"}, Op: "payway.verify",
			Input: map[string]any{"operation": "refund", "credentials": map[string]any{"api_key": testAPIKey, "rsa_private_key": priv1024}, "fields": fields}, Result: "invalid", ErrorCode: "PTL05", ErrorField: "fields.merchant_auth"},
		damaged("BEGIN line with four dashes", strings.Replace(body, "-----BEGIN PUBLIC KEY-----", "----BEGIN PUBLIC KEY-----", 1)),
		damaged("BEGIN line ending in four dashes", strings.Replace(body, "-----BEGIN PUBLIC KEY-----", "-----BEGIN PUBLIC KEY----", 1)),
		damaged("BEGIN line without dashes", strings.Replace(body, "-----BEGIN PUBLIC KEY-----", "BEGIN PUBLIC KEY", 1)),
		damaged("wrong END label", strings.Replace(body, "-----END PUBLIC KEY-----", "-----END RSA PUBLIC KEY-----", 1)),
		damaged("escaped newlines written twice", strings.ReplaceAll(body, "\n", `\\n`)),
	}
}

type keyPair struct{ public, private string }

// bigKeys makes syntactically valid RSA keys whose modulus has bits bits:
// they need not be real keys, since paysign must refuse them by size alone.
func bigKeys(bits int) keyPair {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	n.Or(n, big.NewInt(1))
	pubDER, err := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: n, E: 65537})
	if err != nil {
		log.Fatal(err)
	}
	one := big.NewInt(1)
	privDER, err := asn1.Marshal(struct {
		Version               int
		N                     *big.Int
		E                     int
		D, P, Q, Dp, Dq, Qinv *big.Int
	}{0, n, 65537, one, one, one, one, one, one})
	if err != nil {
		log.Fatal(err)
	}
	return keyPair{
		public:  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})),
		private: string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: privDER})),
	}
}
