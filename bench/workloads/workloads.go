// Package workloads holds the requests `make bench` signs in every runtime
// (W1–W5), each as the call envelope request every runtime sends and as
// the equivalent Go API request. core/abi's Go benchmarks and bench/go use
// it; bench/go -emit-workloads writes the envelopes for the other runtimes,
// so every runtime signs the same bytes.
package workloads

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

// APIKey and Time are fixed so every runtime hashes the same input.
const (
	APIKey = "TEST_ONLY_bench_api_key"
	Time   = "20261121093403"
)

// Workload is one benchmark request.
type Workload struct {
	Name string
	Op   string // payway.sign or bbmsl.sign
	RSA  bool   // RSA in the request (merchant_auth or a signature)
	// Request is the call envelope request (JSON), with the credentials
	// inline; Credentials is that credentials object, and RequestWith
	// builds the request with another one, such as {"handle":N} of a
	// credentials handle opened with Credentials.
	Request     []byte
	Credentials string
	request     func(credentials string) []byte
	// PayWay or BBMSL is the same request for the Go API.
	PayWay *payway.Request
	BBMSL  *bbmsl.Request
}

// All returns W1–W5: W1 check_transaction (HMAC only), W2 refund (RSA-1024,
// one block), W3 purchase with 5 items and every URL, W4 a payment link
// whose merchant_auth needs 3 blocks, W5 a BBMSL refund (RSA-2048
// signature).
func All() []*Workload {
	pubPEM := testvectors.Key("rsa1024_TEST_ONLY_public.pem")
	privPEM := testvectors.Key("rsa2048_TEST_ONLY_private.pem")
	pub, err := core.ParsePublicKey(pubPEM)
	if err != nil {
		panic(err)
	}
	priv, err := core.ParsePrivateKey(privPEM)
	if err != nil {
		panic(err)
	}
	when, err := time.Parse("20060102150405", Time) // UTC: the layout names no zone
	if err != nil {
		panic(err)
	}
	creds := payway.Credentials{MerchantID: "ec000002", APIKey: APIKey, RSAPublicKey: pub}
	credsJSON := `{"merchant_id":"ec000002","api_key":"` + APIKey + `","rsa_public_key":` + quote(pubPEM) + `}`
	envelope := func(operation, params string) func(string) []byte {
		return func(credentials string) []byte {
			return []byte(`{"operation":"` + operation + `","credentials":` + credentials + `,"params":` + params + `,"request_time":"` + Time + `"}`)
		}
	}
	items := make([]payway.Item, 5)
	itemsJSON := "["
	for i := range items {
		items[i] = payway.Item{Name: "Item", Quantity: 1, Price: "2.00"}
		if i > 0 {
			itemsJSON += ","
		}
		itemsJSON += `{"name":"Item","quantity":1,"price":"2.00"}`
	}
	itemsJSON += "]"
	bbmslCreds := `{"merchant_id":"3","private_key":` + quote(privPEM) + `}`
	all := []*Workload{
		{Name: "W1_check_transaction", Op: "payway.sign",
			request: envelope("check_transaction", `{"tran_id":"T1001"}`),
			PayWay:  &payway.Request{Operation: "check_transaction", Credentials: creds, RequestTime: when, Params: payway.Params{"tran_id": "T1001"}}},
		{Name: "W2_refund", Op: "payway.sign", RSA: true,
			request: envelope("refund", `{"tran_id":"T1001","refund_amount":"1.50"}`),
			PayWay:  &payway.Request{Operation: "refund", Credentials: creds, RequestTime: when, Params: payway.Params{"tran_id": "T1001", "refund_amount": "1.50"}}},
		{Name: "W3_purchase", Op: "payway.sign",
			request: envelope("purchase", `{"tran_id":"T1001","amount":"10.00","currency":"USD","items":`+itemsJSON+
				`,"return_url":"https://shop.example.com/pushback?o=1","cancel_url":"https://shop.example.com/cart","continue_success_url":"https://shop.example.com/thanks"}`),
			PayWay: &payway.Request{Operation: "purchase", Credentials: creds, RequestTime: when, Params: payway.Params{
				"tran_id": "T1001", "amount": "10.00", "currency": "USD", "items": items,
				"return_url": "https://shop.example.com/pushback?o=1", "cancel_url": "https://shop.example.com/cart", "continue_success_url": "https://shop.example.com/thanks"}}},
		{Name: "W4_payment_link", Op: "payway.sign", RSA: true,
			request: envelope("create_payment_link", `{"title":"A payment link with a long title for three RSA blocks","amount":"25.00","currency":"USD",`+
				`"description":"Single-origin Mondulkiri coffee beans, roasted in Phnom Penh, 1 kg bag, shipped nationwide",`+
				`"expired_date":1795000000,"return_url":"https://shop.example.com/links/return?id=42","merchant_ref_no":"INV-2026-1001"}`),
			PayWay: &payway.Request{Operation: "create_payment_link", Credentials: creds, RequestTime: when, Params: payway.Params{
				"title": "A payment link with a long title for three RSA blocks", "amount": "25.00", "currency": "USD",
				"description":  "Single-origin Mondulkiri coffee beans, roasted in Phnom Penh, 1 kg bag, shipped nationwide",
				"expired_date": 1795000000, "return_url": "https://shop.example.com/links/return?id=42", "merchant_ref_no": "INV-2026-1001"}}},
		{Name: "W5_bbmsl_refund", Op: "bbmsl.sign", RSA: true,
			request: func(credentials string) []byte {
				return []byte(`{"operation":"refund","credentials":` + credentials + `,"params":{"order_id":"4922","amount":"10.00"}}`)
			},
			BBMSL: &bbmsl.Request{Credentials: bbmsl.Credentials{MerchantID: "3", PrivateKey: priv}, Operation: &bbmsl.Refund{OrderID: 4922, Amount: "10.00"}}},
	}
	for _, w := range all {
		w.Credentials = credsJSON
		if w.BBMSL != nil {
			w.Credentials = bbmslCreds
		}
		w.Request = w.request(w.Credentials)
	}
	return all
}

// RequestWith returns the request with credentials (a JSON object) in place
// of the inline ones.
func (w *Workload) RequestWith(credentials string) []byte { return w.request(credentials) }

// HandleRequest opens a credentials handle for w's credentials
// (paysign.open_credentials) and returns the request that uses it, as the
// bindings' helper objects send it.
func (w *Workload) HandleRequest() ([]byte, error) {
	resp, status := abi.Call("paysign.open_credentials", []byte(`{"credentials":`+w.Credentials+`}`))
	var opened struct{ Value struct{ Handle int64 } }
	if status != abi.StatusOK || json.Unmarshal(resp, &opened) != nil || opened.Value.Handle == 0 {
		return nil, fmt.Errorf("open_credentials: %s", resp)
	}
	return w.RequestWith(`{"handle":` + strconv.FormatInt(opened.Value.Handle, 10) + `}`), nil
}

// quote writes s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
