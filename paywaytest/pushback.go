package paywaytest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paysign/paysign/core/payway"
)

// Delivery is the outcome of one pushback.
type Delivery struct {
	URL string `json:"url"`
	// Body is the JSON that was POSTed (pwt masked).
	Body string `json:"body"`
	// Signed reports whether the X-PayWay-HMAC-SHA512 header was sent;
	// Signature is its prefix.
	Signed    bool   `json:"signed"`
	Signature string `json:"signature,omitempty"`
	// Delivered is true when the receiver answered 2xx.
	Delivered  bool          `json:"delivered"`
	HTTPStatus int           `json:"http_status,omitempty"`
	Error      string        `json:"error,omitempty"`
	Duration   time.Duration `json:"duration_ns"`
}

// pushback is a delivery to make once the state lock is released.
type pushback struct {
	url, tranID string
	body        obj
	merchant    Merchant
	sign        bool
	secret      string // a value to mask in the record (pwt)
}

// checkoutPushback is PayWay's documented checkout (and token purchase)
// pushback: {"tran_id","apv","status","return_params","merchant_ref"}.
func checkoutPushback(t *Transaction) obj {
	return obj{{"tran_id", t.TranID}, {"apv", t.APV}, {"status", "0"}, {"return_params", t.ReturnParams}, {"merchant_ref", t.MerchantRef}}
}

// qrPushback is the QR API page's example: apv as a number, status "00".
func qrPushback(t *Transaction) obj {
	apv, _ := strconv.Atoi(t.APV)
	return obj{{"tran_id", t.TranID}, {"apv", apv}, {"status", "00"}, {"merchant_ref_no", t.MerchantRef}}
}

// deliver POSTs a pushback, signed as PayWay's documented PHP snippet
// verifies it (payway.SignCallback), and records the outcome.
func (m *Mock) deliver(ctx context.Context, p *pushback) *Delivery {
	body := p.body.encode()
	d := &Delivery{URL: p.url, Body: string(body)}
	if p.secret != "" {
		d.Body = strings.ReplaceAll(d.Body, p.secret, mask(p.secret))
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, m.cfg.PushbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("User-Agent", "PayWayApp/3.0 (paysign mock)")
		if p.sign {
			signature, signErr := payway.SignCallback(body, p.merchant.APIKey)
			if signErr != nil {
				err = signErr
			} else {
				req.Header.Set(payway.CallbackHeader, signature)
				d.Signed, d.Signature = true, mask(signature)
			}
		}
	}
	if err == nil {
		var resp *http.Response
		if resp, err = m.client.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			d.HTTPStatus = resp.StatusCode
			d.Delivered = resp.StatusCode >= 200 && resp.StatusCode < 300
		}
	}
	if err != nil {
		d.Error = err.Error()
	}
	d.Duration = time.Since(start)
	outcome := "delivered"
	if !d.Delivered {
		outcome = "failed"
	}
	m.record(&Record{Kind: KindPushback, Method: http.MethodPost, MerchantID: p.merchant.ID, TranID: p.tranID,
		Outcome: outcome, Error: d.Error, Pushback: d}, nil)
	return d
}
