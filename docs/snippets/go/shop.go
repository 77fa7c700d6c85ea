package main

import (
	"net/http"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
)

// pushbackHandler is the shop's endpoint for PayWay's pushbacks (the URL
// given as return_url). client.CallbackHandler reads at most 1 MiB and
// answers 401 unless the X-PayWay-HMAC-SHA512 header verifies; a valid
// header is evidence, not proof of payment, so the handler confirms with
// check_transaction before it calls fulfil.
func pushbackHandler(client *paywayhttp.Client, fulfil func(tranID string)) http.Handler {
	return client.CallbackHandler(func(w http.ResponseWriter, r *http.Request, cb *paywayhttp.Callback) {
		resp, err := client.Send(r.Context(), "check_transaction", payway.CheckTransaction{TranID: cb.TranID})
		if err != nil {
			http.Error(w, "not confirmed", http.StatusServiceUnavailable) // not fulfilled: PayWay may push it again
			return
		}
		if resp.PaymentStatus != nil && resp.PaymentStatus.Status == "APPROVED" {
			fulfil(cb.TranID) // once per order: a pushback may come more than once
		}
	})
}
