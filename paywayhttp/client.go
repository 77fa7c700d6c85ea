// Package paywayhttp sends PayWay requests over HTTP and checks the
// pushbacks PayWay sends to a merchant's server.
//
// It is the Go host of paysign's sans-I/O send loop: package payway
// signs the request into its exact bytes (payway.Signed: URL, headers,
// body) and decides after each attempt what comes next
// (payway.Policy.Next); this package only opens or reuses a connection,
// writes those bytes, reads the answer within one deadline per attempt and
// reports what happened. Python, PHP, JavaScript and the command line run
// the same loop, so they agree on every outcome:
//
//   - done: PayWay's documented success, the decoded *payway.Response;
//   - *payway.RefusedError: PayWay refused the request (its code, meaning,
//     category and whether the same request may succeed later);
//   - *payway.SendError wrapping core.ErrNotSent (safe to send again),
//     core.ErrTimeout or core.ErrOutcomeUnknown (a request that moves money
//     may have been processed: confirm with check_transaction first), or
//     core.ErrTransportFailed (a query: safe to send again);
//   - a *core.FieldError: the request could not be signed.
//
// Purchases, refunds, payouts and every other operation that moves money
// or changes state are sent once; only queries are sent again. Only
// PayWay's documented success is success: an empty answer, an HTML page
// or a redirect the operation does not document is an unknown outcome.
//
// The package lives outside core/: core is what the WebAssembly module and
// the C library link, and it never imports net/http.
package paywayhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/paysign/paysign/core/payway"
)

// Client sends PayWay requests. Its zero value is not usable: set at
// least Credentials. A Client is safe for concurrent use once configured,
// and keeps its connections alive between sends.
//
// Printing a Client (fmt's verbs, encoding/json, log/slog) shows no secret.
type Client struct {
	Credentials payway.Credentials
	// Environment is "sandbox" (the default) or "production".
	Environment string
	// BaseURL, if set, replaces the environment's host (a test double such
	// as package paywaytest): https, or http for a loopback host.
	BaseURL string
	// HTTPClient sends the requests (default: http.DefaultTransport's
	// kept connections). Whatever its CheckRedirect, paysign's requests
	// never follow a redirect: link_card's 302 is the answer, and a signed
	// body is never posted again to another host.
	HTTPClient *http.Client
	// Timeout is one deadline per attempt: connecting, sending and
	// reading the whole answer (default payway.DefaultTimeout, 30 s;
	// negative: none beyond the context's).
	Timeout time.Duration
	// QueryRetries is how many times a query is sent again after a failed
	// attempt or a retryable answer, with a pause starting at RetryBackoff
	// and doubling (default 2 retries, 500 ms; negative: none). Operations
	// that are not queries are never sent again.
	QueryRetries int
	RetryBackoff time.Duration
	// Now is the clock for request_time (default time.Now).
	Now func() time.Time
}

// String, GoString and Format keep the API key out of every print.
func (c Client) String() string {
	return fmt.Sprintf("paywayhttp.Client{Credentials: %v, Environment: %q, BaseURL: %q}", c.Credentials, c.Environment, c.BaseURL)
}

// GoString is String: %#v shows no secret either.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Client) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue is what log/slog records: no secret.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("credentials", c.Credentials), slog.String("environment", c.Environment),
		slog.String("base_url", c.BaseURL))
}

// MarshalJSON writes the client without its secrets.
func (c Client) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Credentials payway.Credentials `json:"credentials"`
		Environment string             `json:"environment"`
		BaseURL     string             `json:"base_url"`
	}{c.Credentials, c.Environment, c.BaseURL})
}

// Policy is the send policy of operation with the client's settings.
func (c *Client) Policy(operation string) (payway.Policy, error) {
	p, err := payway.SendPolicy(operation)
	if err != nil {
		return p, err
	}
	switch {
	case c.Timeout < 0:
		p.Timeout = 0
	case c.Timeout > 0:
		p.Timeout = c.Timeout
	}
	switch {
	case c.QueryRetries < 0:
		p.QueryRetries = 0
	case c.QueryRetries > 0:
		p.QueryRetries = c.QueryRetries
	}
	if c.RetryBackoff > 0 {
		p.RetryBackoff = c.RetryBackoff
	}
	return p, nil
}

