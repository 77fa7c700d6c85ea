package paywayhttp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

// maxCallback bounds a pushback body (PayWay's are a few hundred bytes).
const maxCallback = 1 << 20

// Callback is a pushback whose X-PayWay-HMAC-SHA512 header verified.
//
// A valid header is evidence, not proof of payment: PayWay documents no
// replay protection and does not guarantee callbacks. Confirm with
// check_transaction before fulfilling an order.
type Callback struct {
	// Body is the raw body as received.
	Body []byte
	// HashInput is the string the signature covers.
	HashInput string
	// The members PayWay's pushbacks carry, as text ("" when absent):
	// tran_id, apv, status, return_params, and merchant_ref (or the
	// payment link's merchant_ref_no).
	TranID, APV, Status, ReturnParams, MerchantRef string
}

// VerifyCallback reads r's body and checks its X-PayWay-HMAC-SHA512
// header with the client's API key (payway.VerifyCallback). r.Body is
// replaced by a reader of the same bytes, so a handler can read it again.
func (c *Client) VerifyCallback(r *http.Request) (*Callback, error) {
	return VerifyCallback(r, c.Credentials.APIKey)
}

// VerifyCallback reads r's body and checks its X-PayWay-HMAC-SHA512
// header with apiKey.
func VerifyCallback(r *http.Request, apiKey string) (*Callback, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCallback+1))
	if err != nil {
		return nil, fmt.Errorf("paywayhttp: reading the pushback: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) > maxCallback {
		return nil, core.Fieldf("body", core.ErrBodyMalformed, "the pushback is larger than 1 MiB")
	}
	cb, err := payway.VerifyCallback(body, r.Header.Get(payway.CallbackHeader), apiKey)
	if err != nil {
		return nil, err
	}
	out := &Callback{Body: body, HashInput: cb.HashInput}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var members map[string]any
	if dec.Decode(&members) == nil {
		text := func(names ...string) string {
			for _, n := range names {
				switch v := members[n].(type) {
				case string:
					return v
				case json.Number:
					return v.String()
				}
			}
			return ""
		}
		out.TranID, out.APV, out.Status = text("tran_id"), text("apv"), text("status")
		out.ReturnParams, out.MerchantRef = text("return_params"), text("merchant_ref", "merchant_ref_no")
	}
	return out, nil
}

// CallbackHandler returns a handler for PayWay's pushbacks: it answers
// 405 to anything but POST and 401 to a pushback whose header does not
// verify, and calls h with the verified callback otherwise. h should
// confirm the payment with check_transaction before fulfilling, and
// answer 2xx.
func (c *Client) CallbackHandler(h func(w http.ResponseWriter, r *http.Request, cb *Callback)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		cb, err := c.VerifyCallback(r)
		if err != nil {
			http.Error(w, "invalid pushback signature", http.StatusUnauthorized)
			return
		}
		h(w, r, cb)
	})
}
