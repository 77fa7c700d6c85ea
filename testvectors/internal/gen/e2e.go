package main

import (
	"encoding/json"
	"log"

	"github.com/paysign/paysign/testvectors"
)

// The credentials of paysign mock's bundled TEST-ONLY merchant
// (paywaytest.DefaultMerchantID and DefaultAPIKey): the end-to-end
// requests are sent to the mock, which accepts only them.
const (
	mockMerchant = "ec000002"
	mockAPIKey   = "TEST_ONLY_paysign_mock_api_key_ec000002"
)

type e2eFile struct {
	Schema        string     `json:"schema"`
	Description   string     `json:"description"`
	NumberOfTests int        `json:"number_of_tests"`
	Tests         []*e2eCase `json:"tests"`
}

type e2eCase struct {
	ID           int               `json:"id"`
	Comment      string            `json:"comment"`
	Operation    string            `json:"operation"`
	Credentials  map[string]string `json:"credentials"`
	Params       map[string]any    `json:"params"`
	RequestTime  string            `json:"request_time"`
	ExpectedHash string            `json:"expected_hash"`
}

// e2eFileOf: payway_e2e.json, fixed-time requests of operations without
// RSA encryption, whose hash is therefore fixed. End-to-end tests send each
// with its request_time to the mock and compare the hash the mock received
// with expected_hash: the mock verifies with the same catalogue that
// signed, so only this comparison sees a catalogue error on the send path.
func e2eFileOf() *e2eFile {
	f := &e2eFile{Schema: testvectors.E2ESchema,
		Description: "Fixed-time PayWay requests without RSA encryption, for end-to-end tests of the send path: send each with its request_time to paysign mock and assert that the hash the mock received equals expected_hash. The PHP oracle (testvectors/oracle/payway.php, make test-oracle) recomputes every expected_hash from the inputs with its own transcription of the hash order and PHP's hash_hmac. testvectors/README.md says how to use the file.",
		Tests: []*e2eCase{
			{Comment: "purchase with firstname and lastname set to different values", Operation: "purchase", Params: map[string]any{
				"tran_id": "E2E-PURCHASE-1", "amount": "12.50", "currency": "USD", "firstname": "Sokha", "lastname": "Chan",
				"email": "sokha.chan@example.com", "phone": "012345678",
				"items":      []any{map[string]any{"name": "Iced latte", "quantity": 1, "price": "2.50"}, map[string]any{"name": "Num pang", "quantity": 2, "price": "5.00"}},
				"return_url": "https://shop.example.com/payway/pushback?order=E2E-1", "lifetime": 30}},
			{Comment: "check_transaction of that purchase", Operation: "check_transaction", Params: map[string]any{"tran_id": "E2E-PURCHASE-1"}},
			{Comment: "generate_qr with first_name and last_name set to different values", Operation: "generate_qr", Params: map[string]any{
				"tran_id": "E2E-QR-1", "amount": "1.00", "currency": "USD", "first_name": "Dara", "last_name": "Kim", "purchase_type": "purchase",
				"payment_option": "abapay_khqr", "callback_url": "https://shop.example.com/payway/callback?order=E2E-QR-1", "lifetime": 6,
				"qr_image_template": "template3_color"}},
		}}
	for i, c := range f.Tests {
		c.ID = i + 1
		c.Credentials = map[string]string{"merchant_id": mockMerchant, "api_key": mockAPIKey}
		c.RequestTime = "20261121093403"
		env := call("payway.sign", mustJSON(map[string]any{"operation": c.Operation, "credentials": c.Credentials, "params": c.Params, "request_time": c.RequestTime}))
		var v struct {
			Hash string `json:"hash"`
		}
		if !env.OK || json.Unmarshal(env.Value, &v) != nil || v.Hash == "" {
			log.Fatalf("e2e %q: %+v", c.Comment, env.Error)
		}
		c.ExpectedHash = v.Hash
	}
	f.NumberOfTests = len(f.Tests)
	return f
}
