package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paysign/paysign/core/payway"
)

// paywayResponseFile: payway.decode_response. The documented answers of
// each endpoint family, then one vector per entry of the response code
// table; testvectors/oracle/responses.php checks every category, retryable
// flag, payment status and value against its own transcription of the
// table, and that the table vectors cover exactly the codes it lists.
func paywayResponseFile() *file {
	in := func(op string, status int, body string) map[string]any {
		return map[string]any{"operation": op, "http_status": status, "body": body}
	}
	valid := func(comment string, flags []string, op string, status int, body string) *test {
		return &test{Comment: comment, Flags: flags, Input: in(op, status, body), Result: "valid"}
	}
	invalid := func(comment string, flags []string, input any, code, field string) *test {
		return &test{Comment: comment, Flags: flags, Input: input, Result: "invalid", ErrorCode: code, ErrorField: field}
	}
	check := `{"data":{"payment_status_code":0,"total_amount":0.1,"original_amount":0.1,"refund_amount":0,"discount_amount":0,"payment_amount":0.1,"payment_currency":"USD","apv":"183924","payment_status":"APPROVED","transaction_date":"2025-02-13 13:56:10"},"status":{"code":"00","message":"Success!","tran_id":"17394277693"}}`
	tests := []*test{
		valid("check transaction, documented answer (APPROVED)", []string{"GatewaySample"}, "check_transaction", 200, check),
		valid("check transaction, PENDING, codes as strings", []string{"GatewaySample", "CodeForm"}, "check_transaction", 200, `{"data":{"payment_status_code":"2","payment_status":"PENDING"},"status":{"code":"00","message":"Success!"}}`),
		valid("check transaction, a new transaction answers code 6 for a few seconds", []string{"Sandbox"}, "check_transaction", 200, `{"status":{"code":"6","message":"Transaction not found."}}`),
		valid("refund, documented answer", []string{"GatewaySample"}, "refund", 200, `{"grand_total":"1.5","total_refunded":"0.09","currency":"USD","transaction_status":"REFUNDED","status":{"code":"00","message":"Success!"}}`),
		valid("refund beyond the paid amount: PTL37", []string{"GatewaySample"}, "refund", 200, `{"status":{"code":"PTL37","message":"Refund amount is over original amount"}}`),
		valid("refund, concurrent request: PTL168 (retry is safe)", []string{"Retry"}, "refund", 403, `{"status":{"code":"PTL168","message":"Concurrent request is not allowed"}}`),
		valid("refund, HTML 502 from a proxy: never retried", []string{"Retry", "NotJSON"}, "refund", 502, "<html><body>502 Bad Gateway</body></html>"),
		valid("transaction detail, HTML 502: a query may be retried", []string{"Retry", "NotJSON"}, "transaction_detail", 502, "<html><body>502 Bad Gateway</body></html>"),
		valid("transaction detail, rate limit: HTTP 403 with status.code 429 as a number", []string{"Sandbox", "Retry", "CodeForm"}, "transaction_detail", 403, `{"status":{"code":429,"message":"Too Many Attempts."}}`),
		valid("purchase, duplicated tran_id: code 4 as a number", []string{"GatewaySample", "CodeForm"}, "purchase", 200, `{"status":{"code":4,"message":"Duplicated transaction ID."}}`),
		valid("purchase with payment_gate=0: the hosted page (not JSON)", []string{"NotJSON"}, "purchase", 200, "<!DOCTYPE html>\n<html><head><title>PayWay</title></head><body>Checkout</body></html>"),
		valid("purchase, JSON answer for abapay_khqr_deeplink", []string{"GatewaySample"}, "purchase", 200, `{"status":{"code":"00","message":"Success!","tran_id":"T1001"},"qr_string":"00020101021230510016abaakhppxxx","abapay_deeplink":"abamobilebank://ababank.com?type=payway","checkout_qr_url":"https://checkout-sandbox.payway.com.kh/checkout/qr"}`),
		valid("QR API, code \"0\"", []string{"GatewaySample"}, "generate_qr", 200, `{"amount":"0.01","qr_string":"000201010212","qr_image":"data:image/png;base64,iVBOR","status":{"code":"0","message":"Success!","tran_id":"T1002"}}`),
		valid("close transaction of a paid one: HTTP 403 code 2", []string{"Sandbox"}, "close_transaction", 403, `{"status":{"code":"2","message":"Transaction could not be closed."}}`),
		valid("payment link detail, documented answer", []string{"GatewaySample"}, "payment_link_detail", 200, `{"data":{"id":"iN4sbkzbwOCx5VzdXTYsCw==","title":"Test curl 001","image":{"image":"","filename":"","size":0},"amount":0.02,"currency":"USD","status":"OPEN","description":"Payment link created from curl","payment_limit":5,"total_amount":0,"total_trxn":0,"created_at":"2022-08-17 11:31:43","updated_at":"2022-08-17 11:31:43","expired_date":1660710702,"pushback_url":"https://domain.com","payment_link":"https://dpayment-euat.payway.com.kh/UA10736"},"status":{"code":"00","message":"Success!"},"tran_id":"20220817063142"}`),
		valid("transaction list, documented answer (the page's 21-member row)", []string{"GatewaySample", "Numbers"}, "transaction_list", 200, `{"data":[{"transaction_id":"9495966779","transaction_date":"2025-10-08 09:55:15","original_currency":"USD","bank_ref":"","apv":"","discount_amount":0,"payment_status":"PENDING","payment_amount":0,"last_name":"","payment_currency":"","payment_type":"N/A","payer_account":"","total_amount":0.01,"phone":"010417430","original_amount":0.01,"payment_status_code":2,"bank_name":"","refund_amount":0,"first_name":"","email":"john@example.com","card_source":""}],"pagination":"10","page":"1","status":{"code":"00","tran_id":"163172901816084","message":"Success!"}}`),
		valid("transaction detail, the page's members with an operation history", []string{"GatewaySample", "Numbers"}, "transaction_detail", 200, `{"data":{"transaction_id":"17394277693","payment_status_code":4,"payment_status":"REFUNDED","original_amount":10,"original_currency":"USD","payment_amount":10,"payment_currency":"USD","total_amount":10,"refund_amount":1.5,"discount_amount":0,"apv":"753786","transaction_date":"2025-02-13 13:55:25","first_name":"","last_name":"","email":"","phone":"","bank_ref":"FT00753786","payment_type":"ABA Pay","payer_account":"xxxxx1234","bank_name":"ABA Bank","card_source":"","transaction_operations":[{"status":"Completed","amount":10,"transaction_date":"2025-02-13 13:55:40","bank_ref":"FT00753786"},{"status":"Refunded","amount":1.5,"transaction_date":"2025-02-13 14:01:02","bank_ref":""}]},"status":{"code":"00","message":"Success!","tran_id":"17394277693"}}`),
		valid("QR API, documented answer", []string{"GatewaySample", "Numbers"}, "generate_qr", 200, `{"status":{"code":"0","message":"Success","trace_id":"abc-123-def"},"amount":1.00,"currency":"USD","qrString":"00020101021229","qrImage":"data:image/png;base64,","abapay_deeplink":"abamobilebank://ababank.com?type=payway&qrcode=","app_store":"https://apps.apple.com/kh/app/aba-mobile/id","play_store":"https://play.google.com/store/apps/details?id="}`),
		valid("create payment link, documented answer (amounts written as strings and numbers)", []string{"GatewaySample", "Numbers"}, "create_payment_link", 200, `{"data":{"id":"UD/8Hl***Ht1xQdhlw==","title":"Test curl 001","image":{"image":"","filename":"","size":0},"amount":"0.03","currency":"USD","status":"OPEN","description":"Payment link created from curl","payment_limit":5,"total_amount_org":0,"total_refund":0,"total_amount":0,"total_trxn":0,"created_at":"2023-04-13 03:43:30","updated_at":"2023-04-13 03:43:30","expired_date":1681357409,"return_url":"https://domain.com","merchant_ref_no":"ref00001","outlet_id":"xknY***QfbOCJA==","outlet_name":"Book Store","payment_link":"https://dpayment-euat.payway.com.kh/JT4630l"},"payout":[{"acc":"000***222","amt":"0.01","acc_name":"Red cafe online"},{"acc":"122***425","amt":0.02,"acc_name":"Red Cafe 02 by K.S"}],"status":{"code":"00","message":"Success!"},"tran_id":1681357410}`),
		valid("complete pre-auth, documented answer", []string{"GatewaySample", "Numbers"}, "pre_auth_completion", 200, `{"grand_total":100.00,"currency":"USD","transaction_status":"COMPLETED","status":{"code":"00","message":"Transaction successful"}}`),
		valid("payout, the page's members", []string{"GatewaySample", "Numbers"}, "payout", 200, `{"transaction_id":"A17259584044451","transaction_date":"2024-08-23 10:35:55","external_reference":"FT2423600001","apv":"123456","transaction_amount":300,"transaction_currency":"USD","beneficiaries":[{"payout_id":"1","name":"Sample Outlet","mid_acccount":"200030000","amount":100,"currency":"USD"},{"payout_id":"2","name":"Store Name","mid_acccount":"012538302","amount":200,"currency":"USD"}],"status":{"code":"00","message":"Success!","tran_id":"A17259584044451","trace_id":"63f9645fa3bd8678907ed4c038357385"}}`),
		valid("KHQR transactions by merchant ref, documented answer", []string{"GatewaySample", "Numbers"}, "get_transactions_by_mc_ref", 200, `{"data":[{"transaction_id":"","transaction_date":"","apv":"","payment_status":"APPROVED","payment_status_code":0,"original_amount":0,"original_currency":"KHR","total_amount":0,"discount_amount":0,"refund_amount":0,"payment_amount":0,"payment_currency":"KHR","bank_ref":"","payer_account":"","bank_name":"","payment_type":"KHQR","merchant_ref":"17394277693"}],"status":{"code":"00","message":"Success!","merchant_ref":"17394277693"}}`),
		valid("a second void of a payment link: HTTP 403 PTL188", []string{"Sandbox"}, "void_payment_link", 403, `{"status":{"code":"PTL188","message":"Payment link already voided"}}`),
		valid("Credentials on File, wrong hash \"01\"", []string{"GatewaySample", "CodeForm"}, "renew_token", 403, `{"status":{"code":"01","message":"Wrong Hash."}}`),
		valid("Credentials on File, validation \"04\" with errors", []string{"GatewaySample"}, "link_account", 400, `{"status":{"code":"04","message":"The given data was invalid."},"errors":{"ctid":["The ctid field is required."]}}`),
		valid("payout, trailing space in LAM01 (as in the docs)", []string{"CodeForm"}, "payout", 200, `{"status":{"code":"LAM01 ","message":"Daily limit"}}`),
		valid("legacy answer {status:6, description}", []string{"CodeForm"}, "check_transaction", 200, `{"status":6,"description":"Transaction not found"}`),
		valid("an unknown code", []string{"Unknown"}, "refund", 200, `{"status":{"code":"PTL999","message":"Something new"}}`),
		valid("a success code with HTTP 500: the status wins", []string{"Unknown"}, "check_transaction", 500, `{"status":{"code":"00"}}`),
		valid("link_card, an empty 200: not the documented redirect", []string{"NotPayWays", "NotJSON"}, "link_card", 200, ""),
		{Comment: "link_card, the documented 302 to the add-card page", Flags: []string{"Redirect"}, Result: "valid",
			Input: map[string]any{"operation": "link_card", "http_status": 302, "body": "", "location": "https://checkout-sandbox.payway.com.kh/add-card/eyJzdGF0dXMiOnsiY29kZSI6IjAwIn19"}},
		// A Location as it came, with the request's URL: a relative one is
		// resolved against it (RFC 3986, 5.2), an absolute one kept exactly.
		linkCardRedirect("a relative Location, resolved against the request's URL", "/add-card/eyJzdGF0dXMiOnsiY29kZSI6IjAwIn19", linkCardURL),
		linkCardRedirect("a Location that is only a query, resolved against the request's URL (its own query replaced)", "?result=eyJzdGF0dXMiOnsiY29kZSI6IjAwIn19", linkCardURL+"?ref=1"),
		linkCardRedirect("a scheme-relative Location to another host", "//pay.example.test/add-card?x=1", linkCardURL),
		linkCardRedirect("a relative path with a dot segment", "../add-card/2?x=1", linkCardURL),
		linkCardRedirect("an absolute Location is kept byte for byte", "HTTPS://Checkout-Sandbox.PayWay.com.kh/add-card/a+b/c==", linkCardURL),
		linkCardRedirect("a relative Location without the request's URL stays as it came", "/add-card/eyJzdGF0dXMiOnsiY29kZSI6IjAwIn19", ""),
		valid("refund, an empty 200: the outcome is unknown", []string{"NotPayWays", "NotJSON"}, "refund", 200, ""),
		valid("refund, a 204", []string{"NotPayWays", "NotJSON"}, "refund", 204, ""),
		valid("refund, a proxy's HTML page with HTTP 200", []string{"NotPayWays", "NotJSON"}, "refund", 200, "<html><body>Welcome to the guest network</body></html>"),
		valid("refund, JSON without PayWay's code", []string{"NotPayWays"}, "refund", 200, `{"result":"ok"}`),
		{Comment: "payout, a 302 to a login page", Flags: []string{"NotPayWays", "NotJSON", "Redirect"}, Result: "valid",
			Input: map[string]any{"operation": "payout", "http_status": 302, "body": "<html>login</html>", "location": "https://sso.example/login", "content_type": "text/html"}},
		valid("refund, a 307 with a success body: a redirect refund does not document", []string{"NotPayWays", "Redirect"}, "refund", 307, `{"status":{"code":"00"}}`),
		valid("refund, HTML with HTTP 400", []string{"NotPayWays", "NotJSON"}, "refund", 400, "<html>Bad Request</html>"),
		valid("refund, truncated JSON with HTTP 403", []string{"NotPayWays", "NotJSON"}, "refund", 403, `{"status":{"code":"PTL02"`),
		valid("refund, a JSON array", []string{"NotPayWays"}, "refund", 200, `["00"]`),
		valid("refund, a code as a float", []string{"NotPayWays", "CodeForm"}, "refund", 200, `{"status":{"code":0.5}}`),
		valid("check transaction, an empty 200: a query may be sent again", []string{"NotPayWays", "NotJSON"}, "check_transaction", 200, ""),
		valid("refund, whole amounts as numbers (the current docs' type): amounts are always their exact text", []string{"GatewaySample", "Numbers"}, "refund", 200, `{"grand_total":10,"total_refunded":2,"currency":"USD","transaction_status":"REFUNDED","status":{"code":"00","message":"Success!"}}`),
		valid("check transaction, whole amounts and codes as numbers", []string{"GatewaySample", "Numbers"}, "check_transaction", 200, `{"data":{"payment_status_code":0,"total_amount":100,"original_amount":100,"refund_amount":0,"discount_amount":0,"payment_amount":100,"payment_currency":"KHR","apv":"1","payment_status":"APPROVED","transaction_date":"2026-01-02 03:04:05"},"status":{"code":"00","message":"Success!","tran_id":"T9"}}`),
		valid("refund, amounts as numbers: fractions become their exact text", []string{"GatewaySample", "Numbers"}, "refund", 200, `{"grand_total":1.5,"total_refunded":0.09,"currency":"USD","transaction_status":"REFUNDED","count":12,"big":123456789012345678,"exp":1e2,"neg":-0.50,"status":{"code":"00","message":"Success!"}}`),
		invalid("unknown operation", []string{"Validation"}, in("refund_all", 200, `{}`), "unknown_operation", "operation"),
		invalid("http_status missing", []string{"Validation"}, map[string]any{"operation": "refund", "body": "{}"}, "malformed_request", "http_status"),
		invalid("http_status as a string", []string{"Validation"}, map[string]any{"operation": "refund", "http_status": "200", "body": "{}"}, "malformed_request", "http_status"),
		invalid("http_status out of range", []string{"Validation"}, in("refund", 99, "{}"), "malformed_request", "http_status"),
		invalid("unknown request member", []string{"Validation"}, map[string]any{"operation": "refund", "http_status": 200, "body": "{}", "headers": map[string]any{}}, "malformed_request", "headers"),
	}
	tests = append(tests, tableVectors()...)
	return &file{
		Op:          "payway.decode_response",
		Description: "Decoding PayWay's answers: the code wherever the endpoint family puts it (string or number), its meaning, category and whether a retry is safe, per operation, from the response code table; the body as JSON.",
		Notes: map[string]string{
			"GatewaySample": "an answer in the shape of PayWay's documented example",
			"Sandbox":       "an answer the sandbox gives that the docs do not show",
			"CodeForm":      "a code as a number, zero-padded, with spaces, or in a legacy place",
			"Retry":         "retryable: a rate limit or a concurrent request, or a gateway error on a query (never on money-moving operations)",
			"NotJSON":       "a body that is not JSON",
			"NotPayWays":    "an answer without PayWay's code (empty, not JSON, no code, an undocumented redirect): category outcome_unknown, never success; retryable only for a query",
			"Redirect":      "a 3xx: link_card's documented redirect is success, any other is outcome_unknown",
			"Numbers":       "numbers in the answer: an amount is always a string of its exact text; any other number stays a number when it is an integer of up to 15 digits",
			"Unknown":       "a code the table does not list, or a code the HTTP status contradicts",
			"Table":         "one entry of the response code table",
			"Validation":    "a request paysign refuses before decoding",
		},
		Tests: tests,
	}
}

