package paywayhttp_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
)

// Testing a callback handler: payway.SignCallback makes the header PayWay
// sends, as Stripe's generateTestHeaderString does for Stripe webhooks.
func ExampleClient_CallbackHandler() {
	client := &paywayhttp.Client{Credentials: payway.Credentials{MerchantID: "ec000002", APIKey: "TEST_ONLY_api_key"}}
	handler := client.CallbackHandler(func(w http.ResponseWriter, r *http.Request, cb *paywayhttp.Callback) {
		// Confirm with check_transaction before fulfilling the order.
		fmt.Println("pushback for", cb.TranID, "status", cb.Status)
	})

	body := []byte(`{"tran_id":"ORDER-1001","apv":"123456","status":"0","return_params":"","merchant_ref":""}`)
	signature, err := payway.SignCallback(body, "TEST_ONLY_api_key")
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/payway/pushback", bytes.NewReader(body))
	req.Header.Set(payway.CallbackHeader, signature)
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)

	forged := httptest.NewRequest(http.MethodPost, "/payway/pushback", bytes.NewReader(body))
	forged.Header.Set(payway.CallbackHeader, "bm90IGEgc2lnbmF0dXJl")
	rec2 := httptest.NewRecorder()
	handler.ServeHTTP(rec2, forged)
	fmt.Println(rec2.Code)
	// Output:
	// pushback for ORDER-1001 status 0
	// 401
}
