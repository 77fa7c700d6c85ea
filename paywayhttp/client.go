// Package paywayhttp sends PayWay requests over HTTP: it signs them with
// package payway, posts them with the content type each endpoint wants
// (multipart/form-data built from the signed fields for purchase,
// subscription and payment-link creation, a form for link_card, JSON
// otherwise), and decodes the answer with payway.DecodeResponse. It also
// checks the pushbacks PayWay sends to a merchant's server.
//
// It is a package of its own because package payway is compiled into the
// WebAssembly module and stays free of net/http.
//
// A Client never repeats a request that moves money: purchases, refunds,
// payouts, pre-auth completions and the rest are sent once, and an
// answer that leaves their outcome unknown (a timeout, a 5xx) is returned
// as an error for the caller to resolve with check_transaction. Only
// queries (check_transaction, transaction_detail, ...) are retried, and
// only when PayWay's answer says a retry is safe.
package paywayhttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/paysign/paysign/core/payway"
)

// maxResponse bounds the answer a Client reads (the hosted checkout page
// is the largest PayWay sends).
const maxResponse = 8 << 20

// Client sends PayWay requests. Its zero value is not usable: set at
// least Credentials. A Client is safe for concurrent use once configured.
type Client struct {
	Credentials payway.Credentials
	// Environment is "sandbox" (the default) or "production".
	Environment string
	// BaseURL, if set, replaces the environment's host (a test double such
	// as package paywaytest): https, or http for a loopback host.
	BaseURL string
	// HTTPClient sends the requests (default: a client that does not
	// follow redirects, so link_card's 302 comes back as it is).
	HTTPClient *http.Client
	// Timeout bounds each attempt (default 30 seconds; negative: none
	// beyond the context's).
	Timeout time.Duration
	// QueryRetries is how many times a query is repeated after a
	// retryable answer (rate limit, 5xx), with a growing pause starting
	// at RetryBackoff (default 2 retries, 500 ms). Operations that are
	// not queries are never repeated. Negative: no retries.
	QueryRetries int
	RetryBackoff time.Duration
	// Now is the clock for request_time (default time.Now).
	Now func() time.Time
}

// PayWayError is PayWay's refusal of a request: a code other than
// success, or an error HTTP status. Its fields are those of the decoded
// answer: Code is PayWay's code as sent ("PTL37", "4", "429", "" for
// none), Meaning and Category come from payway's response code table,
// Retryable reports that sending the same request again is safe.
type PayWayError struct {
	*payway.Response
}

func (e *PayWayError) Error() string {
	code := e.Code
	if code == "" {
		code = "HTTP " + strconv.Itoa(e.HTTPStatus)
	}
	text := e.Meaning
	if text == "" {
		text = e.Message
	}
	return fmt.Sprintf("payway %s: %s: %s (%s)", e.Operation, code, text, e.Category)
}

// Send signs params for operation, posts the request and decodes the
// answer. It returns the answer when PayWay accepted the request, else a
// *PayWayError (errors.As) carrying PayWay's code, or an error of the
// signing (wrapping core's sentinels), of the transport, or of decoding.
func (c *Client) Send(ctx context.Context, operation string, params payway.Params) (*payway.Response, error) {
	var resp *payway.Response
	var err error
	for attempt := 0; ; attempt++ {
		resp, err = c.sendOnce(ctx, operation, params)
		var pe *PayWayError
		retry := errors.As(err, &pe) && pe.Retryable && payway.IsQuery(operation) && attempt < c.retries()
		if !retry {
			return resp, err
		}
		pause := c.backoff() << attempt
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
	}
}

func (c *Client) retries() int {
	switch {
	case c.QueryRetries < 0:
		return 0
	case c.QueryRetries == 0:
		return 2
	}
	return c.QueryRetries
}

func (c *Client) backoff() time.Duration {
	if c.RetryBackoff > 0 {
		return c.RetryBackoff
	}
	return 500 * time.Millisecond
}

func (c *Client) sendOnce(ctx context.Context, operation string, params payway.Params) (*payway.Response, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	signed, err := payway.Sign(&payway.Request{Operation: operation, Credentials: c.Credentials, Params: params,
		Environment: c.Environment, BaseURL: c.BaseURL, RequestTime: now()})
	if err != nil {
		return nil, err
	}
	return c.Do(ctx, signed)
}

// Do posts a request signed with payway.Sign and decodes the answer, as
// Send does, without retrying.
func (c *Client) Do(ctx context.Context, signed *payway.Signed) (*payway.Response, error) {
	req, err := NewRequest(ctx, signed)
	if err != nil {
		return nil, err
	}
	if c.Timeout >= 0 {
		timeout := c.Timeout
		if timeout == 0 {
			timeout = 30 * time.Second
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
		req = req.WithContext(ctx)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = defaultClient
	}
	httpResp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("paywayhttp: %s: %w", signed.Operation, err)
	}
	defer httpResp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(httpResp.Body, maxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("paywayhttp: %s: reading the answer: %w", signed.Operation, err)
	}
	if len(body) > maxResponse {
		// Not cut short and decoded: a truncated page would pass for an answer.
		return nil, fmt.Errorf("paywayhttp: %s: HTTP %d: the answer is larger than %d MiB and was not read; whether PayWay processed the request is unknown",
			signed.Operation, httpResp.StatusCode, maxResponse>>20)
	}
	resp, err := payway.DecodeResponse(signed.Operation, httpResp.StatusCode, body)
	if err != nil {
		return nil, fmt.Errorf("paywayhttp: %s: HTTP %d: %w", signed.Operation, httpResp.StatusCode, err)
	}
	if !resp.OK {
		return nil, &PayWayError{Response: resp}
	}
	return resp, nil
}

var defaultClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// NewRequest builds the HTTP request for a signed PayWay request: the
// JSON or form body it carries, or a multipart/form-data body built from
// its fields in order.
func NewRequest(ctx context.Context, signed *payway.Signed) (*http.Request, error) {
	var body io.Reader
	contentType := signed.ContentType
	if signed.ContentType == payway.ContentMultipart {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		for _, f := range signed.Fields {
			if err := w.WriteField(f.Name, f.Value); err != nil {
				return nil, err
			}
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		body, contentType = &b, w.FormDataContentType()
	} else {
		body = bytes.NewReader([]byte(signed.Body))
	}
	req, err := http.NewRequestWithContext(ctx, signed.Method, signed.URL, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	return req, nil
}
