package main

// clearsettleFile: clearsettle.refund and clearsettle.decode_response. The
// PHP oracle recomputes every minor-unit amount with string arithmetic and
// its own ISO 4217 table, and checks the full-refund rule and redaction.
func clearsettleFile() *file {
	const key = "TEST_ONLY_4d41d21a935f5bba9dee7c"
	refund := func(domain, env string, params map[string]any) map[string]any {
		in := map[string]any{"credentials": map[string]any{"api_key": key}, "domain": domain, "params": params}
		if env != "" {
			in["environment"] = env
		}
		return in
	}
	p := func(amount, currency string) map[string]any {
		m := map[string]any{"transaction_id": "529-1438673740-2", "reference_no": "1-1386413490-0089-14"}
		if amount != "" {
			m["amount"] = amount
		}
		if currency != "" {
			m["currency"] = currency
		}
		return m
	}
	valid := func(comment string, flags []string, input map[string]any) *test {
		return &test{Comment: comment, Flags: flags, Input: input, Result: "valid"}
	}
	invalid := func(comment string, input map[string]any, code, field string) *test {
		return &test{Comment: comment, Flags: []string{"Validation"}, Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	decode := func(comment string, body string) *test {
		return &test{Comment: comment, Flags: []string{"Response"}, Op: "clearsettle.decode_response", Input: map[string]any{"body": body}, Result: "valid"}
	}
	decodeBad := func(comment string, body, field string) *test {
		return &test{Comment: comment, Flags: []string{"Response"}, Op: "clearsettle.decode_response", Input: map[string]any{"body": body}, Result: "invalid", ErrorCode: "body_malformed", ErrorField: field}
	}
	rawNumber := `{"credentials":{"api_key":"` + key + `"},"domain":"example-psp.com","params":{"transaction_id":"529-1438673740-2","reference_no":"1-1386413490-0089-14","amount":0.29,"currency":"EUR"}}`
	return &file{
		Op:          "clearsettle.refund",
		Description: "ClearSettle-platform /pw/v3 refund: API key in the body, amounts in integer minor units from decimal strings with ISO 4217 exponents (never through a float), full refund omits amount and currency, host from domain + environment, redacted body for logs; and the response decoder (code as string or number).",
		Notes: map[string]string{
			"GatewaySample": "the platform documentation's example",
			"MinorUnits":    "decimal string to integer minor units with the currency's ISO 4217 exponent",
			"FloatPitfall":  "an amount a float conversion gets wrong by one cent (Double * 100 → intValue)",
			"FullRefund":    "no amount and no currency: a full refund",
			"Host":          "the host is configuration: testapi.<domain> or api.<domain>",
			"Response":      "clearsettle.decode_response",
			"Validation":    "one invalid case per rule",
		},
		Tests: []*test{
			valid("partial refund 19.99 EUR is 1999", []string{"GatewaySample", "MinorUnits", "FloatPitfall"}, refund("example-psp.com", "test", p("19.99", "EUR"))),
			valid("full refund omits amount and currency", []string{"GatewaySample", "FullRefund"}, refund("example-psp.com", "", p("", ""))),
			valid("live host", []string{"Host", "FullRefund"}, refund("openpaydpsp.com", "live", p("", ""))),
			valid("15.50 USD is 1550", []string{"MinorUnits"}, refund("example-psp.com", "", p("15.50", "USD"))),
			valid("15.5 USD is 1550", []string{"MinorUnits"}, refund("example-psp.com", "", p("15.5", "USD"))),
			valid("79.10 GBP is 7910", []string{"MinorUnits", "FloatPitfall"}, refund("example-psp.com", "", p("79.10", "GBP"))),
			valid("1.15 EUR is 115", []string{"MinorUnits", "FloatPitfall"}, refund("example-psp.com", "", p("1.15", "EUR"))),
			valid("4.35 EUR is 435", []string{"MinorUnits", "FloatPitfall"}, refund("example-psp.com", "", p("4.35", "EUR"))),
			{Comment: "0.29 EUR given as a JSON number is 29", Flags: []string{"MinorUnits", "FloatPitfall"}, InputRaw: str(rawNumber), Result: "valid"},
			valid("1000 JPY (exponent 0) is 1000", []string{"MinorUnits"}, refund("example-psp.com", "", p("1000", "JPY"))),
			valid("1000.00 KRW (exponent 0, zero decimals allowed) is 1000", []string{"MinorUnits"}, refund("example-psp.com", "", p("1000.00", "KRW"))),
			valid("1.234 KWD (exponent 3) is 1234", []string{"MinorUnits"}, refund("example-psp.com", "", p("1.234", "KWD"))),
			valid("5 BHD (exponent 3) is 5000", []string{"MinorUnits"}, refund("example-psp.com", "", p("5", "BHD"))),
			valid("0.001 OMR is 1", []string{"MinorUnits"}, refund("example-psp.com", "", p("0.001", "OMR"))),
			valid("100 KHR (ISO exponent 2) is 10000", []string{"MinorUnits"}, refund("example-psp.com", "", p("100", "KHR"))),
			valid("999999999999999.99 EUR stays exact", []string{"MinorUnits", "FloatPitfall"}, refund("example-psp.com", "", p("999999999999999.99", "EUR"))),
			valid("reference with quote, slash and ü (JSON-escaped)", []string{"GatewaySample"}, refund("example-psp.com", "", map[string]any{"transaction_id": "529-1438673740-2", "reference_no": `R"1/ü`})),
			invalid("API key missing", map[string]any{"credentials": map[string]any{}, "domain": "example-psp.com", "params": p("", "")}, "PTL04", "credentials.api_key"),
			invalid("domain missing", refund("", "", p("", "")), "PTL04", "domain"),
			invalid("domain with scheme", refund("https://example-psp.com", "", p("", "")), "PTL05", "domain"),
			invalid("domain with path", refund("example-psp.com/pw", "", p("", "")), "PTL05", "domain"),
			invalid("domain already has the api. prefix", refund("api.example-psp.com", "", p("", "")), "PTL05", "domain"),
			invalid("environment not test or live", refund("example-psp.com", "sandbox", p("", "")), "PTL05", "environment"),
			invalid("transaction id missing", refund("example-psp.com", "", map[string]any{"reference_no": "1"}), "PTL04", "params.transaction_id"),
			invalid("reference no longer than 32 characters", refund("example-psp.com", "", map[string]any{"transaction_id": "1", "reference_no": "123456789012345678901234567890123"}), "PTL05", "params.reference_no"),
			invalid("amount without currency", refund("example-psp.com", "", p("19.99", "")), "PTL04", "params.currency"),
			invalid("currency without amount", refund("example-psp.com", "", p("", "EUR")), "PTL04", "params.amount"),
			invalid("19.999 EUR has too many decimals", refund("example-psp.com", "", p("19.999", "EUR")), "PTL186", "params.amount"),
			invalid("1.5 JPY has decimals JPY lacks", refund("example-psp.com", "", p("1.5", "JPY")), "PTL186", "params.amount"),
			invalid("amount with an exponent", refund("example-psp.com", "", p("1e3", "EUR")), "PTL186", "params.amount"),
			invalid("negative amount", refund("example-psp.com", "", p("-1.00", "EUR")), "PTL186", "params.amount"),
			invalid("amount zero", refund("example-psp.com", "", p("0.00", "EUR")), "PTL187", "params.amount"),
			invalid("currency in lower case", refund("example-psp.com", "", p("1.00", "eur")), "PTL05", "params.currency"),
			invalid("currency not in the ISO 4217 table", refund("example-psp.com", "", p("1.00", "ABC")), "unknown_currency", "params.currency"),
			invalid("amount as a boolean", refund("example-psp.com", "", map[string]any{"transaction_id": "1", "reference_no": "1", "amount": true, "currency": "EUR"}), "PTL186", "params.amount"),
			decode("approved, code as the string \"00\"", `{"code":"00","status":"APPROVED","message":"Approved","transactionId":"12345-1234567890-123","referenceNo":"123456","amount":"1234","currency":"EUR","date":1476187198,"isLive":false}`),
			decode("declined, code as the number 32", `{"code":32,"status":"DECLINED","message":"Already refunded","transactionId":"12345-1234567890-123","referenceNo":"123456","amount":"1234","currency":"EUR","date":1476187472}`),
			decode("amount as a number, KWD, unknown member ignored", `{"code":"00","status":"APPROVED","message":"Approved","amount":1234,"currency":"KWD","extra":{"x":1}}`),
			decode("code as the number 0", `{"code":0,"status":"APPROVED","message":"Approved"}`),
			decodeBad("code missing", `{"status":"APPROVED"}`, "body.code"),
			decodeBad("code a float", `{"code":0.5,"status":"APPROVED"}`, "body.code"),
			decodeBad("amount not an integer", `{"code":"00","amount":"12.34"}`, "body.amount"),
			decodeBad("not JSON", `<html>502</html>`, "body"),
		},
	}
}
