package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log"
	"strings"

	"github.com/paysign/paysign/testvectors"
)

// invalidSignTests: one case per validation rule, each with the code and
// field PayWay (or paysign, where PayWay has no code) answers.
func invalidSignTests() []*test {
	with := func(changes map[string]any) map[string]any {
		return changed(map[string]any{"tran_id": "T2001", "amount": "10.00", "currency": "USD"}, changes)
	}
	purchase := func(changes map[string]any) map[string]any { return signInput("purchase", with(changes), "") }
	refund := func(pub string) map[string]any {
		return signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "1.50"}, pub)
	}
	invalid := func(comment, code, field string, input map[string]any) *test {
		return &test{Comment: comment, Flags: []string{"Validation"}, Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	rawInvalid := func(comment, code, field, raw string) *test {
		return &test{Comment: comment, Flags: []string{"Validation", "NumberLexeme"}, InputRaw: str(raw), Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	rawPurchase := func(amount string) string {
		return fmt.Sprintf(`{"operation":"purchase","credentials":{"merchant_id":%q,"api_key":%q},"request_time":%q,"params":{"tran_id":"T1","amount":%s,"currency":"USD"}}`, testMerchant, testAPIKey, testTime, amount)
	}
	set := func(input map[string]any, key string, value any) map[string]any { input[key] = value; return input }
	creds := func(input map[string]any, key string, value any) map[string]any {
		c := input["credentials"].(map[string]any)
		if value == nil {
			delete(c, key)
		} else {
			c[key] = value
		}
		return input
	}
	tooManyItems := make([]any, 11)
	for i := range tooManyItems {
		tooManyItems[i] = map[string]any{"name": fmt.Sprintf("item %d", i), "quantity": 1, "price": "1.00"}
	}
	qr := func(changes map[string]any) map[string]any {
		p := map[string]any{"tran_id": "T1", "amount": "1.00", "currency": "USD", "payment_option": "abapay_khqr", "lifetime": 10, "qr_image_template": "template1"}
		for k, v := range changes {
			p[k] = v
		}
		return signInput("generate_qr", p, "")
	}

	return []*test{
		invalid("unknown operation", "unknown_operation", "operation", signInput("refund_all", map[string]any{}, "")),
		invalid("tran_id missing", "PTL04", "params.tran_id", purchase(map[string]any{"tran_id": nil})),
		invalid("amount missing", "PTL04", "params.amount", purchase(map[string]any{"amount": nil})),
		invalid("merchant_id missing", "PTL04", "credentials.merchant_id", creds(purchase(nil), "merchant_id", nil)),
		invalid("api_key missing", "PTL04", "credentials.api_key", creds(purchase(nil), "api_key", nil)),
		invalid("refund without the RSA public key", "PTL04", "credentials.rsa_public_key", refund("")),
		invalid("request_time not 14 digits", "PTL06", "request_time", set(purchase(nil), "request_time", "2026-11-21 09:34:03")),
		invalid("request_time is not a real date", "PTL06", "request_time", set(purchase(nil), "request_time", "20261341093403")),
		invalid("environment unknown", "PTL05", "environment", set(purchase(nil), "environment", "staging")),
		invalid("tran_id with characters PayWay rejects", "PTL05", "params.tran_id", purchase(map[string]any{"tran_id": "T 1/2"})),
		invalid("tran_id longer than 20", "PTL05", "params.tran_id", purchase(map[string]any{"tran_id": strings.Repeat("T", 21)})),
		invalid("tran_id as a JSON number", "PTL05", "params.tran_id", purchase(map[string]any{"tran_id": 1001})),
		invalid("leading white space (the gateway trims before hashing)", "PTL05", "params.firstname", purchase(map[string]any{"firstname": " Sokha"})),
		invalid("control character in a hashed field", "PTL05", "params.lastname", purchase(map[string]any{"lastname": "Chan\u0000"})),
		invalid("merchant_id longer than the operation allows", "PTL05", "credentials.merchant_id", creds(purchase(nil), "merchant_id", strings.Repeat("m", 31))),
		invalid("merchant_id with a trailing space (hashed text; the gateway trims it)", "PTL05", "credentials.merchant_id", creds(purchase(nil), "merchant_id", "ec000002 ")),
		invalid("merchant_id with a line break", "PTL05", "credentials.merchant_id", creds(purchase(nil), "merchant_id", "ec000002\n")),
		invalid("firstname longer than 100", "PTL05", "params.firstname", purchase(map[string]any{"firstname": strings.Repeat("ស", 101)})),
		invalid("value outside the enum", "PTL05", "params.payment_option", purchase(map[string]any{"payment_option": "visa"})),
		invalid("currency outside KHR/USD", "PTL05", "params.currency", purchase(map[string]any{"currency": "EUR"})),
		invalid("email without @", "PTL05", "params.email", purchase(map[string]any{"email": "sokha.example.com"})),
		invalid("return_url already base64 (paysign encodes it)", "PTL05", "params.return_url", purchase(map[string]any{"return_url": "aHR0cHM6Ly9zaG9wLmV4YW1wbGUuY29t"})),
		invalid("items given as a string instead of an array", "PTL05", "params.items", purchase(map[string]any{"items": "W3sibmFtZSI6IngifV0="})),
		invalid("items entry is not an object", "PTL05", "params.items", purchase(map[string]any{"items": []any{"latte"}})),
		invalid("items longer than 500 characters as sent", "PTL05", "params.items", purchase(map[string]any{"items": tooManyItemsLong()})),
		invalid("QR with more than 10 items", "PTL05", "params.items", qr(map[string]any{"items": tooManyItems})),
		invalid("custom_fields as an array instead of an object", "PTL05", "params.custom_fields", purchase(map[string]any{"custom_fields": []any{map[string]any{"a": "b"}}})),
		invalid("lifetime below 3 minutes", "PTL05", "params.lifetime", purchase(map[string]any{"lifetime": 2})),
		invalid("lifetime with a leading zero", "PTL05", "params.lifetime", purchase(map[string]any{"lifetime": "030"})),
		invalid("ctid shorter than 5", "PTL05", "params.ctid", signInput("remove_token", map[string]any{"ctid": "C1", "pwt": "P1"}, "")),
		invalid("transaction list date in another format", "PTL05", "params.from_date", signInput("transaction_list", map[string]any{"from_date": "2026-11-20"}, "")),
		invalid("unknown parameter (a typo)", "malformed_request", "params.tran_Id", purchase(map[string]any{"tran_Id": "T1"})),
		invalid("params is not an object", "malformed_request", "params", set(purchase(nil), "params", []any{"T1"})),
		invalid("unknown top-level member", "malformed_request", "request_tim", set(purchase(nil), "request_tim", testTime)),
		invalid("USD amount with 3 decimals", "PTL186", "params.amount", purchase(map[string]any{"amount": "1.505"})),
		invalid("KHR amount with decimals", "PTL186", "params.amount", purchase(map[string]any{"amount": "100.50", "currency": "KHR"})),
		invalid("negative amount", "PTL186", "params.amount", purchase(map[string]any{"amount": "-1.00"})),
		invalid("amount with a thousands separator", "PTL186", "params.amount", purchase(map[string]any{"amount": "1,000.00"})),
		invalid("refund amount with 3 decimals", "PTL186", "params.refund_amount", signInput("refund", map[string]any{"tran_id": "T1", "refund_amount": "0.015"}, pub1024)),
		invalid("zero amount", "PTL187", "params.amount", purchase(map[string]any{"amount": "0.00"})),
		invalid("KHR amount below 100", "PTL187", "params.amount", purchase(map[string]any{"amount": "99", "currency": "KHR"})),
		rawInvalid("amount as a JSON number with an exponent", "PTL186", "params.amount", rawPurchase("1e2")),
		rawInvalid("amount as a JSON number with 3 decimals", "PTL186", "params.amount", rawPurchase("10.005")),
		rawInvalid("amount as a negative JSON number", "PTL186", "params.amount", rawPurchase("-5")),
		invalid("RSA key is a private key", "invalid_key", "credentials.rsa_public_key", refund(priv1024)),
		invalid("RSA key of 512 bits", "invalid_key", "credentials.rsa_public_key", refund(testvectors.Key("rsa512_TEST_ONLY_public.pem"))),
		invalid("EC key instead of RSA", "invalid_key", "credentials.rsa_public_key", refund(testvectors.Key("ec256_TEST_ONLY_public.pem"))),
		invalid("garbage PEM", "invalid_key", "credentials.rsa_public_key", refund("-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----\n")),
		invalid("PEM without an END line", "invalid_key", "credentials.rsa_public_key", refund(strings.Split(pub1024, "-----END")[0])),
		invalid("payout with 11 beneficiaries", "PTL05", "params.beneficiaries", signInput("payout", map[string]any{"tran_id": "T1", "amount": "1.00", "currency": "USD", "beneficiaries": tooManyItems}, pub1024)),
		invalid("beneficiary status outside 0/1", "PTL05", "params.status", signInput("update_beneficiary_status", map[string]any{"payee": "000133879", "status": 2}, pub1024)),
	}
}

// changed applies changes to params (a nil value deletes the member) and
// returns params.
func changed(params, changes map[string]any) map[string]any {
	for k, v := range changes {
		if v == nil {
			delete(params, k)
		} else {
			params[k] = v
		}
	}
	return params
}

func tooManyItemsLong() []any {
	items := make([]any, 8)
	for i := range items {
		items[i] = map[string]any{"name": fmt.Sprintf("A fairly long item name number %d", i), "quantity": 1, "price": "1.00"}
	}
	return items
}

// verifyTests: the gateway side rejecting what it should.
func verifyTests() []*test {
	env := call("payway.sign", mustJSON(signInput("check_transaction", map[string]any{"tran_id": "T3001"}, "")))
	var signed struct {
		Fields [][2]string `json:"fields"`
	}
	if err := json.Unmarshal(env.Value, &signed); err != nil {
		log.Fatal(err)
	}
	fields := func() map[string]string {
		m := map[string]string{}
		for _, f := range signed.Fields {
			m[f[0]] = f[1]
		}
		return m
	}
	in := func(op, priv string, f map[string]string) map[string]any {
		creds := map[string]any{"api_key": testAPIKey}
		if priv != "" {
			creds["rsa_private_key"] = priv
		}
		return map[string]any{"operation": op, "credentials": creds, "fields": f}
	}
	tampered := fields()
	tampered["tran_id"] = "T3002"
	swapped := fields()
	rehash([]string{"merchant_id", "req_time", "tran_id"}, "base64", swapped)
	noHash := fields()
	delete(noHash, "hash")

	// A refund with a fixed ciphertext, then broken in several ways.
	refund := func(plaintext string, priv string, pubName string) map[string]string {
		pub := mustPub(pubName)
		f := map[string]string{"request_time": testTime, "merchant_id": testMerchant,
			"merchant_auth": base64.StdEncoding.EncodeToString(encryptSeeded(pub, []byte(plaintext), plaintext))}
		rehash([]string{"request_time", "merchant_id", "merchant_auth"}, "base64", f)
		return f
	}
	good := `{"mc_id":"ec000002","tran_id":"T1","refund_amount":"1.50"}`
	otherMerchant := refund(`{"mc_id":"ec000009","tran_id":"T1","refund_amount":"1.50"}`, priv1024, "rsa1024_TEST_ONLY_public.pem")
	truncated := refund(good, priv1024, "rsa1024_TEST_ONLY_public.pem")
	ct, _ := base64.StdEncoding.DecodeString(truncated["merchant_auth"])
	truncated["merchant_auth"] = base64.StdEncoding.EncodeToString(ct[:len(ct)-1])
	rehash([]string{"request_time", "merchant_id", "merchant_auth"}, "base64", truncated)
	notBase64 := refund(good, priv1024, "rsa1024_TEST_ONLY_public.pem")
	notBase64["merchant_auth"] = "not*base64"
	rehash([]string{"request_time", "merchant_id", "merchant_auth"}, "base64", notBase64)

	t := func(comment, code, field string, input map[string]any, flags ...string) *test {
		return &test{Comment: comment, Flags: append([]string{"Tampered"}, flags...), Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	return []*test{
		{Comment: "check transaction as received (no encrypted field)", Flags: []string{"GatewaySample"}, Input: in("check_transaction", "", fields()), Result: "valid"},
		t("tran_id changed after signing", "PTL02", "fields.hash", in("check_transaction", "", tampered)),
		t("hash over a swapped field order", "PTL02", "fields.hash", in("check_transaction", "", swapped)),
		t("hash not received", "PTL04", "fields.hash", in("check_transaction", "", noHash)),
		t("refund decrypted with the wrong private key", "decryption_failed", "fields.merchant_auth", in("refund", priv2048, refund(good, priv1024, "rsa1024_TEST_ONLY_public.pem"))),
		t("refund ciphertext truncated by one byte", "decryption_failed", "fields.merchant_auth", in("refund", priv1024, truncated)),
		t("merchant_auth not base64", "PTL05", "fields.merchant_auth", in("refund", priv1024, notBase64)),
		t("merchant_auth names another merchant", "PTL62", "fields.merchant_auth", in("refund", priv1024, otherMerchant)),
		t("refund verified without a private key", "PTL04", "credentials.rsa_private_key", in("refund", "", refund(good, priv1024, "rsa1024_TEST_ONLY_public.pem"))),
		t("public key where the private key belongs", "invalid_key", "credentials.rsa_private_key", in("refund", pub1024, refund(good, priv1024, "rsa1024_TEST_ONLY_public.pem")), "Hostile"),
	}
}