// tableRepresentative is the operation a family-wide code is tried with.
var tableRepresentative = map[string]string{
	payway.FamilyCheckout:       "purchase",
	payway.FamilyMerchantPortal: "refund",
	payway.FamilyCredentials:    "link_account",
	payway.FamilyPayout:         "payout",
	payway.FamilyPaymentStatus:  "check_transaction",
	payway.FamilyHTTP:           "check_transaction",
}

// tableVectors: one answer per table entry, in the code's documented form.
func tableVectors() []*test {
	var tests []*test
	for i, c := range payway.ResponseCodes() {
		op := tableRepresentative[c.Family]
		if len(c.Operations) > 0 {
			op = c.Operations[0]
		}
		status := 403
		switch c.Category {
		case payway.CategorySuccess, payway.CategoryPending:
			status = 200
		case payway.CategoryInvalidRequest:
			status = 400
		}
		var codeJSON string
		switch {
		case c.Code == "0" && c.Family != payway.FamilyCheckout:
			codeJSON = `"00"`
		case c.Family == payway.FamilyCredentials && len(c.Code) == 1:
			codeJSON = `"0` + c.Code + `"`
		case strings.Trim(c.Code, "0123456789") == "" && i%2 == 1:
			codeJSON = c.Code // a JSON number
		default:
			codeJSON = string(mustJSON(c.Code))
		}
		var body string
		switch c.Family {
		case payway.FamilyPaymentStatus:
			status = 200
			name := strings.SplitN(c.Meaning, ":", 2)[0]
			name = strings.Fields(name)[0]
			body = fmt.Sprintf(`{"data":{"payment_status_code":%s,"payment_status":%s},"status":{"code":"00","message":"Success!"}}`, c.Code, string(mustJSON(name)))
		case payway.FamilyHTTP:
			status, _ = strconv.Atoi(c.Code)
			body = `{"message":"from the HTTP layer"}`
		default:
			body = fmt.Sprintf(`{"status":{"code":%s,"message":"as PayWay words it"}}`, codeJSON)
		}
		comment := fmt.Sprintf("table: %s %s (%s)", c.Family, c.Code, op)
		tests = append(tests, &test{Comment: comment, Flags: []string{"Table"}, Input: map[string]any{"operation": op, "http_status": status, "body": body}, Result: "valid"})
	}
	return tests
}

// linkCardURL is where link_card goes in the sandbox.
const linkCardURL = "https://checkout-sandbox.payway.com.kh/api/payment-credential/v3/cof/link-card"

// linkCardRedirect is link_card's documented 302 with location as it came
// and the request's URL (none when url is empty).
func linkCardRedirect(comment, location, url string) *test {
	input := map[string]any{"operation": "link_card", "http_status": 302, "body": "", "location": location}
	if url != "" {
		input["url"] = url
	}
	return &test{Comment: "link_card, " + comment, Flags: []string{"Redirect"}, Result: "valid", Input: input}
}