// Send signs params for operation, sends the request and returns PayWay's
// answer when PayWay accepted it. Params are the operation's struct, such
// as payway.Refund{TranID: "T1", RefundAmount: "1.50"}, in which a misspelt
// parameter does not compile, or a payway.Params map of PayWay's field
// names. A struct names its operation: Send refuses (before sending) an
// operation that is not the struct's, and operation may be left "". See
// the package documentation for the errors.
func (c *Client) Send(ctx context.Context, operation string, params payway.Input) (*payway.Response, error) {
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

// Do sends a request signed with payway.Sign, as Send does.
func (c *Client) Do(ctx context.Context, signed *payway.Signed) (*payway.Response, error) {
	policy, err := c.Policy(signed.Operation)
	if err != nil {
		return nil, err
	}
	hc := c.httpClient()
	fresh := false
	for attempt := 1; ; attempt++ {
		outcome := c.attempt(ctx, hc, signed, policy, fresh)
		outcome.Attempt = attempt
		step, err := policy.Next(outcome)
		if err != nil {
			return nil, err
		}
		if !step.Retry {
			return step.Response, step.Err
		}
		if ctx.Err() != nil { // the caller gave up: no more attempts
			last := policy
			last.QueryRetries = 0
			outcome.ConnectionReused = false
			step, _ = last.Next(outcome)
			return step.Response, step.Err
		}
		fresh = step.FreshConnection
		if step.RetryAfter > 0 {
			t := time.NewTimer(step.RetryAfter)
			select {
			case <-ctx.Done():
				t.Stop()
			case <-t.C:
			}
		}
	}
}

// httpClient is the client's HTTP client, never following redirects.
func (c *Client) httpClient() *http.Client {
	if c.HTTPClient == nil {
		return defaultClient
	}
	hc := *c.HTTPClient
	hc.CheckRedirect = noRedirects
	return &hc
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

var defaultClient = &http.Client{CheckRedirect: noRedirects}

// attempt writes signed once and reports what happened.
func (c *Client) attempt(ctx context.Context, hc *http.Client, signed *payway.Signed, policy payway.Policy, fresh bool) payway.Outcome {
	if policy.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, policy.Timeout)
		defer cancel()
	}
	// The trace runs on the transport's goroutines. WroteRequest fires
	// once the request is handed to the connection's buffer, before it is
	// flushed: a failure after it counts as sent, the safe side.
	var reused, wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn:      func(info httptrace.GotConnInfo) { reused.Store(info.Reused) },
		WroteRequest: func(info httptrace.WroteRequestInfo) { wrote.Store(info.Err == nil) },
	})
	req, err := NewRequest(ctx, signed)
	if err != nil {
		return payway.Outcome{Sent: payway.NotSent, Detail: "the request could not be built"}
	}
	if fresh {
		req.Close = true // a kept connection was found closed: this attempt opens its own
	}
	resp, err := hc.Do(req)
	if err != nil {
		return failed(ctx, wrote.Load(), reused.Load(), err)
	}
	defer resp.Body.Close()
	// The Location as it came: the core resolves it against the request's URL.
	o := payway.Outcome{Sent: payway.Answered, ConnectionReused: reused.Load(), Status: resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"), Location: resp.Header.Get("Location"), URL: req.URL.String()}
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(policy.MaxAnswer)+1))
	switch {
	case err != nil:
		return failed(ctx, true, false, err)
	case len(body) > policy.MaxAnswer:
		o.TooLarge = true
	default:
		o.Body = body
	}
	return o
}

// failed reports an attempt that ended without a complete answer.
func failed(ctx context.Context, wrote, reused bool, err error) payway.Outcome {
	detail := describe(err)
	switch {
	case !wrote:
		return payway.Outcome{Sent: payway.NotSent, ConnectionReused: reused, Detail: detail}
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return payway.Outcome{Sent: payway.TimedOut, Detail: "no complete answer before the deadline"}
	}
	return payway.Outcome{Sent: payway.Broken, Detail: detail}
}

// describe is a short description of a transport error, without the URL
// that net/http puts in its errors.
func describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	text := err.Error()
	if len(text) > 120 {
		text = text[:120] + "…"
	}
	return text
}

// NewRequest builds the HTTP request of a signed PayWay request: its
// method, URL, headers and exact body, as payway.Sign made them.
func NewRequest(ctx context.Context, signed *payway.Signed) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, signed.Method, signed.URL, bytes.NewReader([]byte(signed.Body)))
	if err != nil {
		return nil, err
	}
	for _, h := range signed.Header {
		req.Header.Set(h.Name, h.Value)
	}
	return req, nil
}
