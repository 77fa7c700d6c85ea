package paywayhttp

import (
	"bytes"
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
	// The hash input and the members PayWay's pushbacks carry.
	payway.Callback
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
	return &Callback{Body: body, Callback: *cb}, nil
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
